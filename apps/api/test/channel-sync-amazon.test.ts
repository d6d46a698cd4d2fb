// Orders sync from Amazon shops, end to end through Amazon's SP-API clients and the simulated
// Amazon: Fulfilment-by-Amazon orders reserve and then leave Amazon's warehouse when Amazon
// ships them; merchant-fulfilled orders in Germany come with the buyer's address (through a
// Restricted Data Token) and VAT inside their prices; pending payments, cancellations, and
// Amazon's usage plans (429 with x-amzn-RateLimit-Limit) waited out as Amazon asks.

import {
  channelPushes,
  orders,
  shipments,
  simAmazonListings,
  simAmazonOrders,
  simAmazonRateBuckets,
  simAmazonSellers,
  stockLevels,
  stockMovements,
} from '@crossdock/db/schema';
import { and, eq, isNull, notInArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../src/deps';
import {
  addSimulatedAmazonListings,
  changeSimulatedAmazonOrder,
  openSimulatedAmazonSeller,
  placeSimulatedAmazonOrder,
} from '../src/infra/marketplaces/amazon-simulator';
import { sendDueAcknowledgements } from '../src/modules/channels/acknowledgements.service';
import { queueStockPushes, sendDuePushes } from '../src/modules/channels/pushes.service';
import { requestSync, runSync } from '../src/modules/channels/sync.service';
import { buildServer } from '../src/server';
import { expectReason } from './errors';
import { createTestApp, type TestApp } from './harness';

const US = 'ATVPDKIKX0DER';
const DE = 'A1PA6795UKMFR9';

let app: TestApp;
let deps: AppDeps;
let server: Awaited<ReturnType<typeof buildServer>>;
let staff: Awaited<ReturnType<TestApp['staff']>>['api'];
let fbaWarehouse: string;
let ownWarehouse: string;
const shop = { us: '', de: '' };
const sku = { lamp: '', shade: '' };

const seller = (id: string, region: 'na' | 'eu', marketplace: string) => ({
  sellingPartnerId: id,
  storeName: `Lumen ${region.toUpperCase()}`,
  region,
  marketplaceIds: [marketplace as typeof US],
  lwaClientId: 'amzn1.application-oa2-client.lumen',
  lwaClientSecret: 'lumen-lwa-secret',
  refreshToken: `Atzr|lumen-${region}`,
  rateMultiplier: 100,
});

beforeAll(async () => {
  app = await createTestApp();
  server = await buildServer(app.deps);
  const base = await server.listen({ host: '127.0.0.1', port: 0 });
  deps = { ...app.deps, config: { ...app.deps.config, publicApiUrl: base } };
  app.deps.config.publicApiUrl = base;
  staff = (await app.staff(['Administrator'])).api;
  fbaWarehouse = (
    await staff.inventory.createWarehouse({
      code: 'FBA-PHX',
      name: 'Amazon PHX7',
      country: 'US',
      kind: 'marketplace',
    })
  ).id;
  ownWarehouse = (
    await staff.inventory.createWarehouse({ code: 'SZ-2', name: 'Shenzhen', country: 'CN', kind: 'own' })
  ).id;
  const category = await staff.catalog.categories.create({
    name: { en: 'Lighting' },
    slug: 'lighting',
    parentId: null,
  });
  for (const [key, code] of [
    ['lamp', 'LAMP-ARC'],
    ['shade', 'SHADE-LINEN'],
  ] as const) {
    const product = await staff.catalog.products.create({
      slug: code.toLowerCase(),
      title: { en: code },
      categoryId: category.id,
    });
    sku[key] = product.skus[0]!.id;
    await staff.catalog.products.updateSkus({
      productId: product.id,
      skus: [{ id: sku[key], code, basePrice: 4_000, weightGrams: 900 }],
    });
    await staff.catalog.products.setStatus({ id: product.id, status: 'active' });
    for (const warehouseId of [fbaWarehouse, ownWarehouse]) {
      await staff.inventory.adjust({ skuId: sku[key], warehouseId, quantity: 50, reason: 'opening' });
    }
  }
  await openSimulatedAmazonSeller(app.deps.db, seller('A1LUMENNA', 'na', US));
  await openSimulatedAmazonSeller(app.deps.db, seller('A1LUMENEU', 'eu', DE));
  await addSimulatedAmazonListings(app.deps.db, 'A1LUMENNA', [
    {
      marketplaceId: US,
      sellerSku: 'LAMP-ARC',
      title: 'Arc floor lamp',
      price: '89.99',
      fulfillmentChannel: 'AFN',
    },
    {
      marketplaceId: US,
      sellerSku: 'SHADE-LINEN',
      title: 'Linen shade',
      price: '24.50',
      fulfillmentChannel: 'AFN',
    },
  ]);
  await addSimulatedAmazonListings(app.deps.db, 'A1LUMENEU', [
    { marketplaceId: DE, sellerSku: 'LAMP-ARC', title: 'Bogenleuchte', price: '99.00' },
  ]);
  const credentials = (id: string, region: string) => ({
    platform: 'amazon' as const,
    sellingPartnerId: id,
    clientId: 'amzn1.application-oa2-client.lumen',
    clientSecret: 'lumen-lwa-secret',
    refreshToken: `Atzr|lumen-${region}`,
  });
  shop.us = (
    await staff.channels.shops.create({
      name: 'Lumen — Amazon US (FBA)',
      platform: 'amazon',
      marketplace: US,
      currency: 'USD',
      timeZone: 'America/Los_Angeles',
      warehouseId: fbaWarehouse,
      credentials: credentials('A1LUMENNA', 'na'),
    })
  ).id;
  shop.de = (
    await staff.channels.shops.create({
      name: 'Lumen — Amazon DE',
      platform: 'amazon',
      marketplace: DE,
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      warehouseId: ownWarehouse,
      credentials: credentials('A1LUMENEU', 'eu'),
    })
  ).id;
});

afterAll(async () => {
  await server?.close();
  await app?.cleanup();
});

const hoursAgo = (hours: number) => new Date(app.clock.now().getTime() - hours * 3_600_000);
const minutesAgo = (minutes: number) => hoursAgo(minutes / 60);
/** Time goes on between what happens on Amazon and the next sync, as it does between syncs. */
const later = () => app.clock.advance(3_600_000);
const noWait = async () => {};

async function syncNow(shopId: string, options: Parameters<typeof runSync>[2] = { sleep: noWait }) {
  const run = await requestSync(deps, shopId, 'manual', null);
  return (await runSync(deps, run!.id, options))!;
}

const bookOrder = async (shopId: string, externalId: string) => {
  const [row] = await app.deps.db
    .select()
    .from(orders)
    .where(and(eq(orders.shopId, shopId), eq(orders.externalId, externalId)));
  return row;
};

const level = async (skuId: string, warehouseId: string) => {
  const [row] = await app.deps.db
    .select()
    .from(stockLevels)
    .where(and(eq(stockLevels.skuId, skuId), eq(stockLevels.warehouseId, warehouseId)));
  return { onHand: row?.onHand ?? 0, reserved: row?.reserved ?? 0 };
};

const buyer = (
  marketplaceId: typeof US | typeof DE,
  lines: { sellerSku: string; quantity: number }[],
  at: Date,
  status?: 'Pending',
) =>
  placeSimulatedAmazonOrder(app.deps.db, marketplaceId === US ? 'A1LUMENNA' : 'A1LUMENEU', {
    marketplaceId,
    buyer: { name: marketplaceId === US ? 'Sophia Turner' : 'Lena Schmidt' },
    address:
      marketplaceId === US
        ? { line1: '2 Desert Rd', city: 'Phoenix', region: 'AZ', postalCode: '85004', countryCode: 'US' }
        : { line1: 'Hauptstraße 5', city: 'Hamburg', postalCode: '20095', countryCode: 'DE' },
    lines,
    shipping: marketplaceId === DE ? '4.90' : undefined,
    taxRate: marketplaceId === US ? 0.08 : 0.19,
    status,
    at,
  });

describe('Amazon orders sync', () => {
  it('signs in to the seller’s Amazon account when staff test the connection', async () => {
    const { check } = await staff.channels.shops.testConnection({ id: shop.de });
    expect(check).toMatchObject({ ok: true, account: { currency: 'EUR', timeZone: 'Europe/Berlin' } });
  });

  it('brings FBA orders in reserved at Amazon’s warehouse, and takes the stock out when Amazon ships them', async () => {
    const before = await level(sku.lamp, fbaWarehouse);
    const first = await buyer(US, [{ sellerSku: 'LAMP-ARC', quantity: 2 }], hoursAgo(30));
    const second = await buyer(
      US,
      [
        { sellerSku: 'LAMP-ARC', quantity: 1 },
        { sellerSku: 'SHADE-LINEN', quantity: 1 },
      ],
      hoursAgo(20),
    );
    // One Amazon had shipped before the shop joined Crossdock.
    const shippedAlready = await buyer(US, [{ sellerSku: 'SHADE-LINEN', quantity: 3 }], hoursAgo(12));
    await changeSimulatedAmazonOrder(app.deps.db, shippedAlready, 'shipped', hoursAgo(8));

    const run = await syncNow(shop.us);
    expect(run).toMatchObject({ status: 'succeeded', ordersNew: 3, ordersWaiting: 0, error: null });
    expect(await bookOrder(shop.us, first)).toMatchObject({
      channel: 'amazon',
      externalNumber: first,
      fulfilledBy: 'platform',
      status: 'paid',
      currency: 'USD',
      subtotal: 17_998,
      tax: 1_440,
      taxInclusive: false,
      total: 19_438,
    });
    expect(await level(sku.lamp, fbaWarehouse)).toEqual({
      onHand: before.onHand,
      reserved: before.reserved + 3,
    });
    // Shipped before the shop joined: history, recorded as it ended, moving no stock now.
    const already = await bookOrder(shop.us, shippedAlready);
    expect(already!.status).toBe('shipped');
    expect(await app.deps.db.select().from(shipments).where(eq(shipments.orderId, already!.id))).toEqual([]);
    expect(await level(sku.shade, fbaWarehouse)).toEqual({ onHand: 50, reserved: 1 });

    // Amazon ships the first: the next sync takes its two lamps out of Amazon's warehouse.
    later();
    await changeSimulatedAmazonOrder(app.deps.db, first, 'shipped', minutesAgo(5));
    const next = await syncNow(shop.us);
    expect(next).toMatchObject({ status: 'succeeded', ordersNew: 0, ordersUpdated: 1 });
    expect((await bookOrder(shop.us, first))!.status).toBe('shipped');
    expect(await level(sku.lamp, fbaWarehouse)).toEqual({
      onHand: before.onHand - 2,
      reserved: before.reserved + 1,
    });
    const movements = await app.deps.db
      .select()
      .from(stockMovements)
      .where(and(eq(stockMovements.skuId, sku.lamp), eq(stockMovements.warehouseId, fbaWarehouse)));
    expect(movements.filter((m) => m.onHandDelta === -2)).toHaveLength(1);
    // Nothing of ours follows Amazon's parcels.
    expect((await bookOrder(shop.us, second))!.status).toBe('paid');
  });

  it('brings merchant-fulfilled German orders in with the buyer’s address and VAT inside the price', async () => {
    later();
    const id = await buyer(DE, [{ sellerSku: 'LAMP-ARC', quantity: 1 }], minutesAgo(50));
    const run = await syncNow(shop.de);
    expect(run).toMatchObject({ status: 'succeeded', ordersNew: 1 });
    const order = await bookOrder(shop.de, id);
    expect(order).toMatchObject({
      fulfilledBy: 'merchant',
      status: 'paid',
      currency: 'EUR',
      subtotal: 9_900,
      shipping: 490,
      taxInclusive: true,
      // 19 % VAT inside 99.00 and inside 4.90.
      tax: 1_581 + 78,
      total: 10_390,
      email: expect.stringMatching(/@marketplace\.amazon\.de$/),
    });
    expect(order!.shippingAddress).toMatchObject({
      name: 'Lena Schmidt',
      line1: 'Hauptstraße 5',
      city: 'Hamburg',
      country: 'DE',
    });
    expect((await level(sku.lamp, ownWarehouse)).reserved).toBe(1);
  });

  it('lets a pending payment in unpaid, pays it when Amazon does, and releases the stock when it is cancelled', async () => {
    later();
    const pending = await buyer(DE, [{ sellerSku: 'LAMP-ARC', quantity: 2 }], minutesAgo(30), 'Pending');
    await syncNow(shop.de);
    expect((await bookOrder(shop.de, pending))!.status).toBe('pending_payment');
    expect((await level(sku.lamp, ownWarehouse)).reserved).toBe(3);

    later();
    await changeSimulatedAmazonOrder(app.deps.db, pending, 'paid', minutesAgo(20));
    await syncNow(shop.de);
    expect((await bookOrder(shop.de, pending))!.status).toBe('paid');

    later();
    await changeSimulatedAmazonOrder(app.deps.db, pending, 'cancelled', minutesAgo(20));
    const run = await syncNow(shop.de);
    expect(run).toMatchObject({ status: 'succeeded', ordersUpdated: 1 });
    expect((await bookOrder(shop.de, pending))!.status).toBe('cancelled');
    expect((await level(sku.lamp, ownWarehouse)).reserved).toBe(1);
  });
});

describe('shipping a merchant-fulfilled order', () => {
  it('tells Amazon with the carrier and tracking (confirmShipment), and logs what went and what Amazon refused', async () => {
    later();
    const ops = (await app.staff(['Administrator'])).api;
    const shipped = await buyer(DE, [{ sellerSku: 'LAMP-ARC', quantity: 1 }], minutesAgo(20));
    const refused = await buyer(DE, [{ sellerSku: 'LAMP-ARC', quantity: 1 }], minutesAgo(15));
    await syncNow(shop.de);
    // Amazon cancels the second before we ship it (we have not synced since).
    await changeSimulatedAmazonOrder(app.deps.db, refused, 'cancelled', minutesAgo(3));
    for (const [external, tracking] of [
      [shipped, 'JD014600004589'],
      [refused, 'JD014600004590'],
    ] as const) {
      const order = await bookOrder(shop.de, external);
      await ops.orders.createShipment({
        orderId: order!.id,
        warehouseId: ownWarehouse,
        carrier: 'dhl',
        trackingNumber: tracking,
      });
    }
    await app.deps.events.runOnce();
    await sendDuePushes(deps);
    const shipments = async () =>
      (await ops.channels.pushes.list({ limit: 50, shopId: shop.de })).items.filter(
        (p) => p.kind === 'shipment',
      );
    const log = { items: await shipments() };
    // One push per parcel, named by the order and its tracking.
    expect(log.items.map((p) => [p.subject, p.status]).sort()).toEqual(
      [
        [`${shipped} JD014600004589`, 'sent'],
        [`${refused} JD014600004590`, 'failed'],
      ].sort(),
    );
    expect(log.items.find((p) => p.subject.startsWith(refused))!.lastError).toMatch(/Canceled/);
    expect(log.items.find((p) => p.subject.startsWith(shipped))).toMatchObject({
      payload: { carrierName: 'DHL Express', trackingNumber: 'JD014600004589' },
    });
    // Amazon shows it shipped; the next sync finds nothing to move.
    const [onAmazon] = await app.deps.db
      .select()
      .from(simAmazonOrders)
      .where(eq(simAmazonOrders.amazonOrderId, shipped));
    expect(onAmazon!.order).toMatchObject({ OrderStatus: 'Shipped', NumberOfItemsShipped: 1 });
    // Delivered again, the event owes nothing twice.
    await app.deps.events.runOnce();
    await sendDuePushes(deps);
    expect((await shipments()).map((p) => [p.subject, p.status, p.attempts]).sort()).toEqual(
      log.items.map((p) => [p.subject, p.status, p.attempts]).sort(),
    );
  });
});

describe('stock pushed to Amazon', () => {
  it('tells Amazon what each merchant-fulfilled listing can sell when it changes, and never for FBA', async () => {
    later();
    const ops = (await app.staff(['Administrator'])).api;
    const sellable = async () => {
      const [row] = await app.deps.db
        .select()
        .from(stockLevels)
        .where(and(eq(stockLevels.skuId, sku.lamp), eq(stockLevels.warehouseId, ownWarehouse)));
      return row!.onHand - row!.reserved;
    };
    const onAmazon = async () => {
      const [listing] = await app.deps.db
        .select()
        .from(simAmazonListings)
        .where(
          and(
            eq(simAmazonListings.sellingPartnerId, 'A1LUMENEU'),
            eq(simAmazonListings.sellerSku, 'LAMP-ARC'),
          ),
        );
      return listing!.quantity;
    };
    // The DE shop (Shenzhen) is owed its count, by the stock events above or the sweep; the FBA
    // shop none: Amazon counts that stock.
    await app.deps.events.runOnce();
    await queueStockPushes(deps);
    app.clock.advance(31_000);
    await sendDuePushes(deps);
    expect(await onAmazon()).toBe(await sellable());
    // Nothing changed: nothing owed.
    expect(await queueStockPushes(deps)).toBe(0);
    // Stock comes in; its event tells Amazon half a minute on, and the log says it went.
    await ops.inventory.adjust({
      skuId: sku.lamp,
      warehouseId: ownWarehouse,
      quantity: 7,
      reason: 'found',
    });
    await app.deps.events.runOnce();
    app.clock.advance(31_000);
    expect(await sendDuePushes(deps)).toBe(1);
    expect(await onAmazon()).toBe(await sellable());
    const log = await ops.channels.pushes.list({ limit: 10, shopId: shop.de, status: 'sent' });
    expect(log.items.find((p) => p.kind === 'stock')).toMatchObject({
      subject: 'LAMP-ARC',
      payload: { quantity: await sellable() },
    });
    expect(
      (await ops.channels.pushes.list({ limit: 10, shopId: shop.us })).items.filter(
        (p) => p.kind === 'stock',
      ),
    ).toEqual([]);
  });
});

describe('acknowledging and cancelling orders through Amazon’s order acknowledgement feed', () => {
  const onAmazon = async (id: string) => {
    const [row] = await app.deps.db
      .select()
      .from(simAmazonOrders)
      .where(eq(simAmazonOrders.amazonOrderId, id));
    return row!.order as { OrderStatus: string; SellerOrderId?: string };
  };
  const pushOf = async (kind: string, subject: string) => {
    const [row] = await app.deps.db
      .select()
      .from(channelPushes)
      .where(
        and(
          eq(channelPushes.shopId, shop.de),
          eq(channelPushes.kind, kind as 'cancellation'),
          eq(channelPushes.subject, subject),
        ),
      );
    return row;
  };
  /** The push job's turns until Amazon has processed the feed (a minute between asks). */
  const feedTurns = async () => {
    await sendDueAcknowledgements(deps);
    app.clock.advance(61_000);
    return sendDueAcknowledgements(deps);
  };

  it('tells Amazon each paid seller-fulfilled order is ours under our number, all in one feed', async () => {
    later();
    const paid = await buyer(DE, [{ sellerSku: 'LAMP-ARC', quantity: 1 }], minutesAgo(40));
    const pending = await buyer(DE, [{ sellerSku: 'LAMP-ARC', quantity: 1 }], minutesAgo(35), 'Pending');
    await syncNow(shop.de);
    await app.deps.events.runOnce();
    // Amazon takes no acknowledgement of an order still waiting for its payment.
    expect(await pushOf('acknowledgement', pending)).toBeUndefined();
    await sendDueAcknowledgements(deps);
    const submitted = await pushOf('acknowledgement', paid);
    expect(submitted).toMatchObject({
      status: 'pending',
      batch: expect.stringMatching(/^\d+$/),
      batchItem: expect.any(Number),
    });
    // Amazon is still processing the feed: asked again a minute on.
    expect(await sendDueAcknowledgements(deps)).toBe(0);
    app.clock.advance(61_000);
    expect(await sendDueAcknowledgements(deps)).toBeGreaterThanOrEqual(1);
    const order = await bookOrder(shop.de, paid);
    expect(await pushOf('acknowledgement', paid)).toMatchObject({ status: 'sent', lastError: null });
    expect((await onAmazon(paid)).SellerOrderId).toBe(order!.number);
    // Paid later, it is acknowledged then.
    later();
    await changeSimulatedAmazonOrder(app.deps.db, pending, 'paid', minutesAgo(10));
    await syncNow(shop.de);
    await app.deps.events.runOnce();
    await feedTurns();
    expect(await pushOf('acknowledgement', pending)).toMatchObject({ status: 'sent' });
    // Delivered again, the events owe nothing twice.
    await app.deps.events.runOnce();
    expect(await sendDueAcknowledgements(deps)).toBe(0);
  });

  it('cancels an order staff will not ship on Amazon, and ours follows when Amazon has', async () => {
    later();
    const ops = (await app.staff(['Administrator'])).api;
    const id = await buyer(DE, [{ sellerSku: 'LAMP-ARC', quantity: 2 }], minutesAgo(30));
    await syncNow(shop.de);
    const order = (await bookOrder(shop.de, id))!;
    const reservedBefore = (await level(sku.lamp, ownWarehouse)).reserved;
    expect(await ops.channels.orders.cancellation({ orderId: order.id })).toBeNull();
    const asked = await ops.channels.orders.cancel({ orderId: order.id, reason: 'out_of_stock' });
    expect(asked).toMatchObject({ status: 'pending', reason: 'out_of_stock', error: null });
    // Asked twice, once.
    await ops.channels.orders.cancel({ orderId: order.id, reason: 'out_of_stock' });
    // Ours stands until Amazon cancels it.
    expect((await bookOrder(shop.de, id))!.status).toBe('paid');
    await app.deps.events.runOnce();
    await feedTurns();
    expect(await ops.channels.orders.cancellation({ orderId: order.id })).toMatchObject({ status: 'sent' });
    expect((await onAmazon(id)).OrderStatus).toBe('Canceled');
    later();
    await syncNow(shop.de);
    expect((await bookOrder(shop.de, id))!.status).toBe('cancelled');
    expect((await level(sku.lamp, ownWarehouse)).reserved).toBe(reservedBefore - 2);
    const detail = await (await app.staff(['Administrator'])).api.orders.get({ id: order.id });
    expect(detail.timeline.map((e) => e.note)).toContain('Asked Amazon to cancel it (out of stock)');
  });

  it('shows what Amazon refused on the order, and lets staff ask again', async () => {
    later();
    const ops = (await app.staff(['Administrator'])).api;
    const id = await buyer(DE, [{ sellerSku: 'LAMP-ARC', quantity: 1 }], minutesAgo(30));
    await syncNow(shop.de);
    const order = (await bookOrder(shop.de, id))!;
    // Shipped on Amazon by someone in Seller Central, which we have not heard yet.
    await changeSimulatedAmazonOrder(app.deps.db, id, 'shipped', minutesAgo(5));
    await ops.channels.orders.cancel({ orderId: order.id, reason: 'buyer_asked' });
    await feedTurns();
    const refused = await ops.channels.orders.cancellation({ orderId: order.id });
    expect(refused).toMatchObject({ status: 'failed', error: expect.stringMatching(/Shipped/) });
    const detail = await ops.orders.get({ id: order.id });
    expect(detail.timeline.map((e) => e.note).join('\n')).toMatch(/did not cancel it: .*Shipped/);
    // Asked again, it goes again (and is refused again, Amazon's order being what it is).
    expect(await ops.channels.orders.cancel({ orderId: order.id, reason: 'buyer_asked' })).toMatchObject({
      status: 'pending',
      error: null,
    });
  });

  it('refuses what no platform could do: an order Amazon fulfils, one already shipped, a storefront order', async () => {
    later();
    const fba = await buyer(US, [{ sellerSku: 'LAMP-ARC', quantity: 1 }], minutesAgo(30));
    await syncNow(shop.us);
    const ops = (await app.staff(['Administrator'])).api;
    const fbaOrder = (await bookOrder(shop.us, fba))!;
    await expectReason(
      ops.channels.orders.cancel({ orderId: fbaOrder.id, reason: 'other' }),
      'PRECONDITION_FAILED',
      'PLATFORM_FULFILS',
    );
    const [shipped] = await app.deps.db
      .select()
      .from(orders)
      .where(and(eq(orders.shopId, shop.de), eq(orders.status, 'shipped')));
    await expectReason(
      ops.channels.orders.cancel({ orderId: shipped!.id, reason: 'other' }),
      'PRECONDITION_FAILED',
      'ORDER_NOT_CANCELLABLE',
    );
    const [storefront] = await app.deps.db.select().from(orders).where(isNull(orders.shopId)).limit(1);
    if (storefront) {
      await expectReason(
        ops.channels.orders.cancel({ orderId: storefront.id, reason: 'other' }),
        'PRECONDITION_FAILED',
        'NOT_A_CHANNEL_ORDER',
      );
    }
    await expectReason(
      ops.channels.orders.cancel({ orderId: crypto.randomUUID(), reason: 'other' }),
      'PRECONDITION_FAILED',
      'NOT_A_CHANNEL_ORDER',
    );
  });
});

describe('the dashboard', () => {
  it('splits the last 30 days’ sales by where they were sold, each shop on its own', async () => {
    // Signed in now: the syncs above moved the clock on past the first session's token.
    const d = await (await app.staff(['Administrator'])).api.analytics.dashboard();
    for (const id of [shop.us, shop.de]) {
      const [raw] = await app.deps.db
        .select({ orders: sql<number>`count(*)::int`, sales: sql<number>`sum(${orders.total})::int` })
        .from(orders)
        .where(and(eq(orders.shopId, id), notInArray(orders.status, ['pending_payment', 'cancelled'])));
      const split = d.byChannel.find((c) => c.shopId === id);
      expect(split).toMatchObject({ channel: 'amazon', orders: raw!.orders });
      // The US shop sells in the base currency: its sales are its orders' totals.
      if (id === shop.us) expect(split!.sales).toEqual({ amount: raw!.sales, currency: 'USD' });
    }
    expect(d.byChannel.find((c) => c.shopId === shop.us)!.shop).toBe('Lumen — Amazon US (FBA)');
  });
});

describe('Amazon’s usage plans', () => {
  const spend = async (operation: string) => {
    await app.deps.db
      .insert(simAmazonRateBuckets)
      .values({ sellingPartnerId: 'A1LUMENEU', operation, tokens: 0, at: app.clock.now() })
      .onConflictDoUpdate({
        target: [simAmazonRateBuckets.sellingPartnerId, simAmazonRateBuckets.operation],
        set: { tokens: 0, at: app.clock.now() },
      });
  };
  const waits: number[] = [];
  // Time passes while the sync waits, for Amazon's buckets as for us.
  const sleep = async (ms: number) => {
    waits.push(ms);
    app.clock.advance(ms);
  };

  it('waits out 429 QuotaExceeded on getOrderItems and on getOrders as x-amzn-RateLimit-Limit says, then finishes', async () => {
    // The seller's default plan from here on.
    await app.deps.db
      .update(simAmazonSellers)
      .set({ rateMultiplier: 1 })
      .where(eq(simAmazonSellers.sellingPartnerId, 'A1LUMENEU'));
    later();
    const first = await buyer(DE, [{ sellerSku: 'LAMP-ARC', quantity: 1 }], minutesAgo(10));
    await spend('getOrderItems');
    const run = await syncNow(shop.de, { sleep });
    expect(run).toMatchObject({ status: 'succeeded', ordersNew: 1, error: null });
    // One request interval at getOrderItems' 0.5 a second, plus the SDK's margin, inside the page.
    expect(new Set(waits)).toEqual(new Set([2000 + 1500]));
    expect(await bookOrder(shop.de, first)).toBeDefined();

    later();
    const second = await buyer(DE, [{ sellerSku: 'LAMP-ARC', quantity: 1 }], minutesAgo(10));
    await spend('getOrders');
    const next = await syncNow(shop.de, { sleep });
    expect(next).toMatchObject({ status: 'succeeded', ordersNew: 1, retries: 1, error: null });
    // getOrders refills at 0.0167 a second: the engine waits a minute and asks again.
    expect(waits).toContain(Math.ceil(1000 / 0.0167) + 1500);
    expect(waits.filter((w) => w !== Math.ceil(1000 / 0.0167) + 1500).every((w) => w === 3500)).toBe(true);
    expect(await bookOrder(shop.de, second)).toBeDefined();
  });
});
