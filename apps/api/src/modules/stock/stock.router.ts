// The stock overview for staff (`inventory:read`): every SKU in every warehouse, with what is
// coming and what is on its way.
import { stockOverviewInput } from '@crossdock/domain/inventory';
import { router, staffProcedure } from '../../trpc';
import { stockOverview } from './stock-overview.service';

export const stockRouter = router({
  overview: staffProcedure('inventory:read')
    .input(stockOverviewInput)
    .query(({ ctx, input }) => stockOverview(ctx.deps.db, input)),
});
