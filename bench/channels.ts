// `pnpm bench channels`: five Shopify shops on the simulated Shopify, 4,000 orders each placed
// over the last twenty days, synced from nothing at once — through Shopify's Admin API client,
// over HTTP, page by page, into the order book on Postgres. Prints the wall time to catch up,
// orders/s, pages, the waits the simulated rate limit asked for, and orders in the book (must be
// every order not cancelled before it was seen). The stores are on Shopify Plus's rate (bucket
// 20,000 points, 1,000 a second); a Standard store (100 a second) is ten times slower by design.
//
// The other half of the benchmark — importing a 100,000-row Amazon All Orders file — is
// channels-import.ts, which `pnpm bench channels` runs first.
import { createShop } from '@crossdock/api/channel-shops';
import { requestSync, runSync } from '@crossdock/api/channel-sync';
import {
  addSimulatedShopifyVariants,
  openSimulatedShopifyStore,
  simulateShopifyTraffic,
} from '@crossdock/api/seed';
import { orders, simShopifyOrders, simShopifyStores, syncRuns } from '@crossdock/db/schema';
import { createTemplateDatabase, dropDatabase } from '@crossdock/db/test-databases';
import { createShopInput } from '@crossdock/domain/channels';
import { eq, sql } from 'drizzle-orm';
import { startApi } from './api-instance';
import { benchSeller } from './seller-fixture';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const SHOPS = 5;
const ORDERS_PER_SHOP = Number(process.env.ORDERS_PER_SHOP ?? 4_000);
const DAYS = 20;

export async function channelsBench(): Promise<void> {
  // The schedule would start syncs of its own: this process runs none.
  process.env.JOBS = 'off';
  const dbName = `cd_bench_channels_${Date.now().toString(36)}`;
  const url = await createTemplateDatabase(ADMIN_URL, dbName);
  const api = await startApi(url, dbName);
  const deps = { ...api.deps, config: { ...api.deps.config, publicApiUrl: api.url } };
  try {
    const { admin, warehouse, sold } = await benchSeller(deps, {
      code: 'BENCH-3PL',
      name: 'Bench 3PL',
      country: 'US',
    });

    const now = new Date();
    const setupStarted = performance.now();
    const shopIds: string[] = [];
    for (let i = 1; i <= SHOPS; i++) {
      const domain = `bench-${i}.myshopify.com`;
      await openSimulatedShopifyStore(deps.db, {
        domain,
        name: `Bench ${i}`,
        currency: 'USD',
        timeZone: 'America/New_York',
        accessToken: `shpat_bench_${i}`,
        webhookSecret: `whsec_bench_${i}`,
      });
      await deps.db
        .update(simShopifyStores)
        .set({ bucketSize: 20_000, bucketAvailable: 20_000, restoreRate: 1_000 })
        .where(eq(simShopifyStores.domain, domain));
      await addSimulatedShopifyVariants(
        deps.db,
        domain,
        sold.map((s) => ({ sku: s.code, title: s.code, price: '19.90' })),
      );
      await simulateShopifyTraffic(deps.db, domain, now, {
        from: new Date(now.getTime() - DAYS * 86_400_000),
        ordersPerHour: ORDERS_PER_SHOP / (DAYS * 24),
      });
      const shop = await createShop(
        deps,
        { id: admin.id, ip: null, requestId: null, at: now },
        createShopInput.parse({
          name: `Bench ${i} (Shopify)`,
          platform: 'shopify',
          marketplace: `bench-${i}`,
          currency: 'USD',
          timeZone: 'America/New_York',
          warehouseId: warehouse.id,
          stockBuffer: 0,
          syncIntervalMinutes: 15,
          credentials: {
            platform: 'shopify',
            shopDomain: domain,
            accessToken: `shpat_bench_${i}`,
            webhookSecret: `whsec_bench_${i}`,
          },
        }),
      );
      shopIds.push(shop.id);
    }
    const [placed] = await deps.db.select({ n: sql<number>`count(*)::int` }).from(simShopifyOrders);
    console.log(
      `set up: ${placed!.n} simulator orders over ${SHOPS} shops in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
    );

    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 200);
    const started = performance.now();
    const runs = await Promise.all(
      shopIds.map(async (shopId) => {
        const run = await requestSync(deps, shopId, 'manual', null);
        return runSync(deps, run!.id);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);

    const [book] = await deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(orders)
      .where(sql`${orders.shopId} is not null`);
    const [expected] = await deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(simShopifyOrders)
      .where(sql`${simShopifyOrders.document}->>'cancelledAt' is null`);
    const all = await deps.db.select().from(syncRuns);
    const total = (key: 'pages' | 'ordersNew' | 'retries') => all.reduce((n, r) => n + r[key], 0);
    console.log(`caught up ${total('ordersNew')} orders over ${SHOPS} shops in ${seconds.toFixed(1)} s`);
    console.log(`  ${(total('ordersNew') / seconds).toFixed(0)} orders/s, ${total('pages')} pages`);
    console.log(`  rate-limit waits: ${total('retries')}`);
    console.log(`  runs: ${runs.map((r) => r?.status ?? 'taken').join(', ')}`);
    for (const r of all) if (r.error) console.log(`  failed: ${r.error}`);
    console.log(`  in the order book: ${book!.n} (expected ${expected!.n}, cancelled before seen excluded)`);
    console.log(`  peak RSS of the API process: ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
  } finally {
    await api.close();
    await dropDatabase(ADMIN_URL, dbName);
  }
}
