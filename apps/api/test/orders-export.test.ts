// The orders export: a row per order line with what a bookkeeper needs, for exactly the orders
// the list's filters select, page by page.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness';
import { createShop } from './shop-fixtures';

let app: TestApp;
let shop: Awaited<ReturnType<typeof createShop>>;
beforeAll(async () => {
  app = await createTestApp();
  shop = await createShop(app);
});
afterAll(async () => {
  await app?.cleanup();
});

describe('orders export', () => {
  it('writes each line with the order’s amounts, tax, payment and channel, for the filters', async () => {
    const paid = await shop.paidOrder(3);
    const unpaid = await shop.placedOrder(1);
    const staff = await shop.staffApi();
    const detail = await staff.orders.get({ id: paid.orderId });
    const page = await staff.orders.exportLines({ limit: 10, number: detail.number });
    expect(page.nextCursor).toBeNull();
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      number: detail.number,
      status: 'paid',
      channel: 'storefront',
      country: 'DE',
      sku: detail.lines[0]!.skuCode,
      quantity: 3,
      unitPrice: { amount: 2_500, currency: 'USD' },
      lineSubtotal: { amount: 7_500 },
      orderSubtotal: { amount: 7_500 },
      shipping: { amount: 500 },
      total: { amount: paid.total },
      refunded: { amount: 0 },
      paymentProvider: 'alipay',
    });
    expect(page.items[0]!.paidAt).toBeInstanceOf(Date);
    // Filters select as the list does; pages follow its cursor.
    const pending = await staff.orders.exportLines({ limit: 10, status: ['pending_payment'] });
    expect(pending.items.map((r) => r.number)).toContain(
      (await staff.orders.get({ id: unpaid.orderId })).number,
    );
    expect(pending.items.every((r) => r.status === 'pending_payment' && r.paymentProvider === null)).toBe(
      true,
    );
    const first = await staff.orders.exportLines({ limit: 1 });
    const second = await staff.orders.exportLines({ limit: 1, cursor: first.nextCursor! });
    expect(second.items[0]!.number).not.toBe(first.items[0]!.number);
  });
});
