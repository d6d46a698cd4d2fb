// Marketplace shops for staff (`channels:*`): shops (credentials go in; they never come out),
// their orders syncs, and their listings' links to our SKUs.

import {
  importErrorsInput,
  importIdInput,
  importListInput,
  platformImportInput,
} from '@crossdock/domain/channel-imports';
import {
  cancelOnPlatformInput,
  createShopInput,
  linkListingInput,
  listingListInput,
  pushListInput,
  shopListInput,
  syncRunListInput,
  updateShopInput,
} from '@crossdock/domain/channels';
import { safeString } from '@crossdock/domain/text';
import { z } from 'zod';
import { router, staffProcedure } from '../../trpc';
import { findSkus } from '../catalog/sku-search';
import { auditActor } from '../identity/audit';
import * as acknowledgements from './acknowledgements.service';
import * as connections from './connections.service';
import * as imports from './imports.service';
import { admitWaiting } from './ingest.service';
import * as listings from './listings.service';
import * as listingsPull from './listings-pull.service';
import * as pushes from './pushes.service';
import * as shops from './shops.service';
import * as sync from './sync.service';

export const channelsRouter = router({
  /** Files of a shop's orders: uploaded over HTTP (POST /uploads/channel-imports), then worked here. */
  /** What was sent to the platforms (shipment confirmations), and what they refused. */
  pushes: router({
    list: staffProcedure('channels:read')
      .input(pushListInput)
      .query(({ ctx, input }) => pushes.listPushes(ctx.deps, input)),
  }),
  /** A marketplace order in the book, as its platform is told of it. */
  orders: router({
    /** The cancellation asked of the order's platform and where it stands; null if none was. */
    cancellation: staffProcedure('orders:read')
      .input(z.strictObject({ orderId: z.uuid() }))
      .query(({ ctx, input }) => acknowledgements.cancellationOf(ctx.deps.db, input.orderId)),
    /** Asks the platform to cancel an order the seller will not ship; ours follows when it does. */
    cancel: staffProcedure('orders:write')
      .input(cancelOnPlatformInput)
      .mutation(({ ctx, input }) =>
        acknowledgements.requestPlatformCancellation(ctx.deps, auditActor(ctx), input),
      ),
  }),
  imports: router({
    list: staffProcedure('channels:read')
      .input(importListInput)
      .query(({ ctx, input }) => imports.listImports(ctx.deps.db, input)),
    get: staffProcedure('channels:read')
      .input(importIdInput)
      .query(({ ctx, input }) => imports.getImport(ctx.deps.db, input.id)),
    errors: staffProcedure('channels:read')
      .input(importErrorsInput)
      .query(({ ctx, input }) =>
        imports.listImportErrors(
          ctx.deps.db,
          { importId: input.id, limit: input.limit, afterRow: input.afterRow },
          ctx.req.locale,
        ),
      ),
    /** Asks the shop's platform for its orders report of a window, and imports it when it comes. */
    fromPlatform: staffProcedure('channels:write')
      .input(platformImportInput)
      .mutation(({ ctx, input }) => imports.requestPlatformImport(ctx.deps, auditActor(ctx), input)),
    /** Takes a previewed file in, in the background; watch it with `get`. */
    start: staffProcedure('channels:write')
      .input(importIdInput)
      .mutation(({ ctx, input }) => imports.startImport(ctx.deps, auditActor(ctx), input.id)),
  }),
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
    /** "Sync now": starts a run in the background and returns it (SYNC_RUNNING if one runs). */
    sync: staffProcedure('channels:write')
      .input(z.strictObject({ id: z.uuid() }))
      .mutation(
        async ({ ctx, input }) => (await sync.requestSync(ctx.deps, input.id, 'manual', auditActor(ctx)))!,
      ),
    runs: staffProcedure('channels:read')
      .input(syncRunListInput)
      .query(({ ctx, input }) => sync.listSyncRuns(ctx.deps.db, input)),
  }),
  listings: router({
    list: staffProcedure('channels:read')
      .input(listingListInput)
      .query(({ ctx, input }) => listings.listListings(ctx.deps.db, input)),
    suggestions: staffProcedure('channels:read')
      .input(z.strictObject({ listingId: z.uuid() }))
      .query(({ ctx, input }) => listings.linkSuggestions(ctx.deps.db, input.listingId)),
    skus: staffProcedure('channels:read')
      .input(z.strictObject({ search: safeString().trim().min(1).max(100) }))
      .query(({ ctx, input }) => findSkus(ctx.deps.db, input.search)),
    /** Pulls the shop's listings from its platform now, in the background (the shop shows when it ends). */
    pull: staffProcedure('channels:write')
      .input(z.strictObject({ shopId: z.uuid() }))
      .mutation(({ ctx, input }) =>
        listingsPull.requestListingsPull(ctx.deps, auditActor(ctx), input.shopId),
      ),
    /** Links a listing to what it sells; the orders waiting on it go into the order book. */
    link: staffProcedure('channels:write')
      .input(linkListingInput)
      .mutation(async ({ ctx, input }) => {
        const { shopId } = await ctx.deps.db.transaction((tx) =>
          listings.linkListing(tx, auditActor(ctx), input),
        );
        return { ordersAdmitted: await admitWaiting(ctx.deps, shopId) };
      }),
  }),
});
