// `pnpm db:seed`: migrates, then seeds the demo business into the configured database: the
// accounts, catalog and photos, shop setup and the marketplace shops (their credentials sealed
// with the configured keys, so it builds the app's dependencies).
import { seedDemo } from '@crossdock/db/seed';
import { closeDeps, createDeps } from '../app';
import { loadConfig } from '../config';
import { hashPassword } from '../infra/passwords';
import { seedCatalog, seedCommerce, seedPurchasing, seedShops } from '../seed';

const deps = await createDeps(loadConfig());
try {
  const result = await seedDemo(deps.db, { hashPassword });
  const catalog = await seedCatalog(deps.db, { blobs: deps.blobs });
  await seedCommerce(deps.db);
  const shops = await seedShops(deps);
  const purchasing = await seedPurchasing(deps);
  console.log(
    result.created
      ? `seeded demo data into ${deps.dbHandle.location}`
      : `demo data already present in ${deps.dbHandle.location}`,
  );
  console.log(
    catalog.created
      ? `seeded ${catalog.products} products and ${catalog.skus} SKUs`
      : 'catalog already present',
  );
  console.log(
    shops.created ? `opened ${shops.shops} marketplace shops` : 'marketplace shops already present',
  );
  console.log(
    purchasing.created ? `placed ${purchasing.orders} purchase orders` : 'purchase orders already present',
  );
  console.log(`demo password: ${result.password}`);
  for (const account of result.accounts) console.log(`  ${account.role.padEnd(20)} ${account.email}`);
} finally {
  await closeDeps(deps);
}
