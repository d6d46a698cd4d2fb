// The API the checkout benchmark loads, in its own process so the buyers' load generator does
// not share its event loop: a fresh Postgres database with the demo catalog (no photos) and
// commerce setup, Redis for carts and caches, 5 hot SKUs with little stock and 500 cold ones with
// plenty, and `BUYERS` signed-in customers with an address. Prints one JSON line when ready.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { createInterface } from 'node:readline';
import { hashPassword } from '@crossdock/api/passwords';
import { seedCatalog, seedCommerce } from '@crossdock/api/seed';
import { resultRows } from '@crossdock/db/client';
import { createUser } from '@crossdock/db/factories';
import { customerAddresses, skus, stockLevels, stockMovements } from '@crossdock/db/schema';
import { createTemplateDatabase, dropDatabase } from '@crossdock/db/test-databases';
import { asc, inArray, sql } from 'drizzle-orm';
import { startApi } from './api-instance';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const BUYERS = Number(process.env.BUYERS ?? 64);
const HOT_STOCK = Number(process.env.HOT_STOCK ?? 300);
// API processes serving the buyers (instances behind a load balancer would share the work the
// same way). On this 2-core machine a second one does not raise throughput: the cores are busy.
const API_PROCESSES = Number(process.env.API_PROCESSES ?? 1);
const dbName = `cd_bench_checkout_${Date.now().toString(36)}`;
const url = await createTemplateDatabase(ADMIN_URL, dbName);
const api = await startApi(url, dbName);
const { deps } = api;
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
const address = api.url;
// The other API processes, without background jobs (the first one runs them).
const others = await Promise.all(
  Array.from({ length: API_PROCESSES - 1 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'api-instance.ts'], {
      env: { ...process.env, DATABASE_URL: url, KEY_PREFIX: dbName, JOBS: 'off' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
    return { child, url: (JSON.parse(line) as { url: string }).url };
  }),
);
const urls = [api.url, ...others.map((o) => o.url)];
const buyers: { token: string; addressId: string; url: string }[] = [];
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
      postalCode: '10119',
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
  buyers.push({
    token: login.result.data.json.accessToken,
    addressId: row!.id,
    url: urls[i % urls.length]!,
  });
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
    apiProcesses: urls.length,
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
  for (const other of others) other.child.kill('SIGTERM');
  await Promise.all(others.map((o) => once(o.child, 'exit')));
  await api.close();
  await dropDatabase(ADMIN_URL, dbName);
  process.exit(0);
});
