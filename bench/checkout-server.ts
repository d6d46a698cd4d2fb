// The API the checkout benchmark loads, in its own process so the buyers' load generator does
// not share its event loop: a fresh Postgres database with the demo catalog (no photos) and
// commerce setup, Redis for carts and caches, 5 hot SKUs with little stock and 500 cold ones with
// plenty, and `BUYERS` signed-in customers with an address. Prints one JSON line when ready.

import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { closeDeps, createDeps } from '@crossdock/api/app';
import { parseConfig } from '@crossdock/api/config';
import { hashPassword } from '@crossdock/api/passwords';
import { defaultLimitRules } from '@crossdock/api/rate-limit';
import { seedCatalog, seedCommerce } from '@crossdock/api/seed';
import { buildServer } from '@crossdock/api/server';
import { resultRows } from '@crossdock/db/client';
import { createUser } from '@crossdock/db/factories';
import { customerAddresses, skus, stockLevels, stockMovements } from '@crossdock/db/schema';
import { createTemplateDatabase, dropDatabase } from '@crossdock/db/test-databases';
import { asc, inArray, sql } from 'drizzle-orm';
import pino from 'pino';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const BUYERS = Number(process.env.BUYERS ?? 64);
const HOT_STOCK = Number(process.env.HOT_STOCK ?? 300);
const dbName = `cd_bench_checkout_${Date.now().toString(36)}`;
const url = await createTemplateDatabase(ADMIN_URL, dbName);
const deps = await createDeps(
  parseConfig({
    NODE_ENV: 'production',
    DATABASE_URL: url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0000',
    LOG_LEVEL: 'silent',
    BLOB_DIR: `/tmp/${dbName}-blobs`,
  }),
  {
    logger: pino({ level: 'silent' }),
    redisKeyPrefix: `bench:${dbName}:`,
    limitRules: { ...defaultLimitRules, loginPerIp: { points: 100_000, durationSeconds: 60 } },
  },
);
await seedCatalog(deps.db);
await seedCommerce(deps.db);

// Hot: five SKUs, stock cut to HOT_STOCK each in one warehouse, so they sell out under load.
// Cold: 500 others, topped up so they never run out.
const sellable = await deps.db
  .select({ id: skus.id })
  .from(skus)
  .where(sql`${skus.status} = 'active' and ${skus.basePrice} is not null and ${skus.basePrice} < 20000`)
  .orderBy(asc(skus.code))
  .limit(505);
const hot = sellable.slice(0, 5).map((s) => s.id);
const cold = sellable.slice(5).map((s) => s.id);
await deps.db.transaction(async (tx) => {
  await tx.delete(stockMovements).where(inArray(stockMovements.skuId, [...hot, ...cold]));
  await tx.delete(stockLevels).where(inArray(stockLevels.skuId, [...hot, ...cold]));
  const [warehouse] = resultRows<{ id: string }>(
    await tx.execute(sql`select id from warehouses order by code limit 1`),
  );
  const rows = [
    ...hot.map((skuId) => ({ skuId, warehouseId: warehouse!.id, onHand: HOT_STOCK })),
    ...cold.map((skuId) => ({ skuId, warehouseId: warehouse!.id, onHand: 1_000_000 })),
  ];
  await tx.insert(stockLevels).values(rows);
  await tx.insert(stockMovements).values(
    rows.map((r) => ({
      skuId: r.skuId,
      warehouseId: r.warehouseId,
      onHandDelta: r.onHand,
      reason: 'opening',
    })),
  );
});

const passwordHash = await hashPassword('bench-password-2026');
const app = await buildServer(deps);
const address = await app.listen({ host: '127.0.0.1', port: 0 });
const buyers: { token: string; addressId: string }[] = [];
for (let i = 0; i < BUYERS; i++) {
  const user = await createUser(deps.db, {
    kind: 'customer',
    email: `buyer${i}@bench.test`,
    name: `Buyer ${i}`,
    passwordHash,
  });
  const [row] = await deps.db
    .insert(customerAddresses)
    .values({
      customerId: user.id,
      name: `Buyer ${i}`,
      line1: 'Torstraße 1',
      city: 'Berlin',
      country: 'DE',
      isDefault: true,
    })
    .returning();
  const login = await fetch(`${address}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      json: { email: user.email, password: 'bench-password-2026', kind: 'customer', transport: 'body' },
    }),
  }).then((r) => r.json() as Promise<{ result: { data: { json: { accessToken: string } } } }>);
  buyers.push({ token: login.result.data.json.accessToken, addressId: row!.id });
}
const [standard] = resultRows<{ id: string }>(
  await deps.db.execute(sql`select id from shipping_methods where code = 'standard'`),
);

// PROFILE=<file>: a CPU profile of the load alone (not the seeding), written at the end.
const profiler = process.env.PROFILE ? new Session() : null;
if (profiler) {
  profiler.connect();
  await new Promise((resolve) =>
    profiler.post('Profiler.enable', () => profiler.post('Profiler.start', resolve)),
  );
}

console.log(
  JSON.stringify({
    ready: true,
    url: address,
    hot,
    cold,
    buyers,
    shippingMethodId: standard!.id,
    hotStock: HOT_STOCK,
  }),
);

process.once('SIGTERM', async () => {
  if (profiler) {
    const profile = await new Promise((resolve) =>
      profiler.post('Profiler.stop', (_e, r) => resolve(r.profile)),
    );
    writeFileSync(process.env.PROFILE!, JSON.stringify(profile));
  }
  // Oversold = units sold beyond what was there: reserved may never pass on hand, and the order
  // lines of each SKU must add up to exactly what is reserved for it.
  const [check] = resultRows<{ oversold: number; mismatched: number }>(
    await deps.db.execute(sql`
      select
        (select coalesce(sum(greatest(reserved - on_hand, 0)), 0)::int from stock_levels) as oversold,
        (select count(*)::int from (
          select l.sku_id from stock_levels l
          left join (select sku_id, sum(quantity) q from order_lines group by sku_id) o on o.sku_id = l.sku_id
          where l.reserved <> coalesce(o.q, 0)) m) as mismatched`),
  );
  const [hotSold] = resultRows<{ sold: number }>(
    await deps.db.execute(
      sql`select coalesce(sum(quantity), 0)::int as sold from order_lines where ${inArray(sql`sku_id`, hot)}`,
    ),
  );
  console.log(JSON.stringify({ final: true, ...check, hotSold: hotSold?.sold ?? 0 }));
  await app.close();
  await closeDeps(deps);
  await dropDatabase(ADMIN_URL, dbName);
  process.exit(0);
});
