// What Crossdock owes a shop's platform, and the log of what went. When staff ship a parcel of a
// merchant-fulfilled marketplace order, the parcel is owed to the platform (Amazon's
// confirmShipment, Shopify's fulfillmentCreate, with the carrier, tracking and its lines): the
// outbox handler writes the push in the transaction that delivers the order's shipping event. When a SKU's stock
// moves (`stock.changed`), the listings selling it are owed their new count within half a
// minute; a sweep every quarter hour catches what no event said (a link made, a buffer changed). The `channels.push` job sends what is due, retrying what the platform could not take now
// and recording what it refused.
import type { Executor, Tx } from '@crossdock/db/client';
import {
  channelListings,
  channelOrders,
  channelPushes,
  listingComponents,
  shops,
  stockLevels,
} from '@crossdock/db/schema';
import {
  type ChannelOrder,
  listingAvailability,
  platformLinesByParcel,
} from '@crossdock/domain/channel-orders';
import type { Platform } from '@crossdock/domain/channels';
import { carrierName } from '@crossdock/domain/fulfilment';
import { and, asc, desc, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { afterCursor, toPage } from '../../infra/cursor';
import type { EventHandler } from '../../infra/event-relay';
import { ConnectorError, type ShipmentConfirmation } from '../../infra/marketplaces/connector';
import { listWarehouses } from '../inventory/inventory.service';
import { channelShipmentFacts } from '../orders/channel-orders.service';
import { confirmsShipments, connectorFor, takesStockLevels } from './adapters';
import { shopCredentialsFor } from './shops.service';

/** Attempts before a push is given up and left in the log as failed. */
export const MAX_PUSH_ATTEMPTS = 8;
/** A push being sent is not picked again for this long (its worker may have died). */
export const CLAIM_MS = 2 * 60_000;

/** The wait after the n-th failed attempt: 30 s, 1 min, 2 min… up to an hour. */
export const pushRetryDelayMs = (attempts: number) => Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);

/** A parcel to confirm: the platform's order (older pushes named it by their subject) and the parcel. */
type ShipmentPayload = Omit<ShipmentConfirmation, 'shippedAt'> & { externalId?: string; shippedAt: string };

/**
 * Owes the platform each parcel of a merchant-fulfilled marketplace order as it leaves: its
 * carrier, tracking and the platform's lines it completed (a bundle's line once all of a unit's
 * parts have gone). Every event of the order makes sure every parcel so far is owed, once each
 * (by its tracking number), so a late or repeated event loses and doubles nothing. An order
 * written before our lines knew their platform's line is confirmed whole, once fully shipped.
 */
export const shipmentPushHandler: EventHandler = {
  name: 'channels.shipment-push',
  events: ['order.ship', 'order.ship_partially'],
  async handle(tx: Tx, event) {
    const facts = await channelShipmentFacts(tx, event.aggregateId);
    // A platform's own fulfilment (FBA) shipped it: the platform knows.
    if (facts?.fulfilledBy !== 'merchant') return;
    const [held] = await tx
      .select({ document: channelOrders.document, platform: shops.platform })
      .from(channelOrders)
      .innerJoin(shops, eq(shops.id, channelOrders.shopId))
      .where(and(eq(channelOrders.shopId, facts.shopId), eq(channelOrders.externalId, facts.externalId)));
    if (!held || facts.shipments.length === 0 || !confirmsShipments(held.platform as Platform)) return;
    const document = held.document as ChannelOrder;
    const platformLines = document.lines.map((l) => ({ externalId: l.externalId, quantity: l.quantity }));
    const known = facts.lines.some((l) => l.externalLineId !== null);
    const parcels = known
      ? platformLinesByParcel(platformLines, facts.lines, facts.shipments)
      : event.type === 'order.ship'
        ? [
            {
              parcelId: facts.shipments.at(-1)!.id,
              lines: platformLines.map((l) => ({ externalLineId: l.externalId, quantity: l.quantity })),
            },
          ]
        : [];
    for (const parcel of parcels) {
      if (parcel.lines.length === 0) continue;
      const shipment = facts.shipments.find((s) => s.id === parcel.parcelId)!;
      const payload: ShipmentPayload = {
        externalId: facts.externalId,
        reference: shipment.id,
        carrierName: carrierName(shipment.carrier),
        trackingNumber: shipment.trackingNumber,
        shippedAt: shipment.createdAt.toISOString(),
        lines: parcel.lines,
      };
      await tx
        .insert(channelPushes)
        .values({
          shopId: facts.shopId,
          kind: 'shipment',
          subject: `${facts.externalId} ${shipment.trackingNumber}`,
          payload,
          nextAt: shipment.createdAt,
          createdAt: event.occurredAt,
        })
        .onConflictDoNothing();
    }
  },
};

type StockPayload = { listingId: string; listingExternalId: string | null; quantity: number };

/** Changes to one SKU's stock within this long go to its listings' platforms as one push. */
export const STOCK_PUSH_DEBOUNCE_MS = 30_000;

type Shop = typeof shops.$inferSelect;

/** The shops told stock levels: active, on a platform that takes them, shipping from a warehouse of ours (not FBA's, which the platform counts). */
async function stockShops(db: Executor, where?: { warehouseId: string }): Promise<Shop[]> {
  const platformWarehouses = new Set(
    (await listWarehouses(db)).filter((w) => w.kind === 'marketplace').map((w) => w.id),
  );
  const active = await db
    .select()
    .from(shops)
    .where(and(eq(shops.status, 'active'), where ? eq(shops.warehouseId, where.warehouseId) : undefined));
  return active.filter(
    (shop) => takesStockLevels(shop.platform as Platform) && !platformWarehouses.has(shop.warehouseId),
  );
}

/**
 * Arms a stock push, due at `dueAt`, for each linked listing of the shop (of those selling one of
 * `skuIds`, when given) whose sellable quantity — what the shop's warehouse has available of its
 * scarcest part, less the shop's buffer — is not what its platform was last told. A push still
 * waiting takes the newer quantity and keeps its time, so a burst of changes goes as one.
 * Returns how many were armed.
 */
async function armStockPushes(db: Executor, shop: Shop, dueAt: Date, skuIds?: readonly string[]) {
  const selling = skuIds
    ? sql`${channelListings.id} in (select ${listingComponents.listingId} from ${listingComponents} where ${inArray(listingComponents.skuId, [...skuIds])})`
    : undefined;
  const parts = await db
    .select({
      listingId: channelListings.id,
      sellerSku: channelListings.sellerSku,
      externalId: channelListings.externalId,
      pushed: channelListings.pushedQuantity,
      quantity: listingComponents.quantity,
      available: sql<number>`coalesce(${stockLevels.onHand} - ${stockLevels.reserved}, 0)::int`,
    })
    .from(channelListings)
    .innerJoin(listingComponents, eq(listingComponents.listingId, channelListings.id))
    .leftJoin(
      stockLevels,
      and(eq(stockLevels.skuId, listingComponents.skuId), eq(stockLevels.warehouseId, shop.warehouseId)),
    )
    .where(and(eq(channelListings.shopId, shop.id), isNotNull(channelListings.linkedAt), selling));
  const byListing = new Map<
    string,
    { sellerSku: string; externalId: string | null; pushed: number | null; parts: typeof parts }
  >();
  for (const part of parts) {
    const listing = byListing.get(part.listingId) ?? {
      sellerSku: part.sellerSku,
      externalId: part.externalId,
      pushed: part.pushed,
      parts: [],
    };
    listing.parts.push(part);
    byListing.set(part.listingId, listing);
  }
  let armed = 0;
  for (const [listingId, listing] of byListing) {
    const quantity = listingAvailability(listing.parts, shop.stockBuffer);
    if (quantity === listing.pushed) continue;
    const payload: StockPayload = { listingId, listingExternalId: listing.externalId, quantity };
    const [row] = await db
      .insert(channelPushes)
      .values({
        shopId: shop.id,
        kind: 'stock',
        subject: listing.sellerSku,
        payload,
        nextAt: dueAt,
        createdAt: dueAt,
      })
      .onConflictDoUpdate({
        target: [channelPushes.shopId, channelPushes.kind, channelPushes.subject],
        set: {
          payload,
          status: 'pending',
          attempts: 0,
          // Waiting already (or being sent): it keeps its time; done before: due anew.
          nextAt: sql`case when ${channelPushes.status} = 'pending' then ${channelPushes.nextAt} else ${dueAt.toISOString()}::timestamptz end`,
          lastError: null,
          sentAt: null,
        },
        // Already waiting to say this very quantity: leave it be.
        setWhere: sql`not (${channelPushes.status} = 'pending' and ${channelPushes.payload} = ${JSON.stringify(payload)}::jsonb)`,
      })
      .returning({ id: channelPushes.id });
    if (row) armed++;
  }
  return armed;
}

/**
 * The schedule's sweep: every shop told stock levels gets a push for each listing whose count
 * is not what its platform was last told (what the event handler below missed: a link made, a
 * buffer changed, a push that failed). Returns how many were armed.
 */
export async function queueStockPushes(deps: AppDeps): Promise<number> {
  const now = deps.clock.now();
  let armed = 0;
  for (const shop of await stockShops(deps.db)) armed += await armStockPushes(deps.db, shop, now);
  return armed;
}

/**
 * A SKU's stock moved in a warehouse: the listings selling it in the shops that ship from there
 * are owed their new count, within half a minute (a burst of orders goes as one push).
 */
export const stockPushHandler: EventHandler = {
  name: 'channels.stock-push',
  events: ['stock.changed'],
  async handle(tx: Tx, event) {
    const { warehouseId } = event.payload as { warehouseId: string };
    const dueAt = new Date(event.occurredAt.getTime() + STOCK_PUSH_DEBOUNCE_MS);
    for (const shop of await stockShops(tx, { warehouseId })) {
      await armStockPushes(tx, shop, dueAt, [event.aggregateId]);
    }
  },
};

/**
 * Sends the stock and shipment pushes that are due, each claimed first so two workers never send
 * one twice (acknowledgements and cancellations go by acknowledgements.service). Returns how many went.
 */
export async function sendDuePushes(deps: AppDeps, batch = 20): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db
    .select()
    .from(channelPushes)
    .where(
      and(
        eq(channelPushes.status, 'pending'),
        inArray(channelPushes.kind, ['stock', 'shipment']),
        lte(channelPushes.nextAt, now),
      ),
    )
    .orderBy(asc(channelPushes.nextAt))
    .limit(batch);
  let sent = 0;
  for (const push of due) {
    const claimed = await claimPush(deps, push, now);
    if (!claimed) continue;
    const attempts = claimed.attempts + 1;
    try {
      const connector = await connectorOfShop(deps, claimed.shopId);
      if (claimed.kind === 'stock') {
        if (!connector.pushStock) throw new ConnectorError('rejected', 'This platform takes no stock levels');
        const payload = claimed.payload as unknown as StockPayload;
        await connector.pushStock({
          sellerSku: claimed.subject,
          listingExternalId: payload.listingExternalId ?? null,
          quantity: payload.quantity,
        });
        await deps.db.transaction(async (tx) => {
          await tx
            .update(channelListings)
            .set({ pushedQuantity: payload.quantity, pushedAt: deps.clock.now() })
            .where(eq(channelListings.id, payload.listingId));
          await markSent(tx, claimed.id, attempts, claimed.payload, deps.clock.now());
        });
      } else {
        if (!connector.confirmShipment)
          throw new ConnectorError('rejected', 'This platform takes no shipment confirmations');
        const { externalId, ...payload } = claimed.payload as unknown as ShipmentPayload;
        await connector.confirmShipment(externalId ?? claimed.subject, {
          ...payload,
          shippedAt: new Date(payload.shippedAt),
        });
        await markSent(deps.db, claimed.id, attempts, claimed.payload, deps.clock.now());
      }
      sent++;
    } catch (error) {
      const message = (error as Error).message.slice(0, 500);
      // The platform refused it (a rule it checks) or it was tried enough: the log says why.
      const giveUp =
        (error instanceof ConnectorError && error.problem === 'rejected') || attempts >= MAX_PUSH_ATTEMPTS;
      const wait =
        error instanceof ConnectorError && error.retryAfterMs
          ? error.retryAfterMs
          : pushRetryDelayMs(attempts);
      if (!(error instanceof ConnectorError))
        deps.logger.warn({ err: error, pushId: claimed.id }, 'push failed');
      await deps.db
        .update(channelPushes)
        .set({
          attempts,
          lastError: message,
          ...(giveUp
            ? { status: 'failed' as const }
            : { nextAt: new Date(deps.clock.now().getTime() + wait) }),
        })
        .where(eq(channelPushes.id, claimed.id));
    }
  }
  return sent;
}

/**
 * Takes a due push for this worker: it is not picked again for a while (its worker may die), and
 * none when another worker took it first. Returns the push as claimed.
 */
export async function claimPush(deps: AppDeps, push: { id: string; nextAt: Date }, now: Date) {
  const [claimed] = await deps.db
    .update(channelPushes)
    .set({ nextAt: new Date(now.getTime() + CLAIM_MS) })
    .where(
      and(
        eq(channelPushes.id, push.id),
        eq(channelPushes.status, 'pending'),
        eq(channelPushes.nextAt, push.nextAt),
      ),
    )
    .returning();
  return claimed;
}

/** A shop's platform adapter, signed in with its credentials (a refusal when the shop is gone). */
export async function connectorOfShop(deps: AppDeps, shopId: string) {
  const [shop] = await deps.db.select().from(shops).where(eq(shops.id, shopId));
  if (!shop) throw new ConnectorError('rejected', 'The shop was removed');
  return connectorFor(deps, await shopCredentialsFor(deps, shop.id), { marketplace: shop.marketplace });
}

/**
 * A push the platform took. A stock push re-armed meanwhile (a newer quantity, same row) stays
 * pending: only the payload that went is marked sent.
 */
async function markSent(db: Executor, id: string, attempts: number, payload: unknown, at: Date) {
  const [sent] = await db
    .update(channelPushes)
    .set({ status: 'sent', attempts, sentAt: at, lastError: null })
    .where(and(eq(channelPushes.id, id), sql`${channelPushes.payload} = ${JSON.stringify(payload)}::jsonb`))
    .returning({ id: channelPushes.id });
  // Re-armed while it went: the newer count goes next, now.
  if (!sent) {
    await db
      .update(channelPushes)
      .set({ nextAt: at })
      .where(and(eq(channelPushes.id, id), eq(channelPushes.status, 'pending')));
  }
}

/** The push log of a shop (or every shop), newest first. */
export async function listPushes(
  deps: AppDeps,
  input: { shopId?: string; status?: 'pending' | 'sent' | 'failed'; limit: number; cursor?: string },
) {
  const rows = await deps.db
    .select()
    .from(channelPushes)
    .where(
      and(
        input.shopId ? eq(channelPushes.shopId, input.shopId) : undefined,
        input.status ? eq(channelPushes.status, input.status) : undefined,
        afterCursor(input.cursor, channelPushes.createdAt, channelPushes.id, 'desc'),
      ),
    )
    .orderBy(desc(channelPushes.createdAt), desc(channelPushes.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit);
}
