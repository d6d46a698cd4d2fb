// The servers the catalog benchmark loads, in their own process so the load generator does not
// share their CPU: the API with its cache, the API without it, and a bare Fastify baseline that
// replays the exact SQL the API's catalog reads send, on postgres.js, and returns the rows as JSON.

import { closeDeps, createDeps } from '@crossdock/api/app';
import { browseProducts } from '@crossdock/api/browse';
import { uncachedCatalog } from '@crossdock/api/catalog-cache';
import { parseConfig } from '@crossdock/api/config';
import { seedCatalog } from '@crossdock/api/seed';
import { buildServer } from '@crossdock/api/server';
import { productPage } from '@crossdock/api/shop';
import { createDb } from '@crossdock/db/client';
import { createTemplateDatabase, dropDatabase } from '@crossdock/db/test-databases';
import Fastify from 'fastify';
import pino from 'pino';
import postgres from 'postgres';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `cd_bench_catalog_${Date.now().toString(36)}`;
const url = await createTemplateDatabase(ADMIN_URL, dbName);

const config = (redis: boolean) =>
  parseConfig({
    NODE_ENV: 'production',
    DATABASE_URL: url,
    REDIS_URL: redis ? 'redis://127.0.0.1:6379' : undefined,
    AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0000',
    LOG_LEVEL: 'silent',
    BLOB_DIR: `/tmp/${dbName}-blobs`,
  });
const logger = pino({ level: 'silent' });
const cached = await createDeps(config(true), { logger, redisKeyPrefix: `bench:${dbName}:` });
const uncached = await createDeps(config(true), {
  logger,
  redisKeyPrefix: `bench:${dbName}:u:`,
  catalogCache: uncachedCatalog,
});
// --no-photos: for profiling the servers without the photo seed's CPU in the profile.
await seedCatalog(cached.db, process.argv.includes('--no-photos') ? {} : { blobs: cached.blobs });

const listInput = {
  locale: 'en' as const,
  currency: 'EUR' as const,
  category: 'apparel',
  sort: 'price_asc' as const,
  limit: 24,
};
const firstPage = await browseProducts(cached.db, listInput);
const detailInput = { slug: firstPage.items[0]!.slug, locale: 'en' as const, currency: 'EUR' as const };

// Capture the statements each read sends, to replay them on the bare driver.
async function capture(read: (db: Awaited<ReturnType<typeof createDb>>['db']) => Promise<unknown>) {
  const statements: [string, unknown[]][] = [];
  const handle = await createDb(url, {
    max: 1,
    onQuery: (query, params) => statements.push([query, params]),
  });
  await read(handle.db);
  await handle.close();
  return statements;
}
const listingSql = await capture((db) => browseProducts(db, listInput));
const detailSql = await capture((db) => productPage(db, detailInput));

const sql = postgres(url, { max: 10 });
const baseline = Fastify({ logger: false });
const replay = async (statements: [string, unknown[]][]) => {
  let rows: unknown = null;
  for (const [query, params] of statements) rows = await sql.unsafe(query, params as never[]);
  return rows;
};
baseline.get('/listing', async () => ({ items: await replay(listingSql) }));
baseline.get('/detail', async () => ({ product: await replay(detailSql) }));

const apiCached = await buildServer(cached);
const apiUncached = await buildServer(uncached);
const ports = {
  cached: await apiCached.listen({ host: '127.0.0.1', port: 0 }),
  uncached: await apiUncached.listen({ host: '127.0.0.1', port: 0 }),
  baseline: await baseline.listen({ host: '127.0.0.1', port: 0 }),
};
console.log(
  JSON.stringify({
    ready: true,
    ports,
    listInput,
    detailInput,
    statements: { listing: listingSql.length, detail: detailSql.length },
  }),
);

process.once('SIGTERM', async () => {
  await Promise.all([apiCached.close(), apiUncached.close(), baseline.close()]);
  await sql.end();
  await closeDeps(cached);
  await closeDeps(uncached);
  await dropDatabase(ADMIN_URL, dbName);
  process.exit(0);
});
