// The settings module's tables: store-wide settings (one row) and the tax rate table.
import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { categories } from './catalog';
import { id, money, updatedAt } from './columns';

/** Exactly one row (id = 1): the migration inserts it. */
export const storeSettings = pgTable(
  'store_settings',
  {
    id: integer().primaryKey().default(1),
    /** Prices include tax (shown, not added at checkout). */
    taxInclusive: boolean().notNull().default(false),
    /** How long an unpaid order holds its stock. */
    reservationMinutes: integer().notNull().default(15),
    /** Loyalty points earned per whole unit of the base currency spent (0: no points). */
    pointsPerUnit: integer().notNull().default(1),
    /** Points that make one base-currency unit off at checkout, and the most of an order they pay. */
    pointsPerUnitRedeemed: integer().notNull().default(100),
    pointsMaxShareBasisPoints: integer().notNull().default(2000),
    /** A purchase order worth more than this (base minor units) needs someone who may approve. */
    purchaseApprovalLimit: money().notNull().default(500_000),
    /** How much more than ordered a delivery may bring, in percent of the line. */
    overReceiptTolerancePercent: integer().notNull().default(5),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('store_settings_single_row_check', sql`${t.id} = 1`),
    check('store_settings_reservation_check', sql`${t.reservationMinutes} between 1 and 1440`),
    check(
      'store_settings_purchasing_check',
      sql`${t.purchaseApprovalLimit} >= 0 and ${t.overReceiptTolerancePercent} between 0 and 100`,
    ),
    check(
      'store_settings_points_check',
      sql`${t.pointsPerUnit} between 0 and 1000 and ${t.pointsPerUnitRedeemed} between 1 and 100000
        and ${t.pointsMaxShareBasisPoints} between 0 and 10000`,
    ),
  ],
);

/** Tax by destination country, optionally for a category (and so its subcategories). */
export const taxRates = pgTable(
  'tax_rates',
  {
    id: id(),
    country: text().notNull(),
    categoryId: uuid().references(() => categories.id, { onDelete: 'cascade' }),
    basisPoints: integer().notNull(),
    /** The market's: set on the country's default rate, null on category rates. */
    pricesIncludeTax: boolean(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('tax_rates_country_category_key').on(
      t.country,
      sql`coalesce(${t.categoryId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
    check('tax_rates_country_check', sql`${t.country} ~ '^[A-Z]{2}$'`),
    check('tax_rates_rate_check', sql`${t.basisPoints} between 0 and 10000`),
    check(
      'tax_rates_inclusive_on_default_check',
      sql`(${t.categoryId} is null) = (${t.pricesIncludeTax} is not null)`,
    ),
  ],
);
