// Promotions (automatic or behind coupon codes), the codes themselves, and each use of them by
// an order. Usage limits and budgets are enforced by conditional updates against CHECKs, so
// concurrent checkouts can never use a promotion more than it allows.
import type { PromotionBenefit, PromotionTarget } from '@crossdock/domain/pricing';
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, hasEnglish, id, localized, money, updatedAt } from './columns';
import { users } from './identity';

export const promotions = pgTable(
  'promotions',
  {
    id: id(),
    /** Words in each language; English required. */
    name: localized().notNull(),
    /** What it gives; see PromotionBenefit. Amounts in base currency minor units. */
    benefit: jsonb().$type<PromotionBenefit>().notNull(),
    target: jsonb().$type<PromotionTarget>().notNull(),
    stacking: text({ enum: ['exclusive', 'stackable'] }).notNull(),
    priority: integer().notNull().default(0),
    startsAt: at(),
    endsAt: at(),
    /** Base currency minor units, on the target's spend. */
    minSpend: money(),
    firstOrderOnly: boolean().notNull().default(false),
    usageLimit: integer(),
    timesUsed: integer().notNull().default(0),
    perCustomerLimit: integer(),
    /** Base currency minor units it may give in all, and has given. */
    budget: money(),
    budgetUsed: money().notNull().default(0),
    requiresCoupon: boolean().notNull().default(false),
    status: text({ enum: ['active', 'paused', 'archived'] })
      .notNull()
      .default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('promotions_live_idx').on(t.status, t.requiresCoupon),
    check('promotions_name_check', hasEnglish(t.name)),
    check('promotions_stacking_check', sql`${t.stacking} in ('exclusive', 'stackable')`),
    check('promotions_status_check', sql`${t.status} in ('active', 'paused', 'archived')`),
    check(
      'promotions_window_check',
      sql`${t.startsAt} is null or ${t.endsAt} is null or ${t.startsAt} < ${t.endsAt}`,
    ),
    check(
      'promotions_usage_check',
      sql`${t.timesUsed} >= 0 and (${t.usageLimit} is null or ${t.timesUsed} <= ${t.usageLimit})`,
    ),
    check('promotions_per_customer_check', sql`${t.perCustomerLimit} is null or ${t.perCustomerLimit} > 0`),
    check(
      'promotions_budget_check',
      sql`${t.budgetUsed} >= 0 and (${t.budget} is null or ${t.budgetUsed} <= ${t.budget})`,
    ),
    check('promotions_min_spend_check', sql`${t.minSpend} is null or ${t.minSpend} >= 0`),
  ],
);

/** A generated set of codes for one promotion, e.g. 500 single-use codes for a mailing. */
export const couponBatches = pgTable('coupon_batches', {
  id: id(),
  promotionId: uuid()
    .notNull()
    .references(() => promotions.id, { onDelete: 'cascade' }),
  prefix: text().notNull(),
  size: integer().notNull(),
  usageLimitPerCode: integer(),
  createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
});

export const coupons = pgTable(
  'coupons',
  {
    id: id(),
    /** Stored upper-case; customers type it in any case. */
    code: text().notNull(),
    promotionId: uuid()
      .notNull()
      .references(() => promotions.id, { onDelete: 'cascade' }),
    batchId: uuid().references(() => couponBatches.id, { onDelete: 'cascade' }),
    usageLimit: integer(),
    timesUsed: integer().notNull().default(0),
    disabledAt: at(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('coupons_code_key').on(t.code),
    index('coupons_promotion_idx').on(t.promotionId),
    check('coupons_code_check', sql`${t.code} ~ '^[A-Z0-9-]{3,40}$'`),
    check(
      'coupons_usage_check',
      sql`${t.timesUsed} >= 0 and (${t.usageLimit} is null or ${t.timesUsed} <= ${t.usageLimit})`,
    ),
  ],
);
