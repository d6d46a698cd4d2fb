import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import {
  add,
  allocate,
  currency,
  format,
  fromDecimalString,
  minorUnitDigits,
  money,
  multiply,
  percentage,
  subtract,
  sum,
  toDecimalString,
} from './money';

const amount = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 });
const codes = fc.constantFrom('USD', 'EUR', 'GBP', 'CNY', 'JPY', 'KWD');

describe('money', () => {
  it('knows each currency’s minor units', () => {
    expect(minorUnitDigits(currency('USD'))).toBe(2);
    expect(minorUnitDigits(currency('JPY'))).toBe(0);
    expect(minorUnitDigits(currency('KWD'))).toBe(3);
  });

  it('refuses unknown currencies, fractional amounts and mixing currencies', () => {
    expect(() => money(100, 'XXY')).toThrow(DomainError);
    expect(() => money(100, 'usd')).toThrow(/ISO 4217/);
    expect(() => money(1.5, 'USD')).toThrow(/whole minor units/);
    expect(() => add(money(1, 'USD'), money(1, 'EUR'))).toThrow(
      expect.objectContaining({ reason: 'CURRENCY_MISMATCH' }),
    );
    expect(() => multiply(money(1, 'USD'), 0.5)).toThrow(/whole number/);
  });

  it('adds, subtracts, multiplies and sums', () => {
    expect(add(money(1999, 'USD'), money(1, 'USD'))).toEqual(money(2000, 'USD'));
    expect(subtract(money(500, 'USD'), money(750, 'USD'))).toEqual(money(-250, 'USD'));
    expect(multiply(money(1999, 'USD'), 3)).toEqual(money(5997, 'USD'));
    expect(sum([money(1, 'GBP'), money(2, 'GBP')], 'GBP')).toEqual(money(3, 'GBP'));
  });

  it('rounds percentages to the nearest minor unit, halves away from zero', () => {
    expect(percentage(money(1000, 'USD'), 1250).amount).toBe(125); // 12.5% of 10.00
    expect(percentage(money(5, 'USD'), 1000).amount).toBe(1); // 0.5 → 1
    expect(percentage(money(-5, 'USD'), 1000).amount).toBe(-1); // -0.5 → -1
    expect(percentage(money(4, 'USD'), 1000).amount).toBe(0); // 0.4 → 0
    expect(percentage(money(999, 'JPY'), 333).amount).toBe(33); // 33.2667 → 33
  });

  it('percentage never leaves the sign of its input and never exceeds it for ≤100%', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: 0, max: 10_000 }), (a, bp) => {
        const p = percentage(money(a, 'USD'), bp).amount;
        expect(Math.sign(p) === Math.sign(a) || p === 0).toBe(true);
        expect(Math.abs(p)).toBeLessThanOrEqual(Math.abs(a));
      }),
    );
  });

  it('allocates so the parts always sum exactly to the total, each with the total’s sign', () => {
    fc.assert(
      fc.property(
        amount,
        codes,
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 20 }),
        (a, code, weights) => {
          const parts = allocate(money(a, code), weights);
          expect(parts).toHaveLength(weights.length);
          expect(parts.reduce((s, p) => s + p.amount, 0)).toBe(a);
          for (const part of parts) {
            expect(part.currency).toBe(code);
            expect(part.amount === 0 || Math.sign(part.amount) === Math.sign(a)).toBe(true);
          }
        },
      ),
    );
  });

  it('allocates proportionally: each part is within one minor unit of its exact share', () => {
    fc.assert(
      fc.property(
        amount,
        fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 10 }),
        (a, weights) => {
          const total = weights.reduce((s, w) => s + w, 0);
          allocate(money(a, 'USD'), weights).forEach((part, i) => {
            expect(Math.abs(part.amount - (a * weights[i]!) / total)).toBeLessThan(1);
          });
        },
      ),
    );
  });

  it('allocates the remainder to the largest remainders, earlier first', () => {
    expect(allocate(money(100, 'USD'), [1, 1, 1]).map((m) => m.amount)).toEqual([34, 33, 33]);
    expect(allocate(money(-100, 'USD'), [1, 1, 1]).map((m) => m.amount)).toEqual([-34, -33, -33]);
    expect(allocate(money(5, 'USD'), [0, 0]).map((m) => m.amount)).toEqual([3, 2]);
    expect(allocate(money(1000, 'USD'), [300, 0, 700]).map((m) => m.amount)).toEqual([300, 0, 700]);
    expect(() => allocate(money(1, 'USD'), [])).toThrow(DomainError);
    expect(() => allocate(money(1, 'USD'), [-1])).toThrow(DomainError);
  });

  it('adds and subtracts as inverses (sign invariant)', () => {
    fc.assert(
      fc.property(amount, amount, (a, b) => {
        const x = money(a, 'EUR');
        const y = money(b, 'EUR');
        expect(subtract(add(x, y), y)).toEqual(x);
        expect(Math.sign(subtract(x, y).amount)).toBe(Math.sign(a - b));
      }),
    );
  });

  it('round-trips through exact decimal text', () => {
    fc.assert(
      fc.property(amount, codes, (a, code) => {
        const m = money(a, code);
        expect(fromDecimalString(toDecimalString(m), code)).toEqual(m);
      }),
    );
    expect(toDecimalString(money(-5, 'USD'))).toBe('-0.05');
    expect(() => fromDecimalString('1.234', 'USD')).toThrow(/2 decimal places/);
    expect(() => fromDecimalString('12abc', 'USD')).toThrow(/Not a decimal/);
  });

  it('formats for a locale', () => {
    expect(format(money(123456, 'USD'), 'en-US')).toBe('$1,234.56');
    expect(format(money(123456, 'EUR'), 'de-DE')).toBe('1.234,56\u00a0€');
    expect(format(money(1500, 'JPY'), 'ja-JP')).toBe('￥1,500');
    expect(format(money(9_007_199_254_740_991, 'USD'), 'en-US')).toBe('$90,071,992,547,409.91');
  });
});
