// The promotions a cart is priced with, in the order currency, and the customer facts their
// conditions need. Promotion amounts are kept in the base currency and converted here at the
// current rate, to the nearest minor unit (no charm rounding: a discount is not a price tag).
import type { Executor } from '@crossdock/db/client';
import { coupons, orders, promotionRedemptions, promotions } from '@crossdock/db/schema';
import { money } from '@crossdock/domain/money';
import { type CurrencySetting, convertPrice, RATE_DECIMALS } from '@crossdock/domain/prices';
import type { CouponResult, PricingCustomer, Promotion, PromotionBenefit } from '@crossdock/domain/pricing';
import { and, eq, isNull, ne, or, sql } from 'drizzle-orm';
import { loadPricing, settingFor } from '../catalog/currencies.service';

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

function converter(base: string, setting: CurrencySetting) {
  const nearest = { mode: 'nearest' as const, increment: 1 };
  return (amount: number) =>
    setting.code === base
      ? amount
      : convertPrice(money(amount, base), setting.code, setting.rate, nearest).amount;
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

export async function loadOffers(
  db: Executor,
  input: { currency: string; customerId: string | null; couponCode: string | null },
): Promise<Offers> {
  const pricing = await loadPricing(db);
  const setting = settingFor(pricing, input.currency);
  const convert = converter(pricing.base, setting);

  const code = input.couponCode?.toUpperCase() ?? null;
  const [found] = code
    ? await db
        .select({ coupon: coupons, promotion: promotions })
        .from(coupons)
        .innerJoin(promotions, eq(promotions.id, coupons.promotionId))
        .where(and(eq(coupons.code, code), isNull(coupons.disabledAt)))
    : [];
  let couponProblem: CouponResult | null = null;
  if (code && !found) couponProblem = { code, applied: false, reason: 'UNKNOWN_CODE', missing: null };
  else if (found && found.promotion.status !== 'active') {
    couponProblem = { code: code!, applied: false, reason: 'NOT_ACTIVE', missing: null };
  }
  const couponPromotionId = found && !couponProblem ? found.promotion.id : null;

  const rows = await db
    .select()
    .from(promotions)
    .where(
      and(
        eq(promotions.status, 'active'),
        couponPromotionId
          ? or(eq(promotions.requiresCoupon, false), eq(promotions.id, couponPromotionId))
          : eq(promotions.requiresCoupon, false),
      ),
    );

  let customer: PricingCustomer = { id: null, isFirstOrder: true, usesByPromotion: new Map() };
  if (input.customerId) {
    const [placed] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(orders)
      .where(and(eq(orders.customerId, input.customerId), ne(orders.status, 'cancelled')));
    const uses = await db
      .select({ promotionId: promotionRedemptions.promotionId, n: sql<number>`count(*)::int` })
      .from(promotionRedemptions)
      .where(
        and(eq(promotionRedemptions.customerId, input.customerId), isNull(promotionRedemptions.reversedAt)),
      )
      .groupBy(promotionRedemptions.promotionId);
    customer = {
      id: input.customerId,
      isFirstOrder: (placed?.n ?? 0) === 0,
      usesByPromotion: new Map(uses.map((u) => [u.promotionId, u.n])),
    };
  }

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
      found && couponPromotionId
        ? {
            code: found.coupon.code,
            promotionId: couponPromotionId,
            couponId: found.coupon.id,
            exhausted: found.coupon.usageLimit !== null && found.coupon.timesUsed >= found.coupon.usageLimit,
            limited: found.coupon.usageLimit !== null,
          }
        : null,
    couponProblem,
    customer,
    toBase: (amount) => {
      if (setting.code === pricing.base) return amount;
      // The inverse rate, scaled like every rate (RATE_DECIMALS places): 10^20 / rate.
      const inverse = (10n ** BigInt(2 * RATE_DECIMALS) + setting.rate / 2n) / setting.rate;
      return convertPrice(money(amount, setting.code), pricing.base, inverse, {
        mode: 'nearest',
        increment: 1,
      }).amount;
    },
  };
}
