import { skuCosts, stockLevels, stockMovements } from '@crossdock/db/schema';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectReason } from './errors';
import { createTestApp, type TestApp } from './harness';
import { expectStockInvariants } from './stock-invariants';

let app: TestApp;
let admin: Awaited<ReturnType<TestApp['staff']>>['api'];
let warehouseId: string;
const sku = { mug: '', bowl: '', vase: '' };

beforeAll(async () => {
  app = await createTestApp();
  admin = (await app.staff(['Administrator'])).api;
  warehouseId = (
    await admin.inventory.createWarehouse({ code: 'CNT-1', name: 'Count', country: 'CN', kind: 'own' })
  ).id;
  const category = await admin.catalog.categories.create({
    name: { en: 'Pottery' },
    slug: 'pottery',
    parentId: null,
  });
  for (const [key, code, barcode] of [
    ['mug', 'MUG-CNT', '6901234567892'],
    ['bowl', 'BOWL-CNT', null],
    ['vase', 'VASE-CNT', null],
  ] as const) {
    const product = await admin.catalog.products.create({
      slug: code.toLowerCase(),
      title: { en: code },
      categoryId: category.id,
    });
    sku[key] = product.skus[0]!.id;
    await admin.catalog.products.updateSkus({
      productId: product.id,
      skus: [{ id: sku[key], code, basePrice: 2_000, ...(barcode ? { barcode } : {}) }],
    });
  }
  await admin.inventory.adjust({ skuId: sku.mug, warehouseId, quantity: 10, reason: 'opening' });
  await admin.inventory.adjust({ skuId: sku.bowl, warehouseId, quantity: 5, reason: 'opening' });
  await app.deps.db.update(skuCosts).set({ unitCost: 450 }).where(eq(skuCosts.skuId, sku.mug));
});

afterAll(async () => {
  await app?.cleanup();
});

const onHand = async (skuId: string) => {
  const [row] = await app.deps.db
    .select()
    .from(stockLevels)
    .where(and(eq(stockLevels.skuId, skuId), eq(stockLevels.warehouseId, warehouseId)));
  return row?.onHand ?? 0;
};

describe('a stock count', () => {
  it('freezes the books, takes blind entries by barcode or code, reviews the differences and posts them once', async () => {
    const count = await admin.inventory.counts.start({ warehouseId });
    expect(count).toMatchObject({
      status: 'counting',
      number: expect.stringMatching(/^SC-\d{4}-\d{6}$/),
      lines: 2,
      counted: 0,
    });
    // What counters see holds no expected quantity.
    expect(JSON.stringify(await admin.inventory.counts.get({ id: count.id }))).not.toContain('expected');

    // A scanner types the mug's barcode and Enter; the bowl is typed by its code in lower case.
    expect(
      await admin.inventory.counts.enter({ countId: count.id, code: '6901234567892', quantity: 8 }),
    ).toMatchObject({
      code: 'MUG-CNT',
      counted: 8,
    });
    await admin.inventory.counts.enter({ countId: count.id, code: 'bowl-cnt', quantity: 5 });
    // A vase nobody knew was here joins the count.
    await admin.inventory.counts.enter({ countId: count.id, code: 'VASE-CNT', quantity: 2 });
    await expectReason(
      admin.inventory.counts.enter({ countId: count.id, code: '0000000000000', quantity: 1 }),
      'BAD_REQUEST',
      'UNKNOWN_BARCODE',
    );
    await expectReason(
      admin.inventory.counts.enter({ countId: count.id, code: 'MUG-CNT', quantity: -1 }),
      'BAD_REQUEST',
    );
    await expectReason(
      admin.inventory.counts.enter({ countId: count.id, code: 'MUG-CNT', quantity: 1.5 }),
      'BAD_REQUEST',
    );

    // Stock moves while counting: three mugs come back from a customer.
    await admin.inventory.adjust({ skuId: sku.mug, warehouseId, quantity: 3, reason: 'returned' });

    const review = await admin.inventory.counts.review({ id: count.id });
    expect(review.summary).toEqual({ lines: 3, counted: 3, differing: 2, value: -900, unvalued: 1 });
    expect(review.differences.map((d) => [d.code, d.expected, d.counted, d.variance, d.value])).toEqual([
      ['MUG-CNT', 10, 8, -2, -900],
      ['VASE-CNT', 0, 2, 2, null],
    ]);

    const posted = await admin.inventory.counts.post({ id: count.id });
    expect(posted.status).toBe('posted');
    // Counted less expected: two mugs short of what the books held then; the returns stand.
    expect(await onHand(sku.mug)).toBe(11);
    expect(await onHand(sku.bowl)).toBe(5);
    expect(await onHand(sku.vase)).toBe(2);
    const corrections = await app.deps.db
      .select()
      .from(stockMovements)
      .where(and(eq(stockMovements.reason, 'count_correction'), eq(stockMovements.reference, count.number)));
    expect(corrections.map((m) => m.onHandDelta).sort()).toEqual([-2, 2]);

    // Posted is posted: not again, and nothing more entered.
    await expectReason(
      admin.inventory.counts.post({ id: count.id }),
      'PRECONDITION_FAILED',
      'COUNT_NOT_OPEN',
    );
    await expectReason(
      admin.inventory.counts.enter({ countId: count.id, code: 'MUG-CNT', quantity: 1 }),
      'PRECONDITION_FAILED',
      'COUNT_NOT_OPEN',
    );
  });

  it('posts once when two people post at once, and refuses an empty count', async () => {
    const count = await admin.inventory.counts.start({ warehouseId, skuIds: [sku.bowl] });
    await expectReason(admin.inventory.counts.post({ id: count.id }), 'PRECONDITION_FAILED', 'COUNT_EMPTY');
    await expectReason(
      admin.inventory.counts.enter({ countId: count.id, code: 'MUG-CNT', quantity: 1 }),
      'BAD_REQUEST',
      'NOT_IN_COUNT',
    );
    await admin.inventory.counts.enter({ countId: count.id, code: 'BOWL-CNT', quantity: 4 });
    const before = await onHand(sku.bowl);
    const results = await Promise.allSettled([
      admin.inventory.counts.post({ id: count.id }),
      admin.inventory.counts.post({ id: count.id }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await onHand(sku.bowl)).toBe(before - 1);
    await expectStockInvariants(app);
    // A cancelled count takes nothing more.
    const other = await admin.inventory.counts.start({ warehouseId });
    expect((await admin.inventory.counts.cancel({ id: other.id })).status).toBe('cancelled');
    await expectReason(
      admin.inventory.counts.post({ id: other.id }),
      'PRECONDITION_FAILED',
      'COUNT_NOT_OPEN',
    );
    expect((await admin.inventory.counts.list({ limit: 10 })).items.map((c) => c.status)).toEqual([
      'cancelled',
      'posted',
      'posted',
    ]);
  });
});
