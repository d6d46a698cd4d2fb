// Carts when Redis is not configured (single-machine mode); with Redis they live there. A cart
// belongs to a customer or to an anonymous shopper's cart id (cookie), never both.
// `cart_checkouts` lives here in both modes: which cart contents became an order.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, money } from './columns';
import { users } from './identity';
import { orders } from './orders';

export const carts = pgTable(
  'carts',
  {
    /** The anonymous cart id, or the customer's id for a customer's cart. */
    id: text().primaryKey(),
    customerId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    couponCode: text(),
    /** Changes with every change to the cart's contents; an order consumes one revision. */
    revision: uuid().notNull().defaultRandom(),
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

/**
 * Each cart revision that was checked out, once: the primary key is what makes a second
 * checkout of the same contents impossible, wherever the cart itself is kept (Redis or here).
 */
export const cartCheckouts = pgTable('cart_checkouts', {
  revision: uuid().primaryKey(),
  orderId: uuid()
    .notNull()
    .references(() => orders.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
});
