// Shipping methods (`logistics:*`), tax rates and store settings (`settings:*`) for staff.
import { shippingMethodInput, storeSettingsInput, taxRateInput } from '@crossdock/domain/logistics';
import { z } from 'zod';
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

export const settingsRouter = router({
  get: staffProcedure('settings:read').query(({ ctx }) => logistics.getStoreSettings(ctx.deps.db)),
  update: staffProcedure('settings:write')
    .input(storeSettingsInput)
    .mutation(({ ctx, input }) => logistics.updateStoreSettings(ctx.deps, auditActor(ctx), input)),
  taxRates: staffProcedure('settings:read').query(({ ctx }) => logistics.listTaxRates(ctx.deps.db)),
  setTaxRate: staffProcedure('settings:write')
    .input(taxRateInput)
    .mutation(({ ctx, input }) => logistics.setTaxRate(ctx.deps, auditActor(ctx), input)),
  removeTaxRate: staffProcedure('settings:write')
    .input(z.strictObject({ id: z.uuid() }))
    .mutation(({ ctx, input }) => logistics.removeTaxRate(ctx.deps, auditActor(ctx), input.id)),
});
