// The one pricing function: cart lines + customer + promotions + coupon + shipping + tax → a
// breakdown, in integer minor units of the order currency. Pure: the caller loads promotions,
// converts their amounts into the order currency, resolves shipping and tax rates, and passes
// the time.
//
// How promotions combine (the stacking rule):
//  1. A promotion is eligible when its date window holds, the spend on what it targets (before
//     any discount) reaches its minimum, its first-order, usage, per-customer and budget
//     conditions hold, and — if it needs a coupon — the coupon applied is its own.
//  2. Eligible promotions are either exclusive or stackable. The candidates are: each exclusive
//     promotion on its own, and all stackable ones together. The customer gets the candidate
//     with the largest total discount; a tie goes to the candidate holding the highest
//     priority, then the smallest promotion id, so the result is always the same.
//  3. Within the stack, promotions apply in priority order (highest first, then id), each to
//     what is left of its target after the ones before it, so discounts never exceed what they
//     apply to. Line discounts and the shipping discount are kept apart.
//  4. A budget caps what a promotion can still give; a promotion that would give nothing is
//     left out.
// Each line discount is allocated to the lines it applies to in proportion to what is left
// of them (largest remainder, ties by line key), so shares sum exactly to the discount.

import type { LocalizedText } from './catalog';
import { allocate, money, percentage } from './money';

export interface PriceLine {
  /** Unique per cart: the SKU id. */
  key: string;
  productId: string;
  /** The product's category and its ancestors. */
  categoryIds: readonly string[];
  /** Minor units of the order currency. */
  unitPrice: number;
  quantity: number;
}

export type PromotionTarget =
  | { kind: 'order' }
  | { kind: 'categories'; ids: readonly string[] }
  | { kind: 'products'; ids: readonly string[] };

export type PromotionBenefit =
  /** `basisPoints` off the target (1000 = 10%). */
  | { kind: 'percent_off'; basisPoints: number }
  | { kind: 'amount_off'; amount: number }
  /** The highest tier whose threshold the target's spend reaches. */
  | { kind: 'tiered'; tiers: readonly { threshold: number; amount: number }[] }
  /** For every `buy` + `get` units of the target, the `get` cheapest are `basisPoints` off. */
  | { kind: 'buy_x_get_y'; buy: number; get: number; basisPoints: number }
  /** Shipping off: on every method, or only on the methods named by code (e.g. standard). */
  | { kind: 'free_shipping'; methodCodes?: readonly string[] };

export interface Promotion {
  id: string;
  name: LocalizedText;
  target: PromotionTarget;
  benefit: PromotionBenefit;
  stacking: 'exclusive' | 'stackable';
  priority: number;
  startsAt: Date | null;
  endsAt: Date | null;
  /** On the target's spend before discounts. */
  minSpend: number | null;
  firstOrderOnly: boolean;
  usageLimit: number | null;
  timesUsed: number;
  perCustomerLimit: number | null;
  /** What the promotion may give in all, and has given, in the order currency. */
  budget: number | null;
  budgetUsed: number;
  requiresCoupon: boolean;
}

export interface PricingCustomer {
  id: string | null;
  isFirstOrder: boolean;
  /** How often this customer has used each promotion. */
  usesByPromotion: ReadonlyMap<string, number>;
}

export interface PricingInput {
  currency: string;
  lines: readonly PriceLine[];
  customer: PricingCustomer;
  /** Automatic promotions and the coupon's promotion. */
  promotions: readonly Promotion[];
  /** `exhausted`: this code (not its promotion) has been used as often as it may be. */
  coupon: { code: string; promotionId: string; exhausted?: boolean } | null;
  /** The chosen shipping method's price, or null before one is chosen. */
  shipping: number | null;
  /** The chosen shipping method's code (free shipping may be for some methods only). */
  shippingMethod?: string | null;
  tax: {
    /** Prices already include tax (the tax is shown, not added). */
    inclusive: boolean;
    /** Basis points per line key; a missing key is untaxed. */
    lineRates: Readonly<Record<string, number>>;
    shippingRate: number;
  };
  now: Date;
  /**
   * Loyalty points the customer spends, as an amount off the goods after promotions (the caller
   * caps it by the balance and the store's share). Applied last, shared across lines by their
   * totals, never more than the goods cost.
   */
  pointsCredit?: number;
}

export type PromotionRejection =
  | 'NOT_STARTED'
  | 'EXPIRED'
  | 'MIN_SPEND_NOT_MET'
  | 'FIRST_ORDER_ONLY'
  | 'USAGE_LIMIT_REACHED'
  | 'CUSTOMER_LIMIT_REACHED'
  | 'SIGN_IN_REQUIRED'
  | 'BUDGET_EXHAUSTED'
  | 'NO_ELIGIBLE_ITEMS'
  /** Free shipping for other methods than the one chosen (free standard, express chosen). */
  | 'METHOD_NOT_ELIGIBLE'
  /** It applies, but there is nothing (left) for it to take off, e.g. free shipping before a method is chosen. */
  | 'NOTHING_TO_DISCOUNT'
  /** A better offer that cannot be combined with it already applies. */
  | 'NOT_COMBINABLE'
  /** Given by the service, not by pricing: no such code, or its promotion is paused or over. */
  | 'UNKNOWN_CODE'
  | 'NOT_ACTIVE';

export interface Allocation {
  key: string;
  amount: number;
}

export interface AppliedDiscount {
  promotionId: string;
  name: LocalizedText;
  /** The coupon code when the discount came from one. */
  code: string | null;
  appliesTo: 'lines' | 'shipping';
  amount: number;
  /** Shares per line (empty for shipping); they sum to `amount`. */
  allocations: Allocation[];
}

export interface PricedLine {
  key: string;
  quantity: number;
  unitPrice: number;
  subtotal: number;
  discount: number;
  /** subtotal − discount. */
  total: number;
  tax: number;
}

export interface CouponResult {
  code: string;
  applied: boolean;
  reason: PromotionRejection | null;
  /** For MIN_SPEND_NOT_MET: how much more to spend on the target. */
  missing: number | null;
}

export interface PriceBreakdown {
  currency: string;
  lines: PricedLine[];
  subtotal: number;
  discounts: AppliedDiscount[];
  lineDiscount: number;
  shipping: number;
  shippingDiscount: number;
  tax: number;
  taxInclusive: boolean;
  total: number;
  coupon: CouponResult | null;
  /** The part of lineDiscount paid with points, and its share of each line. */
  pointsDiscount: number;
  pointsAllocations: Allocation[];
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function targets(promotion: Promotion, line: PriceLine): boolean {
  const target = promotion.target;
  if (target.kind === 'order') return true;
  if (target.kind === 'products') return target.ids.includes(line.productId);
  return line.categoryIds.some((id) => target.ids.includes(id));
}

/** Why a promotion does not apply to this cart, or null when it may. */
export function promotionRejection(
  promotion: Promotion,
  lines: readonly PriceLine[],
  customer: PricingCustomer,
  now: Date,
  shippingMethod: string | null = null,
): { reason: PromotionRejection; missing: number | null } | null {
  const reject = (reason: PromotionRejection, missing: number | null = null) => ({ reason, missing });
  const { benefit } = promotion;
  if (
    benefit.kind === 'free_shipping' &&
    benefit.methodCodes &&
    shippingMethod !== null &&
    !benefit.methodCodes.includes(shippingMethod)
  ) {
    return reject('METHOD_NOT_ELIGIBLE');
  }
  if (promotion.startsAt && now < promotion.startsAt) return reject('NOT_STARTED');
  if (promotion.endsAt && now >= promotion.endsAt) return reject('EXPIRED');
  if (promotion.usageLimit !== null && promotion.timesUsed >= promotion.usageLimit) {
    return reject('USAGE_LIMIT_REACHED');
  }
  if (promotion.budget !== null && promotion.budgetUsed >= promotion.budget)
    return reject('BUDGET_EXHAUSTED');
  if ((promotion.firstOrderOnly || promotion.perCustomerLimit !== null) && customer.id === null) {
    return reject('SIGN_IN_REQUIRED');
  }
  if (promotion.firstOrderOnly && !customer.isFirstOrder) return reject('FIRST_ORDER_ONLY');
  if (
    promotion.perCustomerLimit !== null &&
    (customer.usesByPromotion.get(promotion.id) ?? 0) >= promotion.perCustomerLimit
  ) {
    return reject('CUSTOMER_LIMIT_REACHED');
  }
  const targeted = lines.filter((line) => targets(promotion, line));
  if (promotion.benefit.kind !== 'free_shipping' && targeted.length === 0) return reject('NO_ELIGIBLE_ITEMS');
  const spend = targeted.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  const minimum = Math.max(
    promotion.minSpend ?? 0,
    promotion.benefit.kind === 'tiered' ? Math.min(...promotion.benefit.tiers.map((t) => t.threshold)) : 0,
  );
  if (spend < minimum) return reject('MIN_SPEND_NOT_MET', minimum - spend);
  return null;
}

interface StackResult {
  discounts: AppliedDiscount[];
  total: number;
}

/** Applies `stack` in order to fresh copies of the line amounts and shipping. */
function applyStack(
  stack: readonly Promotion[],
  lines: readonly PriceLine[],
  shipping: number,
  currency: string,
  coupon: PricingInput['coupon'],
): StackResult {
  const left = new Map(lines.map((line) => [line.key, line.unitPrice * line.quantity]));
  let shippingLeft = shipping;
  const discounts: AppliedDiscount[] = [];

  for (const promotion of stack) {
    const benefit = promotion.benefit;
    const room =
      promotion.budget === null ? Number.POSITIVE_INFINITY : promotion.budget - promotion.budgetUsed;
    const code = coupon?.promotionId === promotion.id ? coupon.code : null;

    if (benefit.kind === 'free_shipping') {
      const amount = Math.min(shippingLeft, room);
      if (amount <= 0) continue;
      shippingLeft -= amount;
      discounts.push({
        promotionId: promotion.id,
        name: promotion.name,
        code,
        appliesTo: 'shipping',
        amount,
        allocations: [],
      });
      continue;
    }

    const targeted = lines.filter((line) => targets(promotion, line));
    let allocations: Allocation[];
    if (benefit.kind === 'buy_x_get_y') {
      allocations = buyXGetY(benefit, targeted, left, currency);
    } else {
      const base = targeted.reduce((sum, line) => sum + left.get(line.key)!, 0);
      const spend = targeted.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
      let amount = 0;
      if (benefit.kind === 'percent_off')
        amount = percentage(money(base, currency), benefit.basisPoints).amount;
      else if (benefit.kind === 'amount_off') amount = benefit.amount;
      else {
        const tier = [...benefit.tiers]
          .filter((t) => t.threshold <= spend)
          .sort((a, b) => b.threshold - a.threshold)[0];
        amount = tier?.amount ?? 0;
      }
      amount = Math.min(amount, base);
      allocations = spread(amount, targeted, left, currency);
    }
    allocations = capAllocations(allocations, room);
    const amount = allocations.reduce((sum, a) => sum + a.amount, 0);
    if (amount <= 0) continue;
    for (const a of allocations) left.set(a.key, left.get(a.key)! - a.amount);
    discounts.push({
      promotionId: promotion.id,
      name: promotion.name,
      code,
      appliesTo: 'lines',
      amount,
      allocations: allocations.filter((a) => a.amount > 0),
    });
  }
  return { discounts, total: discounts.reduce((sum, d) => sum + d.amount, 0) };
}

/** `amount` over `lines` in proportion to what is left of each (lines sorted by key). */
function spread(
  amount: number,
  lines: readonly PriceLine[],
  left: Map<string, number>,
  currency: string,
): Allocation[] {
  if (amount <= 0 || lines.length === 0) return [];
  const sorted = [...lines].sort(byKey);
  const weights = sorted.map((line) => left.get(line.key)!);
  if (weights.every((w) => w === 0)) return [];
  const parts = allocate(money(amount, currency), weights);
  return sorted.map((line, i) => ({ key: line.key, amount: parts[i]!.amount }));
}

function buyXGetY(
  benefit: Extract<PromotionBenefit, { kind: 'buy_x_get_y' }>,
  lines: readonly PriceLine[],
  left: Map<string, number>,
  currency: string,
): Allocation[] {
  const units = lines.reduce((n, line) => n + line.quantity, 0);
  let free = Math.floor(units / (benefit.buy + benefit.get)) * benefit.get;
  const byPrice = [...lines].sort((a, b) => a.unitPrice - b.unitPrice || byKey(a, b));
  const allocations: Allocation[] = [];
  for (const line of byPrice) {
    if (free === 0) break;
    const count = Math.min(free, line.quantity);
    free -= count;
    const off = percentage(money(line.unitPrice * count, currency), benefit.basisPoints).amount;
    allocations.push({ key: line.key, amount: Math.min(off, left.get(line.key)!) });
  }
  return allocations;
}

/** Trims allocations (from the last) so they sum to at most `room`. */
function capAllocations(allocations: Allocation[], room: number): Allocation[] {
  let excess = allocations.reduce((sum, a) => sum + a.amount, 0) - room;
  if (excess <= 0) return allocations;
  const capped = allocations.map((a) => ({ ...a }));
  for (let i = capped.length - 1; i >= 0 && excess > 0; i--) {
    const cut = Math.min(capped[i]!.amount, excess);
    capped[i]!.amount -= cut;
    excess -= cut;
  }
  return capped;
}

const byPriority = (a: Promotion, b: Promotion) =>
  b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Tax in a price (inclusive) or on top of it (exclusive), rounded by the money module's rule. */
function taxOn(amount: number, basisPoints: number, inclusive: boolean, currency: string): number {
  if (basisPoints <= 0 || amount <= 0) return 0;
  if (!inclusive) return percentage(money(amount, currency), basisPoints).amount;
  // amount × r / (1 + r), with r in basis points: amount × bp / (10000 + bp), halves up.
  const numerator = BigInt(amount) * BigInt(basisPoints);
  const denominator = BigInt(10_000 + basisPoints);
  return Number((2n * numerator + denominator) / (2n * denominator));
}

export function priceCart(input: PricingInput): PriceBreakdown {
  const { lines, currency, customer, now } = input;
  const keys = new Set(lines.map((line) => line.key));
  if (keys.size !== lines.length) throw new Error('Cart lines must have unique keys');
  const shipping = input.shipping ?? 0;

  const eligible: Promotion[] = [];
  let couponRejection: { reason: PromotionRejection; missing: number | null } | null = null;
  for (const promotion of input.promotions) {
    const isCoupon = input.coupon?.promotionId === promotion.id;
    if (promotion.requiresCoupon && !isCoupon) continue;
    const rejection =
      isCoupon && input.coupon?.exhausted
        ? { reason: 'USAGE_LIMIT_REACHED' as const, missing: null }
        : promotionRejection(promotion, lines, customer, now, input.shippingMethod ?? null);
    if (rejection) {
      if (isCoupon) couponRejection = rejection;
      continue;
    }
    eligible.push(promotion);
  }
  if (input.coupon && !input.promotions.some((p) => p.id === input.coupon?.promotionId)) {
    throw new Error("The coupon's promotion must be among the promotions priced");
  }

  const stackable = eligible.filter((p) => p.stacking === 'stackable').sort(byPriority);
  const candidates = [
    ...eligible.filter((p) => p.stacking === 'exclusive').map((p) => [p]),
    ...(stackable.length ? [stackable] : []),
  ].map((stack) => ({ stack, result: applyStack(stack, lines, shipping, currency, input.coupon) }));
  // Largest discount first; on a tie, the stack led by the higher priority (stacks are sorted).
  const best = candidates.sort(
    (a, b) => b.result.total - a.result.total || byPriority(a.stack[0]!, b.stack[0]!),
  )[0];
  const discounts = best?.result.discounts ?? [];

  let coupon: CouponResult | null = null;
  if (input.coupon) {
    const id = input.coupon.promotionId;
    const applied = discounts.some((d) => d.promotionId === id);
    const reason: PromotionRejection | null = applied
      ? null
      : (couponRejection?.reason ??
        (best?.stack.some((p) => p.id === id) ? 'NOTHING_TO_DISCOUNT' : 'NOT_COMBINABLE'));
    coupon = { code: input.coupon.code, applied, reason, missing: couponRejection?.missing ?? null };
  }

  const lineDiscounts = new Map<string, number>();
  for (const discount of discounts) {
    for (const a of discount.allocations)
      lineDiscounts.set(a.key, (lineDiscounts.get(a.key) ?? 0) + a.amount);
  }
  // Points come after promotions: shared by what each line still costs.
  const afterPromotions = lines.map((l) => l.unitPrice * l.quantity - (lineDiscounts.get(l.key) ?? 0));
  const goodsBeforePoints = afterPromotions.reduce((a, b) => a + b, 0);
  const pointsDiscount = Math.max(0, Math.min(Math.floor(input.pointsCredit ?? 0), goodsBeforePoints));
  const pointsAllocations: Allocation[] =
    pointsDiscount > 0
      ? allocate(money(pointsDiscount, currency), afterPromotions).map((share, i) => ({
          key: lines[i]!.key,
          amount: share.amount,
        }))
      : [];
  for (const a of pointsAllocations) lineDiscounts.set(a.key, (lineDiscounts.get(a.key) ?? 0) + a.amount);
  const priced: PricedLine[] = lines.map((line) => {
    const subtotal = line.unitPrice * line.quantity;
    const discount = lineDiscounts.get(line.key) ?? 0;
    const total = subtotal - discount;
    return {
      key: line.key,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      subtotal,
      discount,
      total,
      tax: taxOn(total, input.tax.lineRates[line.key] ?? 0, input.tax.inclusive, currency),
    };
  });
  const shippingDiscount = discounts
    .filter((d) => d.appliesTo === 'shipping')
    .reduce((s, d) => s + d.amount, 0);
  const shippingNet = shipping - shippingDiscount;
  const tax =
    priced.reduce((sum, line) => sum + line.tax, 0) +
    taxOn(shippingNet, input.tax.shippingRate, input.tax.inclusive, currency);
  const goods = priced.reduce((sum, line) => sum + line.total, 0);
  return {
    currency,
    lines: priced,
    subtotal: priced.reduce((sum, line) => sum + line.subtotal, 0),
    discounts,
    lineDiscount: priced.reduce((sum, line) => sum + line.discount, 0),
    shipping,
    shippingDiscount,
    tax,
    taxInclusive: input.tax.inclusive,
    total: goods + shippingNet + (input.tax.inclusive ? 0 : tax),
    coupon,
    pointsDiscount,
    pointsAllocations,
  };
}
