// Products for staff: create with options (the SKU matrix is generated), edit content, edit SKUs
// in bulk with per-currency prices, publish only when sellable, and change prices in bulk with a
// preview. Every change is one transaction with its audit row.

import type { Executor, Tx } from '@crossdock/db/client';
import {
  brands,
  categories,
  optionValues,
  productOptions,
  products,
  skuOptionValues,
  skuPrices,
  skus,
  stockLevels,
  stockMovements,
} from '@crossdock/db/schema';
import type { LocalizedText, ProductAttributes, ProductStatus } from '@crossdock/domain/catalog';
import { combinationKey, publishBlockers, skuMatrix } from '@crossdock/domain/catalog-rules';
import { DomainError } from '@crossdock/domain/errors';
import { money } from '@crossdock/domain/money';
import { changePrice, type PriceChange, priceIn } from '@crossdock/domain/prices';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { afterCursor, toPage } from '../../infra/cursor';
import { type Actor, writeAudit } from '../identity/audit';
import { loadPricing, type PricingContext } from './currencies';
import { imagesOf } from './images.service';
import { refreshProducts } from './listing';
import { catalogWrite, productSlug } from './write';

async function assertCategory(tx: Executor, id: string) {
  const [row] = await tx
    .select({ archivedAt: categories.archivedAt })
    .from(categories)
    .where(eq(categories.id, id));
  if (!row || row.archivedAt)
    throw new DomainError('UNKNOWN_CATEGORY', 'Choose an existing, unarchived category');
}

async function assertBrand(tx: Executor, id: string | null | undefined) {
  if (!id) return;
  const [row] = await tx.select({ id: brands.id }).from(brands).where(eq(brands.id, id));
  if (!row) throw new DomainError('UNKNOWN_BRAND', 'Choose an existing brand');
}

function skuCode(prefix: string, codes: string[]): string {
  return [prefix, ...codes]
    .join('-')
    .toUpperCase()
    .replace(/[^A-Z0-9._-]+/g, '-')
    .slice(0, 64);
}

/** Creates a SKU for every combination of the product's option values that has none yet. */
async function fillMatrix(tx: Executor, productId: string, prefix: string): Promise<number> {
  const options = await tx
    .select({ id: productOptions.id })
    .from(productOptions)
    .where(eq(productOptions.productId, productId))
    .orderBy(asc(productOptions.position));
  const values = options.length
    ? await tx
        .select({ id: optionValues.id, optionId: optionValues.optionId, code: optionValues.code })
        .from(optionValues)
        .where(
          inArray(
            optionValues.optionId,
            options.map((o) => o.id),
          ),
        )
        .orderBy(asc(optionValues.position))
    : [];
  const combos = skuMatrix(options.map((o) => ({ values: values.filter((v) => v.optionId === o.id) })));
  const existing = new Set(
    (await tx.select({ key: skus.combinationKey }).from(skus).where(eq(skus.productId, productId))).map(
      (r) => r.key,
    ),
  );
  let created = 0;
  for (const [position, combo] of combos.entries()) {
    const key = combinationKey(combo.map((v) => v.id));
    if (existing.has(key)) continue;
    const [sku] = await tx
      .insert(skus)
      .values({
        productId,
        code: skuCode(
          prefix,
          combo.map((v) => v.code),
        ),
        combinationKey: key,
        position,
      })
      .returning({ id: skus.id });
    if (combo.length > 0)
      await tx.insert(skuOptionValues).values(combo.map((v) => ({ skuId: sku!.id, optionValueId: v.id })));
    created += 1;
  }
  return created;
}

export interface NewProduct {
  slug: string;
  title: LocalizedText;
  description?: LocalizedText;
  categoryId: string;
  brandId: string | null;
  attributes: ProductAttributes;
  seo: { title?: LocalizedText; description?: LocalizedText };
  options: { name: LocalizedText; values: { code: string; label: LocalizedText }[] }[];
  skuPrefix?: string;
}

export function createProduct(deps: AppDeps, actor: Actor, input: NewProduct) {
  return catalogWrite(deps, productSlug, async (tx: Tx) => {
    await assertCategory(tx, input.categoryId);
    await assertBrand(tx, input.brandId);
    const [product] = await tx
      .insert(products)
      .values({
        slug: input.slug,
        title: input.title,
        description: input.description ?? null,
        categoryId: input.categoryId,
        brandId: input.brandId,
        attributes: input.attributes,
        seoTitle: input.seo.title ?? null,
        seoDescription: input.seo.description ?? null,
      })
      .returning({ id: products.id });
    const productId = product!.id;
    for (const [position, option] of input.options.entries()) {
      const [row] = await tx
        .insert(productOptions)
        .values({ productId, position, name: option.name })
        .returning({ id: productOptions.id });
      await tx
        .insert(optionValues)
        .values(
          option.values.map((v, i) => ({ optionId: row!.id, position: i, code: v.code, label: v.label })),
        );
    }
    await fillMatrix(tx, productId, input.skuPrefix ?? input.slug);
    await refreshProducts(tx, [productId]);
    const created = await productDetail(tx, productId);
    await writeAudit(tx, actor, {
      action: 'product.created',
      entityType: 'product',
      entityId: productId,
      after: created,
    });
    return created;
  });
}

/** Adds values to an option and generates the SKUs for the new combinations. */
export function addOptionValues(
  deps: AppDeps,
  actor: Actor,
  input: { productId: string; optionId: string; values: { code: string; label: LocalizedText }[] },
) {
  return catalogWrite(deps, productSlug, async (tx: Tx) => {
    const product = await lockProduct(tx, input.productId);
    const [option] = await tx
      .select({ id: productOptions.id })
      .from(productOptions)
      .where(and(eq(productOptions.id, input.optionId), eq(productOptions.productId, input.productId)));
    if (!option) throw new DomainError('NOT_FOUND', 'This product has no such option');
    const [last] = await tx
      .select({ n: sql<number>`coalesce(max(${optionValues.position}) + 1, 0)::int` })
      .from(optionValues)
      .where(eq(optionValues.optionId, option.id));
    await tx.insert(optionValues).values(
      input.values.map((v, i) => ({
        optionId: option.id,
        position: (last?.n ?? 0) + i,
        code: v.code,
        label: v.label,
      })),
    );
    const created = await fillMatrix(tx, input.productId, product.slug);
    await refreshProducts(tx, [input.productId]);
    await writeAudit(tx, actor, {
      action: 'product.option_values_added',
      entityType: 'product',
      entityId: input.productId,
      after: { optionId: option.id, values: input.values.map((v) => v.code), skusCreated: created },
    });
    return productDetail(tx, input.productId);
  });
}

async function lockProduct(tx: Executor, id: string) {
  const [row] = await tx.select().from(products).where(eq(products.id, id)).for('update');
  if (!row) throw new DomainError('NOT_FOUND', 'No product with this id');
  return row;
}

export function updateProduct(
  deps: AppDeps,
  actor: Actor,
  input: {
    id: string;
    slug?: string;
    title?: LocalizedText;
    description?: LocalizedText | null;
    categoryId?: string;
    brandId?: string | null;
    attributes?: ProductAttributes;
    seo?: { title?: LocalizedText; description?: LocalizedText };
  },
) {
  const previousSlug: string[] = [];
  return catalogWrite(
    deps,
    (after) => ({ slugs: [after.slug, ...previousSlug] }),
    async (tx: Tx) => {
      const before = await lockProduct(tx, input.id);
      previousSlug.push(before.slug);
      if (input.categoryId) await assertCategory(tx, input.categoryId);
      await assertBrand(tx, input.brandId);
      const { id, seo, ...changes } = input;
      const [after] = await tx
        .update(products)
        .set({
          ...changes,
          ...(seo ? { seoTitle: seo.title ?? null, seoDescription: seo.description ?? null } : {}),
        })
        .where(eq(products.id, id))
        .returning();
      await refreshProducts(tx, [id]);
      await writeAudit(tx, actor, {
        action: 'product.updated',
        entityType: 'product',
        entityId: id,
        before,
        after,
      });
      return productDetail(tx, id);
    },
  );
}

type SkuPatch = {
  id: string;
  code?: string;
  barcode?: string | null;
  basePrice?: number | null;
  compareAtPrice?: number | null;
  weightGrams?: number | null;
  lengthMm?: number | null;
  widthMm?: number | null;
  heightMm?: number | null;
  status?: 'active' | 'inactive';
  prices?: Partial<Record<string, { price: number; compareAtPrice: number | null } | null>>;
};

/** The SKU matrix editor's save: every row in one transaction, all or nothing. */
export function updateSkus(deps: AppDeps, actor: Actor, input: { productId: string; skus: SkuPatch[] }) {
  return catalogWrite(deps, productSlug, async (tx: Tx) => {
    const product = await lockProduct(tx, input.productId);
    const ids = input.skus.map((s) => s.id);
    const before = await tx
      .select()
      .from(skus)
      .where(and(eq(skus.productId, product.id), inArray(skus.id, ids)));
    if (before.length !== new Set(ids).size)
      throw new DomainError('NOT_FOUND', 'Some SKUs do not belong to this product');
    const pricing = await loadPricing(tx);
    for (const { id, prices, ...fields } of input.skus) {
      if (Object.keys(fields).length > 0) await tx.update(skus).set(fields).where(eq(skus.id, id));
      for (const [currency, price] of Object.entries(prices ?? {})) {
        if (currency === pricing.base) {
          throw new DomainError(
            'VALIDATION_FAILED',
            `${currency} is the base currency: set basePrice instead`,
          );
        }
        if (price === null) {
          await tx.delete(skuPrices).where(and(eq(skuPrices.skuId, id), eq(skuPrices.currency, currency)));
        } else if (price) {
          await tx
            .insert(skuPrices)
            .values({ skuId: id, currency, ...price })
            .onConflictDoUpdate({ target: [skuPrices.skuId, skuPrices.currency], set: price });
        }
      }
    }
    await refreshProducts(tx, [product.id]);
    const after = await tx.select().from(skus).where(inArray(skus.id, ids));
    await writeAudit(tx, actor, {
      action: 'product.skus_updated',
      entityType: 'product',
      entityId: product.id,
      before,
      after: {
        skus: after,
        prices: input.skus.filter((s) => s.prices).map((s) => ({ id: s.id, prices: s.prices })),
      },
    });
    return productDetail(tx, product.id);
  });
}

/** Publishing needs a sellable product; the error lists everything that is missing. */
export function setProductStatus(deps: AppDeps, actor: Actor, input: { id: string; status: ProductStatus }) {
  return catalogWrite(deps, productSlug, async (tx: Tx) => {
    const before = await lockProduct(tx, input.id);
    if (input.status === 'active') {
      const rows = await tx
        .select({ status: skus.status, basePrice: skus.basePrice })
        .from(skus)
        .where(eq(skus.productId, input.id));
      const missing = publishBlockers({ title: before.title.en, skus: rows });
      const [category] = await tx
        .select({ archivedAt: categories.archivedAt })
        .from(categories)
        .where(eq(categories.id, before.categoryId));
      if (category?.archivedAt) missing.push('an unarchived category');
      if (missing.length > 0) {
        throw new DomainError(
          'NOT_PUBLISHABLE',
          `This product cannot be published yet: add ${missing.join(', and ')}`,
          {
            missing: missing.join('; '),
          },
        );
      }
    }
    const publishedAt =
      input.status === 'active' ? (before.publishedAt ?? deps.clock.now()) : before.publishedAt;
    await tx.update(products).set({ status: input.status, publishedAt }).where(eq(products.id, input.id));
    await refreshProducts(tx, [input.id]);
    await writeAudit(tx, actor, {
      action: `product.${input.status === 'active' ? 'published' : input.status === 'draft' ? 'unpublished' : 'archived'}`,
      entityType: 'product',
      entityId: input.id,
      before: { status: before.status },
      after: { status: input.status },
    });
    return productDetail(tx, input.id);
  });
}

/** Everything the product editor shows, with each SKU's price in every store currency. */
export async function productDetail(db: Executor, id: string, pricingContext?: PricingContext) {
  const [product] = await db.select().from(products).where(eq(products.id, id));
  if (!product) throw new DomainError('NOT_FOUND', 'No product with this id');
  const pricing = pricingContext ?? (await loadPricing(db));
  const options = await db
    .select()
    .from(productOptions)
    .where(eq(productOptions.productId, id))
    .orderBy(asc(productOptions.position));
  const values = options.length
    ? await db
        .select()
        .from(optionValues)
        .where(
          inArray(
            optionValues.optionId,
            options.map((o) => o.id),
          ),
        )
        .orderBy(asc(optionValues.position))
    : [];
  const skuRows = await db
    .select()
    .from(skus)
    .where(eq(skus.productId, id))
    .orderBy(asc(skus.position), asc(skus.code));
  const skuIds = skuRows.map((s) => s.id);
  const links = skuIds.length
    ? await db.select().from(skuOptionValues).where(inArray(skuOptionValues.skuId, skuIds))
    : [];
  const overrides = skuIds.length
    ? await db.select().from(skuPrices).where(inArray(skuPrices.skuId, skuIds))
    : [];
  const images = await imagesOf(db, [id]);

  return {
    ...product,
    images,
    options: options.map((o) => ({ ...o, values: values.filter((v) => v.optionId === o.id) })),
    skus: skuRows.map((sku) => {
      const own = new Map(
        overrides
          .filter((o) => o.skuId === sku.id)
          .map((o) => [
            o.currency,
            {
              price: money(o.price, o.currency),
              compareAtPrice: o.compareAtPrice === null ? null : money(o.compareAtPrice, o.currency),
            },
          ]),
      );
      const prices =
        sku.basePrice === null
          ? []
          : [...pricing.settings.values()].map((setting) => ({
              currency: setting.code,
              ...priceIn(
                {
                  basePrice: money(sku.basePrice!, pricing.base),
                  compareAtPrice:
                    sku.compareAtPrice === null ? null : money(sku.compareAtPrice, pricing.base),
                  overrides: own,
                },
                setting,
              ),
            }));
      return {
        ...sku,
        optionValueIds: links.filter((l) => l.skuId === sku.id).map((l) => l.optionValueId),
        prices,
      };
    }),
  };
}

export async function listProductsForStaff(
  deps: AppDeps,
  input: {
    limit: number;
    cursor?: string;
    search?: string;
    status?: ProductStatus;
    categoryId?: string;
    brandId?: string;
  },
) {
  const filters: (SQL | undefined)[] = [
    input.status ? eq(products.status, input.status) : undefined,
    input.categoryId ? eq(products.categoryId, input.categoryId) : undefined,
    input.brandId ? eq(products.brandId, input.brandId) : undefined,
    afterCursor(input.cursor, products.createdAt, products.id, 'desc'),
  ];
  if (input.search) {
    const term = `%${input.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(
      sql`(lower(${products.title}->>'en') like ${term} or lower(coalesce(${products.title}->>'zh-CN', '')) like ${term}
        or ${products.slug} like ${term}
        or exists (select 1 from ${skus} where ${skus.productId} = ${products.id} and lower(${skus.code}) like ${term}))`,
    );
  }
  const rows = await deps.db
    .select({
      id: products.id,
      slug: products.slug,
      title: products.title,
      status: products.status,
      categoryId: products.categoryId,
      categoryName: categories.name,
      brandId: products.brandId,
      brandName: brands.name,
      createdAt: products.createdAt,
      updatedAt: products.updatedAt,
      skuCount: sql<number>`(select count(*)::int from ${skus} where ${skus.productId} = ${products.id})`,
      minPrice: sql<
        number | null
      >`(select min(${skus.basePrice}) from ${skus} where ${skus.productId} = ${products.id})`.mapWith((v) =>
        v === null ? null : Number(v),
      ),
    })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .leftJoin(brands, eq(brands.id, products.brandId))
    .where(and(...filters))
    .orderBy(desc(products.createdAt), desc(products.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit);
}

export interface PriceChangeFilter {
  categoryId?: string;
  brandId?: string;
  productIds?: string[];
  status?: ProductStatus;
}

/**
 * Changes base prices of every priced SKU the filter selects. With `apply: false` it only
 * reports what would change. A percentage also applies to per-currency overrides; an amount is
 * in the base currency and applies to base prices only. A compare-at price that would no longer
 * be above the new price is cleared.
 */
export async function bulkPriceChange(
  deps: AppDeps,
  actor: Actor,
  input: { filter: PriceChangeFilter; change: PriceChange; apply: boolean },
) {
  return catalogWrite(
    deps,
    (result) => ({ slugs: result.applied ? result.slugs : [] }),
    async (tx: Tx) => {
      const { filter } = input;
      const rows = await tx
        .select({
          id: skus.id,
          code: skus.code,
          productId: skus.productId,
          slug: products.slug,
          title: products.title,
          basePrice: skus.basePrice,
          compareAtPrice: skus.compareAtPrice,
        })
        .from(skus)
        .innerJoin(products, eq(products.id, skus.productId))
        .where(
          and(
            sql`${skus.basePrice} is not null`,
            filter.categoryId ? eq(products.categoryId, filter.categoryId) : undefined,
            filter.brandId ? eq(products.brandId, filter.brandId) : undefined,
            filter.productIds ? inArray(products.id, filter.productIds) : undefined,
            filter.status ? eq(products.status, filter.status) : undefined,
          ),
        )
        .orderBy(asc(skus.code))
        .for('update', { of: skus });
      const changes = rows.map((row) => {
        const after = changePrice(row.basePrice!, input.change);
        const compareAt =
          row.compareAtPrice !== null && row.compareAtPrice > after ? row.compareAtPrice : null;
        return { ...row, before: row.basePrice!, after, compareAtAfter: compareAt };
      });
      if (input.apply) {
        for (const c of changes) {
          await tx
            .update(skus)
            .set({ basePrice: c.after, compareAtPrice: c.compareAtAfter })
            .where(eq(skus.id, c.id));
        }
        if (input.change.kind === 'percent' && changes.length > 0) {
          const overrides = await tx
            .select()
            .from(skuPrices)
            .where(
              inArray(
                skuPrices.skuId,
                changes.map((c) => c.id),
              ),
            );
          for (const o of overrides) {
            const price = changePrice(o.price, input.change);
            await tx
              .update(skuPrices)
              .set({
                price,
                compareAtPrice:
                  o.compareAtPrice !== null && o.compareAtPrice > price ? o.compareAtPrice : null,
              })
              .where(and(eq(skuPrices.skuId, o.skuId), eq(skuPrices.currency, o.currency)));
          }
        }
        if (changes.length > 0) {
          await refreshProducts(
            tx,
            changes.map((c) => c.productId),
          );
        }
        // Written even when the filter matched nothing: the change was made, on no SKU.
        await writeAudit(tx, actor, {
          action: 'catalog.bulk_price_change',
          entityType: 'catalog',
          entityId: 'prices',
          before: { filter, skus: changes.map((c) => ({ id: c.id, price: c.before })) },
          after: { change: input.change, skus: changes.map((c) => ({ id: c.id, price: c.after })) },
        });
      }
      return {
        applied: input.apply,
        slugs: [...new Set(changes.map((c) => c.slug))],
        count: changes.length,
        totalBefore: changes.reduce((s, c) => s + c.before, 0),
        totalAfter: changes.reduce((s, c) => s + c.after, 0),
        /** The first 100 rows, for the preview table. */
        sample: changes.slice(0, 100).map(({ id, code, productId, title, before, after }) => ({
          id,
          code,
          productId,
          title,
          before,
          after,
        })),
      };
    },
  );
}

/** Renames an option and relabels its values (codes stay, so SKU codes stay). */
export function updateOption(
  deps: AppDeps,
  actor: Actor,
  input: {
    productId: string;
    optionId: string;
    name?: LocalizedText;
    labels?: Record<string, LocalizedText>;
  },
) {
  return catalogWrite(deps, productSlug, async (tx: Tx) => {
    await lockProduct(tx, input.productId);
    const [option] = await tx
      .select()
      .from(productOptions)
      .where(and(eq(productOptions.id, input.optionId), eq(productOptions.productId, input.productId)));
    if (!option) throw new DomainError('NOT_FOUND', 'This product has no such option');
    if (input.name)
      await tx.update(productOptions).set({ name: input.name }).where(eq(productOptions.id, option.id));
    for (const [valueId, label] of Object.entries(input.labels ?? {})) {
      const [value] = await tx
        .update(optionValues)
        .set({ label })
        .where(and(eq(optionValues.id, valueId), eq(optionValues.optionId, option.id)))
        .returning({ id: optionValues.id });
      if (!value) throw new DomainError('NOT_FOUND', 'This option has no such value');
    }
    await refreshProducts(tx, [input.productId]);
    await writeAudit(tx, actor, {
      action: 'product.option_updated',
      entityType: 'product',
      entityId: input.productId,
      before: option,
      after: { name: input.name ?? option.name, labels: input.labels ?? {} },
    });
    return productDetail(tx, input.productId);
  });
}

/**
 * Removes a value from an option with the SKUs that use it. Refused while any of those SKUs has
 * stock on hand or reserved: stock must be moved or written off first.
 */
export function removeOptionValue(
  deps: AppDeps,
  actor: Actor,
  input: { productId: string; optionId: string; valueId: string },
) {
  return catalogWrite(deps, productSlug, async (tx: Tx) => {
    await lockProduct(tx, input.productId);
    const [value] = await tx
      .select({ id: optionValues.id, code: optionValues.code })
      .from(optionValues)
      .innerJoin(productOptions, eq(productOptions.id, optionValues.optionId))
      .where(
        and(
          eq(optionValues.id, input.valueId),
          eq(optionValues.optionId, input.optionId),
          eq(productOptions.productId, input.productId),
        ),
      );
    if (!value) throw new DomainError('NOT_FOUND', 'This option has no such value');
    const [remaining] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(optionValues)
      .where(eq(optionValues.optionId, input.optionId));
    if ((remaining?.n ?? 0) <= 1) {
      throw new DomainError(
        'OPTION_IN_USE',
        'An option keeps at least one value; remove the option’s last value by editing the product',
      );
    }
    const affected = (
      await tx
        .select({ skuId: skuOptionValues.skuId })
        .from(skuOptionValues)
        .where(eq(skuOptionValues.optionValueId, value.id))
    ).map((r) => r.skuId);
    if (affected.length > 0) {
      const [stocked] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(stockLevels)
        .where(
          and(
            inArray(stockLevels.skuId, affected),
            sql`(${stockLevels.onHand} > 0 or ${stockLevels.reserved} > 0)`,
          ),
        );
      if ((stocked?.n ?? 0) > 0) {
        throw new DomainError(
          'OPTION_IN_USE',
          `SKUs with ${value.code} still hold stock; move or write it off first`,
        );
      }
      // The stock ledger is kept forever, so SKUs with a history stay (set them inactive instead).
      const [history] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(stockMovements)
        .where(inArray(stockMovements.skuId, affected));
      if ((history?.n ?? 0) > 0) {
        throw new DomainError(
          'OPTION_IN_USE',
          `SKUs with ${value.code} have stock history; set them inactive instead`,
        );
      }
      await tx.delete(stockLevels).where(inArray(stockLevels.skuId, affected));
      await tx.delete(skus).where(inArray(skus.id, affected));
    }
    await tx.delete(optionValues).where(eq(optionValues.id, value.id));
    await refreshProducts(tx, [input.productId]);
    await writeAudit(tx, actor, {
      action: 'product.option_value_removed',
      entityType: 'product',
      entityId: input.productId,
      before: { optionId: input.optionId, value: value.code, skus: affected },
    });
    return productDetail(tx, input.productId);
  });
}
