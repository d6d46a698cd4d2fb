// Store settings and tax rates for staff (`settings:*`).
import { storeSettingsInput, taxRateInput } from '@crossdock/domain/settings';
import { z } from 'zod';
import { router, staffProcedure } from '../../trpc';
import { auditActor } from '../identity/audit';
import * as settings from './settings.service';

export const settingsRouter = router({
  get: staffProcedure('settings:read').query(({ ctx }) => settings.getStoreSettings(ctx.deps.db)),
  update: staffProcedure('settings:write')
    .input(storeSettingsInput)
    .mutation(({ ctx, input }) => settings.updateStoreSettings(ctx.deps, auditActor(ctx), input)),
  taxRates: staffProcedure('settings:read').query(({ ctx }) => settings.listTaxRates(ctx.deps.db)),
  setTaxRate: staffProcedure('settings:write')
    .input(taxRateInput)
    .mutation(({ ctx, input }) => settings.setTaxRate(ctx.deps, auditActor(ctx), input)),
  removeTaxRate: staffProcedure('settings:write')
    .input(z.strictObject({ id: z.uuid() }))
    .mutation(({ ctx, input }) => settings.removeTaxRate(ctx.deps, auditActor(ctx), input.id)),
});
