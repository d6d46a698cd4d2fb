// One API process of the checkout benchmark, configured as every other one: the same database,
// Redis key prefix and token secret, so any process can serve any buyer — as instances behind a
// load balancer would. Run directly (`node --import tsx api-instance.ts`) it starts one on
// DATABASE_URL and KEY_PREFIX and prints its URL as a JSON line.
import { closeDeps, createDeps } from '@crossdock/api/app';
import { parseConfig } from '@crossdock/api/config';
import { defaultLimitRules } from '@crossdock/api/rate-limit';
import { buildServer } from '@crossdock/api/server';
import pino from 'pino';

export async function startApi(databaseUrl: string, keyPrefix: string) {
  const deps = await createDeps(
    parseConfig({
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL: 'redis://127.0.0.1:6379',
      AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0000',
      LOG_LEVEL: 'silent',
      BLOB_DIR: `/tmp/${keyPrefix}-blobs`,
      // Marketplace credentials are sealed with a key of the benchmark's own.
      CREDENTIAL_KEYS: `bench:${Buffer.alloc(32, 3).toString('base64')}`,
      // Only the first process runs the background schedules, as in a real deployment.
      JOBS: process.env.JOBS ?? 'inline',
    }),
    {
      logger: pino({ level: 'silent' }),
      redisKeyPrefix: `bench:${keyPrefix}:`,
      limitRules: { ...defaultLimitRules, loginPerIp: { points: 100_000, durationSeconds: 60 } },
    },
  );
  const app = await buildServer(deps);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    deps,
    url,
    async close() {
      await app.close();
      await closeDeps(deps);
    },
  };
}

if (process.argv[1]?.endsWith('api-instance.ts')) {
  const api = await startApi(process.env.DATABASE_URL!, process.env.KEY_PREFIX!);
  console.log(JSON.stringify({ url: api.url }));
  process.once('SIGTERM', async () => {
    await api.close();
    process.exit(0);
  });
}
