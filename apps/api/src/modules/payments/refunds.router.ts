// Refunds for staff (`orders:refund`): refunding an order and deciding customers' requests, in
// the `orders` namespace of the API (merged in router.ts), answering with the order.

import { decideRefundInput, staffRefundInput } from '@crossdock/domain/payments';
import { router, staffProcedure } from '../../trpc';
import { staffOrderActor } from '../orders/orders.router';
import { orderDetail } from '../orders/orders.service';
import * as refunds from './refunds.service';

export const orderRefundsRouter = router({
  refund: staffProcedure('orders:refund')
    .input(staffRefundInput)
    .mutation(async ({ ctx, input }) => {
      await refunds.staffRefund(ctx.deps, staffOrderActor(ctx), input);
      return orderDetail(ctx.deps.db, input.orderId, staffOrderActor(ctx), { locale: ctx.req.locale });
    }),
  approveRefund: staffProcedure('orders:refund')
    .input(decideRefundInput)
    .mutation(async ({ ctx, input }) => {
      const refund = await refunds.approveRefund(ctx.deps, staffOrderActor(ctx), input);
      return orderDetail(ctx.deps.db, refund.orderId, staffOrderActor(ctx), { locale: ctx.req.locale });
    }),
  rejectRefund: staffProcedure('orders:refund')
    .input(decideRefundInput)
    .mutation(async ({ ctx, input }) => {
      const refund = await refunds.rejectRefund(ctx.deps, staffOrderActor(ctx), input);
      return orderDetail(ctx.deps.db, refund.orderId, staffOrderActor(ctx), { locale: ctx.req.locale });
    }),
});
