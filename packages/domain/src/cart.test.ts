import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CART_LINES, MAX_LINE_QUANTITY, mergeCartLines } from './cart';

describe('merging a guest cart into a customer cart', () => {
  it('adds quantities of the same SKU, capped by what can be bought', () => {
    const merged = mergeCartLines(
      [{ skuId: 'a', quantity: 2 }],
      [
        { skuId: 'a', quantity: 3 },
        { skuId: 'b', quantity: 4 },
        { skuId: 'gone', quantity: 1 },
      ],
      new Map([
        ['a', 4],
        ['b', 10],
      ]),
    );
    expect(merged).toEqual([
      { skuId: 'a', quantity: 4 },
      { skuId: 'b', quantity: 4 },
    ]);
  });

  it("never takes away the customer's own lines, and keeps the limits", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            skuId: fc.string({ minLength: 1, maxLength: 3 }),
            quantity: fc.integer({ min: 1, max: 999 }),
          }),
          {
            selector: (l) => l.skuId,
            maxLength: 60,
          },
        ),
        fc.uniqueArray(
          fc.record({
            skuId: fc.string({ minLength: 1, maxLength: 3 }),
            quantity: fc.integer({ min: 1, max: 999 }),
          }),
          {
            selector: (l) => l.skuId,
            maxLength: 60,
          },
        ),
        fc.integer({ min: 0, max: 2000 }),
        (customer, guest, stock) => {
          const buyable = new Map([...customer, ...guest].map((l) => [l.skuId, stock]));
          const merged = mergeCartLines(customer, guest, buyable);
          expect(merged.length).toBeLessThanOrEqual(MAX_CART_LINES);
          for (const line of merged) {
            expect(line.quantity).toBeGreaterThan(0);
            const own = customer.find((l) => l.skuId === line.skuId)?.quantity ?? 0;
            expect(line.quantity).toBeLessThanOrEqual(Math.max(own, Math.min(stock, MAX_LINE_QUANTITY)));
          }
          for (const own of customer.slice(0, MAX_CART_LINES)) {
            expect(merged.find((l) => l.skuId === own.skuId)?.quantity).toBeGreaterThanOrEqual(own.quantity);
          }
        },
      ),
    );
  });
});
