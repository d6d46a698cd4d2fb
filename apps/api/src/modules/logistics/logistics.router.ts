// Shipping methods (`logistics:*`), tax rates and store settings (`settings:*`) for staff.
import { shippingMethodInput, storeSettingsInput, taxRateInput } from '@crossdock/domain/logistics';
import { z } from 'zod';
import type { Context } from '../../context';
import { router, staffProcedure } from '../../trpc';
import type { Actor } from '../identity/audit';
import type { Principal } from '../identity/principal';
import * as logistics from './logistics.service';

const actor = (ctx: Context & { user: Principal }): Actor => ({
  id: ctx.user.id,
  ip: ctx.req.ip,
  requestId: ctx.req.requestId,
});

export const logisticsRouter = router({
  shippingMethods: staffProcedure('logistics:read').query(({ ctx }) =>
    logistics.listShippingMethods(ctx.deps.db),
  ),
  saveShippingMethod: staffProcedure('logistics:write')
    .input(shippingMethodInput)
    .mutation(({ ctx, input }) => logistics.saveShippingMethod(ctx.deps, actor(ctx), input)),
});

export const settingsRouter = router({
  get: staffProcedure('settings:read').query(({ ctx }) => logistics.getStoreSettings(ctx.deps.db)),
  update: staffProcedure('settings:write')
    .input(storeSettingsInput)
    .mutation(({ ctx, input }) => logistics.updateStoreSettings(ctx.deps, actor(ctx), input)),
  taxRates: staffProcedure('settings:read').query(({ ctx }) => logistics.listTaxRates(ctx.deps.db)),
  setTaxRate: staffProcedure('settings:write')
    .input(taxRateInput)
    .mutation(({ ctx, input }) => logistics.setTaxRate(ctx.deps, actor(ctx), input)),
  removeTaxRate: staffProcedure('settings:write')
    .input(z.strictObject({ id: z.uuid() }))
    .mutation(({ ctx, input }) => logistics.removeTaxRate(ctx.deps, actor(ctx), input.id)),
});
