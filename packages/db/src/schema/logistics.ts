// Shipping methods, the zones each serves (a set of countries) and their rates by weight,
// kept in the base currency and converted at checkout like SKU prices.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, hasEnglish, id, localized, money, updatedAt } from './columns';

export const shippingMethods = pgTable(
  'shipping_methods',
  {
    id: id(),
    code: text().notNull(),
    name: localized().notNull(),
    /** Shown to shoppers, e.g. "3–7 business days". */
    description: localized(),
    active: boolean().notNull().default(true),
    position: integer().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('shipping_methods_code_key').on(t.code),
    check('shipping_methods_name_check', hasEnglish(t.name)),
  ],
);

export const shippingZones = pgTable(
  'shipping_zones',
  {
    id: id(),
    methodId: uuid()
      .notNull()
      .references(() => shippingMethods.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    /** ISO 3166-1 alpha-2 codes. */
    countries: text().array().notNull(),
  },
  (t) => [
    index('shipping_zones_method_idx').on(t.methodId),
    check('shipping_zones_countries_check', sql`cardinality(${t.countries}) > 0`),
  ],
);

export const shippingRates = pgTable(
  'shipping_rates',
  {
    id: id(),
    zoneId: uuid()
      .notNull()
      .references(() => shippingZones.id, { onDelete: 'cascade' }),
    /** Inclusive upper bound in grams; null: no upper bound. */
    maxGrams: integer(),
    /** Base currency minor units. */
    amount: money().notNull(),
  },
  (t) => [
    index('shipping_rates_zone_idx').on(t.zoneId),
    check('shipping_rates_amount_check', sql`${t.amount} >= 0`),
    check('shipping_rates_weight_check', sql`${t.maxGrams} is null or ${t.maxGrams} > 0`),
  ],
);
