// Starts the API: reads config, builds deps and the server, listens. With --demo it also
// seeds the demo business into an empty database and prints the URLs and demo sign-ins.
import { DEMO_PASSWORD, seedDemo } from '@crossdock/db/seed';
import { closeDeps, createDeps } from './app';
import { registerBackgroundWork } from './background';
import { ConfigError, loadConfig } from './config';
import { hashPassword } from './infra/passwords';
import {
  demoCoupons,
  demoHistory,
  seedCatalog,
  seedCommerce,
  seedHistory,
  seedProductPhotos,
  seedPurchasing,
  seedShops,
} from './seed';
import { buildServer } from './server';

const demo = process.argv.includes('--demo');

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const deps = await createDeps(config);
const app = await buildServer(deps);

if (config.authSecretIsEphemeral) {
  deps.logger.warn('AUTH_SECRET is not set: using a random one; access tokens will not survive a restart');
}

// The demo's accounts, catalog and shop setup are seeded before the API listens.
const historyStart = new Date(Date.now() - demoHistory.days * 86_400_000);
const seeded = demo ? await seedDemo(deps.db, { hashPassword, customersJoinedAt: historyStart }) : null;
const catalog = demo
  ? await seedCatalog(deps.db, {
      // Products launch over the months of history (the first ones before it starts).
      epoch: new Date(historyStart.getTime() - 60 * 86_400_000),
    })
  : null;
if (demo) await seedCommerce(deps.db);
const demoShops = demo ? await seedShops(deps) : null;
const purchasing = demo ? await seedPurchasing(deps) : null;
const address = await app.listen({ host: config.host, port: config.port });

if (seeded) {
  const lines = [
    '',
    `Crossdock API      ${address}/trpc  (health: ${address}/healthz, ready: ${address}/readyz)`,
    `Database           ${deps.dbHandle.driver === 'pglite' ? `embedded, in ${deps.dbHandle.location}` : deps.dbHandle.location}`,
    `Redis              ${config.redisUrl ? 'configured' : 'not configured (in-process limits and jobs)'}`,
    `Background jobs    ${config.runJobsInline ? `in this process (${deps.jobs.mode})` : 'off here: run the worker (src/worker.ts)'}`,
    `Catalog            ${catalog?.created ? `seeded ${catalog.products} products, ${catalog.skus} SKUs` : 'already present'}`,
    `History            ${demoHistory.days} days of orders, being built (the dashboard fills in as it goes)`,
    `Marketplace shops  ${demoShops?.shops ?? 0} (Shopify and Amazon US, DE, JP on their simulators, synced on schedule; eBay's months imported from its Seller Hub report)`,
    `Purchasing         ${purchasing?.orders ?? 0} purchase orders from 3 suppliers (received, partly received, on the way, a draft)`,
    '',
    `Coupon codes       ${demoCoupons.join(', ')} (and "spend more, save more" from $300 applies by itself)`,
    '',
    `Demo sign-ins (password for all: ${seeded.password})`,
    ...seeded.accounts.map((a) => `  ${a.kind.padEnd(9)} ${a.role.padEnd(20)} ${a.email}`),
    '',
  ];
  console.log(lines.join('\n'));
}

// The demo's photos are drawn, and its months of history played through the use cases on a
// clock of their own, while the API already serves. Background work starts after: a job acting
// on the real clock (the expiry of unpaid orders, say) must not act on a history half-built.
if (demo) {
  const started = Date.now();
  // One after the other: drawing (sharp's threads) beside the history (this thread) would leave
  // no core for the shoppers' requests on a small machine.
  const photos = await seedProductPhotos(deps.db, deps.blobs);
  if (photos > 0) await deps.catalogCache.invalidate({ shared: true });
  const history = await seedHistory(deps, {
    ...demoHistory,
    passwordHash: await hashPassword(DEMO_PASSWORD),
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(
    [
      history.created
        ? `History            ${history.orders} orders over ${demoHistory.days} days`
        : `History            already present (${history.orders} orders)`,
      photos > 0 ? `Photos             ${photos} drawn` : null,
      `                   ready in ${seconds} s\n`,
    ]
      .filter(Boolean)
      .join('\n'),
  );
}
await registerBackgroundWork(deps);
if (config.runJobsInline) await deps.jobs.start();

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    deps.logger.info({ signal }, 'shutting down');
    await app.close();
    await closeDeps(deps);
    process.exit(0);
  });
}
