// The catalog module's tables: currencies and rates, a category tree, brands, products with options, values and
// SKUs (one per combination), per-currency price overrides. Localised text is jsonb
// `{ "en": …, "zh-CN": … }` with English required (the fallback language).

import type { ProductAttributes } from '@crossdock/domain/catalog';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, hasEnglish, id, localized, money, updatedAt } from './columns';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** The currencies the store sells in. Exactly one is the base currency SKU prices are set in. */
export const currencies = pgTable(
  'currencies',
  {
    code: text().primaryKey(),
    /** Units of this currency per one unit of the base currency. */
    rate: numeric({ precision: 20, scale: 10 }).notNull(),
    roundingMode: text({ enum: ['nearest', 'charm'] }).notNull(),
    /** nearest: the increment; charm: the period. In minor units. */
    roundingStep: integer().notNull(),
    /** charm only: the ending within each period, e.g. 99. */
    roundingEnding: integer().notNull().default(0),
    isBase: boolean().notNull().default(false),
    enabled: boolean().notNull().default(true),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('currencies_single_base_key').on(t.isBase).where(sql`${t.isBase}`),
    check('currencies_code_check', sql`${t.code} ~ '^[A-Z]{3}$'`),
    check('currencies_rate_check', sql`${t.rate} > 0`),
    check('currencies_base_rate_check', sql`not ${t.isBase} or ${t.rate} = 1`),
    check(
      'currencies_rounding_check',
      sql`${t.roundingStep} >= 1 and ${t.roundingEnding} >= 0 and ${t.roundingEnding} < ${t.roundingStep}`,
    ),
  ],
);

export const categories = pgTable(
  'categories',
  {
    id: id(),
    parentId: uuid().references((): AnyPgColumn => categories.id, { onDelete: 'restrict' }),
    position: integer().notNull().default(0),
    slug: text().notNull(),
    name: localized().notNull(),
    description: localized(),
    archivedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('categories_slug_key').on(t.slug),
    index('categories_parent_idx').on(t.parentId, t.position),
    check('categories_name_check', hasEnglish(t.name)),
    check('categories_not_own_parent_check', sql`${t.parentId} is distinct from ${t.id}`),
  ],
);

export const brands = pgTable(
  'brands',
  {
    id: id(),
    slug: text().notNull(),
    name: text().notNull(),
    archivedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('brands_slug_key').on(t.slug)],
);

export const products = pgTable(
  'products',
  {
    id: id(),
    slug: text().notNull(),
    title: localized().notNull(),
    description: localized(),
    categoryId: uuid()
      .notNull()
      .references(() => categories.id, { onDelete: 'restrict' }),
    brandId: uuid().references(() => brands.id, { onDelete: 'restrict' }),
    status: text({ enum: ['draft', 'active', 'archived'] })
      .notNull()
      .default('draft'),
    attributes: jsonb().$type<ProductAttributes>().notNull().default({}),
    seoTitle: localized(),
    seoDescription: localized(),
    publishedAt: timestamp({ withTimezone: true, precision: 3 }),
    /**
     * Everything a shopper may search by, in both languages: titles, descriptions, brand,
     * category names and SKU codes. Kept current by the catalog service (see listing.ts).
     */
    searchText: text().notNull().default(''),
    searchVector: tsvector().generatedAlwaysAs(sql`to_tsvector('simple', search_text)`),
    /**
     * Approved reviews by stars: the rating summary and the "top rated" sort read these, and
     * review moderation keeps them current in the same transaction as the review's status.
     */
    ratings1: integer().notNull().default(0),
    ratings2: integer().notNull().default(0),
    ratings3: integer().notNull().default(0),
    ratings4: integer().notNull().default(0),
    ratings5: integer().notNull().default(0),
    ratingCount: integer().generatedAlwaysAs(sql`ratings1 + ratings2 + ratings3 + ratings4 + ratings5`),
    /**
     * What "top rated" sorts by: the average pulled towards 3 stars by two imaginary reviews,
     * so one 5-star review does not outrank a hundred 4.8s; 0 when unrated (sorts last).
     */
    ratingScore: doublePrecision().generatedAlwaysAs(
      sql`case when ratings1 + ratings2 + ratings3 + ratings4 + ratings5 = 0 then 0
        else (ratings1 + 2 * ratings2 + 3 * ratings3 + 4 * ratings4 + 5 * ratings5 + 6)::float8
          / (ratings1 + ratings2 + ratings3 + ratings4 + ratings5 + 2) end`,
    ),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('products_slug_key').on(t.slug),
    index('products_rating_idx').on(t.ratingScore, t.id),
    index('products_search_vector_idx').using('gin', t.searchVector),
    index('products_search_trgm_idx').using('gin', t.searchText.op('gin_trgm_ops')),
    index('products_published_idx').on(t.status, t.publishedAt, t.id),
    index('products_category_idx').on(t.categoryId, t.status),
    index('products_brand_idx').on(t.brandId),
    index('products_created_idx').on(t.createdAt, t.id),
    check('products_status_check', sql`${t.status} in ('draft', 'active', 'archived')`),
    check('products_title_check', hasEnglish(t.title)),
    check('products_published_check', sql`${t.status} <> 'active' or ${t.publishedAt} is not null`),
    check(
      'products_ratings_check',
      sql`least(${t.ratings1}, ${t.ratings2}, ${t.ratings3}, ${t.ratings4}, ${t.ratings5}) >= 0`,
    ),
  ],
);

export const productOptions = pgTable(
  'product_options',
  {
    id: id(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    name: localized().notNull(),
  },
  (t) => [
    uniqueIndex('product_options_position_key').on(t.productId, t.position),
    check('product_options_name_check', hasEnglish(t.name)),
  ],
);

export const optionValues = pgTable(
  'option_values',
  {
    id: id(),
    optionId: uuid()
      .notNull()
      .references(() => productOptions.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    code: text().notNull(),
    label: localized().notNull(),
  },
  (t) => [
    uniqueIndex('option_values_code_key').on(t.optionId, t.code),
    check('option_values_label_check', hasEnglish(t.label)),
  ],
);

export const skus = pgTable(
  'skus',
  {
    id: id(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    code: text().notNull(),
    barcode: text(),
    /** Sorted option value ids joined by "+": one SKU per combination. */
    combinationKey: text().notNull(),
    /** In the base currency's minor units; null until priced. */
    basePrice: money(),
    compareAtPrice: money(),
    weightGrams: integer(),
    lengthMm: integer(),
    widthMm: integer(),
    heightMm: integer(),
    status: text({ enum: ['active', 'inactive'] })
      .notNull()
      .default('active'),
    position: integer().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('skus_code_key').on(sql`upper(${t.code})`),
    uniqueIndex('skus_combination_key').on(t.productId, t.combinationKey),
    uniqueIndex('skus_barcode_key').on(t.barcode).where(sql`${t.barcode} is not null`),
    index('skus_product_idx').on(t.productId, t.position),
    check('skus_status_check', sql`${t.status} in ('active', 'inactive')`),
    check('skus_price_check', sql`${t.basePrice} is null or ${t.basePrice} >= 0`),
    check(
      'skus_compare_at_check',
      sql`${t.compareAtPrice} is null or (${t.basePrice} is not null and ${t.compareAtPrice} > ${t.basePrice})`,
    ),
    check(
      'skus_dimensions_check',
      sql`coalesce(${t.weightGrams}, 0) >= 0 and coalesce(${t.lengthMm}, 0) >= 0 and coalesce(${t.widthMm}, 0) >= 0 and coalesce(${t.heightMm}, 0) >= 0`,
    ),
  ],
);

export const skuOptionValues = pgTable(
  'sku_option_values',
  {
    skuId: uuid()
      .notNull()
      .references(() => skus.id, { onDelete: 'cascade' }),
    optionValueId: uuid()
      .notNull()
      .references(() => optionValues.id, { onDelete: 'restrict' }),
  },
  (t) => [
    primaryKey({ columns: [t.skuId, t.optionValueId] }),
    index('sku_option_values_value_idx').on(t.optionValueId),
  ],
);

/** A SKU's own price in a non-base currency, instead of the converted one. */
export const skuPrices = pgTable(
  'sku_prices',
  {
    skuId: uuid()
      .notNull()
      .references(() => skus.id, { onDelete: 'cascade' }),
    currency: text()
      .notNull()
      .references(() => currencies.code, { onDelete: 'restrict' }),
    price: money().notNull(),
    compareAtPrice: money(),
  },
  (t) => [
    primaryKey({ columns: [t.skuId, t.currency] }),
    check('sku_prices_price_check', sql`${t.price} >= 0`),
    check(
      'sku_prices_compare_at_check',
      sql`${t.compareAtPrice} is null or ${t.compareAtPrice} > ${t.price}`,
    ),
  ],
);

/**
 * The listing read model: each active product's lowest and highest selling price in each store
 * currency, after overrides, conversion and rounding. Listing filters and sorts by price read
 * this table; it is rewritten in the same transaction as any change to SKUs, prices or rates.
 */
export const productListings = pgTable(
  'product_listings',
  {
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    currency: text()
      .notNull()
      .references(() => currencies.code, { onDelete: 'cascade' }),
    minPrice: money().notNull(),
    maxPrice: money().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.currency] }),
    index('product_listings_price_idx').on(t.currency, t.minPrice, t.productId),
    check('product_listings_range_check', sql`0 <= ${t.minPrice} and ${t.minPrice} <= ${t.maxPrice}`),
  ],
);

/**
 * Product photos, ordered. Each is stored once per display size under `blobPrefix`
 * (`{prefix}-{size}.webp`); width and height are the largest stored size's.
 */
export const productImages = pgTable(
  'product_images',
  {
    id: id(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    alt: localized(),
    blobPrefix: text().notNull(),
    width: integer().notNull(),
    height: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('product_images_product_idx').on(t.productId, t.position),
    check('product_images_size_check', sql`${t.width} > 0 and ${t.height} > 0`),
  ],
);
