// `pnpm db:seed`: migrates, then seeds the demo business into the configured database.
import { createDb } from '@crossdock/db/client';
import { seedDemo } from '@crossdock/db/seed';
import { loadConfig } from '../config';
import { localBlobStore } from '../infra/blob-store';
import { hashPassword } from '../infra/passwords';
import { seedCatalog, seedCommerce } from '../seed';

const config = loadConfig();
const handle = await createDb(config.database, { max: 1 });
await handle.migrate();
const result = await seedDemo(handle.db, { hashPassword });
const catalog = await seedCatalog(handle.db, { blobs: localBlobStore(config.blobDir) });
await seedCommerce(handle.db);
await handle.close();
console.log(
  result.created
    ? `seeded demo data into ${handle.location}`
    : `demo data already present in ${handle.location}`,
);
console.log(
  catalog.created
    ? `seeded ${catalog.products} products and ${catalog.skus} SKUs`
    : 'catalog already present',
);
console.log(`demo password: ${result.password}`);
for (const account of result.accounts) console.log(`  ${account.role.padEnd(20)} ${account.email}`);
