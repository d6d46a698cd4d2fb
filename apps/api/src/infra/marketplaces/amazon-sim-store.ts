// The simulated Amazon's side of a seller: what happens there without us — a seller authorising
// our SP-API app, listing products, buyers placing orders, Amazon's fulfilment centres shipping
// the FBA ones — written as the Orders API v0 would then show it (developer-docs.amazon.com/
// sp-api/docs/orders-api-v0-reference): `Order` objects with Amazon's field names and enums,
// amounts as decimal text, `OrderItem`s whose ItemPrice is the line's price (unit × quantity).
// Tests place orders here as a buyer would; the demo's sellers get a steady trickle of buyers
// (`simulateAmazonTraffic`).

import { randomInt } from 'node:crypto';
import type { Db } from '@crossdock/db/client';
import { simAmazonListings, simAmazonOrders, simAmazonSellers } from '@crossdock/db/schema';
import {
  type AmazonMarketplaceId,
  amazonMarketplaces,
  amazonPricesIncludeTax,
} from '@crossdock/domain/channels';
import { fromDecimalString, money, toDecimalString } from '@crossdock/domain/money';
import type { Order, OrderItem } from '@sp-api-sdk/orders-api-v0';
import { and, asc, eq, gt, gte, lt, lte, sql } from 'drizzle-orm';
import { random as seeded } from '../../seed/random';
import { allOrdersReport, allOrdersRows, settlementReport } from './amazon-reports';

export interface SimulatedAmazonSeller {
  sellingPartnerId: string;
  storeName: string;
  region: 'na' | 'eu' | 'fe';
  marketplaceIds: AmazonMarketplaceId[];
  lwaClientId: string;
  lwaClientSecret: string;
  refreshToken: string;
  /** A bigger usage plan than Amazon's default (rates and bursts × this). */
  rateMultiplier?: number;
  /** Buyers' orders an hour, from `simulateAmazonTraffic` (0: none by themselves). */
  ordersPerHour?: number;
}

/** A seller authorises the app in the simulated Amazon (the demo's, or a test's). */
export async function openSimulatedAmazonSeller(db: Db, seller: SimulatedAmazonSeller): Promise<void> {
  await db.insert(simAmazonSellers).values(seller).onConflictDoNothing();
}

export interface SimulatedAmazonListing {
  marketplaceId: AmazonMarketplaceId;
  sellerSku: string;
  asin?: string;
  title: string;
  /** Decimal text in the marketplace's currency. */
  price: string;
  fulfillmentChannel?: 'MFN' | 'AFN';
}

/** A ten-character ASIN, B0 and eight more, the same for the same SKU. */
export function asinFor(sellerSku: string): string {
  let hash = 2166136261;
  for (const c of sellerSku) hash = Math.imul(hash ^ c.charCodeAt(0), 16777619) >>> 0;
  return `B0${hash.toString(36).toUpperCase().padStart(8, '0').slice(-8)}`;
}

export async function addSimulatedAmazonListings(
  db: Db,
  sellingPartnerId: string,
  listings: readonly SimulatedAmazonListing[],
): Promise<void> {
  if (listings.length === 0) return;
  await db
    .insert(simAmazonListings)
    .values(
      listings.map((l) => ({
        sellingPartnerId,
        fulfillmentChannel: 'MFN' as const,
        ...l,
        asin: l.asin ?? asinFor(l.sellerSku),
      })),
    )
    .onConflictDoNothing();
}

export interface BuyerOrder {
  marketplaceId: AmazonMarketplaceId;
  buyer: { name: string; email?: string };
  address: { line1: string; city: string; region?: string; postalCode: string; countryCode: string };
  lines: { sellerSku: string; quantity: number }[];
  /** Shipping charged per line, decimal text (Amazon puts it on the items). */
  shipping?: string;
  /** Tax as a share of the price: on top in the US and Canada, inside it elsewhere (VAT, JCT). */
  taxRate?: number;
  /** Pending: the buyer's payment is not yet authorised. Defaults to Unshipped. */
  status?: 'Pending' | 'Unshipped';
  isPrime?: boolean;
  at: Date;
}

const taxOnTop = (marketplaceId: string) => !amazonPricesIncludeTax(marketplaceId);

const pad7 = (n: number) => String(n).padStart(7, '0');

/** An order id in Amazon's 3-7-7 form. */
const newOrderId = (marketplaceId: string) =>
  `${marketplaceId === 'ATVPDKIKX0DER' ? 1 : marketplaceId === 'A1VC38T7YXB528' ? 5 : 3}${String(
    randomInt(10, 100),
  )}-${pad7(randomInt(10_000_000))}-${pad7(randomInt(10_000_000))}`;

const amount = (minor: number, currency: string) => ({
  CurrencyCode: currency,
  Amount: toDecimalString(money(minor, currency)),
});

/** Buyers check out: the orders as Amazon records them. Returns their AmazonOrderIds. */
export async function placeSimulatedAmazonOrders(
  db: Db,
  sellingPartnerId: string,
  buyerOrders: readonly BuyerOrder[],
): Promise<string[]> {
  const listings = new Map(
    (
      await db
        .select()
        .from(simAmazonListings)
        .where(eq(simAmazonListings.sellingPartnerId, sellingPartnerId))
    ).map((l) => [`${l.marketplaceId}/${l.sellerSku}`, l]),
  );
  const ids: string[] = [];
  for (let start = 0; start < buyerOrders.length; start += 500) {
    const rows = buyerOrders.slice(start, start + 500).map((order) => {
      const { document, items } = amazonOrderDocument(order, (sku) => {
        const listing = listings.get(`${order.marketplaceId}/${sku}`);
        if (!listing) throw new Error(`${sellingPartnerId} lists no ${sku} in ${order.marketplaceId}`);
        return listing;
      });
      return {
        amazonOrderId: document.AmazonOrderId,
        sellingPartnerId,
        marketplaceId: order.marketplaceId,
        purchaseDate: order.at,
        lastUpdateDate: order.at,
        order: document as unknown as Record<string, unknown>,
        items: items as unknown as Record<string, unknown>[],
      };
    });
    await db.insert(simAmazonOrders).values(rows);
    ids.push(...rows.map((r) => r.amazonOrderId));
  }
  return ids;
}

export async function placeSimulatedAmazonOrder(
  db: Db,
  sellingPartnerId: string,
  order: BuyerOrder,
): Promise<string> {
  const [id] = await placeSimulatedAmazonOrders(db, sellingPartnerId, [order]);
  return id!;
}

/** The order and its items as the Orders API shows them. */
function amazonOrderDocument(
  order: BuyerOrder,
  listingOf: (sellerSku: string) => typeof simAmazonListings.$inferSelect,
): { document: Order; items: OrderItem[] } {
  const market = amazonMarketplaces[order.marketplaceId];
  const currency = market.currency;
  const onTop = taxOnTop(order.marketplaceId);
  const rate = order.taxRate ?? 0;
  const shippingEach = order.shipping ? fromDecimalString(order.shipping, currency).amount : 0;
  const channels = new Set<string>();
  let total = 0;
  const items: OrderItem[] = order.lines.map((line, i) => {
    const listing = listingOf(line.sellerSku);
    channels.add(listing.fulfillmentChannel);
    const price = fromDecimalString(listing.price, currency).amount * line.quantity;
    const shipping = i === 0 ? shippingEach : 0;
    const taxOf = (gross: number) => Math.round(onTop ? gross * rate : gross - gross / (1 + rate));
    total += price + shipping + (onTop ? taxOf(price) + taxOf(shipping) : 0);
    return {
      ASIN: listing.asin,
      SellerSKU: listing.sellerSku,
      OrderItemId: `${pad7(randomInt(10_000_000))}${pad7(randomInt(10_000_000))}`,
      Title: listing.title,
      QuantityOrdered: line.quantity,
      QuantityShipped: 0,
      ProductInfo: { NumberOfItems: '1' },
      ItemPrice: amount(price, currency),
      ItemTax: amount(taxOf(price), currency),
      ShippingPrice: amount(shipping, currency),
      ShippingTax: amount(taxOf(shipping), currency),
      ShippingDiscount: amount(0, currency),
      ShippingDiscountTax: amount(0, currency),
      PromotionDiscount: amount(0, currency),
      PromotionDiscountTax: amount(0, currency),
      PromotionIds: [],
      IsGift: 'false',
      ConditionId: 'New',
      ConditionSubtypeId: 'New',
      IsTransparency: false,
      SerialNumberRequired: false,
    };
  });
  // One order is fulfilled one way: by Amazon (AFN) when what it sells sits at Amazon.
  const fulfillmentChannel = channels.has('MFN') ? 'MFN' : 'AFN';
  const at = order.at.toISOString();
  const shipBy = new Date(order.at.getTime() + 2 * 86_400_000).toISOString();
  const status = order.status ?? 'Unshipped';
  const units = order.lines.reduce((n, l) => n + l.quantity, 0);
  const document: Order = {
    AmazonOrderId: newOrderId(order.marketplaceId),
    PurchaseDate: at,
    LastUpdateDate: at,
    OrderStatus: status,
    FulfillmentChannel: fulfillmentChannel,
    SalesChannel: `Amazon.${market.site.slice('amazon.'.length)}`,
    ShipServiceLevel: fulfillmentChannel === 'AFN' ? 'Expedited' : `Std ${market.country} Dom_1`,
    // Amazon gives no total while the payment is pending.
    ...(status === 'Pending' ? {} : { OrderTotal: amount(total, currency) }),
    NumberOfItemsShipped: 0,
    NumberOfItemsUnshipped: units,
    PaymentMethod: 'Other',
    PaymentMethodDetails: ['Standard'],
    MarketplaceId: order.marketplaceId,
    ShipmentServiceLevelCategory: fulfillmentChannel === 'AFN' ? 'Expedited' : 'Standard',
    OrderType: 'StandardOrder',
    EarliestShipDate: at,
    LatestShipDate: shipBy,
    IsBusinessOrder: false,
    IsPrime: order.isPrime ?? fulfillmentChannel === 'AFN',
    IsPremiumOrder: false,
    IsGlobalExpressEnabled: false,
    IsReplacementOrder: false,
    IsSoldByAB: false,
    IsISPU: false,
    IsAccessPointOrder: false,
    HasRegulatedItems: false,
    ShippingAddress: {
      Name: order.buyer.name,
      AddressLine1: order.address.line1,
      City: order.address.city,
      ...(order.address.region ? { StateOrRegion: order.address.region } : {}),
      PostalCode: order.address.postalCode,
      CountryCode: order.address.countryCode,
      AddressType: 'Residential',
    },
    BuyerInfo: {
      // Amazon hides the buyer's address behind one of its own that relays to them.
      BuyerEmail:
        order.buyer.email ??
        `${pad7(randomInt(10_000_000)).slice(0, 5)}${order.buyer.name.split(' ')[0]!.toLowerCase()}@marketplace.${market.site}`,
      BuyerName: order.buyer.name,
    },
  };
  return { document, items };
}

/**
 * Something happens to an order on Amazon: the buyer's payment clears (Pending → Unshipped),
 * Amazon's fulfilment centre ships an FBA order, the seller confirms a shipment, or the order is
 * cancelled. LastUpdateDate moves to `at`.
 */
export async function changeSimulatedAmazonOrder(
  db: Db,
  amazonOrderId: string,
  change: 'paid' | 'shipped' | 'cancelled',
  at: Date,
): Promise<void> {
  const [row] = await db
    .select()
    .from(simAmazonOrders)
    .where(eq(simAmazonOrders.amazonOrderId, amazonOrderId));
  if (!row) throw new Error(`No simulated Amazon order ${amazonOrderId}`);
  const order = { ...(row.order as unknown as Order), LastUpdateDate: at.toISOString() };
  let items = row.items as unknown as OrderItem[];
  const currency = amazonMarketplaces[row.marketplaceId as AmazonMarketplaceId].currency;
  if (change === 'paid') {
    order.OrderStatus = 'Unshipped';
    const fields = taxOnTop(row.marketplaceId)
      ? (['ItemPrice', 'ShippingPrice', 'ItemTax', 'ShippingTax'] as const)
      : (['ItemPrice', 'ShippingPrice'] as const);
    const total = items
      .flatMap((item) => fields.map((field) => item[field]?.Amount ?? '0'))
      .reduce((sum, decimal) => sum + fromDecimalString(decimal, currency).amount, 0);
    order.OrderTotal = amount(total, currency);
  }
  if (change === 'shipped') {
    order.OrderStatus = 'Shipped';
    items = items.map((item) => ({ ...item, QuantityShipped: item.QuantityOrdered }));
    order.NumberOfItemsShipped = items.reduce((n, i) => n + i.QuantityOrdered, 0);
    order.NumberOfItemsUnshipped = 0;
  }
  if (change === 'cancelled') {
    order.OrderStatus = 'Canceled';
    order.NumberOfItemsUnshipped = 0;
    delete order.OrderTotal;
  }
  await saveSimulatedAmazonOrder(db, amazonOrderId, order, items, at);
}

/** An order as Amazon now holds it, changed at `at`. */
export async function saveSimulatedAmazonOrder(
  db: Db,
  amazonOrderId: string,
  order: Order,
  items: OrderItem[],
  at: Date,
): Promise<void> {
  await db
    .update(simAmazonOrders)
    .set({
      order: order as unknown as Record<string, unknown>,
      items: items as unknown as Record<string, unknown>[],
      lastUpdateDate: at,
    })
    .where(eq(simAmazonOrders.amazonOrderId, amazonOrderId));
}

const buyers: Record<string, { name: string; city: string; region?: string; postalCode: string }[]> = {
  US: [
    { name: 'Sophia Turner', city: 'Phoenix', region: 'AZ', postalCode: '85004' },
    { name: 'James Walker', city: 'Atlanta', region: 'GA', postalCode: '30303' },
    { name: 'Isabella Young', city: 'San Diego', region: 'CA', postalCode: '92101' },
    { name: 'Benjamin Hall', city: 'Columbus', region: 'OH', postalCode: '43215' },
  ],
  DE: [
    { name: 'Lena Schmidt', city: 'Hamburg', postalCode: '20095' },
    { name: 'Jonas Müller', city: 'München', postalCode: '80331' },
    { name: 'Mia Fischer', city: 'Köln', postalCode: '50667' },
    { name: 'Felix Weber', city: 'Berlin', postalCode: '10115' },
  ],
  JP: [
    { name: '佐藤 陽菜', city: '渋谷区', region: '東京都', postalCode: '150-0002' },
    { name: '鈴木 蓮', city: '大阪市北区', region: '大阪府', postalCode: '530-0001' },
    { name: '高橋 結衣', city: '名古屋市中区', region: '愛知県', postalCode: '460-0008' },
  ],
};

/** VAT or consumption tax inside the price, or sales tax on top, by country. */
const taxRates: Record<string, number> = { US: 0.07, DE: 0.19, JP: 0.1, GB: 0.2, FR: 0.2 };

/**
 * Buyers' orders on a seller's marketplaces from its last visit up to `now`, at its
 * `ordersPerHour` (none for more than a week back): one or two listings each; now and then one
 * cancelled, and FBA orders shipped by Amazon a few hours after they were placed. A seller's
 * past (the demo's month of trade) is played with `from` and a rate of its own. Returns how
 * many were placed.
 */
export async function simulateAmazonTraffic(
  db: Db,
  sellingPartnerId: string,
  now: Date,
  past?: { from: Date; ordersPerHour: number },
): Promise<number> {
  const [seller] = await db
    .select()
    .from(simAmazonSellers)
    .where(eq(simAmazonSellers.sellingPartnerId, sellingPartnerId));
  const rate = past?.ordersPerHour ?? seller?.ordersPerHour ?? 0;
  if (!seller || rate <= 0) return 0;
  const since =
    past?.from.getTime() ??
    Math.max(seller.trafficAt?.getTime() ?? now.getTime() - 3_600_000, now.getTime() - 7 * 86_400_000);
  const count = Math.floor(((now.getTime() - since) / 3_600_000) * rate);
  if (count <= 0) return 0;
  const listings = await db
    .select()
    .from(simAmazonListings)
    .where(eq(simAmazonListings.sellingPartnerId, sellingPartnerId));
  if (listings.length === 0) return 0;
  const random = seeded(Math.floor(since / 1000) ^ sellingPartnerId.length).next;
  const step = (now.getTime() - since) / count;
  const placed: BuyerOrder[] = [];
  const cancelled: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(Math.floor(since + step * (i + 1)));
    const first = listings[Math.floor(random() * listings.length)]!;
    const marketplaceId = first.marketplaceId as AmazonMarketplaceId;
    const country = amazonMarketplaces[marketplaceId].country;
    const sameMarket = listings.filter(
      (l) => l.marketplaceId === marketplaceId && l.fulfillmentChannel === first.fulfillmentChannel,
    );
    const second = random() < 0.3 ? sameMarket[Math.floor(random() * sameMarket.length)] : undefined;
    const people = buyers[country] ?? buyers.US!;
    const buyer = people[Math.floor(random() * people.length)]!;
    placed.push({
      marketplaceId,
      buyer: { name: buyer.name },
      address: {
        line1: `${1 + Math.floor(random() * 200)} ${country === 'DE' ? 'Hauptstraße' : 'Main St'}`,
        countryCode: country,
        ...buyer,
      },
      lines: [first, ...(second && second.id !== first.id ? [second] : [])].map((l) => ({
        sellerSku: l.sellerSku,
        quantity: 1 + Math.floor(random() * 2),
      })),
      taxRate: taxRates[country] ?? 0,
      at,
    });
    if (random() < 0.03) cancelled.push(i);
  }
  const ids = await placeSimulatedAmazonOrders(db, sellingPartnerId, placed);
  for (const i of cancelled) {
    const at = new Date(Math.min(placed[i]!.at.getTime() + 900_000, now.getTime()));
    await changeSimulatedAmazonOrder(db, ids[i]!, 'cancelled', at);
  }
  await db
    .update(simAmazonSellers)
    .set({ trafficAt: now })
    .where(eq(simAmazonSellers.sellingPartnerId, sellingPartnerId));
  // A seller's past was never synced: its shipments are dated when they happened, and the
  // seller had shipped its own orders within two days, as sellers do (from Seller Central).
  await shipDueAmazonFulfilledOrders(db, sellingPartnerId, now, past ? 'when_due' : 'now');
  if (past) await shipSellersPast(db, sellingPartnerId, now);
  return count;
}

/**
 * Amazon's fulfilment centres ship FBA orders four hours after they were placed. The change is
 * dated when it is made (a LastUpdateDate never behind a sync's cursor), or, for a seller's
 * past that no sync has read yet, when it was due.
 */
export async function shipDueAmazonFulfilledOrders(
  db: Db,
  sellingPartnerId: string,
  now: Date,
  dated: 'now' | 'when_due' = 'now',
): Promise<number> {
  const waiting = await db
    .select({ id: simAmazonOrders.amazonOrderId, purchaseDate: simAmazonOrders.purchaseDate })
    .from(simAmazonOrders)
    .where(
      and(
        eq(simAmazonOrders.sellingPartnerId, sellingPartnerId),
        sql`${simAmazonOrders.order}->>'FulfillmentChannel' = 'AFN'`,
        sql`${simAmazonOrders.order}->>'OrderStatus' = 'Unshipped'`,
        lte(simAmazonOrders.purchaseDate, new Date(now.getTime() - 4 * 3_600_000)),
      ),
    );
  for (const order of waiting) {
    const due = new Date(order.purchaseDate.getTime() + 4 * 3_600_000);
    await changeSimulatedAmazonOrder(db, order.id, 'shipped', dated === 'now' ? now : due);
  }
  return waiting.length;
}

/** The seller's own orders older than two days, shipped two days after they were bought. */
async function shipSellersPast(db: Db, sellingPartnerId: string, now: Date): Promise<void> {
  const old = await db
    .select({ id: simAmazonOrders.amazonOrderId, purchaseDate: simAmazonOrders.purchaseDate })
    .from(simAmazonOrders)
    .where(
      and(
        eq(simAmazonOrders.sellingPartnerId, sellingPartnerId),
        sql`${simAmazonOrders.order}->>'FulfillmentChannel' = 'MFN'`,
        sql`${simAmazonOrders.order}->>'OrderStatus' = 'Unshipped'`,
        lte(simAmazonOrders.purchaseDate, new Date(now.getTime() - 2 * 86_400_000)),
      ),
    );
  for (const order of old) {
    await changeSimulatedAmazonOrder(
      db,
      order.id,
      'shipped',
      new Date(order.purchaseDate.getTime() + 2 * 86_400_000),
    );
  }
}

/** Every simulated seller's buyers, up to `now` (the demo's scheduled traffic). */
export async function simulateAllAmazonTraffic(db: Db, now: Date): Promise<number> {
  const sellers = await db
    .select({ id: simAmazonSellers.sellingPartnerId })
    .from(simAmazonSellers)
    .where(gt(simAmazonSellers.ordersPerHour, 0));
  let placed = 0;
  for (const seller of sellers) placed += await simulateAmazonTraffic(db, seller.id, now);
  return placed;
}

/**
 * The seller's All Orders report for a marketplace, orders last updated in [from, to], as
 * Seller Central's "Order reports" page downloads it (and the Reports API's document holds).
 */
export async function simulatedAllOrdersReport(
  db: Db,
  sellingPartnerId: string,
  window: { marketplaceId: string; from: Date; to: Date },
): Promise<string> {
  const rows = await db
    .select()
    .from(simAmazonOrders)
    .where(
      and(
        eq(simAmazonOrders.sellingPartnerId, sellingPartnerId),
        eq(simAmazonOrders.marketplaceId, window.marketplaceId),
        gte(simAmazonOrders.lastUpdateDate, window.from),
        lte(simAmazonOrders.lastUpdateDate, window.to),
      ),
    )
    .orderBy(asc(simAmazonOrders.purchaseDate), asc(simAmazonOrders.amazonOrderId));
  return allOrdersReport(
    rows.flatMap((r) => allOrdersRows(r.order as unknown as Order, r.items as unknown as OrderItem[])),
  );
}

/**
 * The seller's settlement of a marketplace for [from, to): the orders Amazon shipped in it (last
 * updated then, shipped), as the settlement report (V2) writes them.
 */
export async function simulatedSettlementReport(
  db: Db,
  sellingPartnerId: string,
  settlement: { id: string; marketplaceId: string; from: Date; to: Date },
): Promise<string> {
  const rows = await db
    .select()
    .from(simAmazonOrders)
    .where(
      and(
        eq(simAmazonOrders.sellingPartnerId, sellingPartnerId),
        eq(simAmazonOrders.marketplaceId, settlement.marketplaceId),
        gte(simAmazonOrders.lastUpdateDate, settlement.from),
        lt(simAmazonOrders.lastUpdateDate, settlement.to),
        sql`${simAmazonOrders.order}->>'OrderStatus' = 'Shipped'`,
      ),
    )
    .orderBy(asc(simAmazonOrders.lastUpdateDate), asc(simAmazonOrders.amazonOrderId));
  const market = amazonMarketplaces[settlement.marketplaceId as AmazonMarketplaceId]!;
  return settlementReport(
    {
      id: settlement.id,
      from: settlement.from,
      to: settlement.to,
      currency: market.currency,
      marketplaceName: `Amazon.${market.site.replace(/^amazon\./, '')}`,
    },
    rows.map((r) => ({ order: r.order as unknown as Order, items: r.items as unknown as OrderItem[] })),
  );
}
