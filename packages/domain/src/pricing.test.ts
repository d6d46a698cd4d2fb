import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PriceLine, type PricingInput, type Promotion, priceCart } from './pricing';

const NOW = new Date('2026-11-22T12:00:00Z');

const line = (key: string, unitPrice: number, quantity = 1, extra: Partial<PriceLine> = {}): PriceLine => ({
  key,
  productId: `p-${key}`,
  categoryIds: ['all'],
  unitPrice,
  quantity,
  ...extra,
});

const promo = (id: string, benefit: Promotion['benefit'], extra: Partial<Promotion> = {}): Promotion => ({
  id,
  name: { en: id },
  target: { kind: 'order' },
  benefit,
  stacking: 'stackable',
  priority: 0,
  startsAt: null,
  endsAt: null,
  minSpend: null,
  firstOrderOnly: false,
  usageLimit: null,
  timesUsed: 0,
  perCustomerLimit: null,
  budget: null,
  budgetUsed: 0,
  requiresCoupon: false,
  ...extra,
});

const guest = { id: null, isFirstOrder: true, usesByPromotion: new Map<string, number>() };
const member = { id: 'c1', isFirstOrder: false, usesByPromotion: new Map<string, number>() };

function price(input: Omit<Partial<PricingInput>, 'lines'> & { lines: readonly PriceLine[] }) {
  return priceCart({
    currency: 'USD',
    customer: member,
    promotions: [],
    coupon: null,
    shipping: null,
    tax: { inclusive: false, lineRates: {}, shippingRate: 0 },
    now: NOW,
    ...input,
  });
}

const tiers = promo('tiers', {
  kind: 'tiered',
  tiers: [
    { threshold: 30_000, amount: 3_000 },
    { threshold: 50_000, amount: 6_000 },
  ],
});

describe('pricing without promotions', () => {
  it('adds lines, shipping and exclusive tax', () => {
    const result = price({
      lines: [line('a', 1_999, 2), line('b', 500)],
      shipping: 800,
      tax: { inclusive: false, lineRates: { a: 1_000, b: 0 }, shippingRate: 1_000 },
    });
    expect(result).toMatchObject({
      subtotal: 4_498,
      lineDiscount: 0,
      shipping: 800,
      tax: 400 + 80,
      total: 5_778,
    });
    expect(result.lines[0]).toMatchObject({ subtotal: 3_998, total: 3_998, tax: 400 });
  });

  it('shows tax included in the prices without adding it', () => {
    const result = price({
      lines: [line('a', 12_000)],
      tax: { inclusive: true, lineRates: { a: 2_000 }, shippingRate: 0 },
    });
    expect(result).toMatchObject({ tax: 2_000, total: 12_000, taxInclusive: true });
  });
});

describe('promotion kinds', () => {
  it('gives the highest tier the spend reaches', () => {
    expect(price({ lines: [line('a', 25_000)], promotions: [tiers] }).lineDiscount).toBe(0);
    expect(price({ lines: [line('a', 45_000)], promotions: [tiers] }).lineDiscount).toBe(3_000);
    expect(price({ lines: [line('a', 30_000, 2)], promotions: [tiers] }).lineDiscount).toBe(6_000);
  });

  it('takes a percentage off chosen categories only, shared across their lines', () => {
    const shoes = promo(
      'shoes',
      { kind: 'percent_off', basisPoints: 2_000 },
      { target: { kind: 'categories', ids: ['shoes'] } },
    );
    const result = price({
      lines: [
        line('boot', 10_000, 1, { categoryIds: ['shoes'] }),
        line('sock', 1_000, 3, { categoryIds: ['socks'] }),
      ],
      promotions: [shoes],
    });
    expect(result.lines.map((l) => l.discount)).toEqual([2_000, 0]);
    expect(result.discounts).toEqual([
      expect.objectContaining({
        promotionId: 'shoes',
        amount: 2_000,
        allocations: [{ key: 'boot', amount: 2_000 }],
      }),
    ]);
  });

  it('takes a fixed amount off, never more than the target', () => {
    const tenOff = promo(
      'ten',
      { kind: 'amount_off', amount: 1_000 },
      { target: { kind: 'products', ids: ['p-b'] } },
    );
    expect(price({ lines: [line('a', 5_000), line('b', 600)], promotions: [tenOff] }).lineDiscount).toBe(600);
  });

  it('buy two get one free: the cheapest units go free', () => {
    const b2g1 = promo('b2g1', { kind: 'buy_x_get_y', buy: 2, get: 1, basisPoints: 10_000 });
    const result = price({
      lines: [line('a', 3_000, 2), line('b', 1_000, 1), line('c', 2_000, 3)],
      promotions: [b2g1],
    });
    // 6 units → 2 free: the 10.00 one and one 20.00.
    expect(result.lineDiscount).toBe(3_000);
    expect(result.discounts[0]!.allocations).toEqual([
      { key: 'b', amount: 1_000 },
      { key: 'c', amount: 2_000 },
    ]);
  });

  it('ships free over a threshold', () => {
    const freeShip = promo('ship', { kind: 'free_shipping' }, { minSpend: 5_000 });
    expect(price({ lines: [line('a', 4_000)], shipping: 900, promotions: [freeShip] })).toMatchObject({
      shippingDiscount: 0,
      total: 4_900,
    });
    expect(price({ lines: [line('a', 6_000)], shipping: 900, promotions: [freeShip] })).toMatchObject({
      shippingDiscount: 900,
      total: 6_000,
    });
  });
});

describe('free shipping for some methods', () => {
  // "Free standard shipping over $99" made Express free too (−$49.90 against $49.90).
  const freeStandard = promo(
    'ship',
    { kind: 'free_shipping', methodCodes: ['standard'] },
    { minSpend: 9_900 },
  );
  const cart = [line('a', 12_000)];

  it('takes standard shipping off', () => {
    expect(
      price({ lines: cart, shipping: 900, shippingMethod: 'standard', promotions: [freeStandard] }),
    ).toMatchObject({ shippingDiscount: 900, total: 12_000 });
  });

  it('leaves express at its price, and says why for a code', () => {
    expect(
      price({ lines: cart, shipping: 4_990, shippingMethod: 'express', promotions: [freeStandard] }),
    ).toMatchObject({ shippingDiscount: 0, shipping: 4_990, total: 16_990 });
    const coded = { ...freeStandard, requiresCoupon: true };
    expect(
      price({
        lines: cart,
        shipping: 4_990,
        shippingMethod: 'express',
        promotions: [coded],
        coupon: { code: 'SHIP', promotionId: 'ship' },
      }).coupon,
    ).toMatchObject({ applied: false, reason: 'METHOD_NOT_ELIGIBLE' });
  });

  it('without method codes, takes any method off', () => {
    const freeAny = promo('any', { kind: 'free_shipping' });
    expect(
      price({ lines: cart, shipping: 4_990, shippingMethod: 'express', promotions: [freeAny] }),
    ).toMatchObject({ shippingDiscount: 4_990 });
  });
});

describe('stacking', () => {
  const tenPercent = promo('10pct', { kind: 'percent_off', basisPoints: 1_000 }, { priority: 5 });
  const fiveOff = promo('5off', { kind: 'amount_off', amount: 500 }, { priority: 1 });
  const vip = promo(
    'vip',
    { kind: 'percent_off', basisPoints: 1_500 },
    { stacking: 'exclusive', priority: 9 },
  );

  it('applies stackable promotions in priority order, each on what is left', () => {
    const result = price({ lines: [line('a', 10_000)], promotions: [fiveOff, tenPercent] });
    expect(result.discounts.map((d) => [d.promotionId, d.amount])).toEqual([
      ['10pct', 1_000],
      ['5off', 500],
    ]);
  });

  it('gives the better of an exclusive promotion and the stack, never both', () => {
    // Stack: 10% of 100 + 5 = 15; VIP: 15% = 15 → tie → VIP leads with the higher priority.
    expect(
      price({ lines: [line('a', 10_000)], promotions: [tenPercent, fiveOff, vip] }).discounts.map(
        (d) => d.promotionId,
      ),
    ).toEqual(['vip']);
    // On 20.00 the stack gives 2 + 5 = 7 and VIP 3: the stack wins.
    expect(
      price({ lines: [line('a', 2_000)], promotions: [tenPercent, fiveOff, vip] }).discounts.map(
        (d) => d.promotionId,
      ),
    ).toEqual(['10pct', '5off']);
  });

  it('caps a promotion by what is left of its budget', () => {
    const capped = promo(
      'cap',
      { kind: 'amount_off', amount: 5_000 },
      { budget: 100_000, budgetUsed: 99_000 },
    );
    expect(price({ lines: [line('a', 20_000)], promotions: [capped] }).lineDiscount).toBe(1_000);
  });
});

describe('coupons', () => {
  const coupon = (
    extra: Partial<Promotion>,
    benefit: Promotion['benefit'] = { kind: 'amount_off', amount: 1_000 },
  ) => promo('coupon', benefit, { requiresCoupon: true, ...extra });
  const withCoupon = (p: Promotion, input: Partial<PricingInput> = {}) =>
    price({
      lines: [line('a', 10_000)],
      promotions: [p],
      coupon: { code: 'SAVE10', promotionId: p.id },
      ...input,
    }).coupon;

  it('applies a valid code and names it on the discount', () => {
    const result = price({
      lines: [line('a', 10_000)],
      promotions: [coupon({})],
      coupon: { code: 'SAVE10', promotionId: 'coupon' },
    });
    expect(result.coupon).toEqual({ code: 'SAVE10', applied: true, reason: null, missing: null });
    expect(result.discounts[0]).toMatchObject({ code: 'SAVE10', amount: 1_000 });
  });

  it('never applies a coupon promotion without its code', () => {
    expect(price({ lines: [line('a', 10_000)], promotions: [coupon({})] }).discounts).toEqual([]);
  });

  it('says why a code does not apply', () => {
    expect(withCoupon(coupon({ endsAt: NOW }))?.reason).toBe('EXPIRED');
    expect(withCoupon(coupon({ startsAt: new Date(NOW.getTime() + 1) }))?.reason).toBe('NOT_STARTED');
    expect(withCoupon(coupon({ usageLimit: 5, timesUsed: 5 }))?.reason).toBe('USAGE_LIMIT_REACHED');
    expect(
      withCoupon(coupon({}), { coupon: { code: 'SAVE10', promotionId: 'coupon', exhausted: true } })?.reason,
    ).toBe('USAGE_LIMIT_REACHED');
    expect(withCoupon(coupon({ budget: 10_000, budgetUsed: 10_000 }))?.reason).toBe('BUDGET_EXHAUSTED');
    expect(withCoupon(coupon({ firstOrderOnly: true }))?.reason).toBe('FIRST_ORDER_ONLY');
    expect(withCoupon(coupon({ firstOrderOnly: true }), { customer: guest })?.reason).toBe(
      'SIGN_IN_REQUIRED',
    );
    const usedOnce = { ...member, usesByPromotion: new Map([['coupon', 1]]) };
    expect(withCoupon(coupon({ perCustomerLimit: 1 }), { customer: usedOnce })?.reason).toBe(
      'CUSTOMER_LIMIT_REACHED',
    );
    expect(withCoupon(coupon({ target: { kind: 'categories', ids: ['toys'] } }))?.reason).toBe(
      'NO_ELIGIBLE_ITEMS',
    );
    expect(withCoupon(coupon({ minSpend: 15_000 }))).toEqual({
      code: 'SAVE10',
      applied: false,
      reason: 'MIN_SPEND_NOT_MET',
      missing: 5_000,
    });
    expect(withCoupon(coupon({}, { kind: 'free_shipping' }))?.reason).toBe('NOTHING_TO_DISCOUNT');
  });

  it('loses to a better exclusive offer, and says so', () => {
    const exclusive = promo('sale', { kind: 'percent_off', basisPoints: 3_000 }, { stacking: 'exclusive' });
    const result = price({
      lines: [line('a', 10_000)],
      promotions: [exclusive, coupon({})],
      coupon: { code: 'SAVE10', promotionId: 'coupon' },
    });
    expect(result.discounts.map((d) => d.promotionId)).toEqual(['sale']);
    expect(result.coupon).toMatchObject({ applied: false, reason: 'NOT_COMBINABLE' });
  });
});

// ---- properties -----------------------------------------------------------------------------

const lineArb = fc.record({
  unitPrice: fc.integer({ min: 0, max: 200_000 }),
  quantity: fc.integer({ min: 1, max: 999 }),
  category: fc.constantFrom('a', 'b', 'c'),
});
const benefitArb: fc.Arbitrary<Promotion['benefit']> = fc.oneof(
  fc.record({ kind: fc.constant('percent_off' as const), basisPoints: fc.integer({ min: 1, max: 10_000 }) }),
  fc.record({ kind: fc.constant('amount_off' as const), amount: fc.integer({ min: 1, max: 10_000_000 }) }),
  fc.record({
    kind: fc.constant('tiered' as const),
    tiers: fc.array(
      fc.record({
        threshold: fc.integer({ min: 0, max: 1_000_000 }),
        amount: fc.integer({ min: 1, max: 500_000 }),
      }),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
  }),
  fc.record({
    kind: fc.constant('buy_x_get_y' as const),
    buy: fc.integer({ min: 1, max: 4 }),
    get: fc.integer({ min: 1, max: 3 }),
    basisPoints: fc.integer({ min: 1, max: 10_000 }),
  }),
  fc.constant({ kind: 'free_shipping' as const }),
);
const promotionArb = fc.record({
  benefit: benefitArb,
  stacking: fc.constantFrom('exclusive' as const, 'stackable' as const),
  priority: fc.integer({ min: 0, max: 3 }),
  target: fc.oneof(
    fc.constant({ kind: 'order' as const }),
    fc.record({
      kind: fc.constant('categories' as const),
      ids: fc.subarray(['a', 'b', 'c'], { minLength: 1 }),
    }),
  ),
  minSpend: fc.option(fc.integer({ min: 0, max: 500_000 }), { nil: null }),
  budget: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
});
const cartArb = fc.record({
  lines: fc.array(lineArb, { minLength: 1, maxLength: 8 }),
  promotions: fc.array(promotionArb, { maxLength: 5 }),
  shipping: fc.option(fc.integer({ min: 0, max: 50_000 }), { nil: null }),
  inclusive: fc.boolean(),
  rate: fc.integer({ min: 0, max: 2_500 }),
});

type Cart = typeof cartArb extends fc.Arbitrary<infer T> ? T : never;

function inputOf(cart: Cart, order?: number[]): PricingInput {
  const lines = cart.lines.map((l, i) =>
    line(`k${i}`, l.unitPrice, l.quantity, { categoryIds: [l.category] }),
  );
  return {
    currency: 'USD',
    lines: order ? order.map((i) => lines[i]!) : lines,
    customer: member,
    promotions: cart.promotions.map((p, i) => promo(`p${i}`, p.benefit, { ...p, budgetUsed: 0 })),
    coupon: null,
    shipping: cart.shipping,
    tax: {
      inclusive: cart.inclusive,
      lineRates: Object.fromEntries(lines.map((l) => [l.key, cart.rate])),
      shippingRate: cart.rate,
    },
    now: NOW,
  };
}

describe('pricing invariants', () => {
  it('never gives a negative total, and no discount exceeds what it applies to', () => {
    fc.assert(
      fc.property(cartArb, (cart) => {
        const result = priceCart(inputOf(cart));
        expect(result.total).toBeGreaterThanOrEqual(0);
        for (const l of result.lines) {
          expect(l.discount).toBeGreaterThanOrEqual(0);
          expect(l.discount).toBeLessThanOrEqual(l.subtotal);
        }
        expect(result.shippingDiscount).toBeLessThanOrEqual(result.shipping);
        for (const d of result.discounts) expect(d.amount).toBeGreaterThan(0);
      }),
    );
  });

  it('allocates every discount exactly to lines, and the parts add up to the total', () => {
    fc.assert(
      fc.property(cartArb, (cart) => {
        const result = priceCart(inputOf(cart));
        const perLine = new Map<string, number>();
        for (const d of result.discounts) {
          if (d.appliesTo === 'lines') {
            expect(d.allocations.reduce((s, a) => s + a.amount, 0)).toBe(d.amount);
          } else {
            expect(d.allocations).toEqual([]);
          }
          for (const a of d.allocations) perLine.set(a.key, (perLine.get(a.key) ?? 0) + a.amount);
        }
        for (const l of result.lines) expect(l.discount).toBe(perLine.get(l.key) ?? 0);
        const goods = result.lines.reduce((s, l) => s + l.total, 0);
        expect(result.total).toBe(
          goods + result.shipping - result.shippingDiscount + (result.taxInclusive ? 0 : result.tax),
        );
      }),
    );
  });

  it('does not depend on the order of the lines', () => {
    fc.assert(
      fc.property(
        cartArb.chain((cart) =>
          fc.tuple(
            fc.constant(cart),
            fc.shuffledSubarray([...cart.lines.keys()], { minLength: cart.lines.length }),
          ),
        ),
        ([cart, order]) => {
          const straight = priceCart(inputOf(cart));
          const shuffled = priceCart(inputOf(cart, order));
          const byKey = (r: typeof straight) => [...r.lines].sort((a, b) => a.key.localeCompare(b.key));
          expect(byKey(shuffled)).toEqual(byKey(straight));
          expect(shuffled.discounts).toEqual(straight.discounts);
          expect(shuffled.total).toBe(straight.total);
        },
      ),
    );
  });
});
