// System procedures for staff: the event relay's deliveries and retrying the failed ones.
import { deliveryListInput, retryDeliveryInput } from '@crossdock/domain/system';
import { router, staffProcedure } from '../../trpc';
import { auditActor } from '../identity/audit';
import * as events from './events.service';

export const systemRouter = router({
  events: router({
    summary: staffProcedure('system:read').query(({ ctx }) => events.deliverySummary(ctx.deps)),
    deliveries: staffProcedure('system:read')
      .input(deliveryListInput)
      .query(({ ctx, input }) => events.listDeliveries(ctx.deps, input)),
    retry: staffProcedure('system:write')
      .input(retryDeliveryInput)
      .mutation(({ ctx, input }) => events.retryDelivery(ctx.deps, auditActor(ctx), input)),
  }),
});
