// The dashboard's figures for staff with analytics:read.
import { router, staffProcedure } from '../../trpc';
import { dashboard } from './dashboard.service';

export const analyticsRouter = router({
  dashboard: staffProcedure('analytics:read').query(({ ctx }) => dashboard(ctx.deps)),
});
