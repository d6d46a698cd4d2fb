// Orders sync from a marketplace shop, end to end: the simulated Shopify's shoppers place orders,
// the sync reads them through Shopify's own Admin API client page by page, and they land in
// the order book with stock reserved where the shop ships from. Late news moves orders on and
// never back, unlinked lines wait for a link, short stock waits for stock, and the platform's
// throttling, failures and refusals are waited out or reported — never half-written.

import { createHmac } from 'node:crypto';
import {
  channelListings,
  channelOrders,
  orderLines,
  orders,
  shops,
  simShopifyOrders,
  simShopifyStores,
  simShopifyVariants,
  simShopifyWebhookDeliveries,
  simShopifyWebhookSubscriptions,
  stockLevels,
  syncRuns,
} from '@crossdock/db/schema';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../src/deps';
import { shopifyConnector } from '../src/infra/marketplaces/shopify';
import {
  addSimulatedShopifyVariants,
  changeSimulatedShopifyOrder,
  deliverSimulatedShopifyWebhooks,
  fulfillmentOrderOf,
  fulfillSimulatedShopifyOrder,
  openSimulatedShopifyStore,
  placeSimulatedShopifyOrder,
} from '../src/infra/marketplaces/shopify-simulator';
import { sendDueAcknowledgements } from '../src/modules/channels/acknowledgements.service';
import { queueStockPushes, sendDuePushes } from '../src/modules/channels/pushes.service';
import { requestSync, runSync, syncDueShops } from '../src/modules/channels/sync.service';
import { buildServer } from '../src/server';
import { expectReason } from './errors';
import { createTestApp, type TestApp } from './harness';

const DOMAIN = 'harbour-goods.myshopify.com';
const TOKEN = 'shpat_harbour';

let app: TestApp;
let deps: AppDeps;
let server: Awaited<ReturnType<typeof buildServer>>;
let staff: Awaited<ReturnType<TestApp['staff']>>['api'];
let warehouseId: string;
let otherWarehouseId: string;
let shopId: string;
const sku = { tea: '', mug: '' };
const variant = { tea: 0, mug: 0, giftSet: 0, rare: 0 };

const noWait = async () => {};

beforeAll(async () => {
  app = await createTestApp();
  server = await buildServer(app.deps);
  const base = await server.listen({ host: '127.0.0.1', port: 0 });
  deps = { ...app.deps, config: { ...app.deps.config, publicApiUrl: base } };
  // The server's own handlers (webhooks) reach the simulator where it listens, too.
  app.deps.config.publicApiUrl = base;
  staff = (await app.staff(['Administrator'])).api;
  warehouseId = (
    await staff.inventory.createWarehouse({
      code: 'NJ-3PL',
      name: 'New Jersey 3PL',
      country: 'US',
      kind: 'third_party',
    })
  ).id;
  otherWarehouseId = (
    await staff.inventory.createWarehouse({ code: 'SZ-1', name: 'Shenzhen', country: 'CN', kind: 'own' })
  ).id;
  const category = await staff.catalog.categories.create({
    name: { en: 'Kitchen' },
    slug: 'kitchen',
    parentId: null,
  });
  for (const [key, code, title, barcode] of [
    ['tea', 'TEA-SENCHA', 'Sencha green tea', null],
    ['mug', 'MUG-STONE', 'Stoneware mug', '4006381333931'],
  ] as const) {
    const product = await staff.catalog.products.create({
      slug: code.toLowerCase(),
      title: { en: title },
      categoryId: category.id,
    });
    sku[key] = product.skus[0]!.id;
    await staff.catalog.products.updateSkus({
      productId: product.id,
      skus: [{ id: sku[key], code, basePrice: 1_200, weightGrams: 300, ...(barcode ? { barcode } : {}) }],
    });
    await staff.catalog.products.setStatus({ id: product.id, status: 'active' });
    await staff.inventory.adjust({ skuId: sku[key], warehouseId, quantity: 200, reason: 'opening' });
    // Stock elsewhere does not serve this shop: it ships from the 3PL.
    await staff.inventory.adjust({
      skuId: sku[key],
      warehouseId: otherWarehouseId,
      quantity: 500,
      reason: 'opening',
    });
  }

  await openSimulatedShopifyStore(app.deps.db, {
    domain: DOMAIN,
    name: 'Harbour Goods',
    currency: 'USD',
    timeZone: 'America/New_York',
    accessToken: TOKEN,
    webhookSecret: 'whsec_harbour',
  });
  await addSimulatedShopifyVariants(app.deps.db, DOMAIN, [
    // Linked by our SKU code, by our barcode, not at all, and one nobody stocks much of.
    { sku: 'tea-sencha', title: 'Sencha - 100 g', price: '12.00' },
    { sku: 'SHOP-MUG-1', barcode: '4006381333931', title: 'Stoneware mug - Grey', price: '18.50' },
    { sku: 'GIFT-SET', title: 'Tea and mug gift set', price: '27.00' },
    { sku: 'TEA-SENCHA-BULK', title: 'Sencha bulk case', price: '300.00' },
  ]);
  const ids = (await app.deps.db.query.simShopifyVariants.findMany({ orderBy: (v) => asc(v.id) })).map(
    (v) => v.id,
  );
  [variant.tea, variant.mug, variant.giftSet, variant.rare] = ids as [number, number, number, number];

  shopId = (
    await staff.channels.shops.create({
      name: 'Harbour Goods (Shopify)',
      platform: 'shopify',
      marketplace: 'harbour-goods',
      currency: 'USD',
      timeZone: 'America/New_York',
      warehouseId,
      credentials: {
        platform: 'shopify',
        shopDomain: DOMAIN,
        accessToken: TOKEN,
        webhookSecret: 'whsec_harbour',
      },
    })
  ).id;
});

// Each test starts with the store's rate bucket full: the bucket refills in real time, which the
// tests (waiting on no real clock) outrun; the test of throttling drains it on purpose.
beforeEach(async () => {
  await app.deps.db
    .update(simShopifyStores)
    .set({ bucketAvailable: sql`${simShopifyStores.bucketSize}`, bucketAt: new Date() })
    .where(eq(simShopifyStores.domain, DOMAIN));
});

afterAll(async () => {
  await server?.close();
  await app?.cleanup();
});

const hoursAgo = (hours: number) => new Date(app.clock.now().getTime() - hours * 3_600_000);

function shopperOrder(
  lines: { variantId: number; quantity: number }[],
  at: Date,
  financialStatus: 'PAID' | 'PENDING' = 'PAID',
) {
  return placeSimulatedShopifyOrder(app.deps.db, DOMAIN, {
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    address: { address1: '1 Harbour St', city: 'Boston', province: 'MA', zip: '02108', countryCode: 'US' },
    lines,
    shipping: '5.00',
    taxRate: 0.0625,
    financialStatus,
    at,
  });
}

async function syncNow(options: Parameters<typeof runSync>[2] = { sleep: noWait }) {
  const run = await requestSync(deps, shopId, 'manual', null);
  return (await runSync(deps, run!.id, options))!;
}

const bookOrder = async (externalNumber: string) => {
  const [row] = await app.deps.db
    .select()
    .from(orders)
    .where(and(eq(orders.shopId, shopId), eq(orders.externalNumber, externalNumber)));
  return row;
};

/** The order a simulated Shopify order became in the book. */
const bookOrderOf = async (simulatedId: number) => {
  const [row] = await app.deps.db
    .select()
    .from(orders)
    .where(and(eq(orders.shopId, shopId), eq(orders.externalId, `gid://shopify/Order/${simulatedId}`)));
  return row;
};

const lineSku = async (orderId: string) => {
  const [line] = await app.deps.db.select().from(orderLines).where(eq(orderLines.orderId, orderId));
  return line!.skuId;
};

const reservedAt = async (skuId: string, warehouse: string) => {
  const [level] = await app.deps.db
    .select()
    .from(stockLevels)
    .where(and(eq(stockLevels.skuId, skuId), eq(stockLevels.warehouseId, warehouse)));
  return level?.reserved ?? 0;
};

describe('orders sync', () => {
  it('brings every order changed since the cursor into the order book, page by page, through Shopify’s client', async () => {
    for (let i = 0; i < 19; i++) {
      await shopperOrder(
        [{ variantId: i % 2 ? variant.mug : variant.tea, quantity: 1 + (i % 3) }],
        hoursAgo(48 - i),
      );
    }
    await shopperOrder([{ variantId: variant.tea, quantity: 2 }], hoursAgo(2), 'PENDING');

    const run = await syncNow();
    expect(run).toMatchObject({
      status: 'succeeded',
      ordersNew: 20,
      ordersUpdated: 0,
      ordersWaiting: 0,
      error: null,
    });
    // Fifteen orders a page keeps each query under Shopify's 1,000-point ceiling.
    expect(run.pages).toBe(2);
    expect(run.durationMs).toBeGreaterThanOrEqual(0);

    const first = await bookOrder('#1001');
    expect(first).toMatchObject({
      channel: 'shopify',
      customerId: null,
      email: 'ada@example.com',
      status: 'paid',
      currency: 'USD',
      fulfilledBy: 'merchant',
      subtotal: 1200,
      tax: 75,
      shipping: 500,
      total: 1775,
      shippingMethodName: 'Standard',
    });
    expect(first!.externalId).toMatch(/^gid:\/\/shopify\/Order\/\d+$/);
    expect(first!.shippingAddress).toMatchObject({ line1: '1 Harbour St', city: 'Boston', country: 'US' });
    const [line] = await app.deps.db.select().from(orderLines).where(eq(orderLines.orderId, first!.id));
    expect(line).toMatchObject({ skuId: sku.tea, skuCode: 'TEA-SENCHA', quantity: 1, warehouseId });
    expect((await bookOrder('#1020'))!.status).toBe('pending_payment');

    // Reserved in the shop's warehouse only: 10 tea orders (1+3+2+1+3+2+1+3+2+1 units) plus the pending 2.
    const teaUnits = [0, 2, 4, 6, 8, 10, 12, 14, 16, 18].reduce((n, i) => n + 1 + (i % 3), 0) + 2;
    expect(await reservedAt(sku.tea, warehouseId)).toBe(teaUnits);
    expect(await reservedAt(sku.tea, otherWarehouseId)).toBe(0);
    const listings = await app.deps.db
      .select()
      .from(channelListings)
      .where(eq(channelListings.shopId, shopId));
    expect(listings.map((l) => [l.sellerSku, l.linkedBy]).sort()).toEqual([
      ['SHOP-MUG-1', 'barcode'],
      ['tea-sencha', 'sku'],
    ]);
    const [shop] = await app.deps.db.select().from(shops).where(eq(shops.id, shopId));
    expect(shop!.lastSyncedAt).toBeInstanceOf(Date);
    expect(shop!.ordersCursor!.getTime()).toBeGreaterThan(hoursAgo(1).getTime());
  });

  it('reads every line of an order with more lines than a page holds', async () => {
    const lines = Array.from({ length: 7 }, (_, i) => ({
      variantId: i % 2 ? variant.mug : variant.tea,
      quantity: 1,
    }));
    await shopperOrder(lines, app.clock.now());
    const run = await syncNow();
    expect(run).toMatchObject({ status: 'succeeded', ordersNew: 1 });
    const order = await bookOrder('#1021');
    const booked = await app.deps.db.select().from(orderLines).where(eq(orderLines.orderId, order!.id));
    expect(booked).toHaveLength(7);
    expect(order!.subtotal).toBe(4 * 1200 + 3 * 1850);
  });

  it('reads the overlap again without changing anything, and moves orders on with the platform’s news', async () => {
    const again = await syncNow();
    expect(again).toMatchObject({ status: 'succeeded', ordersNew: 0, ordersUpdated: 0 });

    const cancelled = await bookOrder('#1003');
    const pending = await bookOrder('#1020');
    const reservedBefore = await reservedAt(sku.tea, warehouseId);
    const idOf = (gid: string) => Number(gid.split('/').at(-1));
    await changeSimulatedShopifyOrder(
      app.deps.db,
      DOMAIN,
      idOf(cancelled!.externalId!),
      { cancel: 'CUSTOMER' },
      app.clock.now(),
    );
    await changeSimulatedShopifyOrder(
      app.deps.db,
      DOMAIN,
      idOf(pending!.externalId!),
      { markPaid: true },
      app.clock.now(),
    );

    const run = await syncNow();
    expect(run).toMatchObject({ status: 'succeeded', ordersNew: 0, ordersUpdated: 2 });
    expect((await bookOrder('#1003'))!).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Cancelled on the marketplace',
    });
    expect((await bookOrder('#1020'))!.status).toBe('paid');
    // #1003 held 3 tea; its reservation is given back.
    expect(await reservedAt(sku.tea, warehouseId)).toBe(reservedBefore - 3);

    // The same cancellation read again (an older copy, say) changes nothing.
    const [held] = await app.deps.db
      .select()
      .from(channelOrders)
      .where(eq(channelOrders.externalId, cancelled!.externalId!));
    expect(held!.status).toBe('cancelled');
    expect((await syncNow()).ordersUpdated).toBe(0);
  });

  it('keeps an order with an unlinked line waiting until staff link it, then lets it in by itself', async () => {
    await shopperOrder(
      [
        { variantId: variant.giftSet, quantity: 1 },
        { variantId: variant.tea, quantity: 1 },
      ],
      app.clock.now(),
    );
    const run = await syncNow();
    expect(run).toMatchObject({ ordersNew: 1, ordersWaiting: 1 });
    expect(await bookOrder('#1022')).toBeUndefined();

    const unmatched = await staff.channels.listings.list({ shopId, state: 'unmatched', limit: 10 });
    expect(unmatched.items).toHaveLength(1);
    expect(unmatched.items[0]).toMatchObject({ sellerSku: 'GIFT-SET', waitingOrders: 1, components: [] });
    const suggestions = await staff.channels.listings.suggestions({ listingId: unmatched.items[0]!.id });
    expect(suggestions.map((s) => s.code)).toEqual(expect.arrayContaining(['TEA-SENCHA', 'MUG-STONE']));

    await expectReason(
      staff.channels.listings.link({
        listingId: unmatched.items[0]!.id,
        components: [{ skuId: '00000000-0000-4000-8000-000000000000', quantity: 1 }],
      }),
      'BAD_REQUEST',
      'UNKNOWN_SKU',
    );
    const linked = await staff.channels.listings.link({
      listingId: unmatched.items[0]!.id,
      components: [
        { skuId: sku.tea, quantity: 1 },
        { skuId: sku.mug, quantity: 1 },
      ],
    });
    expect(linked.ordersAdmitted).toBe(1);
    const order = await bookOrder('#1022');
    expect(order).toMatchObject({ status: 'paid', subtotal: 3900 });
    const lines = await app.deps.db.select().from(orderLines).where(eq(orderLines.orderId, order!.id));
    // The bundle's $27.00 split over its two parts, plus the plain tea line.
    expect(lines.map((l) => l.skuCode).sort()).toEqual(['MUG-STONE', 'TEA-SENCHA', 'TEA-SENCHA']);
    expect(lines.reduce((n, l) => n + l.subtotal - l.discount, 0)).toBe(3900);
    expect((await staff.channels.listings.list({ shopId, state: 'unmatched', limit: 10 })).items).toEqual([]);
  });

  it('keeps an order the shop’s warehouse cannot fill waiting, and lets it in once stock arrives', async () => {
    await shopperOrder([{ variantId: variant.rare, quantity: 6 }], app.clock.now());
    expect(await syncNow()).toMatchObject({ ordersNew: 1, ordersWaiting: 1 });
    const [bulk] = (await staff.channels.listings.list({ shopId, search: 'bulk', limit: 5 })).items;
    // Six cases of 50: more than the 3PL holds free, though Shenzhen has plenty.
    const linked = await staff.channels.listings.link({
      listingId: bulk!.id,
      components: [{ skuId: sku.tea, quantity: 50 }],
    });
    expect(linked.ordersAdmitted).toBe(0);
    const [waiting] = await app.deps.db
      .select()
      .from(channelOrders)
      .where(and(eq(channelOrders.shopId, shopId), eq(channelOrders.externalNumber, '#1023')));
    expect(waiting!.waiting).toBe('short_of_stock');
    expect(await bookOrder('#1023')).toBeUndefined();

    await staff.inventory.adjust({ skuId: sku.tea, warehouseId, quantity: 300, reason: 'found' });
    await syncNow();
    const order = await bookOrder('#1023');
    expect(order).toMatchObject({ status: 'paid', subtotal: 180_000 });
    const [line] = await app.deps.db.select().from(orderLines).where(eq(orderLines.orderId, order!.id));
    expect(line).toMatchObject({ skuCode: 'TEA-SENCHA', quantity: 300, unitPrice: 600, warehouseId });
  });
});

describe('a platform that misbehaves', () => {
  it('waits out Shopify’s 503s (Retry-After) and its THROTTLED answers, then finishes', async () => {
    await app.deps.db
      .update(simShopifyStores)
      .set({ failNextCalls: 2 })
      .where(eq(simShopifyStores.domain, DOMAIN));
    const waits: number[] = [];
    const run = await syncNow({ sleep: async (ms) => void waits.push(ms) });
    expect(run).toMatchObject({ status: 'succeeded', retries: 2 });
    expect(waits).toEqual([1000, 1000]);

    // A bucket holding 500 points, refilling at 100 a second: a page (842 points) must wait.
    await app.deps.db
      .update(simShopifyStores)
      .set({ bucketAvailable: 500, restoreRate: 100, bucketAt: new Date() })
      .where(eq(simShopifyStores.domain, DOMAIN));
    const throttledWaits: number[] = [];
    const throttled = await syncNow({
      sleep: async (ms) => {
        throttledWaits.push(ms);
        await new Promise((resolve) => setTimeout(resolve, ms));
      },
    });
    expect(throttled).toMatchObject({ status: 'succeeded' });
    expect(throttled.retries).toBeGreaterThanOrEqual(1);
    // What the query asks, less what the bucket held, at 100 points a second.
    expect(throttledWaits[0]).toBeGreaterThan(1_500);
    expect(throttledWaits[0]).toBeLessThan(4_000);
    await app.deps.db
      .update(simShopifyStores)
      .set({ bucketAvailable: 2000, restoreRate: 100 })
      .where(eq(simShopifyStores.domain, DOMAIN));
  }, 60_000);

  it('refuses a query over Shopify’s cost ceiling as Shopify does', async () => {
    const connector = shopifyConnector(
      { shopDomain: DOMAIN, accessToken: TOKEN },
      { kind: 'simulated', baseUrl: deps.config.publicApiUrl },
      () => new Date(),
    );
    const base = deps.config.publicApiUrl;
    const answer = await fetch(`${base}/sim/shopify/${DOMAIN}/admin/api/2026-10/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': TOKEN },
      body: JSON.stringify({
        query: '{ orders(first: 250) { nodes { id lineItems(first: 250) { nodes { id } } } } }',
      }),
    });
    const body = (await answer.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('MAX_COST_EXCEEDED');
    // Our own queries stay under it.
    await expect(connector.pullOrders({ from: hoursAgo(1000), to: new Date() }, null)).resolves.toMatchObject(
      {
        orders: expect.any(Array),
      },
    );
  });

  it('fails the run and marks the shop for re-authorisation when Shopify refuses the token', async () => {
    await app.deps.db
      .update(simShopifyStores)
      .set({ accessToken: 'shpat_rotated' })
      .where(eq(simShopifyStores.domain, DOMAIN));
    const run = await syncNow();
    expect(run).toMatchObject({ status: 'failed' });
    expect(run.error).toMatch(/Unauthorized|Invalid API key/i);
    const [shop] = await app.deps.db.select().from(shops).where(eq(shops.id, shopId));
    expect(shop!.status).toBe('needs_reauth');
    expect(shop!.lastSyncError).toBe(run.error);
    await expectReason(staff.channels.shops.sync({ id: shopId }), 'PRECONDITION_FAILED', 'SHOP_NOT_SYNCING');
    await app.deps.db
      .update(simShopifyStores)
      .set({ accessToken: TOKEN })
      .where(eq(simShopifyStores.domain, DOMAIN));
    await app.deps.db.update(shops).set({ status: 'active' }).where(eq(shops.id, shopId));
    // The next run that succeeds clears it.
    await syncNow();
    const [after] = await app.deps.db.select().from(shops).where(eq(shops.id, shopId));
    expect(after!.lastSyncError).toBeNull();
  });
});

describe('one sync per shop', () => {
  it('starts one run for two "sync now" clicks at once; the other is told it is running', async () => {
    const clicks = await Promise.allSettled([
      staff.channels.shops.sync({ id: shopId }),
      staff.channels.shops.sync({ id: shopId }),
    ]);
    expect(clicks.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
    const refusedClick = clicks.find((c) => c.status === 'rejected') as PromiseRejectedResult;
    expect(refusedClick.reason).toMatchObject({ code: 'CONFLICT' });
    const run = (clicks.find((c) => c.status === 'fulfilled') as PromiseFulfilledResult<{ id: string }>)
      .value;
    // The job delivered twice: one worker takes the run, the other finds it taken.
    const [a, b] = await Promise.all([
      runSync(deps, run.id, { sleep: noWait }),
      runSync(deps, run.id, { sleep: noWait }),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect([a, b].find(Boolean)).toMatchObject({ status: 'succeeded' });
    const history = await staff.channels.shops.runs({ shopId, limit: 50 });
    expect(history.items[0]).toMatchObject({ id: run.id, trigger: 'manual', status: 'succeeded' });
    expect(history.items.every((r) => r.status !== 'running')).toBe(true);
  });

  it('takes over a run whose worker died, and resumes from the shop’s cursor', async () => {
    const startedAt = hoursAgo(1);
    const [dead] = await app.deps.db
      .insert(syncRuns)
      .values({ shopId, trigger: 'schedule', startedAt, heartbeatAt: new Date(startedAt.getTime() + 1000) })
      .returning();
    const [shop] = await app.deps.db.select().from(shops).where(eq(shops.id, shopId));
    const run = await syncNow();
    expect(run.status).toBe('succeeded');
    expect(run.readFrom!.getTime()).toBe(shop!.ordersCursor!.getTime() - 10 * 60_000);
    const [old] = await app.deps.db.select().from(syncRuns).where(eq(syncRuns.id, dead!.id));
    expect(old).toMatchObject({ status: 'failed', error: expect.stringMatching(/worker/) });
  });

  it('syncs on the schedule only the active shops whose interval has passed', async () => {
    expect(await syncDueShops(deps)).toBe(0);
    app.clock.advance(16 * 60_000);
    expect(await syncDueShops(deps)).toBe(1);
    expect(await syncDueShops(deps)).toBe(0); // the one started is still running
    const [running] = await app.deps.db
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.shopId, shopId), eq(syncRuns.status, 'running')));
    expect(running!.trigger).toBe('schedule');
    await runSync(deps, running!.id, { sleep: noWait });
  });
});

describe('webhooks', () => {
  const deliveriesTo = async () =>
    app.deps.db
      .select()
      .from(simShopifyWebhookDeliveries)
      .where(eq(simShopifyWebhookDeliveries.domain, DOMAIN));

  it('asks Shopify for order webhooks on the first sync, and takes a new order in from a signed orders/create', async () => {
    const [shop] = await app.deps.db.select().from(shops).where(eq(shops.id, shopId));
    expect(shop!.webhooksSubscribedAt).toBeInstanceOf(Date);
    const subscriptions = await app.deps.db
      .select()
      .from(simShopifyWebhookSubscriptions)
      .where(eq(simShopifyWebhookSubscriptions.domain, DOMAIN));
    expect(subscriptions.map((s) => [s.topic, s.callbackUrl]).sort()).toEqual([
      ['ORDERS_CREATE', `${deps.config.publicApiUrl}/webhooks/shopify/${shopId}`],
      ['ORDERS_UPDATED', `${deps.config.publicApiUrl}/webhooks/shopify/${shopId}`],
    ]);

    const id = await shopperOrder([{ variantId: variant.mug, quantity: 1 }], app.clock.now());
    const owed = (await deliveriesTo()).filter((d) => d.body.includes(`"id":${id},`));
    expect(owed.map((d) => d.topic)).toEqual(['orders/create']);
    await deliverSimulatedShopifyWebhooks(app.deps.db);
    const [delivered] = (await deliveriesTo()).filter((d) => d.id === owed[0]!.id);
    expect(delivered).toMatchObject({ lastStatus: 200, attempts: 1 });
    expect(delivered!.deliveredAt).toBeInstanceOf(Date);
    const order = await app.deps.db
      .select()
      .from(orders)
      .where(and(eq(orders.shopId, shopId), eq(orders.externalId, `gid://shopify/Order/${id}`)));
    expect(order[0]).toMatchObject({ status: 'paid', channel: 'shopify' });
  });

  it('refuses a webhook not signed with the shop’s secret, and takes a repeated one without a second order', async () => {
    const [last] = (await deliveriesTo()).filter((d) => d.deliveredAt).slice(-1);
    const send = (hmac: string) =>
      fetch(last!.callbackUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-shopify-topic': 'orders/create',
          'x-shopify-hmac-sha256': hmac,
          'x-shopify-shop-domain': DOMAIN,
          'x-shopify-webhook-id': crypto.randomUUID(),
          'x-shopify-api-version': '2026-10',
        },
        body: last!.body,
      });
    const before = await app.deps.db.select({ id: orders.id }).from(orders).where(eq(orders.shopId, shopId));
    const forged = await send(createHmac('sha256', 'not-the-secret').update(last!.body).digest('base64'));
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ reason: 'SIGNATURE_INVALID' });
    const again = await send(createHmac('sha256', 'whsec_harbour').update(last!.body).digest('base64'));
    expect(again.status).toBe(200);
    const after = await app.deps.db.select({ id: orders.id }).from(orders).where(eq(orders.shopId, shopId));
    expect(after.length).toBe(before.length);
  });
});

describe('shipping a Shopify order', () => {
  it('tells Shopify with the carrier and tracking (fulfillmentCreate), once', async () => {
    const ops = (await app.staff(['Administrator'])).api;
    const [paid] = await app.deps.db
      .select()
      .from(orders)
      .where(and(eq(orders.shopId, shopId), eq(orders.status, 'paid')))
      .orderBy(asc(orders.number))
      .limit(1);
    await ops.orders.createShipment({
      orderId: paid!.id,
      warehouseId,
      carrier: 'sf-express',
      trackingNumber: 'SF1234567890',
    });
    await app.deps.events.runOnce();
    await sendDuePushes(deps);
    const [onShopify] = await app.deps.db
      .select()
      .from(simShopifyOrders)
      .where(eq(simShopifyOrders.id, Number(paid!.externalId!.split('/').at(-1))));
    expect(onShopify!.document).toMatchObject({
      displayFulfillmentStatus: 'FULFILLED',
      fulfillments: [
        { status: 'SUCCESS', trackingInfo: [{ company: 'SF Express', number: 'SF1234567890' }] },
      ],
    });
    const shipments = async () =>
      (await ops.channels.pushes.list({ limit: 50, shopId })).items.filter((p) => p.kind === 'shipment');
    expect(await shipments()).toMatchObject([
      { subject: `${paid!.externalId} SF1234567890`, status: 'sent', attempts: 1 },
    ]);
    // The event again owes nothing more.
    await app.deps.events.runOnce();
    await sendDuePushes(deps);
    expect(await shipments()).toMatchObject([
      { subject: `${paid!.externalId} SF1234567890`, status: 'sent', attempts: 1 },
    ]);
  });
});

describe('cancelling a Shopify order the seller will not ship', () => {
  it('cancels it on Shopify (orderCancel), refunds and restocks there; ours follows with the next sync', async () => {
    const placed = await shopperOrder([{ variantId: variant.tea, quantity: 3 }], app.clock.now());
    app.clock.advance(60_000);
    await syncNow();
    const order = (await bookOrderOf(placed))!;
    const reserved = await reservedAt(await lineSku(order.id), warehouseId);
    const ops = (await app.staff(['Administrator'])).api;
    expect(await ops.channels.orders.cancel({ orderId: order.id, reason: 'buyer_asked' })).toMatchObject({
      status: 'pending',
    });
    await sendDueAcknowledgements(deps);
    expect(await ops.channels.orders.cancellation({ orderId: order.id })).toMatchObject({ status: 'sent' });
    const [onShopify] = await app.deps.db
      .select()
      .from(simShopifyOrders)
      .where(eq(simShopifyOrders.id, placed));
    expect(onShopify!.document).toMatchObject({
      cancelReason: 'CUSTOMER',
      displayFinancialStatus: 'REFUNDED',
    });
    await syncNow();
    expect((await bookOrderOf(placed))!.status).toBe('cancelled');
    expect(await reservedAt(await lineSku(order.id), warehouseId)).toBe(reserved - 3);
  });

  it('keeps what Shopify refused (an order fulfilled there) on the order for staff to see', async () => {
    const placed = await shopperOrder([{ variantId: variant.mug, quantity: 1 }], app.clock.now());
    app.clock.advance(60_000);
    await syncNow();
    const order = (await bookOrderOf(placed))!;
    // Fulfilled in Shopify's admin before anyone here heard of it.
    await fulfillSimulatedShopifyOrder(
      app.deps.db,
      DOMAIN,
      placed,
      fulfillmentOrderOf(
        (await app.deps.db.select().from(simShopifyOrders).where(eq(simShopifyOrders.id, placed)))[0]!,
      ).lineItems.map((l) => ({ lineItemId: l.lineItemId, quantity: l.remainingQuantity })),
      { company: 'UPS', number: '1Z999AA10123456784', url: null },
      new Date(),
    );
    const ops = (await app.staff(['Administrator'])).api;
    await ops.channels.orders.cancel({ orderId: order.id, reason: 'out_of_stock' });
    await sendDueAcknowledgements(deps);
    expect(await ops.channels.orders.cancellation({ orderId: order.id })).toMatchObject({
      status: 'failed',
      error: 'Shopify: Cannot cancel an order that has fulfillments',
    });
    const detail = await ops.orders.get({ id: order.id });
    expect(detail.timeline.at(-1)!.note).toBe(
      'The platform did not cancel it: Shopify: Cannot cancel an order that has fulfillments',
    );
    expect(detail.status).toBe('paid');
  });
});

describe('shipping a Shopify order in parcels', () => {
  it('tells Shopify of each parcel as it leaves, with what it held', async () => {
    const ops = (await app.staff(['Administrator'])).api;
    app.clock.advance(60_000);
    const placedId = await shopperOrder(
      [
        { variantId: variant.tea, quantity: 2 },
        { variantId: variant.mug, quantity: 1 },
      ],
      app.clock.now(),
    );
    const [placed] = await app.deps.db
      .select()
      .from(simShopifyOrders)
      .where(eq(simShopifyOrders.id, placedId));
    app.clock.advance(3 * 60_000);
    await syncNow();
    const order = await bookOrder(`#${placed!.number}`);
    const lines = await app.deps.db
      .select()
      .from(orderLines)
      .where(eq(orderLines.orderId, order!.id))
      .orderBy(asc(orderLines.position));
    const tea = lines.find((l) => l.skuId === sku.tea)!;
    const onShopify = async () =>
      (await app.deps.db.select().from(simShopifyOrders).where(eq(simShopifyOrders.id, placedId)))[0]!
        .document as {
        displayFulfillmentStatus: string;
        fulfillments?: { trackingInfo: { number: string }[] }[];
      };
    // The tea leaves first.
    await ops.orders.createShipment({
      orderId: order!.id,
      warehouseId,
      carrier: 'sf-express',
      trackingNumber: 'SF0000000001',
      lines: [{ orderLineId: tea.id, quantity: 2 }],
    });
    await app.deps.events.runOnce();
    await sendDuePushes(deps);
    expect(await onShopify()).toMatchObject({
      displayFulfillmentStatus: 'PARTIALLY_FULFILLED',
      fulfillments: [{ trackingInfo: [{ number: 'SF0000000001' }] }],
    });
    // Then the mug, in a parcel of its own.
    await ops.orders.createShipment({
      orderId: order!.id,
      warehouseId,
      carrier: 'sf-express',
      trackingNumber: 'SF0000000002',
    });
    await app.deps.events.runOnce();
    await sendDuePushes(deps);
    expect(await onShopify()).toMatchObject({
      displayFulfillmentStatus: 'FULFILLED',
      fulfillments: [
        { trackingInfo: [{ number: 'SF0000000001' }] },
        { trackingInfo: [{ number: 'SF0000000002' }] },
      ],
    });
    const log = (await ops.channels.pushes.list({ limit: 50, shopId })).items.filter(
      (p) => p.kind === 'shipment' && p.subject.startsWith(order!.externalId!),
    );
    expect(log.map((p) => [p.subject, p.status]).sort()).toEqual([
      [`${order!.externalId} SF0000000001`, 'sent'],
      [`${order!.externalId} SF0000000002`, 'sent'],
    ]);
  });
});

describe('stock pushed to Shopify', () => {
  it('sets what each linked variant can sell at the store’s location (inventorySetQuantities)', async () => {
    const ops = (await app.staff(['Administrator'])).api;
    // What the stock events above owed, and what the sweep finds besides, goes.
    await app.deps.events.runOnce();
    await queueStockPushes(deps);
    app.clock.advance(31_000);
    await sendDuePushes(deps);
    const [tea] = await app.deps.db
      .select()
      .from(stockLevels)
      .where(and(eq(stockLevels.skuId, sku.tea), eq(stockLevels.warehouseId, warehouseId)));
    const [variantRow] = await app.deps.db
      .select()
      .from(simShopifyVariants)
      .where(eq(simShopifyVariants.id, variant.tea));
    expect(variantRow!.available).toBe(tea!.onHand - tea!.reserved);
    // Nothing else changed: nothing more owed; then the tea runs down and Shopify hears of it.
    expect(await queueStockPushes(deps)).toBe(0);
    await ops.inventory.adjust({ skuId: sku.tea, warehouseId, quantity: -5, reason: 'damaged' });
    expect(await queueStockPushes(deps)).toBeGreaterThanOrEqual(1);
    await sendDuePushes(deps);
    const [after] = await app.deps.db
      .select()
      .from(simShopifyVariants)
      .where(eq(simShopifyVariants.id, variant.tea));
    expect(after!.available).toBe(tea!.onHand - tea!.reserved - 5);
    const log = await ops.channels.pushes.list({ limit: 20, shopId, status: 'failed' });
    expect(log.items.filter((p) => p.kind === 'stock')).toEqual([]);
    // The Listings screen says what the platform was last told.
    const listed = await ops.channels.listings.list({
      limit: 50,
      shopId,
      state: 'linked',
      search: 'tea-sencha',
    });
    expect(listed.items.find((l) => l.sellerSku === 'tea-sencha')).toMatchObject({
      pushedQuantity: tea!.onHand - tea!.reserved - 5,
    });
  });

  it('tells Shopify of a stock change from its event, a burst of changes as one push half a minute on', async () => {
    const ops = (await app.staff(['Administrator'])).api;
    await app.deps.events.runOnce();
    app.clock.advance(60_000);
    await sendDuePushes(deps);
    const available = async () => {
      const [variantRow] = await app.deps.db
        .select()
        .from(simShopifyVariants)
        .where(eq(simShopifyVariants.id, variant.tea));
      return variantRow!.available;
    };
    const before = (await available())!;
    const changedAt = app.clock.now();
    await ops.inventory.adjust({ skuId: sku.tea, warehouseId, quantity: -2, reason: 'damaged' });
    await ops.inventory.adjust({ skuId: sku.tea, warehouseId, quantity: -1, reason: 'damaged' });
    // Stock elsewhere is no news to this shop.
    await ops.inventory.adjust({
      skuId: sku.tea,
      warehouseId: otherWarehouseId,
      quantity: 4,
      reason: 'found',
    });
    await app.deps.events.runOnce();
    // Not yet: changes within half a minute go together.
    expect(await sendDuePushes(deps)).toBe(0);
    app.clock.advance(31_000);
    await sendDuePushes(deps);
    expect(await available()).toBe(before - 3);
    // One push of the tea, with the count after both changes (the gift set holding tea went too).
    const sent = (await ops.channels.pushes.list({ limit: 50, shopId, status: 'sent' })).items.filter(
      (p) => p.sentAt && p.sentAt >= changedAt && p.subject === 'tea-sencha',
    );
    expect(sent).toMatchObject([{ attempts: 1, payload: { quantity: before - 3 } }]);
  });
});
