// Product reviews. A customer reviews a line of one of their orders once it is delivered (so
// every review is a verified purchase), at most once per line. Reviews wait for staff; approving
// one counts its stars on the product (the rating summary and "top rated" read those counters)
// and refreshes the product's cached pages. Customers mark others' reviews helpful, once each.
import type { Executor } from '@crossdock/db/client';
import { isUniqueViolation } from '@crossdock/db/errors';
import { orderLines, orders, products, reviewHelpfulVotes, reviews, users } from '@crossdock/db/schema';
import { localize } from '@crossdock/domain/catalog';
import { DomainError } from '@crossdock/domain/errors';
import { and, desc, eq, lt, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { decodeKeyset, encodeKeyset } from '../../infra/cursor';
import { imageUrls } from '../catalog/images';
import { type Actor, writeAudit } from '../identity/audit';

const reviewable = new Set(['delivered', 'completed']);

export async function createReview(
  deps: AppDeps,
  customerId: string,
  input: { orderLineId: string; rating: number; title: string; body: string; images: string[] },
) {
  const [row] = await deps.db
    .select({ line: orderLines, status: orders.status, name: users.name })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .innerJoin(users, eq(users.id, orders.customerId))
    .where(and(eq(orderLines.id, input.orderLineId), eq(orders.customerId, customerId)));
  if (!row) throw new DomainError('NOT_FOUND', 'That item is not in any of your orders');
  if (!reviewable.has(row.status)) {
    throw new DomainError('REVIEW_NOT_ALLOWED', 'You can review an item once it has been delivered');
  }
  const own = `reviews/${customerId}/`;
  if (input.images.some((key) => !key.startsWith(own))) {
    throw new DomainError('VALIDATION_FAILED', 'Only photos you uploaded can go with your review');
  }
  try {
    const [created] = await deps.db
      .insert(reviews)
      .values({
        productId: row.line.productId,
        orderLineId: row.line.id,
        customerId,
        authorName: row.name,
        rating: input.rating,
        title: input.title,
        body: input.body,
        images: input.images,
        createdAt: deps.clock.now(),
      })
      .returning();
    return created!;
  } catch (error) {
    if (isUniqueViolation(error, 'reviews_order_line_key')) {
      throw new DomainError('REVIEW_EXISTS', 'You have already reviewed this item');
    }
    throw error;
  }
}

/** Approves or rejects a pending review; approving counts its stars on the product. */
export async function moderateReview(
  deps: AppDeps,
  actor: Actor,
  input: { reviewId: string; note?: string },
  decision: 'approved' | 'rejected',
) {
  const staffId = actor.id;
  const slug = await deps.db.transaction(async (tx) => {
    const [review] = await tx.select().from(reviews).where(eq(reviews.id, input.reviewId)).for('update');
    if (!review) throw new DomainError('NOT_FOUND', 'There is no such review');
    if (review.status !== 'pending') {
      throw new DomainError('REVIEW_NOT_PENDING', `This review was already ${review.status}`);
    }
    await tx
      .update(reviews)
      .set({
        status: decision,
        moderatedBy: staffId,
        moderatedAt: deps.clock.now(),
        moderationNote: input.note ?? null,
      })
      .where(eq(reviews.id, review.id));
    await writeAudit(tx, actor, {
      action: `review.${decision === 'approved' ? 'approve' : 'reject'}`,
      entityType: 'review',
      entityId: review.id,
      before: { status: review.status },
      after: {
        status: decision,
        note: input.note ?? null,
        productId: review.productId,
        rating: review.rating,
      },
    });
    if (decision !== 'approved') return null;
    const stars = `ratings${review.rating}` as 'ratings1' | 'ratings2' | 'ratings3' | 'ratings4' | 'ratings5';
    const [product] = await tx
      .update(products)
      .set({ [stars]: sql`${products[stars]} + 1` })
      .where(eq(products.id, review.productId))
      .returning({ slug: products.slug });
    return product?.slug ?? null;
  });
  // The product page shows the summary, and listings sort by rating.
  if (slug) await deps.catalogCache.invalidate({ slugs: [slug], listings: true });
}

export async function markHelpful(deps: AppDeps, customerId: string, reviewId: string) {
  await deps.db.transaction(async (tx) => {
    const [review] = await tx
      .select({ customerId: reviews.customerId, status: reviews.status })
      .from(reviews)
      .where(eq(reviews.id, reviewId));
    if (review?.status !== 'approved') throw new DomainError('NOT_FOUND', 'There is no such review');
    if (review.customerId === customerId) {
      throw new DomainError('CANNOT_VOTE_OWN', 'You cannot mark your own review as helpful');
    }
    const [vote] = await tx
      .insert(reviewHelpfulVotes)
      .values({ reviewId, customerId })
      .onConflictDoNothing()
      .returning({ reviewId: reviewHelpfulVotes.reviewId });
    if (vote) {
      await tx
        .update(reviews)
        .set({ helpfulCount: sql`${reviews.helpfulCount} + 1` })
        .where(eq(reviews.id, reviewId));
    }
  });
}

const newestCursor = z.tuple([z.string(), z.uuid()]);
const helpfulCursor = z.tuple([z.number().int(), z.string(), z.uuid()]);

function view(r: typeof reviews.$inferSelect) {
  return {
    id: r.id,
    authorName: r.authorName,
    rating: r.rating,
    title: r.title,
    body: r.body,
    images: r.images.map((prefix) => imageUrls(prefix)),
    helpfulCount: r.helpfulCount,
    /** Every review comes from a delivered order line. */
    verifiedPurchase: true,
    createdAt: r.createdAt,
  };
}

/** A product's approved reviews, newest or most helpful first, keyset-paged. */
export async function productReviews(
  db: Executor,
  input: { slug: string; sort: 'newest' | 'helpful'; limit: number; cursor?: string },
) {
  const [product] = await db.select({ id: products.id }).from(products).where(eq(products.slug, input.slug));
  if (!product) throw new DomainError('NOT_FOUND', 'There is no such product');
  const base = and(eq(reviews.productId, product.id), eq(reviews.status, 'approved'));
  let after: SQL | undefined;
  if (input.cursor && input.sort === 'newest') {
    const [at, id] = decodeKeyset(input.cursor, newestCursor);
    after = or(
      lt(reviews.createdAt, new Date(at)),
      and(eq(reviews.createdAt, new Date(at)), lt(reviews.id, id)),
    );
  } else if (input.cursor) {
    const [helpful, at, id] = decodeKeyset(input.cursor, helpfulCursor);
    after = or(
      lt(reviews.helpfulCount, helpful),
      and(eq(reviews.helpfulCount, helpful), lt(reviews.createdAt, new Date(at))),
      and(eq(reviews.helpfulCount, helpful), eq(reviews.createdAt, new Date(at)), lt(reviews.id, id)),
    );
  }
  const rows = await db
    .select()
    .from(reviews)
    .where(and(base, after))
    .orderBy(
      ...(input.sort === 'helpful' ? [desc(reviews.helpfulCount)] : []),
      desc(reviews.createdAt),
      desc(reviews.id),
    )
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(view),
    nextCursor:
      rows.length > input.limit && last
        ? encodeKeyset(
            input.sort === 'helpful'
              ? [last.helpfulCount, last.createdAt.toISOString(), last.id]
              : [last.createdAt.toISOString(), last.id],
          )
        : null,
  };
}

/** The moderation queue: reviews in a status, oldest first, with their product's title. */
export async function reviewQueue(
  db: Executor,
  input: { status: 'pending' | 'approved' | 'rejected'; limit: number; cursor?: string },
) {
  const after = input.cursor ? decodeKeyset(input.cursor, newestCursor) : null;
  const rows = await db
    .select({ review: reviews, title: products.title, slug: products.slug })
    .from(reviews)
    .innerJoin(products, eq(products.id, reviews.productId))
    .where(
      and(
        eq(reviews.status, input.status),
        after
          ? or(
              sql`${reviews.createdAt} > ${after[0]}::timestamptz`,
              and(eq(reviews.createdAt, new Date(after[0])), sql`${reviews.id} > ${after[1]}::uuid`),
            )
          : undefined,
      ),
    )
    .orderBy(reviews.createdAt, reviews.id)
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      ...view(r.review),
      status: r.review.status,
      product: { title: localize(r.title, 'en'), slug: r.slug },
      moderationNote: r.review.moderationNote,
    })),
    nextCursor:
      rows.length > input.limit && last
        ? encodeKeyset([last.review.createdAt.toISOString(), last.review.id])
        : null,
  };
}
