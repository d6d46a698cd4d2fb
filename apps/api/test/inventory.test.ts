// Stock: adjustments with a reason, never below zero or below what is reserved, every change in
// the ledger; the shop shows availability and filters by it.

import { stockLevels, stockMovements } from '@crossdock/db/schema';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectReason } from './errors';
import { createTestApp, type TestApp } from './harness';

let app: TestApp;
let staff: Awaited<ReturnType<TestApp['staff']>>['api'];
let skuIds: string[];
let warehouseId: string;
let overseasId: string;

beforeAll(async () => {
  app = await createTestApp();
  staff = (await app.staff(['Administrator'])).api;
  const category = await staff.catalog.categories.create({
    name: { en: 'Bags' },
    slug: 'bags',
    parentId: null,
  });
  const product = await staff.catalog.products.create({
    slug: 'tote',
    title: { en: 'Canvas tote' },
    categoryId: category.id,
    skuPrefix: 'TOTE',
    options: [
      { name: { en: 'Colour' }, values: ['sand', 'ink'].map((c) => ({ code: c, label: { en: c } })) },
    ],
  });
  skuIds = product.skus.map((s) => s.id);
  await staff.catalog.products.updateSkus({
    productId: product.id,
    skus: skuIds.map((id) => ({ id, basePrice: 2500 })),
  });
  await staff.catalog.products.setStatus({ id: product.id, status: 'active' });
  warehouseId = (
    await staff.inventory.createWarehouse({ code: 'SZX-1', name: 'Shenzhen', country: 'CN', kind: 'own' })
  ).id;
  overseasId = (
    await staff.inventory.createWarehouse({
      code: 'LAX-3PL',
      name: 'Los Angeles 3PL',
      country: 'US',
      kind: 'overseas',
    })
  ).id;
});
afterAll(async () => {
  await app?.cleanup();
});

describe('stock adjustments', () => {
  it('set opening stock and adjust with a reason; every change is in the ledger', async () => {
    await staff.inventory.adjust({ skuId: skuIds[0]!, warehouseId, quantity: 10, reason: 'opening' });
    await staff.inventory.adjust({
      skuId: skuIds[0]!,
      warehouseId: overseasId,
      quantity: 4,
      reason: 'opening',
    });
    await staff.inventory.adjust({
      skuId: skuIds[0]!,
      warehouseId,
      quantity: -3,
      reason: 'damaged',
      note: 'water damage',
    });
    const levels = await staff.inventory.stock({ skuId: skuIds[0]! });
    expect(levels.map((l) => [l.code, l.onHand])).toEqual([
      ['LAX-3PL', 4],
      ['SZX-1', 7],
    ]);
    const ledger = await staff.inventory.movements({ skuId: skuIds[0]! });
    expect(ledger.items.map((m) => [m.reason, m.onHandDelta])).toEqual([
      ['damaged', -3],
      ['opening', 4],
      ['opening', 10],
    ]);
  });

  it('never takes stock below zero, and changes nothing when refused', async () => {
    await expectReason(
      staff.inventory.adjust({ skuId: skuIds[1]!, warehouseId, quantity: -1, reason: 'lost' }),
      'PRECONDITION_FAILED',
      'INSUFFICIENT_STOCK',
    );
    await expectReason(
      staff.inventory.adjust({ skuId: skuIds[1]!, warehouseId, quantity: 0, reason: 'lost' }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
    expect(
      await app.deps.db.select().from(stockMovements).where(eq(stockMovements.skuId, skuIds[1]!)),
    ).toEqual([]);
  });

  it('concurrent removals cannot oversell: exactly the available units go', async () => {
    await staff.inventory.adjust({ skuId: skuIds[1]!, warehouseId, quantity: 5, reason: 'opening' });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        staff.inventory.adjust({ skuId: skuIds[1]!, warehouseId, quantity: -1, reason: 'lost' }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const [level] = await app.deps.db.select().from(stockLevels).where(eq(stockLevels.skuId, skuIds[1]!));
    expect(level!.onHand).toBe(0);
  });

  it('levels always equal the sum of the ledger', async () => {
    const mismatches = await app.deps.db.execute(sql`
      select l.sku_id from stock_levels l
      left join (select sku_id, warehouse_id, sum(on_hand_delta) as on_hand, sum(reserved_delta) as reserved
                 from stock_movements group by 1, 2) m
        on m.sku_id = l.sku_id and m.warehouse_id = l.warehouse_id
      where l.on_hand <> coalesce(m.on_hand, 0) or l.reserved <> coalesce(m.reserved, 0)`);
    expect(Array.isArray(mismatches) ? mismatches : (mismatches as { rows: unknown[] }).rows).toEqual([]);
  });

  it('refuses a second warehouse with the same code', async () => {
    await expectReason(
      staff.inventory.createWarehouse({ code: 'SZX-1', name: 'Again', country: 'CN', kind: 'own' }),
      'CONFLICT',
      'WAREHOUSE_CODE_TAKEN',
    );
  });

  it('needs inventory:write', async () => {
    const analyst = (await app.staff(['Read-only analyst'])).api;
    await expectReason(
      analyst.inventory.adjust({ skuId: skuIds[0]!, warehouseId, quantity: 1, reason: 'found' }),
      'FORBIDDEN',
      'PERMISSION_DENIED',
    );
  });
});

describe('availability in the shop', () => {
  it('shows in stock, low and out per SKU, and filters listings to what can be bought', async () => {
    const page = await app.caller().shop.product({ slug: 'tote' });
    expect(page.skus.map((s) => s.availability)).toEqual(['in_stock', 'out']); // 11 across warehouses; 0
    await staff.inventory.adjust({
      skuId: skuIds[0]!,
      warehouseId,
      quantity: -7,
      reason: 'count_correction',
    });
    expect((await app.caller().shop.product({ slug: 'tote' })).skus[0]!.availability).toBe('low'); // 4 left

    expect((await app.caller().shop.products({ inStock: true })).items.map((i) => i.slug)).toEqual(['tote']);
    await staff.inventory.adjust({
      skuId: skuIds[0]!,
      warehouseId: overseasId,
      quantity: -4,
      reason: 'lost',
    });
    expect((await app.caller().shop.products({ inStock: true })).items).toEqual([]);
    const facets = await app.caller().shop.facets({});
    expect(facets).toMatchObject({ total: 1, inStock: 0 });
  });
});
