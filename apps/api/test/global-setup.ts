// Once per test run and project: for the Postgres project, a migrated template database that
// each test file clones; for the PGlite project, a migrated snapshot each file loads. The run's
// id keeps parallel runs on one server apart.

import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTemplateDatabase, dropDatabase, migratedPgliteSnapshot } from '@crossdock/db/test-databases';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    driver: 'postgres' | 'pglite';
    adminUrl: string;
    templateDb: string;
    redisUrl: string;
    runId: string;
    /** PGlite project: the migrated snapshot's file. */
    pgliteSnapshot: string;
  }
}

export default async function setup(project: TestProject) {
  const driver = project.config.provide?.driver ?? 'postgres';
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const templateDb = `cd_tpl_${runId}`;
  project.provide('driver', driver);
  project.provide('adminUrl', adminUrl);
  project.provide('redisUrl', redisUrl);
  project.provide('runId', runId);
  project.provide('templateDb', templateDb);
  if (driver !== 'postgres') {
    const snapshot = join(tmpdir(), `crossdock-pglite-${runId}.tar`);
    await writeFile(snapshot, await migratedPgliteSnapshot());
    project.provide('pgliteSnapshot', snapshot);
    return async () => {
      await rm(snapshot, { force: true });
    };
  }
  project.provide('pgliteSnapshot', '');
  await createTemplateDatabase(adminUrl, templateDb);
  return async () => {
    await dropDatabase(adminUrl, templateDb);
  };
}
