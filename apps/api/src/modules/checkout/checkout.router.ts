// Checkout for signed-in customers: a quote for an address (and shipping method), then placing
// the order with an idempotency key. Prices always come from the server. Anyone may ask which
// countries the shop ships to (the address form offers those).
import { checkoutInput, placeOrderInput } from '@crossdock/domain/orders';
import { shippingCountries } from '@crossdock/domain/shipping';
import { customerProcedure, publicProcedure, router } from '../../trpc';
import { pricingReference } from '../pricing/reference';
import * as checkout from './checkout.service';

export const checkoutRouter = router({
  countries: publicProcedure.query(async ({ ctx }) =>
    shippingCountries((await pricingReference(ctx.deps)).shippingMethods),
  ),
  quote: customerProcedure
    .input(checkoutInput)
    .query(({ ctx, input }) => checkout.quote(ctx.deps, ctx.user.id, input)),
  /** Answers with what the confirmation page needs to find the order; it reads the rest. */
  placeOrder: customerProcedure
    .input(placeOrderInput)
    .mutation(({ ctx, input }) => checkout.placeOrder(ctx.deps, ctx.user.id, input)),
});
