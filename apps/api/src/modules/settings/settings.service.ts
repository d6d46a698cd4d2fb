// The store's settings: the one row of store-wide settings checkout reads (prices with or
// without tax, how long unpaid orders hold stock, how points are earned and spent) and the tax
// rates per destination country and category. Every write invalidates the pricing reference.
import type { Executor } from '@crossdock/db/client';
import { categories, storeSettings, taxRates } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import { pricesIncludeTaxByDefault } from '@crossdock/domain/tax';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { referenceWrite } from '../../infra/reference-cache';
import { type Actor, writeAudit } from '../identity/audit';

export async function listTaxRates(db: Executor) {
  return db.select().from(taxRates).orderBy(asc(taxRates.country), asc(taxRates.categoryId));
}

export async function setTaxRate(
  deps: AppDeps,
  actor: Actor,
  input: { country: string; categoryId: string | null; basisPoints: number; pricesIncludeTax?: boolean },
) {
  return referenceWrite(deps, async (tx) => {
    if (input.categoryId) {
      const [category] = await tx
        .select({ id: categories.id })
        .from(categories)
        .where(eq(categories.id, input.categoryId));
      if (!category) throw new DomainError('UNKNOWN_CATEGORY', 'There is no such category');
    }
    const match = and(
      eq(taxRates.country, input.country),
      input.categoryId ? eq(taxRates.categoryId, input.categoryId) : isNull(taxRates.categoryId),
    );
    const [existing] = await tx.select().from(taxRates).where(match).for('update');
    // The market's inclusive flag lives on its default rate: given, kept, or the country's usual.
    const pricesIncludeTax = input.categoryId
      ? null
      : (input.pricesIncludeTax ?? existing?.pricesIncludeTax ?? pricesIncludeTaxByDefault(input.country));
    const [row] = existing
      ? await tx
          .update(taxRates)
          .set({ basisPoints: input.basisPoints, pricesIncludeTax })
          .where(eq(taxRates.id, existing.id))
          .returning()
      : await tx
          .insert(taxRates)
          .values({
            country: input.country,
            categoryId: input.categoryId,
            basisPoints: input.basisPoints,
            pricesIncludeTax,
          })
          .returning();
    await writeAudit(tx, actor, {
      action: 'tax_rate.set',
      entityType: 'tax_rate',
      entityId: row!.id,
      before: existing ?? null,
      after: row,
    });
    return row!;
  });
}

export async function removeTaxRate(deps: AppDeps, actor: Actor, id: string) {
  await referenceWrite(deps, async (tx) => {
    const [gone] = await tx.delete(taxRates).where(eq(taxRates.id, id)).returning();
    if (!gone) throw new DomainError('NOT_FOUND', 'There is no such tax rate');
    await writeAudit(tx, actor, {
      action: 'tax_rate.removed',
      entityType: 'tax_rate',
      entityId: id,
      before: gone,
    });
  });
}

export async function getStoreSettings(db: Executor) {
  const [row] = await db.select().from(storeSettings).where(eq(storeSettings.id, 1));
  if (!row) throw new Error('store_settings has no row: run the migrations');
  return settingsView(row);
}

function settingsView(row: typeof storeSettings.$inferSelect) {
  return {
    taxInclusive: row.taxInclusive,
    reservationMinutes: row.reservationMinutes,
    pointsPerUnit: row.pointsPerUnit,
    pointsPerUnitRedeemed: row.pointsPerUnitRedeemed,
    pointsMaxShareBasisPoints: row.pointsMaxShareBasisPoints,
    purchaseApprovalLimit: row.purchaseApprovalLimit,
    overReceiptTolerancePercent: row.overReceiptTolerancePercent,
  };
}

export async function updateStoreSettings(
  deps: AppDeps,
  actor: Actor,
  input: {
    taxInclusive?: boolean;
    reservationMinutes?: number;
    pointsPerUnit?: number;
    pointsPerUnitRedeemed?: number;
    pointsMaxShareBasisPoints?: number;
    purchaseApprovalLimit?: number;
    overReceiptTolerancePercent?: number;
  },
) {
  return referenceWrite(deps, async (tx) => {
    const before = await getStoreSettings(tx);
    const [row] = await tx.update(storeSettings).set(input).where(eq(storeSettings.id, 1)).returning();
    await writeAudit(tx, actor, {
      action: 'settings.updated',
      entityType: 'store_settings',
      entityId: '1',
      before,
      after: input,
    });
    return settingsView(row!);
  });
}
