// The background worker as a process of its own: runs the jobs and schedules (event relay, mail)
// that API processes started with JOBS=off only enqueue. Needs Redis: with the embedded
// single-machine setup, the API runs its jobs itself.
import { closeDeps, createDeps } from './app';
import { registerBackgroundWork } from './background';
import { ConfigError, loadConfig } from './config';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
  if (!config.redisUrl)
    throw new ConfigError('The worker needs REDIS_URL: without Redis the API runs its own jobs.');
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const deps = await createDeps(config);
await registerBackgroundWork(deps);
await deps.jobs.start();
deps.logger.info({ mode: deps.jobs.mode }, 'worker started');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    deps.logger.info({ signal }, 'worker shutting down');
    await closeDeps(deps);
    process.exit(0);
  });
}
