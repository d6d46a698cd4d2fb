// Live order events for staff (the dashboard and the orders list refresh themselves), as a tRPC
// subscription over SSE.
import { router, staffProcedure } from '../../trpc';

export const liveRouter = router({
  orders: staffProcedure('orders:read').subscription(async function* ({ ctx, signal }) {
    yield* ctx.deps.live.subscribe(signal);
  }),
});
