// Carts when Redis is not configured (single-machine mode); with Redis they live there. A cart
// belongs to a customer or to an anonymous shopper's cart id (cookie), never both.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, money } from './columns';
import { users } from './identity';

export const carts = pgTable(
  'carts',
  {
    /** The anonymous cart id, or the customer's id for a customer's cart. */
    id: text().primaryKey(),
    customerId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    couponCode: text(),
    /** Renewed on every use; expired carts are swept. */
    expiresAt: at().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('carts_customer_key').on(t.customerId).where(sql`${t.customerId} is not null`),
    index('carts_expiry_idx').on(t.expiresAt),
  ],
);

export const cartLines = pgTable(
  'cart_lines',
  {
    cartId: text()
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    skuId: uuid().notNull(),
    quantity: integer().notNull(),
    /** The unit price the shopper last saw, to flag a change; with its currency. */
    seenPrice: money(),
    seenCurrency: text(),
    addedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.cartId, t.skuId] }),
    check('cart_lines_quantity_check', sql`${t.quantity} between 1 and 999`),
  ],
);
