// Keeps the read side of the catalog current: each product's search text (both languages,
// brand, categories, SKU codes) and its price range per currency (`product_listings`).
// Called inside the transaction of every change that can alter either.

import type { Executor } from '@crossdock/db/client';
import { brands, categories, productListings, products, skuPrices, skus } from '@crossdock/db/schema';
import { money } from '@crossdock/domain/money';
import { priceIn } from '@crossdock/domain/prices';
import { eq, inArray } from 'drizzle-orm';
import { loadPricing } from './currencies';
import { ancestorIds, descendantIds } from './tree';

const BATCH = 500;

/** Rewrites search text and price ranges of these products. */
export async function refreshProducts(tx: Executor, productIds: readonly string[]): Promise<void> {
  const ids = [...new Set(productIds)];
  if (ids.length === 0) return;
  const pricing = await loadPricing(tx);
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const rows = await tx
      .select({
        id: products.id,
        status: products.status,
        title: products.title,
        description: products.description,
        categoryId: products.categoryId,
        brandName: brands.name,
      })
      .from(products)
      .leftJoin(brands, eq(brands.id, products.brandId))
      .where(inArray(products.id, batch));
    const skuRows = await tx
      .select({
        id: skus.id,
        productId: skus.productId,
        code: skus.code,
        status: skus.status,
        basePrice: skus.basePrice,
        compareAtPrice: skus.compareAtPrice,
      })
      .from(skus)
      .where(inArray(skus.productId, batch));
    const overrides = skuRows.length
      ? await tx
          .select()
          .from(skuPrices)
          .where(
            inArray(
              skuPrices.skuId,
              skuRows.map((s) => s.id),
            ),
          )
      : [];
    const categoryNames = await categoryPathNames(tx, [...new Set(rows.map((r) => r.categoryId))]);

    await tx.delete(productListings).where(inArray(productListings.productId, batch));
    const listings: (typeof productListings.$inferInsert)[] = [];
    for (const product of rows) {
      const own = skuRows.filter((s) => s.productId === product.id);
      const searchText = [
        product.title.en,
        product.title['zh-CN'],
        product.brandName,
        ...(categoryNames.get(product.categoryId) ?? []),
        ...own.map((s) => s.code),
        product.description?.en,
        product.description?.['zh-CN'],
      ]
        .filter(Boolean)
        .join(' ')
        .slice(0, 20_000);
      await tx.update(products).set({ searchText }).where(eq(products.id, product.id));

      if (product.status !== 'active') continue;
      const sellable = own.filter((s) => s.status === 'active' && s.basePrice !== null);
      for (const setting of pricing.settings.values()) {
        const amounts = sellable.map(
          (s) =>
            priceIn(
              {
                basePrice: money(s.basePrice!, pricing.base),
                compareAtPrice: null,
                overrides: new Map(
                  overrides
                    .filter((o) => o.skuId === s.id)
                    .map((o) => [o.currency, { price: money(o.price, o.currency), compareAtPrice: null }]),
                ),
              },
              setting,
            ).price.amount,
        );
        if (amounts.length === 0) continue;
        listings.push({
          productId: product.id,
          currency: setting.code,
          minPrice: Math.min(...amounts),
          maxPrice: Math.max(...amounts),
        });
      }
    }
    if (listings.length > 0) await tx.insert(productListings).values(listings);
  }
}

/** Every category name (both languages) from each category up to the root. */
async function categoryPathNames(tx: Executor, categoryIds: string[]): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>();
  for (const id of categoryIds) {
    const path = await ancestorIds(tx, id);
    const rows = await tx
      .select({ name: categories.name })
      .from(categories)
      .where(inArray(categories.id, path));
    names.set(id, rows.flatMap((r) => [r.name.en, r.name['zh-CN'] ?? '']).filter(Boolean));
  }
  return names;
}

/** After a rate or rounding change: every listed product. */
export async function refreshAllProducts(tx: Executor): Promise<void> {
  const rows = await tx.select({ id: products.id }).from(products).where(eq(products.status, 'active'));
  await refreshProducts(
    tx,
    rows.map((r) => r.id),
  );
}

/** After a category rename: the products in it and below it. */
export async function refreshCategoryProducts(tx: Executor, categoryId: string): Promise<void> {
  const rows = await tx
    .select({ id: products.id })
    .from(products)
    .where(inArray(products.categoryId, await descendantIds(tx, categoryId)));
  await refreshProducts(
    tx,
    rows.map((r) => r.id),
  );
}

export async function refreshBrandProducts(tx: Executor, brandId: string): Promise<void> {
  const rows = await tx.select({ id: products.id }).from(products).where(eq(products.brandId, brandId));
  await refreshProducts(
    tx,
    rows.map((r) => r.id),
  );
}
