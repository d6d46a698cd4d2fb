// Finance procedures. So far: provider settlement files (download, import, the mismatches,
// resolving them).
import { paymentProviders } from '@crossdock/domain/payments';
import {
  importSettlementInput,
  resolveSettlementLineInput,
  settlementRefInput,
} from '@crossdock/domain/settlements';
import { z } from 'zod';
import { router, staffProcedure } from '../../trpc';
import { auditActor } from '../identity/audit';
import * as settlements from './settlements.service';

export const financeRouter = router({
  settlements: router({
    download: staffProcedure('finance:read')
      .input(z.strictObject({ provider: z.enum(paymentProviders), date: z.iso.date() }))
      .query(({ ctx, input }) => settlements.downloadSettlement(ctx.deps, input)),
    import: staffProcedure('finance:write')
      .input(importSettlementInput)
      .mutation(({ ctx, input }) => settlements.importSettlement(ctx.deps, auditActor(ctx), input)),
    list: staffProcedure('finance:read').query(({ ctx }) => settlements.listSettlements(ctx.deps)),
    get: staffProcedure('finance:read')
      .input(settlementRefInput)
      .query(({ ctx, input }) => settlements.settlementDetail(ctx.deps, input.id)),
    resolve: staffProcedure('finance:write')
      .input(resolveSettlementLineInput)
      .mutation(async ({ ctx, input }) => {
        await settlements.resolveSettlementLine(ctx.deps, auditActor(ctx), input);
      }),
  }),
});
