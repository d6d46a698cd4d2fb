// The promotions a cart is priced with, in the order currency, and the customer facts their
// conditions need. Promotion amounts are kept in the base currency and converted here at the
// current rate, to the nearest minor unit (no charm rounding: a discount is not a price tag).
import type { Executor } from '@crossdock/db/client';
import { coupons, orders, promotionRedemptions, promotions } from '@crossdock/db/schema';
import { convertAmount, convertAmountToBase } from '@crossdock/domain/prices';
import type { CouponResult, PricingCustomer, Promotion, PromotionBenefit } from '@crossdock/domain/pricing';
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { settingFor } from '../catalog/currencies';
import type { PricingReference } from './reference';

export interface Offers {
  promotions: Promotion[];
  /** `limited`: the code has a usage limit of its own (counted at checkout). */
  coupon: {
    code: string;
    promotionId: string;
    couponId: string;
    exhausted: boolean;
    limited: boolean;
  } | null;
  /** Set when the code cannot be priced at all (unknown, or its promotion is not running). */
  couponProblem: CouponResult | null;
  customer: PricingCustomer;
  /** Converts an order-currency amount back to base currency (budgets are kept there). */
  toBase(amount: number): number;
}

function convertBenefit(benefit: PromotionBenefit, convert: (n: number) => number): PromotionBenefit {
  switch (benefit.kind) {
    case 'amount_off':
      return { ...benefit, amount: convert(benefit.amount) };
    case 'tiered':
      return {
        ...benefit,
        tiers: benefit.tiers.map((t) => ({ threshold: convert(t.threshold), amount: convert(t.amount) })),
      };
    default:
      return benefit;
  }
}

/** One statement: orders placed (not cancelled) and uses per promotion (not reversed). */
async function customerFacts(db: Executor, customerId: string): Promise<PricingCustomer> {
  const facts = await db
    .select({ promotionId: promotionRedemptions.promotionId, n: sql<number>`count(*)::int` })
    .from(promotionRedemptions)
    .where(and(eq(promotionRedemptions.customerId, customerId), isNull(promotionRedemptions.reversedAt)))
    .groupBy(promotionRedemptions.promotionId)
    .unionAll(
      db
        .select({ promotionId: sql<string>`null::uuid`, n: sql<number>`count(*)::int` })
        .from(orders)
        .where(and(eq(orders.customerId, customerId), ne(orders.status, 'cancelled'))),
    );
  const placed = facts.find((f) => f.promotionId === null)?.n ?? 0;
  return {
    id: customerId,
    isFirstOrder: placed === 0,
    usesByPromotion: new Map(facts.filter((f) => f.promotionId !== null).map((f) => [f.promotionId, f.n])),
  };
}

export async function loadOffers(
  db: Executor,
  input: { currency: string; customerId: string | null; couponCode: string | null },
  ref: Pick<PricingReference, 'pricing' | 'automaticPromotions'>,
): Promise<Offers> {
  const { pricing } = ref;
  const setting = settingFor(pricing, input.currency);
  const convert = (amount: number) => convertAmount(amount, pricing.base, setting);

  const code = input.couponCode?.toUpperCase() ?? null;
  // Definitions come from the reference cache; the usage of limited automatic promotions
  // changes with every order, so it is read fresh (the coupon's promotion comes fresh with
  // the code). The three reads are sent together.
  const limited = ref.automaticPromotions
    .filter((p) => p.usageLimit !== null || p.budget !== null)
    .map((p) => p.id);
  const [[found], usage, facts] = await Promise.all([
    code
      ? db
          .select({ coupon: coupons, promotion: promotions })
          .from(coupons)
          .innerJoin(promotions, eq(promotions.id, coupons.promotionId))
          .where(and(eq(coupons.code, code), isNull(coupons.disabledAt)))
      : [],
    limited.length
      ? db
          .select({
            id: promotions.id,
            timesUsed: promotions.timesUsed,
            budgetUsed: promotions.budgetUsed,
            status: promotions.status,
          })
          .from(promotions)
          .where(inArray(promotions.id, limited))
      : [],
    input.customerId ? customerFacts(db, input.customerId) : null,
  ]);
  let couponProblem: CouponResult | null = null;
  if (code && !found) couponProblem = { code, applied: false, reason: 'UNKNOWN_CODE', missing: null };
  else if (found && found.promotion.status !== 'active') {
    couponProblem = { code: code!, applied: false, reason: 'NOT_ACTIVE', missing: null };
  }
  const couponPromotion = found && !couponProblem ? found.promotion : null;

  const byId = new Map(usage.map((u) => [u.id, u]));
  let rows = ref.automaticPromotions
    .filter((p) => !limited.includes(p.id) || byId.get(p.id)?.status === 'active')
    .map((p) => (byId.has(p.id) ? { ...p, ...byId.get(p.id)! } : p));
  if (couponPromotion) rows = [...rows.filter((p) => p.id !== couponPromotion.id), couponPromotion];

  const customer: PricingCustomer = facts ?? { id: null, isFirstOrder: true, usesByPromotion: new Map() };

  return {
    promotions: rows.map((p) => ({
      id: p.id,
      name: p.name,
      target: p.target,
      benefit: convertBenefit(p.benefit, convert),
      stacking: p.stacking,
      priority: p.priority,
      startsAt: p.startsAt,
      endsAt: p.endsAt,
      minSpend: p.minSpend === null ? null : convert(p.minSpend),
      firstOrderOnly: p.firstOrderOnly,
      usageLimit: p.usageLimit,
      timesUsed: p.timesUsed,
      perCustomerLimit: p.perCustomerLimit,
      budget: p.budget === null ? null : convert(p.budget),
      budgetUsed: convert(p.budgetUsed),
      requiresCoupon: p.requiresCoupon,
    })),
    coupon:
      found && couponPromotion
        ? {
            code: found.coupon.code,
            promotionId: couponPromotion.id,
            couponId: found.coupon.id,
            exhausted: found.coupon.usageLimit !== null && found.coupon.timesUsed >= found.coupon.usageLimit,
            limited: found.coupon.usageLimit !== null,
          }
        : null,
    couponProblem,
    customer,
    toBase: (amount) => convertAmountToBase(amount, setting, pricing.base),
  };
}
