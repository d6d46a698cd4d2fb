// One Vitest run over every package, so `pnpm test` prints one summary. The API suite runs
// twice: against Postgres + Redis (services mode) and against embedded PGlite with in-process
// limits (single-machine mode).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'packages/domain',
      'packages/db',
      {
        extends: './apps/api/vitest.config.ts',
        root: './apps/api',
        test: { name: 'api:postgres', provide: { driver: 'postgres' } },
      },
      {
        extends: './apps/api/vitest.config.ts',
        root: './apps/api',
        // Only the integration suite: the unit tests in src/ do not depend on the driver, the
        // fault tests stop a Postgres and a Redis of their own (services mode only), and drawing
        // the demo's photos is sharp and the blob store, whatever the database.
        test: {
          name: 'api:pglite',
          exclude: ['src/**', 'test/faults-*.test.ts', 'test/seed-photos.test.ts', '**/node_modules/**'],
          provide: { driver: 'pglite' },
        },
      },
      'apps/storefront',
      'apps/desktop',
      'e2e',
    ],
  },
});
