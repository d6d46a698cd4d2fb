// Cached shop reads never go stale: after every kind of catalog change, the next read shows it.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness';

let app: TestApp;
let staff: Awaited<ReturnType<TestApp['staff']>>['api'];
let product: Awaited<ReturnType<typeof staff.catalog.products.create>>;
let categoryId: string;

beforeAll(async () => {
  app = await createTestApp();
  staff = (await app.staff(['Administrator'])).api;
  const category = await staff.catalog.categories.create({
    name: { en: 'Kitchen' },
    slug: 'kitchen',
    parentId: null,
  });
  categoryId = category.id;
  product = await staff.catalog.products.create({
    slug: 'tea-kettle',
    title: { en: 'Tea kettle' },
    categoryId,
    skuPrefix: 'KETTLE',
  });
  await staff.catalog.products.updateSkus({
    productId: product.id,
    skus: [{ id: product.skus[0]!.id, basePrice: 4000 }],
  });
  await staff.catalog.products.setStatus({ id: product.id, status: 'active' });
});
afterAll(async () => {
  await app?.cleanup();
});

const shop = () => app.caller().shop;
const price = async (currency: 'USD' | 'EUR' = 'USD') =>
  (await shop().product({ slug: 'tea-kettle', currency })).skus[0]!.price.amount;

describe('catalog cache', () => {
  it('serves repeated reads from the cache', async () => {
    const first = await shop().products({ category: 'kitchen' });
    // Change the database behind the service's back: a cached read does not see it…
    await app.deps.db.execute(sql`update products set slug = 'sneaky' where slug = 'tea-kettle'`);
    expect(await shop().products({ category: 'kitchen' })).toEqual(first);
    await app.deps.db.execute(sql`update products set slug = 'tea-kettle' where slug = 'sneaky'`);
  });

  it('shows a new SKU price at once on the product page and in listings', async () => {
    expect(await price()).toBe(4000);
    expect((await shop().products({ category: 'kitchen' })).items[0]!.minPrice.amount).toBe(4000);
    await staff.catalog.products.updateSkus({
      productId: product.id,
      skus: [{ id: product.skus[0]!.id, basePrice: 4500 }],
    });
    expect(await price()).toBe(4500);
    expect((await shop().products({ category: 'kitchen' })).items[0]!.minPrice.amount).toBe(4500);
  });

  it('shows a new exchange rate at once', async () => {
    const before = await price('EUR');
    await staff.catalog.currencies.update({ code: 'EUR', rate: '1.5' });
    const after = await price('EUR');
    expect(after).not.toBe(before);
    expect(after).toBe(6799); // 45.00 × 1.5 = 67.50 → .99 ending
  });

  it('shows a renamed product and category at once, and forgets an unpublished product', async () => {
    await staff.catalog.products.update({ id: product.id, title: { en: 'Copper tea kettle' } });
    expect((await shop().product({ slug: 'tea-kettle' })).title).toBe('Copper tea kettle');
    expect((await shop().products({ q: 'copper' })).items.map((i) => i.slug)).toEqual(['tea-kettle']);

    await staff.catalog.categories.update({ id: categoryId, name: { en: 'Cookware' } });
    expect((await shop().categories()).find((c) => c.id === categoryId)?.name).toBe('Cookware');
    expect((await shop().product({ slug: 'tea-kettle' })).breadcrumbs).toEqual([
      { slug: 'kitchen', name: 'Cookware' },
    ]);
    // …and search finds the product by its category's new name.
    expect((await shop().products({ q: 'cookware' })).items.map((i) => i.slug)).toEqual(['tea-kettle']);

    await staff.catalog.products.setStatus({ id: product.id, status: 'draft' });
    await expect(shop().product({ slug: 'tea-kettle' })).rejects.toThrow(/no such product/);
    expect((await shop().products({ category: 'kitchen' })).items).toEqual([]);
  });

  it('moves a product page to its new slug', async () => {
    await staff.catalog.products.setStatus({ id: product.id, status: 'active' });
    await shop().product({ slug: 'tea-kettle' });
    await staff.catalog.products.update({ id: product.id, slug: 'copper-kettle' });
    await expect(shop().product({ slug: 'tea-kettle' })).rejects.toThrow(/no such product/);
    expect((await shop().product({ slug: 'copper-kettle' })).id).toBe(product.id);
  });
});
