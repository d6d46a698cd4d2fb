import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import {
  createPurchaseOrderInput,
  needsApproval,
  nextPurchaseOrderStatus,
  purchaseOrderStatuses,
  purchaseOrderTotals,
  purchaseOrderTransitions,
  receivableQuantity,
  setSupplierPricesInput,
  statusAfterReceipt,
  supplierPriceFor,
} from './purchasing';

describe('a purchase order’s life', () => {
  it('goes draft → approved → sent, and closes once received, or is cancelled before', () => {
    expect(nextPurchaseOrderStatus('draft', 'approve')).toBe('approved');
    expect(nextPurchaseOrderStatus('approved', 'send')).toBe('sent');
    expect(nextPurchaseOrderStatus('partially_received', 'close')).toBe('closed');
    expect(nextPurchaseOrderStatus('received', 'close')).toBe('closed');
    for (const from of ['draft', 'approved', 'sent'] as const)
      expect(nextPurchaseOrderStatus(from, 'cancel')).toBe('cancelled');
  });

  it('refuses every other move, saying what the order is', () => {
    for (const status of purchaseOrderStatuses) {
      for (const [action, rule] of Object.entries(purchaseOrderTransitions)) {
        if ((rule.from as readonly string[]).includes(status)) continue;
        expect(() =>
          nextPurchaseOrderStatus(status, action as keyof typeof purchaseOrderTransitions),
        ).toThrow(DomainError);
      }
    }
    expect(() => nextPurchaseOrderStatus('partially_received', 'cancel')).toThrow(
      'A purchase order that is partly received cannot be cancelled',
    );
    expect(() => nextPurchaseOrderStatus('closed', 'send')).toThrow(
      'A purchase order that is closed cannot be sent',
    );
  });

  it('is received when every line has what was ordered, partly otherwise', () => {
    expect(
      statusAfterReceipt([
        { ordered: 10, received: 10 },
        { ordered: 5, received: 6 },
      ]),
    ).toBe('received');
    expect(
      statusAfterReceipt([
        { ordered: 10, received: 10 },
        { ordered: 5, received: 4 },
      ]),
    ).toBe('partially_received');
  });
});

describe('receiving', () => {
  it('takes up to what was ordered plus the tolerance, less what came', () => {
    expect(receivableQuantity({ ordered: 100, received: 0 }, 5)).toBe(105);
    expect(receivableQuantity({ ordered: 100, received: 60 }, 5)).toBe(45);
    expect(receivableQuantity({ ordered: 10, received: 0 }, 5)).toBe(10);
    expect(receivableQuantity({ ordered: 10, received: 12 }, 0)).toBe(0);
  });
});

describe('prices and approval', () => {
  const breaks = [
    { minQuantity: 1, unitPrice: 500 },
    { minQuantity: 100, unitPrice: 450 },
    { minQuantity: 1000, unitPrice: 400 },
  ];
  it('takes the supplier’s price break the quantity reaches', () => {
    expect(supplierPriceFor(breaks, 1)).toBe(500);
    expect(supplierPriceFor(breaks, 99)).toBe(500);
    expect(supplierPriceFor(breaks, 100)).toBe(450);
    expect(supplierPriceFor(breaks, 5000)).toBe(400);
    expect(supplierPriceFor([{ minQuantity: 50, unitPrice: 1 }], 10)).toBeNull();
    expect(supplierPriceFor([], 10)).toBeNull();
  });

  it('totals goods, freight and duties, and asks an approver above the limit', () => {
    expect(
      purchaseOrderTotals({
        lines: [
          { quantity: 3, unitPrice: 1_000 },
          { quantity: 2, unitPrice: 250 },
        ],
        freight: 700,
        duties: 300,
      }),
    ).toEqual({ goods: 3_500, freight: 700, duties: 300, total: 4_500 });
    expect(needsApproval(100_000, 100_000)).toBe(false);
    expect(needsApproval(100_001, 100_000)).toBe(true);
  });

  it('refuses a SKU listed twice, or two breaks at one quantity', () => {
    const sku = '0190b5a8-8a00-7000-8000-000000000001';
    const line = { skuId: sku, quantity: 1 };
    expect(
      createPurchaseOrderInput.safeParse({
        supplierId: sku,
        warehouseId: sku,
        lines: [line, line],
      }).success,
    ).toBe(false);
    expect(
      setSupplierPricesInput.safeParse({
        supplierId: sku,
        skuId: sku,
        breaks: [
          { minQuantity: 10, unitPrice: 5 },
          { minQuantity: 10, unitPrice: 4 },
        ],
      }).success,
    ).toBe(false);
  });
});
