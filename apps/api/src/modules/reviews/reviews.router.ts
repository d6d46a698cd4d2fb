// Reviews: anyone reads a product's approved reviews; customers write them for delivered items
// and mark others helpful; staff with catalog:moderate approve or reject them.
import {
  createReviewInput,
  moderateReviewInput,
  productReviewsInput,
  reviewQueueInput,
  reviewRefInput,
} from '@crossdock/domain/reviews';
import { customerProcedure, publicProcedure, router, staffProcedure } from '../../trpc';
import { auditActor } from '../identity/audit';
import * as reviews from './reviews.service';

export const reviewsRouter = router({
  forProduct: publicProcedure
    .input(productReviewsInput)
    .query(({ ctx, input }) => reviews.productReviews(ctx.deps.db, input)),
  create: customerProcedure
    .input(createReviewInput)
    .mutation(({ ctx, input }) => reviews.createReview(ctx.deps, ctx.user.id, input)),
  markHelpful: customerProcedure
    .input(reviewRefInput)
    .mutation(({ ctx, input }) => reviews.markHelpful(ctx.deps, ctx.user.id, input.reviewId)),
  queue: staffProcedure('catalog:moderate')
    .input(reviewQueueInput)
    .query(({ ctx, input }) => reviews.reviewQueue(ctx.deps.db, input)),
  approve: staffProcedure('catalog:moderate')
    .input(moderateReviewInput)
    .mutation(({ ctx, input }) => reviews.moderateReview(ctx.deps, auditActor(ctx), input, 'approved')),
  reject: staffProcedure('catalog:moderate')
    .input(moderateReviewInput)
    .mutation(({ ctx, input }) => reviews.moderateReview(ctx.deps, auditActor(ctx), input, 'rejected')),
});
