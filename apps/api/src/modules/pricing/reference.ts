// The reference data the cart and checkout price with, loaded together and kept by the
// reference cache (infra/reference-cache.ts) until staff change any of it.
import { categories, promotions } from '@crossdock/db/schema';
import { and, eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { loadPricing } from '../catalog/currencies';
import { listShippingMethods } from '../logistics/logistics.service';
import { getStoreSettings, listTaxRates } from '../settings/settings.service';

async function load(deps: AppDeps) {
  const db = deps.db;
  const [pricing, tree, methods, taxRates, settings, automatic] = await Promise.all([
    loadPricing(db),
    db
      .select({ id: categories.id, parentId: categories.parentId, archivedAt: categories.archivedAt })
      .from(categories),
    listShippingMethods(db, { activeOnly: true }),
    listTaxRates(db),
    getStoreSettings(db),
    db
      .select()
      .from(promotions)
      .where(and(eq(promotions.status, 'active'), eq(promotions.requiresCoupon, false))),
  ]);
  return {
    pricing,
    categories: {
      parents: new Map(tree.map((c) => [c.id, c.parentId])),
      archived: new Set(tree.filter((c) => c.archivedAt).map((c) => c.id)),
    },
    shippingMethods: methods,
    taxRates,
    settings,
    /** Active automatic promotions as defined; usage counters of limited ones are read fresh. */
    automaticPromotions: automatic,
  };
}

export type PricingReference = Awaited<ReturnType<typeof load>>;

export function pricingReference(deps: AppDeps): Promise<PricingReference> {
  return deps.reference.get('checkout', () => load(deps));
}
