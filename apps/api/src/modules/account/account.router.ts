// A customer's own things: the address book and their orders (list, detail, cancel while unpaid,
// ask for a refund).
import {
  cancelOrderInput,
  orderListInput,
  orderRefInput,
  saveAddressInput,
  updateAddressInput,
} from '@crossdock/domain/orders';
import { pageInput } from '@crossdock/domain/pagination';
import { requestRefundInput } from '@crossdock/domain/payments';
import { z } from 'zod';
import { customerProcedure, router } from '../../trpc';
import * as fulfilment from '../fulfilment/fulfilment.service';
import * as orders from '../orders/orders.service';
import * as refunds from '../payments/refunds.service';
import * as points from '../points/points.service';
import * as addresses from './addresses.service';

export const accountRouter = router({
  addresses: router({
    list: customerProcedure.query(({ ctx }) => addresses.listAddresses(ctx.deps, ctx.user.id)),
    add: customerProcedure
      .input(saveAddressInput)
      .mutation(({ ctx, input }) => addresses.addAddress(ctx.deps, ctx.user.id, input)),
    update: customerProcedure
      .input(updateAddressInput)
      .mutation(({ ctx, input }) => addresses.updateAddress(ctx.deps, ctx.user.id, input)),
    remove: customerProcedure
      .input(z.strictObject({ id: z.uuid() }))
      .mutation(({ ctx, input }) => addresses.removeAddress(ctx.deps, ctx.user.id, input.id)),
  }),
  points: customerProcedure
    .input(z.strictObject(pageInput))
    .query(({ ctx, input }) => points.pointsOf(ctx.deps.db, ctx.user.id, input)),
  orders: router({
    list: customerProcedure.input(orderListInput).query(({ ctx, input }) =>
      orders.listOrders(ctx.deps.db, {
        limit: input.limit,
        cursor: input.cursor,
        status: input.status ? [input.status] : undefined,
        customerId: ctx.user.id,
      }),
    ),
    get: customerProcedure
      .input(orderRefInput)
      .query(({ ctx, input }) =>
        orders.orderDetail(
          ctx.deps.db,
          input.id,
          { kind: 'customer', id: ctx.user.id },
          { customerId: ctx.user.id, locale: ctx.req.locale },
        ),
      ),
    cancel: customerProcedure
      .input(cancelOrderInput.partial({ reason: true }))
      .mutation(async ({ ctx, input }) => {
        const actor = { kind: 'customer' as const, id: ctx.user.id };
        await orders.transition(ctx.deps, input.id, 'cancel', actor, {
          reason: input.reason ?? 'Cancelled by the customer',
          customerId: ctx.user.id,
        });
        return orders.orderDetail(ctx.deps.db, input.id, actor, {
          customerId: ctx.user.id,
          locale: ctx.req.locale,
        });
      }),
    confirmReceipt: customerProcedure.input(orderRefInput).mutation(async ({ ctx, input }) => {
      await fulfilment.confirmReceipt(ctx.deps, ctx.user.id, input.id);
      return orders.orderDetail(
        ctx.deps.db,
        input.id,
        { kind: 'customer', id: ctx.user.id },
        { customerId: ctx.user.id, locale: ctx.req.locale },
      );
    }),
    requestRefund: customerProcedure.input(requestRefundInput).mutation(async ({ ctx, input }) => {
      await refunds.requestRefund(ctx.deps, ctx.user.id, input);
      return orders.orderDetail(
        ctx.deps.db,
        input.orderId,
        { kind: 'customer', id: ctx.user.id },
        { customerId: ctx.user.id, locale: ctx.req.locale },
      );
    }),
  }),
});
