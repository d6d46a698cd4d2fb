// Stock: warehouses, levels per SKU and warehouse, staff adjustments with a reason. A level
// changes only through a conditional update (never read-then-write) together with its ledger
// row, so stock cannot go negative and the ledger always explains the level. Every change to
// what is on hand also moves the SKU's moving average cost (sku_costs): a receipt at its landed
// cost re-averages it; what leaves goes at the average, which the ledger row keeps.

import { type Executor, resultRows } from '@crossdock/db/client';
import { products, skuCosts, skus, stockLevels, stockMovements, warehouses } from '@crossdock/db/schema';
import { type Availability, availability } from '@crossdock/domain/catalog-rules';
import { addAtAverage, issueAtCost, receiveAtCost } from '@crossdock/domain/costing';
import { DomainError } from '@crossdock/domain/errors';
import { LOW_STOCK_DEFAULT, type MovementReason, type WarehouseKind } from '@crossdock/domain/inventory';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { afterCursor, toPage } from '../../infra/cursor';
import { recordEvents } from '../../infra/outbox';
import { catalogWrite } from '../catalog/write';
import { type Actor, writeAudit } from '../identity/audit';

export async function listWarehouses(db: Executor) {
  return db.select().from(warehouses).orderBy(asc(warehouses.code));
}

/** Code and name of these warehouses, for screens that show where stock sits. */
export async function warehouseLabels(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, { code: string; name: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: warehouses.id, code: warehouses.code, name: warehouses.name })
    .from(warehouses)
    .where(inArray(warehouses.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, { code: r.code, name: r.name }]));
}

export async function createWarehouse(
  deps: AppDeps,
  actor: Actor,
  input: { code: string; name: string; country: string; kind: WarehouseKind },
) {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.insert(warehouses).values(input).returning();
    await writeAudit(tx, actor, {
      action: 'warehouse.created',
      entityType: 'warehouse',
      entityId: row!.id,
      after: row,
    });
    return row!;
  });
}

/**
 * Says, with the change, that what a warehouse has available of a SKU moved: the channels push
 * the new count to the listings that sell it (debounced), without scanning every listing.
 */
const stockChanged = (tx: Executor, skuId: string, warehouseId: string, at: Date) =>
  recordEvents(tx, {
    type: 'stock.changed',
    aggregateType: 'sku',
    aggregateId: skuId,
    payload: { warehouseId },
    occurredAt: at,
  });

/**
 * Moves a SKU's cost position with an on-hand change of `quantity`: in at `unitCost` (a receipt's
 * landed cost) re-averages it, in without one (found, returned) or out keeps the average. The row
 * is locked for the change, so concurrent receipts average one after the other. Returns what one
 * unit of the change cost (null while the SKU's cost is unknown).
 */
async function moveCost(tx: Executor, skuId: string, quantity: number, unitCost?: number | null) {
  await tx.insert(skuCosts).values({ skuId, quantity: 0, unitCost: null }).onConflictDoNothing();
  const [position] = await tx.select().from(skuCosts).where(eq(skuCosts.skuId, skuId)).for('update');
  const before = { quantity: position!.quantity, unitCost: position!.unitCost };
  const after =
    quantity < 0
      ? issueAtCost(before, -quantity).position
      : unitCost !== undefined && unitCost !== null
        ? receiveAtCost(before, quantity, unitCost)
        : addAtAverage(before, quantity);
  await tx
    .update(skuCosts)
    .set({ quantity: after.quantity, unitCost: after.unitCost })
    .where(eq(skuCosts.skuId, skuId));
  return quantity > 0 && unitCost !== undefined && unitCost !== null ? unitCost : before.unitCost;
}

/** What one unit of each SKU costs now, on average (base minor units); null where not yet known. */
export async function unitCostsOf(
  db: Executor,
  skuIds: readonly string[],
): Promise<Map<string, number | null>> {
  if (skuIds.length === 0) return new Map();
  const rows = await db
    .select({ skuId: skuCosts.skuId, unitCost: skuCosts.unitCost })
    .from(skuCosts)
    .where(inArray(skuCosts.skuId, [...skuIds]));
  return new Map(rows.map((r) => [r.skuId, r.unitCost]));
}

/**
 * Moves on-hand stock by `quantity` (and the ledger with it). Refuses to take away more than is
 * on hand and not reserved; the condition is in the UPDATE, so concurrent changes cannot race.
 */
export async function changeStock(
  tx: Executor,
  change: {
    skuId: string;
    warehouseId: string;
    quantity: number;
    reason: MovementReason;
    reference?: string | null;
    actorId?: string | null;
    /** What one unit that comes in cost, landed, in the base currency (a receipt); else the average. */
    unitCost?: number | null;
    /** When it happened (the use case's clock). */
    at: Date;
  },
) {
  await tx
    .insert(stockLevels)
    .values({ skuId: change.skuId, warehouseId: change.warehouseId })
    .onConflictDoNothing();
  const [level] = await tx
    .update(stockLevels)
    .set({ onHand: sql`${stockLevels.onHand} + ${change.quantity}` })
    .where(
      and(
        eq(stockLevels.skuId, change.skuId),
        eq(stockLevels.warehouseId, change.warehouseId),
        sql`${stockLevels.onHand} + ${change.quantity} >= ${stockLevels.reserved}`,
      ),
    )
    .returning();
  if (!level) {
    throw new DomainError(
      'INSUFFICIENT_STOCK',
      `Only the unreserved stock can be removed; this would take away ${-change.quantity}`,
    );
  }
  const unitCost = await moveCost(tx, change.skuId, change.quantity, change.unitCost);
  await tx.insert(stockMovements).values({
    skuId: change.skuId,
    warehouseId: change.warehouseId,
    onHandDelta: change.quantity,
    reason: change.reason,
    reference: change.reference ?? null,
    actorId: change.actorId ?? null,
    unitCost,
    createdAt: change.at,
  });
  await stockChanged(tx, change.skuId, change.warehouseId, change.at);
  // What one unit of the change cost: a receipt's own, else the average it moved at.
  return { ...level, unitCost };
}

/**
 * Reserves `quantity` of a SKU for an order in one warehouse that can serve all of it (the one
 * with the most available, then by id), or in the one given (a marketplace shop ships from its
 * own). The condition is in the UPDATE, re-checked after any concurrent change, so two orders
 * can never reserve the same units. Returns the warehouse.
 */
export async function reserveStock(
  tx: Executor,
  line: { skuId: string; quantity: number; reference: string; at: Date; warehouseId?: string },
): Promise<string> {
  // One round trip: pick the warehouse, reserve there (the condition is re-checked on the row
  // after any concurrent change) and write the ledger row. A pick can lose its stock to a
  // concurrent order between the pick and the update; then the next best is tried.
  for (let round = 0; round < 10; round++) {
    const [result] = resultRows<{ warehouse_id: string | null; candidates: number }>(
      await tx.execute(sql`
        with pick as (
          select warehouse_id from stock_levels
          where sku_id = ${line.skuId} and on_hand - reserved >= ${line.quantity}
            ${line.warehouseId ? sql`and warehouse_id = ${line.warehouseId}` : sql``}
          order by on_hand - reserved desc, warehouse_id
          limit 1
        ), reserved as (
          update stock_levels l set reserved = l.reserved + ${line.quantity}, updated_at = now()
          from pick
          where l.sku_id = ${line.skuId} and l.warehouse_id = pick.warehouse_id
            and l.on_hand - l.reserved >= ${line.quantity}
          returning l.warehouse_id
        ), ledger as (
          insert into stock_movements (sku_id, warehouse_id, on_hand_delta, reserved_delta, reason, reference, created_at)
          select ${line.skuId}, warehouse_id, 0, ${line.quantity}, 'reserved', ${line.reference},
            ${line.at.toISOString()}::timestamptz from reserved
          returning warehouse_id
        )
        select (select warehouse_id from ledger) as warehouse_id, (select count(*) from pick)::int as candidates`),
    );
    if (result?.warehouse_id) {
      await stockChanged(tx, line.skuId, result.warehouse_id, line.at);
      return result.warehouse_id;
    }
    if (!result?.candidates) break;
  }
  throw new DomainError(
    'INSUFFICIENT_STOCK',
    line.warehouseId
      ? 'Not enough stock in the warehouse this line ships from'
      : 'Not enough stock in any one warehouse for this line',
    { skuId: line.skuId },
  );
}

/** Gives back a reservation (an order cancelled or expired before it was paid). */
export async function releaseStock(
  tx: Executor,
  line: {
    skuId: string;
    warehouseId: string;
    quantity: number;
    reference: string;
    actorId?: string | null;
    at: Date;
  },
): Promise<void> {
  const [released] = await tx
    .update(stockLevels)
    .set({ reserved: sql`${stockLevels.reserved} - ${line.quantity}` })
    .where(
      and(
        eq(stockLevels.skuId, line.skuId),
        eq(stockLevels.warehouseId, line.warehouseId),
        sql`${stockLevels.reserved} >= ${line.quantity}`,
      ),
    )
    .returning({ skuId: stockLevels.skuId });
  if (!released)
    throw new Error(`Reservation of ${line.skuId} for ${line.reference} is not there to release`);
  await tx.insert(stockMovements).values({
    skuId: line.skuId,
    warehouseId: line.warehouseId,
    onHandDelta: 0,
    reservedDelta: -line.quantity,
    reason: 'released',
    reference: line.reference,
    actorId: line.actorId ?? null,
    createdAt: line.at,
  });
  await stockChanged(tx, line.skuId, line.warehouseId, line.at);
}

/**
 * Stock leaves a warehouse with a shipment. Shipped from where it was reserved, the reservation
 * and the units go together; from another warehouse, the reservation is given back and the
 * units must be free (on hand, not reserved) there, or INSUFFICIENT_STOCK.
 */
export async function shipStock(
  tx: Executor,
  line: {
    skuId: string;
    reservedAt: string;
    from: string;
    quantity: number;
    reference: string;
    actorId: string | null;
    /** For the error message. */
    name: string;
    at: Date;
  },
): Promise<{ unitCost: number | null }> {
  const together = line.from === line.reservedAt;
  if (!together) {
    await releaseStock(tx, {
      skuId: line.skuId,
      warehouseId: line.reservedAt,
      quantity: line.quantity,
      reference: line.reference,
      actorId: line.actorId,
      at: line.at,
    });
  }
  const [taken] = await tx
    .update(stockLevels)
    .set({
      onHand: sql`${stockLevels.onHand} - ${line.quantity}`,
      reserved: together ? sql`${stockLevels.reserved} - ${line.quantity}` : stockLevels.reserved,
    })
    .where(
      and(
        eq(stockLevels.skuId, line.skuId),
        eq(stockLevels.warehouseId, line.from),
        together
          ? sql`${stockLevels.reserved} >= ${line.quantity}`
          : sql`${stockLevels.onHand} - ${stockLevels.reserved} >= ${line.quantity}`,
      ),
    )
    .returning({ skuId: stockLevels.skuId });
  if (!taken) {
    throw new DomainError(
      'INSUFFICIENT_STOCK',
      `That warehouse does not have ${line.quantity} of ${line.name} to ship`,
      {
        skuId: line.skuId,
      },
    );
  }
  const unitCost = await moveCost(tx, line.skuId, -line.quantity);
  await tx.insert(stockMovements).values({
    skuId: line.skuId,
    warehouseId: line.from,
    onHandDelta: -line.quantity,
    reservedDelta: together ? -line.quantity : 0,
    reason: 'shipped',
    reference: line.reference,
    actorId: line.actorId,
    unitCost,
    createdAt: line.at,
  });
  await stockChanged(tx, line.skuId, line.from, line.at);
  return { unitCost };
}

export async function adjustStock(
  deps: AppDeps,
  actor: Actor,
  input: { skuId: string; warehouseId: string; quantity: number; reason: MovementReason; note?: string },
) {
  let slug = '';
  return catalogWrite(
    deps,
    () => ({ slugs: [slug] }),
    async (tx) => {
      const [sku] = await tx
        .select({ id: skus.id, slug: products.slug })
        .from(skus)
        .innerJoin(products, eq(products.id, skus.productId))
        .where(eq(skus.id, input.skuId));
      if (!sku) throw new DomainError('NOT_FOUND', 'No SKU with this id');
      slug = sku.slug;
      const [warehouse] = await tx
        .select({ id: warehouses.id })
        .from(warehouses)
        .where(eq(warehouses.id, input.warehouseId));
      if (!warehouse) throw new DomainError('UNKNOWN_WAREHOUSE', 'No warehouse with this id');
      const level = await changeStock(tx, {
        ...input,
        reference: input.note ?? null,
        actorId: actor.id,
        at: deps.clock.now(),
      });
      await writeAudit(tx, actor, {
        action: 'stock.adjusted',
        entityType: 'sku',
        entityId: input.skuId,
        before: { warehouseId: input.warehouseId, onHand: level.onHand - input.quantity },
        after: {
          warehouseId: input.warehouseId,
          onHand: level.onHand,
          reason: input.reason,
          note: input.note ?? null,
        },
      });
      return level;
    },
  );
}

export async function stockForSku(db: Executor, skuId: string) {
  return db
    .select({
      warehouseId: warehouses.id,
      code: warehouses.code,
      name: warehouses.name,
      onHand: stockLevels.onHand,
      reserved: stockLevels.reserved,
      lowStockThreshold: stockLevels.lowStockThreshold,
    })
    .from(stockLevels)
    .innerJoin(warehouses, eq(warehouses.id, stockLevels.warehouseId))
    .where(eq(stockLevels.skuId, skuId))
    .orderBy(asc(warehouses.code));
}

export async function listMovements(
  deps: AppDeps,
  input: { limit: number; cursor?: string; skuId?: string; warehouseId?: string },
) {
  const rows = await deps.db
    .select()
    .from(stockMovements)
    .where(
      and(
        input.skuId ? eq(stockMovements.skuId, input.skuId) : undefined,
        input.warehouseId ? eq(stockMovements.warehouseId, input.warehouseId) : undefined,
        afterCursor(input.cursor, stockMovements.createdAt, stockMovements.id, 'desc'),
      ),
    )
    .orderBy(sql`${stockMovements.createdAt} desc, ${stockMovements.id} desc`)
    .limit(input.limit + 1);
  return toPage(rows, input.limit);
}

/** What a shopper may buy of each SKU, across warehouses, as in stock / low / out. */
export async function availabilityOf(db: Executor, skuIds: string[]): Promise<Map<string, Availability>> {
  const rows = skuIds.length
    ? await db
        .select({
          skuId: stockLevels.skuId,
          available: sql<number>`sum(${stockLevels.onHand} - ${stockLevels.reserved})::int`,
          threshold: sql<number>`max(${stockLevels.lowStockThreshold})::int`,
        })
        .from(stockLevels)
        .where(inArray(stockLevels.skuId, skuIds))
        .groupBy(stockLevels.skuId)
    : [];
  return new Map(
    skuIds.map((id) => {
      const row = rows.find((r) => r.skuId === id);
      return [id, availability(row?.available ?? 0, row?.threshold ?? LOW_STOCK_DEFAULT)];
    }),
  );
}
