// Vitest global setup for the browser tests: build the storefront and the desktop renderer once
// for every e2e file (each file used to build its own copy, a minute of CI each), and seed the
// demo data once into a template database with its photos (half a minute each). Each file still
// gets its own database — a clone of the template — API and preview servers (stack.ts).
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { closeDeps, createDeps } from '@crossdock/api/app';
import { parseConfig } from '@crossdock/api/config';
import { hashPassword } from '@crossdock/api/passwords';
import { seedCatalog, seedCommerce } from '@crossdock/api/seed';
import { seedDemo } from '@crossdock/db/seed';
import { createTemplateDatabase, dropDatabase } from '@crossdock/db/test-databases';
import pino from 'pino';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The seeded template database each file clones, and the photos' folder it refers to. */
    e2eTemplate: string;
    e2eBlobDir: string;
  }
}

export const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const storefrontRoot = fileURLToPath(new URL('../../apps/storefront', import.meta.url));
const desktopRoot = fileURLToPath(new URL('../../apps/desktop', import.meta.url));
export const builtStorefront = fileURLToPath(new URL('../../test-results/build/storefront', import.meta.url));
export const builtDesktop = fileURLToPath(new URL('../../test-results/build/desktop', import.meta.url));

export async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const template = `cd_e2e_tpl_${runId}`;
  const blobDir = fileURLToPath(new URL(`../../test-results/blobs/${runId}`, import.meta.url));
  await seedTemplate(template, blobDir);
  project.provide('e2eTemplate', template);
  project.provide('e2eBlobDir', blobDir);
  await build({
    root: storefrontRoot,
    logLevel: 'error',
    build: { outDir: builtStorefront, emptyOutDir: true, sourcemap: false },
  });
  await build({
    root: `${desktopRoot}/src/renderer`,
    configFile: `${desktopRoot}/vite.config.ts`,
    logLevel: 'error',
    build: { outDir: builtDesktop, emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 5000 },
  });
  return async () => {
    await dropDatabase(adminUrl, template);
    rmSync(blobDir, { recursive: true, force: true });
  };
}

/** The demo accounts, catalog (with photos) and shop setup, in a database files clone. */
async function seedTemplate(name: string, blobDir: string) {
  const config = parseConfig({
    NODE_ENV: 'test',
    DATABASE_URL: await createTemplateDatabase(adminUrl, name),
    AUTH_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e-secret',
    BLOB_DIR: blobDir,
    LOG_LEVEL: 'silent',
  });
  const deps = await createDeps(config, { logger: pino({ level: 'silent' }) });
  try {
    await seedDemo(deps.db, { hashPassword });
    await seedCatalog(deps.db, { blobs: deps.blobs });
    await seedCommerce(deps.db);
  } finally {
    await closeDeps(deps);
  }
}
