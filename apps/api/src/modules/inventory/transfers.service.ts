// Transfers between warehouses: a draft, shipped (each line leaves the source at the SKU's
// average cost of the moment and is in transit), received at the destination in deliveries —
// each unit at what it cost when it left plus its share of the head-haul, re-averaging the SKU —
// with what did not arrive written off as a discrepancy, or cancelled while a draft. Each step is
// one transaction under a lock on the transfer.
import { type Executor, resultRows } from '@crossdock/db/client';
import { skus, stockTransferLines, stockTransfers, warehouses } from '@crossdock/db/schema';
import { landedCosts } from '@crossdock/domain/costing';
import { DomainError } from '@crossdock/domain/errors';
import {
  type CreateTransferInput,
  checkTransferAction,
  type ReceiveTransferInput,
  stillInTransit,
  type TransferStatus,
  transferNumber,
  transferStatusAfterReceipt,
} from '@crossdock/domain/transfers';
import { aliasedTable, and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { afterCursor, toPage } from '../../infra/cursor';
import { type Actor, writeAudit } from '../identity/audit';
import { changeStock } from './inventory.service';

type TransferRow = typeof stockTransfers.$inferSelect;

async function lockTransfer(tx: Executor, id: string): Promise<TransferRow> {
  const [row] = await tx.select().from(stockTransfers).where(eq(stockTransfers.id, id)).for('update');
  if (!row) throw new DomainError('UNKNOWN_TRANSFER', 'There is no such transfer');
  return row;
}

export async function createTransfer(deps: AppDeps, actor: Actor, input: CreateTransferInput) {
  const now = deps.clock.now();
  const id = await deps.db.transaction(async (tx) => {
    const found = await tx
      .select({ id: warehouses.id })
      .from(warehouses)
      .where(inArray(warehouses.id, [input.fromWarehouseId, input.toWarehouseId]));
    if (found.length !== 2) throw new DomainError('UNKNOWN_WAREHOUSE', 'There is no such warehouse');
    const skuIds = input.lines.map((l) => l.skuId);
    const known = await tx.select({ id: skus.id }).from(skus).where(inArray(skus.id, skuIds));
    if (known.length !== skuIds.length)
      throw new DomainError('UNKNOWN_SKU', 'One of these SKUs does not exist');
    const [seq] = resultRows<{ seq: string }>(
      await tx.execute(sql`select nextval('transfer_number_seq')::text as seq`),
    );
    const [transfer] = await tx
      .insert(stockTransfers)
      .values({
        number: transferNumber(now, Number(seq!.seq)),
        fromWarehouseId: input.fromWarehouseId,
        toWarehouseId: input.toWarehouseId,
        freight: input.freight,
        duties: input.duties,
        basis: input.basis,
        notes: input.notes,
        createdBy: actor.id,
        createdAt: now,
      })
      .returning();
    await tx
      .insert(stockTransferLines)
      .values(input.lines.map((l, position) => ({ ...l, position, transferId: transfer!.id })));
    await writeAudit(tx, actor, {
      action: 'transfer.created',
      entityType: 'stock_transfer',
      entityId: transfer!.id,
      after: { number: transfer!.number, lines: input.lines.length },
    });
    return transfer!.id;
  });
  return getTransfer(deps.db, id);
}

/**
 * Ships a draft: each line's units leave the source (INSUFFICIENT_STOCK when they are not free
 * there) at the SKU's average cost of the moment, and the head-haul is spread over them.
 */
export async function shipTransfer(deps: AppDeps, actor: Actor, id: string) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const transfer = await lockTransfer(tx, id);
    checkTransferAction(transfer.status as TransferStatus, 'ship');
    const lines = await tx
      .select({ line: stockTransferLines, sku: skus })
      .from(stockTransferLines)
      .innerJoin(skus, eq(skus.id, stockTransferLines.skuId))
      .where(eq(stockTransferLines.transferId, id))
      // SKU order, as stock rows are locked everywhere.
      .orderBy(asc(stockTransferLines.skuId));
    const costs: (number | null)[] = [];
    for (const { line } of lines) {
      const moved = await changeStock(tx, {
        skuId: line.skuId,
        warehouseId: transfer.fromWarehouseId,
        quantity: -line.quantity,
        reason: 'transfer_out',
        reference: transfer.number,
        actorId: actor.id,
        at: now,
      });
      costs.push(moved.unitCost);
    }
    const shares = landedCosts(
      transfer.freight + transfer.duties,
      transfer.basis,
      lines.map(({ line, sku }, i) => ({
        quantity: line.quantity,
        unitValue: costs[i] ?? 0,
        unitWeight: sku.weightGrams ?? 0,
        unitVolume: (sku.lengthMm ?? 0) * (sku.widthMm ?? 0) * (sku.heightMm ?? 0),
      })),
    );
    for (const [i, { line }] of lines.entries()) {
      await tx
        .update(stockTransferLines)
        .set({ shipped: line.quantity, unitCost: costs[i], landedPerUnit: shares[i]!.perUnit })
        .where(eq(stockTransferLines.id, line.id));
    }
    await tx
      .update(stockTransfers)
      .set({ status: 'in_transit', shippedAt: now })
      .where(eq(stockTransfers.id, id));
    await writeAudit(tx, actor, {
      action: 'transfer.shipped',
      entityType: 'stock_transfer',
      entityId: id,
      before: { status: transfer.status },
      after: { status: 'in_transit', number: transfer.number },
    });
  });
  return getTransfer(deps.db, id);
}

/**
 * A delivery at the destination: each line's arrivals go into stock at what they cost to land
 * (their cost when they left plus their head-haul share); what will not come is written off with
 * why. More than is still on its way is TRANSFER_OVER_RECEIPT, and nothing changes.
 */
export async function receiveTransfer(deps: AppDeps, actor: Actor, input: ReceiveTransferInput) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const transfer = await lockTransfer(tx, input.transferId);
    checkTransferAction(transfer.status as TransferStatus, 'receive');
    const lines = await tx
      .select()
      .from(stockTransferLines)
      .where(eq(stockTransferLines.transferId, transfer.id))
      .orderBy(asc(stockTransferLines.skuId));
    const byId = new Map(lines.map((l) => [l.id, l]));
    for (const [index, want] of input.lines.entries()) {
      if (!byId.has(want.lineId)) {
        throw new DomainError('UNKNOWN_TRANSFER_LINE', 'A line is not on this transfer', {
          field: `lines.${index}.lineId`,
        });
      }
    }
    // SKU order, as stock rows are locked everywhere.
    const wanted = new Map(input.lines.map((l, index) => [l.lineId, { ...l, index }]));
    for (const line of lines) {
      const want = wanted.get(line.id);
      if (!want) continue;
      const left = stillInTransit(line);
      if (want.received + want.missing > left) {
        throw new DomainError(
          'TRANSFER_OVER_RECEIPT',
          `At most ${left} of this line are still on their way`,
          {
            field: `lines.${want.index}.received`,
            left,
          },
        );
      }
      if (want.received > 0) {
        await changeStock(tx, {
          skuId: line.skuId,
          warehouseId: transfer.toWarehouseId,
          quantity: want.received,
          reason: 'transfer_in',
          reference: transfer.number,
          actorId: actor.id,
          unitCost: line.unitCost === null ? null : line.unitCost + line.landedPerUnit,
          at: now,
        });
      }
      line.received += want.received;
      line.missing += want.missing;
      await tx
        .update(stockTransferLines)
        .set({
          received: line.received,
          missing: line.missing,
          ...(want.missing > 0 ? { discrepancyNote: want.note ?? line.discrepancyNote } : {}),
        })
        .where(eq(stockTransferLines.id, line.id));
    }
    const status = transferStatusAfterReceipt(lines);
    await tx
      .update(stockTransfers)
      .set({ status, ...(status === 'received' ? { receivedAt: now } : {}) })
      .where(eq(stockTransfers.id, transfer.id));
    await writeAudit(tx, actor, {
      action: 'transfer.received',
      entityType: 'stock_transfer',
      entityId: transfer.id,
      before: { status: transfer.status },
      after: {
        status,
        lines: input.lines.map((l) => ({ lineId: l.lineId, received: l.received, missing: l.missing })),
      },
    });
  });
  return getTransfer(deps.db, input.transferId);
}

export async function cancelTransfer(deps: AppDeps, actor: Actor, id: string) {
  await deps.db.transaction(async (tx) => {
    const transfer = await lockTransfer(tx, id);
    checkTransferAction(transfer.status as TransferStatus, 'cancel');
    await tx.update(stockTransfers).set({ status: 'cancelled' }).where(eq(stockTransfers.id, id));
    await writeAudit(tx, actor, {
      action: 'transfer.cancelled',
      entityType: 'stock_transfer',
      entityId: id,
      before: { status: transfer.status },
      after: { status: 'cancelled' },
    });
  });
  return getTransfer(deps.db, id);
}

const fromWarehouse = aliasedTable(warehouses, 'from_warehouse');
const toWarehouse = aliasedTable(warehouses, 'to_warehouse');

export async function getTransfer(db: Executor, id: string) {
  const [row] = await db
    .select({ transfer: stockTransfers, from: fromWarehouse.code, to: toWarehouse.code })
    .from(stockTransfers)
    .innerJoin(fromWarehouse, eq(fromWarehouse.id, stockTransfers.fromWarehouseId))
    .innerJoin(toWarehouse, eq(toWarehouse.id, stockTransfers.toWarehouseId))
    .where(eq(stockTransfers.id, id));
  if (!row) throw new DomainError('UNKNOWN_TRANSFER', 'There is no such transfer');
  const lines = await db
    .select({ line: stockTransferLines, skuCode: skus.code })
    .from(stockTransferLines)
    .innerJoin(skus, eq(skus.id, stockTransferLines.skuId))
    .where(eq(stockTransferLines.transferId, id))
    .orderBy(asc(stockTransferLines.position));
  return {
    ...row.transfer,
    from: { id: row.transfer.fromWarehouseId, code: row.from },
    to: { id: row.transfer.toWarehouseId, code: row.to },
    lines: lines.map((l) => ({ ...l.line, skuCode: l.skuCode, inTransit: stillInTransit(l.line) })),
  };
}

export async function listTransfers(
  db: Executor,
  input: { limit: number; cursor?: string; status?: TransferStatus; warehouseId?: string },
) {
  const rows = await db
    .select({
      id: stockTransfers.id,
      number: stockTransfers.number,
      status: stockTransfers.status,
      from: fromWarehouse.code,
      to: toWarehouse.code,
      shippedAt: stockTransfers.shippedAt,
      receivedAt: stockTransfers.receivedAt,
      createdAt: stockTransfers.createdAt,
    })
    .from(stockTransfers)
    .innerJoin(fromWarehouse, eq(fromWarehouse.id, stockTransfers.fromWarehouseId))
    .innerJoin(toWarehouse, eq(toWarehouse.id, stockTransfers.toWarehouseId))
    .where(
      and(
        input.status ? eq(stockTransfers.status, input.status) : undefined,
        input.warehouseId
          ? or(
              eq(stockTransfers.fromWarehouseId, input.warehouseId),
              eq(stockTransfers.toWarehouseId, input.warehouseId),
            )
          : undefined,
        afterCursor(input.cursor, stockTransfers.createdAt, stockTransfers.id, 'desc'),
      ),
    )
    .orderBy(desc(stockTransfers.createdAt), desc(stockTransfers.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit);
}
