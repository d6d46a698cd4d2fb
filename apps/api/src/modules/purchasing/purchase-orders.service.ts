// Purchase orders: made as drafts in the supplier's currency (each line at the supplier's price
// for its quantity unless staff name one), approved (above the store's limit only by someone who
// may approve; the rate of the day and each unit's share of freight and duties are frozen then),
// sent, received in one or more deliveries, closed or cancelled. A delivery (goods received note)
// is one transaction: the lines' received counts, the stock in the PO's warehouse and each SKU's
// moving average cost at its landed cost, checked against the over-receipt tolerance.
import { type Executor, resultRows } from '@crossdock/db/client';
import {
  currencies,
  goodsReceiptLines,
  goodsReceipts,
  purchaseOrderLines,
  purchaseOrders,
  skus,
  supplierPrices,
  suppliers,
  warehouses,
} from '@crossdock/db/schema';
import { costInBase, landedCosts } from '@crossdock/domain/costing';
import { DomainError } from '@crossdock/domain/errors';
import { type CurrencyCode, minorUnitDigits } from '@crossdock/domain/money';
import {
  type CreatePurchaseOrderInput,
  needsApproval,
  nextPurchaseOrderStatus,
  type PurchaseOrderAction,
  type PurchaseOrderStatus,
  purchaseOrderTotals,
  purchasingNumber,
  type ReceiveGoodsInput,
  receivableQuantity,
  receivableStatuses,
  statusAfterReceipt,
  supplierPriceFor,
} from '@crossdock/domain/purchasing';
import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { afterCursor, toPage } from '../../infra/cursor';
import { recordEvents } from '../../infra/outbox';
import { type Actor, writeAudit } from '../identity/audit';
import { changeStock } from '../inventory/inventory.service';
import { getStoreSettings } from '../settings/settings.service';
import { findSupplier } from './suppliers.service';

type OrderRow = typeof purchaseOrders.$inferSelect;
type LineRow = typeof purchaseOrderLines.$inferSelect;

/** The next value of a purchasing document's sequence. */
async function nextNumber(tx: Executor, sequence: 'purchase_order_number_seq' | 'goods_receipt_number_seq') {
  const [row] = resultRows<{ seq: string }>(await tx.execute(sql`select nextval(${sequence})::text as seq`));
  return Number(row!.seq);
}

/** The store's base currency and the rate of `code` now (units of it per one base unit). */
async function rateOf(tx: Executor, code: string) {
  // The currency and the base one, in one read.
  const rows = await tx
    .select()
    .from(currencies)
    .where(or(eq(currencies.code, code), eq(currencies.isBase, true)));
  const found = rows.find((r) => r.code === code);
  if (!found) {
    throw new DomainError('SUPPLIER_CURRENCY_NO_RATE', `The store holds no rate for ${code}`, {
      field: 'currency',
    });
  }
  return { rate: found.rate, base: rows.find((r) => r.isBase)!.code };
}

/** Each line at its price: the one staff named, else the supplier's for the quantity (PO_NO_PRICE without). */
async function pricedLines(tx: Executor, supplierId: string, lines: CreatePurchaseOrderInput['lines']) {
  const skuIds = lines.map((l) => l.skuId);
  const known = await tx.select({ id: skus.id }).from(skus).where(inArray(skus.id, skuIds));
  if (known.length !== new Set(skuIds).size)
    throw new DomainError('UNKNOWN_SKU', 'One of these SKUs does not exist');
  const breaks = await tx
    .select()
    .from(supplierPrices)
    .where(and(eq(supplierPrices.supplierId, supplierId), inArray(supplierPrices.skuId, skuIds)));
  return lines.map((line, position) => {
    const unitPrice =
      line.unitPrice ??
      supplierPriceFor(
        breaks.filter((b) => b.skuId === line.skuId),
        line.quantity,
      );
    if (unitPrice === null) {
      throw new DomainError(
        'PO_NO_PRICE',
        'The supplier has no price for this SKU at this quantity: enter one',
        {
          field: `lines.${position}.unitPrice`,
          skuId: line.skuId,
        },
      );
    }
    return { skuId: line.skuId, quantity: line.quantity, unitPrice, position };
  });
}

/** Each line's share of freight and duties per unit, by value (minor units of the PO's currency). */
function withLandedCosts<L extends { quantity: number; unitPrice: number }>(lines: L[], charges: number) {
  const shares = landedCosts(
    charges,
    'value',
    lines.map((l) => ({ quantity: l.quantity, unitValue: l.unitPrice, unitWeight: 0, unitVolume: 0 })),
  );
  return lines.map((l, i) => ({ ...l, landedPerUnit: shares[i]!.perUnit }));
}

async function warehouseExists(tx: Executor, id: string) {
  const [row] = await tx.select({ id: warehouses.id }).from(warehouses).where(eq(warehouses.id, id));
  if (!row)
    throw new DomainError('UNKNOWN_WAREHOUSE', 'There is no such warehouse', { field: 'warehouseId' });
}

export async function createPurchaseOrder(deps: AppDeps, actor: Actor, input: CreatePurchaseOrderInput) {
  const now = deps.clock.now();
  const id = await deps.db.transaction(async (tx) => {
    const supplier = await findSupplier(tx, input.supplierId);
    await warehouseExists(tx, input.warehouseId);
    const { rate } = await rateOf(tx, supplier.currency);
    const lines = withLandedCosts(
      await pricedLines(tx, supplier.id, input.lines),
      input.freight + input.duties,
    );
    const totals = purchaseOrderTotals({ lines, freight: input.freight, duties: input.duties });
    const [order] = await tx
      .insert(purchaseOrders)
      .values({
        number: purchasingNumber('PO', now, await nextNumber(tx, 'purchase_order_number_seq')),
        supplierId: supplier.id,
        warehouseId: input.warehouseId,
        currency: supplier.currency,
        rate,
        goodsTotal: totals.goods,
        freight: input.freight,
        duties: input.duties,
        expectedAt: input.expectedAt ?? new Date(now.getTime() + supplier.leadTimeDays * 86_400_000),
        notes: input.notes,
        createdBy: actor.id,
        createdAt: now,
      })
      .returning();
    await tx.insert(purchaseOrderLines).values(lines.map((l) => ({ ...l, purchaseOrderId: order!.id })));
    await writeAudit(tx, actor, {
      action: 'purchase_order.created',
      entityType: 'purchase_order',
      entityId: order!.id,
      after: {
        number: order!.number,
        supplier: supplier.code,
        total: totals.total,
        currency: supplier.currency,
      },
    });
    return order!.id;
  });
  return getPurchaseOrder(deps.db, id);
}

/** Replaces a draft's lines, charges, warehouse and dates (PO_NOT_DRAFT once it is approved). */
export async function updatePurchaseOrder(
  deps: AppDeps,
  actor: Actor,
  input: Omit<CreatePurchaseOrderInput, 'supplierId'> & { id: string },
) {
  await deps.db.transaction(async (tx) => {
    const order = await lockOrder(tx, input.id);
    if (order.status !== 'draft') {
      throw new DomainError('PO_NOT_DRAFT', 'Only a draft purchase order can be edited', {
        status: order.status,
      });
    }
    await warehouseExists(tx, input.warehouseId);
    const lines = withLandedCosts(
      await pricedLines(tx, order.supplierId, input.lines),
      input.freight + input.duties,
    );
    const totals = purchaseOrderTotals({ lines, freight: input.freight, duties: input.duties });
    await tx.delete(purchaseOrderLines).where(eq(purchaseOrderLines.purchaseOrderId, order.id));
    await tx.insert(purchaseOrderLines).values(lines.map((l) => ({ ...l, purchaseOrderId: order.id })));
    await tx
      .update(purchaseOrders)
      .set({
        warehouseId: input.warehouseId,
        goodsTotal: totals.goods,
        freight: input.freight,
        duties: input.duties,
        expectedAt: input.expectedAt ?? order.expectedAt,
        notes: input.notes,
      })
      .where(eq(purchaseOrders.id, order.id));
    await writeAudit(tx, actor, {
      action: 'purchase_order.updated',
      entityType: 'purchase_order',
      entityId: order.id,
      before: { goodsTotal: order.goodsTotal, freight: order.freight, duties: order.duties },
      after: { goodsTotal: totals.goods, freight: input.freight, duties: input.duties, lines: lines.length },
    });
  });
  return getPurchaseOrder(deps.db, input.id);
}

async function lockOrder(tx: Executor, id: string): Promise<OrderRow> {
  const [order] = await tx.select().from(purchaseOrders).where(eq(purchaseOrders.id, id)).for('update');
  if (!order) throw new DomainError('UNKNOWN_PURCHASE_ORDER', 'There is no such purchase order');
  return order;
}

/**
 * Approves, sends, cancels or closes a purchase order. Approving checks the supplier's minimum
 * order and, above the store's limit, that the actor may approve; it freezes the rate of the day
 * and each unit's share of freight and duties.
 */
export async function actOnPurchaseOrder(
  deps: AppDeps,
  actor: Actor & { mayApprove: boolean },
  input: { id: string; action: PurchaseOrderAction; note?: string },
) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const order = await lockOrder(tx, input.id);
    const from = order.status as PurchaseOrderStatus;
    const to = nextPurchaseOrderStatus(from, input.action);
    const fields: Partial<OrderRow> = { status: to };
    if (input.action === 'approve') {
      const supplier = await findSupplier(tx, order.supplierId);
      const lines = await tx
        .select()
        .from(purchaseOrderLines)
        .where(eq(purchaseOrderLines.purchaseOrderId, order.id));
      const totals = purchaseOrderTotals({ lines, freight: order.freight, duties: order.duties });
      if (totals.goods < supplier.minimumOrder) {
        throw new DomainError('PO_BELOW_MINIMUM', `${supplier.name} takes orders of at least its minimum`, {
          minimum: supplier.minimumOrder,
          goods: totals.goods,
        });
      }
      const { rate, base } = await rateOf(tx, order.currency);
      const settings = await getStoreSettings(tx);
      const inBase = costInBase(
        totals.total,
        { rate: Number(rate), digits: minorUnitDigits(order.currency as CurrencyCode) },
        minorUnitDigits(base as CurrencyCode),
      );
      if (needsApproval(inBase, settings.purchaseApprovalLimit) && !actor.mayApprove) {
        throw new DomainError(
          'PO_NEEDS_APPROVER',
          'This purchase order is above the approval limit: someone who may approve purchase orders must approve it',
          { limit: settings.purchaseApprovalLimit },
        );
      }
      for (const line of withLandedCosts(lines, order.freight + order.duties)) {
        await tx
          .update(purchaseOrderLines)
          .set({ landedPerUnit: line.landedPerUnit })
          .where(eq(purchaseOrderLines.id, line.id));
      }
      Object.assign(fields, { rate, approvedBy: actor.id, approvedAt: now });
    }
    if (input.action === 'send') fields.sentAt = now;
    if (input.action === 'close') fields.closedAt = now;
    await tx.update(purchaseOrders).set(fields).where(eq(purchaseOrders.id, order.id));
    await writeAudit(tx, actor, {
      action: `purchase_order.${input.action}`,
      entityType: 'purchase_order',
      entityId: order.id,
      before: { number: order.number, status: from },
      after: { status: to, note: input.note ?? null },
    });
  });
  return getPurchaseOrder(deps.db, input.id);
}

/**
 * A delivery against a purchase order, in one transaction: each line received (at most what was
 * ordered plus the tolerance, OVER_RECEIPT beyond), the stock in the PO's warehouse, each SKU's
 * moving average cost at its landed cost in the base currency, the goods received note, and the
 * order's status. The order row is locked first, so two deliveries of one PO count one after the other.
 */
export async function receiveGoods(deps: AppDeps, actor: Actor, input: ReceiveGoodsInput) {
  const now = deps.clock.now();
  const receiptId = await deps.db.transaction(async (tx) => {
    const order = await lockOrder(tx, input.purchaseOrderId);
    if (!receivableStatuses.includes(order.status as PurchaseOrderStatus)) {
      throw new DomainError(
        'PO_NOT_RECEIVABLE',
        'Goods are received against an approved or sent purchase order',
        {
          status: order.status,
        },
      );
    }
    const lines = await tx
      .select()
      .from(purchaseOrderLines)
      .where(eq(purchaseOrderLines.purchaseOrderId, order.id))
      .orderBy(asc(purchaseOrderLines.position));
    const byId = new Map(lines.map((l) => [l.id, l]));
    const { tolerance, base } = await receivingContext(tx);
    const [receipt] = await tx
      .insert(goodsReceipts)
      .values({
        number: purchasingNumber('GRN', now, await nextNumber(tx, 'goods_receipt_number_seq')),
        purchaseOrderId: order.id,
        warehouseId: order.warehouseId,
        note: input.note ?? null,
        receivedBy: actor.id,
        receivedAt: now,
      })
      .returning();
    const digits = minorUnitDigits(order.currency as CurrencyCode);
    const received: { line: LineRow; quantity: number; unitCost: number }[] = [];
    for (const [index, want] of input.lines.entries()) {
      const line = byId.get(want.lineId);
      if (!line) {
        throw new DomainError('UNKNOWN_PO_LINE', 'A line is not on this purchase order', {
          field: `lines.${index}.lineId`,
        });
      }
      const most = receivableQuantity({ ordered: line.quantity, received: line.received }, tolerance);
      if (want.quantity > most) {
        throw new DomainError('OVER_RECEIPT', `At most ${most} more of this line can be received`, {
          field: `lines.${index}.quantity`,
          most,
          ordered: line.quantity,
          received: line.received,
        });
      }
      const unitCost = costInBase(
        line.unitPrice + line.landedPerUnit,
        { rate: Number(order.rate), digits },
        base,
      );
      await tx
        .update(purchaseOrderLines)
        .set({ received: line.received + want.quantity })
        .where(eq(purchaseOrderLines.id, line.id));
      line.received += want.quantity;
      await changeStock(tx, {
        skuId: line.skuId,
        warehouseId: order.warehouseId,
        quantity: want.quantity,
        reason: 'received',
        reference: `${order.number} ${receipt!.number}`,
        actorId: actor.id,
        unitCost,
        at: now,
      });
      await tx.insert(goodsReceiptLines).values({
        receiptId: receipt!.id,
        purchaseOrderLineId: line.id,
        quantity: want.quantity,
        unitCost,
      });
      received.push({ line, quantity: want.quantity, unitCost });
    }
    const status = statusAfterReceipt(lines.map((l) => ({ ordered: l.quantity, received: l.received })));
    await tx.update(purchaseOrders).set({ status }).where(eq(purchaseOrders.id, order.id));
    const value = received.reduce((sum, r) => sum + r.quantity * r.unitCost, 0);
    await recordEvents(tx, {
      type: 'purchase.received',
      aggregateType: 'purchase_order',
      aggregateId: order.id,
      payload: {
        number: order.number,
        receipt: receipt!.number,
        supplierId: order.supplierId,
        warehouseId: order.warehouseId,
        /** What came, at its landed cost in the base currency (minor units). */
        value: Math.round(value),
        lines: received.map((r) => ({ skuId: r.line.skuId, quantity: r.quantity, unitCost: r.unitCost })),
      },
      occurredAt: now,
    });
    await writeAudit(tx, actor, {
      action: 'purchase_order.received',
      entityType: 'purchase_order',
      entityId: order.id,
      before: { status: order.status },
      after: {
        status,
        receipt: receipt!.number,
        lines: received.map((r) => ({ skuId: r.line.skuId, quantity: r.quantity })),
      },
    });
    return receipt!.id;
  });
  const [receipt] = await deps.db.select().from(goodsReceipts).where(eq(goodsReceipts.id, receiptId));
  return { receipt: receipt!, order: await getPurchaseOrder(deps.db, input.purchaseOrderId) };
}

async function receivingContext(tx: Executor) {
  const settings = await getStoreSettings(tx);
  const [base] = await tx
    .select({ code: currencies.code })
    .from(currencies)
    .where(eq(currencies.isBase, true));
  return {
    tolerance: settings.overReceiptTolerancePercent,
    base: minorUnitDigits(base!.code as CurrencyCode),
  };
}

/** A purchase order with its supplier, lines (SKU code and title) and deliveries. */
export async function getPurchaseOrder(db: Executor, id: string) {
  const [row] = await db
    .select({ order: purchaseOrders, supplierName: suppliers.name, supplierCode: suppliers.code })
    .from(purchaseOrders)
    .innerJoin(suppliers, eq(suppliers.id, purchaseOrders.supplierId))
    .where(eq(purchaseOrders.id, id));
  if (!row) throw new DomainError('UNKNOWN_PURCHASE_ORDER', 'There is no such purchase order');
  const [lines, receipts] = await Promise.all([
    db
      .select({ line: purchaseOrderLines, skuCode: skus.code })
      .from(purchaseOrderLines)
      .innerJoin(skus, eq(skus.id, purchaseOrderLines.skuId))
      .where(eq(purchaseOrderLines.purchaseOrderId, id))
      .orderBy(asc(purchaseOrderLines.position)),
    db
      .select()
      .from(goodsReceipts)
      .where(eq(goodsReceipts.purchaseOrderId, id))
      .orderBy(asc(goodsReceipts.receivedAt)),
  ]);
  const totals = purchaseOrderTotals({
    lines: lines.map((l) => l.line),
    freight: row.order.freight,
    duties: row.order.duties,
  });
  return {
    ...row.order,
    supplier: { id: row.order.supplierId, name: row.supplierName, code: row.supplierCode },
    totals,
    lines: lines.map((l) => ({ ...l.line, skuCode: l.skuCode })),
    receipts,
  };
}

export async function listPurchaseOrders(
  db: Executor,
  input: { limit: number; cursor?: string; supplierId?: string; status?: PurchaseOrderStatus },
) {
  const rows = await db
    .select({
      id: purchaseOrders.id,
      number: purchaseOrders.number,
      status: purchaseOrders.status,
      currency: purchaseOrders.currency,
      goodsTotal: purchaseOrders.goodsTotal,
      freight: purchaseOrders.freight,
      duties: purchaseOrders.duties,
      expectedAt: purchaseOrders.expectedAt,
      createdAt: purchaseOrders.createdAt,
      supplierId: purchaseOrders.supplierId,
      supplierName: suppliers.name,
      warehouseId: purchaseOrders.warehouseId,
    })
    .from(purchaseOrders)
    .innerJoin(suppliers, eq(suppliers.id, purchaseOrders.supplierId))
    .where(
      and(
        input.supplierId ? eq(purchaseOrders.supplierId, input.supplierId) : undefined,
        input.status ? eq(purchaseOrders.status, input.status) : undefined,
        afterCursor(input.cursor, purchaseOrders.createdAt, purchaseOrders.id, 'desc'),
      ),
    )
    .orderBy(desc(purchaseOrders.createdAt), desc(purchaseOrders.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit);
}
