// What shoppers read: the category tree and a product page, in their language and currency.
// Only published products in unarchived categories are visible; anything else is NOT_FOUND.

import type { Executor } from '@crossdock/db/client';
import { brands, categories, products } from '@crossdock/db/schema';
import type { ProductListInput } from '@crossdock/domain/catalog';
import { localize } from '@crossdock/domain/catalog';
import { DomainError } from '@crossdock/domain/errors';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { availabilityOf } from '../inventory/inventory.service';
import { browseProducts, productFacets } from './browse.service';
import { type CategoryNode, categoryTree } from './categories.service';
import { loadPricing, settingFor } from './currencies.service';
import { productDetail } from './products.service';
import { ancestorIds } from './tree';

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

export async function productPage(db: Executor, input: { slug: string; locale: Locale; currency: string }) {
  const [row] = await db
    .select({ id: products.id })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(eq(products.slug, input.slug), eq(products.status, 'active'), isNull(categories.archivedAt)));
  if (!row) throw notFound();
  const pricing = await loadPricing(db);
  const setting = settingFor(pricing, input.currency);
  const product = await productDetail(db, row.id, pricing);

  const trail = (await ancestorIds(db, product.categoryId)).reverse();
  const crumbs = await db.select().from(categories).where(inArray(categories.id, trail));
  const [brand] = product.brandId ? await db.select().from(brands).where(eq(brands.id, product.brandId)) : [];
  const t = (text: { en: string; 'zh-CN'?: string } | null) => (text ? localize(text, input.locale) : null);
  const forSale = product.skus.filter((s) => s.status === 'active' && s.basePrice !== null);
  const stock = await availabilityOf(
    db,
    forSale.map((s) => s.id),
  );

  return {
    id: product.id,
    slug: product.slug,
    title: localize(product.title, input.locale),
    description: t(product.description),
    seo: { title: t(product.seoTitle), description: t(product.seoDescription) },
    brand: brand && !brand.archivedAt ? { name: brand.name, slug: brand.slug } : null,
    breadcrumbs: trail.flatMap((id) => {
      const c = crumbs.find((x) => x.id === id);
      return c ? [{ slug: c.slug, name: localize(c.name, input.locale) }] : [];
    }),
    attributes: product.attributes,
    images: product.images.map((image) => ({
      id: image.id,
      alt: image.alt ? localize(image.alt, input.locale) : localize(product.title, input.locale),
      width: image.width,
      height: image.height,
      urls: image.urls,
    })),
    currency: setting.code,
    options: product.options.map((o) => ({
      id: o.id,
      name: localize(o.name, input.locale),
      values: o.values.map((v) => ({ id: v.id, code: v.code, label: localize(v.label, input.locale) })),
    })),
    skus: forSale.map((s) => {
      const quote = s.prices.find((p) => p.currency === setting.code)!;
      return {
        id: s.id,
        code: s.code,
        optionValueIds: s.optionValueIds,
        price: quote.price,
        compareAtPrice: quote.compareAtPrice,
        availability: stock.get(s.id) ?? 'out',
      };
    }),
  };
}

// ---- cached entry points: what the shop procedures call --------------------------------------

export function cachedCategoryTree(deps: AppDeps, locale: Locale) {
  return deps.catalogCache.categories(locale, () => shopCategoryTree(deps.db, locale));
}

export function cachedProductPage(deps: AppDeps, input: { slug: string; locale: Locale; currency: string }) {
  return deps.catalogCache.productPage(input.slug, `${input.locale}:${input.currency}`, () =>
    productPage(deps.db, input),
  );
}

export function cachedProducts(deps: AppDeps, input: ProductListInput) {
  return deps.catalogCache.listing('products', input, () => browseProducts(deps.db, input));
}

export function cachedFacets(deps: AppDeps, input: ProductListInput) {
  return deps.catalogCache.listing('facets', input, () => productFacets(deps.db, input));
}
