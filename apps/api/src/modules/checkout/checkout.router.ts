// Checkout for signed-in customers: a quote for an address (and shipping method), then placing
// the order with an idempotency key. Prices always come from the server.
import { checkoutInput, placeOrderInput } from '@crossdock/domain/orders';
import { customerProcedure, router } from '../../trpc';
import * as checkout from './checkout.service';

export const checkoutRouter = router({
  quote: customerProcedure
    .input(checkoutInput)
    .query(({ ctx, input }) => checkout.quote(ctx.deps, ctx.user.id, input)),
  /** Answers with what the confirmation page needs to find the order; it reads the rest. */
  placeOrder: customerProcedure
    .input(placeOrderInput)
    .mutation(({ ctx, input }) => checkout.placeOrder(ctx.deps, ctx.user.id, input)),
});
