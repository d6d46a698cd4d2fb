// A real app for one test file: its own database (a clone of the migrated template on
// Postgres, or a fresh embedded PGlite), its own Redis key prefix (Postgres project) or
// in-process limits (PGlite project), real argon2, real tokens. Nothing is mocked.

import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser, ensurePresetRoles } from '@crossdock/db/factories';
import { cloneDatabase, dropDatabase } from '@crossdock/db/test-databases';
import pino from 'pino';
import { inject } from 'vitest';
import { closeDeps, createDeps } from '../src/app';
import { parseConfig } from '../src/config';
import { createContextInner, type RequestInfo } from '../src/context';
import type { AppDeps } from '../src/deps';
import { manualClock } from '../src/infra/clock';
import type { EventHandler } from '../src/infra/event-relay';
import { hashPassword } from '../src/infra/passwords';
import { defaultLimitRules, type LimitRules } from '../src/infra/rate-limit';
import { createRedis } from '../src/infra/redis';
import { appRouter } from '../src/router';
import { createCallerFactory } from '../src/trpc';

export const TEST_PASSWORD = 'correct-horse-battery-2026';
const createCaller = createCallerFactory(appRouter);

let hashed: Promise<string> | undefined;
/** Hashing is slow on purpose; the factories hash the shared test password once per file. */
export function testPasswordHash(): Promise<string> {
  hashed ??= hashPassword(TEST_PASSWORD);
  return hashed;
}

let counter = 0;
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}.${counter}@example.com`;
}

export interface TestAppOptions {
  limitRules?: Partial<LimitRules>;
  eventHandlers?: readonly EventHandler[];
  /** A Redis of the test's own (the fault tests stop and start it); Postgres project only. */
  redisUrl?: string;
  /** A Postgres database of the test's own, used as it is (migrated on start, not dropped). */
  databaseUrl?: string;
}

export async function createTestApp(options: TestAppOptions = {}) {
  const driver = inject('driver');
  const fileId = `${inject('runId')}_${Math.random().toString(36).slice(2, 8)}`;
  const adminUrl = inject('adminUrl');
  let database = 'memory://';
  let dbName: string | null = null;
  if (driver === 'postgres' && options.databaseUrl) {
    database = options.databaseUrl;
  } else if (driver === 'postgres') {
    dbName = `cd_t_${fileId}`;
    database = await cloneDatabase(adminUrl, inject('templateDb'), dbName);
  }
  const redisUrl = driver === 'postgres' ? (options.redisUrl ?? inject('redisUrl')) : undefined;
  const config = parseConfig({
    NODE_ENV: 'test',
    DATABASE_URL: driver === 'postgres' ? database : undefined,
    DATA_DIR: 'memory://',
    BLOB_DIR: join(tmpdir(), `crossdock-test-${fileId}`),
    REDIS_URL: redisUrl,
    AUTH_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
    LOG_LEVEL: 'silent',
  });
  const redisKeyPrefix = `test:${fileId}:`;
  const clock = manualClock();
  const deps = await createDeps(config, {
    logger: pino({ level: 'silent' }),
    clock,
    redisKeyPrefix,
    limitRules: { ...defaultLimitRules, ...options.limitRules },
    eventHandlers: options.eventHandlers,
    // The embedded database starts migrated, from the run's snapshot (global-setup.ts).
    db: driver === 'pglite' ? { pgliteSnapshot: new Blob([await readFile(inject('pgliteSnapshot'))]) } : {},
  });
  const roleIds = await ensurePresetRoles(deps.db);

  const cookieJar = new Map<string, string>();

  function caller(req: Partial<RequestInfo> = {}) {
    return createCaller(
      createContextInner(deps, {
        ip: '203.0.113.7',
        userAgent: 'vitest',
        cookies: Object.fromEntries(cookieJar),
        setCookie: (name, value) => cookieJar.set(name, value),
        clearCookie: (name) => cookieJar.delete(name),
        ...req,
      }),
    );
  }

  /** A staff member holding the named preset roles (or none), signed in. */
  async function staff(roleNames: string[] = [], overrides: { email?: string; name?: string } = {}) {
    const email = overrides.email ?? uniqueEmail('staff');
    const user = await createUser(deps.db, {
      kind: 'staff',
      email,
      name: overrides.name ?? 'Test Staff',
      passwordHash: await testPasswordHash(),
      roleIds: roleNames.map((name) => {
        const id = roleIds.get(name);
        if (!id) throw new Error(`no preset role ${name}`);
        return id;
      }),
    });
    return { ...user, password: TEST_PASSWORD, ...(await signIn(email, 'staff')) };
  }

  async function customer(overrides: { email?: string; name?: string } = {}) {
    const email = overrides.email ?? uniqueEmail('customer');
    const user = await createUser(deps.db, {
      kind: 'customer',
      email,
      name: overrides.name ?? 'Test Customer',
      passwordHash: await testPasswordHash(),
    });
    return { ...user, password: TEST_PASSWORD, ...(await signIn(email, 'customer')) };
  }

  async function signIn(email: string, kind: 'staff' | 'customer', password = TEST_PASSWORD) {
    const session = await caller().auth.login({ email, password, kind, transport: 'body' });
    return {
      session,
      api: caller({ accessToken: session.accessToken }),
    };
  }

  async function cleanup() {
    await closeDeps(deps);
    await rm(config.blobDir, { recursive: true, force: true });
    if (dbName) await dropDatabase(adminUrl, dbName);
    if (redisUrl) {
      const redis = createRedis(redisUrl, '');
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisKeyPrefix}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
      await redis.quit();
    }
  }

  return {
    deps: deps as AppDeps,
    driver,
    clock,
    roleIds,
    cookieJar,
    caller,
    staff,
    customer,
    signIn,
    cleanup,
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
