// Brands: a name and a slug; archived brands stay on their products but leave the shop filters.

import { brands } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import { and, asc, eq, gt, ilike, isNull, or } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { decodeKeyset, encodeKeyset } from '../../infra/cursor';
import { type Actor, writeAudit } from '../identity/audit';
import { refreshBrandProducts } from './listing';
import { catalogWrite, SHARED } from './write';

export function createBrand(deps: AppDeps, actor: Actor, input: { name: string; slug: string }) {
  return catalogWrite(deps, SHARED, async (tx) => {
    const [row] = await tx.insert(brands).values(input).returning();
    await writeAudit(tx, actor, {
      action: 'brand.created',
      entityType: 'brand',
      entityId: row!.id,
      after: row,
    });
    return row!;
  });
}

export function updateBrand(
  deps: AppDeps,
  actor: Actor,
  input: { id: string; name?: string; slug?: string; archived?: boolean },
) {
  return catalogWrite(deps, SHARED, async (tx) => {
    const [before] = await tx.select().from(brands).where(eq(brands.id, input.id)).for('update');
    if (!before) throw new DomainError('NOT_FOUND', 'No brand with this id');
    const { id, archived, ...changes } = input;
    const archivedAt =
      archived === undefined ? before.archivedAt : archived ? (before.archivedAt ?? deps.clock.now()) : null;
    const [row] = await tx
      .update(brands)
      .set({ ...changes, archivedAt })
      .where(eq(brands.id, id))
      .returning();
    // Brand names are part of the search text; archiving also hides the brand filter, not products.
    if (changes.name) await refreshBrandProducts(tx, id);
    await writeAudit(tx, actor, {
      action: 'brand.updated',
      entityType: 'brand',
      entityId: id,
      before,
      after: row,
    });
    return row!;
  });
}

/** Brands by name, paged by name then id. */
export async function listBrands(
  deps: AppDeps,
  input: { limit: number; cursor?: string; search?: string; includeArchived: boolean },
) {
  const after = input.cursor ? decodeKeyset(input.cursor, z.tuple([z.string(), z.uuid()])) : null;
  const rows = await deps.db
    .select()
    .from(brands)
    .where(
      and(
        input.includeArchived ? undefined : isNull(brands.archivedAt),
        input.search
          ? ilike(brands.name, `%${input.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
          : undefined,
        after
          ? or(gt(brands.name, after[0]), and(eq(brands.name, after[0]), gt(brands.id, after[1])))
          : undefined,
      ),
    )
    .orderBy(asc(brands.name), asc(brands.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > input.limit && last ? encodeKeyset([last.name, last.id]) : null,
  };
}
