import { skuCosts, stockLevels, stockMovements } from '@crossdock/db/schema';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectReason } from './errors';
import { createTestApp, type TestApp } from './harness';
import { expectStockInvariants } from './stock-invariants';

let app: TestApp;
let admin: Awaited<ReturnType<TestApp['staff']>>['api'];
let warehouseId: string;
const sku = { kettle: '', cup: '' };

beforeAll(async () => {
  app = await createTestApp();
  admin = (await app.staff(['Administrator'])).api;
  warehouseId = (
    await admin.inventory.createWarehouse({ code: 'NJ-1', name: 'New Jersey', country: 'US', kind: 'own' })
  ).id;
  const category = await admin.catalog.categories.create({
    name: { en: 'Kitchen' },
    slug: 'kitchen',
    parentId: null,
  });
  for (const [key, code] of [
    ['kettle', 'KETTLE-CAST'],
    ['cup', 'CUP-CELADON'],
  ] as const) {
    const product = await admin.catalog.products.create({
      slug: code.toLowerCase(),
      title: { en: code },
      categoryId: category.id,
    });
    sku[key] = product.skus[0]!.id;
    await admin.catalog.products.updateSkus({
      productId: product.id,
      skus: [{ id: sku[key], code, basePrice: 6_000, weightGrams: 1_200 }],
    });
  }
});

afterAll(async () => {
  await app?.cleanup();
});

const supplierInput = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  name: `Jingdezhen ${code}`,
  country: 'CN',
  currency: 'CNY',
  leadTimeDays: 30,
  ...extra,
});

const level = async (skuId: string) => {
  const [row] = await app.deps.db
    .select()
    .from(stockLevels)
    .where(and(eq(stockLevels.skuId, skuId), eq(stockLevels.warehouseId, warehouseId)));
  return row?.onHand ?? 0;
};
const costOf = async (skuId: string) => {
  const [row] = await app.deps.db.select().from(skuCosts).where(eq(skuCosts.skuId, skuId));
  return row ?? null;
};

describe('suppliers', () => {
  it('keeps a supplier with its terms, refuses a code twice and a currency the store has no rate for', async () => {
    const made = await admin.purchasing.suppliers.create(supplierInput('JDZ-1', { minimumOrder: 100_000 }));
    expect(made).toMatchObject({ code: 'JDZ-1', currency: 'CNY', paymentTermsDays: 30, leadTimeDays: 30 });
    await expectReason(
      admin.purchasing.suppliers.create(supplierInput('JDZ-1')),
      'CONFLICT',
      'SUPPLIER_CODE_TAKEN',
    );
    await expectReason(
      admin.purchasing.suppliers.create(supplierInput('THB-1', { currency: 'THB' })),
      'BAD_REQUEST',
      'SUPPLIER_CURRENCY_NO_RATE',
    );
    const found = await admin.purchasing.suppliers.list({ limit: 10, search: 'jdz' });
    expect(found.items.map((s) => s.code)).toEqual(['JDZ-1']);
  });

  it('keeps price breaks per SKU, replacing them whole', async () => {
    const supplier = await admin.purchasing.suppliers.create(supplierInput('JDZ-2'));
    await admin.purchasing.suppliers.setPrices({
      supplierId: supplier.id,
      skuId: sku.kettle,
      supplierSku: 'TK-09',
      breaks: [
        { minQuantity: 1, unitPrice: 18_000 },
        { minQuantity: 50, unitPrice: 16_200 },
      ],
    });
    const got = await admin.purchasing.suppliers.get({ id: supplier.id });
    expect(got.prices).toEqual([
      {
        skuId: sku.kettle,
        skuCode: 'KETTLE-CAST',
        supplierSku: 'TK-09',
        breaks: [
          { minQuantity: 1, unitPrice: 18_000 },
          { minQuantity: 50, unitPrice: 16_200 },
        ],
      },
    ]);
  });
});

describe('purchase orders', () => {
  it('prices each line at the supplier’s break for its quantity, and refuses a line it has no price for', async () => {
    const supplier = await admin.purchasing.suppliers.create(supplierInput('JDZ-3'));
    await admin.purchasing.suppliers.setPrices({
      supplierId: supplier.id,
      skuId: sku.kettle,
      supplierSku: null,
      breaks: [
        { minQuantity: 1, unitPrice: 18_000 },
        { minQuantity: 50, unitPrice: 16_200 },
      ],
    });
    const po = await admin.purchasing.orders.create({
      supplierId: supplier.id,
      warehouseId,
      lines: [{ skuId: sku.kettle, quantity: 60 }],
      freight: 36_000,
    });
    expect(po).toMatchObject({
      status: 'draft',
      currency: 'CNY',
      number: expect.stringMatching(/^PO-\d{4}-\d{6}$/),
      totals: { goods: 972_000, freight: 36_000, duties: 0, total: 1_008_000 },
    });
    expect(po.lines[0]).toMatchObject({ unitPrice: 16_200, landedPerUnit: 600 });
    await expectReason(
      admin.purchasing.orders.create({
        supplierId: supplier.id,
        warehouseId,
        lines: [{ skuId: sku.cup, quantity: 5 }],
      }),
      'BAD_REQUEST',
      'PO_NO_PRICE',
    );
    // Edited while a draft; not once approved.
    const edited = await admin.purchasing.orders.update({
      id: po.id,
      warehouseId,
      lines: [
        { skuId: sku.kettle, quantity: 10 },
        { skuId: sku.cup, quantity: 20, unitPrice: 2_500 },
      ],
    });
    expect(edited.totals).toMatchObject({ goods: 230_000, freight: 0 });
    await admin.purchasing.orders.act({ id: po.id, action: 'approve' });
    await expectReason(
      admin.purchasing.orders.update({
        id: po.id,
        warehouseId,
        lines: [{ skuId: sku.cup, quantity: 1, unitPrice: 1 }],
      }),
      'PRECONDITION_FAILED',
      'PO_NOT_DRAFT',
    );
  });

  it('needs someone who may approve above the limit, and holds the supplier’s minimum order', async () => {
    const buyer = (await app.staff(['Operations'])).api;
    const approver = (await app.staff(['Finance'])).api;
    const supplier = await admin.purchasing.suppliers.create(
      supplierInput('JDZ-4', { minimumOrder: 50_000 }),
    );
    const order = (quantity: number) =>
      buyer.purchasing.orders.create({
        supplierId: supplier.id,
        warehouseId,
        lines: [{ skuId: sku.cup, quantity, unitPrice: 3_600 }],
      });
    // ¥36.00 × 10 = ¥360.00: below the supplier's ¥500 minimum.
    const small = await order(10);
    await expectReason(
      buyer.purchasing.orders.act({ id: small.id, action: 'approve' }),
      'PRECONDITION_FAILED',
      'PO_BELOW_MINIMUM',
    );
    // ¥36,000.00 = $5,000.00: at the $5,000 limit, the buyer approves it.
    const atLimit = await order(1_000);
    expect((await buyer.purchasing.orders.act({ id: atLimit.id, action: 'approve' })).status).toBe(
      'approved',
    );
    const above = await order(1_001);
    await expectReason(
      buyer.purchasing.orders.act({ id: above.id, action: 'approve' }),
      'FORBIDDEN',
      'PO_NEEDS_APPROVER',
    );
    const approved = await approver.purchasing.orders.approve({ id: above.id });
    expect(approved).toMatchObject({ status: 'approved', rate: '7.2000000000' });
    expect(approved.approvedAt).toBeInstanceOf(Date);
    // Nor is what is not approved sent.
    await expectReason(
      buyer.purchasing.orders.act({ id: small.id, action: 'send' }),
      'PRECONDITION_FAILED',
      'PO_TRANSITION_NOT_ALLOWED',
    );
  });
});

describe('receiving', () => {
  async function sentOrder(
    lines: { skuId: string; quantity: number; unitPrice: number }[],
    charges = { freight: 0, duties: 0 },
  ) {
    const supplier = await admin.purchasing.suppliers.create(
      supplierInput(`R-${Math.random().toString(36).slice(2, 8).toUpperCase()}`),
    );
    const po = await admin.purchasing.orders.create({
      supplierId: supplier.id,
      warehouseId,
      lines,
      ...charges,
    });
    await admin.purchasing.orders.act({ id: po.id, action: 'approve' });
    return admin.purchasing.orders.act({ id: po.id, action: 'send' });
  }

  it('takes a delivery in: stock up, the line counted, the cost re-averaged at its landed cost in dollars', async () => {
    // ¥72.00 a kettle plus ¥7.20 of freight and duties each = ¥79.20 = $11.00 landed.
    const po = await sentOrder([{ skuId: sku.kettle, quantity: 100, unitPrice: 7_200 }], {
      freight: 50_000,
      duties: 22_000,
    });
    const before = await level(sku.kettle);
    const line = po.lines[0]!;
    const { receipt, order } = await admin.purchasing.orders.receive({
      purchaseOrderId: po.id,
      lines: [{ lineId: line.id, quantity: 40 }],
      note: 'first pallet',
    });
    expect(receipt.number).toMatch(/^GRN-\d{4}-\d{6}$/);
    expect(order.status).toBe('partially_received');
    expect(order.lines[0]!.received).toBe(40);
    expect(await level(sku.kettle)).toBe(before + 40);
    expect(await costOf(sku.kettle)).toMatchObject({ quantity: before + 40, unitCost: 1_100 });
    const [movement] = await app.deps.db
      .select()
      .from(stockMovements)
      .where(and(eq(stockMovements.skuId, sku.kettle), eq(stockMovements.reason, 'received')));
    expect(movement).toMatchObject({
      onHandDelta: 40,
      unitCost: 1_100,
      reference: `${po.number} ${receipt.number}`,
    });

    // A second delivery at a dearer rate of its own order re-averages by quantity.
    const dearer = await sentOrder([{ skuId: sku.kettle, quantity: 60, unitPrice: 10_800 }]);
    await admin.purchasing.orders.receive({
      purchaseOrderId: dearer.id,
      lines: [{ lineId: dearer.lines[0]!.id, quantity: 60 }],
    });
    // (40 × $11.00 + 60 × $15.00) / 100 = $13.40.
    expect((await costOf(sku.kettle))!.unitCost).toBe(1_340);

    // The rest of the first order, then it is closed.
    const done = await admin.purchasing.orders.receive({
      purchaseOrderId: po.id,
      lines: [{ lineId: line.id, quantity: 60 }],
    });
    expect(done.order.status).toBe('received');
    expect((await admin.purchasing.orders.act({ id: po.id, action: 'close' })).status).toBe('closed');
    await expectReason(
      admin.purchasing.orders.receive({ purchaseOrderId: po.id, lines: [{ lineId: line.id, quantity: 1 }] }),
      'PRECONDITION_FAILED',
      'PO_NOT_RECEIVABLE',
    );
  });

  it('refuses more than ordered beyond the tolerance, a line of another order, and a draft; nothing changes', async () => {
    const po = await sentOrder([{ skuId: sku.cup, quantity: 20, unitPrice: 2_000 }]);
    const other = await sentOrder([{ skuId: sku.cup, quantity: 5, unitPrice: 2_000 }]);
    const before = { level: await level(sku.cup), cost: await costOf(sku.cup) };
    // 5 % of 20 is one more at most.
    await expectReason(
      admin.purchasing.orders.receive({
        purchaseOrderId: po.id,
        lines: [{ lineId: po.lines[0]!.id, quantity: 22 }],
      }),
      'BAD_REQUEST',
      'OVER_RECEIPT',
    );
    await expectReason(
      admin.purchasing.orders.receive({
        purchaseOrderId: po.id,
        lines: [{ lineId: other.lines[0]!.id, quantity: 1 }],
      }),
      'BAD_REQUEST',
      'UNKNOWN_PO_LINE',
    );
    expect(await level(sku.cup)).toBe(before.level);
    expect(await costOf(sku.cup)).toEqual(before.cost);
    expect((await admin.purchasing.orders.get({ id: po.id })).receipts).toEqual([]);
    // Within the tolerance it is taken.
    const taken = await admin.purchasing.orders.receive({
      purchaseOrderId: po.id,
      lines: [{ lineId: po.lines[0]!.id, quantity: 21 }],
    });
    expect(taken.order.status).toBe('received');
    const supplier = await admin.purchasing.suppliers.create(supplierInput('DRAFT-1'));
    const draft = await admin.purchasing.orders.create({
      supplierId: supplier.id,
      warehouseId,
      lines: [{ skuId: sku.cup, quantity: 1, unitPrice: 1 }],
    });
    await expectReason(
      admin.purchasing.orders.receive({
        purchaseOrderId: draft.id,
        lines: [{ lineId: draft.lines[0]!.id, quantity: 1 }],
      }),
      'PRECONDITION_FAILED',
      'PO_NOT_RECEIVABLE',
    );
    // A partly received order is closed short, not cancelled.
    const partial = await sentOrder([{ skuId: sku.cup, quantity: 10, unitPrice: 2_000 }]);
    await admin.purchasing.orders.receive({
      purchaseOrderId: partial.id,
      lines: [{ lineId: partial.lines[0]!.id, quantity: 4 }],
    });
    await expectReason(
      admin.purchasing.orders.act({ id: partial.id, action: 'cancel' }),
      'PRECONDITION_FAILED',
      'PO_TRANSITION_NOT_ALLOWED',
    );
  });

  it('counts two deliveries of one line at once one after the other: the second finds the first', async () => {
    const po = await sentOrder([{ skuId: sku.cup, quantity: 10, unitPrice: 2_000 }]);
    const lineId = po.lines[0]!.id;
    const before = await level(sku.cup);
    const results = await Promise.allSettled([
      admin.purchasing.orders.receive({ purchaseOrderId: po.id, lines: [{ lineId, quantity: 8 }] }),
      admin.purchasing.orders.receive({ purchaseOrderId: po.id, lines: [{ lineId, quantity: 8 }] }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await level(sku.cup)).toBe(before + 8);
    expect((await admin.purchasing.orders.get({ id: po.id })).lines[0]!.received).toBe(8);
    // The ledger explains every level, and the costed quantity is what is on hand.
    await expectStockInvariants(app);
  });

  it('keeps a supplier with purchase orders, and deletes one without', async () => {
    const [used] = (await admin.purchasing.orders.list({ limit: 1 })).items;
    await expectReason(
      admin.purchasing.suppliers.delete({ id: used!.supplierId }),
      'CONFLICT',
      'SUPPLIER_HAS_ORDERS',
    );
    const unused = await admin.purchasing.suppliers.create(supplierInput('GONE-1'));
    await admin.purchasing.suppliers.delete({ id: unused.id });
    await expectReason(admin.purchasing.suppliers.get({ id: unused.id }), 'NOT_FOUND', 'UNKNOWN_SUPPLIER');
  });
});
