import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pointsEarned, pointsRedemption } from './loyalty';
import { priceCart } from './pricing';

const rules = { perUnit: 1, perUnitRedeemed: 100, maxShareBasisPoints: 2000 };

describe('loyalty points', () => {
  it('earns a point per whole unit paid', () => {
    expect(pointsEarned(3_799, 2, rules)).toBe(37);
    expect(pointsEarned(99, 2, rules)).toBe(0);
  });

  it('spends up to the balance and up to 20% of the goods', () => {
    expect(pointsRedemption(250, 10_000, 2, rules)).toEqual({ points: 250, amountBase: 250 });
    expect(pointsRedemption(5_000, 10_000, 2, rules)).toEqual({ points: 2_000, amountBase: 2_000 });
    expect(pointsRedemption(0, 10_000, 2, rules)).toEqual({ points: 0, amountBase: 0 });
  });

  it('never spends more points than held, nor pays more than the share (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (balance, goods, perUnitRedeemed, share) => {
          const r = pointsRedemption(balance, goods, 2, {
            perUnit: 1,
            perUnitRedeemed,
            maxShareBasisPoints: share,
          });
          expect(r.points).toBeLessThanOrEqual(balance);
          expect(r.amountBase).toBeLessThanOrEqual(Math.floor((goods * share) / 10_000));
          expect(r.amountBase).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('is a line discount after promotions, shared by line totals, taxed after', () => {
    const breakdown = priceCart({
      currency: 'USD',
      lines: [
        { key: 'a', productId: 'p1', categoryIds: [], unitPrice: 3_000, quantity: 1 },
        { key: 'b', productId: 'p2', categoryIds: [], unitPrice: 1_000, quantity: 1 },
      ],
      customer: { id: null, isFirstOrder: false, usesByPromotion: new Map() },
      promotions: [],
      coupon: null,
      shipping: 500,
      tax: { inclusive: false, lineRates: { a: 1_000, b: 1_000 }, shippingRate: 0 },
      now: new Date(),
      pointsCredit: 400,
    });
    expect(breakdown.pointsDiscount).toBe(400);
    expect(breakdown.pointsAllocations).toEqual([
      { key: 'a', amount: 300 },
      { key: 'b', amount: 100 },
    ]);
    expect(breakdown.lineDiscount).toBe(400);
    expect(breakdown.tax).toBe(360);
    expect(breakdown.total).toBe(4_000 - 400 + 500 + 360);
  });
});
