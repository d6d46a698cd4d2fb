// What Crossdock owes a shop's platform, and the log of what went. When staff ship a
// merchant-fulfilled marketplace order, the shipment is owed to the platform (Amazon's
// confirmShipment, Shopify's fulfillmentCreate, with the carrier and tracking): the outbox handler
// writes the push in the transaction that delivers the `order.ship` event. Each minute, every
// linked listing whose sellable quantity is not what its platform was last told is owed a stock
// push. The `channels.push` job sends what is due, retrying what the platform could not take now
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
import { type ChannelOrder, listingAvailability } from '@crossdock/domain/channel-orders';
import type { Platform } from '@crossdock/domain/channels';
import { carrierName } from '@crossdock/domain/fulfilment';
import { and, asc, desc, eq, isNotNull, lte, sql } from 'drizzle-orm';
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
const CLAIM_MS = 2 * 60_000;

/** The wait after the n-th failed attempt: 30 s, 1 min, 2 min… up to an hour. */
export const pushRetryDelayMs = (attempts: number) => Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);

type ShipmentPayload = Omit<ShipmentConfirmation, 'shippedAt'> & { shippedAt: string };

/** Owes the platform a shipped marketplace order's confirmation (once per order; repeats are harmless). */
export const shipmentPushHandler: EventHandler = {
  name: 'channels.shipment-push',
  events: ['order.ship'],
  async handle(tx: Tx, event) {
    const facts = await channelShipmentFacts(tx, event.aggregateId);
    // A platform's own fulfilment (FBA) shipped it: the platform knows.
    if (!facts || facts.fulfilledBy !== 'merchant') return;
    const [held] = await tx
      .select({ document: channelOrders.document, platform: shops.platform })
      .from(channelOrders)
      .innerJoin(shops, eq(shops.id, channelOrders.shopId))
      .where(and(eq(channelOrders.shopId, facts.shopId), eq(channelOrders.externalId, facts.externalId)));
    const last = facts.shipments.at(-1);
    if (!held || !last || !confirmsShipments(held.platform as Platform)) return;
    const document = held.document as ChannelOrder;
    // The whole order is confirmed with its last parcel's tracking, line by the platform's line.
    const payload: ShipmentPayload = {
      reference: last.id,
      carrierName: carrierName(last.carrier),
      trackingNumber: last.trackingNumber,
      shippedAt: last.createdAt.toISOString(),
      lines: document.lines.map((l) => ({ externalLineId: l.externalId, quantity: l.quantity })),
    };
    await tx
      .insert(channelPushes)
      .values({
        shopId: facts.shopId,
        kind: 'shipment',
        subject: facts.externalId,
        payload,
        nextAt: event.occurredAt,
        createdAt: event.occurredAt,
      })
      .onConflictDoNothing();
  },
};

type StockPayload = { listingId: string; listingExternalId: string | null; quantity: number };

/**
 * Arms a stock push for every linked listing of an active shop whose sellable quantity (what
 * the shop's warehouse has available of its scarcest part, less the shop's buffer) is not what
 * its platform was last told — or re-arms one still waiting with an older quantity. Shops whose
 * warehouse is the platform's own (FBA) are skipped: the platform counts that stock. Returns how
 * many were armed.
 */
export async function queueStockPushes(deps: AppDeps): Promise<number> {
  const now = deps.clock.now();
  const platformWarehouses = new Set(
    (await listWarehouses(deps.db)).filter((w) => w.kind === 'marketplace').map((w) => w.id),
  );
  const candidates = (await deps.db.select().from(shops).where(eq(shops.status, 'active'))).filter(
    (shop) => takesStockLevels(shop.platform as Platform) && !platformWarehouses.has(shop.warehouseId),
  );
  let armed = 0;
  for (const shop of candidates) {
    const parts = await deps.db
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
      .where(and(eq(channelListings.shopId, shop.id), isNotNull(channelListings.linkedAt)));
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
    for (const [listingId, listing] of byListing) {
      const quantity = listingAvailability(listing.parts, shop.stockBuffer);
      if (quantity === listing.pushed) continue;
      const payload: StockPayload = { listingId, listingExternalId: listing.externalId, quantity };
      const [row] = await deps.db
        .insert(channelPushes)
        .values({
          shopId: shop.id,
          kind: 'stock',
          subject: listing.sellerSku,
          payload,
          nextAt: now,
          createdAt: now,
        })
        .onConflictDoUpdate({
          target: [channelPushes.shopId, channelPushes.kind, channelPushes.subject],
          set: { payload, status: 'pending', attempts: 0, nextAt: now, lastError: null, sentAt: null },
          // Already waiting to say this very quantity: leave it be.
          setWhere: sql`not (${channelPushes.status} = 'pending' and ${channelPushes.payload} = ${JSON.stringify(payload)}::jsonb)`,
        })
        .returning({ id: channelPushes.id });
      if (row) armed++;
    }
  }
  return armed;
}

/** Sends the pushes that are due, each claimed first so two workers never send one twice. Returns how many went. */
export async function sendDuePushes(deps: AppDeps, batch = 20): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db
    .select()
    .from(channelPushes)
    .where(and(eq(channelPushes.status, 'pending'), lte(channelPushes.nextAt, now)))
    .orderBy(asc(channelPushes.nextAt))
    .limit(batch);
  let sent = 0;
  for (const push of due) {
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
    if (!claimed) continue;
    const attempts = claimed.attempts + 1;
    try {
      const [shop] = await deps.db.select().from(shops).where(eq(shops.id, claimed.shopId));
      if (!shop) throw new ConnectorError('rejected', 'The shop was removed');
      const connector = connectorFor(deps, await shopCredentialsFor(deps, shop.id), {
        marketplace: shop.marketplace,
      });
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
        const payload = claimed.payload as unknown as ShipmentPayload;
        await connector.confirmShipment(claimed.subject, {
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
 * A push the platform took. A stock push re-armed meanwhile (a newer quantity, same row) stays
 * pending: only the payload that went is marked sent.
 */
async function markSent(db: Executor, id: string, attempts: number, payload: unknown, at: Date) {
  await db
    .update(channelPushes)
    .set({ status: 'sent', attempts, sentAt: at, lastError: null })
    .where(and(eq(channelPushes.id, id), sql`${channelPushes.payload} = ${JSON.stringify(payload)}::jsonb`));
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
