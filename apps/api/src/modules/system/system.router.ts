// System procedures for staff: the event relay's deliveries and retrying the failed ones.
import { deliveryListInput, retryDeliveryInput } from '@crossdock/domain/system';
import type { Context } from '../../context';
import { router, staffProcedure } from '../../trpc';
import type { Actor } from '../identity/audit';
import type { Principal } from '../identity/principal';
import * as events from './events.service';

const actor = (ctx: Context & { user: Principal }): Actor => ({
  id: ctx.user.id,
  ip: ctx.req.ip,
  requestId: ctx.req.requestId,
});

export const systemRouter = router({
  events: router({
    summary: staffProcedure('system:read').query(({ ctx }) => events.deliverySummary(ctx.deps)),
    deliveries: staffProcedure('system:read')
      .input(deliveryListInput)
      .query(({ ctx, input }) => events.listDeliveries(ctx.deps, input)),
    retry: staffProcedure('system:write')
      .input(retryDeliveryInput)
      .mutation(({ ctx, input }) => events.retryDelivery(ctx.deps, actor(ctx), input)),
  }),
});
