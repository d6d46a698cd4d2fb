// A shop's listings as its platform shows them: pulled page by page (on request, and every few
// hours for each active shop), each kept with the platform's title, price, count on sale and
// whether it is on sale, and with how far that was from ours at the time — our price for what it
// sells in the shop's currency, and the count we would tell the platform. A listing the
// platform shows that we had not seen is added (and linked by SKU code or barcode, as a listing
// first seen on an order is). One pull of a shop at a time; a pull that dies is taken over.
import type { Executor } from '@crossdock/db/client';
import { channelListings, shops, skuPrices, skus, stockLevels } from '@crossdock/db/schema';
import { type ListingComponents, listingAvailability, listingDrift } from '@crossdock/domain/channel-orders';
import { DomainError } from '@crossdock/domain/errors';
import { money } from '@crossdock/domain/money';
import { priceIn } from '@crossdock/domain/prices';
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import {
  ConnectorError,
  type MarketplaceConnector,
  type PulledListing,
  sleep,
  withPlatformRetries,
} from '../../infra/marketplaces/connector';
import { loadPricing } from '../catalog/currencies';
import { type Actor, writeAudit } from '../identity/audit';
import { connectorFor, hasConnector } from './adapters';
import { listingsFor } from './listings.service';
import { shopCredentialsFor } from './shops.service';

/** Each active shop's listings are pulled this often. */
export const LISTINGS_PULL_EVERY_MS = 6 * 3_600_000;
/** A pull whose worker has said nothing for this long has died; another may take it over. */
const PULL_STALE_MS = 10 * 60_000;
/** How many times one page is asked for again when the platform throttles or is down. */
const PAGE_ATTEMPTS = 6;

/** Staff ask for a shop's listings to be pulled now; the pull runs in the background. */
export async function requestListingsPull(deps: AppDeps, actor: Actor, shopId: string) {
  const [shop] = await deps.db.select().from(shops).where(eq(shops.id, shopId));
  if (!shop) throw new DomainError('UNKNOWN_SHOP', 'There is no such shop');
  if (!hasConnector(shop.platform)) {
    throw new DomainError(
      'CONNECTOR_UNAVAILABLE',
      'This platform cannot be reached by API yet: bring its orders in by file',
      { platform: shop.platform },
    );
  }
  await writeAudit(deps.db, actor, {
    action: 'channel.listings_pull_requested',
    entityType: 'shop',
    entityId: shop.id,
    before: null,
    after: null,
  });
  await deps.jobs.enqueue(
    'channels.listings',
    { shopId },
    { id: `listings-${shopId}-${Math.floor(deps.clock.now().getTime() / 60_000)}` },
  );
  return { queued: true as const };
}

/** Starts a pull for every active shop with a connector whose listings are older than six hours. */
export async function pullDueListings(deps: AppDeps): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - LISTINGS_PULL_EVERY_MS);
  const due = await deps.db
    .select({ id: shops.id, platform: shops.platform })
    .from(shops)
    .where(
      and(
        eq(shops.status, 'active'),
        or(isNull(shops.listingsPulledAt), lt(shops.listingsPulledAt, before)),
        or(isNull(shops.listingsPullStartedAt), lt(shops.listingsPullStartedAt, before)),
      ),
    );
  let started = 0;
  for (const shop of due.filter((s) => hasConnector(s.platform))) {
    await deps.jobs.enqueue(
      'channels.listings',
      { shopId: shop.id },
      { id: `listings-${shop.id}-${Math.floor(deps.clock.now().getTime() / 60_000)}` },
    );
    started++;
  }
  return started;
}

/**
 * Pulls a shop's listings to the last page. Returns how many the platform showed, or null when
 * another pull of the shop is running. A failure is kept on the shop for staff to see.
 */
export async function pullShopListings(
  deps: AppDeps,
  shopId: string,
  options: { connector?: MarketplaceConnector; sleep?: (ms: number) => Promise<void> } = {},
): Promise<number | null> {
  const wait = options.sleep ?? sleep;
  const startedAt = deps.clock.now();
  const [shop] = await deps.db
    .update(shops)
    .set({ listingsPullStartedAt: startedAt })
    .where(
      and(
        eq(shops.id, shopId),
        or(
          isNull(shops.listingsPullStartedAt),
          lt(shops.listingsPullStartedAt, new Date(startedAt.getTime() - PULL_STALE_MS)),
        ),
      ),
    )
    .returning();
  if (!shop) return null;
  let pulled = 0;
  try {
    const connector =
      options.connector ??
      connectorFor(deps, await shopCredentialsFor(deps, shop.id), {
        marketplace: shop.marketplace,
        sleep: wait,
      });
    if (!connector.pullListings) throw new ConnectorError('rejected', 'This platform gives no listings');
    const pricing = await loadPricing(deps.db);
    let page: string | null = null;
    do {
      const pullListings = connector.pullListings;
      const result = await withPlatformRetries(() => pullListings(page), { attempts: PAGE_ATTEMPTS, wait });
      const listings = result.listings;
      await deps.db.transaction((tx) => keepListings(tx, shop, listings, pricing, deps.clock.now()));
      pulled += listings.length;
      page = result.next;
      // Still alive: a long pull is not taken over while it works.
      await deps.db
        .update(shops)
        .set({ listingsPullStartedAt: deps.clock.now() })
        .where(eq(shops.id, shop.id));
    } while (page);
    await deps.db
      .update(shops)
      .set({ listingsPullStartedAt: null, listingsPulledAt: deps.clock.now(), listingsPullError: null })
      .where(eq(shops.id, shop.id));
    return pulled;
  } catch (error) {
    if (!(error instanceof ConnectorError)) deps.logger.warn({ err: error, shopId }, 'listings pull failed');
    await deps.db
      .update(shops)
      // Ended, though it failed: the schedule asks again in six hours, not every ten minutes.
      .set({
        listingsPullStartedAt: null,
        listingsPulledAt: deps.clock.now(),
        listingsPullError: (error as Error).message.slice(0, 500),
      })
      .where(eq(shops.id, shop.id));
    if (!(error instanceof ConnectorError) && !(error instanceof DomainError)) throw error;
    return pulled;
  }
}

/** What became of listings kept: added, changed on the platform, as they were; and how many are not linked. */
export interface ListingsTally {
  itemsNew: number;
  itemsUpdated: number;
  itemsUnchanged: number;
  itemsWaiting: number;
}

/**
 * Listings as the platform shows them (a page of a pull, or a products export) kept, each with
 * its drift from ours; a listing we had not seen is added and linked by SKU code or barcode.
 */
export async function keepListings(
  tx: Executor,
  shop: typeof shops.$inferSelect,
  given: readonly PulledListing[],
  pricing: Awaited<ReturnType<typeof loadPricing>>,
  now: Date,
): Promise<ListingsTally> {
  let pulled: readonly PulledListing[];
  const tally: ListingsTally = { itemsNew: 0, itemsUpdated: 0, itemsUnchanged: 0, itemsWaiting: 0 };
  // A SKU twice (two products of a file under one SKU) is kept once, as it last appears.
  // In one order whatever the file's, so batches written at once cannot deadlock on a row.
  pulled = [...new Map(given.map((l) => [l.sellerSku, l])).values()].sort((a, b) =>
    a.sellerSku < b.sellerSku ? -1 : a.sellerSku > b.sellerSku ? 1 : 0,
  );
  if (pulled.length === 0) return tally;
  const before = new Map(
    (
      await tx
        .select({
          sellerSku: channelListings.sellerSku,
          title: channelListings.title,
          price: channelListings.platformPrice,
          currency: channelListings.platformCurrency,
          quantity: channelListings.platformQuantity,
          active: channelListings.platformActive,
        })
        .from(channelListings)
        .where(
          and(
            eq(channelListings.shopId, shop.id),
            inArray(
              channelListings.sellerSku,
              pulled.map((l) => l.sellerSku),
            ),
          ),
        )
    ).map((l) => [l.sellerSku, l]),
  );
  for (const listing of pulled) {
    const held = before.get(listing.sellerSku);
    if (!held) tally.itemsNew++;
    else if (
      held.title !== listing.title ||
      held.price !== (listing.price?.amount ?? null) ||
      held.currency !== (listing.price?.currency ?? null) ||
      held.quantity !== listing.quantity ||
      held.active !== listing.active
    )
      tally.itemsUpdated++;
    else tally.itemsUnchanged++;
  }
  const linked = await listingsFor(
    tx,
    shop.id,
    pulled.map((l) => ({
      sellerSku: l.sellerSku,
      externalId: l.externalId,
      title: l.title,
      barcode: l.barcode,
    })),
    now,
  );
  const ours = await oursFor(tx, shop, linked, pricing);
  for (const listing of pulled) {
    const platform = { price: listing.price, quantity: listing.quantity };
    const drift = listingDrift(platform, ours.get(listing.sellerSku) ?? { price: null, quantity: null });
    await tx
      .update(channelListings)
      .set({
        title: listing.title,
        // An id or barcode we hold (from an order, or staff) is kept; the platform's fills a gap.
        externalId: sql`coalesce(${channelListings.externalId}, ${listing.externalId})`,
        barcode: sql`coalesce(${channelListings.barcode}, ${listing.barcode})`,
        platformPrice: listing.price?.amount ?? null,
        platformCurrency: listing.price?.currency ?? null,
        platformQuantity: listing.quantity,
        platformActive: listing.active,
        pulledAt: now,
        priceDrift: drift.price,
        quantityDrift: drift.quantity,
        updatedAt: now,
      })
      .where(and(eq(channelListings.shopId, shop.id), eq(channelListings.sellerSku, listing.sellerSku)));
  }
  tally.itemsWaiting = new Set(pulled.map((l) => l.sellerSku).filter((sku) => !linked.has(sku))).size;
  return tally;
}

/**
 * Our side of each linked listing: its price in the shop's currency (what its parts sell for
 * here, as many of each as it holds; unknown if a part has no price) and how many it can sell
 * from the shop's warehouse, less the shop's buffer.
 */
async function oursFor(
  tx: Executor,
  shop: typeof shops.$inferSelect,
  linked: ReadonlyMap<string, ListingComponents>,
  pricing: Awaited<ReturnType<typeof loadPricing>>,
) {
  const skuIds = [...new Set([...linked.values()].flatMap((parts) => parts.map((p) => p.skuId)))];
  const result = new Map<string, { price: { amount: number; currency: string } | null; quantity: number }>();
  if (skuIds.length === 0) return result;
  const [skuRows, overrides, stock] = await Promise.all([
    tx
      .select({ id: skus.id, basePrice: skus.basePrice, compareAtPrice: skus.compareAtPrice })
      .from(skus)
      .where(inArray(skus.id, skuIds)),
    tx
      .select()
      .from(skuPrices)
      .where(and(inArray(skuPrices.skuId, skuIds), eq(skuPrices.currency, shop.currency))),
    tx
      .select({ skuId: stockLevels.skuId, onHand: stockLevels.onHand, reserved: stockLevels.reserved })
      .from(stockLevels)
      .where(and(inArray(stockLevels.skuId, skuIds), eq(stockLevels.warehouseId, shop.warehouseId))),
  ]);
  const setting = pricing.rates.get(shop.currency);
  const override = new Map(overrides.map((o) => [o.skuId, o]));
  const unitPrice = new Map<string, number | null>();
  for (const sku of skuRows) {
    if (sku.basePrice === null || !setting) {
      unitPrice.set(sku.id, null);
      continue;
    }
    const own = override.get(sku.id);
    const quote = priceIn(
      {
        basePrice: money(sku.basePrice, pricing.base),
        compareAtPrice: sku.compareAtPrice === null ? null : money(sku.compareAtPrice, pricing.base),
        overrides: own
          ? new Map([
              [
                shop.currency,
                {
                  price: money(own.price, shop.currency),
                  compareAtPrice:
                    own.compareAtPrice === null ? null : money(own.compareAtPrice, shop.currency),
                },
              ],
            ])
          : new Map(),
      },
      setting,
    );
    unitPrice.set(sku.id, quote.price.amount);
  }
  const available = new Map(stock.map((s) => [s.skuId, s.onHand - s.reserved]));
  for (const [sellerSku, parts] of linked) {
    const prices = parts.map((p) => {
      const each = unitPrice.get(p.skuId);
      return each === null || each === undefined ? null : each * p.quantity;
    });
    result.set(sellerSku, {
      price: prices.every((p) => p !== null)
        ? { amount: prices.reduce((sum: number, p) => sum + p!, 0), currency: shop.currency }
        : null,
      quantity: listingAvailability(
        parts.map((p) => ({ quantity: p.quantity, available: available.get(p.skuId) ?? 0 })),
        shop.stockBuffer,
      ),
    });
  }
  return result;
}
