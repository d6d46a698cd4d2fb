import { auditLog, categories, skus } from '@crossdock/db/schema';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectReason } from './errors';
import { createTestApp, type TestApp } from './harness';

let app: TestApp;
let staff: Awaited<ReturnType<TestApp['staff']>>['api'];
let seq = 0;
function unique(base: string): string {
  seq += 1;
  return `${base}-${Date.now().toString(36)}-${seq}`;
}

beforeAll(async () => {
  app = await createTestApp();
  staff = (await app.staff(['Administrator'])).api;
});
afterAll(async () => {
  await app?.cleanup();
});

const auditCount = async () =>
  (await app.deps.db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0]!.n;

async function category(parentId: string | null = null, name = 'Cat') {
  return staff.catalog.categories.create({
    name: { en: name, 'zh-CN': `${name}类` },
    slug: unique(name.toLowerCase()),
    parentId,
  });
}

/** A tee with Size (S, M) × Colour (Red, Blue, Green): six SKUs. */
async function tee(categoryId: string) {
  return staff.catalog.products.create({
    slug: unique('tee'),
    title: { en: 'Linen tee', 'zh-CN': '亚麻T恤' },
    description: { en: 'A breathable tee.' },
    categoryId,
    attributes: { material: { en: 'Linen', 'zh-CN': '亚麻' }, hsCode: '610910', countryOfOrigin: 'PT' },
    skuPrefix: unique('TEE').toUpperCase(),
    options: [
      {
        name: { en: 'Size', 'zh-CN': '尺码' },
        values: [
          { code: 'S', label: { en: 'Small' } },
          { code: 'M', label: { en: 'Medium', 'zh-CN': '中号' } },
        ],
      },
      {
        name: { en: 'Colour' },
        values: ['Red', 'Blue', 'Green'].map((c) => ({ code: c.toLowerCase(), label: { en: c } })),
      },
    ],
  });
}

describe('categories', () => {
  it('build a tree with ordered siblings; the shop sees it in the shopper’s language', async () => {
    const root = await category(null, 'Apparel');
    const tops = await category(root.id, 'Tops');
    const bottoms = await category(root.id, 'Bottoms');
    await staff.catalog.categories.move({ id: bottoms.id, parentId: root.id, position: 0 });
    const tree = await app.caller().shop.categories({ locale: 'zh-CN' });
    const node = tree.find((n) => n.id === root.id)!;
    expect(node.name).toBe('Apparel类');
    expect(node.children.map((c) => c.id)).toEqual([bottoms.id, tops.id]);
  });

  it('refuse a move under the category’s own child, and change nothing', async () => {
    const a = await category(null, 'A');
    const b = await category(a.id, 'B');
    const c = await category(b.id, 'C');
    const before = await auditCount();
    await expectReason(
      staff.catalog.categories.move({ id: a.id, parentId: c.id, position: 0 }),
      'BAD_REQUEST',
      'CATEGORY_CYCLE',
    );
    await expectReason(
      staff.catalog.categories.move({ id: a.id, parentId: a.id, position: 0 }),
      'BAD_REQUEST',
      'CATEGORY_CYCLE',
    );
    const [row] = await app.deps.db.select().from(categories).where(eq(categories.id, a.id));
    expect(row!.parentId).toBeNull();
    expect(await auditCount()).toBe(before);
  });

  it('refuse a duplicate brand slug and a duplicate barcode', async () => {
    const brand = await staff.catalog.brands.create({ name: 'Once', slug: unique('once') });
    await expectReason(
      staff.catalog.brands.create({ name: 'Twice', slug: brand.slug }),
      'CONFLICT',
      'SLUG_TAKEN',
    );
    const product = await tee((await category()).id);
    await staff.catalog.products.updateSkus({
      productId: product.id,
      skus: [{ id: product.skus[0]!.id, barcode: '4006381333932' }],
    });
    await expectReason(
      staff.catalog.products.updateSkus({
        productId: product.id,
        skus: [{ id: product.skus[1]!.id, barcode: '4006381333932' }],
      }),
      'CONFLICT',
      'BARCODE_TAKEN',
    );
  });

  it('refuse a duplicate slug and a missing English name', async () => {
    const a = await category(null, 'Slugged');
    await expectReason(
      staff.catalog.categories.create({ name: { en: 'Other' }, slug: a.slug, parentId: null }),
      'CONFLICT',
      'SLUG_TAKEN',
    );
    await expectReason(
      staff.catalog.categories.create({
        name: { 'zh-CN': '只有中文' } as never,
        slug: unique('x'),
        parentId: null,
      }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
  });

  it('cannot be archived while they hold active products; archived ones leave the shop', async () => {
    const cat = await category(null, 'Seasonal');
    const product = await tee(cat.id);
    await staff.catalog.products.updateSkus({
      productId: product.id,
      skus: [{ id: product.skus[0]!.id, basePrice: 1999 }],
    });
    await staff.catalog.products.setStatus({ id: product.id, status: 'active' });
    await expectReason(
      staff.catalog.categories.archive({ id: cat.id, archived: true }),
      'PRECONDITION_FAILED',
      'CATEGORY_NOT_EMPTY',
    );
    await staff.catalog.products.setStatus({ id: product.id, status: 'draft' });
    await staff.catalog.categories.archive({ id: cat.id, archived: true });
    expect((await app.caller().shop.categories()).some((n) => n.id === cat.id)).toBe(false);
    await expectReason(
      staff.catalog.categories.delete({ id: cat.id }),
      'PRECONDITION_FAILED',
      'CATEGORY_NOT_EMPTY',
    );
  });
});

describe('products and SKUs', () => {
  it('generate one SKU per option combination with readable codes', async () => {
    const product = await tee((await category()).id);
    expect(product.skus).toHaveLength(6);
    expect(new Set(product.skus.map((s) => s.optionValueIds.length))).toEqual(new Set([2]));
    expect(product.skus[0]!.code).toMatch(/-S-RED$/);
    expect(product.status).toBe('draft');

    const sizes = product.options[0]!;
    const grown = await staff.catalog.products.addOptionValues({
      productId: product.id,
      optionId: sizes.id,
      values: [{ code: 'L', label: { en: 'Large' } }],
    });
    expect(grown.skus).toHaveLength(9);
  });

  it('rename options and remove values with their SKUs, unless those SKUs have stock history', async () => {
    const product = await tee((await category()).id);
    const [size, colour] = product.options;
    const renamed = await staff.catalog.products.updateOption({
      productId: product.id,
      optionId: colour!.id,
      name: { en: 'Color', 'zh-CN': '颜色' },
      labels: { [colour!.values[0]!.id]: { en: 'Crimson' } },
    });
    expect(renamed.options[1]!.name.en).toBe('Color');
    expect(renamed.options[1]!.values[0]!.label.en).toBe('Crimson');

    const green = colour!.values[2]!;
    const smaller = await staff.catalog.products.removeOptionValue({
      productId: product.id,
      optionId: colour!.id,
      valueId: green.id,
    });
    expect(smaller.skus).toHaveLength(4);
    expect(smaller.skus.every((s) => !s.optionValueIds.includes(green.id))).toBe(true);

    const warehouse = await staff.inventory.createWarehouse({
      code: unique('WH').toUpperCase().slice(0, 20),
      name: 'W',
      country: 'CN',
      kind: 'own',
    });
    const small = size!.values[0]!;
    const skuWithSmall = smaller.skus.find((s) => s.optionValueIds.includes(small.id))!;
    await staff.inventory.adjust({
      skuId: skuWithSmall.id,
      warehouseId: warehouse.id,
      quantity: 2,
      reason: 'opening',
    });
    await expectReason(
      staff.catalog.products.removeOptionValue({
        productId: product.id,
        optionId: size!.id,
        valueId: small.id,
      }),
      'PRECONDITION_FAILED',
      'OPTION_IN_USE',
    );
    await staff.inventory.adjust({
      skuId: skuWithSmall.id,
      warehouseId: warehouse.id,
      quantity: -2,
      reason: 'lost',
    });
    const refused = await expectReason(
      staff.catalog.products.removeOptionValue({
        productId: product.id,
        optionId: size!.id,
        valueId: small.id,
      }),
      'PRECONDITION_FAILED',
      'OPTION_IN_USE',
    );
    expect(refused.message).toMatch(/stock history/);
    expect((await staff.catalog.products.get({ id: product.id })).skus).toHaveLength(4);
  });

  it('edit SKUs in bulk, all or nothing: a duplicate code or a bad price changes nothing', async () => {
    const a = await tee((await category()).id);
    const b = await tee((await category()).id);
    const [first, second] = a.skus;
    await staff.catalog.products.updateSkus({
      productId: a.id,
      skus: [
        { id: first!.id, basePrice: 2500, compareAtPrice: 3000, barcode: '4006381333931', weightGrams: 180 },
        { id: second!.id, basePrice: 2500, status: 'inactive' },
      ],
    });
    const before = await app.deps.db.select().from(skus).where(eq(skus.productId, a.id));

    await expectReason(
      staff.catalog.products.updateSkus({
        productId: a.id,
        skus: [
          { id: first!.id, basePrice: 2000 },
          { id: second!.id, code: b.skus[0]!.code.toLowerCase() },
        ],
      }),
      'CONFLICT',
      'SKU_CODE_TAKEN',
    );
    await expectReason(
      staff.catalog.products.updateSkus({ productId: a.id, skus: [{ id: first!.id, basePrice: -1 }] }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
    await expectReason(
      staff.catalog.products.updateSkus({ productId: a.id, skus: [{ id: first!.id, basePrice: 19.99 }] }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
    await expectReason(
      staff.catalog.products.updateSkus({ productId: a.id, skus: [{ id: first!.id, basePrice: 3500 }] }),
      'BAD_REQUEST',
      'PRICE_BELOW_COMPARE',
    );
    await expectReason(
      staff.catalog.products.updateSkus({ productId: a.id, skus: [{ id: b.skus[0]!.id, basePrice: 100 }] }),
      'NOT_FOUND',
      'NOT_FOUND',
    );
    expect(await app.deps.db.select().from(skus).where(eq(skus.productId, a.id))).toEqual(before);
  });

  it('publish only when sellable; the error says what is missing', async () => {
    const product = await tee((await category()).id);
    const refused = await expectReason(
      staff.catalog.products.setStatus({ id: product.id, status: 'active' }),
      'PRECONDITION_FAILED',
      'NOT_PUBLISHABLE',
    );
    expect(refused.message).toMatch(/a price on at least one active SKU/);
    await expectReason(app.caller().shop.product({ slug: product.slug }), 'NOT_FOUND', 'NOT_FOUND');

    await staff.catalog.products.updateSkus({
      productId: product.id,
      skus: [{ id: product.skus[0]!.id, basePrice: 1999 }],
    });
    const published = await staff.catalog.products.setStatus({ id: product.id, status: 'active' });
    expect(published.status).toBe('active');
    expect(published.publishedAt).toBeInstanceOf(Date);
    const page = await app.caller().shop.product({ slug: product.slug });
    expect(page.skus).toHaveLength(1); // only priced, active SKUs are for sale
  });

  it('needs catalog:publish to publish', async () => {
    const product = await tee((await category()).id);
    const warehouse = (await app.staff(['Warehouse'])).api;
    await expectReason(
      warehouse.catalog.products.setStatus({ id: product.id, status: 'active' }),
      'FORBIDDEN',
      'PERMISSION_DENIED',
    );
  });
});

describe('prices in the shopper’s currency', () => {
  it('convert with the stored rate and rounding rule, prefer overrides, and show staff the rate', async () => {
    const product = await tee((await category()).id);
    const [s1, s2] = product.skus;
    await staff.catalog.products.updateSkus({
      productId: product.id,
      skus: [
        { id: s1!.id, basePrice: 1999, compareAtPrice: 2999 },
        { id: s2!.id, basePrice: 1999, prices: { EUR: { price: 1750, compareAtPrice: null } } },
      ],
    });
    await staff.catalog.products.setStatus({ id: product.id, status: 'active' });

    const eur = await app.caller().shop.product({ slug: product.slug, currency: 'EUR', locale: 'zh-CN' });
    expect(eur.title).toBe('亚麻T恤');
    expect(eur.options[0]!.values.map((v) => v.label)).toEqual(['Small', '中号']); // falls back to English
    const converted = eur.skus.find((s) => s.id === s1!.id)!;
    expect(converted.price).toEqual({ amount: 1899, currency: 'EUR' }); // 19.99 × 0.92 = 18.39 → 18.99
    expect(converted.compareAtPrice).toEqual({ amount: 2799, currency: 'EUR' }); // 27.59 → 27.99
    expect(eur.skus.find((s) => s.id === s2!.id)!.price).toEqual({ amount: 1750, currency: 'EUR' });

    const jpy = await app.caller().shop.product({ slug: product.slug, currency: 'JPY' });
    expect(jpy.skus.find((s) => s.id === s1!.id)!.price).toEqual({ amount: 3020, currency: 'JPY' }); // 3018.49 → 3020

    const detail = await staff.catalog.products.get({ id: product.id });
    const quote = detail.skus.find((s) => s.id === s1!.id)!.prices.find((p) => p.currency === 'GBP')!;
    expect(quote).toMatchObject({ source: 'converted', rate: '0.79' });

    // A new rate re-prices converted prices at once.
    await staff.catalog.currencies.update({ code: 'EUR', rate: '0.95' });
    const after = await app.caller().shop.product({ slug: product.slug, currency: 'EUR' });
    expect(after.skus.find((s) => s.id === s1!.id)!.price).toEqual({ amount: 1899, currency: 'EUR' }); // 18.99 → 18.99
    await staff.catalog.currencies.update({ code: 'EUR', rate: '1.1' });
    const again = await app.caller().shop.product({ slug: product.slug, currency: 'EUR' });
    expect(again.skus.find((s) => s.id === s1!.id)!.price).toEqual({ amount: 2199, currency: 'EUR' }); // 21.989 → 21.99
  });

  it('refuses a bad rate or a change to the base currency', async () => {
    await expectReason(
      staff.catalog.currencies.update({ code: 'GBP', rate: '-1' }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
    await expectReason(
      staff.catalog.currencies.update({ code: 'GBP', rate: '0' }),
      'BAD_REQUEST',
      'INVALID_RATE',
    );
    await expectReason(
      staff.catalog.currencies.update({ code: 'USD', rate: '2' }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
  });
});

describe('bulk price change', () => {
  it('previews without changing, then applies to exactly the filtered set and is audited', async () => {
    const cat = await category();
    const product = await tee(cat.id);
    const other = await tee((await category()).id);
    const priced = product.skus.slice(0, 3).map((s) => ({ id: s.id, basePrice: 1000, compareAtPrice: 1050 }));
    await staff.catalog.products.updateSkus({ productId: product.id, skus: priced });
    await staff.catalog.products.updateSkus({
      productId: other.id,
      skus: [{ id: other.skus[0]!.id, basePrice: 1000 }],
    });

    const change = { kind: 'percent' as const, basisPoints: 1000 };
    const preview = await staff.catalog.products.previewPriceChange({
      filter: { categoryId: cat.id },
      change,
    });
    expect(preview).toMatchObject({ applied: false, count: 3, totalBefore: 3000, totalAfter: 3300 });
    expect(
      (await staff.catalog.products.get({ id: product.id })).skus.filter((s) => s.basePrice === 1000),
    ).toHaveLength(3);

    const applied = await staff.catalog.products.bulkPriceChange({
      filter: { categoryId: cat.id },
      change,
      apply: true,
    });
    expect(applied.count).toBe(3);
    const after = await staff.catalog.products.get({ id: product.id });
    const changed = after.skus.filter((s) => s.basePrice === 1100);
    expect(changed).toHaveLength(3);
    expect(changed.every((s) => s.compareAtPrice === null)).toBe(true); // 1050 is no longer above 1100
    expect((await staff.catalog.products.get({ id: other.id })).skus[0]!.basePrice).toBe(1000);

    await expectReason(
      staff.catalog.products.bulkPriceChange({ filter: {}, change, apply: true }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
  });
});

describe('reading the shop', () => {
  it('answers NOT_FOUND for unknown or unpublished slugs', async () => {
    await expectReason(app.caller().shop.product({ slug: 'no-such-thing' }), 'NOT_FOUND', 'NOT_FOUND');
    await expectReason(
      app.caller().shop.product({ slug: 'x'.repeat(10_000) }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
  });
});
