// Shipping methods for staff (`logistics:*`).
import { shippingMethodInput } from '@crossdock/domain/logistics';
import { router, staffProcedure } from '../../trpc';
import { auditActor } from '../identity/audit';
import * as logistics from './logistics.service';

export const logisticsRouter = router({
  shippingMethods: staffProcedure('logistics:read').query(({ ctx }) =>
    logistics.listShippingMethods(ctx.deps.db),
  ),
  saveShippingMethod: staffProcedure('logistics:write')
    .input(shippingMethodInput)
    .mutation(({ ctx, input }) => logistics.saveShippingMethod(ctx.deps, auditActor(ctx), input)),
});
