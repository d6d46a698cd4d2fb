// Postgres killed under load (an immediate shutdown, as a crash would) and started again: every
// request ends within a bounded time with a result or SERVICE_UNAVAILABLE — never a 500, never
// no answer — the API recovers by itself, and no order is lost: every checkout retried with its
// key until it answers ends with exactly one order. A Postgres cluster of the test's own.
import { orders } from '@crossdock/db/schema';
import { TRPCError } from '@trpc/server';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness';
import { eventually, type OwnService, ownPostgres } from './own-services';
import { type Customer, createShop } from './shop-fixtures';

let postgres: OwnService;
let app: TestApp;
let shop: Awaited<ReturnType<typeof createShop>>;

/** Longer than any request may take (the API's deadline is 45 s): a call past it hung. */
const ANSWER_WITHIN_MS = 60_000;

function within<T>(promise: Promise<T>): Promise<T | 'no answer'> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<'no answer'>((resolve) => {
      timer = setTimeout(() => resolve('no answer'), ANSWER_WITHIN_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

describe('Postgres restarts', () => {
  beforeAll(async () => {
    postgres = await ownPostgres();
    app = await createTestApp({ databaseUrl: postgres.url });
    shop = await createShop(app);
  }, 180_000);
  afterAll(async () => {
    await shop?.server.close();
    await app?.cleanup();
    await postgres?.remove();
  });

  it('answers every request in bounded time while Postgres restarts, recovers by itself, and loses no order', {
    timeout: 600_000,
  }, async () => {
    // Buyers with a cart and an address, ready before the fault.
    const buyers: { customer: Customer; addressId: string; key: string }[] = [];
    for (let i = 0; i < 12; i++) {
      app.cookieJar.clear();
      const customer = await app.customer();
      await customer.api.cart.add({ skuId: shop.skuId, quantity: 1 });
      const address = await customer.api.account.addresses.add({
        address: { name: 'Mia', line1: 'Torstraße 1', city: 'Berlin', postalCode: '10119', country: 'DE' },
      });
      buyers.push({ customer, addressId: address.id, key: `key-${crypto.randomUUID()}` });
    }

    const outcomes = new Map<string, number>();
    const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    const describeError = (error: unknown) =>
      error instanceof TRPCError
        ? `${error.code} ${(error.cause as { reason?: string } | undefined)?.reason ?? ''}`
        : `NOT_TRPC ${String(error).slice(0, 80)}`;
    async function observe(what: string, call: () => Promise<unknown>): Promise<boolean> {
      const result = await within(call().then(() => 'ok' as const, describeError));
      count(`${what} ${result}`);
      return result === 'ok';
    }

    let loading = true;
    const browsing = Promise.all([
      // The catalog (mostly from its cache) and reads that always go to the database.
      ...Array.from({ length: 2 }, async () => {
        while (loading) await observe('catalog', () => app.caller().shop.products({}));
      }),
      ...Array.from({ length: 2 }, async () => {
        while (loading) await observe('order history', () => buyers[0]!.customer.api.account.orders.list({}));
      }),
    ]);
    // Each buyer checks out during the fault and, like a client, retries the same key until
    // the API answers: a retry after a commit it did not hear about finds the order.
    const checkouts = Promise.all(
      buyers.map(async (buyer, i) => {
        await new Promise((resolve) => setTimeout(resolve, i * 250));
        for (let attempt = 0; attempt < 200; attempt++) {
          const placed = await observe('checkout', () =>
            buyer.customer.api.checkout.placeOrder({
              addressId: buyer.addressId,
              shippingMethodId: shop.standardId,
              idempotencyKey: buyer.key,
              currency: 'USD',
            }),
          );
          if (placed) return;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        throw new Error('a checkout never got through');
      }),
    );

    await new Promise((resolve) => setTimeout(resolve, 500));
    await postgres.kill();
    const downAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await postgres.start();
    const upAt = Date.now();
    // The first request sent just after the restart answers too.
    const firstAfter = await within(
      app
        .caller()
        .shop.products({})
        .then(() => 'ok', describeError),
    );
    await eventually(async () => {
      expect((await app.caller().shop.products({})).items.length).toBeGreaterThan(0);
    }, 120_000);
    const recoveredAt = Date.now();
    await checkouts;
    loading = false;
    await browsing;

    const placed = await app.deps.db
      .select({ customerId: orders.customerId, key: orders.idempotencyKey })
      .from(orders)
      .where(
        inArray(
          orders.customerId,
          buyers.map((b) => b.customer.id),
        ),
      );
    console.info(
      `Postgres fault: down ${upAt - downAt} ms; serving again ${recoveredAt - upAt} ms after Postgres; first request after the restart: ${firstAfter}; orders ${placed.length}/${buyers.length}; outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`,
    );
    expect([...outcomes.keys()].filter((k) => / (INTERNAL_SERVER_ERROR|NOT_TRPC|no answer)/.test(k))).toEqual(
      [],
    );
    expect(firstAfter).not.toBe('no answer');
    // Nothing lost, nothing doubled: one order per buyer, under the buyer's key.
    expect(placed.map((p) => p.customerId).sort()).toEqual(buyers.map((b) => b.customer.id).sort());
    expect(placed.every((p) => buyers.some((b) => b.key === p.key))).toBe(true);
  });
});
