// Starts the API: reads config, builds deps and the server, listens. With --demo it also
// seeds the demo business into an empty database and prints the URLs and demo sign-ins.
import { seedDemo } from '@crossdock/db/seed';
import { closeDeps, createDeps } from './app';
import { registerBackgroundWork } from './background';
import { ConfigError, loadConfig } from './config';
import { hashPassword } from './infra/passwords';
import { demoCoupons, seedCatalog, seedCommerce } from './seed';
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
await registerBackgroundWork(deps);
if (config.runJobsInline) await deps.jobs.start();

if (config.authSecretIsEphemeral) {
  deps.logger.warn('AUTH_SECRET is not set: using a random one; access tokens will not survive a restart');
}

const seeded = demo ? await seedDemo(deps.db, { hashPassword }) : null;
const catalog = demo ? await seedCatalog(deps.db, { blobs: deps.blobs }) : null;
if (demo) await seedCommerce(deps.db);
const address = await app.listen({ host: config.host, port: config.port });

if (seeded) {
  const lines = [
    '',
    `Crossdock API      ${address}/trpc  (health: ${address}/healthz, ready: ${address}/readyz)`,
    `Database           ${deps.dbHandle.driver === 'pglite' ? `embedded, in ${deps.dbHandle.location}` : deps.dbHandle.location}`,
    `Redis              ${config.redisUrl ? 'configured' : 'not configured (in-process limits and jobs)'}`,
    `Background jobs    ${config.runJobsInline ? `in this process (${deps.jobs.mode})` : 'off here: run the worker (src/worker.ts)'}`,
    `Catalog            ${catalog?.created ? `seeded ${catalog.products} products, ${catalog.skus} SKUs` : 'already present'}`,
    '',
    `Coupon codes       ${demoCoupons.join(', ')} (and "spend more, save more" from $300 applies by itself)`,
    '',
    `Demo sign-ins (password for all: ${seeded.password})`,
    ...seeded.accounts.map((a) => `  ${a.kind.padEnd(9)} ${a.role.padEnd(20)} ${a.email}`),
    '',
  ];
  console.log(lines.join('\n'));
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    deps.logger.info({ signal }, 'shutting down');
    await app.close();
    await closeDeps(deps);
    process.exit(0);
  });
}
