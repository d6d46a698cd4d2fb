// What shoppers read: the category tree and a product page, in their language and currency.
// Only published products in unarchived categories are visible; anything else is NOT_FOUND.

import { type Executor, outer } from '@crossdock/db/client';
import {
  brands,
  categories,
  optionValues,
  productImages,
  productOptions,
  products,
  skuOptionValues,
  skuPrices,
  skus,
  stockLevels,
} from '@crossdock/db/schema';
import type { ProductListInput } from '@crossdock/domain/catalog';
import { localize } from '@crossdock/domain/catalog';
import { availability, ratingSummary } from '@crossdock/domain/catalog-rules';
import { DomainError } from '@crossdock/domain/errors';
import { LOW_STOCK_DEFAULT } from '@crossdock/domain/inventory';
import { money } from '@crossdock/domain/money';
import { priceIn } from '@crossdock/domain/prices';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import type { CacheDependencies } from '../../infra/cache';
import { browseProducts, productFacets, starCounts } from './browse.service';
import { type CategoryNode, categoryTree } from './categories.service';
import { loadPricing, settingFor } from './currencies';
import { imageUrls } from './images';

type Locale = 'en' | 'zh-CN';

export interface ShopCategory {
  id: string;
  slug: string;
  name: string;
  children: ShopCategory[];
}

function localizeTree(nodes: CategoryNode[], locale: Locale): ShopCategory[] {
  return nodes.map((n) => ({
    id: n.id,
    slug: n.slug,
    name: localize(n.name, locale),
    children: localizeTree(n.children, locale),
  }));
}

export async function shopCategoryTree(db: Executor, locale: Locale): Promise<ShopCategory[]> {
  return localizeTree(await categoryTree(db, { includeArchived: false }), locale);
}

const notFound = () => new DomainError('NOT_FOUND', 'There is no such product');

type Localized = { en: string; 'zh-CN'?: string };

/**
 * The product page's statements, prepared once per database handle: their shape never changes,
 * so Drizzle builds them once and Postgres parses and plans them once per connection.
 */
const skusId = outer('skus', 'id');

function buildProductPageQueries(db: Executor) {
  const productId = sql.placeholder('productId');
  return {
    product: db
      .select({
        id: products.id,
        slug: products.slug,
        title: products.title,
        description: products.description,
        seoTitle: products.seoTitle,
        seoDescription: products.seoDescription,
        attributes: products.attributes,
        brandName: brands.name,
        brandSlug: brands.slug,
        brandArchivedAt: brands.archivedAt,
        ratings: starCounts,
        // The category and its ancestors, root first.
        trail: sql<{ slug: string; name: Localized }[]>`(
          with recursive up(id, parent_id, slug, name, depth) as (
            select c.id, c.parent_id, c.slug, c.name, 0 from ${categories} c where c.id = ${products.categoryId}
            union all
            select c.id, c.parent_id, c.slug, c.name, up.depth + 1 from ${categories} c join up on c.id = up.parent_id
            where up.depth < 100
          )
          select json_agg(json_build_object('slug', slug, 'name', name) order by depth desc) from up)`,
      })
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .leftJoin(brands, eq(brands.id, products.brandId))
      .where(
        and(
          eq(products.slug, sql.placeholder('slug')),
          eq(products.status, 'active'),
          isNull(categories.archivedAt),
        ),
      )
      .prepare('shop_product_page'),
    options: db
      .select({
        optionId: productOptions.id,
        optionName: productOptions.name,
        id: optionValues.id,
        code: optionValues.code,
        label: optionValues.label,
      })
      .from(productOptions)
      .innerJoin(optionValues, eq(optionValues.optionId, productOptions.id))
      .where(eq(productOptions.productId, productId))
      .orderBy(asc(productOptions.position), asc(optionValues.position))
      .prepare('shop_product_options'),
    skus: db
      .select({
        id: skus.id,
        code: skus.code,
        basePrice: skus.basePrice,
        compareAtPrice: skus.compareAtPrice,
        optionValueIds: sql<
          string[] | null
        >`(select json_agg(${skuOptionValues.optionValueId}) from ${skuOptionValues} where ${skuOptionValues.skuId} = ${skusId})`,
        overrides: sql<{ currency: string; price: number; compareAtPrice: number | null }[] | null>`(
          select json_agg(json_build_object('currency', ${skuPrices.currency}, 'price', ${skuPrices.price}, 'compareAtPrice', ${skuPrices.compareAtPrice}))
          from ${skuPrices} where ${skuPrices.skuId} = ${skusId})`,
        available: sql<number>`(select coalesce(sum(${stockLevels.onHand} - ${stockLevels.reserved}), 0)::int from ${stockLevels} where ${stockLevels.skuId} = ${skusId})`,
        lowThreshold: sql<
          number | null
        >`(select max(${stockLevels.lowStockThreshold})::int from ${stockLevels} where ${stockLevels.skuId} = ${skusId})`,
      })
      .from(skus)
      .where(
        and(eq(skus.productId, productId), eq(skus.status, 'active'), sql`${skus.basePrice} is not null`),
      )
      .orderBy(asc(skus.position), asc(skus.code))
      .prepare('shop_product_skus'),
    images: db
      .select()
      .from(productImages)
      .where(eq(productImages.productId, productId))
      .orderBy(asc(productImages.position))
      .prepare('shop_product_images'),
  };
}

const productPageQueries = new WeakMap<Executor, ReturnType<typeof buildProductPageQueries>>();

function queriesFor(db: Executor) {
  let queries = productPageQueries.get(db);
  if (!queries) {
    queries = buildProductPageQueries(db);
    productPageQueries.set(db, queries);
  }
  return queries;
}

/**
 * A product page in five statements: the product with its brand and category trail, its
 * options and values, its sellable SKUs with their option values, price overrides and stock,
 * its photos, and the store's currencies.
 */
export async function productPage(db: Executor, input: { slug: string; locale: Locale; currency: string }) {
  const queries = queriesFor(db);
  const [product] = await queries.product.execute({ slug: input.slug });
  if (!product) throw notFound();
  const pricing = await loadPricing(db);
  const setting = settingFor(pricing, input.currency);
  const [optionRows, skuRows, imageRows] = await Promise.all([
    queries.options.execute({ productId: product.id }),
    queries.skus.execute({ productId: product.id }),
    queries.images.execute({ productId: product.id }),
  ]);
  const images = imageRows.map((row) => ({ ...row, urls: imageUrls(row.blobPrefix) }));

  const t = (text: Localized | null) => (text ? localize(text, input.locale) : null);
  const options = new Map<
    string,
    { id: string; name: string; values: { id: string; code: string; label: string }[] }
  >();
  for (const row of optionRows) {
    const option = options.get(row.optionId) ?? {
      id: row.optionId,
      name: localize(row.optionName, input.locale),
      values: [],
    };
    option.values.push({ id: row.id, code: row.code, label: localize(row.label, input.locale) });
    options.set(row.optionId, option);
  }

  return {
    id: product.id,
    slug: product.slug,
    title: localize(product.title, input.locale),
    description: t(product.description),
    seo: { title: t(product.seoTitle), description: t(product.seoDescription) },
    brand:
      product.brandName && !product.brandArchivedAt
        ? { name: product.brandName, slug: product.brandSlug! }
        : null,
    breadcrumbs: (product.trail ?? []).map((c) => ({ slug: c.slug, name: localize(c.name, input.locale) })),
    attributes: {
      ...product.attributes,
      material: product.attributes.material && localize(product.attributes.material, input.locale),
      care: product.attributes.care && localize(product.attributes.care, input.locale),
    },
    rating: ratingSummary(product.ratings),
    images: images.map((image) => ({
      id: image.id,
      alt: image.alt ? localize(image.alt, input.locale) : localize(product.title, input.locale),
      width: image.width,
      height: image.height,
      urls: image.urls,
    })),
    currency: setting.code,
    options: [...options.values()],
    skus: skuRows.map((s) => {
      const overrides = new Map(
        (s.overrides ?? []).map((o) => [
          o.currency,
          {
            price: money(Number(o.price), o.currency),
            compareAtPrice: o.compareAtPrice === null ? null : money(Number(o.compareAtPrice), o.currency),
          },
        ]),
      );
      const quote = priceIn(
        {
          basePrice: money(s.basePrice!, pricing.base),
          compareAtPrice: s.compareAtPrice === null ? null : money(s.compareAtPrice, pricing.base),
          overrides,
        },
        setting,
      );
      return {
        id: s.id,
        code: s.code,
        optionValueIds: s.optionValueIds ?? [],
        price: quote.price,
        compareAtPrice: quote.compareAtPrice,
        availability: availability(Number(s.available), s.lowThreshold ?? LOW_STOCK_DEFAULT),
      };
    }),
  };
}

// ---- cached entry points: what the shop procedures call --------------------------------------

export function cachedCategoryTree(
  deps: AppDeps,
  locale: Locale,
  dependencies: CacheDependencies | null = null,
) {
  return deps.catalogCache.categories(locale, () => shopCategoryTree(deps.db, locale), dependencies);
}

export function cachedProductPage(
  deps: AppDeps,
  input: { slug: string; locale: Locale; currency: string },
  dependencies: CacheDependencies | null = null,
) {
  return deps.catalogCache.productPage(
    input.slug,
    `${input.locale}:${input.currency}`,
    () => productPage(deps.db, input),
    dependencies,
  );
}

export function cachedProducts(
  deps: AppDeps,
  input: ProductListInput,
  dependencies: CacheDependencies | null = null,
) {
  return deps.catalogCache.listing('products', input, () => browseProducts(deps.db, input), dependencies);
}

export function cachedFacets(
  deps: AppDeps,
  input: ProductListInput,
  dependencies: CacheDependencies | null = null,
) {
  return deps.catalogCache.listing('facets', input, () => productFacets(deps.db, input), dependencies);
}
