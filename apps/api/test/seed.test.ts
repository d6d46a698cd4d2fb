// The demo catalog seeds once, realistically and consistently, and the shop can read it. Its
// photos are drawn in seed-photos.test.ts.

import { resultRows } from '@crossdock/db/client';
import {
  categories,
  channelImports,
  orders as ordersTable,
  productListings,
  products,
  purchaseOrders,
  shops,
  simAmazonOrders,
  simAmazonSellers,
  simShopifyStores,
  skuPrices,
  skus,
  stockLevels,
} from '@crossdock/db/schema';
import { seedDemo } from '@crossdock/db/seed';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopCredentialsFor } from '../src/modules/channels/shops.service';
import { demoShopifyStore, seedCatalog, seedCommerce, seedPurchasing, seedShops } from '../src/seed';
import { createTestApp, type TestApp } from './harness';

let app: TestApp;
let first: Awaited<ReturnType<typeof seedCatalog>>;
beforeAll(async () => {
  app = await createTestApp();
  first = await seedCatalog(app.deps.db);
}, 120_000);
afterAll(async () => {
  await app?.cleanup();
});

const count = async (table: typeof products | typeof skus | typeof categories | typeof productListings) =>
  (await app.deps.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;

describe('demo catalog seed', () => {
  it('builds about 20 categories, 200 products and about 1,000 SKUs, once', async () => {
    expect(first.created).toBe(true);
    expect(await count(categories)).toBeGreaterThanOrEqual(18);
    expect(await count(products)).toBe(200);
    expect(await count(skus)).toBeGreaterThanOrEqual(900);
    expect((await seedCatalog(app.deps.db)).created).toBe(false);
    expect(await count(products)).toBe(200);
  });

  it('lists every active product in every store currency, and its stock matches the ledger', async () => {
    const [active] = await app.deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(products)
      .where(sql`status = 'active'`);
    expect(await count(productListings)).toBe(active!.n * 5);
    const mismatches = resultRows(
      await app.deps.db.execute(sql`
        select l.sku_id from ${stockLevels} l
        left join (select sku_id, warehouse_id, sum(on_hand_delta) as n from stock_movements group by 1, 2) m
          on m.sku_id = l.sku_id and m.warehouse_id = l.warehouse_id
        where l.on_hand <> coalesce(m.n, 0)`),
    );
    expect(mismatches).toEqual([]);
  });

  it('gives the shop true content in both languages', async () => {
    const page = await app
      .caller()
      .shop.products({ category: 'apparel', locale: 'zh-CN', currency: 'CNY', limit: 5 });
    expect(page.items).toHaveLength(5);
    expect(page.items[0]!.title).toMatch(/[\u4e00-\u9fff]/);
    const product = await app.caller().shop.product({ slug: page.items[0]!.slug, currency: 'GBP' });
    expect(product.skus.length).toBeGreaterThan(0);
    expect(product.breadcrumbs[0]).toEqual({ slug: 'apparel', name: 'Apparel' });
    const search = await app.caller().shop.products({ q: 'merino' });
    expect(search.items.length).toBeGreaterThan(0);
  });

  it('prices a market the way a seller does: every SKU of a product, sale prices included', async () => {
    // Products with euro prices of their own have them on every active SKU (no range from a
    // few SKUs differing), and those on sale keep their compare-at price in euros.
    const perProduct = resultRows<{ priced: number; all: number; onSale: number; withCompare: number }>(
      await app.deps.db.execute(sql`
        select count(p.sku_id)::int as priced, count(*)::int as "all",
          count(*) filter (where s.compare_at_price is not null)::int as "onSale",
          count(p.compare_at_price)::int as "withCompare"
        from ${skus} s left join ${skuPrices} p on p.sku_id = s.id and p.currency = 'EUR'
        group by s.product_id having count(p.sku_id) > 0`),
    );
    expect(perProduct.length).toBeGreaterThan(10);
    for (const product of perProduct) {
      expect(product.priced).toBe(product.all);
      expect(product.withCompare).toBe(product.onSale);
    }
    const [onSale] = resultRows<{ slug: string }>(
      await app.deps.db.execute(sql`
        select pr.slug from ${skuPrices} p join ${skus} s on s.id = p.sku_id
        join ${products} pr on pr.id = s.product_id
        where p.currency = 'EUR' and p.compare_at_price is not null and pr.status = 'active' limit 1`),
    );
    const product = await app.caller().shop.product({ slug: onSale!.slug, currency: 'EUR' });
    const sku = product.skus[0]!;
    expect(sku.price.currency).toBe('EUR');
    expect(sku.compareAtPrice?.amount).toBeGreaterThan(sku.price.amount);
  });
});

describe('demo commerce seed', () => {
  it('lets a new customer check out to Germany with the welcome code, once seeded', async () => {
    expect((await seedCommerce(app.deps.db)).created).toBe(true);
    expect((await seedCommerce(app.deps.db)).created).toBe(false);
    const customer = await app.customer();
    const inStock = await app.caller().shop.products({ inStock: true, sort: 'price_desc', limit: 1 });
    const product = await app.caller().shop.product({ slug: inStock.items[0]!.slug });
    const sku = product.skus.find((s) => s.availability !== 'out')!;
    await customer.api.cart.add({ skuId: sku.id });
    const cart = await customer.api.cart.applyCoupon({ code: 'welcome10' });
    expect(cart.coupon).toMatchObject({ code: 'WELCOME10', applied: true });
    const address = await customer.api.account.addresses.add({
      address: {
        name: 'Jonas Weber',
        line1: 'Hauptstraße 5',
        city: 'München',
        postalCode: '80331',
        country: 'DE',
      },
    });
    const quote = await customer.api.checkout.quote({ addressId: address.id });
    const standard = quote.shippingMethods.find((m) => m.code === 'standard')!;
    const priced = await customer.api.checkout.quote({
      addressId: address.id,
      shippingMethodId: standard.id,
    });
    expect(priced.ready).toBe(true);
    expect(priced.tax.amount).toBeGreaterThan(0);
    expect(priced.discounts.map((d) => d.code)).toContain('WELCOME10');
  });

  it('opens the demo’s marketplace shops once, their credentials sealed, the Shopify and Amazon ones known to their simulators, eBay’s months imported', async () => {
    await seedDemo(app.deps.db, { hashPassword: async () => 'not-a-real-hash' });
    expect(await seedShops(app.deps)).toEqual({ created: true, shops: 5 });
    expect((await seedShops(app.deps)).created).toBe(false);
    const rows = await app.deps.db.select().from(shops);
    expect(rows.map((r) => r.platform).sort()).toEqual(['amazon', 'amazon', 'amazon', 'ebay', 'shopify']);
    expect(JSON.stringify(rows)).not.toContain(demoShopifyStore.accessToken);
    const [store] = await app.deps.db.select().from(simShopifyStores);
    expect(store).toMatchObject({
      domain: demoShopifyStore.domain,
      accessToken: demoShopifyStore.accessToken,
    });
    // Each Amazon shop signs in as a seller the simulated Amazon knows, who has a month of orders.
    for (const row of rows.filter((r) => r.platform === 'amazon')) {
      const credentials = await shopCredentialsFor(app.deps, row.id);
      const [seller] = await app.deps.db
        .select()
        .from(simAmazonSellers)
        .where(
          eq(
            simAmazonSellers.refreshToken,
            credentials.platform === 'amazon' ? credentials.refreshToken : '',
          ),
        );
      expect(seller?.marketplaceIds).toEqual([row.marketplace]);
      const orders = await app.deps.db
        .select({ channel: sql<string>`${simAmazonOrders.order}->>'FulfillmentChannel'` })
        .from(simAmazonOrders)
        .where(eq(simAmazonOrders.sellingPartnerId, seller!.sellingPartnerId));
      expect(orders.length).toBeGreaterThan(100);
      // Amazon US is fulfilled by Amazon from FBA-US; DE and JP are shipped from Shenzhen.
      expect(new Set(orders.map((o) => o.channel))).toEqual(
        new Set([row.marketplace === 'ATVPDKIKX0DER' ? 'AFN' : 'MFN']),
      );
    }
    // The eBay shop's three months came in by its Seller Hub report, imported whole: shipped
    // ones as history, the last days' waiting to be shipped from Los Angeles.
    const ebay = rows.find((r) => r.platform === 'ebay')!;
    const [report] = await app.deps.db
      .select()
      .from(channelImports)
      .where(eq(channelImports.shopId, ebay.id));
    expect(report).toMatchObject({
      format: 'ebay_orders',
      status: 'succeeded',
      rowsFailed: 0,
      itemsSkipped: 0,
    });
    expect(report!.itemsNew).toBeGreaterThan(60);
    const book = await app.deps.db
      .select({ status: ordersTable.status, n: sql<number>`count(*)::int` })
      .from(ordersTable)
      .where(eq(ordersTable.shopId, ebay.id))
      .groupBy(ordersTable.status);
    const byStatus = Object.fromEntries(book.map((b) => [b.status, b.n]));
    expect(byStatus.shipped).toBeGreaterThan(50);
    expect(Object.values(byStatus).reduce((a, b) => a + b, 0)).toBe(report!.itemsNew);
  });

  it('buys for the demo: three suppliers with prices, months of purchase orders at every stage, their goods costed in', async () => {
    expect(await seedPurchasing(app.deps)).toEqual({ created: true, orders: 9 });
    expect((await seedPurchasing(app.deps)).created).toBe(false);
    const byStatus = Object.fromEntries(
      (
        await app.deps.db
          .select({ status: purchaseOrders.status, n: sql<number>`count(*)::int` })
          .from(purchaseOrders)
          .groupBy(purchaseOrders.status)
      ).map((r) => [r.status, r.n]),
    );
    expect(byStatus).toEqual({ closed: 6, partially_received: 1, sent: 1, draft: 1 });
    // Each delivery costed what it brought: every SKU received has a known average.
    const [uncosted] = resultRows<{ n: number }>(
      await app.deps.db.execute(sql`
        select count(*)::int as n from sku_costs c
        where c.unit_cost is null and exists (
          select 1 from purchase_order_lines l where l.sku_id = c.sku_id and l.received > 0)`),
    );
    expect(uncosted).toEqual({ n: 0 });
    const [drift] = resultRows<{ n: number }>(
      await app.deps.db.execute(sql`
        select count(*)::int as n from sku_costs c
        where c.quantity <> (select coalesce(sum(on_hand), 0) from stock_levels l where l.sku_id = c.sku_id)`),
    );
    expect(drift).toEqual({ n: 0 });
  });
});
