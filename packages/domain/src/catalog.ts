// Contracts for the catalog: categories, brands, products with options and SKUs, prices and
// exchange rates. Staff forms and the API validate with these same schemas.
import { z } from 'zod';
import { productSorts, storeCurrencies } from './catalog-constants';
import { locales } from './identity';
import { say } from './messages';
import { pageInput } from './pagination';
import { atLeastOneField, safeString } from './text';

export * from './catalog-constants';
export const currencySchema = z.enum(storeCurrencies);

/** Text in several languages; English is required and is the fallback. */
export const localizedText = (max: number) =>
  z.strictObject({
    en: safeString().trim().min(1, say('catalog.english')).max(max),
    'zh-CN': safeString().trim().max(max).optional(),
  });
export type LocalizedText = { en: string; 'zh-CN'?: string };

export function localize(text: LocalizedText, locale: (typeof locales)[number] | string): string {
  return (locale === 'zh-CN' ? text['zh-CN'] : undefined) || text.en;
}

export const slugSchema = safeString()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, say('code.slug'));

const minorAmount = z
  .number(say('price.enter'))
  .int(say('price.minor'))
  .min(0, say('price.notNegative'))
  .max(1_000_000_000_00, say('price.tooLarge'));

// ---- categories and brands ------------------------------------------------------------------

export const createCategoryInput = z.strictObject({
  name: localizedText(120),
  description: localizedText(2000).optional(),
  slug: slugSchema,
  parentId: z.uuid().nullable().default(null),
});

export const updateCategoryInput = z.strictObject({
  id: z.uuid(),
  name: localizedText(120).optional(),
  description: localizedText(2000).nullable().optional(),
  slug: slugSchema.optional(),
});

/** Moves a category under `parentId` (null = top level) at `position` among its new siblings. */
export const moveCategoryInput = z.strictObject({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  position: z.number().int().min(0).max(10_000),
});

export const createBrandInput = z.strictObject({
  name: safeString().trim().min(1).max(120),
  slug: slugSchema,
});

export const updateBrandInput = z.strictObject({
  id: z.uuid(),
  name: safeString().trim().min(1).max(120).optional(),
  slug: slugSchema.optional(),
  archived: z.boolean().optional(),
});

export const brandListInput = z.strictObject({
  ...pageInput,
  search: safeString().trim().max(120).optional(),
  includeArchived: z.boolean().default(true),
});

export const addOptionValuesInput = z.strictObject({
  productId: z.uuid(),
  optionId: z.uuid(),
  values: z
    .array(z.strictObject({ code: safeString().trim().min(1).max(40), label: localizedText(60) }))
    .min(1)
    .max(50),
});

export const archiveInput = z.strictObject({ id: z.uuid(), archived: z.boolean() });

// ---- products -------------------------------------------------------------------------------

export const productStatuses = ['draft', 'active', 'archived'] as const;
export type ProductStatus = (typeof productStatuses)[number];

/**
 * Typed product attributes; customs fields are what cross-border shipping declares. Material and
 * care are words shoppers read, so they are written in each language like the title.
 */
export const productAttributes = z.strictObject({
  material: localizedText(200).optional(),
  hsCode: safeString()
    .trim()
    .regex(/^\d{6,10}$/, say('code.hs'))
    .optional(),
  countryOfOrigin: safeString()
    .trim()
    .regex(/^[A-Z]{2}$/, say('country.iso'))
    .optional(),
  care: localizedText(500).optional(),
});
export type ProductAttributes = z.infer<typeof productAttributes>;

const seo = z.strictObject({
  title: localizedText(70).optional(),
  description: localizedText(160).optional(),
});

export const optionInput = z.strictObject({
  name: localizedText(60),
  values: z
    .array(z.strictObject({ code: safeString().trim().min(1).max(40), label: localizedText(60) }))
    .min(1, say('option.values'))
    .max(50),
});

export const createProductInput = z.strictObject({
  slug: slugSchema,
  title: localizedText(200),
  description: localizedText(10_000).optional(),
  categoryId: z.uuid(say('category.choose')),
  brandId: z.uuid().nullable().default(null),
  attributes: productAttributes.default({}),
  seo: seo.default({}),
  options: z.array(optionInput).max(3, say('option.atMostThree')).default([]),
  /** Prefix for generated SKU codes, e.g. "TEE" → TEE-RED-M. */
  skuPrefix: safeString()
    .trim()
    .regex(/^[A-Z0-9][A-Z0-9-]{0,29}$/, say('code.sku'))
    .optional(),
});

export const updateProductInput = z.strictObject({
  id: z.uuid(),
  slug: slugSchema.optional(),
  title: localizedText(200).optional(),
  description: localizedText(10_000).nullable().optional(),
  categoryId: z.uuid().optional(),
  brandId: z.uuid().nullable().optional(),
  attributes: productAttributes.optional(),
  seo: seo.optional(),
});

export const skuStatuses = ['active', 'inactive'] as const;

export const skuCodeSchema = safeString()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, say('code.barcode'));

/** One row of the SKU matrix editor; fields left out stay as they are. */
export const skuPatch = z.strictObject({
  id: z.uuid(),
  code: skuCodeSchema.optional(),
  barcode: safeString()
    .trim()
    .regex(/^\d{8,14}$/, say('barcode.digits'))
    .nullable()
    .optional(),
  basePrice: minorAmount.nullable().optional(),
  compareAtPrice: minorAmount.nullable().optional(),
  weightGrams: z.number().int().min(0).max(1_000_000).nullable().optional(),
  lengthMm: z.number().int().min(0).max(10_000).nullable().optional(),
  widthMm: z.number().int().min(0).max(10_000).nullable().optional(),
  heightMm: z.number().int().min(0).max(10_000).nullable().optional(),
  status: z.enum(skuStatuses).optional(),
  /** Prices in other currencies; null removes an override so the converted price applies. */
  prices: z
    .partialRecord(
      currencySchema,
      z.strictObject({ price: minorAmount, compareAtPrice: minorAmount.nullable().default(null) }).nullable(),
    )
    .optional(),
});

export const updateSkusInput = z.strictObject({
  productId: z.uuid(),
  skus: z.array(skuPatch).min(1).max(1000),
});

export const productIdInput = z.strictObject({ id: z.uuid() });

export const setProductStatusInput = z.strictObject({
  id: z.uuid(),
  status: z.enum(productStatuses),
});

export const staffProductListInput = z.strictObject({
  ...pageInput,
  search: safeString().trim().max(200).optional(),
  status: z.enum(productStatuses).optional(),
  categoryId: z.uuid().optional(),
  brandId: z.uuid().optional(),
});

/** Which products a bulk price change applies to. At least one filter is required. */
export const priceChangeFilter = z
  .strictObject({
    categoryId: z.uuid().optional(),
    brandId: z.uuid().optional(),
    productIds: z.array(z.uuid()).min(1).max(1000).optional(),
    status: z.enum(productStatuses).optional(),
  })
  .refine((f) => f.categoryId || f.brandId || f.productIds || f.status, say('bulk.chooseProducts'));

/** What a bulk price change would do, without doing it. */
export const priceChangePreviewInput = z.strictObject({
  filter: priceChangeFilter,
  change: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('percent'), basisPoints: z.number().int().min(-9_900).max(100_000) }),
    z.strictObject({
      kind: z.literal('amount'),
      minor: z.number().int().min(-1_000_000_00).max(1_000_000_00),
    }),
  ]),
});

/** A bulk price change, applied (`apply: true` says so on purpose; a preview is its own call). */
export const bulkPriceChangeInput = priceChangePreviewInput.extend({ apply: z.literal(true) });

// ---- currencies ----------------------------------------------------------------------------

export const roundingRuleSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('nearest'), increment: z.number().int().min(1).max(100_000) }),
  z.strictObject({
    mode: z.literal('charm'),
    period: z.number().int().min(1).max(100_000),
    ending: z.number().int().min(0),
  }),
]);

export const updateCurrencyInput = atLeastOneField(
  z.strictObject({
    code: currencySchema,
    rate: safeString()
      .trim()
      .regex(/^\d{1,10}(\.\d{1,10})?$/, say('rate.decimal'))
      .optional(),
    rounding: roundingRuleSchema.optional(),
    enabled: z.boolean().optional(),
  }),
  ['code'],
);

// ---- public reads -------------------------------------------------------------------------

export const shopperContext = {
  locale: z.enum(locales).default('en'),
  currency: currencySchema.default('USD'),
};

export const productBySlugInput = z.strictObject({
  slug: safeString().trim().min(1).max(200),
  ...shopperContext,
});
export const categoryTreeInput = z
  .strictObject({ locale: z.enum(locales).default('en') })
  .default({ locale: 'en' });

/** The shop's product listing and search: filters, sort and a page. Lives in the URL. */
export const productListInput = z.strictObject({
  ...shopperContext,
  category: slugSchema.optional(),
  brands: z.array(slugSchema).max(20).optional(),
  /** In the shopper's currency, minor units. */
  minPrice: z.number().int().min(0).max(1e12).optional(),
  maxPrice: z.number().int().min(0).max(1e12).optional(),
  /** Option name (English, any case) → value codes, e.g. { size: ["M", "L"] }. */
  options: z
    .record(
      safeString()
        .trim()
        .min(1)
        .max(60)
        .transform((name) => name.toLowerCase()),
      z.array(safeString().trim().min(1).max(40)).min(1).max(20),
    )
    .optional(),
  q: safeString().trim().max(200, say('search.tooLong')).optional(),
  /** Only products with at least one SKU that can be bought now. */
  inStock: z.boolean().optional(),
  /** Defaults to relevance when searching, else newest. */
  sort: z.enum(productSorts).optional(),
  limit: z.number().int().min(1).max(100).default(24),
  cursor: safeString().min(1).max(500).optional(),
});
export type ProductListInput = z.infer<typeof productListInput>;

export const reorderImagesInput = z.strictObject({
  productId: z.uuid(),
  imageIds: z.array(z.uuid()).min(1).max(50),
});

export const imageRefInput = z.strictObject({ productId: z.uuid(), imageId: z.uuid() });

export const imageAltInput = z.strictObject({
  productId: z.uuid(),
  imageId: z.uuid(),
  alt: localizedText(300).nullable(),
});

export const updateOptionInput = z.strictObject({
  productId: z.uuid(),
  optionId: z.uuid(),
  name: localizedText(60).optional(),
  /** New labels for existing values, by value id. */
  labels: z.record(z.uuid(), localizedText(60)).optional(),
});

export const removeOptionValueInput = z.strictObject({
  productId: z.uuid(),
  optionId: z.uuid(),
  valueId: z.uuid(),
});
