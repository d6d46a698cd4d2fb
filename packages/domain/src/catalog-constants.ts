// Catalog constants the storefront needs at run time, kept free of zod so its first load stays small.

export const storeCurrencies = ['USD', 'EUR', 'GBP', 'CNY', 'JPY'] as const;
export type StoreCurrency = (typeof storeCurrencies)[number];

export const productSorts = ['relevance', 'newest', 'price_asc', 'price_desc', 'rating'] as const;
export type ProductSort = (typeof productSorts)[number];

/** The largest photo the API accepts (product and review photos); clients check it before uploading. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
