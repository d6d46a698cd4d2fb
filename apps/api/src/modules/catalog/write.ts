// Every catalog write goes through here: one transaction, then — only once it has committed —
// the cache versions it affects are bumped.
import type { Tx } from '@crossdock/db/client';
import type { AppDeps } from '../../deps';
import type { CatalogChange } from './cache';

/**
 * Callers whose `change` reads the result annotate the work's parameter (`async (tx: Tx) =>`):
 * an unannotated callback is inferred after `change`, which then sees `unknown`.
 */
export async function catalogWrite<T>(
  deps: AppDeps,
  change: CatalogChange | ((result: NoInfer<T>) => CatalogChange),
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  const result = await deps.db.transaction(work);
  const affected = typeof change === 'function' ? change(result) : change;
  await deps.catalogCache.invalidate(affected);
  // Rates and categories are also reference data for the cart and checkout.
  if (affected.shared) await deps.reference.invalidate();
  return result;
}

/** Rates, categories and brands appear on every page. */
export const SHARED: CatalogChange = { shared: true };
export const productSlug = (result: { slug: string }): CatalogChange => ({ slugs: [result.slug] });
