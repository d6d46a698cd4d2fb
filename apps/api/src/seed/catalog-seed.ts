// Seeds the demo catalog: ~20 categories in a tree, 12 brands, 200 products in two languages
// with options and ~1,000 SKUs, prices with some per-currency overrides, four warehouses with
// opening stock (and its ledger rows). Deterministic content from a fixed seed; idempotent: a
// database that already has products is left alone. Bulk inserts in one transaction, then the
// read model (search text, price ranges) is built the same way every catalog write builds it.

import type { Db } from '@crossdock/db/client';
import {
  brands,
  categories,
  optionValues,
  productImages,
  productOptions,
  products,
  skuCosts,
  skuOptionValues,
  skuPrices,
  skus,
  stockLevels,
  stockMovements,
  warehouses,
} from '@crossdock/db/schema';
import { combinationKey, skuMatrix, slugify } from '@crossdock/domain/catalog-rules';
import { asc, sql } from 'drizzle-orm';
import sharp from 'sharp';
import type { BlobStore } from '../infra/blob-store';
import { processImage, variantKey } from '../modules/catalog/images';
import { refreshProducts } from '../modules/catalog/listing';
import {
  adjectives,
  colours,
  families,
  type SeedCategory,
  seedBrands,
  seedCategories,
  seedWarehouses,
} from './catalog-data';
import { productArt } from './product-art';
import { random } from './random';

export const DEMO_PRODUCT_COUNT = 200;

async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, size = 500) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export interface CatalogSeedResult {
  created: boolean;
  products: number;
  skus: number;
}

/**
 * Draws and stores one photo for each demo product that has none, a few at a time (sharp works
 * on a thread pool). The artwork follows the product's place in the catalog (its family), so it
 * can run apart from `seedCatalog` — the demo draws while the API already serves. Idempotent.
 */
export async function seedProductPhotos(db: Db, blobs: BlobStore): Promise<number> {
  const all = await db
    .select({ id: products.id, title: products.title })
    .from(products)
    .orderBy(asc(products.createdAt), asc(products.id));
  const pictured = new Set(
    (await db.selectDistinct({ id: productImages.productId }).from(productImages)).map((r) => r.id),
  );
  const items = all
    .map((p, i) => ({ id: p.id, title: p.title.en ?? '', family: i % families.length }))
    .filter((p) => !pictured.has(p.id));
  await seedPhotos(db, blobs, items);
  return items.length;
}

async function seedPhotos(db: Db, blobs: BlobStore, items: { id: string; title: string; family: number }[]) {
  const shapesByFamily = [
    'tall',
    'wide',
    'tall',
    'tall',
    'wide',
    'tall',
    'circle',
    'wide',
    'circle',
    'square',
    'tall',
    'circle',
    'square',
  ] as const;
  const rows: (typeof productImages.$inferInsert)[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      const png = await sharp(
        Buffer.from(productArt(item.title, item.family, shapesByFamily[item.family] ?? 'circle')),
        {
          density: 43.2, // draws the 1600px artwork at 960px: the largest size the demo needs
        },
      )
        .png({ compressionLevel: 0 })
        .toBuffer();
      const processed = await processImage(png, { effort: 0 });
      const prefix = `products/${item.id}/${crypto.randomUUID()}`;
      await Promise.all(processed.variants.map((v) => blobs.put(variantKey(prefix, v.size), v.data)));
      rows.push({
        productId: item.id,
        position: 0,
        blobPrefix: prefix,
        width: processed.width,
        height: processed.height,
        alt: null,
      });
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  await insertChunks(rows, (c) => db.insert(productImages).values(c));
}

export async function seedCatalog(
  db: Db,
  /** `epoch`: when the first product was published (the rest follow, one every 19 hours). */
  options: { products?: number; blobs?: BlobStore; epoch?: Date } = {},
): Promise<CatalogSeedResult> {
  const [existing] = await db.select({ n: sql<number>`count(*)::int` }).from(products);
  if ((existing?.n ?? 0) > 0) return { created: false, products: existing!.n, skus: 0 };
  const rng = random(20261122);
  const count = options.products ?? DEMO_PRODUCT_COUNT;
  const epoch = (options.epoch ?? new Date(Date.UTC(2026, 4, 1))).getTime();

  const result = await db.transaction(async (tx) => {
    // Warehouses (some may exist already).
    await tx.insert(warehouses).values(seedWarehouses).onConflictDoNothing();
    const warehouseRows = await tx.select({ id: warehouses.id, code: warehouses.code }).from(warehouses);
    const warehouseIds = seedWarehouses.map((w) => warehouseRows.find((r) => r.code === w.code)!.id);

    // Categories, depth first, siblings in order.
    const categoryIds = new Map<string, string>();
    const addCategories = async (nodes: SeedCategory[], parentId: string | null) => {
      for (const [position, node] of nodes.entries()) {
        const [row] = await tx
          .insert(categories)
          .values({ slug: node.slug, parentId, position, name: { en: node.en, 'zh-CN': node.zh } })
          .returning({ id: categories.id });
        categoryIds.set(node.slug, row!.id);
        if (node.children) await addCategories(node.children, row!.id);
      }
    };
    await addCategories(seedCategories, null);

    const brandRows = await tx
      .insert(brands)
      .values(seedBrands.map((name) => ({ name, slug: slugify(name) })))
      .returning({ id: brands.id });

    const productRows: (typeof products.$inferInsert)[] = [];
    const optionRows: (typeof productOptions.$inferInsert)[] = [];
    const valueRows: (typeof optionValues.$inferInsert)[] = [];
    const skuRows: (typeof skus.$inferInsert)[] = [];
    const linkRows: (typeof skuOptionValues.$inferInsert)[] = [];
    const priceRows: (typeof skuPrices.$inferInsert)[] = [];
    const levelRows: (typeof stockLevels.$inferInsert)[] = [];
    const costRows: (typeof skuCosts.$inferInsert)[] = [];
    const movementRows: (typeof stockMovements.$inferInsert)[] = [];

    for (let i = 0; i < count; i += 1) {
      const family = families[i % families.length]!;
      const noun = rng.pick(family.nouns);
      const material = rng.pick(family.materials);
      const adjective = rng.pick(adjectives);
      const productId = crypto.randomUUID();
      const titleEn = `${adjective.en} ${material.en} ${noun.en.toLowerCase()}`;
      const publishedAt = new Date(epoch + i * 19 * 3_600_000);
      const active = rng.next() > 0.06;
      productRows.push({
        id: productId,
        slug: `${slugify(titleEn)}-${i + 1}`,
        title: { en: titleEn, 'zh-CN': `${adjective.zh}${material.zh}${noun.zh}` },
        description: {
          en: `${adjective.en} ${noun.en.toLowerCase()} made from ${material.en.toLowerCase()}. Designed to last, packed plastic-free and shipped from our nearest warehouse.`,
          'zh-CN': `${material.zh}制成的${adjective.zh}${noun.zh}。经久耐用，无塑料包装，从最近的仓库发货。`,
        },
        categoryId: categoryIds.get(family.category)!,
        brandId: rng.next() > 0.1 ? rng.pick(brandRows).id : null,
        status: active ? 'active' : 'draft',
        publishedAt: active ? publishedAt : null,
        attributes: {
          material: { en: material.en, 'zh-CN': material.zh },
          hsCode: family.hsCode,
          countryOfOrigin: rng.pick(['CN', 'VN', 'PT', 'IT', 'JP', 'TR']),
        },
        createdAt: publishedAt,
      });

      const optionSets: {
        name: { en: string; 'zh-CN': string };
        values: { code: string; label: { en: string; 'zh-CN'?: string } }[];
      }[] = [];
      if (family.sizes) {
        optionSets.push({
          name: { en: 'Size', 'zh-CN': '尺码' },
          values: family.sizes.map((s) => ({ code: s, label: { en: s } })),
        });
      }
      if (family.colours) {
        const chosen = rng.sample(colours, rng.int(1, 3));
        optionSets.push({
          name: { en: 'Colour', 'zh-CN': '颜色' },
          values: chosen.map((c) => ({ code: c.code, label: { en: c.en, 'zh-CN': c.zh } })),
        });
      }
      const optionValueIds: { id: string; code: string }[][] = [];
      for (const [position, set] of optionSets.entries()) {
        const optionId = crypto.randomUUID();
        optionRows.push({ id: optionId, productId, position, name: set.name });
        optionValueIds.push(
          set.values.map((v, index) => {
            const id = crypto.randomUUID();
            valueRows.push({ id, optionId, position: index, code: v.code, label: v.label });
            return { id, code: v.code };
          }),
        );
      }

      const [low, high] = family.basePrice;
      const base = Math.round((low + rng.next() * (high - low)) / 100) * 100 - 1; // x.99
      const onSale = rng.next() < 0.25;
      // About one product in seven has its own euro prices (10% under the converted ones), on
      // every SKU and with its sale price too, as a seller prices a market.
      const euroPriced = i % 7 === 3;
      for (const [position, combo] of skuMatrix(optionValueIds.map((values) => ({ values }))).entries()) {
        const skuId = crypto.randomUUID();
        // Bigger bottles cost more; clothing sizes cost the same.
        const sizeStep = family.sizes?.[0]?.endsWith('ml') ? family.sizes.indexOf(combo[0]!.code) : 0;
        const price = base + sizeStep * Math.round(base * 0.6);
        skuRows.push({
          id: skuId,
          productId,
          code: [`CD${String(i + 1).padStart(4, '0')}`, ...combo.map((v) => v.code)].join('-').toUpperCase(),
          combinationKey: combinationKey(combo.map((v) => v.id)),
          basePrice: price,
          compareAtPrice: onSale ? Math.round(price * 1.25) : null,
          weightGrams: rng.int(80, 2400),
          position,
        });
        for (const v of combo) linkRows.push({ skuId, optionValueId: v.id });
        if (euroPriced) {
          priceRows.push({
            skuId,
            currency: 'EUR',
            price: Math.round(price * 0.9),
            compareAtPrice: onSale ? Math.round(price * 1.25 * 0.9) : null,
          });
        }
        // Stock in one to three warehouses; about one SKU in ten sold out everywhere. The
        // opening stock came in at 45 % of the price (the demo's buying margin).
        const soldOut = rng.next() < 0.1;
        const openingCost = Math.round(price * 0.45);
        let counted = 0;
        for (const warehouseId of rng.sample(warehouseIds, rng.int(1, 3))) {
          const onHand = soldOut ? 0 : rng.int(0, 60);
          levelRows.push({ skuId, warehouseId, onHand });
          counted += onHand;
          if (onHand > 0) {
            movementRows.push({
              skuId,
              warehouseId,
              onHandDelta: onHand,
              reason: 'opening',
              reference: 'demo seed',
              unitCost: openingCost,
              createdAt: publishedAt,
            });
          }
        }
        costRows.push({ skuId, quantity: counted, unitCost: openingCost });
      }
    }

    await insertChunks(productRows, (c) => tx.insert(products).values(c));
    await insertChunks(optionRows, (c) => tx.insert(productOptions).values(c));
    await insertChunks(valueRows, (c) => tx.insert(optionValues).values(c));
    await insertChunks(skuRows, (c) => tx.insert(skus).values(c));
    await insertChunks(linkRows, (c) => tx.insert(skuOptionValues).values(c));
    await insertChunks(priceRows, (c) => tx.insert(skuPrices).values(c));
    await insertChunks(levelRows, (c) => tx.insert(stockLevels).values(c));
    await insertChunks(movementRows, (c) => tx.insert(stockMovements).values(c));
    await insertChunks(costRows, (c) => tx.insert(skuCosts).values(c));
    await refreshProducts(
      tx,
      productRows.map((p) => p.id!),
    );
    return {
      products: productRows.length,
      skus: skuRows.length,
    };
  });
  if (options.blobs) await seedProductPhotos(db, options.blobs);
  return { created: true, products: result.products, skus: result.skus };
}
