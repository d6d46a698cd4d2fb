// What the cart and checkout need to know about SKUs, read fresh from the catalog: whether each
// can be bought, its price in the shopper's currency, its title and options for display and for
// the order's snapshot, weight, categories (for promotions and tax) and stock available now.
import { type Db, type Executor, outer } from '@crossdock/db/client';
import {
  optionValues,
  productImages,
  productOptions,
  products,
  skuOptionValues,
  skuPrices,
  skus,
  stockLevels,
} from '@crossdock/db/schema';
import { type LocalizedText, localize } from '@crossdock/domain/catalog';
import { money } from '@crossdock/domain/money';
import { priceIn } from '@crossdock/domain/prices';
import { inArray, sql } from 'drizzle-orm';
import { settingFor } from '../catalog/currencies';
import { imageUrls } from '../catalog/images';
import type { PricingReference } from './reference';

export interface Sellable {
  skuId: string;
  code: string;
  productId: string;
  slug: string;
  title: LocalizedText;
  /** "Colour: Navy · Size: M" in the shopper's language. */
  options: string;
  image: string | null;
  /** The product's category first, then its ancestors. */
  categoryIds: string[];
  /** In the requested currency; null when the SKU has no price. */
  unitPrice: number | null;
  weightGrams: number;
  /** On hand minus reserved, over every warehouse. */
  available: number;
  /** Active SKU of an active product, with a price. */
  purchasable: boolean;
}

const skuId = outer('skus', 'id');
const productId = outer('products', 'id');

/** The SKU's option names and values, in option order (for "Colour: Navy · Size: M"). */
const optionsOfSku = sql<{ name: LocalizedText; label: LocalizedText }[] | null>`(
  select json_agg(json_build_object('name', ${productOptions.name}, 'label', ${optionValues.label}) order by ${productOptions.position})
  from ${skuOptionValues}
  join ${optionValues} on ${optionValues.id} = ${skuOptionValues.optionValueId}
  join ${productOptions} on ${productOptions.id} = ${optionValues.optionId}
  where ${skuOptionValues.skuId} = ${skuId})`;

const optionsLabel = (options: { name: LocalizedText; label: LocalizedText }[] | null, locale: string) =>
  (options ?? []).map((o) => `${localize(o.name, locale)}: ${localize(o.label, locale)}`).join(' · ');

/** What an order line copies from the catalog, for SKUs sold elsewhere (a marketplace's order). */
export async function skuSnapshots(db: Executor, ids: readonly string[], locale: string) {
  if (ids.length === 0) return new Map<string, never>();
  const rows = await db
    .select({
      skuId: skus.id,
      code: skus.code,
      productId: products.id,
      title: products.title,
      weightGrams: skus.weightGrams,
      options: optionsOfSku,
    })
    .from(skus)
    .innerJoin(products, sql`${products.id} = ${skus.productId}`)
    .where(inArray(skus.id, [...new Set(ids)]));
  return new Map(
    rows.map((row) => [
      row.skuId,
      { ...row, weightGrams: row.weightGrams ?? 0, options: optionsLabel(row.options, locale) },
    ]),
  );
}

/**
 * One prepared statement (built and planned once per connection): the cart and checkout read
 * SKUs on every request. It runs on the pool, also during a checkout transaction: a catalog
 * read needs no transaction, and stock is re-checked by the reservation itself.
 */
function prepareSellable(db: Db) {
  return db
    .select({
      id: skus.id,
      code: skus.code,
      status: skus.status,
      basePrice: skus.basePrice,
      compareAtPrice: skus.compareAtPrice,
      weightGrams: skus.weightGrams,
      productId: products.id,
      slug: products.slug,
      title: products.title,
      productStatus: products.status,
      categoryId: products.categoryId,
      overrides: sql<{ currency: string; price: number; compareAtPrice: number | null }[] | null>`(
        select json_agg(json_build_object('currency', ${skuPrices.currency}, 'price', ${skuPrices.price}, 'compareAtPrice', ${skuPrices.compareAtPrice}))
        from ${skuPrices} where ${skuPrices.skuId} = ${skuId})`,
      available: sql<number>`(select coalesce(sum(${stockLevels.onHand} - ${stockLevels.reserved}), 0)::int
        from ${stockLevels} where ${stockLevels.skuId} = ${skuId})`,
      options: optionsOfSku,
      cover: sql<string | null>`(select ${productImages.blobPrefix} from ${productImages}
        where ${productImages.productId} = ${productId} order by ${productImages.position} limit 1)`,
    })
    .from(skus)
    .innerJoin(products, sql`${products.id} = ${skus.productId}`)
    .where(sql`${skus.id} = any(${sql.placeholder('ids')}::uuid[])`)
    .prepare('checkout_sellable');
}

const statements = new WeakMap<Db, ReturnType<typeof prepareSellable>>();

export async function loadSellable(
  db: Db,
  ids: readonly string[],
  view: { locale: string; currency: string },
  ref: Pick<PricingReference, 'pricing' | 'categories'>,
): Promise<Map<string, Sellable>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const { pricing } = ref;
  const setting = settingFor(pricing, view.currency);
  let statement = statements.get(db);
  if (!statement) {
    statement = prepareSellable(db);
    statements.set(db, statement);
  }
  const rows = await statement.execute({ ids: unique });
  const { parents, archived } = ref.categories;
  const lineage = (id: string) => {
    const ids: string[] = [];
    for (let at: string | null | undefined = id; at && ids.length < 100; at = parents.get(at)) ids.push(at);
    return ids;
  };

  return new Map(
    rows.map((row) => {
      const overrides = new Map(
        (row.overrides ?? []).map((o) => [
          o.currency,
          {
            price: money(Number(o.price), o.currency),
            compareAtPrice: o.compareAtPrice === null ? null : money(Number(o.compareAtPrice), o.currency),
          },
        ]),
      );
      const unitPrice =
        row.basePrice === null
          ? null
          : priceIn(
              {
                basePrice: money(row.basePrice, pricing.base),
                compareAtPrice: row.compareAtPrice === null ? null : money(row.compareAtPrice, pricing.base),
                overrides,
              },
              setting,
            ).price.amount;
      const categoryIds = lineage(row.categoryId);
      return [
        row.id,
        {
          skuId: row.id,
          code: row.code,
          productId: row.productId,
          slug: row.slug,
          title: row.title,
          options: optionsLabel(row.options, view.locale),
          image: row.cover ? imageUrls(row.cover).thumb : null,
          categoryIds,
          unitPrice,
          weightGrams: row.weightGrams ?? 0,
          available: Number(row.available),
          purchasable:
            row.status === 'active' &&
            row.productStatus === 'active' &&
            unitPrice !== null &&
            !categoryIds.some((id) => archived.has(id)),
        },
      ];
    }),
  );
}
