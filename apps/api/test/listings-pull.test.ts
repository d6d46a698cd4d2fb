// A shop's listings pulled from its platform (the simulated Amazon, through the SP-API client):
// each kept with the platform's title, price, count and whether it is on sale, and its drift
// from ours at the time — our price in the shop's currency and the count we would tell the
// platform; listings the platform shows that we had not seen are added and linked by SKU code;
// one pull of a shop at a time; a refused sign-in is kept on the shop for staff to see.
import { shops, simAmazonSellers } from '@crossdock/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addSimulatedAmazonListings,
  openSimulatedAmazonSeller,
} from '../src/infra/marketplaces/amazon-simulator';
import { pullDueListings, pullShopListings } from '../src/modules/channels/listings-pull.service';
import { buildServer } from '../src/server';
import { expectReason } from './errors';
import { createTestApp, type TestApp } from './harness';

const DE = 'A1PA6795UKMFR9' as const;
const SELLER = 'A1LISTINGSELLER';

let app: TestApp;
let server: Awaited<ReturnType<typeof buildServer>>;
let staff: Awaited<ReturnType<TestApp['staff']>>['api'];
let shopId: string;
let lampSku: string;

beforeAll(async () => {
  app = await createTestApp();
  server = await buildServer(app.deps);
  app.deps.config.publicApiUrl = await server.listen({ host: '127.0.0.1', port: 0 });
  staff = (await app.staff(['Administrator'])).api;
  const warehouseId = (
    await staff.inventory.createWarehouse({ code: 'SZ-7', name: 'Shenzhen', country: 'CN', kind: 'own' })
  ).id;
  const category = await staff.catalog.categories.create({
    name: { en: 'Lighting' },
    slug: 'lighting',
    parentId: null,
  });
  const product = await staff.catalog.products.create({
    slug: 'arc-lamp',
    title: { en: 'Arc lamp' },
    categoryId: category.id,
  });
  lampSku = product.skus[0]!.id;
  await staff.catalog.products.updateSkus({
    productId: product.id,
    skus: [
      {
        id: lampSku,
        code: 'LAMP-ARC',
        basePrice: 9_000,
        weightGrams: 900,
        prices: { EUR: { price: 9_500, compareAtPrice: null } },
      },
    ],
  });
  await staff.inventory.adjust({ skuId: lampSku, warehouseId, quantity: 40, reason: 'opening' });
  await openSimulatedAmazonSeller(app.deps.db, {
    sellingPartnerId: SELLER,
    storeName: 'Listing Waren',
    region: 'eu',
    marketplaceIds: [DE],
    lwaClientId: 'amzn1.application-oa2-client.listings',
    lwaClientSecret: 'listings-secret',
    refreshToken: 'Atzr|listings',
    rateMultiplier: 20,
  });
  await addSimulatedAmazonListings(app.deps.db, SELLER, [
    { marketplaceId: DE, sellerSku: 'LAMP-ARC', title: 'Bogenleuchte, Messing', price: '99.00' },
    // Sold on Amazon, never yet on an order here, and no SKU of ours by that code.
    ...Array.from({ length: 24 }, (_, i) => ({
      marketplaceId: DE,
      sellerSku: `SHADE-${i}`,
      title: `Lampenschirm ${i}`,
      price: '19.90',
    })),
  ]);
  shopId = (
    await staff.channels.shops.create({
      name: 'Listing Waren — Amazon DE',
      platform: 'amazon',
      marketplace: DE,
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      warehouseId,
      stockBuffer: 2,
      credentials: {
        platform: 'amazon',
        sellingPartnerId: SELLER,
        clientId: 'amzn1.application-oa2-client.listings',
        clientSecret: 'listings-secret',
        refreshToken: 'Atzr|listings',
      },
    })
  ).id;
});

afterAll(async () => {
  await server?.close();
  await app?.cleanup();
});

const lampListing = async () =>
  (await staff.channels.listings.list({ shopId, search: 'LAMP-ARC', limit: 10 })).items[0]!;

describe('pulling a shop’s listings', () => {
  it('keeps every listing as the platform shows it, with how far it is from ours', async () => {
    await expect(pullShopListings(app.deps, shopId)).resolves.toBe(25);
    const lamp = await lampListing();
    expect(lamp).toMatchObject({
      title: 'Bogenleuchte, Messing',
      externalId: expect.stringMatching(/^B0/),
      linkedBy: 'sku',
      platformPrice: 9_900,
      platformCurrency: 'EUR',
      // Never told a count, Amazon sells none of it.
      platformQuantity: 0,
      platformActive: false,
      // 99.00 on Amazon against our 95.00; 0 there against 38 we can sell (40 less a buffer of 2).
      priceDrift: 400,
      quantityDrift: -38,
    });
    expect(lamp.pulledAt).toBeInstanceOf(Date);
    const unmatched = await staff.channels.listings.list({ shopId, state: 'unmatched', limit: 50 });
    expect(unmatched.items).toHaveLength(24);
    // Unlinked: nothing of ours to compare, so no drift.
    expect(unmatched.items[0]).toMatchObject({ platformPrice: 1_990, priceDrift: null, quantityDrift: null });
    const drifted = await staff.channels.listings.list({ shopId, drifted: true, limit: 50 });
    expect(drifted.items.map((l) => l.sellerSku)).toEqual(['LAMP-ARC']);
    expect(await staff.channels.shops.get({ id: shopId })).toMatchObject({
      listingsPulling: false,
      listingsPullError: null,
      listingsPulledAt: expect.any(Date),
    });
  });

  it('shows no drift once the platform was told our count and sells at our price', async () => {
    await staff.catalog.products.updateSkus({
      productId: (await app.deps.db.query.skus.findFirst({ where: (s, { eq }) => eq(s.id, lampSku) }))!
        .productId,
      skus: [{ id: lampSku, prices: { EUR: { price: 9_900, compareAtPrice: null } } }],
    });
    const connector = (await import('../src/modules/channels/adapters')).connectorFor(
      app.deps,
      {
        platform: 'amazon',
        sellingPartnerId: SELLER,
        clientId: 'amzn1.application-oa2-client.listings',
        clientSecret: 'listings-secret',
        refreshToken: 'Atzr|listings',
      },
      { marketplace: DE },
    );
    await connector.pushStock!({ sellerSku: 'LAMP-ARC', listingExternalId: null, quantity: 38 });
    await pullShopListings(app.deps, shopId);
    expect(await lampListing()).toMatchObject({
      platformQuantity: 38,
      platformActive: true,
      priceDrift: 0,
      quantityDrift: 0,
    });
    expect((await staff.channels.listings.list({ shopId, drifted: true, limit: 50 })).items).toEqual([]);
  });

  it('runs one pull of a shop at a time, and a due shop is pulled by the schedule', async () => {
    const [first, second] = await Promise.all([
      pullShopListings(app.deps, shopId),
      pullShopListings(app.deps, shopId),
    ]);
    expect([first, second].sort()).toEqual([25, null]);
    // Pulled just now: not due.
    expect(await pullDueListings(app.deps)).toBe(0);
    app.clock.advance(7 * 3_600_000);
    expect(await pullDueListings(app.deps)).toBe(1);
  });

  it('keeps the platform’s refusal on the shop, and asks no one for a platform without a connector', async () => {
    await app.deps.db
      .update(simAmazonSellers)
      .set({ refreshToken: 'Atzr|rotated' })
      .where(eq(simAmazonSellers.sellingPartnerId, SELLER));
    await pullShopListings(app.deps, shopId);
    const [shop] = await app.deps.db.select().from(shops).where(eq(shops.id, shopId));
    expect(shop!.listingsPullError).toMatch(/invalid_grant|refused|unauthorized/i);
    expect(shop!.listingsPullStartedAt).toBeNull();
    // It ended, failed: the schedule does not ask again until six hours on.
    expect(await pullDueListings(app.deps)).toBe(0);
    const fresh = (await app.staff(['Administrator'])).api;
    const ebay = await fresh.channels.shops.create({
      name: 'Listing Waren — eBay',
      platform: 'ebay',
      marketplace: 'ebay.de',
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      warehouseId: shop!.warehouseId,
      credentials: { platform: 'ebay', oauthToken: 'v^1.1#i^1#listings' },
    });
    await expectReason(
      fresh.channels.listings.pull({ shopId: ebay.id }),
      'PRECONDITION_FAILED',
      'CONNECTOR_UNAVAILABLE',
    );
  });
});
