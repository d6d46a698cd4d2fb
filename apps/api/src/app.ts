// Builds the process's dependencies from config: database (migrated), Redis, tokens, limits,
// mail. `closeDeps` releases them. Tests use the same function with their own config.
import { createDb } from '@crossdock/db/client';
import type { Config } from './config';
import type { AppDeps } from './deps';
import { localBlobStore } from './infra/blob-store';
import { memoryCacheStore, redisCacheStore } from './infra/cache';
import { type Clock, systemClock } from './infra/clock';
import { createLogger, type Logger } from './infra/logger';
import { createMailer, logTransport, type MailTransport, smtpTransport } from './infra/mail';
import { createRateLimits, defaultLimitRules, type LimitRules } from './infra/rate-limit';
import { createRedis } from './infra/redis';
import { createTokenService } from './infra/tokens';
import { type CatalogCache, createCatalogCache } from './modules/catalog/cache';

export interface DepsOptions {
  logger?: Logger;
  clock?: Clock;
  redisKeyPrefix?: string;
  limitRules?: LimitRules;
  mailTransport?: MailTransport;
  /** Replaces the catalog read cache (benchmarks measure uncached reads with a pass-through). */
  catalogCache?: CatalogCache;
}

export async function createDeps(config: Config, options: DepsOptions = {}): Promise<AppDeps> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const dbHandle = await createDb(config.database);
  await dbHandle.migrate();
  const redis = config.redisUrl ? createRedis(config.redisUrl, options.redisKeyPrefix) : null;
  const transport =
    options.mailTransport ??
    (config.smtpUrl
      ? smtpTransport(config.smtpUrl, config.mailFrom)
      : logTransport(logger.child({ component: 'mail' })));
  return {
    config,
    db: dbHandle.db,
    dbHandle,
    redis,
    clock,
    logger,
    tokens: createTokenService(config.authSecret, config.accessTokenTtlSeconds, () => clock.now()),
    rateLimits: createRateLimits(redis, options.limitRules ?? defaultLimitRules),
    mailer: createMailer(dbHandle.db, transport, logger.child({ component: 'mail' })),
    catalogCache:
      options.catalogCache ?? createCatalogCache(redis ? redisCacheStore(redis) : memoryCacheStore()),
    blobs: localBlobStore(config.blobDir),
  };
}

export async function closeDeps(deps: AppDeps): Promise<void> {
  deps.mailer.stop();
  await deps.mailer.flush().catch(() => 0);
  if (deps.redis) await deps.redis.quit().catch(() => deps.redis?.disconnect());
  await deps.dbHandle.close();
}
