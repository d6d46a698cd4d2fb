// Product reviews and loyalty points. A review belongs to one delivered order line (so it is a
// verified purchase) and is shown once staff approve it; approving counts its stars on the
// product. Points are a ledger per customer: earned when an order completes, reversed when it is
// refunded, spent at checkout; the balance is the sum, never below zero.
import { sql } from 'drizzle-orm';
import {
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
import { products } from './catalog';
import { at, createdAt, id } from './columns';
import { users } from './identity';
import { orderLines, orders } from './orders';

export const reviews = pgTable(
  'reviews',
  {
    id: id(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    orderLineId: uuid()
      .notNull()
      .references(() => orderLines.id, { onDelete: 'restrict' }),
    customerId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Shown with the review: the customer's name as it was when they wrote it. */
    authorName: text().notNull(),
    rating: integer().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    /** Blob keys of up to 5 photos. */
    images: jsonb().$type<string[]>().notNull().default([]),
    status: text({ enum: ['pending', 'approved', 'rejected'] })
      .notNull()
      .default('pending'),
    helpfulCount: integer().notNull().default(0),
    moderatedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    moderatedAt: at(),
    moderationNote: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('reviews_order_line_key').on(t.orderLineId),
    index('reviews_product_idx').on(t.productId, t.status, t.createdAt),
    index('reviews_queue_idx').on(t.status, t.createdAt),
    check('reviews_rating_check', sql`${t.rating} between 1 and 5`),
    check('reviews_status_check', sql`${t.status} in ('pending', 'approved', 'rejected')`),
    check('reviews_images_check', sql`jsonb_array_length(${t.images}) <= 5`),
    check('reviews_helpful_check', sql`${t.helpfulCount} >= 0`),
  ],
);

export const reviewHelpfulVotes = pgTable(
  'review_helpful_votes',
  {
    reviewId: uuid()
      .notNull()
      .references(() => reviews.id, { onDelete: 'cascade' }),
    customerId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.customerId] })],
);

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
