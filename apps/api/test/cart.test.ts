// The cart through the API: guest carts by cookie, customer carts on every device, merging at
// sign-in, re-pricing with flags on read, limits and bad input that change nothing, promotions
// and coupons named with their reasons.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectReason } from './errors';
import { createTestApp, type TestApp } from './harness';

let app: TestApp;
let staff: Awaited<ReturnType<TestApp['staff']>>['api'];
const sku: Record<string, string> = {};
let warehouseId: string;

beforeAll(async () => {
  app = await createTestApp();
  staff = (await app.staff(['Administrator'])).api;
  const category = await staff.catalog.categories.create({
    name: { en: 'Stationery' },
    slug: 'stationery',
    parentId: null,
  });
  const warehouse = await staff.inventory.createWarehouse({
    code: 'SZ-1',
    name: 'Shenzhen',
    country: 'CN',
    kind: 'own',
  });
  warehouseId = warehouse.id;
  const make = async (slug: string, title: string, price: number, stock: number) => {
    const product = await staff.catalog.products.create({
      slug,
      title: { en: title },
      categoryId: category.id,
      skuPrefix: slug.toUpperCase(),
    });
    const skuId = product.skus[0]!.id;
    await staff.catalog.products.updateSkus({
      productId: product.id,
      skus: [{ id: skuId, basePrice: price }],
    });
    await staff.catalog.products.setStatus({ id: product.id, status: 'active' });
    if (stock > 0) await staff.inventory.adjust({ skuId, warehouseId, quantity: stock, reason: 'opening' });
    sku[slug] = skuId;
    return product;
  };
  await make('notebook', 'Dot-grid notebook', 1_500, 50);
  await make('pen', 'Fountain pen', 4_000, 3);
  await make('ink', 'Ink bottle', 900, 0);
  await make('draft', 'Draft item', 500, 10);
  await staff.catalog.products.setStatus({
    id: (await app.caller().shop.product({ slug: 'draft' })).id,
    status: 'draft',
  });
});
afterAll(async () => {
  await app?.cleanup();
});
beforeEach(() => {
  app.cookieJar.clear();
});

/** A guest's API: a fresh caller each time, so it sees the cookies set so far. */
const guest = () => app.caller().cart;

describe('guest cart', () => {
  it('starts empty and makes a cart (and its cookie) on the first add', async () => {
    expect(await guest().get({})).toMatchObject({
      lines: [],
      itemCount: 0,
      subtotal: { amount: 0, currency: 'USD' },
    });
    expect(app.cookieJar.has('cd_cart')).toBe(false);
    const cart = await guest().add({ skuId: sku.notebook!, quantity: 2 });
    expect(app.cookieJar.get('cd_cart')).toMatch(/^g:/);
    expect(cart.lines).toEqual([
      expect.objectContaining({
        title: 'Dot-grid notebook',
        quantity: 2,
        unitPrice: { amount: 1_500, currency: 'USD' },
        problem: null,
      }),
    ]);
    expect(cart.subtotal.amount).toBe(3_000);
    // Adding again adds up; the cart is the same one.
    expect((await guest().add({ skuId: sku.notebook!, quantity: 1 })).lines[0]!.quantity).toBe(3);
  });

  it('shows prices in the chosen currency and language', async () => {
    await guest().add({ skuId: sku.pen! });
    const cart = await guest().get({ currency: 'JPY', locale: 'zh-CN' });
    expect(cart.currency).toBe('JPY');
    expect(cart.lines[0]!.unitPrice!.currency).toBe('JPY');
  });

  it('refuses bad quantities, unknown or unsold SKUs and more than is in stock, changing nothing', async () => {
    await guest().add({ skuId: sku.pen!, quantity: 1 });
    for (const quantity of [0, -1, 1_000, 2.5]) {
      await expectReason(guest().add({ skuId: sku.pen!, quantity }), 'BAD_REQUEST', 'VALIDATION_FAILED');
    }
    await expectReason(guest().add({ skuId: crypto.randomUUID() }), 'NOT_FOUND', 'NOT_FOUND');
    await expectReason(guest().add({ skuId: sku.draft! }), 'PRECONDITION_FAILED', 'NOT_PURCHASABLE');
    await expectReason(guest().add({ skuId: sku.ink! }), 'PRECONDITION_FAILED', 'INSUFFICIENT_STOCK');
    await expectReason(
      guest().add({ skuId: sku.pen!, quantity: 3 }),
      'PRECONDITION_FAILED',
      'INSUFFICIENT_STOCK',
    );
    await expectReason(guest().get({ currency: 'XYZ' as 'USD' }), 'BAD_REQUEST', 'VALIDATION_FAILED');
    await expectReason(
      guest().add({ skuId: sku.pen!, price: 1 } as unknown as { skuId: string }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
    const cart = await guest().get({});
    expect(cart.lines.map((l) => [l.skuId, l.quantity])).toEqual([[sku.pen, 1]]);
  });

  it('sets and removes lines', async () => {
    await guest().add({ skuId: sku.notebook! });
    app.clock.advance(1000); // added a second apart: the order is theirs, not their ids'
    await guest().add({ skuId: sku.pen! });
    expect(
      (await guest().setQuantity({ skuId: sku.notebook!, quantity: 4 })).lines.map((l) => l.quantity),
    ).toEqual([4, 1]);
    expect((await guest().remove({ skuId: sku.notebook! })).lines.map((l) => l.skuId)).toEqual([sku.pen]);
  });

  it('flags a changed price, an unpublished SKU and short stock on read', async () => {
    const product = await app.caller().shop.product({ slug: 'pen' });
    await guest().add({ skuId: sku.pen!, quantity: 2 });
    app.clock.advance(1000);
    await guest().add({ skuId: sku.notebook! });
    await staff.catalog.products.updateSkus({
      productId: product.id,
      skus: [{ id: sku.pen!, basePrice: 4_400 }],
    });
    await staff.inventory.adjust({ skuId: sku.pen!, warehouseId, quantity: -2, reason: 'damaged' });
    let cart = await guest().get({});
    expect(cart.lines[0]).toMatchObject({
      priceChanged: true,
      previousUnitPrice: { amount: 4_000 },
      unitPrice: { amount: 4_400 },
      problem: 'insufficient_stock',
      maxQuantity: 1,
    });
    expect(cart.hasProblems).toBe(true);
    cart = await guest().acceptPrices({});
    expect(cart.lines[0]!.priceChanged).toBe(false);

    const notebook = await app.caller().shop.product({ slug: 'notebook' });
    await staff.catalog.products.setStatus({ id: notebook.id, status: 'draft' });
    cart = await guest().get({});
    expect(cart.lines[1]).toMatchObject({ problem: 'unavailable', maxQuantity: 0, subtotal: null });
    expect(cart.subtotal.amount).toBe(8_800);
    await staff.catalog.products.setStatus({ id: notebook.id, status: 'active' });
    await staff.inventory.adjust({ skuId: sku.pen!, warehouseId, quantity: 2, reason: 'found' });
    await staff.catalog.products.updateSkus({
      productId: product.id,
      skus: [{ id: sku.pen!, basePrice: 4_000 }],
    });
  });
});

describe('customer cart', () => {
  it('is the same cart on every device', async () => {
    const customer = await app.customer();
    await customer.api.cart.add({ skuId: sku.notebook!, quantity: 2 });
    const elsewhere = await app.signIn(customer.email, 'customer');
    expect((await elsewhere.api.cart.get({})).lines.map((l) => [l.skuId, l.quantity])).toEqual([
      [sku.notebook, 2],
    ]);
    expect(app.cookieJar.has('cd_cart')).toBe(false);
  });

  it('takes in the guest cart at sign-in: quantities add, capped by stock', async () => {
    const customer = await app.customer();
    await customer.api.cart.add({ skuId: sku.pen!, quantity: 2 });
    app.clock.advance(1000);
    await customer.api.cart.add({ skuId: sku.notebook!, quantity: 1 });
    app.cookieJar.clear();
    await guest().add({ skuId: sku.pen!, quantity: 2 }); // 2 + 2 > 3 in stock
    await guest().add({ skuId: sku.notebook!, quantity: 5 });
    const guestCookie = app.cookieJar.get('cd_cart')!;

    const session = await app.signIn(customer.email, 'customer');
    expect(app.cookieJar.has('cd_cart')).toBe(false);
    const cart = await session.api.cart.get({});
    expect(cart.lines.map((l) => [l.skuId, l.quantity])).toEqual([
      [sku.pen, 3],
      [sku.notebook, 6],
    ]);
    // The guest cart is gone.
    app.cookieJar.set('cd_cart', guestCookie);
    expect((await guest().get({})).lines).toEqual([]);
  });

  it('refuses a staff token: carts are for customers', async () => {
    await expectReason(staff.cart.get({}), 'FORBIDDEN', 'CUSTOMER_ONLY');
  });
});

describe('promotions and coupons in the cart', () => {
  it('applies a spend tier automatically and names it, in the shopper’s language', async () => {
    await staff.promotions.create({
      name: { en: 'Spend 100 save 10', 'zh-CN': '满 100 减 10' },
      benefit: { kind: 'tiered', tiers: [{ threshold: 10_000, amount: 1_000 }] },
    });
    await guest().add({ skuId: sku.pen!, quantity: 3 });
    const cart = await guest().get({});
    expect(cart.discounts).toEqual([
      expect.objectContaining({ name: 'Spend 100 save 10', amount: { amount: 1_000, currency: 'USD' } }),
    ]);
    expect(cart.total.amount).toBe(11_000);
    expect((await guest().get({ locale: 'zh-CN' })).discounts[0]!.name).toBe('满 100 减 10');
    await app.deps.db.execute(sql`update promotions set status = 'archived'`);
    await app.deps.reference.invalidate(); // written behind the services' back
  });

  it('keeps a real code and says why it does not apply yet; refuses an unknown one', async () => {
    const promotion = await staff.promotions.create({
      name: { en: 'Pens 20% off over 50' },
      benefit: { kind: 'percent_off', basisPoints: 2_000 },
      minSpend: 5_000,
      requiresCoupon: true,
    });
    await staff.promotions.coupons.create({ promotionId: promotion.id, code: 'PEN20' });
    await guest().add({ skuId: sku.pen!, quantity: 1 });
    await expectReason(guest().applyCoupon({ code: 'NOPE-1' }), 'NOT_FOUND', 'COUPON_NOT_FOUND');
    let cart = await guest().applyCoupon({ code: 'pen20' });
    expect(cart.coupon).toEqual({
      code: 'PEN20',
      applied: false,
      reason: 'MIN_SPEND_NOT_MET',
      missing: 1_000,
    });
    cart = await guest().setQuantity({ skuId: sku.pen!, quantity: 2 });
    expect(cart.coupon).toMatchObject({ applied: true });
    expect(cart.discounts).toEqual([
      expect.objectContaining({ code: 'PEN20', amount: { amount: 1_600, currency: 'USD' } }),
    ]);
    await staff.promotions.setStatus({ id: promotion.id, status: 'paused' });
    expect((await guest().get({})).coupon).toMatchObject({ applied: false, reason: 'NOT_ACTIVE' });
    cart = await guest().removeCoupon({});
    expect(cart.coupon).toBeNull();
  });
});
