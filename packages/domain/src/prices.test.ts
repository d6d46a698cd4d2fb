import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from './money';
import {
  applyRounding,
  changePrice,
  convertAmount,
  convertAmountToBase,
  convertPrice,
  formatRate,
  parseRate,
  priceIn,
} from './prices';

const exact = { mode: 'nearest', increment: 1 } as const;

describe('exchange rates', () => {
  it('parse and print exactly', () => {
    expect(formatRate(parseRate('7.1234'))).toBe('7.1234');
    expect(formatRate(parseRate('150'))).toBe('150');
    expect(formatRate(parseRate('0.0000000001'))).toBe('0.0000000001');
    for (const bad of ['0', '-1', '1e3', 'abc', '1.12345678901', ''])
      expect(() => parseRate(bad)).toThrow(/rate/);
  });
});

describe('price conversion', () => {
  it('converts between currencies with different minor units', () => {
    expect(convertPrice(money(1999, 'USD'), 'CNY', parseRate('7.2'), exact)).toEqual(money(14393, 'CNY')); // 143.928 → 143.93
    expect(convertPrice(money(1999, 'USD'), 'JPY', parseRate('151.37'), exact)).toEqual(money(3026, 'JPY')); // 3025.8863
    expect(convertPrice(money(1500, 'JPY'), 'USD', parseRate('0.0066'), exact)).toEqual(money(990, 'USD'));
  });

  it('applies .99 endings and whole-unit rules', () => {
    const charm = { mode: 'charm', period: 100, ending: 99 } as const;
    expect(convertPrice(money(1999, 'USD'), 'EUR', parseRate('0.92'), charm)).toEqual(money(1899, 'EUR')); // 18.39 → 18.99
    expect(applyRounding(2399, charm)).toBe(2399);
    expect(applyRounding(2400, charm)).toBe(2499);
    expect(applyRounding(14393, { mode: 'nearest', increment: 100 })).toBe(14400);
    expect(applyRounding(3026, { mode: 'nearest', increment: 10 })).toBe(3030);
  });

  it('never rounds a positive price below what exact conversion gives by more than one step', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 99 }),
        (amount, increment, ending) => {
          expect(
            Math.abs(applyRounding(amount, { mode: 'nearest', increment }) - amount),
          ).toBeLessThanOrEqual(increment / 2);
          const charmed = applyRounding(amount, { mode: 'charm', period: 100, ending });
          expect(charmed).toBeGreaterThanOrEqual(amount);
          expect(charmed - amount).toBeLessThan(100);
          expect(charmed % 100).toBe(ending);
        },
      ),
    );
  });

  it('prefers the SKU’s own price in a currency over conversion', () => {
    const sku = {
      basePrice: money(1000, 'USD'),
      compareAtPrice: money(1500, 'USD'),
      overrides: new Map([['EUR', { price: money(949, 'EUR'), compareAtPrice: null }]]),
    };
    expect(priceIn(sku, { code: 'USD', rate: parseRate('1'), rounding: exact })).toMatchObject({
      source: 'base',
    });
    expect(priceIn(sku, { code: 'EUR', rate: parseRate('0.9'), rounding: exact })).toMatchObject({
      source: 'override',
      price: money(949, 'EUR'),
    });
    expect(priceIn(sku, { code: 'GBP', rate: parseRate('0.79'), rounding: exact })).toEqual({
      source: 'converted',
      price: money(790, 'GBP'),
      compareAtPrice: money(1185, 'GBP'),
      rate: '0.79',
    });
  });
});

describe('bulk price changes', () => {
  it('apply a percentage or an amount and never go below zero', () => {
    expect(changePrice(1000, { kind: 'percent', basisPoints: 1000 })).toBe(1100);
    expect(changePrice(999, { kind: 'percent', basisPoints: -1000 })).toBe(899); // 899.1
    expect(changePrice(500, { kind: 'amount', minor: -700 })).toBe(0);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: -10_000, max: 100_000 }),
        (price, bp) => {
          expect(changePrice(price, { kind: 'percent', basisPoints: bp })).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe('converting amounts that are not price tags', () => {
  const jpy = {
    code: 'JPY',
    rate: parseRate('151.25'),
    rounding: { mode: 'charm' as const, period: 1000, ending: 980 },
  };
  it('rounds to the nearest minor unit, never to a charm ending, and converts back', () => {
    expect(convertAmount(3_000, 'USD', jpy)).toBe(4538); // $30.00 → ¥4,537.5 → ¥4,538
    expect(convertAmountToBase(4538, jpy, 'USD')).toBe(3_000);
    expect(convertAmount(3_000, 'USD', { ...jpy, code: 'USD' })).toBe(3_000);
  });
});
