// Checkout for signed-in customers: a quote for an address (and shipping method), then placing
// the order with an idempotency key. Prices always come from the server.
import { checkoutInput, placeOrderInput } from '@crossdock/domain/orders';
import { customerProcedure, router } from '../../trpc';
import { orderDetail } from '../orders/orders.service';
import * as checkout from './checkout.service';

export const checkoutRouter = router({
  quote: customerProcedure
    .input(checkoutInput)
    .query(({ ctx, input }) => checkout.quote(ctx.deps, ctx.user.id, input)),
  placeOrder: customerProcedure.input(placeOrderInput).mutation(async ({ ctx, input }) => {
    const id = await checkout.placeOrder(ctx.deps, ctx.user.id, input);
    return orderDetail(ctx.deps.db, id, { kind: 'customer', id: ctx.user.id }, { customerId: ctx.user.id });
  }),
});
