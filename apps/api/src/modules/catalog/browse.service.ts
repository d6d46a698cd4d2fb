// The shop's product listing and search: filters (category with its subcategories, brands,
// price range in the shopper's currency, option values), typo-tolerant search in both
// languages (full-text plus trigram similarity), four sorts with keyset pagination, facet
// counts for the filters, and a "did you mean" when a search finds little.

import { type Executor, resultRows } from '@crossdock/db/client';
import {
  brands,
  categories,
  optionValues,
  productImages,
  productListings,
  productOptions,
  products,
  skuOptionValues,
  skus,
  stockLevels,
} from '@crossdock/db/schema';
import { localize, type ProductListInput, type ProductSort } from '@crossdock/domain/catalog';
import { ratingSummary, type StarCounts } from '@crossdock/domain/catalog-rules';
import { DomainError } from '@crossdock/domain/errors';
import { money } from '@crossdock/domain/money';
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { decodeKeyset, encodeKeyset } from '../../infra/cursor';
import { loadPricing, settingFor } from './currencies';
import { imageUrls } from './images';

/** How alike a search and a product's text must be to count as a typo-tolerant match. */
const SIMILARITY = 0.35;

type Dimension = 'category' | 'brands' | 'price' | 'options' | 'stock';

interface Plan {
  currency: string;
  q: string | null;
  conditions: Partial<Record<Dimension | 'base' | 'search', SQL>>;
}

/**
 * How a value enters the SQL: inline as a parameter (facets), or as a named placeholder of a
 * prepared statement (the listing), its value collected for execution.
 */
type Bind = (name: string, value: unknown) => unknown;
const inline: Bind = (_name, value) => value;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The subtree of the category with this slug, as SQL (no round trip of its own). */
const subtreeOf = (slug: unknown) => sql`(
  with recursive sub(id, depth) as (
    select ${categories.id}, 0 from ${categories} where ${categories.slug} = ${slug} and ${categories.archivedAt} is null
    union all
    select c.id, sub.depth + 1 from ${categories} c join sub on c.parent_id = sub.id where c.archived_at is null and sub.depth < 100
  )
  select id from sub)`;

/** A JSON array parameter as a set of text values: the same SQL on both drivers, any length. */
const textSet = (values: unknown) => sql`(select jsonb_array_elements_text(${values}::jsonb))`;

/**
 * Builds the filters without touching the database, so a listing is one statement. An empty
 * result is then explained by `assertScope` (unknown category or currency → a clear error).
 */
function plan(input: ProductListInput, bind: Bind): Plan {
  const conditions: Plan['conditions'] = {
    base: sql`${products.status} = 'active' and ${categories.archivedAt} is null`,
  };
  if (input.category)
    conditions.category = sql`${products.categoryId} in ${subtreeOf(bind('category', input.category))}`;
  if (input.brands?.length) {
    conditions.brands = sql`${products.brandId} in (select ${brands.id} from ${brands} where ${brands.slug} in ${textSet(bind('brands', JSON.stringify(input.brands)))})`;
  }
  if (input.minPrice !== undefined || input.maxPrice !== undefined) {
    // A product matches when any of its prices falls in the range.
    conditions.price = and(
      input.minPrice !== undefined
        ? sql`${productListings.maxPrice} >= ${bind('minPrice', input.minPrice)}::bigint`
        : undefined,
      input.maxPrice !== undefined
        ? sql`${productListings.minPrice} <= ${bind('maxPrice', input.maxPrice)}::bigint`
        : undefined,
    );
  }
  const options = Object.entries(input.options ?? {});
  if (options.length > 0) {
    conditions.options = and(
      ...options.map(
        ([name, codes], i) => sql`exists (
          select 1 from ${skus}
          join ${skuOptionValues} on ${skuOptionValues.skuId} = ${skus.id}
          join ${optionValues} on ${optionValues.id} = ${skuOptionValues.optionValueId}
          join ${productOptions} on ${productOptions.id} = ${optionValues.optionId}
          where ${skus.productId} = ${products.id} and ${skus.status} = 'active' and ${skus.basePrice} is not null
            and lower(${productOptions.name}->>'en') = ${bind(`option${i}`, name)}
            and ${optionValues.code} in ${textSet(bind(`codes${i}`, JSON.stringify(codes)))})`,
      ),
    );
  }
  if (input.inStock) conditions.stock = inStock;
  const q = input.q?.trim() ? input.q.trim().toLowerCase() : null;
  if (q) {
    const text = bind('q', q);
    conditions.search = sql`(${products.searchVector} @@ websearch_to_tsquery('simple', ${text})
      or word_similarity(${text}, lower(${products.searchText})) >= ${SIMILARITY}
      or lower(${products.searchText}) like ${bind('qLike', `%${escapeLike(q)}%`)})`;
  }
  return { currency: input.currency, q, conditions };
}

const inStock = sql`exists (
  select 1 from ${skus} join ${stockLevels} on ${stockLevels.skuId} = ${skus.id}
  where ${skus.productId} = ${products.id} and ${skus.status} = 'active' and ${skus.basePrice} is not null
    and ${stockLevels.onHand} - ${stockLevels.reserved} > 0)`;

function where(p: Plan, except?: Dimension): SQL | undefined {
  return and(
    ...Object.entries(p.conditions)
      .filter(([k]) => k !== except)
      .map(([, c]) => c),
  );
}

function ordering(sort: ProductSort, q: unknown | null) {
  switch (sort) {
    case 'relevance':
      return q
        ? {
            key: sql`(ts_rank(${products.searchVector}, websearch_to_tsquery('simple', ${q})) + word_similarity(${q}, lower(${products.searchText})))::float8`,
            desc: true,
            cast: sql`float8`,
          }
        : { key: sql`${products.publishedAt}`, desc: true, cast: sql`timestamptz` };
    case 'newest':
      return { key: sql`${products.publishedAt}`, desc: true, cast: sql`timestamptz` };
    case 'price_asc':
      return { key: sql`${productListings.minPrice}`, desc: false, cast: sql`bigint` };
    case 'price_desc':
      return { key: sql`${productListings.minPrice}`, desc: true, cast: sql`bigint` };
    case 'rating':
      return { key: sql`${products.ratingScore}`, desc: true, cast: sql`float8` };
  }
}

/** A product's approved reviews by stars, as the rating summary takes them. */
export const starCounts = sql<StarCounts>`json_build_array(${products.ratings1}, ${products.ratings2}, ${products.ratings3}, ${products.ratings4}, ${products.ratings5})`;

const cursorSchema = z.tuple([z.union([z.number(), z.string()]), z.uuid()]);

/** Called when nothing matched: tells an unknown category or currency from an empty result. */
async function assertScope(db: Executor, input: ProductListInput): Promise<void> {
  settingFor(await loadPricing(db), input.currency);
  if (input.category) {
    const [category] = await db
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.slug, input.category), isNull(categories.archivedAt)));
    if (!category) throw new DomainError('NOT_FOUND', 'There is no such category');
  }
}

/** The listing statement for one shape of input (which filters, which sort, a cursor or not). */
function buildListing(db: Executor, input: ProductListInput, sort: ProductSort) {
  const placeholder: Bind = (name) => sql.placeholder(name);
  const p = plan(input, placeholder);
  const order = ordering(sort, p.q ? placeholder('q', p.q) : null);
  const after = input.cursor
    ? order.desc
      ? sql`(${order.key}, ${products.id}) < (${sql.placeholder('afterKey')}::${order.cast}, ${sql.placeholder('afterId')}::uuid)`
      : sql`(${order.key}, ${products.id}) > (${sql.placeholder('afterKey')}::${order.cast}, ${sql.placeholder('afterId')}::uuid)`
    : undefined;
  return db
    .select({
      id: products.id,
      slug: products.slug,
      title: products.title,
      brandName: brands.name,
      minPrice: productListings.minPrice,
      maxPrice: productListings.maxPrice,
      publishedAt: products.publishedAt,
      ratings: starCounts,
      cover: sql<string | null>`(select ${productImages.blobPrefix} from ${productImages}
        where ${productImages.productId} = ${products.id} order by ${productImages.position} limit 1)`,
      sortKey: sql<number | string | Date>`${order.key}`,
    })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .innerJoin(
      productListings,
      and(
        eq(productListings.productId, products.id),
        eq(productListings.currency, sql.placeholder('currency')),
      ),
    )
    .leftJoin(brands, eq(brands.id, products.brandId))
    .where(and(where(p), after))
    .orderBy(
      order.desc ? sql`${order.key} desc, ${products.id} desc` : sql`${order.key} asc, ${products.id} asc`,
    )
    .limit(sql.placeholder('limit'))
    .prepare('shop_listing');
}

type Listing = ReturnType<typeof buildListing>;
const MAX_SHAPES = 200;
const listings = new WeakMap<Executor, Map<string, Listing>>();

/** Prepared listing statements, one per input shape, kept per database handle. */
function listingFor(db: Executor, input: ProductListInput, sort: ProductSort): Listing {
  const shape = JSON.stringify([
    !!input.category,
    !!input.brands?.length,
    input.minPrice !== undefined,
    input.maxPrice !== undefined,
    Object.keys(input.options ?? {}).length,
    !!input.inStock,
    !!input.q?.trim(),
    sort,
    !!input.cursor,
  ]);
  let shapes = listings.get(db);
  if (!shapes) {
    shapes = new Map();
    listings.set(db, shapes);
  }
  let listing = shapes.get(shape);
  if (!listing) {
    listing = buildListing(db, input, sort);
    if (shapes.size >= MAX_SHAPES) shapes.delete(shapes.keys().next().value!);
    shapes.set(shape, listing);
  }
  return listing;
}

export async function browseProducts(db: Executor, input: ProductListInput) {
  const values: Record<string, unknown> = { currency: input.currency, limit: input.limit + 1 };
  const p = plan(input, (name, value) => {
    values[name] = value;
    return value;
  });
  const sort: ProductSort = input.sort ?? (p.q ? 'relevance' : 'newest');
  if (input.cursor) {
    const [key, id] = decodeKeyset(input.cursor, cursorSchema);
    values.afterKey = key;
    values.afterId = id;
  }
  const rows = await listingFor(db, input, sort).execute(values);

  if (rows.length === 0) await assertScope(db, input);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  const lastKey = last?.sortKey instanceof Date ? last.sortKey.toISOString() : last?.sortKey;
  return {
    items: items.map((r) => ({
      id: r.id,
      slug: r.slug,
      title: localize(r.title, input.locale),
      brand: r.brandName,
      minPrice: money(Number(r.minPrice), p.currency),
      maxPrice: money(Number(r.maxPrice), p.currency),
      publishedAt: r.publishedAt,
      rating: ratingSummary(r.ratings),
      image: r.cover ? imageUrls(r.cover).card : null,
    })),
    nextCursor:
      rows.length > input.limit && last ? encodeKeyset([lastKey as string | number, last.id]) : null,
    sort,
  };
}

/** Counts for each filter, each computed with every other filter applied but its own. */
export async function productFacets(db: Executor, input: ProductListInput) {
  const p = plan(input, inline);
  const joined = <T extends Record<string, unknown>>(fields: T) =>
    db
      .select(fields as never)
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .innerJoin(
        productListings,
        and(eq(productListings.productId, products.id), eq(productListings.currency, p.currency)),
      );

  const [totalRow] = (await joined({ n: sql<number>`count(*)::int` }).where(where(p))) as { n: number }[];
  if (!totalRow?.n) await assertScope(db, input);

  const brandRows = (await db
    .select({ slug: brands.slug, name: brands.name, count: sql<number>`count(*)::int` })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .innerJoin(
      productListings,
      and(eq(productListings.productId, products.id), eq(productListings.currency, p.currency)),
    )
    .innerJoin(brands, eq(brands.id, products.brandId))
    .where(and(where(p, 'brands'), isNull(brands.archivedAt)))
    .groupBy(brands.slug, brands.name)
    .orderBy(sql`count(*) desc`, brands.name)
    .limit(50)) as { slug: string; name: string; count: number }[];

  // An option is filtered by its English name (the URL's key); its heading is in the shopper's language.
  const optionRows = resultRows<{
    option: string;
    heading: string;
    code: string;
    label: string;
    count: number;
  }>(
    await db.execute(sql`
      select lower(${productOptions.name}->>'en') as option, ${optionValues.code} as code,
             min(coalesce(${optionValues.label}->>${input.locale}, ${optionValues.label}->>'en')) as label,
             count(distinct ${products.id})::int as count,
             min(coalesce(${productOptions.name}->>${input.locale}, ${productOptions.name}->>'en')) as heading
      from ${products}
      join ${categories} on ${categories.id} = ${products.categoryId}
      join ${productListings} on ${productListings.productId} = ${products.id} and ${productListings.currency} = ${p.currency}
      join ${skus} on ${skus.productId} = ${products.id} and ${skus.status} = 'active' and ${skus.basePrice} is not null
      join ${skuOptionValues} on ${skuOptionValues.skuId} = ${skus.id}
      join ${optionValues} on ${optionValues.id} = ${skuOptionValues.optionValueId}
      join ${productOptions} on ${productOptions.id} = ${optionValues.optionId}
      where ${where(p, 'options') ?? sql`true`}
      group by 1, 2
      order by 1, 4 desc, 2
      limit 500`),
  );
  const options = new Map<
    string,
    { label: string; values: { code: string; label: string; count: number }[] }
  >();
  for (const row of optionRows) {
    const option = options.get(row.option) ?? { label: row.heading, values: [] };
    option.values.push({ code: row.code, label: row.label, count: row.count });
    options.set(row.option, option);
  }

  const [range] = (await joined({
    min: sql<number | null>`min(${productListings.minPrice})`,
    max: sql<number | null>`max(${productListings.maxPrice})`,
  }).where(where(p, 'price'))) as { min: number | string | null; max: number | string | null }[];

  const [stockRow] = (await joined({ n: sql<number>`count(*)::int` }).where(
    and(where(p, 'stock'), inStock),
  )) as {
    n: number;
  }[];

  const categoryCounts = (await joined({ categoryId: products.categoryId, count: sql<number>`count(*)::int` })
    .where(where(p, 'category'))
    .groupBy(products.categoryId)) as { categoryId: string; count: number }[];

  return {
    total: totalRow?.n ?? 0,
    brands: brandRows,
    options: [...options.entries()].map(([name, { label, values }]) => ({ name, label, values })),
    price: {
      min: range?.min === null || range?.min === undefined ? null : money(Number(range.min), p.currency),
      max: range?.max === null || range?.max === undefined ? null : money(Number(range.max), p.currency),
    },
    /** How many of the matches (ignoring the in-stock filter) can be bought now. */
    inStock: stockRow?.n ?? 0,
    /** Matching products per category id (before the category filter), for the category list. */
    categories: categoryCounts,
    didYouMean: p.q && (totalRow?.n ?? 0) < 3 ? await suggest(db, p.q) : null,
  };
}

/** Replaces each word of the search that the catalog does not use by the closest word it does. */
async function suggest(db: Executor, q: string): Promise<string | null> {
  const words = q.split(/\s+/).filter(Boolean).slice(0, 8);
  let changed = false;
  const fixed: string[] = [];
  for (const word of words) {
    const [best] = resultRows<{ word: string; score: number }>(
      await db.execute(sql`
        select word, similarity(word, ${word}) as score
        from ts_stat('select search_vector from products where status = ''active''')
        where length(word) > 2
        order by score desc, nentry desc
        limit 1`),
    );
    if (best && best.word !== word && best.score >= 0.3) {
      fixed.push(best.word);
      changed = true;
    } else fixed.push(word);
  }
  return changed ? fixed.join(' ') : null;
}
