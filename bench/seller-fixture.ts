// The business the channels benchmarks sell for: the demo catalog, an administrator, and a
// warehouse holding plenty of the 200 SKUs the marketplace shops sell.
type AppDeps = Awaited<ReturnType<typeof startApi>>['deps'];

import { hashPassword } from '@crossdock/api/passwords';
import { seedCatalog, seedCommerce } from '@crossdock/api/seed';
import { createUser, ensurePresetRoles } from '@crossdock/db/factories';
import { skus, stockLevels, warehouses } from '@crossdock/db/schema';
import { asc, sql } from 'drizzle-orm';
import type { startApi } from './api-instance';

export const BENCH_ADMIN = { email: 'bench.admin@bench.test', password: 'bench-password-2026' };

export async function benchSeller(deps: AppDeps, warehouse: { code: string; name: string; country: string }) {
  await seedCatalog(deps.db);
  await seedCommerce(deps.db);
  const admin = await createUser(deps.db, {
    kind: 'staff',
    email: BENCH_ADMIN.email,
    name: 'Bench Admin',
    passwordHash: await hashPassword(BENCH_ADMIN.password),
    roleIds: [(await ensurePresetRoles(deps.db)).get('Administrator')!],
  });
  const [stored] = await deps.db
    .insert(warehouses)
    .values({ ...warehouse, kind: 'third_party' })
    .returning();
  const sold = await deps.db
    .select({ id: skus.id, code: skus.code })
    .from(skus)
    .where(sql`${skus.basePrice} is not null`)
    .orderBy(asc(skus.code))
    .limit(200);
  await deps.db
    .insert(stockLevels)
    .values(sold.map((s) => ({ skuId: s.id, warehouseId: stored!.id, onHand: 1_000_000 })));
  return { admin, warehouse: stored!, sold };
}
