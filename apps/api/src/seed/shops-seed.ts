// The demo business's marketplace shops: a Shopify store the simulated Shopify knows, Amazon US
// (fulfilled by Amazon from FBA-US), DE and JP (shipped from Shenzhen) whose seller accounts the
// simulated Amazon knows — so "Test connection" signs in and the schedule syncs their month of
// orders for real — and an eBay shop, whose three months come in by its Seller Hub report.
// Written through the channels module, so their credentials are sealed like any shop's.
import { Readable } from 'node:stream';
import { findUserByEmail } from '@crossdock/db/factories';
import { products, shops, skus, stockLevels, warehouses } from '@crossdock/db/schema';
import { staffEmail } from '@crossdock/db/seed';
import { amazonMarketplaces, createShopInput } from '@crossdock/domain/channels';
import { money, toDecimalString } from '@crossdock/domain/money';
import { convertPrice } from '@crossdock/domain/prices';
import { desc, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import {
  addSimulatedAmazonListings,
  openSimulatedAmazonSeller,
  type SimulatedAmazonSeller,
  simulateAmazonTraffic,
} from '../infra/marketplaces/amazon-simulator';
import {
  addSimulatedShopifyVariants,
  openSimulatedShopifyStore,
  simulateShopifyTraffic,
} from '../infra/marketplaces/shopify-simulator';
import { loadPricing } from '../modules/catalog/currencies';
import { runImport, startImport, uploadImport } from '../modules/channels/imports.service';
import { createShop } from '../modules/channels/shops.service';
import type { Actor } from '../modules/identity/audit';
import { demoEbayOrdersReport } from './ebay-report';

export const demoShopifyStore = {
  domain: 'crossdock-demo.myshopify.com',
  name: 'Crossdock Demo',
  currency: 'USD',
  timeZone: 'America/Los_Angeles',
  accessToken: 'shpat_demo_0f3c1b6a9d2e4f5a8b7c6d5e4f3a2b1c',
  webhookSecret: 'demo-webhook-secret-4b1e9f',
};

export async function seedShops(deps: AppDeps): Promise<{ created: boolean; shops: number }> {
  const [existing] = await deps.db.select({ n: sql<number>`count(*)::int` }).from(shops);
  if (existing!.n > 0) return { created: false, shops: existing!.n };
  const admin = await findUserByEmail(deps.db, staffEmail('Administrator'));
  if (!admin) throw new Error('seed the demo accounts first');
  const codes = new Map(
    (await deps.db.select({ id: warehouses.id, code: warehouses.code }).from(warehouses)).map((w) => [
      w.code,
      w.id,
    ]),
  );
  const warehouse = (code: string) => {
    const id = codes.get(code);
    if (!id) throw new Error(`seed the catalog first (warehouse ${code})`);
    return id;
  };
  await openSimulatedShopifyStore(deps.db, { ...demoShopifyStore, ordersPerHour: 1 });
  await stockDemoShopifyStore(deps, warehouse('LAX-OS'));
  await openDemoAmazonSellers(deps, { us: warehouse('FBA-US'), eu: warehouse('SZX-1') });
  const amazon = (sellingPartnerId: string) => {
    const seller = demoAmazonSellers.find((s) => s.sellingPartnerId === sellingPartnerId)!;
    return {
      platform: 'amazon' as const,
      sellingPartnerId,
      clientId: seller.lwaClientId,
      clientSecret: seller.lwaClientSecret,
      refreshToken: seller.refreshToken,
    };
  };
  // Checked by the same contract as a shop staff add.
  const demoShops: Parameters<typeof createShopInput.parse>[0][] = [
    {
      name: 'Shopify — Crossdock Demo',
      platform: 'shopify',
      marketplace: 'crossdock-demo',
      currency: 'USD',
      timeZone: demoShopifyStore.timeZone,
      warehouseId: warehouse('LAX-OS'),
      stockBuffer: 1,
      syncIntervalMinutes: 15,
      credentials: {
        platform: 'shopify',
        shopDomain: demoShopifyStore.domain,
        accessToken: demoShopifyStore.accessToken,
        webhookSecret: demoShopifyStore.webhookSecret,
      },
    },
    {
      name: 'Amazon US',
      platform: 'amazon',
      marketplace: 'ATVPDKIKX0DER',
      currency: 'USD',
      timeZone: 'America/Los_Angeles',
      warehouseId: warehouse('FBA-US'),
      stockBuffer: 2,
      syncIntervalMinutes: 15,
      credentials: amazon('A2DEMOSELLERNA1'),
    },
    {
      name: 'Amazon DE',
      platform: 'amazon',
      marketplace: 'A1PA6795UKMFR9',
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      warehouseId: warehouse('SZX-1'),
      stockBuffer: 2,
      syncIntervalMinutes: 30,
      credentials: amazon('A2DEMOSELLEREU1'),
    },
    {
      name: 'Amazon JP',
      platform: 'amazon',
      marketplace: 'A1VC38T7YXB528',
      currency: 'JPY',
      timeZone: 'Asia/Tokyo',
      warehouseId: warehouse('SZX-1'),
      stockBuffer: 2,
      syncIntervalMinutes: 30,
      credentials: amazon('A2DEMOSELLERFE1'),
    },
    {
      name: 'eBay US',
      platform: 'ebay',
      marketplace: 'ebay.com',
      currency: 'USD',
      timeZone: 'America/Los_Angeles',
      warehouseId: warehouse('LAX-OS'),
      stockBuffer: 1,
      syncIntervalMinutes: 60,
      credentials: { platform: 'ebay', oauthToken: 'v^1.1#i^1#demo-user-token' },
    },
  ];
  const actor = { id: admin.id, ip: null, requestId: null, at: deps.clock.now() };
  const created = [];
  for (const shop of demoShops) created.push(await createShop(deps, actor, createShopInput.parse(shop)));
  const ebay = created.find((s) => s.platform === 'ebay')!;
  await importDemoEbayHistory(deps, actor, ebay, warehouse('LAX-OS'));
  return { created: true, shops: demoShops.length };
}

/**
 * The eBay shop's three months, brought in as its seller would: Seller Hub's orders report,
 * uploaded and imported (eBay has no connector here). It sells what Los Angeles holds most of.
 */
async function importDemoEbayHistory(
  deps: AppDeps,
  actor: Actor,
  shop: { id: string; timeZone: string },
  warehouseId: string,
) {
  const held = await heldMost(deps, warehouseId, 20);
  const report = demoEbayOrdersReport(
    held.map((s) => ({ code: s.code, title: s.title, price: s.price! })),
    { now: deps.clock.now(), days: 90, timeZone: shop.timeZone, sellerId: 'crossdock-demo' },
  );
  const uploaded = await uploadImport(deps, actor, {
    shopId: shop.id,
    fileName: 'eBay-OrdersReport-demo.csv',
    file: Readable.from([Buffer.from(report)]),
  });
  await startImport(deps, actor, uploaded.import.id);
  await runImport(deps, uploaded.import.id);
}

/**
 * The demo Shopify store sells what the Los Angeles warehouse holds most of, under our SKU
 * codes (so its listings link themselves), plus two bundles of its own that no SKU code matches
 * (the unmatched queue has something true to show); a month of shoppers has already been.
 */
async function stockDemoShopifyStore(deps: AppDeps, warehouseId: string) {
  const held = await heldMost(deps, warehouseId, 40);
  const price = (amount: number) => toDecimalString(money(amount, 'USD'));
  await addSimulatedShopifyVariants(deps.db, demoShopifyStore.domain, [
    ...held.map((s) => ({ sku: s.code, barcode: s.barcode, title: s.title, price: price(s.price!) })),
    { sku: 'GIFT-SET-TEA-MUG', title: 'Tea lover’s gift set', price: '49.00' },
    { sku: 'SOCKS-3PACK', title: 'Merino socks, pack of 3', price: '36.00' },
  ]);
  const now = deps.clock.now();
  await simulateShopifyTraffic(deps.db, demoShopifyStore.domain, now, {
    from: new Date(now.getTime() - 30 * 86_400_000),
    ordersPerHour: 0.2,
  });
}

/** The SKUs a warehouse holds most of (over 20 each), with their base price and English title. */
async function heldMost(deps: AppDeps, warehouseId: string, limit: number) {
  return deps.db
    .select({
      code: skus.code,
      barcode: skus.barcode,
      price: skus.basePrice,
      title: sql<string>`${products.title}->>'en'`,
    })
    .from(stockLevels)
    .innerJoin(skus, eq(skus.id, stockLevels.skuId))
    .innerJoin(products, eq(products.id, skus.productId))
    .where(
      sql`${stockLevels.warehouseId} = ${warehouseId} and ${skus.basePrice} is not null and ${stockLevels.onHand} > 20`,
    )
    .orderBy(desc(stockLevels.onHand), skus.code)
    .limit(limit);
}

const lwa = {
  lwaClientId: 'amzn1.application-oa2-client.crossdock-demo',
  lwaClientSecret: 'demo-lwa-client-secret',
};
/**
 * The demo's seller accounts in the simulated Amazon, one per region as Amazon keeps them. Their
 * usage plan is five times Amazon's default (a seller of this size asks for one), so the first
 * sync of a month of orders takes seconds rather than the minutes getOrderItems' 0.5 a second
 * would need.
 */
export const demoAmazonSellers = [
  {
    sellingPartnerId: 'A2DEMOSELLERNA1',
    region: 'na',
    marketplaceIds: ['ATVPDKIKX0DER'],
    ...lwa,
    refreshToken: 'Atzr|demo-refresh-token-na',
  },
  {
    sellingPartnerId: 'A2DEMOSELLEREU1',
    region: 'eu',
    marketplaceIds: ['A1PA6795UKMFR9'],
    ...lwa,
    refreshToken: 'Atzr|demo-refresh-token-eu',
  },
  {
    sellingPartnerId: 'A2DEMOSELLERFE1',
    region: 'fe',
    marketplaceIds: ['A1VC38T7YXB528'],
    ...lwa,
    refreshToken: 'Atzr|demo-refresh-token-fe',
  },
] as const satisfies readonly Omit<SimulatedAmazonSeller, 'storeName'>[];

/**
 * Amazon US sells, fulfilled by Amazon, what FBA-US holds most of; Amazon DE and JP sell what
 * Shenzhen holds, shipped by us, at prices converted with the store's rates and rounding — all
 * under our SKU codes (their listings link themselves) — plus a two-pack of Amazon's own that no
 * SKU code matches (the unmatched queue). A month of buyers has already been.
 */
async function openDemoAmazonSellers(deps: AppDeps, warehouses: { us: string; eu: string }) {
  const pricing = await loadPricing(deps.db);
  const now = deps.clock.now();
  for (const seller of demoAmazonSellers) {
    const marketplaceId = seller.marketplaceIds[0];
    const market = amazonMarketplaces[marketplaceId];
    await openSimulatedAmazonSeller(deps.db, {
      ...seller,
      marketplaceIds: [...seller.marketplaceIds],
      storeName: 'Crossdock Demo',
      rateMultiplier: 5,
      ordersPerHour: 0.5,
    });
    const setting = pricing.rates.get(market.currency);
    if (!setting) throw new Error(`seed the currencies first (${market.currency})`);
    const afn = seller.region === 'na';
    const held = await heldMost(deps, afn ? warehouses.us : warehouses.eu, 25);
    const priced = (amount: number) =>
      toDecimalString(
        convertPrice(money(amount, pricing.base), market.currency, setting.rate, setting.rounding),
      );
    await addSimulatedAmazonListings(deps.db, seller.sellingPartnerId, [
      ...held.map((s) => ({
        marketplaceId,
        sellerSku: s.code,
        title: s.title,
        price: priced(s.price!),
        fulfillmentChannel: afn ? ('AFN' as const) : ('MFN' as const),
      })),
      {
        marketplaceId,
        sellerSku: `${held[0]!.code}-2PK`,
        title: `${held[0]!.title} (2-pack)`,
        price: priced(held[0]!.price! * 2),
        fulfillmentChannel: afn ? ('AFN' as const) : ('MFN' as const),
      },
    ]);
    await simulateAmazonTraffic(deps.db, seller.sellingPartnerId, now, {
      from: new Date(now.getTime() - 30 * 86_400_000),
      ordersPerHour: 0.2,
    });
  }
}
