// Loyalty points (the points module). A ledger per customer: earned when an order completes,
// reversed when it is refunded, spent at checkout, given back when an order is cancelled. The
// balance is a row per customer kept by a trigger on the ledger, with a CHECK that it never goes
// below zero: an overdraft is refused by the database whatever the code above it does.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';
import { users } from './identity';
import { orders } from './orders';

export const pointsLedger = pgTable(
  'points_ledger',
  {
    id: id(),
    customerId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** earned (order completed), reversed (order refunded), redeemed (checkout), restored. */
    reason: text({ enum: ['earned', 'reversed', 'redeemed', 'restored'] }).notNull(),
    points: integer().notNull(),
    orderId: uuid().references(() => orders.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('points_ledger_customer_idx').on(t.customerId, t.createdAt),
    // Each order earns, redeems and gives back its points once; reversals come with each refund.
    uniqueIndex('points_ledger_order_reason_key')
      .on(t.orderId, t.reason)
      .where(sql`${t.reason} in ('earned', 'redeemed', 'restored')`),
    check('points_ledger_reason_check', sql`${t.reason} in ('earned', 'reversed', 'redeemed', 'restored')`),
    check(
      'points_ledger_sign_check',
      sql`(${t.reason} in ('earned', 'restored')) = (${t.points} > 0) and ${t.points} <> 0`,
    ),
  ],
);

/** Maintained by the `points_ledger_balance` trigger (migration 0012); never written directly. */
export const pointsBalances = pgTable(
  'points_balances',
  {
    customerId: uuid()
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    balance: integer().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [check('points_balances_not_negative', sql`${t.balance} >= 0`)],
);
