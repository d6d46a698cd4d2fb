// The stock overview: for each SKU and warehouse, what is on hand, reserved and available, what
// is coming on open purchase orders and what is in transit to it, with each SKU's totals. A page
// of SKUs (by code) is chosen with the filters first — the low/out-of-stock filter on what is
// available where asked — and only that page's numbers are then read, each in one grouped query.
// It reads inventory's and purchasing's tables, and writes none.
import type { Executor } from '@crossdock/db/client';
import {
  products,
  purchaseOrderLines,
  purchaseOrders,
  skus,
  stockLevels,
  stockTransferLines,
  stockTransfers,
  supplierPrices,
  warehouses,
} from '@crossdock/db/schema';
import type { StockOverviewInput } from '@crossdock/domain/inventory';
import { and, asc, eq, gt, ilike, inArray, or, sql } from 'drizzle-orm';
import { containing } from '../../infra/like';

/** Purchase orders whose goods are still expected. */
const OPEN_ORDERS = ['approved', 'sent', 'partially_received'] as const;

interface Numbers {
  onHand: number;
  reserved: number;
  available: number;
  incoming: number;
  inTransit: number;
}

const zero = (): Numbers => ({ onHand: 0, reserved: 0, available: 0, incoming: 0, inTransit: 0 });

export async function stockOverview(db: Executor, input: StockOverviewInput) {
  const inWarehouse = input.warehouseId ? sql`and l.warehouse_id = ${input.warehouseId}` : sql``;
  const available = sql`(select coalesce(sum(l.on_hand - l.reserved), 0) from ${stockLevels} l where l.sku_id = ${skus.id} ${inWarehouse})`;
  const threshold = sql`(select coalesce(min(l.low_stock_threshold), 0) from ${stockLevels} l where l.sku_id = ${skus.id} ${inWarehouse})`;
  const page = await db
    .select({ id: skus.id, code: skus.code, title: sql<string>`${products.title}->>'en'` })
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .where(
      and(
        input.search
          ? or(
              ilike(skus.code, containing(input.search)),
              sql`${products.title}->>'en' ilike ${containing(input.search)}`,
            )
          : undefined,
        input.categoryId ? eq(products.categoryId, input.categoryId) : undefined,
        input.brandId ? eq(products.brandId, input.brandId) : undefined,
        // A supplier's SKUs: those it quotes, or has been ordered from it.
        input.supplierId
          ? sql`(exists (select 1 from ${supplierPrices} p where p.sku_id = ${skus.id} and p.supplier_id = ${input.supplierId})
              or exists (select 1 from ${purchaseOrderLines} pl join ${purchaseOrders} po on po.id = pl.purchase_order_id
                         where pl.sku_id = ${skus.id} and po.supplier_id = ${input.supplierId}))`
          : undefined,
        // In one warehouse: the SKUs it holds or expects.
        input.warehouseId
          ? sql`exists (select 1 from ${stockLevels} l where l.sku_id = ${skus.id} and l.warehouse_id = ${input.warehouseId})`
          : undefined,
        input.state === 'out' ? sql`${available} <= 0` : undefined,
        input.state === 'low' ? sql`${available} > 0 and ${available} <= ${threshold}` : undefined,
        input.cursor ? gt(skus.code, input.cursor) : undefined,
      ),
    )
    .orderBy(asc(skus.code))
    .limit(input.limit + 1);
  const items = page.slice(0, input.limit);
  const ids = items.map((s) => s.id);
  if (ids.length === 0) return { items: [], nextCursor: null };
  const only = <T>(column: T) => (input.warehouseId ? eq(column as never, input.warehouseId) : undefined);
  const [levels, incoming, transit, names] = await Promise.all([
    db
      .select({
        skuId: stockLevels.skuId,
        warehouseId: stockLevels.warehouseId,
        onHand: stockLevels.onHand,
        reserved: stockLevels.reserved,
        lowStockThreshold: stockLevels.lowStockThreshold,
      })
      .from(stockLevels)
      .where(and(inArray(stockLevels.skuId, ids), only(stockLevels.warehouseId))),
    db
      .select({
        skuId: purchaseOrderLines.skuId,
        warehouseId: purchaseOrders.warehouseId,
        quantity: sql<number>`sum(greatest(${purchaseOrderLines.quantity} - ${purchaseOrderLines.received}, 0))::int`,
      })
      .from(purchaseOrderLines)
      .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderLines.purchaseOrderId))
      .where(
        and(
          inArray(purchaseOrderLines.skuId, ids),
          inArray(purchaseOrders.status, [...OPEN_ORDERS]),
          only(purchaseOrders.warehouseId),
        ),
      )
      .groupBy(purchaseOrderLines.skuId, purchaseOrders.warehouseId),
    db
      .select({
        skuId: stockTransferLines.skuId,
        warehouseId: stockTransfers.toWarehouseId,
        quantity: sql<number>`sum(${stockTransferLines.shipped} - ${stockTransferLines.received} - ${stockTransferLines.missing})::int`,
      })
      .from(stockTransferLines)
      .innerJoin(stockTransfers, eq(stockTransfers.id, stockTransferLines.transferId))
      .where(
        and(
          inArray(stockTransferLines.skuId, ids),
          inArray(stockTransfers.status, ['in_transit', 'partially_received']),
          only(stockTransfers.toWarehouseId),
        ),
      )
      .groupBy(stockTransferLines.skuId, stockTransfers.toWarehouseId),
    db.select({ id: warehouses.id, code: warehouses.code, name: warehouses.name }).from(warehouses),
  ]);
  const warehouseOf = new Map(names.map((w) => [w.id, w]));
  const bySku = new Map(ids.map((id) => [id, new Map<string, Numbers & { low: boolean }>()]));
  const row = (skuId: string, warehouseId: string) => {
    const rows = bySku.get(skuId)!;
    const found = rows.get(warehouseId) ?? { ...zero(), low: false };
    rows.set(warehouseId, found);
    return found;
  };
  for (const l of levels) {
    const r = row(l.skuId, l.warehouseId);
    r.onHand = l.onHand;
    r.reserved = l.reserved;
    r.available = l.onHand - l.reserved;
    r.low = r.available <= l.lowStockThreshold;
  }
  for (const i of incoming) if (i.quantity > 0) row(i.skuId, i.warehouseId).incoming = i.quantity;
  for (const t of transit) if (t.quantity > 0) row(t.skuId, t.warehouseId).inTransit = t.quantity;
  const last = items.at(-1)!;
  return {
    items: items.map((sku) => {
      const rows = [...bySku.get(sku.id)!.entries()]
        .map(([warehouseId, n]) => ({ warehouse: warehouseOf.get(warehouseId)!, ...n }))
        .sort((a, b) => a.warehouse.code.localeCompare(b.warehouse.code));
      const total = rows.reduce(
        (sum, r) => ({
          onHand: sum.onHand + r.onHand,
          reserved: sum.reserved + r.reserved,
          available: sum.available + r.available,
          incoming: sum.incoming + r.incoming,
          inTransit: sum.inTransit + r.inTransit,
        }),
        zero(),
      );
      return { skuId: sku.id, code: sku.code, title: sku.title, total, warehouses: rows };
    }),
    nextCursor: page.length > input.limit ? last.code : null,
  };
}
