// The marketplace connector contract, run against each platform's simulator through the
// adapter the sync uses — Shopify's own Admin API client, Amazon's SP-API clients generated from
// its models — so a simulator that strayed from the published shapes would fail here as the
// real platform would. Every connector must: sign in and say whose account it reached, or say
// the credentials were refused; read the orders changed in a window page by page, oldest change
// first, each once, with all its lines; read one order by its id; read every listing with its
// price and count; and turn the platform's
// "slow down", "I am down" and "no" into the errors the sync engine waits out or reports.

import { simAmazonRateBuckets, simAmazonSellers, simShopifyStores } from '@crossdock/db/schema';
import type { ChannelOrder } from '@crossdock/domain/channel-orders';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amazonConnector } from '../src/infra/marketplaces/amazon';
import {
  addSimulatedAmazonListings,
  openSimulatedAmazonSeller,
  placeSimulatedAmazonOrders,
} from '../src/infra/marketplaces/amazon-simulator';
import {
  ConnectorError,
  type MarketplaceConnector,
  type MarketplaceMode,
} from '../src/infra/marketplaces/connector';
import { shopifyConnector } from '../src/infra/marketplaces/shopify';
import {
  addSimulatedShopifyVariants,
  openSimulatedShopifyStore,
  placeSimulatedShopifyOrders,
} from '../src/infra/marketplaces/shopify-simulator';
import { buildServer } from '../src/server';
import { createTestApp, type TestApp } from './harness';

let app: TestApp;
let server: Awaited<ReturnType<typeof buildServer>>;
let mode: MarketplaceMode;

beforeAll(async () => {
  app = await createTestApp();
  server = await buildServer(app.deps);
  mode = { kind: 'simulated', baseUrl: await server.listen({ host: '127.0.0.1', port: 0 }) };
});

afterAll(async () => {
  await server?.close();
  await app?.cleanup();
});

const hoursAgo = (hours: number) => new Date(app.clock.now().getTime() - hours * 3_600_000);
const now = () => app.clock.now();

/** What the suite needs of each platform's simulator and adapter. */
interface Platform {
  name: string;
  currency: string;
  /** How many listings it opens with (CT-0, CT-1, …). */
  listings: number;
  open(): Promise<void>;
  /** Buyers place orders of one line each with `units` units, at the given times; ids in order. */
  place(times: Date[], lines?: number): Promise<string[]>;
  connector(): MarketplaceConnector;
  refusedConnector(): MarketplaceConnector;
  /** The platform answers its next calls with 5xx. */
  failNext(calls: number): Promise<void>;
  /** The account's rate allowance is spent. */
  spendAllowance(): Promise<void>;
  restoreAllowance(): Promise<void>;
}

const SHOP = 'contract-goods.myshopify.com';
const shopify: Platform = {
  name: 'Shopify',
  currency: 'USD',
  listings: 8,
  async open() {
    await openSimulatedShopifyStore(app.deps.db, {
      domain: SHOP,
      name: 'Contract Goods',
      currency: 'USD',
      timeZone: 'America/New_York',
      accessToken: 'shpat_contract',
      webhookSecret: 'whsec_contract',
    });
    await addSimulatedShopifyVariants(
      app.deps.db,
      SHOP,
      Array.from({ length: 8 }, (_, i) => ({ sku: `CT-${i}`, title: `Contract item ${i}`, price: '10.00' })),
    );
    await app.deps.db
      .update(simShopifyStores)
      .set({ bucketSize: 20_000, restoreRate: 1_000, bucketAvailable: 20_000 })
      .where(eq(simShopifyStores.domain, SHOP));
  },
  async place(times, lines = 1) {
    const variants = await app.deps.db.query.simShopifyVariants.findMany({
      where: (v, { eq }) => eq(v.domain, SHOP),
      orderBy: (v, { asc }) => asc(v.id),
    });
    const ids = await placeSimulatedShopifyOrders(
      app.deps.db,
      SHOP,
      times.map((at) => ({
        email: 'ada@example.com',
        name: 'Ada Lovelace',
        address: {
          address1: '1 Harbour St',
          city: 'Boston',
          province: 'MA',
          zip: '02108',
          countryCode: 'US',
        },
        lines: variants.slice(0, lines).map((v) => ({ variantId: v.id, quantity: 2 })),
        shipping: '5.00',
        taxRate: 0.05,
        at,
      })),
    );
    return ids.map((id) => `gid://shopify/Order/${id}`);
  },
  connector: () => shopifyConnector({ shopDomain: SHOP, accessToken: 'shpat_contract' }, mode, now),
  refusedConnector: () => shopifyConnector({ shopDomain: SHOP, accessToken: 'shpat_wrong' }, mode, now),
  async failNext(calls) {
    await app.deps.db
      .update(simShopifyStores)
      .set({ failNextCalls: calls })
      .where(eq(simShopifyStores.domain, SHOP));
  },
  async spendAllowance() {
    await app.deps.db
      .update(simShopifyStores)
      .set({ bucketAvailable: 0, bucketAt: new Date(), restoreRate: 1 })
      .where(eq(simShopifyStores.domain, SHOP));
  },
  async restoreAllowance() {
    await app.deps.db
      .update(simShopifyStores)
      .set({ bucketAvailable: 20_000, restoreRate: 1_000 })
      .where(eq(simShopifyStores.domain, SHOP));
  },
};

const SELLER = 'A3CONTRACTSELLER';
const DE = 'A1PA6795UKMFR9';
const lwa = {
  sellingPartnerId: SELLER,
  clientId: 'amzn1.application-oa2-client.contract',
  clientSecret: 'contract-lwa-secret',
  refreshToken: 'Atzr|contract-refresh',
};
const amazon: Platform = {
  name: 'Amazon',
  currency: 'EUR',
  listings: 30,
  async open() {
    await openSimulatedAmazonSeller(app.deps.db, {
      sellingPartnerId: SELLER,
      storeName: 'Contract Waren',
      region: 'eu',
      marketplaceIds: [DE],
      lwaClientId: lwa.clientId,
      lwaClientSecret: lwa.clientSecret,
      refreshToken: lwa.refreshToken,
      // A large usage plan, so the suite is not paced by Amazon's default one.
      rateMultiplier: 100,
    });
    await addSimulatedAmazonListings(
      app.deps.db,
      SELLER,
      Array.from({ length: 30 }, (_, i) => ({
        marketplaceId: DE,
        sellerSku: `CT-${i}`,
        title: `Contract Artikel ${i}`,
        price: '10.00',
      })),
    );
  },
  async place(times, lines = 1) {
    return placeSimulatedAmazonOrders(
      app.deps.db,
      SELLER,
      times.map((at) => ({
        marketplaceId: DE,
        buyer: { name: 'Lena Schmidt' },
        address: { line1: 'Hauptstraße 1', city: 'Hamburg', postalCode: '20095', countryCode: 'DE' },
        lines: Array.from({ length: lines }, (_, i) => ({ sellerSku: `CT-${i}`, quantity: 2 })),
        shipping: '3.99',
        taxRate: 0.19,
        at,
      })),
    );
  },
  connector: () => amazonConnector(lwa, DE, mode, now, { sleep: async () => {} }),
  refusedConnector: () => amazonConnector({ ...lwa, refreshToken: 'Atzr|revoked' }, DE, mode, now),
  async failNext(calls) {
    await app.deps.db
      .update(simAmazonSellers)
      .set({ failNextCalls: calls })
      .where(eq(simAmazonSellers.sellingPartnerId, SELLER));
  },
  async spendAllowance() {
    await app.deps.db
      .update(simAmazonSellers)
      .set({ rateMultiplier: 1 })
      .where(eq(simAmazonSellers.sellingPartnerId, SELLER));
    await app.deps.db
      .insert(simAmazonRateBuckets)
      .values({ sellingPartnerId: SELLER, operation: 'getOrders', tokens: 0, at: now() })
      .onConflictDoUpdate({
        target: [simAmazonRateBuckets.sellingPartnerId, simAmazonRateBuckets.operation],
        set: { tokens: 0, at: now() },
      });
  },
  async restoreAllowance() {
    await app.deps.db
      .update(simAmazonSellers)
      .set({ rateMultiplier: 100 })
      .where(eq(simAmazonSellers.sellingPartnerId, SELLER));
    await app.deps.db.execute(
      sql`update sim_amazon_rate_buckets set tokens = 1000 where selling_partner_id = ${SELLER}`,
    );
  },
};

async function readAll(connector: MarketplaceConnector, window: { from: Date; to: Date }) {
  const pages: ChannelOrder[][] = [];
  let page: string | null = null;
  do {
    const result = await connector.pullOrders(window, page);
    pages.push(result.orders);
    page = result.next;
  } while (page);
  return pages;
}

describe.each([shopify, amazon])('the $name connector', (platform) => {
  beforeAll(async () => {
    await platform.open();
  });

  it('signs in and says which account it reached', async () => {
    const check = await platform.connector().testConnection();
    expect(check).toMatchObject({ ok: true, account: { currency: platform.currency } });
  });

  it('says the credentials were refused, and a read with them fails as unauthorized', async () => {
    const connector = platform.refusedConnector();
    expect(await connector.testConnection()).toMatchObject({ ok: false, problem: 'unauthorized' });
    await expect(connector.pullOrders({ from: hoursAgo(48), to: now() }, null)).rejects.toMatchObject({
      problem: 'unauthorized',
    });
  });

  it('reads every order changed in a window once, page after page, oldest change first, with all its lines', async () => {
    // 40 orders over the last two days, one of them with seven lines; and one outside the window.
    const times = Array.from({ length: 40 }, (_, i) => hoursAgo(47 - i));
    const ids = await platform.place(times);
    const [big] = await platform.place([hoursAgo(6.5)], 7);
    const [outside] = await platform.place([hoursAgo(80)]);
    const pages = await readAll(platform.connector(), { from: hoursAgo(48), to: now() });
    expect(pages.length).toBeGreaterThan(1);
    const read = pages.flat();
    const readIds = read.map((o) => o.externalId);
    expect(new Set(readIds).size).toBe(readIds.length);
    expect(readIds).toEqual(expect.arrayContaining([...ids, big]));
    expect(readIds).not.toContain(outside);
    const changes = read.map((o) => o.updatedAt);
    expect([...changes].sort()).toEqual(changes);
    const seven = read.find((o) => o.externalId === big)!;
    expect(seven.lines).toHaveLength(7);
    expect(seven).toMatchObject({ currency: platform.currency, status: 'unshipped' });
    expect(seven.lines[0]).toMatchObject({ quantity: 2, unitPrice: 1000 });
    // A buyer's address comes with the order (Amazon's only through a Restricted Data Token).
    expect(seven.shippingAddress?.line1).toBeTruthy();
  });

  it('reads one order by its id, and nothing for an id it does not hold', async () => {
    const connector = platform.connector();
    const [id] = await platform.place([hoursAgo(3)], 2);
    const order = await connector.pullOrder(id!);
    expect(order).toMatchObject({ externalId: id, lines: [{}, {}] });
    const unknown = platform.name === 'Amazon' ? '305-0000000-0000000' : 'gid://shopify/Order/1';
    expect(await connector.pullOrder(unknown)).toBeNull();
  });

  it('reads every listing once, page after page, with its title, price, count and whether it is on sale', async () => {
    const connector = platform.connector();
    // One told a count, so it is on sale with that count.
    const [first] = (await connector.pullListings!(null)).listings;
    await connector.pushStock!({
      sellerSku: first!.sellerSku,
      listingExternalId: first!.externalId,
      quantity: 7,
    });
    const listings = [];
    let page: string | null = null;
    let pages = 0;
    do {
      const result = await connector.pullListings!(page);
      listings.push(...result.listings);
      page = result.next;
      pages++;
    } while (page);
    expect(pages).toBeGreaterThanOrEqual(platform.listings > 20 ? 2 : 1);
    expect(listings.map((l) => l.sellerSku).sort()).toEqual(
      Array.from({ length: platform.listings }, (_, i) => `CT-${i}`).sort(),
    );
    for (const listing of listings) {
      expect(listing.title).toMatch(/^Contract /);
      expect(listing.externalId).toBeTruthy();
      expect(listing.price).toEqual({ amount: 1000, currency: platform.currency });
    }
    expect(listings.find((l) => l.sellerSku === first!.sellerSku)).toMatchObject({
      quantity: 7,
      active: true,
    });
  });

  it('says the platform is down when it answers 5xx', async () => {
    await platform.failNext(1);
    const failure = await platform
      .connector()
      .pullOrders({ from: hoursAgo(2), to: now() }, null)
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConnectorError);
    expect(failure).toMatchObject({ problem: 'unavailable' });
  });

  it('says how long to wait when the platform throttles', async () => {
    const connector = platform.connector();
    // Signed in first, so the throttle is the orders read's.
    await connector.testConnection();
    await platform.spendAllowance();
    try {
      const failure = await connector
        .pullOrders({ from: hoursAgo(2), to: now() }, null)
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ConnectorError);
      expect(failure).toMatchObject({ problem: 'throttled' });
      expect((failure as ConnectorError).retryAfterMs).toBeGreaterThan(0);
    } finally {
      await platform.restoreAllowance();
    }
  });
});
