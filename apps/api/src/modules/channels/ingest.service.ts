// Taking in a shop's orders, however they came (a sync page, a file, a webhook). Each platform
// order is kept as the platform last said it was (channel_orders); one that can enter the order
// book does — its lines linked to our SKUs and the stock there where the shop ships from — and
// one that cannot yet waits (needs mapping, short of stock) and is let in later by
// `admitWaiting`. News older than what we hold is ignored, so overlapping reads change nothing.

import { insertMany } from '@crossdock/db/bulk';
import type { Executor } from '@crossdock/db/client';
import { isRetryableConflict, isUniqueViolation } from '@crossdock/db/errors';
import { channelOrders, shops } from '@crossdock/db/schema';
import {
  type ChannelOrder,
  entersOrderBook,
  isHistoryOrder,
  type ListingComponents,
  resolveLines,
} from '@crossdock/domain/channel-orders';
import type { Platform } from '@crossdock/domain/channels';
import { DomainError } from '@crossdock/domain/errors';
import { platformCarrierFor } from '@crossdock/domain/fulfilment';
import { and, asc, eq, gt, isNotNull, or, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { recordPlatformShipment } from '../fulfilment/fulfilment.service';
import {
  catchUpChannelOrder,
  channelOrderId,
  recordChannelOrder,
  recordHistoryOrders,
} from '../orders/channel-orders.service';
import { listingsFor } from './listings.service';
import { settlementFeesOf } from './settlement-fees.service';

export interface IngestShop {
  id: string;
  platform: Platform;
  warehouseId: string;
  /** When the shop joined Crossdock: what the platform shipped before then is history. */
  openedAt: Date;
}

/** What taking orders in needs of a shop's row. */
export const ingestShopOf = (shop: typeof shops.$inferSelect): IngestShop => ({
  id: shop.id,
  platform: shop.platform as Platform,
  warehouseId: shop.warehouseId,
  openedAt: shop.createdAt,
});

/** History (`isHistoryOrder`) for this shop. */
const isHistory = (shop: IngestShop, order: ChannelOrder) => isHistoryOrder(order, shop.openedAt);

export type Ingested = {
  seen: 'new' | 'updated' | 'unchanged';
  waiting: 'needs_mapping' | 'short_of_stock' | null;
};

type Waiting = Ingested['waiting'];

/** Takes one platform order in, in the caller's transaction. */
export async function ingestOrder(
  tx: Executor,
  shop: IngestShop,
  order: ChannelOrder,
  now: Date,
): Promise<Ingested> {
  const changedAt = new Date(order.updatedAt);
  const [held] = await tx
    .select()
    .from(channelOrders)
    .where(and(eq(channelOrders.shopId, shop.id), eq(channelOrders.externalId, order.externalId)))
    .for('update');
  if (held && held.channelUpdatedAt >= changedAt) {
    return { seen: 'unchanged', waiting: held.waiting };
  }
  const inBook = await catchUpChannelOrder(
    tx,
    { shopId: shop.id, externalId: order.externalId },
    order.status,
    now,
  );
  const waiting = inBook === null ? await admit(tx, shop, order, now) : null;
  if (waiting === null) await shipIfPlatformShipped(tx, shop, order, now);
  const fields = {
    externalNumber: order.externalNumber,
    status: order.status,
    channelUpdatedAt: changedAt,
    purchasedAt: new Date(order.purchasedAt),
    document: order,
    waiting,
    updatedAt: now,
  };
  if (held) {
    await tx.update(channelOrders).set(fields).where(eq(channelOrders.id, held.id));
  } else {
    await tx
      .insert(channelOrders)
      .values({ shopId: shop.id, externalId: order.externalId, ...fields, createdAt: now });
  }
  return { seen: held ? 'updated' : 'new', waiting };
}

/**
 * An order the platform fulfils itself (FBA) and says it shipped leaves the platform's warehouse
 * — the shop's — by the platform's own fulfilment, in the same transaction as the news.
 */
async function shipIfPlatformShipped(tx: Executor, shop: IngestShop, order: ChannelOrder, now: Date) {
  if (order.fulfilledBy !== 'platform' || order.status !== 'shipped') return;
  const orderId = await channelOrderId(tx, { shopId: shop.id, externalId: order.externalId });
  if (!orderId) return;
  await recordPlatformShipment(
    tx,
    {
      orderId,
      warehouseId: shop.warehouseId,
      carrier: platformCarrierFor(shop.platform),
      reference: order.externalNumber,
    },
    now,
  );
}

/**
 * Lets a platform order not yet in the book in, if it can go: returns why it still waits, or
 * null once it is in (or will never be: cancelled before it got there).
 */
async function admit(tx: Executor, shop: IngestShop, order: ChannelOrder, now: Date): Promise<Waiting> {
  if (!entersOrderBook(order.status)) return null;
  const links = await listingsFor(
    tx,
    shop.id,
    order.lines.map((l) => ({
      sellerSku: l.sellerSku,
      externalId: l.listingExternalId,
      title: l.title,
      barcode: l.barcode,
    })),
    now,
  );
  const resolution = resolveLines(order, (sku) => links.get(sku));
  if (!resolution.ok) return 'needs_mapping';
  const [withFees] = await withSettledFees(tx, shop, [order]);
  try {
    // A savepoint: a reservation that falls short takes back what the order had written.
    await tx.transaction((savepoint) =>
      recordChannelOrder(
        savepoint,
        { shop, order: withFees!, lines: resolution.lines, history: isHistory(shop, order) },
        now,
      ),
    );
    return null;
  } catch (error) {
    if (error instanceof DomainError && error.reason === 'INSUFFICIENT_STOCK') return 'short_of_stock';
    throw error;
  }
}

/**
 * The orders with what their platform kept of them where it did not say (Amazon's orders API
 * gives no fees): the fees of settlements imported before the order came.
 */
async function withSettledFees(
  tx: Executor,
  shop: IngestShop,
  batch: readonly ChannelOrder[],
): Promise<ChannelOrder[]> {
  const unknown = batch.filter((o) => o.fees === null).map((o) => o.externalId);
  if (shop.platform !== 'amazon' || unknown.length === 0) return [...batch];
  const settled = await settlementFeesOf(tx, shop.id, unknown);
  return batch.map((o) =>
    o.fees === null && settled.has(o.externalId) ? { ...o, fees: settled.get(o.externalId)! } : o,
  );
}

/**
 * Tries again every order of the shop still waiting (after a link is made, stock arrives, or a
 * sync ends), oldest first, each in a transaction of its own. Returns how many went in.
 */
export async function admitWaiting(deps: AppDeps, shopId: string): Promise<number> {
  const [row] = await deps.db.select().from(shops).where(eq(shops.id, shopId));
  if (!row) return 0;
  const shop = ingestShopOf(row);
  let admitted = 0;
  let after: { purchasedAt: Date; id: string } | null = null;
  for (;;) {
    const batch: { id: string; purchasedAt: Date }[] = await deps.db
      .select({ id: channelOrders.id, purchasedAt: channelOrders.purchasedAt })
      .from(channelOrders)
      .where(
        and(
          eq(channelOrders.shopId, shopId),
          isNotNull(channelOrders.waiting),
          after
            ? or(
                gt(channelOrders.purchasedAt, after.purchasedAt),
                and(eq(channelOrders.purchasedAt, after.purchasedAt), gt(channelOrders.id, after.id)),
              )
            : undefined,
        ),
      )
      .orderBy(asc(channelOrders.purchasedAt), asc(channelOrders.id))
      .limit(100);
    for (const { id } of batch) {
      const now = deps.clock.now();
      const inNow = await deps.db.transaction(async (tx) => {
        const [row] = await tx.select().from(channelOrders).where(eq(channelOrders.id, id)).for('update');
        if (!row?.waiting) return false;
        const waiting = await admit(tx, shop, row.document, now);
        if (waiting === row.waiting) return false;
        await tx.update(channelOrders).set({ waiting, updatedAt: now }).where(eq(channelOrders.id, id));
        return waiting === null;
      });
      if (inNow) admitted++;
    }
    if (batch.length < 100) return admitted;
    after = batch.at(-1)!;
  }
}

/**
 * One platform order taken in, in a transaction of its own; one that lost a deadlock (two
 * shops' orders reserving the same stock) or met the same order coming in another way (a
 * webhook beside the sync) is tried again, and then finds what the other wrote.
 */
export async function ingestAlone(deps: AppDeps, shop: IngestShop, order: ChannelOrder) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.db.transaction((tx) => ingestOrder(tx, shop, order, deps.clock.now()));
    } catch (error) {
      const collided =
        isRetryableConflict(error) ||
        isUniqueViolation(error, 'channel_orders_external_key') ||
        isUniqueViolation(error, 'orders_channel_key');
      if (!collided || attempt >= 5) throw error;
    }
  }
}

/**
 * A batch of platform orders taken in (a file's): what the book holds unchanged is skipped with
 * one read for the batch; new history orders (and new ones cancelled before we saw them, which
 * only need keeping) go in together, a few statements for them all;
 * the rest one by one as a sync takes them. If anything else writes one of the batch's orders
 * meanwhile (a sync of the same shop), the batch's history is taken one by one instead.
 * Returns what became of each order, in order.
 */
export async function ingestMany(
  deps: AppDeps,
  shop: IngestShop,
  batch: readonly ChannelOrder[],
  /** Links of seller SKUs already read in this run (a file's batches share their SKUs); grows. */
  linked: Map<string, ListingComponents> = new Map(),
): Promise<Ingested[]> {
  const results: Ingested[] = new Array(batch.length);
  if (batch.length === 0) return results;
  const held = new Map(
    (
      await deps.db
        .select({
          externalId: channelOrders.externalId,
          changedAt: channelOrders.channelUpdatedAt,
          waiting: channelOrders.waiting,
        })
        .from(channelOrders)
        .where(
          and(
            eq(channelOrders.shopId, shop.id),
            // One array parameter, not a thousand: cheaper to build and to plan.
            sql`${channelOrders.externalId} = any(${sql.param(batch.map((o) => o.externalId))}::text[])`,
          ),
        )
    ).map((r) => [r.externalId, r]),
  );
  const fresh: number[] = [];
  const others: number[] = [];
  batch.forEach((order, i) => {
    const known = held.get(order.externalId);
    if (known && known.changedAt >= new Date(order.updatedAt))
      results[i] = { seen: 'unchanged', waiting: known.waiting };
    else if (!known && (isHistory(shop, order) || !entersOrderBook(order.status))) fresh.push(i);
    else others.push(i);
  });
  if (fresh.length) {
    try {
      const { waiting, links } = await deps.db.transaction((tx) =>
        recordHistoryBatch(
          tx,
          shop,
          fresh.map((i) => batch[i]!),
          deps.clock.now(),
          linked,
        ),
      );
      // Known from here on once written: a batch that rolled back leaves no listing behind.
      for (const [sku, components] of links) linked.set(sku, components);
      fresh.forEach((i, k) => {
        results[i] = { seen: 'new', waiting: waiting[k]! };
      });
    } catch (error) {
      const collided =
        isRetryableConflict(error) ||
        isUniqueViolation(error, 'channel_orders_external_key') ||
        isUniqueViolation(error, 'orders_channel_key');
      if (!collided) throw error;
      others.push(...fresh);
    }
  }
  for (const i of others) results[i] = await ingestAlone(deps, shop, batch[i]!);
  return results;
}

/**
 * New history orders written together (and new cancelled ones kept); returns why each still
 * waits (a SKU not linked), or null, and the links it read.
 */
async function recordHistoryBatch(
  tx: Executor,
  shop: IngestShop,
  batch: readonly ChannelOrder[],
  now: Date,
  linked: ReadonlyMap<string, ListingComponents>,
): Promise<{ waiting: Waiting[]; links: Map<string, ListingComponents> }> {
  const history = batch.filter((order) => entersOrderBook(order.status));
  const links = await listingsFor(
    tx,
    shop.id,
    history.flatMap((order) =>
      order.lines
        .filter((l) => !linked.has(l.sellerSku))
        .map((l) => ({
          sellerSku: l.sellerSku,
          externalId: l.listingExternalId,
          title: l.title,
          barcode: l.barcode,
        })),
    ),
    now,
  );
  const waiting: Waiting[] = [];
  const entries = [];
  for (const order of await withSettledFees(tx, shop, batch)) {
    if (!entersOrderBook(order.status)) {
      waiting.push(null);
      continue;
    }
    const resolution = resolveLines(order, (sku) => linked.get(sku) ?? links.get(sku));
    waiting.push(resolution.ok ? null : 'needs_mapping');
    if (resolution.ok) entries.push({ shop, order, lines: resolution.lines });
  }
  await recordHistoryOrders(tx, entries, now);
  await insertMany(
    tx,
    channelOrders,
    batch.map((order, k) => ({
      shopId: shop.id,
      externalId: order.externalId,
      externalNumber: order.externalNumber,
      status: order.status,
      channelUpdatedAt: new Date(order.updatedAt),
      purchasedAt: new Date(order.purchasedAt),
      document: order,
      waiting: waiting[k]!,
      createdAt: now,
      updatedAt: now,
    })),
  );
  return { waiting, links };
}
