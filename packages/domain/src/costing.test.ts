import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addAtAverage,
  allocate,
  type CostPosition,
  costInBase,
  issueAtCost,
  landedCosts,
  receiveAtCost,
} from './costing';

describe('moving weighted average cost', () => {
  it('averages what was there with what came, weighted by quantity', () => {
    let p: CostPosition = { quantity: 0, unitCost: 0 };
    p = receiveAtCost(p, 10, 500);
    expect(p).toEqual({ quantity: 10, unitCost: 500 });
    p = receiveAtCost(p, 30, 700);
    expect(p).toEqual({ quantity: 40, unitCost: 650 });
    const out = issueAtCost(p, 15);
    expect(out).toEqual({ position: { quantity: 25, unitCost: 650 }, value: 9_750 });
    // A third of a cent survives, to four decimals.
    expect(receiveAtCost(out.position, 2, 651).unitCost).toBe(650.0741);
  });

  it('takes the cost of what came when there was none', () => {
    expect(receiveAtCost({ quantity: 0, unitCost: 999 }, 4, 120.5)).toEqual({ quantity: 4, unitCost: 120.5 });
  });

  it('costs stock of unknown cost at its first costed receipt, and issues it at no known value before', () => {
    expect(issueAtCost({ quantity: 5, unitCost: null }, 2).value).toBeNull();
    expect(receiveAtCost({ quantity: 5, unitCost: null }, 5, 300)).toEqual({ quantity: 10, unitCost: 300 });
    expect(addAtAverage({ quantity: 5, unitCost: 300 }, 1)).toEqual({ quantity: 6, unitCost: 300 });
  });

  it('refuses fractional or negative units and negative costs', () => {
    expect(() => receiveAtCost({ quantity: 1, unitCost: 1 }, 1.5, 1)).toThrow(RangeError);
    expect(() => receiveAtCost({ quantity: 1, unitCost: 1 }, 0, 1)).toThrow(RangeError);
    expect(() => receiveAtCost({ quantity: 1, unitCost: 1 }, 1, -1)).toThrow(RangeError);
    expect(() => issueAtCost({ quantity: 1, unitCost: 1 }, -1)).toThrow(RangeError);
  });

  it('keeps value = quantity × average cost after any sequence of receipts and issues', () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('in' as const),
        quantity: fc.integer({ min: 1, max: 500 }),
        cost: fc.integer({ min: 0, max: 100_000 }),
      }),
      fc.record({ kind: fc.constant('out' as const), quantity: fc.integer({ min: 1, max: 500 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let p: CostPosition = { quantity: 0, unitCost: 0 };
        // The ledger's value: what came at its cost, less what left at the cost of its moment.
        let value = 0;
        let rounding = 0;
        for (const s of steps) {
          if (s.kind === 'in') {
            p = receiveAtCost(p, s.quantity, s.cost);
            value += s.quantity * s.cost;
            // Each re-average rounds the unit cost by at most half of the fourth decimal.
            rounding += 0.00005 * p.quantity;
          } else {
            if (s.quantity > p.quantity) continue;
            const out = issueAtCost(p, s.quantity);
            p = out.position;
            value -= out.value!;
            rounding += 0.00005;
          }
          expect(p.quantity).toBeGreaterThanOrEqual(0);
          expect(Math.abs(value - p.quantity * (p.unitCost ?? 0))).toBeLessThanOrEqual(rounding + 1e-6);
        }
      }),
    );
  });
});

describe('spreading an amount over parts', () => {
  it('splits in whole minor units by weight, the remainder to the largest fractions', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(1000, [2, 1, 1])).toEqual([500, 250, 250]);
    expect(allocate(10, [0, 0])).toEqual([5, 5]);
    expect(allocate(0, [3, 4])).toEqual([0, 0]);
    expect(allocate(7, [])).toEqual([]);
  });

  it('always sums to the whole, each part within one unit of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 50 }),
        (amount, weights) => {
          const parts = allocate(amount, weights);
          expect(parts.reduce((s, p) => s + p, 0)).toBe(amount);
          const total = weights.reduce((s, w) => s + w, 0);
          parts.forEach((part, i) => {
            const exact = total > 0 ? (amount * weights[i]!) / total : amount / weights.length;
            expect(Math.abs(part - exact)).toBeLessThan(1);
          });
        },
      ),
    );
  });

  it('spreads freight over a transfer’s lines by weight, volume, value or count, per unit', () => {
    const lines = [
      { quantity: 10, unitValue: 1_000, unitWeight: 500, unitVolume: 2 },
      { quantity: 5, unitValue: 4_000, unitWeight: 2_000, unitVolume: 1 },
    ];
    expect(landedCosts(30_000, 'weight', lines)).toEqual([
      { share: 10_000, perUnit: 1_000 },
      { share: 20_000, perUnit: 4_000 },
    ]);
    expect(landedCosts(30_000, 'volume', lines).map((l) => l.share)).toEqual([24_000, 6_000]);
    expect(landedCosts(30_000, 'value', lines).map((l) => l.share)).toEqual([10_000, 20_000]);
    expect(landedCosts(30_000, 'quantity', lines).map((l) => l.share)).toEqual([20_000, 10_000]);
    expect(
      landedCosts(100, 'quantity', [{ quantity: 3, unitValue: 0, unitWeight: 0, unitVolume: 0 }]),
    ).toEqual([{ share: 100, perUnit: 33.3333 }]);
  });
});

describe('costs in the base currency', () => {
  it('converts at the rate of the day, across minor-unit digits, to four decimals', () => {
    // 7.2 yuan to the dollar: ¥36.00 is $5.00.
    expect(costInBase(3_600, { rate: 7.2, digits: 2 }, 2)).toBe(500);
    // 150 yen to the dollar: ¥1,000 (no minor units) is $6.6667.
    expect(costInBase(1_000, { rate: 150, digits: 0 }, 2)).toBe(666.6667);
    expect(costInBase(1_000, { rate: 1, digits: 2 }, 2)).toBe(1_000);
    expect(() => costInBase(1, { rate: 0, digits: 2 }, 2)).toThrow(RangeError);
  });
});
