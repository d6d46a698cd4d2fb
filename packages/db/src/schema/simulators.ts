// The simulated payment providers' and carriers' own books — not the shop's. A real provider or
// carrier keeps these on its side; the simulators keep them here so the API can host the cashier
// page, send (and retry) signed notifications and tracking events, answer status queries,
// refunds and polls, and write a settlement file, whichever API process handles the request.
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, createdAt, money } from './columns';

export const simTransactions = pgTable(
  'sim_transactions',
  {
    /** The provider's trade number. */
    id: text().primaryKey(),
    provider: text().notNull(),
    /** The merchant's reference: our payment id. */
    merchantRef: text().notNull(),
    amount: money().notNull(),
    currency: text().notNull(),
    subject: text().notNull(),
    status: text({ enum: ['open', 'paid', 'failed'] })
      .notNull()
      .default('open'),
    notifyUrl: text().notNull(),
    returnUrl: text().notNull(),
    /** The provider's fee, kept back from what it settles. */
    fee: money().notNull().default(0),
    createdAt: createdAt(),
    settledAt: at(),
    notifyAttempts: integer().notNull().default(0),
    nextNotifyAt: at(),
    notifiedAt: at(),
    lastNotifyStatus: integer(),
  },
  (t) => [
    uniqueIndex('sim_transactions_merchant_ref_key').on(t.provider, t.merchantRef),
    index('sim_transactions_notify_idx').on(t.nextNotifyAt).where(sql`${t.notifiedAt} is null`),
    check('sim_transactions_status_check', sql`${t.status} in ('open', 'paid', 'failed')`),
  ],
);

export const simRefunds = pgTable(
  'sim_refunds',
  {
    id: text().primaryKey(),
    transactionId: text()
      .notNull()
      .references(() => simTransactions.id, { onDelete: 'restrict' }),
    /** The merchant's refund id: asking twice with it refunds once. */
    merchantRefundRef: text().notNull(),
    amount: money().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('sim_refunds_merchant_ref_key').on(t.merchantRefundRef),
    check('sim_refunds_amount_check', sql`${t.amount} > 0`),
  ],
);

/** The simulated carriers' parcels and the tracking events they will emit, each when due. */
export const simParcels = pgTable('sim_parcels', {
  trackingNumber: text().primaryKey(),
  carrier: text().notNull(),
  notifyUrl: text().notNull(),
  createdAt: createdAt(),
});

export const simParcelEvents = pgTable(
  'sim_parcel_events',
  {
    id: text().primaryKey(),
    trackingNumber: text()
      .notNull()
      .references(() => simParcels.trackingNumber, { onDelete: 'cascade' }),
    seq: integer().notNull(),
    kind: text().notNull(),
    location: text().notNull(),
    description: text().notNull(),
    /** When it happens; the emitter sends it from then on, retrying until the shop answers 2xx. */
    dueAt: at().notNull(),
    sentAt: at(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: at(),
  },
  (t) => [
    uniqueIndex('sim_parcel_events_seq_key').on(t.trackingNumber, t.seq),
    index('sim_parcel_events_due_idx').on(t.nextAttemptAt).where(sql`${t.sentAt} is null`),
  ],
);

/**
 * The simulated Shopify's stores: what Shopify keeps about a shop our connector reaches (its
 * myshopify.com domain, the Admin API access token a custom app was given, the secret its
 * webhooks are signed with, the shop's currency and time zone).
 */
export const simShopifyStores = pgTable('sim_shopify_stores', {
  domain: text().primaryKey(),
  name: text().notNull(),
  currency: text().notNull(),
  timeZone: text().notNull(),
  accessToken: text().notNull(),
  webhookSecret: text().notNull(),
  /** The leaky bucket GraphQL calls draw their cost from (Shopify's: 2000 points, 100 a second). */
  bucketSize: integer().notNull().default(2000),
  restoreRate: integer().notNull().default(100),
  bucketAvailable: doublePrecision().notNull().default(2000),
  bucketAt: at().notNull().defaultNow(),
  /** A fault to play: this many next calls answer 503, as Shopify does when it is unwell. */
  failNextCalls: integer().notNull().default(0),
  /** Shoppers' orders come on their own from here on (the demo's traffic), this many an hour. */
  ordersPerHour: integer().notNull().default(0),
  trafficAt: at(),
  createdAt: createdAt(),
});

/** The store's variants, by the SKU and barcode the merchant gave them. */
export const simShopifyVariants = pgTable(
  'sim_shopify_variants',
  {
    id: bigint({ mode: 'number' }).generatedAlwaysAsIdentity().primaryKey(),
    domain: text()
      .notNull()
      .references(() => simShopifyStores.domain, { onDelete: 'cascade' }),
    sku: text(),
    barcode: text(),
    title: text().notNull(),
    /** Decimal text in the store's currency, as Shopify gives prices. */
    price: text().notNull(),
    /** What is available at the store's location (inventorySetQuantities); null: never set. */
    available: integer(),
  },
  (t) => [index('sim_shopify_variants_domain_idx').on(t.domain)],
);

/**
 * The store's orders, each as the Admin API's Order object holds it (the fields our connector
 * reads, with Shopify's names); `updatedAt` is what `orders(query: "updated_at:>…")` filters on.
 */
export const simShopifyOrders = pgTable(
  'sim_shopify_orders',
  {
    id: bigint({ mode: 'number' }).generatedAlwaysAsIdentity({ startWith: 5_100_000_001 }).primaryKey(),
    domain: text()
      .notNull()
      .references(() => simShopifyStores.domain, { onDelete: 'cascade' }),
    /** The store's order number, #1001 onwards. */
    number: integer().notNull(),
    document: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: at().notNull(),
    updatedAt: at().notNull(),
  },
  (t) => [
    uniqueIndex('sim_shopify_orders_number_key').on(t.domain, t.number),
    index('sim_shopify_orders_updated_idx').on(t.domain, t.updatedAt, t.id),
  ],
);

/** What an app asked the store to tell it (`webhookSubscriptionCreate`): a topic, to a URL. */
export const simShopifyWebhookSubscriptions = pgTable(
  'sim_shopify_webhook_subscriptions',
  {
    id: bigint({ mode: 'number' }).generatedAlwaysAsIdentity({ startWith: 8_000_001 }).primaryKey(),
    domain: text()
      .notNull()
      .references(() => simShopifyStores.domain, { onDelete: 'cascade' }),
    /** Shopify's enum: ORDERS_CREATE, ORDERS_UPDATED. */
    topic: text().notNull(),
    callbackUrl: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('sim_shopify_webhook_subscriptions_key').on(t.domain, t.topic, t.callbackUrl)],
);

/**
 * Webhooks the store owes: the body as Shopify sends it (the REST resource's JSON), signed when
 * sent; retried with backoff until the app answers 2xx, as Shopify retries (up to 8 times).
 */
export const simShopifyWebhookDeliveries = pgTable(
  'sim_shopify_webhook_deliveries',
  {
    /** Sent as X-Shopify-Webhook-Id. */
    id: uuid().primaryKey().defaultRandom(),
    domain: text()
      .notNull()
      .references(() => simShopifyStores.domain, { onDelete: 'cascade' }),
    /** As the X-Shopify-Topic header writes it: orders/create, orders/updated. */
    topic: text().notNull(),
    callbackUrl: text().notNull(),
    body: text().notNull(),
    attempts: integer().notNull().default(0),
    nextAt: at().notNull(),
    deliveredAt: at(),
    lastStatus: integer(),
    createdAt: createdAt(),
  },
  (t) => [index('sim_shopify_webhook_deliveries_due_idx').on(t.nextAt).where(sql`${t.deliveredAt} is null`)],
);

/**
 * The simulated Amazon's selling partners: what Amazon keeps about a seller our SP-API app
 * reaches — the LWA client the app signs in with and the refresh token the seller's
 * authorisation gave it, the region whose endpoint serves the seller, the marketplaces the seller
 * sells in, and the seller's usage plan (Amazon's default rates × `rate_multiplier`).
 */
export const simAmazonSellers = pgTable(
  'sim_amazon_sellers',
  {
    sellingPartnerId: text().primaryKey(),
    storeName: text().notNull(),
    /** na, eu or fe: sellingpartnerapi-{region}.amazon.com. */
    region: text().notNull(),
    marketplaceIds: text().array().notNull(),
    lwaClientId: text().notNull(),
    lwaClientSecret: text().notNull(),
    refreshToken: text().notNull(),
    rateMultiplier: doublePrecision().notNull().default(1),
    /** A fault to play: this many next calls answer 503, as SP-API does when it is unwell. */
    failNextCalls: integer().notNull().default(0),
    /** Buyers' orders come on their own from here on (the demo's traffic), this many an hour. */
    ordersPerHour: doublePrecision().notNull().default(0),
    trafficAt: at(),
    createdAt: createdAt(),
  },
  (t) => [check('sim_amazon_sellers_region_check', sql`${t.region} in ('na', 'eu', 'fe')`)],
);

/** What the seller lists in a marketplace: seller SKU, ASIN, price and who fulfils it (MFN or AFN). */
export const simAmazonListings = pgTable(
  'sim_amazon_listings',
  {
    id: bigint({ mode: 'number' }).generatedAlwaysAsIdentity().primaryKey(),
    sellingPartnerId: text()
      .notNull()
      .references(() => simAmazonSellers.sellingPartnerId, { onDelete: 'cascade' }),
    marketplaceId: text().notNull(),
    sellerSku: text().notNull(),
    asin: text().notNull(),
    title: text().notNull(),
    /** Decimal text in the marketplace's currency, as SP-API gives amounts. */
    price: text().notNull(),
    fulfillmentChannel: text().notNull(),
    /** What the seller said it can sell (Listings Items fulfillment_availability); null: never said. */
    quantity: integer(),
  },
  (t) => [
    uniqueIndex('sim_amazon_listings_sku_key').on(t.sellingPartnerId, t.marketplaceId, t.sellerSku),
    check('sim_amazon_listings_channel_check', sql`${t.fulfillmentChannel} in ('MFN', 'AFN')`),
  ],
);

/**
 * The seller's orders, each as the Orders API v0 shows it: the `Order` object (with the
 * restricted ShippingAddress and BuyerInfo that only a Restricted Data Token reads) and its
 * `OrderItem`s. `last_update_date` is what `getOrders(LastUpdatedAfter…)` filters on.
 */
export const simAmazonOrders = pgTable(
  'sim_amazon_orders',
  {
    amazonOrderId: text().primaryKey(),
    sellingPartnerId: text()
      .notNull()
      .references(() => simAmazonSellers.sellingPartnerId, { onDelete: 'cascade' }),
    marketplaceId: text().notNull(),
    purchaseDate: at().notNull(),
    lastUpdateDate: at().notNull(),
    order: jsonb().$type<Record<string, unknown>>().notNull(),
    items: jsonb().$type<Record<string, unknown>[]>().notNull(),
  },
  (t) => [
    index('sim_amazon_orders_updated_idx').on(
      t.sellingPartnerId,
      t.marketplaceId,
      t.lastUpdateDate,
      t.amazonOrderId,
    ),
    index('sim_amazon_orders_created_idx').on(t.sellingPartnerId, t.marketplaceId, t.purchaseDate),
  ],
);

/**
 * SP-API's usage plans: a token bucket per seller and operation (getOrders 0.0167 a second with
 * a burst of 20, getOrderItems 0.5 and 30…); a call the bucket cannot pay is 429 QuotaExceeded.
 */
export const simAmazonRateBuckets = pgTable(
  'sim_amazon_rate_buckets',
  {
    sellingPartnerId: text()
      .notNull()
      .references(() => simAmazonSellers.sellingPartnerId, { onDelete: 'cascade' }),
    operation: text().notNull(),
    tokens: doublePrecision().notNull(),
    at: at().notNull(),
  },
  (t) => [primaryKey({ columns: [t.sellingPartnerId, t.operation] })],
);

/**
 * Reports a seller's app asked the simulated Amazon for (Reports API 2021-06-30 createReport):
 * the type, marketplaces and window; Amazon processes them for a few seconds (IN_QUEUE,
 * IN_PROGRESS, DONE) and then names the document to download.
 */
export const simAmazonReports = pgTable('sim_amazon_reports', {
  reportId: text().primaryKey(),
  sellingPartnerId: text()
    .notNull()
    .references(() => simAmazonSellers.sellingPartnerId, { onDelete: 'cascade' }),
  reportType: text().notNull(),
  marketplaceIds: text().array().notNull(),
  dataStartTime: at().notNull(),
  dataEndTime: at().notNull(),
  documentId: text().notNull(),
  createdAt: at().notNull(),
});

/**
 * Feed documents of the simulated Amazon (Feeds API 2021-06-30): what a seller's app uploaded to
 * the URL createFeedDocument gave (empty until then), and the processing reports Amazon writes
 * back. The URL is the credential, as a pre-signed one is.
 */
export const simAmazonFeedDocuments = pgTable('sim_amazon_feed_documents', {
  feedDocumentId: text().primaryKey(),
  sellingPartnerId: text()
    .notNull()
    .references(() => simAmazonSellers.sellingPartnerId, { onDelete: 'cascade' }),
  contentType: text().notNull(),
  content: text(),
  createdAt: at().notNull(),
});

/**
 * Feeds a seller's app submitted (createFeed): processed when submitted, shown IN_QUEUE, then
 * IN_PROGRESS for a few seconds, then DONE with its processing report's document.
 */
export const simAmazonFeeds = pgTable('sim_amazon_feeds', {
  feedId: text().primaryKey(),
  sellingPartnerId: text()
    .notNull()
    .references(() => simAmazonSellers.sellingPartnerId, { onDelete: 'cascade' }),
  feedType: text().notNull(),
  marketplaceIds: text().array().notNull(),
  inputFeedDocumentId: text().notNull(),
  resultFeedDocumentId: text().notNull(),
  createdAt: at().notNull(),
});
