// Orders for staff (`orders:*`): the list with filters and server-side sort, the detail with its
// timeline and the actions the state machine allows them, notes, and cancelling unpaid orders.

import { createShipmentInput, shipmentRefInput } from '@crossdock/domain/fulfilment';
import {
  cancelOrderInput,
  orderNoteInput,
  orderRefInput,
  staffOrderListInput,
} from '@crossdock/domain/orders';
import { decideRefundInput, staffRefundInput } from '@crossdock/domain/payments';
import type { Context } from '../../context';
import { router, staffProcedure } from '../../trpc';
import * as fulfilment from '../fulfilment/fulfilment.service';
import type { Principal } from '../identity/principal';
import * as refunds from '../payments/refunds.service';
import * as orders from './orders.service';

const actor = (ctx: Context & { user: Principal; audit: { unchanged: boolean } }): orders.OrderActor => ({
  kind: 'staff',
  id: ctx.user.id,
  permissions: ctx.user.permissions,
  ip: ctx.req.ip,
  requestId: ctx.req.requestId,
  audit: ctx.audit,
});

export const ordersRouter = router({
  list: staffProcedure('orders:read')
    .input(staffOrderListInput)
    .query(({ ctx, input }) => orders.listOrders(ctx.deps.db, input)),
  get: staffProcedure('orders:read')
    .input(orderRefInput)
    .query(({ ctx, input }) => orders.orderDetail(ctx.deps.db, input.id, actor(ctx))),
  addNote: staffProcedure('orders:write')
    .input(orderNoteInput)
    .mutation(async ({ ctx, input }) => {
      await orders.addNote(ctx.deps, input.id, actor(ctx), input);
      return orders.orderDetail(ctx.deps.db, input.id, actor(ctx));
    }),
  cancel: staffProcedure('orders:write')
    .input(cancelOrderInput)
    .mutation(async ({ ctx, input }) => {
      await orders.transition(ctx.deps, input.id, 'cancel', actor(ctx), { reason: input.reason });
      return orders.orderDetail(ctx.deps.db, input.id, actor(ctx));
    }),
  startProcessing: staffProcedure('orders:fulfil')
    .input(orderRefInput)
    .mutation(async ({ ctx, input }) => {
      await orders.transition(ctx.deps, input.id, 'start_processing', actor(ctx));
      return orders.orderDetail(ctx.deps.db, input.id, actor(ctx));
    }),
  createShipment: staffProcedure('orders:fulfil')
    .input(createShipmentInput)
    .mutation(async ({ ctx, input }) => {
      await fulfilment.createShipment(ctx.deps, actor(ctx), input);
      return orders.orderDetail(ctx.deps.db, input.orderId, actor(ctx));
    }),
  refreshTracking: staffProcedure('orders:fulfil', {
    auditExempt: 'asks the carrier for news; the tracking events are the carrier’s data',
  })
    .input(shipmentRefInput)
    .mutation(({ ctx, input }) => fulfilment.refreshTracking(ctx.deps, input.shipmentId)),
  refund: staffProcedure('orders:refund')
    .input(staffRefundInput)
    .mutation(async ({ ctx, input }) => {
      await refunds.staffRefund(ctx.deps, actor(ctx), input);
      return orders.orderDetail(ctx.deps.db, input.orderId, actor(ctx));
    }),
  approveRefund: staffProcedure('orders:refund')
    .input(decideRefundInput)
    .mutation(async ({ ctx, input }) => {
      const refund = await refunds.approveRefund(ctx.deps, actor(ctx), input);
      return orders.orderDetail(ctx.deps.db, refund.orderId, actor(ctx));
    }),
  rejectRefund: staffProcedure('orders:refund')
    .input(decideRefundInput)
    .mutation(async ({ ctx, input }) => {
      const refund = await refunds.rejectRefund(ctx.deps, actor(ctx), input);
      return orders.orderDetail(ctx.deps.db, refund.orderId, actor(ctx));
    }),
});
