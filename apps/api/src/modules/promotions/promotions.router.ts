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
import type { Context } from '../../context';
import { router, staffProcedure } from '../../trpc';
import type { Actor } from '../identity/audit';
import type { Principal } from '../identity/principal';
import * as promotions from './promotions.service';

const actor = (ctx: Context & { user: Principal }): Actor => ({
  id: ctx.user.id,
  ip: ctx.req.ip,
  requestId: ctx.req.requestId,
});
const read = staffProcedure('promotions:read');
const write = staffProcedure('promotions:write');

export const promotionsRouter = router({
  list: read.input(promotionListInput).query(({ ctx, input }) => promotions.listPromotions(ctx.deps, input)),
  get: read
    .input(z.strictObject({ id: z.uuid() }))
    .query(({ ctx, input }) => promotions.getPromotion(ctx.deps, input.id)),
  create: write
    .input(createPromotionInput)
    .mutation(({ ctx, input }) => promotions.createPromotion(ctx.deps, actor(ctx), input)),
  update: write
    .input(updatePromotionInput)
    .mutation(({ ctx, input }) => promotions.updatePromotion(ctx.deps, actor(ctx), input)),
  setStatus: write
    .input(setPromotionStatusInput)
    .mutation(({ ctx, input }) => promotions.setPromotionStatus(ctx.deps, actor(ctx), input)),
  coupons: router({
    list: read.input(couponListInput).query(({ ctx, input }) => promotions.listCoupons(ctx.deps, input)),
    create: write
      .input(createCouponInput)
      .mutation(({ ctx, input }) => promotions.createCoupon(ctx.deps, actor(ctx), input)),
    generate: write
      .input(generateCouponsInput)
      .mutation(({ ctx, input }) => promotions.generateCoupons(ctx.deps, actor(ctx), input)),
  }),
});
