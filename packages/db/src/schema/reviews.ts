// Product reviews. A review belongs to one delivered order line (so it is a verified purchase)
// and is shown once staff approve it; approving counts its stars on the product.
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
import { orderLines } from './orders';

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
