// The channels module's tables: the shops a seller keeps on marketplaces. A shop's credentials
// are stored encrypted (AES-256-GCM, infra/credentials.ts in the API), with the id of the key
// that sealed them so keys can be rotated; no procedure returns them. Their listings (linked to
// our SKUs), the orders they bring in, and the runs of their sync.
import { importFormats } from '@crossdock/domain/channel-imports';
import { type ChannelOrder, channelOrderStatuses } from '@crossdock/domain/channel-orders';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { currencies, skus } from './catalog';
import { at, createdAt, id, updatedAt } from './columns';
import { users } from './identity';
import { warehouses } from './inventory';

export const shops = pgTable(
  'shops',
  {
    id: id(),
    name: text().notNull(),
    platform: text({
      enum: ['amazon', 'shopify', 'ebay', 'aliexpress', 'shopee', 'tiktok_shop', 'other'],
    }).notNull(),
    /** Amazon's marketplace id (ATVPDKIKX0DER…), or the site or store as the platform names it. */
    marketplace: text().notNull(),
    /** Reports convert its orders to the base currency: the store must hold a rate for it. */
    currency: text()
      .notNull()
      .references(() => currencies.code, { onDelete: 'restrict' }),
    timeZone: text().notNull(),
    warehouseId: uuid()
      .notNull()
      .references(() => warehouses.id, { onDelete: 'restrict' }),
    /** The account the credentials sign in to, as staff recognise it (Amazon's selling partner id,
     * the shop's myshopify.com domain): an identifier, not a secret. */
    account: text(),
    /** `base64(iv).base64(tag).base64(ciphertext)` of the credentials' JSON. */
    credentialsSealed: text().notNull(),
    /** Which key sealed them (the keyring's id), so a rotation finds what to re-seal. */
    credentialsKeyId: text().notNull(),
    stockBuffer: integer().notNull().default(0),
    syncIntervalMinutes: integer().notNull().default(15),
    status: text({ enum: ['active', 'paused', 'needs_reauth'] })
      .notNull()
      .default('active'),
    /** What the last "test connection" found, and when. */
    lastCheckedAt: at(),
    lastCheckError: text(),
    /** How far the orders sync has read the platform's updated-at times. */
    ordersCursor: at(),
    lastSyncedAt: at(),
    /** Why the last sync failed; null once one succeeds. */
    lastSyncError: text(),
    /** When the platform was asked to send its order webhooks here (Shopify's orders/create…). */
    webhooksSubscribedAt: at(),
    /** The pull of the shop's listings from the platform: when one started (a claim, so two
     * never run at once), when the last one ended, and why it failed if it did. */
    listingsPullStartedAt: at(),
    listingsPulledAt: at(),
    listingsPullError: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('shops_name_key').on(sql`lower(${t.name})`),
    index('shops_key_idx').on(t.credentialsKeyId),
    check(
      'shops_platform_check',
      sql`${t.platform} in ('amazon', 'shopify', 'ebay', 'aliexpress', 'shopee', 'tiktok_shop', 'other')`,
    ),
    check('shops_status_check', sql`${t.status} in ('active', 'paused', 'needs_reauth')`),
    check('shops_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('shops_buffer_check', sql`${t.stockBuffer} between 0 and 10000`),
    check('shops_interval_check', sql`${t.syncIntervalMinutes} between 5 and 1440`),
  ],
);

/**
 * A shop's listings: what it sells on the platform, under the seller's SKU there and the
 * platform's own id (an ASIN, a Shopify variant id…), as last pulled or first seen on an order.
 * A listing sells one or more of our SKUs (its components): one SKU once is a plain link,
 * anything else a bundle. A listing without components waits in the unmatched queue.
 */
export const channelListings = pgTable(
  'channel_listings',
  {
    id: id(),
    shopId: uuid()
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    /** The seller's SKU on the platform (Amazon's SellerSKU, a Shopify variant's sku). */
    sellerSku: text().notNull(),
    /** The platform's id for it, when it has one (ASIN, gid://shopify/ProductVariant/…). */
    externalId: text(),
    title: text().notNull(),
    barcode: text(),
    /** How it was linked: by matching our SKU code or barcode, or by a staff member. */
    linkedBy: text({ enum: ['sku', 'barcode', 'staff'] }),
    linkedAt: at(),
    /** The quantity the platform was last told it can sell, and when. */
    pushedQuantity: integer(),
    pushedAt: at(),
    /**
     * The listing as the platform showed it at the last pull: its price (minor units of the
     * platform's currency), the count it sells (null: the platform keeps its own, as Amazon does
     * for what it fulfils), whether it is on sale; and how far that was from ours then —
     * platform minus ours, null where either side is unknown.
     */
    platformPrice: integer(),
    platformCurrency: text(),
    platformQuantity: integer(),
    platformActive: boolean(),
    pulledAt: at(),
    priceDrift: integer(),
    quantityDrift: integer(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('channel_listings_sku_key').on(t.shopId, t.sellerSku),
    index('channel_listings_unlinked_idx').on(t.shopId, t.createdAt).where(sql`${t.linkedAt} is null`),
    check('channel_listings_linked_by_check', sql`${t.linkedBy} in ('sku', 'barcode', 'staff')`),
    check('channel_listings_linked_check', sql`(${t.linkedBy} is null) = (${t.linkedAt} is null)`),
    // A platform is told a count, never a negative one; and when it was told.
    check(
      'channel_listings_pulled_check',
      sql`(${t.pulledAt} is null) = (${t.platformActive} is null) and (${t.platformPrice} is null) = (${t.platformCurrency} is null) and coalesce(${t.platformPrice}, 0) >= 0 and coalesce(${t.platformQuantity}, 0) >= 0`,
    ),
    index('channel_listings_drift_idx')
      .on(t.shopId, t.createdAt)
      .where(sql`${t.priceDrift} <> 0 or ${t.quantityDrift} <> 0`),
    check(
      'channel_listings_pushed_check',
      sql`(${t.pushedQuantity} is null) = (${t.pushedAt} is null) and coalesce(${t.pushedQuantity}, 0) >= 0`,
    ),
  ],
);

export const listingComponents = pgTable(
  'listing_components',
  {
    listingId: uuid()
      .notNull()
      .references(() => channelListings.id, { onDelete: 'cascade' }),
    skuId: uuid()
      .notNull()
      .references(() => skus.id, { onDelete: 'restrict' }),
    quantity: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.listingId, t.skuId] }),
    index('listing_components_sku_idx').on(t.skuId),
    check('listing_components_quantity_check', sql`${t.quantity} between 1 and 100`),
  ],
);

/**
 * Orders as a shop's platform gives them, in the channels' own words (domain/channel-orders),
 * kept so an order that cannot enter the order book yet — a line not linked to our SKUs, or
 * not enough stock where the shop ships from — waits here and goes in once it can. The order
 * it became carries the shop and the external id (orders_channel_key).
 */
export const channelOrders = pgTable(
  'channel_orders',
  {
    id: id(),
    shopId: uuid()
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    externalId: text().notNull(),
    externalNumber: text().notNull(),
    status: text({ enum: channelOrderStatuses }).notNull(),
    /** The platform's last change to it: a sync that sees an older one ignores it. */
    channelUpdatedAt: at().notNull(),
    purchasedAt: at().notNull(),
    document: jsonb().$type<ChannelOrder>().notNull(),
    /** Why it is not in the order book yet; null once it is (or was cancelled before it got there). */
    waiting: text({ enum: ['needs_mapping', 'short_of_stock'] }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('channel_orders_external_key').on(t.shopId, t.externalId),
    index('channel_orders_waiting_idx').on(t.shopId, t.purchasedAt).where(sql`${t.waiting} is not null`),
    check(
      'channel_orders_status_check',
      sql`${t.status} in (${sql.raw(channelOrderStatuses.map((s) => `'${s}'`).join(', '))})`,
    ),
    check(
      'channel_orders_waiting_check',
      sql`${t.waiting} is null or ${t.waiting} in ('needs_mapping', 'short_of_stock')`,
    ),
  ],
);

/**
 * One sync of a shop's orders: when, what it brought, how it ended. At most one runs per shop
 * (the partial unique index); a run whose process died is taken over once its heartbeat is old.
 * `cursor` is how far the platform's updated-at times have been read; a run resumes from the
 * shop's cursor minus an overlap, so nothing changed in the gap is missed.
 */
export const syncRuns = pgTable(
  'sync_runs',
  {
    id: id(),
    shopId: uuid()
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    trigger: text({ enum: ['schedule', 'manual'] }).notNull(),
    status: text({ enum: ['running', 'succeeded', 'failed'] })
      .notNull()
      .default('running'),
    startedAt: at().notNull(),
    heartbeatAt: at().notNull(),
    finishedAt: at(),
    /** Read from (the shop's cursor minus the overlap) and up to (the newest change seen). */
    readFrom: at(),
    readTo: at(),
    pages: integer().notNull().default(0),
    ordersNew: integer().notNull().default(0),
    ordersUpdated: integer().notNull().default(0),
    ordersWaiting: integer().notNull().default(0),
    /** Waits the platform asked for (429 / throttled) or answers it failed with, retried. */
    retries: integer().notNull().default(0),
    error: text(),
    requestedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('sync_runs_running_key').on(t.shopId).where(sql`${t.status} = 'running'`),
    index('sync_runs_shop_idx').on(t.shopId, t.startedAt),
    check('sync_runs_trigger_check', sql`${t.trigger} in ('schedule', 'manual')`),
    check('sync_runs_status_check', sql`${t.status} in ('running', 'succeeded', 'failed')`),
    check('sync_runs_finished_check', sql`(${t.status} = 'running') = (${t.finishedAt} is null)`),
  ],
);

/**
 * Files of a shop's orders staff import (an Amazon All Orders report…): the file kept in blob
 * storage while it is worked, what it was found to be, and the import's progress and outcome.
 * Importing the same file again is a new import that finds its orders unchanged.
 */
export const channelImports = pgTable(
  'channel_imports',
  {
    id: id(),
    shopId: uuid()
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    format: text({ enum: importFormats }).notNull(),
    /** upload: a staff member's file; platform: a report the platform was asked for (SP-API). */
    source: text({ enum: ['upload', 'platform'] })
      .notNull()
      .default('upload'),
    /** The platform's id of the report asked for, once asked. */
    platformReportId: text(),
    fileName: text().notNull(),
    // What the file is: known once it is here (a platform's report, after fetching).
    /** Hex SHA-256 of the file, so staff can see a file imported twice. */
    fileSha256: text(),
    fileBytes: integer(),
    blobKey: text(),
    delimiter: text(),
    headerRow: integer(),
    /**
     * fetching: the platform's report is being made and downloaded; ready: checked and
     * previewed; running; succeeded; failed (the file, the platform or the work stopped).
     */
    status: text({ enum: ['fetching', 'ready', 'running', 'succeeded', 'failed'] })
      .notNull()
      .default('ready'),
    bytesRead: integer().notNull().default(0),
    rowsRead: integer().notNull().default(0),
    rowsFailed: integer().notNull().default(0),
    /**
     * What the file's items became — orders for an orders report, an order's transactions for a
     * settlement, listings for a products export: new, updated, unchanged, waiting (an order on
     * an unlinked listing; a transaction of an order not in the book yet; a listing not linked),
     * skipped (for a bad row).
     */
    itemsNew: integer().notNull().default(0),
    itemsUpdated: integer().notNull().default(0),
    itemsUnchanged: integer().notNull().default(0),
    itemsWaiting: integer().notNull().default(0),
    itemsSkipped: integer().notNull().default(0),
    error: text(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    startedAt: at(),
    heartbeatAt: at(),
    finishedAt: at(),
  },
  (t) => [
    index('channel_imports_shop_idx').on(t.shopId, t.createdAt),
    // A platform's report is imported once (settlements are looked for again and again).
    uniqueIndex('channel_imports_report_key')
      .on(t.shopId, t.platformReportId)
      .where(sql`${t.platformReportId} is not null`),
    check(
      'channel_imports_status_check',
      sql`${t.status} in ('fetching', 'ready', 'running', 'succeeded', 'failed')`,
    ),
    check('channel_imports_source_check', sql`${t.source} in ('upload', 'platform')`),
    // A file being worked on is one that is here.
    check(
      'channel_imports_file_check',
      sql`${t.status} in ('fetching', 'failed') or (${t.blobKey} is not null and ${t.fileBytes} is not null and ${t.delimiter} is not null and ${t.headerRow} is not null)`,
    ),
    check(
      'channel_imports_counts_check',
      sql`${t.rowsRead} >= 0 and ${t.rowsFailed} >= 0 and ${t.bytesRead} >= 0`,
    ),
  ],
);

/** A row of an imported file that could not be taken, with the column at fault and why. */
export const channelImportErrors = pgTable(
  'channel_import_errors',
  {
    importId: uuid()
      .notNull()
      .references(() => channelImports.id, { onDelete: 'cascade' }),
    row: integer().notNull(),
    /** The header's name of the column at fault; null for the whole row. */
    column: text(),
    /** A message key of the domain's catalogs, and its values. */
    messageKey: text().notNull(),
    messageValues: jsonb().$type<Record<string, string | number>>(),
  },
  (t) => [index('channel_import_errors_row_idx').on(t.importId, t.row)],
);

/**
 * What Crossdock owes a shop's platform and what went (the push log): a shipment of a
 * merchant-fulfilled order to confirm with its tracking, or a listing's quantity to set. A row is
 * pending until the platform takes it, retried with backoff, and failed after eight attempts
 * with the platform's reason. One shipment push per platform order; a listing's stock push is
 * re-armed whenever what it can sell changes.
 */
export const channelPushes = pgTable(
  'channel_pushes',
  {
    id: id(),
    shopId: uuid()
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    kind: text({ enum: ['shipment', 'stock', 'acknowledgement', 'cancellation'] }).notNull(),
    /** What it is about on the platform: the order's external id, or the listing's seller SKU. */
    subject: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text({ enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer().notNull().default(0),
    nextAt: at().notNull(),
    lastError: text(),
    /**
     * The platform's batch it went in, whose outcome is awaited (Amazon's feed id: acknowledgements
     * go many to a feed), and its place there; null while it waits to go.
     */
    batch: text(),
    batchItem: integer(),
    createdAt: createdAt(),
    sentAt: at(),
  },
  (t) => [
    uniqueIndex('channel_pushes_subject_key').on(t.shopId, t.kind, t.subject),
    index('channel_pushes_due_idx').on(t.nextAt).where(sql`${t.status} = 'pending'`),
    check(
      'channel_pushes_kind_check',
      sql`${t.kind} in ('shipment', 'stock', 'acknowledgement', 'cancellation')`,
    ),
    check('channel_pushes_batch_check', sql`(${t.batch} is null) = (${t.batchItem} is null)`),
    check('channel_pushes_status_check', sql`${t.status} in ('pending', 'sent', 'failed')`),
  ],
);

/**
 * What a platform kept of an order, by the settlement that says so: Amazon's settlement reports,
 * imported. One row per transaction of an order (an Order, a Refund…, by shipment or
 * adjustment) in a settlement; an order's platform fees are the sum of its rows (a refund's may
 * give fees back: below zero). Kept for orders not in the book yet, which take them when they come.
 */
export const channelSettlementFees = pgTable(
  'channel_settlement_fees',
  {
    shopId: uuid()
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    settlementId: text().notNull(),
    /** The transaction: its type, the order and the shipment or adjustment. */
    transaction: text().notNull(),
    externalOrderId: text().notNull(),
    /** Minor units of the shop's currency. */
    fees: integer().notNull(),
    postedAt: at(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.settlementId, t.transaction] }),
    index('channel_settlement_fees_order_idx').on(t.shopId, t.externalOrderId),
  ],
);
