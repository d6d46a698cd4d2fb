// Orders for staff (`orders:*`): the list with filters and server-side sort, the detail with its
// timeline and the actions the state machine allows them, notes, and cancelling unpaid orders.
// Shipping and refunds are in the `orders` namespace too, from their own modules (fulfilment,
// payments), merged in router.ts: they depend on orders, not the other way round.

import {
  cancelOrderInput,
  orderNoteInput,
  orderRefInput,
  staffOrderListInput,
} from '@crossdock/domain/orders';
import type { Context } from '../../context';
import { router, staffProcedure } from '../../trpc';
import type { Principal } from '../identity/principal';
import * as orders from './orders.service';

/** The staff member acting on an order, as the order modules record them. */
export const staffOrderActor = (
  ctx: Context & { user: Principal; audit: { unchanged: boolean } },
): orders.OrderActor => ({
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
  /** What the orders export writes: a line per row, for the list's filters, page by page. */
  exportLines: staffProcedure('orders:read')
    .input(staffOrderListInput)
    .query(({ ctx, input }) => orders.exportOrderLines(ctx.deps.db, input)),
  get: staffProcedure('orders:read')
    .input(orderRefInput)
    .query(({ ctx, input }) =>
      orders.orderDetail(ctx.deps.db, input.id, staffOrderActor(ctx), { locale: ctx.req.locale }),
    ),
  addNote: staffProcedure('orders:write')
    .input(orderNoteInput)
    .mutation(async ({ ctx, input }) => {
      await orders.addNote(ctx.deps, input.id, staffOrderActor(ctx), input);
      return orders.orderDetail(ctx.deps.db, input.id, staffOrderActor(ctx), { locale: ctx.req.locale });
    }),
  cancel: staffProcedure('orders:write')
    .input(cancelOrderInput)
    .mutation(async ({ ctx, input }) => {
      await orders.transition(ctx.deps, input.id, 'cancel', staffOrderActor(ctx), { reason: input.reason });
      return orders.orderDetail(ctx.deps.db, input.id, staffOrderActor(ctx), { locale: ctx.req.locale });
    }),
  startProcessing: staffProcedure('orders:fulfil')
    .input(orderRefInput)
    .mutation(async ({ ctx, input }) => {
      await orders.transition(ctx.deps, input.id, 'start_processing', staffOrderActor(ctx));
      return orders.orderDetail(ctx.deps.db, input.id, staffOrderActor(ctx), { locale: ctx.req.locale });
    }),
});
