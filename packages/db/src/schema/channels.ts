// The channels module's tables: the shops a seller keeps on marketplaces. A shop's credentials
// are stored encrypted (AES-256-GCM, infra/credentials.ts in the API), with the id of the key
// that sealed them so keys can be rotated; no procedure returns them.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id, updatedAt } from './columns';
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
    currency: text().notNull(),
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
