// Suppliers and what they charge: contact, currency, terms, lead time and minimum order, and a
// price per SKU from each quantity break on. A supplier invoices in a currency the store holds a
// rate for; one with purchase orders is kept (its orders name it).
import type { Executor } from '@crossdock/db/client';
import { isForeignKeyViolation, isUniqueViolation } from '@crossdock/db/errors';
import { purchaseOrders, skus, supplierPrices, suppliers } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import type { CreateSupplierInput } from '@crossdock/domain/purchasing';
import { and, asc, eq, gt, ilike, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { decodeKeyset, encodeKeyset } from '../../infra/cursor';
import { containing } from '../../infra/like';
import { type Actor, writeAudit } from '../identity/audit';

type SupplierRow = typeof suppliers.$inferSelect;

function refuseWrite(error: unknown): never {
  if (isUniqueViolation(error, 'suppliers_code_key')) {
    throw new DomainError('SUPPLIER_CODE_TAKEN', 'Another supplier has this code', { field: 'code' });
  }
  if (isForeignKeyViolation(error, 'suppliers_currency_currencies_code_fk')) {
    throw new DomainError(
      'SUPPLIER_CURRENCY_NO_RATE',
      'Add this currency and its exchange rate in Settings → Currencies first: purchase orders convert with it',
      { field: 'currency' },
    );
  }
  throw error;
}

export async function findSupplier(db: Executor, id: string): Promise<SupplierRow> {
  const [row] = await db.select().from(suppliers).where(eq(suppliers.id, id));
  if (!row) throw new DomainError('UNKNOWN_SUPPLIER', 'There is no such supplier');
  return row;
}

export async function createSupplier(deps: AppDeps, actor: Actor, input: CreateSupplierInput) {
  return deps.db
    .transaction(async (tx) => {
      const [row] = await tx.insert(suppliers).values(input).returning();
      await writeAudit(tx, actor, {
        action: 'supplier.created',
        entityType: 'supplier',
        entityId: row!.id,
        after: row,
      });
      return row!;
    })
    .catch(refuseWrite);
}

export async function updateSupplier(
  deps: AppDeps,
  actor: Actor,
  input: Partial<CreateSupplierInput> & { id: string },
) {
  const { id, ...fields } = input;
  return deps.db
    .transaction(async (tx) => {
      const before = await findSupplier(tx, id);
      const [row] = await tx.update(suppliers).set(fields).where(eq(suppliers.id, id)).returning();
      await writeAudit(tx, actor, {
        action: 'supplier.updated',
        entityType: 'supplier',
        entityId: id,
        before,
        after: row,
      });
      return row!;
    })
    .catch(refuseWrite);
}

/** Deletes a supplier no purchase order names (SUPPLIER_HAS_ORDERS otherwise), with its prices. */
export async function deleteSupplier(deps: AppDeps, actor: Actor, id: string) {
  await deps.db
    .transaction(async (tx) => {
      const before = await findSupplier(tx, id);
      const [used] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(purchaseOrders)
        .where(eq(purchaseOrders.supplierId, id));
      if (used!.n > 0) {
        throw new DomainError(
          'SUPPLIER_HAS_ORDERS',
          `${before.name} has ${used!.n} purchase orders: it is kept`,
          {
            orders: used!.n,
          },
        );
      }
      await tx.delete(suppliers).where(eq(suppliers.id, id));
      await writeAudit(tx, actor, {
        action: 'supplier.deleted',
        entityType: 'supplier',
        entityId: id,
        before,
      });
    })
    .catch((error) => {
      // A purchase order made meanwhile: the foreign key keeps the supplier.
      if (isForeignKeyViolation(error))
        throw new DomainError('SUPPLIER_HAS_ORDERS', 'This supplier has purchase orders: it is kept');
      throw error;
    });
}

const nameCursor = z.tuple([z.string(), z.uuid()]);

/** Suppliers by name, a page at a time; `search` finds by name or code. */
export async function listSuppliers(
  db: Executor,
  input: { limit: number; cursor?: string; search?: string },
) {
  const after = input.cursor ? decodeKeyset(input.cursor, nameCursor) : null;
  const key = sql`lower(${suppliers.name})`;
  const pattern = input.search ? containing(input.search) : null;
  const rows = await db
    .select()
    .from(suppliers)
    .where(
      and(
        pattern ? or(ilike(suppliers.name, pattern), ilike(suppliers.code, pattern)) : undefined,
        after ? or(gt(key, after[0]), and(eq(key, after[0]), gt(suppliers.id, after[1]))) : undefined,
      ),
    )
    .orderBy(asc(key), asc(suppliers.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > input.limit && last ? encodeKeyset([last.name.toLowerCase(), last.id]) : null,
  };
}

/** Replaces a supplier's price breaks for one SKU (none: it no longer quotes it). */
export async function setSupplierPrices(
  deps: AppDeps,
  actor: Actor,
  input: {
    supplierId: string;
    skuId: string;
    supplierSku: string | null;
    breaks: { minQuantity: number; unitPrice: number }[];
  },
) {
  return deps.db.transaction(async (tx) => {
    await findSupplier(tx, input.supplierId);
    const [sku] = await tx.select({ id: skus.id }).from(skus).where(eq(skus.id, input.skuId));
    if (!sku) throw new DomainError('UNKNOWN_SKU', 'There is no such SKU', { field: 'skuId' });
    const where = and(eq(supplierPrices.supplierId, input.supplierId), eq(supplierPrices.skuId, input.skuId));
    const before = await tx.select().from(supplierPrices).where(where);
    await tx.delete(supplierPrices).where(where);
    if (input.breaks.length) {
      await tx.insert(supplierPrices).values(
        input.breaks.map((b) => ({
          supplierId: input.supplierId,
          skuId: input.skuId,
          minQuantity: b.minQuantity,
          unitPrice: b.unitPrice,
          supplierSku: input.supplierSku,
        })),
      );
    }
    await writeAudit(tx, actor, {
      action: 'supplier.prices_set',
      entityType: 'supplier',
      entityId: input.supplierId,
      before: {
        skuId: input.skuId,
        breaks: before.map((b) => ({ minQuantity: b.minQuantity, unitPrice: b.unitPrice })),
      },
      after: { skuId: input.skuId, breaks: input.breaks },
    });
    return pricesOf(tx, input.supplierId);
  });
}

/** A supplier's prices, by SKU code, each with its breaks from the smallest quantity up. */
export async function pricesOf(db: Executor, supplierId: string) {
  const rows = await db
    .select({
      skuId: supplierPrices.skuId,
      skuCode: skus.code,
      supplierSku: supplierPrices.supplierSku,
      minQuantity: supplierPrices.minQuantity,
      unitPrice: supplierPrices.unitPrice,
    })
    .from(supplierPrices)
    .innerJoin(skus, eq(skus.id, supplierPrices.skuId))
    .where(eq(supplierPrices.supplierId, supplierId))
    .orderBy(asc(skus.code), asc(supplierPrices.minQuantity));
  const bySku = new Map<
    string,
    {
      skuId: string;
      skuCode: string;
      supplierSku: string | null;
      breaks: { minQuantity: number; unitPrice: number }[];
    }
  >();
  for (const r of rows) {
    const entry = bySku.get(r.skuId) ?? {
      skuId: r.skuId,
      skuCode: r.skuCode,
      supplierSku: r.supplierSku,
      breaks: [],
    };
    entry.breaks.push({ minQuantity: r.minQuantity, unitPrice: r.unitPrice });
    bySku.set(r.skuId, entry);
  }
  return [...bySku.values()];
}
