// A shop's listings and their links to our SKUs. A listing is first seen on an order (or pulled
// from the platform); a new one is linked by itself when its seller SKU is one of our SKU codes,
// or else its barcode one of our barcodes. The rest wait, unmatched, for staff to link them by
// hand — to one SKU, or to a bundle of several — and the orders that waited on them then go on.
import type { Executor } from '@crossdock/db/client';
import { isForeignKeyViolation } from '@crossdock/db/errors';
import {
  channelListings,
  channelOrders,
  listingComponents,
  products,
  shops,
  skus,
} from '@crossdock/db/schema';
import type { ListingComponents } from '@crossdock/domain/channel-orders';
import type { LinkListingInput } from '@crossdock/domain/channels';
import { DomainError } from '@crossdock/domain/errors';
import { and, asc, desc, eq, ilike, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { afterCursor, toPage } from '../../infra/cursor';
import { containing } from '../../infra/like';
import { skuChoice } from '../catalog/sku-search';
import { type Actor, writeAudit } from '../identity/audit';

/** An ILIKE pattern for text containing `text`, its wildcards taken literally. */

export interface SeenListing {
  sellerSku: string;
  externalId: string | null;
  title: string;
  barcode: string | null;
}

/**
 * Makes sure every seller SKU seen has its listing, linking new ones by SKU code then barcode,
 * and returns what each linked one sells. Unlinked seller SKUs are not in the map.
 */
export async function listingsFor(
  tx: Executor,
  shopId: string,
  seen: readonly SeenListing[],
  now: Date,
): Promise<Map<string, ListingComponents>> {
  // In one order whatever the lines', so two batches creating the same listings cannot deadlock.
  const unique = [...new Map(seen.map((l) => [l.sellerSku, l])).values()].sort((a, b) =>
    a.sellerSku < b.sellerSku ? -1 : a.sellerSku > b.sellerSku ? 1 : 0,
  );
  if (unique.length === 0) return new Map();
  const created = await tx
    .insert(channelListings)
    .values(unique.map((l) => ({ shopId, ...l, createdAt: now, updatedAt: now })))
    .onConflictDoNothing({ target: [channelListings.shopId, channelListings.sellerSku] })
    .returning({
      id: channelListings.id,
      sellerSku: channelListings.sellerSku,
      barcode: channelListings.barcode,
    });
  if (created.length) await autoLink(tx, created, now);
  return componentsBySellerSku(
    tx,
    shopId,
    unique.map((l) => l.sellerSku),
  );
}

/** New listings linked to the SKU whose code is their seller SKU, or else whose barcode is theirs. */
async function autoLink(
  tx: Executor,
  created: { id: string; sellerSku: string; barcode: string | null }[],
  now: Date,
) {
  const codes = await tx
    .select({ id: skus.id, code: sql<string>`upper(${skus.code})` })
    .from(skus)
    .where(
      inArray(
        sql`upper(${skus.code})`,
        created.map((l) => l.sellerSku.toUpperCase()),
      ),
    );
  const byCode = new Map(codes.map((s) => [s.code, s.id]));
  const barcodes = created.flatMap((l) => (l.barcode ? [l.barcode] : []));
  const byBarcode = new Map(
    barcodes.length
      ? (
          await tx
            .select({ id: skus.id, barcode: skus.barcode })
            .from(skus)
            .where(inArray(skus.barcode, barcodes))
        ).map((s) => [s.barcode!, s.id])
      : [],
  );
  for (const listing of created) {
    const bySku = byCode.get(listing.sellerSku.toUpperCase());
    const skuId = bySku ?? (listing.barcode ? byBarcode.get(listing.barcode) : undefined);
    if (!skuId) continue;
    await tx.insert(listingComponents).values({ listingId: listing.id, skuId, quantity: 1 });
    await tx
      .update(channelListings)
      .set({ linkedBy: bySku ? 'sku' : 'barcode', linkedAt: now, updatedAt: now })
      .where(eq(channelListings.id, listing.id));
  }
}

export async function componentsBySellerSku(
  db: Executor,
  shopId: string,
  sellerSkus: readonly string[],
): Promise<Map<string, ListingComponents>> {
  if (sellerSkus.length === 0) return new Map();
  const rows = await db
    .select({
      sellerSku: channelListings.sellerSku,
      skuId: listingComponents.skuId,
      quantity: listingComponents.quantity,
    })
    .from(channelListings)
    .innerJoin(listingComponents, eq(listingComponents.listingId, channelListings.id))
    .where(
      and(
        eq(channelListings.shopId, shopId),
        inArray(channelListings.sellerSku, [...sellerSkus]),
        isNotNull(channelListings.linkedAt),
      ),
    )
    .orderBy(asc(listingComponents.skuId));
  const map = new Map<string, { skuId: string; quantity: number }[]>();
  for (const row of rows) {
    const parts = map.get(row.sellerSku) ?? [];
    parts.push({ skuId: row.skuId, quantity: row.quantity });
    map.set(row.sellerSku, parts);
  }
  return map;
}

/**
 * Staff link a listing to what it sells, replacing any link it had. Returns its shop, whose
 * orders waiting on it the caller lets in (in their own transactions).
 */
export async function linkListing(
  tx: Executor,
  actor: Actor,
  input: LinkListingInput,
): Promise<{ shopId: string }> {
  const [listing] = await tx
    .select()
    .from(channelListings)
    .where(eq(channelListings.id, input.listingId))
    .for('update');
  if (!listing) throw new DomainError('UNKNOWN_LISTING', 'There is no such listing');
  const before = await tx
    .select({ skuId: listingComponents.skuId, quantity: listingComponents.quantity })
    .from(listingComponents)
    .where(eq(listingComponents.listingId, listing.id));
  await tx.delete(listingComponents).where(eq(listingComponents.listingId, listing.id));
  try {
    await tx.insert(listingComponents).values(input.components.map((c) => ({ listingId: listing.id, ...c })));
  } catch (error) {
    if (isForeignKeyViolation(error))
      throw new DomainError('UNKNOWN_SKU', 'One of these SKUs does not exist');
    throw error;
  }
  await tx
    .update(channelListings)
    .set({ linkedBy: 'staff', linkedAt: actor.at, updatedAt: actor.at })
    .where(eq(channelListings.id, listing.id));
  await writeAudit(tx, actor, {
    action: 'listing.linked',
    entityType: 'channel_listing',
    entityId: listing.id,
    before: { sellerSku: listing.sellerSku, components: before },
    after: { components: input.components },
  });
  return { shopId: listing.shopId };
}

/** Listings, newest first, with what they are linked to and how many orders wait on them. */
export async function listListings(
  db: Executor,
  input: {
    limit: number;
    cursor?: string;
    shopId?: string;
    state: 'unmatched' | 'linked' | 'all';
    drifted?: boolean;
    search?: string;
  },
) {
  const pattern = input.search ? containing(input.search) : null;
  const rows = await db
    .select({
      id: channelListings.id,
      shopId: channelListings.shopId,
      shopName: shops.name,
      platform: shops.platform,
      sellerSku: channelListings.sellerSku,
      externalId: channelListings.externalId,
      title: channelListings.title,
      barcode: channelListings.barcode,
      linkedBy: channelListings.linkedBy,
      linkedAt: channelListings.linkedAt,
      pushedQuantity: channelListings.pushedQuantity,
      pushedAt: channelListings.pushedAt,
      platformPrice: channelListings.platformPrice,
      platformCurrency: channelListings.platformCurrency,
      platformQuantity: channelListings.platformQuantity,
      platformActive: channelListings.platformActive,
      pulledAt: channelListings.pulledAt,
      priceDrift: channelListings.priceDrift,
      quantityDrift: channelListings.quantityDrift,
      createdAt: channelListings.createdAt,
      components: sql<{ skuId: string; code: string; title: string; quantity: number }[]>`coalesce((
        select json_agg(json_build_object('skuId', ${skus.id}, 'code', ${skus.code},
          'title', ${products.title}->>'en', 'quantity', ${listingComponents.quantity}) order by ${skus.code})
        from ${listingComponents}
        join ${skus} on ${skus.id} = ${listingComponents.skuId}
        join ${products} on ${products.id} = ${skus.productId}
        where ${listingComponents.listingId} = ${channelListings.id}), '[]'::json)`,
      waitingOrders: sql<number>`(select count(*)::int from ${channelOrders}
        where ${channelOrders.shopId} = ${channelListings.shopId} and ${channelOrders.waiting} = 'needs_mapping'
          and ${channelOrders.document}->'lines' @> jsonb_build_array(jsonb_build_object('sellerSku', ${channelListings.sellerSku})))`,
    })
    .from(channelListings)
    .innerJoin(shops, eq(shops.id, channelListings.shopId))
    .where(
      and(
        input.shopId ? eq(channelListings.shopId, input.shopId) : undefined,
        input.state === 'unmatched' ? isNull(channelListings.linkedAt) : undefined,
        input.state === 'linked' ? isNotNull(channelListings.linkedAt) : undefined,
        input.drifted
          ? or(sql`${channelListings.priceDrift} <> 0`, sql`${channelListings.quantityDrift} <> 0`)
          : undefined,
        pattern
          ? or(ilike(channelListings.sellerSku, pattern), ilike(channelListings.title, pattern))
          : undefined,
        afterCursor(input.cursor, channelListings.createdAt, channelListings.id, 'desc'),
      ),
    )
    .orderBy(desc(channelListings.createdAt), desc(channelListings.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit);
}

/** A SKU as the link dialog offers it. */

/**
 * Our SKUs most like the listing: products whose searchable text holds any word of its title
 * or seller SKU (ranked by how much of it), and SKU codes like its seller SKU.
 */
export async function linkSuggestions(db: Executor, listingId: string) {
  const [listing] = await db.select().from(channelListings).where(eq(channelListings.id, listingId));
  if (!listing) throw new DomainError('UNKNOWN_LISTING', 'There is no such listing');
  const words = [
    ...new Set(`${listing.title} ${listing.sellerSku}`.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? []),
  ].slice(0, 20);
  const query = sql`websearch_to_tsquery('simple', ${words.join(' or ') || listing.sellerSku})`;
  const codeLikeness = sql`similarity(upper(${listing.sellerSku}), upper(${skus.code}))`;
  const score = sql<number>`(ts_rank(${products.searchVector}, ${query}) + ${codeLikeness})::float8`;
  return db
    .select({ ...skuChoice, score })
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .where(or(sql`${products.searchVector} @@ ${query}`, sql`${codeLikeness} > 0.3`))
    .orderBy(sql`${score} desc`, asc(skus.code))
    .limit(8);
}
