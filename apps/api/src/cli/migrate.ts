// `pnpm db:migrate`: applies pending migrations to the configured database.
import { createDb } from '@crossdock/db/client';
import { loadConfig } from '../config';

const config = loadConfig();
const handle = await createDb(config.database, { max: 1 });
await handle.migrate();
await handle.close();
console.log(`migrated ${handle.location}`);
