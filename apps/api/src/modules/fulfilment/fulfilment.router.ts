// Shipping an order, for staff (`orders:fulfil`): in the `orders` namespace of the API (merged
// in router.ts), answering with the order as the order desk shows it.

import { createShipmentInput, shipmentRefInput } from '@crossdock/domain/fulfilment';
import { router, staffProcedure } from '../../trpc';
import { staffOrderActor } from '../orders/orders.router';
import { orderDetail } from '../orders/orders.service';
import * as fulfilment from './fulfilment.service';

export const orderShippingRouter = router({
  createShipment: staffProcedure('orders:fulfil')
    .input(createShipmentInput)
    .mutation(async ({ ctx, input }) => {
      await fulfilment.createShipment(ctx.deps, staffOrderActor(ctx), input);
      return orderDetail(ctx.deps.db, input.orderId, staffOrderActor(ctx), { locale: ctx.req.locale });
    }),
  refreshTracking: staffProcedure('orders:fulfil', {
    auditExempt: 'asks the carrier for news; the tracking events are the carrier’s data',
  })
    .input(shipmentRefInput)
    .mutation(({ ctx, input }) => fulfilment.refreshTracking(ctx.deps, input.shipmentId)),
});
