// Marketplace shops for staff (`channels:*`). Credentials go in; they never come out.
import { createShopInput, shopListInput, updateShopInput } from '@crossdock/domain/channels';
import { z } from 'zod';
import { router, staffProcedure } from '../../trpc';
import { auditActor } from '../identity/audit';
import * as connections from './connections.service';
import * as shops from './shops.service';

export const channelsRouter = router({
  shops: router({
    list: staffProcedure('channels:read')
      .input(shopListInput)
      .query(({ ctx, input }) => shops.listShops(ctx.deps.db, input)),
    get: staffProcedure('channels:read')
      .input(z.strictObject({ id: z.uuid() }))
      .query(({ ctx, input }) => shops.getShop(ctx.deps.db, input.id)),
    create: staffProcedure('channels:write')
      .input(createShopInput)
      .mutation(({ ctx, input }) => shops.createShop(ctx.deps, auditActor(ctx), input)),
    update: staffProcedure('channels:write')
      .input(updateShopInput)
      .mutation(({ ctx, input }) => shops.updateShop(ctx.deps, auditActor(ctx), input)),
    /** Signs in to the platform with the shop's credentials and reads the account. */
    testConnection: staffProcedure('channels:write')
      .input(z.strictObject({ id: z.uuid() }))
      .mutation(({ ctx, input }) => connections.testConnection(ctx.deps, auditActor(ctx), input.id)),
  }),
});
