// Contracts for promotions and coupon codes, as staff create and edit them. Amounts are in the
// store's base currency minor units; checkout converts them into the order currency.
import { z } from 'zod';
import { localizedText } from './catalog';
import { say } from './messages';
import { pageInput } from './pagination';
import { safeDate, safeString } from './text';

const amount = z.number().int(say('amount.minor')).min(1, say('amount.positive')).max(100_000_000_00);
const basisPoints = z.number().int().min(1, say('percent.atLeast')).max(10_000, say('percent.atMost'));

export const promotionBenefit = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('percent_off'), basisPoints }),
  z.strictObject({ kind: z.literal('amount_off'), amount }),
  z.strictObject({
    kind: z.literal('tiered'),
    tiers: z
      .array(z.strictObject({ threshold: amount, amount }))
      .min(1, say('tier.atLeastOne'))
      .max(10)
      .refine(
        (tiers) => new Set(tiers.map((t) => t.threshold)).size === tiers.length,
        say('tier.ownThreshold'),
      )
      .refine((tiers) => tiers.every((t) => t.amount <= t.threshold), say('tier.notAboveThreshold')),
  }),
  z.strictObject({
    kind: z.literal('buy_x_get_y'),
    buy: z.number().int().min(1).max(100),
    get: z.number().int().min(1).max(100),
    basisPoints,
  }),
  z.strictObject({
    kind: z.literal('free_shipping'),
    /** Only on these shipping methods (by code); omitted, on every method. */
    methodCodes: z.array(safeString().trim().min(1).max(40)).min(1).max(20).optional(),
  }),
]);

export const promotionTarget = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('order') }),
  z.strictObject({ kind: z.literal('categories'), ids: z.array(z.uuid()).min(1).max(100) }),
  z.strictObject({ kind: z.literal('products'), ids: z.array(z.uuid()).min(1).max(500) }),
]);

const limit = z.number().int().min(1).max(100_000_000);

/** The editable fields, without defaults (an update changes only what it names). */
const promotionFields = {
  /** What shoppers read on the cart and the order, in each language (English required). */
  name: localizedText(120),
  benefit: promotionBenefit,
  target: promotionTarget,
  stacking: z.enum(['exclusive', 'stackable']),
  priority: z.number().int().min(0).max(1000),
  startsAt: safeDate().nullable(),
  endsAt: safeDate().nullable(),
  minSpend: amount.nullable(),
  firstOrderOnly: z.boolean(),
  usageLimit: limit.nullable(),
  perCustomerLimit: limit.nullable(),
  budget: amount.nullable(),
  requiresCoupon: z.boolean(),
};

const windowIsOrdered = (p: { startsAt?: Date | null; endsAt?: Date | null }) =>
  !p.startsAt || !p.endsAt || p.startsAt < p.endsAt;
const windowMessage = { ...say('window.endAfterStart'), path: ['endsAt'] };

export const createPromotionInput = z
  .strictObject({
    ...promotionFields,
    target: promotionFields.target.default({ kind: 'order' }),
    stacking: promotionFields.stacking.default('stackable'),
    priority: promotionFields.priority.default(0),
    startsAt: promotionFields.startsAt.default(null),
    endsAt: promotionFields.endsAt.default(null),
    minSpend: promotionFields.minSpend.default(null),
    firstOrderOnly: promotionFields.firstOrderOnly.default(false),
    usageLimit: promotionFields.usageLimit.default(null),
    perCustomerLimit: promotionFields.perCustomerLimit.default(null),
    budget: promotionFields.budget.default(null),
    requiresCoupon: promotionFields.requiresCoupon.default(false),
  })
  .refine(windowIsOrdered, windowMessage);

export const updatePromotionInput = z
  .strictObject({ id: z.uuid(), ...promotionFields })
  .partial()
  .required({ id: true })
  .refine(windowIsOrdered, windowMessage);

export const promotionStatuses = ['active', 'paused', 'archived'] as const;
export const setPromotionStatusInput = z.strictObject({ id: z.uuid(), status: z.enum(promotionStatuses) });

export const promotionListInput = z.strictObject({
  ...pageInput,
  status: z.enum(promotionStatuses).optional(),
  requiresCoupon: z.boolean().optional(),
  q: safeString().trim().max(120).optional(),
});

export const couponCode = safeString()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9-]{3,40}$/, say('code.coupon'));

export const createCouponInput = z.strictObject({
  promotionId: z.uuid(),
  code: couponCode,
  usageLimit: limit.nullable().default(null),
});

export const generateCouponsInput = z.strictObject({
  promotionId: z.uuid(),
  prefix: safeString()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{2,12}$/, say('code.couponPrefix')),
  count: z.number().int().min(1).max(10_000),
  usageLimitPerCode: limit.nullable().default(1),
});

export const couponListInput = z.strictObject({
  ...pageInput,
  promotionId: z.uuid(),
});

/** Random code characters without look-alikes (no 0/O, 1/I/L). */
export const COUPON_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export type CreatePromotionInput = z.infer<typeof createPromotionInput>;
export type UpdatePromotionInput = z.infer<typeof updatePromotionInput>;
