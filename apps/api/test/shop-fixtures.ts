// A small shop for the order-lifecycle tests: one tea with stock in a Chinese warehouse, a
// shipping method to Germany, and helpers that take a customer from cart to a placed or paid
// order through the real procedures and the real HTTP routes (webhook, simulated cashier).
import { simTransactions } from '@crossdock/db/schema';
import { type ErrorReason, reasonCodes } from '@crossdock/domain/errors';
import { eq } from 'drizzle-orm';
import {
  type SendNotification,
  sendDueNotifications,
} from '../src/infra/payment-providers/simulator-notifier';
import { buildServer } from '../src/server';
import { expectReason } from './errors';
import type { TestApp } from './harness';

export type Customer = Awaited<ReturnType<TestApp['customer']>>;
export type StaffApi = Awaited<ReturnType<TestApp['staff']>>['api'];

export const refused = (promise: Promise<unknown>, reason: ErrorReason) =>
  expectReason(promise, reasonCodes[reason], reason);

export async function createShop(app: TestApp) {
  const server = await buildServer(app.deps);
  // Tests move the clock by days: staff sign in again once their access token would expire.
  let staffSession = { api: (await app.staff(['Administrator'])).api, at: app.clock.now().getTime() };
  const staffApi = async () => {
    if (app.clock.now().getTime() - staffSession.at > 10 * 60_000) {
      staffSession = { api: (await app.staff(['Administrator'])).api, at: app.clock.now().getTime() };
    }
    return staffSession.api;
  };
  const staff = staffSession.api;
  const category = await staff.catalog.categories.create({
    name: { en: 'Tea' },
    slug: 'tea',
    parentId: null,
  });
  const warehouseId = (
    await staff.inventory.createWarehouse({ code: 'HZ-1', name: 'Hangzhou', country: 'CN', kind: 'own' })
  ).id;
  const product = await staff.catalog.products.create({
    slug: 'longjing',
    title: { en: 'Longjing' },
    categoryId: category.id,
    skuPrefix: 'LJ',
  });
  const skuId = product.skus[0]!.id;
  await staff.catalog.products.updateSkus({
    productId: product.id,
    skus: [{ id: skuId, basePrice: 2_500, weightGrams: 250 }],
  });
  await staff.catalog.products.setStatus({ id: product.id, status: 'active' });
  await staff.inventory.adjust({ skuId, warehouseId, quantity: 1_000, reason: 'opening' });
  const standardId = (
    await staff.logistics.saveShippingMethod({
      code: 'standard',
      name: { en: 'Standard' },
      position: 0,
      zones: [{ name: 'EU', countries: ['DE'], brackets: [{ maxGrams: null, amount: 500 }] }],
    })
  ).id;

  /** The simulators' HTTP transport, pointed at the in-process server. */
  const send: SendNotification = async (url, headers, body) =>
    (await server.inject({ method: 'POST', url: new URL(url).pathname, headers, payload: body })).statusCode;
  const notifier = () => ({ ...app.deps, secrets: app.deps.providerSecrets });

  async function placedOrder(quantity = 2): Promise<{ customer: Customer; orderId: string; total: number }> {
    app.cookieJar.clear();
    const customer = await app.customer();
    await customer.api.cart.add({ skuId, quantity });
    const address = await customer.api.account.addresses.add({
      address: { name: 'Mia', line1: 'Torstraße 1', city: 'Berlin', postalCode: '10119', country: 'DE' },
    });
    const placed = await customer.api.checkout.placeOrder({
      addressId: address.id,
      shippingMethodId: standardId,
      idempotencyKey: `key-${crypto.randomUUID()}`,
      currency: 'USD',
    });
    const order = await customer.api.account.orders.get({ id: placed.id });
    return { customer, orderId: placed.id, total: order.total.amount };
  }

  async function startAlipay(customer: Customer, orderId: string) {
    const started = await customer.api.payments.start({ orderId, provider: 'alipay' });
    const [t] = await app.deps.db
      .select()
      .from(simTransactions)
      .where(eq(simTransactions.merchantRef, started.paymentId));
    return { ...started, tradeNo: t!.id };
  }

  /** Pays at the simulated cashier and lets the provider's notification arrive. */
  async function paidOrder(quantity = 2) {
    const placed = await placedOrder(quantity);
    const { paymentId, tradeNo, cashierUrl } = await startAlipay(placed.customer, placed.orderId);
    await server.inject({ method: 'POST', url: `${new URL(cashierUrl).pathname}/pay` });
    await sendDueNotifications(notifier(), send);
    return { ...placed, paymentId, tradeNo };
  }

  return {
    server,
    /** A signed-in Administrator; `staffApi()` signs in again after the clock moved far. */
    get staff() {
      return staffSession.api;
    },
    staffApi,
    skuId,
    warehouseId,
    standardId,
    send,
    notifier,
    placedOrder,
    startAlipay,
    paidOrder,
  };
}
