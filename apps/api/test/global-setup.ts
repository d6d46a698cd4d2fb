// Once per test run and project: for the Postgres project, a migrated template database that
// each test file clones; the run's id keeps parallel runs on one server apart.

import { createTemplateDatabase, dropDatabase } from '@crossdock/db/test-databases';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    driver: 'postgres' | 'pglite';
    adminUrl: string;
    templateDb: string;
    redisUrl: string;
    runId: string;
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
  if (driver !== 'postgres') return;
  await createTemplateDatabase(adminUrl, templateDb);
  return async () => {
    await dropDatabase(adminUrl, templateDb);
  };
}
