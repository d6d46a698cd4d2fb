// Marketplace channels: the platforms a seller sells on, the shops they keep there, and the
// credentials a shop's connector signs in with. A shop sells in one marketplace (Amazon.de, a
// Shopify store…), in that marketplace's currency and time zone, and ships from one warehouse
// (its own, a 3PL's, or the platform's fulfilment centres such as FBA).
import { z } from 'zod';
import { say } from './messages';
import { isCurrencyCode } from './money';
import { pageInput } from './pagination';
import { atLeastOneField, safeString } from './text';

export const platforms = [
  'amazon',
  'shopify',
  'ebay',
  'aliexpress',
  'shopee',
  'tiktok_shop',
  'other',
] as const;
export type Platform = (typeof platforms)[number];

export const platformNames: Record<Platform, string> = {
  amazon: 'Amazon',
  shopify: 'Shopify',
  ebay: 'eBay',
  aliexpress: 'AliExpress',
  shopee: 'Shopee',
  tiktok_shop: 'TikTok Shop',
  other: 'Other',
};

/**
 * Amazon's marketplaces, by the ids SP-API takes in `MarketplaceIds` (developer-docs.amazon.com
 * /sp-api/docs/marketplace-ids), with the currency each sells in, a time zone for its day and the SP-API region
 * (na, eu, fe) whose endpoint, sellingpartnerapi-{region}.amazon.com, serves it.
 */
export const amazonMarketplaces = {
  ATVPDKIKX0DER: {
    site: 'amazon.com',
    country: 'US',
    currency: 'USD',
    timeZone: 'America/Los_Angeles',
    region: 'na',
  },
  A2EUQ1WTGCTBG2: {
    site: 'amazon.ca',
    country: 'CA',
    currency: 'CAD',
    timeZone: 'America/Los_Angeles',
    region: 'na',
  },
  A1AM78C64UM0Y8: {
    site: 'amazon.com.mx',
    country: 'MX',
    currency: 'MXN',
    timeZone: 'America/Mexico_City',
    region: 'na',
  },
  A1F83G8C2ARO7P: {
    site: 'amazon.co.uk',
    country: 'GB',
    currency: 'GBP',
    timeZone: 'Europe/London',
    region: 'eu',
  },
  A1PA6795UKMFR9: {
    site: 'amazon.de',
    country: 'DE',
    currency: 'EUR',
    timeZone: 'Europe/Berlin',
    region: 'eu',
  },
  A13V1IB3VIYZZH: {
    site: 'amazon.fr',
    country: 'FR',
    currency: 'EUR',
    timeZone: 'Europe/Paris',
    region: 'eu',
  },
  APJ6JRA9NG5V4: { site: 'amazon.it', country: 'IT', currency: 'EUR', timeZone: 'Europe/Rome', region: 'eu' },
  A1RKKUPIHCS9HS: {
    site: 'amazon.es',
    country: 'ES',
    currency: 'EUR',
    timeZone: 'Europe/Madrid',
    region: 'eu',
  },
  A1805IZSGTT6HS: {
    site: 'amazon.nl',
    country: 'NL',
    currency: 'EUR',
    timeZone: 'Europe/Amsterdam',
    region: 'eu',
  },
  A2NODRKZP88ZB9: {
    site: 'amazon.se',
    country: 'SE',
    currency: 'SEK',
    timeZone: 'Europe/Stockholm',
    region: 'eu',
  },
  A1C3SOZRARQ6R3: {
    site: 'amazon.pl',
    country: 'PL',
    currency: 'PLN',
    timeZone: 'Europe/Warsaw',
    region: 'eu',
  },
  A1VC38T7YXB528: {
    site: 'amazon.co.jp',
    country: 'JP',
    currency: 'JPY',
    timeZone: 'Asia/Tokyo',
    region: 'fe',
  },
  A39IBJ37TRP1C6: {
    site: 'amazon.com.au',
    country: 'AU',
    currency: 'AUD',
    timeZone: 'Australia/Sydney',
    region: 'fe',
  },
  A19VAU5U5O7RUS: {
    site: 'amazon.sg',
    country: 'SG',
    currency: 'SGD',
    timeZone: 'Asia/Singapore',
    region: 'fe',
  },
} as const;
export type AmazonMarketplaceId = keyof typeof amazonMarketplaces;

/**
 * Whether a marketplace's prices hold their tax: VAT, GST and consumption tax are inside the
 * price everywhere Amazon sells but the US and Canada, where sales tax comes on top.
 */
export const amazonPricesIncludeTax = (marketplaceId: string): boolean =>
  !['US', 'CA'].includes(amazonMarketplaces[marketplaceId as AmazonMarketplaceId]?.country ?? '');

/**
 * Whether a shop's prices hold their tax: Amazon's by its marketplace; eBay's unless the site is
 * eBay.com or eBay.ca (sales tax comes on top there, VAT is in the price elsewhere). Shopify's
 * orders say so themselves.
 */
export function pricesIncludeTax(platform: Platform, marketplace: string): boolean {
  if (platform === 'amazon') return amazonPricesIncludeTax(marketplace);
  if (platform === 'ebay') return !['ebay.com', 'ebay.ca'].includes(marketplace.trim().toLowerCase());
  return false;
}

export const shopStatuses = ['active', 'paused', 'needs_reauth'] as const;
export type ShopStatus = (typeof shopStatuses)[number];

/**
 * What a shop's connector signs in with, by platform. The shapes are the platforms' own: SP-API
 * apps hold an LWA client id and secret and the seller's refresh token; a Shopify custom app an
 * Admin API access token for its `*.myshopify.com` domain and the secret webhooks are signed
 * with; eBay a user OAuth token. Other platforms (imports only, for now) hold none.
 */
const secret = (max = 2_000) => safeString().trim().min(1, say('v.required')).max(max);
export const shopCredentials = z.discriminatedUnion('platform', [
  z.strictObject({
    platform: z.literal('amazon'),
    sellingPartnerId: safeString()
      .trim()
      .regex(/^[A-Z0-9]{8,20}$/, say('channel.sellerId')),
    clientId: secret(200),
    clientSecret: secret(),
    refreshToken: secret(),
  }),
  z.strictObject({
    platform: z.literal('shopify'),
    shopDomain: safeString()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, say('channel.shopifyDomain')),
    accessToken: secret(),
    webhookSecret: secret(),
  }),
  z.strictObject({ platform: z.literal('ebay'), oauthToken: secret(4_000) }),
  z.strictObject({ platform: z.literal('aliexpress') }),
  z.strictObject({ platform: z.literal('shopee') }),
  z.strictObject({ platform: z.literal('tiktok_shop') }),
  z.strictObject({ platform: z.literal('other') }),
]);
export type ShopCredentials = z.infer<typeof shopCredentials>;

/** The marketplace's currency: any ISO 4217 code (marketplaces sell in more than the store). */
const shopCurrency = safeString()
  .trim()
  .toUpperCase()
  .refine((code) => isCurrencyCode(code), say('channel.currency'));

const shopFields = {
  name: safeString().trim().min(1, say('v.required')).max(80),
  /** Amazon: the marketplace id; others: the site or store name as the platform shows it. */
  marketplace: safeString().trim().min(1, say('v.required')).max(80),
  currency: shopCurrency,
  timeZone: safeString()
    .trim()
    .max(64)
    .refine((zone) => isTimeZone(zone), say('channel.timeZone')),
  warehouseId: z.uuid(),
  /** Units held back from every listing's quantity, so the last ones are not oversold. */
  stockBuffer: z.number().int().min(0).max(10_000),
  syncIntervalMinutes: z.number().int().min(5).max(1_440),
};

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

export const createShopInput = z
  .strictObject({
    ...shopFields,
    platform: z.enum(platforms),
    stockBuffer: shopFields.stockBuffer.default(0),
    syncIntervalMinutes: shopFields.syncIntervalMinutes.default(15),
    credentials: shopCredentials,
  })
  .superRefine((shop, ctx) => {
    if (shop.credentials.platform !== shop.platform) {
      ctx.addIssue({
        code: 'custom',
        path: ['credentials', 'platform'],
        ...say('channel.credentialsPlatform'),
      });
    }
    if (shop.platform === 'amazon' && !Object.hasOwn(amazonMarketplaces, shop.marketplace)) {
      ctx.addIssue({ code: 'custom', path: ['marketplace'], ...say('channel.amazonMarketplace') });
    }
  });
export type CreateShopInput = z.infer<typeof createShopInput>;

/** A change to a shop; its platform never changes. New credentials replace the old ones whole. */
export const updateShopInput = atLeastOneField(
  z.strictObject({
    id: z.uuid(),
    name: shopFields.name.optional(),
    currency: shopFields.currency.optional(),
    timeZone: shopFields.timeZone.optional(),
    warehouseId: shopFields.warehouseId.optional(),
    stockBuffer: shopFields.stockBuffer.optional(),
    syncIntervalMinutes: shopFields.syncIntervalMinutes.optional(),
    status: z.enum(['active', 'paused']).optional(),
    credentials: shopCredentials.optional(),
  }),
  ['id'],
);
export type UpdateShopInput = z.infer<typeof updateShopInput>;

export const shopListInput = z.strictObject({
  ...pageInput,
  platform: z.enum(platforms).optional(),
  status: z.enum(shopStatuses).optional(),
});

/** The listings screen: a shop's (or every shop's) listings, the unmatched ones first in line. */
export const listingListInput = z.strictObject({
  ...pageInput,
  shopId: z.uuid().optional(),
  state: z.enum(['unmatched', 'linked', 'all']).default('all'),
  /** Only listings whose price or count on the platform differed from ours at the last pull. */
  drifted: z.boolean().default(false),
  /** Part of the seller SKU or title. */
  search: safeString().trim().max(100).optional(),
});

/** What one unit of a listing sells: a SKU once (a plain link), or a bundle of several. */
export const linkListingInput = z.strictObject({
  listingId: z.uuid(),
  components: z
    .array(z.strictObject({ skuId: z.uuid(), quantity: z.number().int().min(1).max(100) }))
    .min(1, say('v.required'))
    .max(20)
    .refine(
      (parts) => new Set(parts.map((p) => p.skuId)).size === parts.length,
      say('channel.duplicateComponent'),
    ),
});
export type LinkListingInput = z.infer<typeof linkListingInput>;

export const syncRunListInput = z.strictObject({ ...pageInput, shopId: z.uuid() });

/** The push log: what was sent to the platforms, filtered by shop and outcome. */
export const pushListInput = z.strictObject({
  ...pageInput,
  shopId: z.uuid().optional(),
  status: z.enum(['pending', 'sent', 'failed']).optional(),
});

/**
 * Why a seller cancels a marketplace order it will not ship; each platform has its own words for
 * them (Amazon's CancelReason, Shopify's OrderCancelReason).
 */
export const sellerCancelReasons = ['out_of_stock', 'buyer_asked', 'undeliverable', 'other'] as const;
export type SellerCancelReason = (typeof sellerCancelReasons)[number];

/** Platforms Crossdock can ask to cancel an order (Amazon's acknowledgement feed, Shopify's orderCancel). */
export const platformCancelsOrders = (platform: Platform): boolean =>
  platform === 'amazon' || platform === 'shopify';

/** What a marketplace order can be cancelled on its platform from: not shipped, not ended. */
export const cancellableOnPlatform: readonly string[] = ['pending_payment', 'paid', 'processing'];

/** Asks a marketplace to cancel one of its orders the seller fulfils (the platform refunds its buyer). */
export const cancelOnPlatformInput = z.strictObject({
  orderId: z.uuid(),
  reason: z.enum(sellerCancelReasons),
});
