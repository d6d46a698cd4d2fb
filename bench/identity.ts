// `pnpm bench identity`: identity hot paths over real HTTP, in both runtime modes.
//  - argon2id hash time (sets the floor for sign-in latency and throughput per core)
//  - sign-in throughput and latency
//  - an authenticated read (`auth.me`: token check + user, session and role lookup)
// Single-machine mode uses embedded PGlite in memory; services mode uses a fresh database on
// the local Postgres and the local Redis. Prints figures; asserts nothing.

import { closeDeps, createDeps } from '@crossdock/api/app';
import { parseConfig } from '@crossdock/api/config';
import { hashPassword } from '@crossdock/api/passwords';
import { defaultLimitRules } from '@crossdock/api/rate-limit';
import { buildServer } from '@crossdock/api/server';
import { createUser, ensurePresetRoles } from '@crossdock/db/factories';
import { cloneDatabase, createTemplateDatabase, dropDatabase } from '@crossdock/db/test-databases';
import pino from 'pino';

const PASSWORD = 'bench-password-2026';
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function load(label: string, total: number, concurrency: number, once: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await once(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `  ${label.padEnd(28)} ${String(total).padStart(5)} req  c=${concurrency}  ${(total / seconds).toFixed(0).padStart(6)} req/s  ` +
      `p50 ${percentile(latencies, 50).toFixed(1)} ms  p95 ${percentile(latencies, 95).toFixed(1)} ms  p99 ${percentile(latencies, 99).toFixed(1)} ms`,
  );
}

async function post(url: string, body: unknown, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ json: body }),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { result: { data: { json: { accessToken: string } } } };
}

async function runMode(mode: 'single machine (PGlite)' | 'services (Postgres + Redis)') {
  const services = mode.startsWith('services');
  const dbName = `cd_bench_${Date.now().toString(36)}`;
  let database = 'memory://';
  if (services) {
    await createTemplateDatabase(ADMIN_URL, `${dbName}_tpl`);
    database = await cloneDatabase(ADMIN_URL, `${dbName}_tpl`, dbName);
  }
  const config = parseConfig({
    NODE_ENV: 'test',
    DATA_DIR: 'memory://',
    DATABASE_URL: services ? database : undefined,
    REDIS_URL: services ? 'redis://127.0.0.1:6379' : undefined,
    AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0000',
    LOG_LEVEL: 'silent',
  });
  const generous = { points: 1_000_000, durationSeconds: 60 };
  const deps = await createDeps(config, {
    logger: pino({ level: 'silent' }),
    redisKeyPrefix: `bench:${dbName}:`,
    limitRules: Object.fromEntries(
      Object.keys(defaultLimitRules).map((k) => [k, generous]),
    ) as typeof defaultLimitRules,
  });
  const server = await buildServer(deps);
  const base = await server.listen({ host: '127.0.0.1', port: 0 });
  const roles = await ensurePresetRoles(deps.db);
  const passwordHash = await hashPassword(PASSWORD);
  const emails: string[] = [];
  for (let i = 0; i < 20; i += 1) {
    const email = `bench${i}@example.com`;
    await createUser(deps.db, {
      kind: 'staff',
      email,
      name: `Bench ${i}`,
      passwordHash,
      roleIds: [roles.get('Operations')!],
    });
    emails.push(email);
  }

  console.log(`\n${mode}`);
  await load('sign-in (auth.login)', 200, 4, async (i) => {
    await post(`${base}/trpc/auth.login`, {
      email: emails[i % emails.length],
      password: PASSWORD,
      kind: 'staff',
    });
  });
  const tokens = await Promise.all(
    emails.map(
      async (email) =>
        (await post(`${base}/trpc/auth.login`, { email, password: PASSWORD, kind: 'staff' })).result.data.json
          .accessToken,
    ),
  );
  await load('authenticated read (auth.me)', 3000, 16, async (i) => {
    const res = await fetch(`${base}/trpc/auth.me`, {
      headers: { authorization: `Bearer ${tokens[i % tokens.length]}` },
    });
    if (!res.ok) throw new Error(`auth.me: ${res.status}`);
    await res.arrayBuffer();
  });
  await load('health probe (/healthz)', 3000, 16, async () => {
    await (await fetch(`${base}/healthz`)).arrayBuffer();
  });

  await server.close();
  await closeDeps(deps);
  if (services) {
    await dropDatabase(ADMIN_URL, dbName);
    await dropDatabase(ADMIN_URL, `${dbName}_tpl`);
  }
}

export async function identityBench(): Promise<void> {
  const hashRuns = 10;
  const t0 = performance.now();
  for (let i = 0; i < hashRuns; i += 1) await hashPassword(`password-${i}-abcdefgh`);
  console.log(
    `argon2id hash (19 MiB, t=2, p=1): ${((performance.now() - t0) / hashRuns).toFixed(1)} ms each`,
  );
  await runMode('single machine (PGlite)');
  await runMode('services (Postgres + Redis)');
}
