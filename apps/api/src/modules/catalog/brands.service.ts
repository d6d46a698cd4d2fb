// Brands: a name and a slug; archived brands stay on their products but leave the shop filters.

import { isUniqueViolation } from '@crossdock/db/errors';
import { brands } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import { and, asc, eq, gt, ilike, isNull, or } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { type Actor, writeAudit } from '../identity/audit';
import { refreshBrandProducts } from './listing';

const slugTaken = () => new DomainError('SLUG_TAKEN', 'Another brand already uses this slug');

async function guardSlug<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error, 'brands_slug_key')) throw slugTaken();
    throw error;
  }
}

export function createBrand(deps: AppDeps, actor: Actor, input: { name: string; slug: string }) {
  return guardSlug(() =>
    deps.db.transaction(async (tx) => {
      const [row] = await tx.insert(brands).values(input).returning();
      await writeAudit(tx, actor, {
        action: 'brand.created',
        entityType: 'brand',
        entityId: row!.id,
        after: row,
      });
      return row!;
    }),
  );
}

export function updateBrand(
  deps: AppDeps,
  actor: Actor,
  input: { id: string; name?: string; slug?: string; archived?: boolean },
) {
  return guardSlug(() =>
    deps.db.transaction(async (tx) => {
      const [before] = await tx.select().from(brands).where(eq(brands.id, input.id)).for('update');
      if (!before) throw new DomainError('NOT_FOUND', 'No brand with this id');
      const { id, archived, ...changes } = input;
      const archivedAt =
        archived === undefined
          ? before.archivedAt
          : archived
            ? (before.archivedAt ?? deps.clock.now())
            : null;
      const [row] = await tx
        .update(brands)
        .set({ ...changes, archivedAt })
        .where(eq(brands.id, id))
        .returning();
      await writeAudit(tx, actor, {
        action: 'brand.updated',
        entityType: 'brand',
        entityId: id,
        before,
        after: row,
      });
      return row!;
    }),
  );
}

/** Brands by name, paged by name then id. */
export async function listBrands(
  deps: AppDeps,
  input: { limit: number; cursor?: string; search?: string; includeArchived: boolean },
) {
  const after = input.cursor ? decodeNameCursor(input.cursor) : null;
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
          ? or(gt(brands.name, after.name), and(eq(brands.name, after.name), gt(brands.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(asc(brands.name), asc(brands.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > input.limit && last
        ? Buffer.from(JSON.stringify([last.name, last.id])).toString('base64url')
        : null,
  };
}

function decodeNameCursor(cursor: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof name === 'string' && typeof id === 'string') return { name, id };
  } catch {}
  throw new DomainError('INVALID_CURSOR', 'The page cursor is not valid; start from the first page');
}
