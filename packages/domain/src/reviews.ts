// Contracts for product reviews: writing one for a delivered order line, listing a product's
// approved ones, marking them helpful, and moderating them.
import { z } from 'zod';
import { say } from './messages';
import { pageInput } from './pagination';
import { safeString } from './text';

export const MAX_REVIEW_IMAGES = 5;

/** Review photos are uploaded first; their ids are the customer's own blob prefixes. */
export const reviewImageId = safeString().regex(
  /^reviews\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/,
  say('review.photo'),
);

export const createReviewInput = z.strictObject({
  orderLineId: z.uuid(),
  rating: z
    .number(say('review.stars'))
    .int(say('review.stars'))
    .min(1, say('review.stars'))
    .max(5, say('review.stars')),
  title: safeString().trim().min(2, say('review.title')).max(120, say('review.titleTooLong')),
  body: safeString().trim().min(10, say('review.body')).max(4000),
  images: z
    .array(reviewImageId)
    .max(MAX_REVIEW_IMAGES, say('review.photosAtMost', { max: MAX_REVIEW_IMAGES }))
    .default([]),
});

export const reviewSorts = ['newest', 'helpful'] as const;

export const productReviewsInput = z.strictObject({
  slug: safeString().min(1).max(200),
  sort: z.enum(reviewSorts).default('newest'),
  ...pageInput,
  limit: z.number().int().min(1).max(50).default(10),
});

export const reviewRefInput = z.strictObject({ reviewId: z.uuid() });

export const moderateReviewInput = z.strictObject({
  reviewId: z.uuid(),
  note: safeString().trim().max(500).optional(),
});

export const reviewQueueInput = z.strictObject({
  status: z.enum(['pending', 'approved', 'rejected']).default('pending'),
  ...pageInput,
});
