import { skuCosts, stockLevels } from '@crossdock/db/schema';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectReason } from './errors';
import { createTestApp, type TestApp } from './harness';
import { expectStockInvariants } from './stock-invariants';

let app: TestApp;
let admin: Awaited<ReturnType<TestApp['staff']>>['api'];
const warehouse = { sz: '', la: '' };
const sku = { lamp: '', shade: '' };

beforeAll(async () => {
  app = await createTestApp();
  admin = (await app.staff(['Administrator'])).api;
  warehouse.sz = (
    await admin.inventory.createWarehouse({ code: 'SZ-T', name: 'Shenzhen', country: 'CN', kind: 'own' })
  ).id;
  warehouse.la = (
    await admin.inventory.createWarehouse({
      code: 'LA-T',
      name: 'Los Angeles',
      country: 'US',
      kind: 'overseas',
    })
  ).id;
  const category = await admin.catalog.categories.create({
    name: { en: 'Lamps' },
    slug: 'lamps',
    parentId: null,
  });
  for (const [key, code, grams] of [
    ['lamp', 'LAMP-TR', 3_000],
    ['shade', 'SHADE-TR', 1_000],
  ] as const) {
    const product = await admin.catalog.products.create({
      slug: code.toLowerCase(),
      title: { en: code },
      categoryId: category.id,
    });
    sku[key] = product.skus[0]!.id;
    await admin.catalog.products.updateSkus({
      productId: product.id,
      skus: [{ id: sku[key], code, basePrice: 9_000, weightGrams: grams }],
    });
    await admin.inventory.adjust({
      skuId: sku[key],
      warehouseId: warehouse.sz,
      quantity: 100,
      reason: 'opening',
    });
  }
  // What each cost: $20.00 a lamp, $5.00 a shade (as receipts would have left them).
  await app.deps.db.update(skuCosts).set({ unitCost: 2_000 }).where(eq(skuCosts.skuId, sku.lamp));
  await app.deps.db.update(skuCosts).set({ unitCost: 500 }).where(eq(skuCosts.skuId, sku.shade));
});

afterAll(async () => {
  await app?.cleanup();
});

const onHand = async (skuId: string, warehouseId: string) => {
  const [row] = await app.deps.db
    .select()
    .from(stockLevels)
    .where(and(eq(stockLevels.skuId, skuId), eq(stockLevels.warehouseId, warehouseId)));
  return row?.onHand ?? 0;
};
const averageOf = async (skuId: string) =>
  (await app.deps.db.select().from(skuCosts).where(eq(skuCosts.skuId, skuId)))[0]!.unitCost;

describe('a transfer', () => {
  it('ships stock out of the source, keeps it in transit, and lands it at its cost plus its share of the head-haul', async () => {
    const transfer = await admin.inventory.transfers.create({
      fromWarehouseId: warehouse.sz,
      toWarehouseId: warehouse.la,
      lines: [
        { skuId: sku.lamp, quantity: 10 },
        { skuId: sku.shade, quantity: 20 },
      ],
      // $500.00 of sea freight and duties, by weight: 30 kg of lamps, 20 kg of shades.
      freight: 40_000,
      duties: 10_000,
      basis: 'weight',
    });
    expect(transfer).toMatchObject({ status: 'draft', number: expect.stringMatching(/^TR-\d{4}-\d{6}$/) });
    const shipped = await admin.inventory.transfers.ship({ id: transfer.id });
    expect(shipped.status).toBe('in_transit');
    expect(await onHand(sku.lamp, warehouse.sz)).toBe(90);
    const lamp = shipped.lines.find((l) => l.skuId === sku.lamp)!;
    // 30 of 50 kg carries $300.00 of the $500.00: $30.00 a lamp; 20 kg carries $200.00: $10.00 a shade.
    expect(lamp).toMatchObject({ shipped: 10, unitCost: 2_000, landedPerUnit: 3_000, inTransit: 10 });
    expect(shipped.lines.find((l) => l.skuId === sku.shade)).toMatchObject({
      unitCost: 500,
      landedPerUnit: 1_000,
    });

    // Six lamps come first; the rest of the lamps and all the shades, one lamp broken, later.
    const first = await admin.inventory.transfers.receive({
      transferId: transfer.id,
      lines: [{ lineId: lamp.id, received: 6 }],
    });
    expect(first.status).toBe('partially_received');
    expect(await onHand(sku.lamp, warehouse.la)).toBe(6);
    // 90 lamps at $20.00 and 6 landed at $50.00: $21.875 on average.
    expect(await averageOf(sku.lamp)).toBe(2_187.5);
    const shade = shipped.lines.find((l) => l.skuId === sku.shade)!;
    const done = await admin.inventory.transfers.receive({
      transferId: transfer.id,
      lines: [
        { lineId: lamp.id, received: 3, missing: 1, note: 'Crushed in the container' },
        { lineId: shade.id, received: 20 },
      ],
    });
    expect(done.status).toBe('received');
    expect(done.lines.find((l) => l.skuId === sku.lamp)).toMatchObject({
      received: 9,
      missing: 1,
      discrepancyNote: 'Crushed in the container',
      inTransit: 0,
    });
    expect(await onHand(sku.lamp, warehouse.la)).toBe(9);
    await expectReason(
      admin.inventory.transfers.receive({
        transferId: transfer.id,
        lines: [{ lineId: lamp.id, received: 1 }],
      }),
      'PRECONDITION_FAILED',
      'TRANSFER_TRANSITION_NOT_ALLOWED',
    );
  });

  it('refuses a transfer to the same warehouse, more than is on its way, more than is free to send, and cancels only a draft', async () => {
    await expectReason(
      admin.inventory.transfers.create({
        fromWarehouseId: warehouse.sz,
        toWarehouseId: warehouse.sz,
        lines: [{ skuId: sku.lamp, quantity: 1 }],
      }),
      'BAD_REQUEST',
    );
    const tooMany = await admin.inventory.transfers.create({
      fromWarehouseId: warehouse.sz,
      toWarehouseId: warehouse.la,
      lines: [{ skuId: sku.shade, quantity: 10_000 }],
    });
    const before = await onHand(sku.shade, warehouse.sz);
    await expectReason(
      admin.inventory.transfers.ship({ id: tooMany.id }),
      'PRECONDITION_FAILED',
      'INSUFFICIENT_STOCK',
    );
    expect(await onHand(sku.shade, warehouse.sz)).toBe(before);
    expect((await admin.inventory.transfers.cancel({ id: tooMany.id })).status).toBe('cancelled');

    const transfer = await admin.inventory.transfers.create({
      fromWarehouseId: warehouse.sz,
      toWarehouseId: warehouse.la,
      lines: [{ skuId: sku.shade, quantity: 5 }],
    });
    await expectReason(
      admin.inventory.transfers.receive({
        transferId: transfer.id,
        lines: [{ lineId: crypto.randomUUID(), received: 1 }],
      }),
      'PRECONDITION_FAILED',
      'TRANSFER_TRANSITION_NOT_ALLOWED',
    );
    const shipped = await admin.inventory.transfers.ship({ id: transfer.id });
    await expectReason(
      admin.inventory.transfers.cancel({ id: transfer.id }),
      'PRECONDITION_FAILED',
      'TRANSFER_TRANSITION_NOT_ALLOWED',
    );
    await expectReason(
      admin.inventory.transfers.receive({
        transferId: transfer.id,
        lines: [{ lineId: shipped.lines[0]!.id, received: 6 }],
      }),
      'BAD_REQUEST',
      'TRANSFER_OVER_RECEIPT',
    );
    await expectReason(
      admin.inventory.transfers.receive({
        transferId: transfer.id,
        lines: [{ lineId: crypto.randomUUID(), received: 1 }],
      }),
      'BAD_REQUEST',
      'UNKNOWN_TRANSFER_LINE',
    );
    expect((await admin.inventory.transfers.get({ id: transfer.id })).lines[0]!.inTransit).toBe(5);

    // Two deliveries of the whole line at once: one lands, the other finds nothing left on its way.
    const line = shipped.lines[0]!.id;
    const landedBefore = await onHand(sku.shade, warehouse.la);
    const results = await Promise.allSettled([
      admin.inventory.transfers.receive({ transferId: transfer.id, lines: [{ lineId: line, received: 5 }] }),
      admin.inventory.transfers.receive({ transferId: transfer.id, lines: [{ lineId: line, received: 5 }] }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await onHand(sku.shade, warehouse.la)).toBe(landedBefore + 5);
    await expectStockInvariants(app);
  });

  it('shows every SKU in every warehouse: on hand, reserved, available, coming on purchase orders and in transit', async () => {
    const supplier = await admin.purchasing.suppliers.create({
      code: 'OV-1',
      name: 'Overview Co',
      country: 'CN',
      currency: 'CNY',
    });
    const po = await admin.purchasing.orders.create({
      supplierId: supplier.id,
      warehouseId: warehouse.la,
      lines: [{ skuId: sku.lamp, quantity: 40, unitPrice: 10_000 }],
    });
    await admin.purchasing.orders.act({ id: po.id, action: 'approve' });
    await admin.purchasing.orders.act({ id: po.id, action: 'send' });
    await admin.purchasing.orders.receive({
      purchaseOrderId: po.id,
      lines: [{ lineId: po.lines[0]!.id, quantity: 15 }],
    });
    const transfer = await admin.inventory.transfers.create({
      fromWarehouseId: warehouse.sz,
      toWarehouseId: warehouse.la,
      lines: [{ skuId: sku.lamp, quantity: 7 }],
    });
    await admin.inventory.transfers.ship({ id: transfer.id });
    const view = await admin.stock.overview({ search: 'LAMP-TR' });
    expect(view.items.map((i) => i.code)).toEqual(['LAMP-TR']);
    const [lamp] = view.items;
    const la = lamp!.warehouses.find((w) => w.warehouse.code === 'LA-T')!;
    const sz = lamp!.warehouses.find((w) => w.warehouse.code === 'SZ-T')!;
    expect(la).toMatchObject({ incoming: 25, inTransit: 7, onHand: await onHand(sku.lamp, warehouse.la) });
    expect(sz).toMatchObject({ onHand: await onHand(sku.lamp, warehouse.sz), incoming: 0, inTransit: 0 });
    expect(lamp!.total).toEqual({
      onHand: la.onHand + sz.onHand,
      reserved: la.reserved + sz.reserved,
      available: la.available + sz.available,
      incoming: 25,
      inTransit: 7,
    });
    // One warehouse only; the SKUs its supplier sells; none out of stock here.
    const inLa = await admin.stock.overview({ warehouseId: warehouse.la, supplierId: supplier.id });
    expect(inLa.items.map((i) => [i.code, i.warehouses.map((w) => w.warehouse.code)])).toEqual([
      ['LAMP-TR', ['LA-T']],
    ]);
    expect((await admin.stock.overview({ search: 'TR', state: 'out' })).items).toEqual([]);
    // A page at a time, by code.
    const first = await admin.stock.overview({ search: '-TR', limit: 1 });
    expect(first.items.map((i) => i.code)).toEqual(['LAMP-TR']);
    const second = await admin.stock.overview({ search: '-TR', limit: 1, cursor: first.nextCursor! });
    expect(second.items.map((i) => i.code)).toEqual(['SHADE-TR']);
    expect(second.nextCursor).toBeNull();
  });
});
