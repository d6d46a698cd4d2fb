// Categories: a tree of any depth with ordered siblings. Moves are checked against the tree
// (no cycles) under a lock, so two concurrent moves cannot build a loop between them.

import type { Executor } from '@crossdock/db/client';
import { isForeignKeyViolation } from '@crossdock/db/errors';
import { categories, products } from '@crossdock/db/schema';
import type { LocalizedText } from '@crossdock/domain/catalog';
import { assertMoveKeepsTree } from '@crossdock/domain/catalog-rules';
import { DomainError } from '@crossdock/domain/errors';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { type Actor, writeAudit } from '../identity/audit';
import { refreshCategoryProducts } from './listing';
import { ancestorIds } from './tree';
import { catalogWrite, SHARED } from './write';

const TREE_LOCK = 727_101;

async function loadCategory(tx: Executor, id: string) {
  const [row] = await tx.select().from(categories).where(eq(categories.id, id)).for('update');
  if (!row) throw new DomainError('NOT_FOUND', 'No category with this id');
  return row;
}

async function assertParent(tx: Executor, parentId: string | null) {
  if (!parentId) return;
  const [parent] = await tx.select({ id: categories.id }).from(categories).where(eq(categories.id, parentId));
  if (!parent) throw new DomainError('UNKNOWN_CATEGORY', 'The parent category does not exist');
}

async function nextPosition(tx: Executor, parentId: string | null): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`coalesce(max(${categories.position}) + 1, 0)::int` })
    .from(categories)
    .where(parentId ? eq(categories.parentId, parentId) : isNull(categories.parentId));
  return row?.n ?? 0;
}

export async function createCategory(
  deps: AppDeps,
  actor: Actor,
  input: { name: LocalizedText; description?: LocalizedText; slug: string; parentId: string | null },
) {
  return catalogWrite(deps, SHARED, async (tx) => {
    await assertParent(tx, input.parentId);
    const [row] = await tx
      .insert(categories)
      .values({ ...input, position: await nextPosition(tx, input.parentId) })
      .returning();
    await writeAudit(tx, actor, {
      action: 'category.created',
      entityType: 'category',
      entityId: row!.id,
      after: row,
    });
    return row!;
  });
}

export async function updateCategory(
  deps: AppDeps,
  actor: Actor,
  input: { id: string; name?: LocalizedText; description?: LocalizedText | null; slug?: string },
) {
  return catalogWrite(deps, SHARED, async (tx) => {
    const before = await loadCategory(tx, input.id);
    const { id, ...changes } = input;
    const [row] = await tx.update(categories).set(changes).where(eq(categories.id, id)).returning();
    // Category names are part of every product's search text below it.
    if (changes.name) await refreshCategoryProducts(tx, id);
    await writeAudit(tx, actor, {
      action: 'category.updated',
      entityType: 'category',
      entityId: id,
      before,
      after: row,
    });
    return row!;
  });
}

/** Puts the category under `parentId` at `position`, renumbering its new siblings. */
export async function moveCategory(
  deps: AppDeps,
  actor: Actor,
  input: { id: string; parentId: string | null; position: number },
) {
  return catalogWrite(deps, SHARED, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${TREE_LOCK})`);
    const before = await loadCategory(tx, input.id);
    await assertParent(tx, input.parentId);
    assertMoveKeepsTree(
      input.id,
      input.parentId,
      input.parentId ? await ancestorIds(tx, input.parentId) : [],
    );

    const siblings = await tx
      .select({ id: categories.id })
      .from(categories)
      .where(
        and(
          input.parentId ? eq(categories.parentId, input.parentId) : isNull(categories.parentId),
          sql`${categories.id} <> ${input.id}`,
        ),
      )
      .orderBy(asc(categories.position), asc(categories.createdAt));
    const order = siblings.map((s) => s.id);
    order.splice(Math.min(input.position, order.length), 0, input.id);
    for (const [position, id] of order.entries()) {
      await tx
        .update(categories)
        .set(id === input.id ? { parentId: input.parentId, position } : { position })
        .where(eq(categories.id, id));
    }
    if (before.parentId !== input.parentId) await refreshCategoryProducts(tx, input.id);
    await writeAudit(tx, actor, {
      action: 'category.moved',
      entityType: 'category',
      entityId: input.id,
      before: { parentId: before.parentId, position: before.position },
      after: { parentId: input.parentId, position: order.indexOf(input.id) },
    });
  });
}

/** Archiving hides a category from the shop; it must hold no active products or live subcategories. */
export async function archiveCategory(deps: AppDeps, actor: Actor, input: { id: string; archived: boolean }) {
  return catalogWrite(deps, SHARED, async (tx) => {
    const before = await loadCategory(tx, input.id);
    if (input.archived) {
      const [busy] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(products)
        .where(and(eq(products.categoryId, input.id), eq(products.status, 'active')));
      const [children] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(categories)
        .where(and(eq(categories.parentId, input.id), isNull(categories.archivedAt)));
      if ((busy?.n ?? 0) > 0 || (children?.n ?? 0) > 0) {
        throw new DomainError(
          'CATEGORY_NOT_EMPTY',
          `Move or archive what it holds first: ${busy?.n ?? 0} active product(s), ${children?.n ?? 0} subcategory(ies)`,
        );
      }
    }
    const archivedAt = input.archived ? (before.archivedAt ?? deps.clock.now()) : null;
    await tx.update(categories).set({ archivedAt }).where(eq(categories.id, input.id));
    await writeAudit(tx, actor, {
      action: input.archived ? 'category.archived' : 'category.restored',
      entityType: 'category',
      entityId: input.id,
      before: { archivedAt: before.archivedAt },
      after: { archivedAt },
    });
  });
}

/** Deleting is only for an empty category; the database refuses otherwise. */
export async function deleteCategory(deps: AppDeps, actor: Actor, id: string) {
  try {
    await catalogWrite(deps, SHARED, async (tx) => {
      const before = await loadCategory(tx, id);
      await tx.delete(categories).where(eq(categories.id, id));
      await writeAudit(tx, actor, {
        action: 'category.deleted',
        entityType: 'category',
        entityId: id,
        before,
      });
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) {
      throw new DomainError(
        'CATEGORY_NOT_EMPTY',
        'This category still has products or subcategories; archive it instead',
      );
    }
    throw error;
  }
}

export interface CategoryNode {
  id: string;
  slug: string;
  name: LocalizedText;
  description: LocalizedText | null;
  parentId: string | null;
  position: number;
  archived: boolean;
  children: CategoryNode[];
}

/** The whole tree, siblings in order. Archived categories only when asked (staff). */
export async function categoryTree(
  db: Executor,
  options: { includeArchived: boolean },
): Promise<CategoryNode[]> {
  const rows = await db
    .select()
    .from(categories)
    .where(options.includeArchived ? undefined : isNull(categories.archivedAt))
    .orderBy(asc(categories.position), asc(categories.createdAt));
  const nodes = new Map<string, CategoryNode>(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        slug: r.slug,
        name: r.name,
        description: r.description,
        parentId: r.parentId,
        position: r.position,
        archived: r.archivedAt !== null,
        children: [],
      },
    ]),
  );
  const roots: CategoryNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else if (!node.parentId) roots.push(node);
  }
  return roots;
}
