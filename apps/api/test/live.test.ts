// Live order events and the dashboard, on real databases: an order placed and paid reaches a
// staff subscriber through the outbox relay (and Redis pub/sub when configured), and the
// dashboard counts it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness';
import { createShop, refused } from './shop-fixtures';

let app: TestApp;
let shop: Awaited<ReturnType<typeof createShop>>;

beforeAll(async () => {
  app = await createTestApp({ limitRules: { loginPerIp: { points: 10_000, durationSeconds: 60 } } });
  shop = await createShop(app);
});
afterAll(async () => {
  await shop?.server.close();
  await app?.cleanup();
});

describe('live orders', () => {
  it('pushes placed and paid orders to subscribed staff', async () => {
    const stream = await shop.staff.live.orders();
    const received: { type: string; number: string; status: string }[] = [];
    const reading = (async () => {
      for await (const event of stream) {
        received.push(event);
        // Leaving the loop ends the subscription.
        if (received.length === 2) break;
      }
    })();
    // Let the subscription attach before anything happens.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { orderId } = await shop.paidOrder(1);
    const order = await shop.staff.orders.get({ id: orderId });
    await app.deps.events.runOnce();
    await Promise.race([
      reading,
      new Promise((_, reject) => setTimeout(() => reject(new Error('no live events')), 5000)),
    ]);
    expect(received).toEqual([
      expect.objectContaining({ type: 'order.placed', number: order.number, status: 'pending_payment' }),
      expect.objectContaining({ type: 'order.pay', number: order.number, status: 'paid' }),
    ]);
  });

  it('is for staff who may read orders', async () => {
    const customer = await app.customer();
    await refused(customer.api.live.orders(), 'STAFF_ONLY');
  });
});

describe('dashboard', () => {
  it('counts paid orders, their sales and what waits for staff', async () => {
    const before = await shop.staff.analytics.dashboard();
    const { total } = await shop.paidOrder(2);
    await shop.placedOrder(1); // unpaid: not a sale
    const after = await shop.staff.analytics.dashboard();
    expect(after.today.orders).toBe(before.today.orders + 1);
    expect(after.today.sales.amount).toBe(before.today.sales.amount + total);
    expect(after.month.orders).toBeGreaterThanOrEqual(after.today.orders);
    expect(after.daily).toHaveLength(30);
    expect(after.daily.at(-1)!.orders).toBe(after.today.orders);
    expect(after.awaiting.toShip).toBe(before.awaiting.toShip + 1);
    expect(after.topProducts[0]).toMatchObject({ title: 'Longjing' });
  });
});

describe('customers', () => {
  it('finds customers by email or name and shows their orders, addresses, points and lifetime value', async () => {
    const { customer, total } = await shop.paidOrder(2);
    await shop.placedOrder(1); // someone else's unpaid order
    const found = await shop.staff.customers.list({ search: customer.email.slice(0, 12) });
    expect(found.items.map((c) => c.id)).toContain(customer.id);
    // The list counts the customer's orders as the detail does (it once said 0).
    expect(found.items.find((c) => c.id === customer.id)?.orders).toBe(1);
    const detail = await shop.staff.customers.get({ id: customer.id });
    expect(detail).toMatchObject({ email: customer.email, paidOrders: 1, points: 0 });
    expect(detail.lifetimeValue.amount).toBe(total);
    expect(detail.orders.items).toHaveLength(1);
    expect(detail.addresses).toHaveLength(1);
    await refused(shop.staff.customers.get({ id: crypto.randomUUID() }), 'NOT_FOUND');
    await refused(customer.api.customers.list({}), 'STAFF_ONLY');
  });
});
