// Promotion and coupon procedures for staff (`promotions:read` / `promotions:write`).
import {
  couponListInput,
  createCouponInput,
  createPromotionInput,
  generateCouponsInput,
  promotionListInput,
  setPromotionStatusInput,
  updatePromotionInput,
} from '@crossdock/domain/promotions';
import { z } from 'zod';
import { router, staffProcedure } from '../../trpc';
import { auditActor } from '../identity/audit';
import * as promotions from './promotions.service';

const read = staffProcedure('promotions:read');
const write = staffProcedure('promotions:write');

export const promotionsRouter = router({
  list: read.input(promotionListInput).query(({ ctx, input }) => promotions.listPromotions(ctx.deps, input)),
  get: read
    .input(z.strictObject({ id: z.uuid() }))
    .query(({ ctx, input }) => promotions.getPromotion(ctx.deps, input.id)),
  create: write
    .input(createPromotionInput)
    .mutation(({ ctx, input }) => promotions.createPromotion(ctx.deps, auditActor(ctx), input)),
  update: write
    .input(updatePromotionInput)
    .mutation(({ ctx, input }) => promotions.updatePromotion(ctx.deps, auditActor(ctx), input)),
  setStatus: write
    .input(setPromotionStatusInput)
    .mutation(({ ctx, input }) => promotions.setPromotionStatus(ctx.deps, auditActor(ctx), input)),
  coupons: router({
    list: read.input(couponListInput).query(({ ctx, input }) => promotions.listCoupons(ctx.deps, input)),
    create: write
      .input(createCouponInput)
      .mutation(({ ctx, input }) => promotions.createCoupon(ctx.deps, auditActor(ctx), input)),
    generate: write
      .input(generateCouponsInput)
      .mutation(({ ctx, input }) => promotions.generateCoupons(ctx.deps, auditActor(ctx), input)),
  }),
});
