// Stock counts: starting one freezes what the books expect of each SKU in the warehouse (all it
// holds, or the SKUs listed); counters enter what they find by barcode or SKU code without seeing
// the books (blind); the review shows each difference and its value at the SKU's average cost;
// posting corrects every line that differs in one transaction — by what was counted less what
// was expected, so what moved while counting stands — and only once.
import { type Executor, resultRows } from '@crossdock/db/client';
import { skuCosts, skus, stockCountLines, stockCounts, stockLevels, warehouses } from '@crossdock/db/schema';
import { countNumber, countSummary, countVariance, type StartCountInput } from '@crossdock/domain/counts';
import { DomainError } from '@crossdock/domain/errors';
import { and, asc, desc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { afterCursor, toPage } from '../../infra/cursor';
import { type Actor, writeAudit } from '../identity/audit';
import { changeStock } from './inventory.service';

type CountRow = typeof stockCounts.$inferSelect;

async function lockOpenCount(tx: Executor, id: string): Promise<CountRow> {
  const [count] = await tx.select().from(stockCounts).where(eq(stockCounts.id, id)).for('update');
  if (!count) throw new DomainError('UNKNOWN_COUNT', 'There is no such stock count');
  if (count.status !== 'counting') {
    throw new DomainError('COUNT_NOT_OPEN', `This count is ${count.status}: it takes no more changes`, {
      status: count.status,
    });
  }
  return count;
}

/** Starts a count: the books' quantity of each SKU in scope, frozen now. */
export async function startCount(deps: AppDeps, actor: Actor, input: StartCountInput) {
  const now = deps.clock.now();
  const id = await deps.db.transaction(async (tx) => {
    const [warehouse] = await tx.select().from(warehouses).where(eq(warehouses.id, input.warehouseId));
    if (!warehouse)
      throw new DomainError('UNKNOWN_WAREHOUSE', 'There is no such warehouse', { field: 'warehouseId' });
    if (input.skuIds) {
      const known = await tx.select({ id: skus.id }).from(skus).where(inArray(skus.id, input.skuIds));
      if (known.length !== input.skuIds.length)
        throw new DomainError('UNKNOWN_SKU', 'One of these SKUs does not exist');
    }
    const [seq] = resultRows<{ seq: string }>(
      await tx.execute(sql`select nextval('count_number_seq')::text as seq`),
    );
    const [count] = await tx
      .insert(stockCounts)
      .values({
        number: countNumber(now, Number(seq!.seq)),
        warehouseId: warehouse.id,
        wholeWarehouse: !input.skuIds,
        note: input.note,
        createdBy: actor.id,
        createdAt: now,
      })
      .returning();
    // One statement: what the books hold of each SKU in scope (none held: expected 0).
    await tx.execute(sql`
      insert into ${stockCountLines} (count_id, sku_id, expected)
      select ${count!.id}, s.id, coalesce(l.on_hand, 0)
      from ${skus} s
      left join ${stockLevels} l on l.sku_id = s.id and l.warehouse_id = ${warehouse.id}
      where ${input.skuIds ? sql`s.id in ${input.skuIds}` : sql`l.sku_id is not null`}`);
    await writeAudit(tx, actor, {
      action: 'count.started',
      entityType: 'stock_count',
      entityId: count!.id,
      after: { number: count!.number, warehouse: warehouse.code, skus: input.skuIds?.length ?? 'all' },
    });
    return count!.id;
  });
  return countHeader(deps.db, id);
}

/**
 * What a counter found: the SKU by its barcode or code (UNKNOWN_BARCODE when none has it), how
 * many. A SKU a whole-warehouse count did not expect (stock nobody knew was there) joins it with
 * nothing expected; one a listed count does not hold is NOT_IN_COUNT. Returns what was entered —
 * never what the books expect (the count is blind).
 */
export async function enterCount(
  deps: AppDeps,
  actor: Actor,
  input: { countId: string; code: string; quantity: number },
) {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const count = await lockOpenCount(tx, input.countId);
    const [sku] = await tx
      .select({ id: skus.id, code: skus.code, barcode: skus.barcode })
      .from(skus)
      .where(or(eq(skus.barcode, input.code), eq(sql`upper(${skus.code})`, input.code.toUpperCase())));
    if (!sku)
      throw new DomainError('UNKNOWN_BARCODE', `No SKU has the barcode or code ${input.code}`, {
        field: 'code',
      });
    const [line] = await tx
      .select()
      .from(stockCountLines)
      .where(and(eq(stockCountLines.countId, count.id), eq(stockCountLines.skuId, sku.id)));
    if (!line && !count.wholeWarehouse) {
      throw new DomainError('NOT_IN_COUNT', `${sku.code} is not on this count`, { field: 'code' });
    }
    const entry = { counted: input.quantity, countedBy: actor.id, countedAt: now };
    if (line) {
      await tx
        .update(stockCountLines)
        .set(entry)
        .where(and(eq(stockCountLines.countId, count.id), eq(stockCountLines.skuId, sku.id)));
    } else {
      await tx.insert(stockCountLines).values({ countId: count.id, skuId: sku.id, expected: 0, ...entry });
    }
    await writeAudit(tx, actor, {
      action: 'count.entered',
      entityType: 'stock_count',
      entityId: count.id,
      after: { sku: sku.code, counted: input.quantity },
    });
    return { skuId: sku.id, code: sku.code, counted: input.quantity, countedAt: now };
  });
}

/** The variance review: each counted line that differs, with its value at the SKU's average cost. */
export async function countReview(db: Executor, id: string) {
  const header = await countHeader(db, id);
  const lines = await db
    .select({
      skuId: stockCountLines.skuId,
      code: skus.code,
      expected: stockCountLines.expected,
      counted: stockCountLines.counted,
      unitCost: skuCosts.unitCost,
    })
    .from(stockCountLines)
    .innerJoin(skus, eq(skus.id, stockCountLines.skuId))
    .leftJoin(skuCosts, eq(skuCosts.skuId, stockCountLines.skuId))
    .where(eq(stockCountLines.countId, id))
    .orderBy(asc(skus.code));
  return {
    ...header,
    summary: countSummary(lines),
    differences: lines
      .filter((l) => (countVariance(l) ?? 0) !== 0)
      .map((l) => {
        const variance = countVariance(l)!;
        return { ...l, variance, value: l.unitCost === null ? null : Math.round(variance * l.unitCost) };
      }),
    /** SKUs expected but not counted yet (posting leaves them as the books say). */
    uncounted: lines.filter((l) => l.counted === null).map((l) => ({ skuId: l.skuId, code: l.code })),
  };
}

/**
 * Posts the count: every counted line that differs is corrected by counted − expected, with a
 * `count_correction` movement, all in one transaction under a lock on the count — a second post
 * (or two at once) finds it posted and changes nothing. Uncounted lines stay as the books say.
 */
export async function postCount(deps: AppDeps, actor: Actor, id: string) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const count = await lockOpenCount(tx, id);
    const lines = await tx
      .select()
      .from(stockCountLines)
      .where(and(eq(stockCountLines.countId, id), isNotNull(stockCountLines.counted)))
      // SKU order, as stock rows are locked everywhere.
      .orderBy(asc(stockCountLines.skuId));
    if (lines.length === 0) throw new DomainError('COUNT_EMPTY', 'Nothing has been counted yet');
    let corrected = 0;
    for (const line of lines) {
      const variance = countVariance(line)!;
      if (variance === 0) continue;
      await changeStock(tx, {
        skuId: line.skuId,
        warehouseId: count.warehouseId,
        quantity: variance,
        reason: 'count_correction',
        reference: count.number,
        actorId: actor.id,
        at: now,
      });
      corrected++;
    }
    await tx
      .update(stockCounts)
      .set({ status: 'posted', postedBy: actor.id, postedAt: now })
      .where(eq(stockCounts.id, id));
    await writeAudit(tx, actor, {
      action: 'count.posted',
      entityType: 'stock_count',
      entityId: id,
      before: { status: 'counting' },
      after: { status: 'posted', number: count.number, counted: lines.length, corrected },
    });
  });
  return countReview(deps.db, id);
}

export async function cancelCount(deps: AppDeps, actor: Actor, id: string) {
  await deps.db.transaction(async (tx) => {
    await lockOpenCount(tx, id);
    await tx.update(stockCounts).set({ status: 'cancelled' }).where(eq(stockCounts.id, id));
    await writeAudit(tx, actor, {
      action: 'count.cancelled',
      entityType: 'stock_count',
      entityId: id,
      before: { status: 'counting' },
      after: { status: 'cancelled' },
    });
  });
  return countHeader(deps.db, id);
}

/** A count as counters see it: its warehouse and progress, never the books' quantities. */
export async function countHeader(db: Executor, id: string) {
  const [row] = await db
    .select({
      count: stockCounts,
      warehouse: { code: warehouses.code, name: warehouses.name },
      lines: sql<number>`(select count(*)::int from ${stockCountLines} where count_id = ${stockCounts.id})`,
      counted: sql<number>`(select count(*)::int from ${stockCountLines} where count_id = ${stockCounts.id} and counted is not null)`,
    })
    .from(stockCounts)
    .innerJoin(warehouses, eq(warehouses.id, stockCounts.warehouseId))
    .where(eq(stockCounts.id, id));
  if (!row) throw new DomainError('UNKNOWN_COUNT', 'There is no such stock count');
  return { ...row.count, warehouse: row.warehouse, lines: row.lines, counted: row.counted };
}

export async function listCounts(
  db: Executor,
  input: { limit: number; cursor?: string; status?: CountRow['status'] },
) {
  const rows = await db
    .select({
      id: stockCounts.id,
      number: stockCounts.number,
      status: stockCounts.status,
      warehouse: warehouses.code,
      createdAt: stockCounts.createdAt,
      postedAt: stockCounts.postedAt,
    })
    .from(stockCounts)
    .innerJoin(warehouses, eq(warehouses.id, stockCounts.warehouseId))
    .where(
      and(
        input.status ? eq(stockCounts.status, input.status) : undefined,
        afterCursor(input.cursor, stockCounts.createdAt, stockCounts.id, 'desc'),
      ),
    )
    .orderBy(desc(stockCounts.createdAt), desc(stockCounts.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit);
}
