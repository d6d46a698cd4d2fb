// Checkout and orders on real databases: quotes with server prices, shipping and tax; placing an
// order reserves stock, redeems offers and snapshots everything; idempotency keys; concurrency
// (stock and coupon limits never exceeded); unpaid orders expire and release stock exactly once.
import { resultRows } from '@crossdock/db/client';
import { violatedConstraint } from '@crossdock/db/errors';
import { cartCheckouts, coupons, outbox, pointsLedger, promotions, stockLevels } from '@crossdock/db/schema';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireUnpaidOrders } from '../src/modules/orders/orders.service';
import { expectReason } from './errors';
import { createTestApp, type TestApp } from './harness';

let app: TestApp;
let staff: Awaited<ReturnType<TestApp['staff']>>['api'];
let warehouseId: string;
let standardId: string;
let expressId: string;
const sku: Record<string, string> = {};

type Customer = Awaited<ReturnType<TestApp['customer']>>;

beforeAll(async () => {
  app = await createTestApp({ limitRules: { loginPerIp: { points: 10_000, durationSeconds: 60 } } });
  staff = (await app.staff(['Administrator'])).api;
  const category = await staff.catalog.categories.create({
    name: { en: 'Tea' },
    slug: 'tea',
    parentId: null,
  });
  warehouseId = (
    await staff.inventory.createWarehouse({ code: 'HZ-1', name: 'Hangzhou', country: 'CN', kind: 'own' })
  ).id;
  const make = async (slug: string, price: number, stock: number, weight = 250) => {
    const product = await staff.catalog.products.create({
      slug,
      title: { en: slug.replace('-', ' ') },
      categoryId: category.id,
      skuPrefix: slug.toUpperCase(),
    });
    const id = product.skus[0]!.id;
    await staff.catalog.products.updateSkus({
      productId: product.id,
      skus: [{ id, basePrice: price, weightGrams: weight }],
    });
    await staff.catalog.products.setStatus({ id: product.id, status: 'active' });
    await staff.inventory.adjust({ skuId: id, warehouseId, quantity: stock, reason: 'opening' });
    sku[slug] = id;
  };
  await make('longjing', 3_000, 100);
  await make('oolong', 2_000, 100);
  await make('rare-puer', 12_000, 10);
  await make('gift-box', 1_000, 1_000);
  const zones = [
    {
      name: 'Europe',
      countries: ['DE', 'FR'],
      brackets: [
        { maxGrams: 2_000, amount: 900 },
        { maxGrams: null, amount: 2_500 },
      ],
    },
    { name: 'US', countries: ['US'], brackets: [{ maxGrams: null, amount: 1_200 }] },
  ];
  standardId = (
    await staff.logistics.saveShippingMethod({
      code: 'standard',
      name: { en: 'Standard' },
      zones,
      position: 0,
    })
  ).id;
  expressId = (
    await staff.logistics.saveShippingMethod({
      code: 'express',
      name: { en: 'Express' },
      position: 1,
      zones: [{ name: 'Germany', countries: ['DE'], brackets: [{ maxGrams: null, amount: 2_900 }] }],
    })
  ).id;
  // Germany here adds its tax on top (as the US would), so totals read as sums; France keeps the
  // usual for its market, prices with the tax inside them.
  await staff.settings.setTaxRate({ country: 'DE', basisPoints: 1_900, pricesIncludeTax: false });
  await staff.settings.setTaxRate({ country: 'DE', categoryId: category.id, basisPoints: 700 });
  await staff.settings.setTaxRate({ country: 'FR', basisPoints: 2_000 });
  await staff.settings.setTaxRate({ country: 'FR', categoryId: category.id, basisPoints: 550 });
});
afterAll(async () => {
  await app?.cleanup();
});

const berlin = {
  name: 'Mia Schmidt',
  line1: 'Torstraße 1',
  city: 'Berlin',
  postalCode: '10119',
  country: 'de',
};

async function shopper(lines: [string, number][], country = berlin) {
  app.cookieJar.clear();
  const customer = await app.customer();
  for (const [slug, quantity] of lines) await customer.api.cart.add({ skuId: sku[slug]!, quantity });
  const address = await customer.api.account.addresses.add({ address: country });
  return { ...customer, addressId: address.id };
}

const key = () => `key-${crypto.randomUUID()}`;
const place = (
  c: Customer & { addressId: string },
  extra: { idempotencyKey?: string; shippingMethodId?: string; currency?: 'USD' | 'EUR' } = {},
) =>
  c.api.checkout
    .placeOrder({
      addressId: c.addressId,
      shippingMethodId: extra.shippingMethodId ?? standardId,
      idempotencyKey: extra.idempotencyKey ?? key(),
      currency: extra.currency ?? 'USD',
    })
    // placeOrder answers with the order's id and number; the page then reads the order.
    .then((placed) => c.api.account.orders.get({ id: placed.id }));

async function level(skuId: string) {
  const [row] = await app.deps.db.select().from(stockLevels).where(eq(stockLevels.skuId, skuId));
  return { onHand: row!.onHand, reserved: row!.reserved };
}

describe('quote', () => {
  it('tells anyone which countries the shop ships to, from the active methods’ zones', async () => {
    expect(await app.caller().checkout.countries()).toEqual(['DE', 'FR', 'US']);
  });

  it('prices the cart on the server with shipping for the address and tax by category', async () => {
    const c = await shopper([
      ['longjing', 2],
      ['oolong', 1],
    ]);
    const first = await c.api.checkout.quote({ addressId: c.addressId });
    expect(first.shippingMethods.map((m) => [m.code, m.amount.amount])).toEqual([
      ['standard', 900],
      ['express', 2_900],
    ]);
    expect(first.ready).toBe(false); // no method chosen yet
    const quote = await c.api.checkout.quote({ addressId: c.addressId, shippingMethodId: standardId });
    expect(quote).toMatchObject({
      ready: true,
      subtotal: { amount: 8_000 },
      shipping: { amount: 900 },
      taxInclusive: false,
    });
    // Tea at 7% in Germany, shipping at the German default 19%.
    expect(quote.tax.amount).toBe(560 + 171);
    expect(quote.total.amount).toBe(8_000 + 900 + 731);
  });

  it('charges shelf prices as they are where prices include tax, and shows the tax part', async () => {
    const c = await shopper(
      [
        ['longjing', 2],
        ['oolong', 1],
      ],
      { ...berlin, city: 'Paris', postalCode: '75003', country: 'fr' },
    );
    const quote = await c.api.checkout.quote({ addressId: c.addressId, shippingMethodId: standardId });
    expect(quote).toMatchObject({
      taxInclusive: true,
      subtotal: { amount: 8_000 },
      shipping: { amount: 900 },
    });
    // The tax inside: tea at 5.5% (8,000 × 5.5/105.5), shipping at 20% (900 × 20/120).
    expect(quote.tax.amount).toBe(417 + 150);
    expect(quote.total.amount).toBe(8_000 + 900);
    const order = await place(c);
    expect(order).toMatchObject({ taxInclusive: true, tax: { amount: 567 }, total: { amount: 8_900 } });
  });

  it('keeps the inclusive flag on the market: category rates cannot set it', async () => {
    const staff = (await app.staff(['Administrator'])).api;
    await expectReason(
      staff.settings.setTaxRate({
        country: 'FR',
        categoryId: (await staff.settings.taxRates()).find((r) => r.categoryId)!.categoryId,
        basisPoints: 550,
        pricesIncludeTax: false,
      }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
    const fr = (await staff.settings.taxRates()).find((r) => r.country === 'FR' && !r.categoryId)!;
    expect(fr.pricesIncludeTax).toBe(true);
  });

  it('refuses a method that does not go there, and addresses that are not the customer’s', async () => {
    const c = await shopper([['longjing', 1]], { ...berlin, country: 'us' });
    await expectReason(
      c.api.checkout.quote({ addressId: c.addressId, shippingMethodId: expressId }),
      'BAD_REQUEST',
      'SHIPPING_UNAVAILABLE',
    );
    const other = await shopper([['longjing', 1]]);
    await expectReason(other.api.checkout.quote({ addressId: c.addressId }), 'NOT_FOUND', 'NOT_FOUND');
    await expectReason(
      c.api.account.addresses.add({ address: { ...berlin, country: '' } }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
    // "-1" is no German postal code; the message lands on the field.
    const before = (await c.api.account.addresses.list()).length;
    const refused = await expectReason(
      c.api.account.addresses.add({ address: { ...berlin, postalCode: '-1' } }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
    expect(refused.described.fieldErrors).toEqual({
      'address.postalCode': ['Enter a postal code like 10119'],
    });
    expect(await c.api.account.addresses.list()).toHaveLength(before);
  });
});

describe('placing an order', () => {
  it('reserves stock, snapshots the sale, numbers it, empties the cart and writes events', async () => {
    const before = await level(sku.longjing!);
    const c = await shopper([['longjing', 2]]);
    const order = await place(c);
    expect(order.number).toMatch(/^SO-\d{4}-\d{6}$/);
    expect(order).toMatchObject({
      status: 'pending_payment',
      currency: 'USD',
      subtotal: { amount: 6_000 },
      shipping: { amount: 900 },
      shippingAddress: { country: 'DE', city: 'Berlin' },
      lines: [
        expect.objectContaining({
          skuId: sku.longjing,
          quantity: 2,
          unitPrice: { amount: 3_000, currency: 'USD' },
        }),
      ],
      actions: ['cancel'],
    });
    expect(order.reservationExpiresAt).toEqual(new Date(order.placedAt.getTime() + 15 * 60_000));
    expect(await level(sku.longjing!)).toEqual({ onHand: before.onHand, reserved: before.reserved + 2 });
    expect((await c.api.cart.get({})).lines).toEqual([]);
    expect(order.timeline.map((e) => e.type)).toEqual(['placed']);
    const events = await app.deps.db.select().from(outbox).where(eq(outbox.aggregateId, order.id));
    expect(events.map((e) => e.type)).toEqual(['order.placed']);

    // A later price change does not touch the order.
    const product = await app.caller().shop.product({ slug: 'longjing' });
    await staff.catalog.products.updateSkus({
      productId: product.id,
      skus: [{ id: sku.longjing!, basePrice: 3_500 }],
    });
    expect((await c.api.account.orders.get({ id: order.id })).lines[0]!.unitPrice.amount).toBe(3_000);
    await staff.catalog.products.updateSkus({
      productId: product.id,
      skus: [{ id: sku.longjing!, basePrice: 3_000 }],
    });
  });

  it('returns the same order for the same key, refuses the key with other input, and makes one order for 20 at once', async () => {
    const c = await shopper([['oolong', 1]]);
    const k = key();
    const first = await place(c, { idempotencyKey: k });
    expect((await place(c, { idempotencyKey: k })).id).toBe(first.id);
    await expectReason(
      place(c, { idempotencyKey: k, shippingMethodId: expressId }),
      'CONFLICT',
      'IDEMPOTENCY_KEY_REUSED',
    );

    const d = await shopper([['oolong', 1]]);
    const k2 = key();
    const results = await Promise.all(Array.from({ length: 20 }, () => place(d, { idempotencyKey: k2 })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect((await d.api.account.orders.list({})).items).toHaveLength(1);
  });

  it('refuses bad input and changes nothing', async () => {
    const c = await shopper([['gift-box', 1]]);
    const before = await level(sku['gift-box']!);
    await expectReason(
      c.api.checkout.placeOrder({
        addressId: c.addressId,
        shippingMethodId: standardId,
        idempotencyKey: key(),
        currency: 'XYZ' as 'USD',
      }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
    await expectReason(
      c.api.checkout.placeOrder({
        addressId: c.addressId,
        shippingMethodId: standardId,
        idempotencyKey: key(),
        total: 1,
      } as never),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
    await expectReason(
      c.api.checkout.placeOrder({
        addressId: c.addressId,
        shippingMethodId: standardId,
        idempotencyKey: 'short',
      }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
    await expectReason(place({ ...c, addressId: crypto.randomUUID() }), 'NOT_FOUND', 'NOT_FOUND');
    const empty = await shopper([]);
    await expectReason(place(empty), 'PRECONDITION_FAILED', 'CART_EMPTY');
    expect(await level(sku['gift-box']!)).toEqual(before);
    expect((await c.api.cart.get({})).lines).toHaveLength(1);
  });
});

describe('concurrency', () => {
  it('200 buyers at once for 10 in stock: exactly 10 orders, stock 0, never negative', async () => {
    const buyers = await Promise.all(Array.from({ length: 200 }, () => shopperFast('rare-puer')));
    const outcomes = await Promise.allSettled(buyers.map((b) => place(b)));
    const placed = outcomes.filter((o) => o.status === 'fulfilled');
    expect(placed).toHaveLength(10);
    for (const o of outcomes) {
      if (o.status === 'rejected') expect(String(o.reason)).toMatch(/left|stock/);
    }
    const after = await level(sku['rare-puer']!);
    expect(after.onHand - after.reserved).toBe(0);
    expect(after.reserved).toBe(10);
  });

  it('50 uses at once of a code limited to 5: exactly 5', async () => {
    const promotion = await staff.promotions.create({
      name: { en: 'Five lucky' },
      benefit: { kind: 'amount_off', amount: 500 },
      requiresCoupon: true,
    });
    await staff.promotions.coupons.create({ promotionId: promotion.id, code: 'LUCKY5', usageLimit: 5 });
    const buyers = await Promise.all(Array.from({ length: 50 }, () => shopperFast('gift-box', 'LUCKY5')));
    await Promise.allSettled(buyers.map((b) => place(b)));
    const [code] = await app.deps.db.select().from(coupons).where(eq(coupons.code, 'LUCKY5'));
    expect(code!.timesUsed).toBe(5);
    // The promotion itself has no limit: its uses are its redemptions, shown to staff.
    expect((await staff.promotions.get({ id: promotion.id })).uses).toBe(5);
    const [discounted] = resultRows<{ n: number }>(
      await app.deps.db.execute(sql`select count(*)::int as n from orders where coupon_code = 'LUCKY5'`),
    );
    expect(discounted!.n).toBe(5);
  });

  it('one customer checking out 10 times at once uses a once-per-customer code once', async () => {
    const promotion = await staff.promotions.create({
      name: { en: 'Once each' },
      benefit: { kind: 'amount_off', amount: 300 },
      requiresCoupon: true,
      perCustomerLimit: 1,
    });
    await staff.promotions.coupons.create({ promotionId: promotion.id, code: 'ONCEEACH' });
    const buyer = await shopperFast('gift-box', 'ONCEEACH');
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => place(buyer)));
    expect(outcomes.some((o) => o.status === 'fulfilled')).toBe(true);
    // Each checkout counts the customer's uses after taking their lock, never before.
    expect((await staff.promotions.get({ id: promotion.id })).uses).toBe(1);
  });

  it('one cart checked out 5 times at once (5 keys, as two tabs or a retry would): one order, points spent once', async () => {
    const buyer = await shopper([['longjing', 3]]);
    await app.deps.db.insert(pointsLedger).values({ customerId: buyer.id, reason: 'earned', points: 2_000 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        buyer.api.checkout.placeOrder({
          addressId: buyer.addressId,
          shippingMethodId: standardId,
          idempotencyKey: key(),
          currency: 'USD',
          redeemPoints: true,
        }),
      ),
    );
    const placed = outcomes.filter((o) => o.status === 'fulfilled');
    expect(placed).toHaveLength(1);
    for (const o of outcomes) {
      if (o.status === 'rejected') expect(o.reason).toMatchObject({ cause: { reason: 'CART_EMPTY' } });
    }
    expect((await buyer.api.account.orders.list({})).items).toHaveLength(1);
    // 3 × $30 of tea: points pay at most 20 % of it, $18 = 1,800 points, once.
    expect((await buyer.api.account.points({})).balance).toBe(200);
    expect((await buyer.api.cart.get({})).lines).toHaveLength(0);
  });

  it('a cart left behind after its order (the clean-up failed) reads as empty and cannot be ordered again', async () => {
    const buyer = await shopper([['gift-box', 2]]);
    const cartId = `c:${buyer.id}`;
    const before = await app.deps.cartStore.get(cartId);
    await place(buyer);
    // As if emptying the cart had failed after the commit: the same contents are back.
    await app.deps.cartStore.replace(cartId, before);
    const stale = await app.deps.cartStore.get(cartId);
    await app.deps.db
      .update(cartCheckouts)
      .set({ revision: stale!.revision! })
      .where(eq(cartCheckouts.revision, before!.revision!));
    expect((await buyer.api.cart.get({})).lines).toHaveLength(0);
    await expectReason(place(buyer), 'PRECONDITION_FAILED', 'CART_EMPTY');
    expect((await buyer.api.account.orders.list({})).items).toHaveLength(1);
  });

  it('the database refuses spending points beyond the balance, whatever the code read', async () => {
    const c = await shopper([['gift-box', 1]]);
    await app.deps.db.insert(pointsLedger).values({ customerId: c.id, reason: 'earned', points: 100 });
    const overdraft = await app.deps.db
      .insert(pointsLedger)
      .values({ customerId: c.id, reason: 'redeemed', points: -101 })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(violatedConstraint(overdraft)).toBe('points_balances_not_negative');
    expect((await c.api.account.points({})).balance).toBe(100);
  });

  it('keeps every stock level equal to the sum of its ledger', async () => {
    const rows = resultRows<{ mismatches: number }>(
      await app.deps.db.execute(sql`
        select count(*)::int as mismatches from stock_levels l
        where l.on_hand <> (select coalesce(sum(on_hand_delta), 0) from stock_movements m where m.sku_id = l.sku_id and m.warehouse_id = l.warehouse_id)
           or l.reserved <> (select coalesce(sum(reserved_delta), 0) from stock_movements m where m.sku_id = l.sku_id and m.warehouse_id = l.warehouse_id)`),
    );
    expect(rows[0]!.mismatches).toBe(0);
  });
});

describe('after checkout', () => {
  it('expires an unpaid order after its hold, releasing stock and the offer exactly once', async () => {
    const promotion = await staff.promotions.create({
      name: { en: 'Launch' },
      benefit: { kind: 'percent_off', basisPoints: 1_000 },
      usageLimit: 100,
    });
    const c = await shopper([['oolong', 3]]);
    const before = await level(sku.oolong!);
    const order = await place(c);
    expect(order.discounts.map((d) => d.name)).toContain('Launch');
    expect((await level(sku.oolong!)).reserved).toBe(before.reserved + 3);

    app.clock.advance(14 * 60_000);
    await expireUnpaidOrders(app.deps);
    expect((await c.api.account.orders.get({ id: order.id })).status).toBe('pending_payment');
    app.clock.advance(60_000 + 1);
    await expireUnpaidOrders(app.deps);
    // Fifteen minutes on, the access tokens have expired too: sign in again.
    staff = (await app.staff(['Administrator'])).api;
    c.api = (await app.signIn(c.email, 'customer')).api;
    const expired = await c.api.account.orders.get({ id: order.id });
    // Every unpaid order here is older than its hold by now (earlier tests' too): none holds stock.
    const released = { onHand: before.onHand, reserved: 0 };
    expect(expired).toMatchObject({ status: 'cancelled', cancelReason: 'Not paid in time', actions: [] });
    expect(expired.timeline.map((e) => e.type)).toEqual(['placed', 'expire']);
    expect(await level(sku.oolong!)).toEqual(released);
    expect(await expireUnpaidOrders(app.deps)).toBe(0);
    await expectReason(
      c.api.account.orders.cancel({ id: order.id }),
      'PRECONDITION_FAILED',
      'TRANSITION_NOT_ALLOWED',
    );
    expect(await level(sku.oolong!)).toEqual(released);
    const [promo] = await app.deps.db.select().from(promotions).where(eq(promotions.id, promotion.id));
    expect(promo!.timesUsed).toBe(0);
    await staff.promotions.setStatus({ id: promotion.id, status: 'archived' });
  });

  it('lets the customer cancel while unpaid, and keeps orders private', async () => {
    const c = await shopper([['gift-box', 2]]);
    const order = await place(c);
    const stranger = await shopper([]);
    await expectReason(stranger.api.account.orders.get({ id: order.id }), 'NOT_FOUND', 'NOT_FOUND');
    await expectReason(stranger.api.account.orders.cancel({ id: order.id }), 'NOT_FOUND', 'NOT_FOUND');
    const cancelled = await c.api.account.orders.cancel({ id: order.id });
    expect(cancelled.status).toBe('cancelled');
  });

  it('gives staff a filtered, sorted list, notes and cancellation with a reason', async () => {
    const c = await shopper([
      ['longjing', 1],
      ['gift-box', 1],
    ]);
    const order = await place(c);
    const byCustomer = await staff.orders.list({ customer: c.email.toUpperCase() });
    expect(byCustomer.items.map((o) => o.id)).toEqual([order.id]);
    const bySku = await staff.orders.list({ sku: 'longjing', status: ['pending_payment'] });
    expect(bySku.items.map((o) => o.id)).toContain(order.id);
    const byTotal = await staff.orders.list({ sort: 'total_desc', limit: 3 });
    const totals = byTotal.items.map((o) => o.total.amount);
    expect([...totals].sort((a, b) => b - a)).toEqual(totals);
    const next = await staff.orders.list({ sort: 'total_desc', limit: 3, cursor: byTotal.nextCursor! });
    expect(next.items.every((o) => o.total.amount <= totals.at(-1)!)).toBe(true);

    const noted = await staff.orders.addNote({ id: order.id, note: 'Gift wrap requested' });
    expect(noted.timeline.at(-1)).toMatchObject({
      type: 'note',
      note: 'Gift wrap requested',
      visibleToCustomer: false,
    });
    expect((await c.api.account.orders.get({ id: order.id })).timeline.map((e) => e.type)).toEqual([
      'placed',
    ]);
    await expectReason(staff.orders.cancel({ id: order.id, reason: '' }), 'BAD_REQUEST', 'VALIDATION_FAILED');
    const cancelled = await staff.orders.cancel({ id: order.id, reason: 'Customer called to cancel' });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Customer called to cancel' });
    const { api: warehouse } = await app.staff(['Warehouse']);
    await expectReason(
      warehouse.orders.cancel({ id: order.id, reason: 'x' }),
      'FORBIDDEN',
      'PERMISSION_DENIED',
    );
  });
});

/** A signed-in customer with one unit of `slug` in the cart and an address, without the cookie dance. */
async function shopperFast(slug: string, coupon?: string) {
  const customer = await app.customer();
  await customer.api.cart.add({ skuId: sku[slug]!, quantity: 1 });
  if (coupon) await customer.api.cart.applyCoupon({ code: coupon });
  const address = await customer.api.account.addresses.add({ address: berlin });
  return { ...customer, addressId: address.id };
}
