// Orders sync: each active shop reads the orders its platform changed since the shop's cursor
// (less an overlap, for changes the platform dates late), a page at a time. Each order is taken
// in by a transaction of its own, then the page's counts, heartbeat and the cursor (moved to the
// newest change read) by one more — so a sync that stops resumes where it got to, an order is
// never half-written, and re-reading what was taken in changes nothing.
// One run per shop at a time (sync_runs_running_key); a run whose worker died is taken over
// once its heartbeat is old. The platform's "slow down" (429, THROTTLED, Retry-After) and its
// failures (5xx, timeouts) are waited out and retried; refused credentials end the run and mark
// the shop for re-authorisation.
import type { Executor } from '@crossdock/db/client';
import { shops, syncRuns } from '@crossdock/db/schema';
import type { Platform } from '@crossdock/domain/channels';
import { DomainError } from '@crossdock/domain/errors';
import { and, desc, eq, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { AppDeps } from '../../deps';
import { afterCursor, toPage } from '../../infra/cursor';
import {
  ConnectorError,
  type MarketplaceConnector,
  sleep,
  withPlatformRetries,
} from '../../infra/marketplaces/connector';
import { type Actor, writeAudit } from '../identity/audit';
import { connectorFor, hasConnector, requireConnector } from './adapters';
import { admitWaiting, ingestAlone, ingestShopOf } from './ingest.service';
import { shopCredentialsFor } from './shops.service';

/** Changes dated up to this long before the cursor are read again. */
export const SYNC_OVERLAP_MS = 10 * 60_000;
/** A shop's first sync reads this far back. */
export const FIRST_SYNC_DAYS = 30;
/** A running sync that has not beaten for this long has lost its worker. */
export const SYNC_STALE_MS = 3 * 60_000;
/** How many times one call is retried before the run gives up (about 10 minutes of waiting). */
const MAX_ATTEMPTS = 8;

type RunRow = typeof syncRuns.$inferSelect;

export function syncRunView(row: RunRow) {
  return {
    ...row,
    durationMs: row.finishedAt ? row.finishedAt.getTime() - row.startedAt.getTime() : null,
  };
}

/**
 * Starts a sync of the shop: a running run, and the job that works it. A shop already syncing
 * is SYNC_RUNNING for staff; the schedule just lets it be (null).
 */
export async function requestSync(
  deps: AppDeps,
  shopId: string,
  trigger: 'manual' | 'schedule',
  /** The staff member who clicked "sync now"; none for the schedule. */
  actor: Actor | null,
): Promise<ReturnType<typeof syncRunView> | null> {
  const now = deps.clock.now();
  const run = await deps.db.transaction(async (tx) => {
    const [shop] = await tx.select().from(shops).where(eq(shops.id, shopId)).for('update');
    if (!shop) throw new DomainError('UNKNOWN_SHOP', 'There is no such shop');
    if (shop.status !== 'active') {
      throw new DomainError('SHOP_NOT_SYNCING', 'The shop is paused or needs re-authorising', {
        status: shop.status,
      });
    }
    requireConnector(shop.platform as Platform);
    await takeOverStale(tx, shopId, now);
    // heartbeatAt = startedAt marks it as not yet taken by a worker; a run already going
    // (sync_runs_running_key) leaves nothing inserted.
    const [row] = await tx
      .insert(syncRuns)
      .values({ shopId, trigger, startedAt: now, heartbeatAt: now, requestedBy: actor?.id ?? null })
      .onConflictDoNothing()
      .returning();
    if (row && actor) {
      await writeAudit(tx, actor, {
        action: 'shop.sync_requested',
        entityType: 'shop',
        entityId: shopId,
        before: null,
        after: { runId: row.id },
      });
    }
    return row ?? null;
  });
  if (!run) {
    if (trigger === 'schedule') return null;
    throw new DomainError('SYNC_RUNNING', 'This shop is already syncing');
  }
  await deps.jobs.enqueue('channels.sync', { runId: run.id }, { id: `sync-${run.id}` });
  return syncRunView(run);
}

async function takeOverStale(tx: Executor, shopId: string, now: Date) {
  await tx
    .update(syncRuns)
    .set({ status: 'failed', finishedAt: now, error: 'Stopped: the worker running it went away' })
    .where(
      and(
        eq(syncRuns.shopId, shopId),
        eq(syncRuns.status, 'running'),
        lt(syncRuns.heartbeatAt, new Date(now.getTime() - SYNC_STALE_MS)),
      ),
    );
}

/** Every active shop whose interval has passed since its last sync gets one. Returns how many. */
export async function syncDueShops(deps: AppDeps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db
    .select({ id: shops.id, platform: shops.platform })
    .from(shops)
    .where(
      and(
        eq(shops.status, 'active'),
        or(
          isNull(shops.lastSyncedAt),
          lte(
            shops.lastSyncedAt,
            sql`${now.toISOString()}::timestamptz - make_interval(mins => ${shops.syncIntervalMinutes})`,
          ),
        ),
      ),
    );
  let started = 0;
  for (const shop of due) {
    if (!hasConnector(shop.platform as Platform)) continue;
    try {
      if (await requestSync(deps, shop.id, 'schedule', null)) started++;
    } catch (error) {
      // A shop that changed under us (paused a moment ago) waits for the next round.
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return started;
}

/**
 * Works a run: page after page until the platform has no more, then lets in what waited.
 * Safe to call twice for one run (a job delivered again): only one worker takes it.
 */
export async function runSync(
  deps: AppDeps,
  runId: string,
  options: { connector?: MarketplaceConnector; sleep?: (ms: number) => Promise<void> } = {},
): Promise<ReturnType<typeof syncRunView> | null> {
  const wait = options.sleep ?? sleep;
  const claimedAt = deps.clock.now();
  const [run] = await deps.db
    .update(syncRuns)
    .set({ heartbeatAt: claimedAt })
    .where(
      and(
        eq(syncRuns.id, runId),
        eq(syncRuns.status, 'running'),
        or(
          eq(syncRuns.heartbeatAt, syncRuns.startedAt),
          lt(syncRuns.heartbeatAt, new Date(claimedAt.getTime() - SYNC_STALE_MS)),
        ),
      ),
    )
    .returning();
  if (!run) return null;
  const [shop] = await deps.db.select().from(shops).where(eq(shops.id, run.shopId));
  const finish = async (fields: Partial<RunRow>, shopFields: PgUpdateSetSource<typeof shops> = {}) => {
    const at = deps.clock.now();
    const [done] = await deps.db.transaction(async (tx) => {
      if (Object.keys(shopFields).length) {
        await tx
          .update(shops)
          .set({ ...shopFields, updatedAt: at })
          .where(eq(shops.id, run.shopId));
      }
      return tx
        .update(syncRuns)
        .set({ ...fields, finishedAt: at, heartbeatAt: at })
        .where(and(eq(syncRuns.id, runId), eq(syncRuns.status, 'running')))
        .returning();
    });
    return done ? syncRunView(done) : null;
  };
  if (!shop) return null;

  const to = claimedAt;
  const from = shop.ordersCursor
    ? new Date(shop.ordersCursor.getTime() - SYNC_OVERLAP_MS)
    : new Date(to.getTime() - FIRST_SYNC_DAYS * 86_400_000);
  let connector: MarketplaceConnector;
  try {
    connector =
      options.connector ??
      connectorFor(deps, await shopCredentialsFor(deps, shop.id), {
        marketplace: shop.marketplace,
        sleep: wait,
      });
  } catch (error) {
    const message = (error as Error).message.slice(0, 500);
    return finish({ status: 'failed', error: message }, { lastSyncError: message });
  }
  const ingestShop = ingestShopOf(shop);
  // A platform that pushes is asked to, once: its webhooks bring orders in between syncs. Not
  // being able to ask does not stop the sync (the next run asks again).
  if (!shop.webhooksSubscribedAt && connector.subscribeToOrders) {
    try {
      await connector.subscribeToOrders(`${deps.config.publicApiUrl}/webhooks/shopify/${shop.id}`);
      await deps.db
        .update(shops)
        .set({ webhooksSubscribedAt: deps.clock.now() })
        .where(eq(shops.id, shop.id));
    } catch (error) {
      deps.logger.warn({ err: error, shopId: shop.id }, 'could not subscribe to the shop’s webhooks');
    }
  }
  await deps.db.update(syncRuns).set({ readFrom: from }).where(eq(syncRuns.id, runId));

  let page: string | null = null;
  let retries = 0;
  try {
    do {
      const pageResult = await withPlatformRetries(() => connector.pullOrders({ from, to }, page), {
        attempts: MAX_ATTEMPTS,
        wait,
        onRetry: async () => {
          retries++;
          await beat(deps, runId, { retries });
        },
      });
      // Each order in a transaction of its own (its stock rows locked only as long as it takes),
      // then the page's counts and the cursor. A run that stops mid-page reads the page again:
      // the orders it took in already are unchanged news by then.
      let ordersNew = 0;
      let ordersUpdated = 0;
      let ordersWaiting = 0;
      let newest = shop.ordersCursor;
      for (const order of pageResult.orders) {
        const taken = await ingestAlone(deps, ingestShop, order);
        if (taken.seen === 'new') ordersNew++;
        if (taken.seen === 'updated') ordersUpdated++;
        if (taken.seen !== 'unchanged' && taken.waiting) ordersWaiting++;
        const changed = new Date(order.updatedAt);
        if (!newest || changed > newest) newest = changed;
      }
      const alive = await deps.db.transaction(async (tx) => {
        const [still] = await tx
          .update(syncRuns)
          .set({
            pages: sql`${syncRuns.pages} + 1`,
            ordersNew: sql`${syncRuns.ordersNew} + ${ordersNew}`,
            ordersUpdated: sql`${syncRuns.ordersUpdated} + ${ordersUpdated}`,
            ordersWaiting: sql`${syncRuns.ordersWaiting} + ${ordersWaiting}`,
            retries,
            readTo: newest,
            heartbeatAt: deps.clock.now(),
          })
          .where(and(eq(syncRuns.id, runId), eq(syncRuns.status, 'running')))
          .returning({ id: syncRuns.id });
        if (!still) return false;
        // The cursor only moves forward.
        if (newest)
          await tx
            .update(shops)
            .set({ ordersCursor: forwardCursor(newest) })
            .where(eq(shops.id, shop.id));
        return true;
      });
      // Taken over (this worker was presumed dead): the other one carries on.
      if (!alive) return null;
      page = pageResult.next;
    } while (page);
  } catch (error) {
    const refused = error instanceof ConnectorError && error.problem === 'unauthorized';
    deps.logger.warn({ err: error, shopId: shop.id, runId }, 'orders sync failed');
    const message = (error as Error).message.slice(0, 500);
    return finish(
      { status: 'failed', retries, error: message },
      {
        lastSyncError: message,
        ...(refused
          ? { status: 'needs_reauth' as const, lastCheckError: `unauthorized: ${message}`.slice(0, 500) }
          : {}),
      },
    );
  }
  await admitWaiting(deps, shop.id);
  // All of [from, to] has been read: the next run starts from `to`, less the overlap.
  return finish(
    { status: 'succeeded', retries, readTo: to },
    { lastSyncedAt: deps.clock.now(), lastSyncError: null, ordersCursor: forwardCursor(to) },
  );
}

/** The shop's cursor moved to `at`, unless it is already further on. */
const forwardCursor = (at: Date) =>
  sql`greatest(coalesce(${shops.ordersCursor}, ${at.toISOString()}::timestamptz), ${at.toISOString()}::timestamptz)`;

async function beat(deps: AppDeps, runId: string, fields: Partial<RunRow>) {
  await deps.db
    .update(syncRuns)
    .set({ ...fields, heartbeatAt: deps.clock.now() })
    .where(and(eq(syncRuns.id, runId), eq(syncRuns.status, 'running')));
}

/** A shop's runs, newest first. */
export async function listSyncRuns(db: Executor, input: { shopId: string; limit: number; cursor?: string }) {
  const rows = await db
    .select()
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.shopId, input.shopId),
        afterCursor(input.cursor, syncRuns.startedAt, syncRuns.id, 'desc'),
      ),
    )
    .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id))
    .limit(input.limit + 1);
  const page = toPage(
    rows.map((r) => ({ ...syncRunView(r), createdAt: r.startedAt })),
    input.limit,
  );
  return { items: page.items.map(({ createdAt: _, ...run }) => run), nextCursor: page.nextCursor };
}
