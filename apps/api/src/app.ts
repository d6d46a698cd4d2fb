// Builds the process's dependencies from config: database (migrated), Redis, tokens, limits,
// mail. `closeDeps` releases them. Tests use the same function with their own config.
import { type CreateDbOptions, createDb } from '@crossdock/db/client';
import { eventHandlers } from './background';
import type { Config } from './config';
import type { AppDeps } from './deps';
import { localBlobStore } from './infra/blob-store';
import { memoryCacheStore, redisCacheStore } from './infra/cache';
import { simulatedCarriers } from './infra/carriers/simulator';
import { type Clock, systemClock } from './infra/clock';
import { fileKeyring, keyring, newKey, parseKeyring } from './infra/credentials';
import { createEventRelay, type EventHandler } from './infra/event-relay';
import { bullmqJobs, inProcessJobs } from './infra/jobs';
import { localLiveBus, redisLiveBus } from './infra/live';
import { createLogger, type Logger } from './infra/logger';
import { createMailer, logTransport, type MailTransport, smtpTransport } from './infra/mail';
import { providerSecret } from './infra/payment-providers/signing';
import { simulatedProviders } from './infra/payment-providers/simulator';
import { createRateLimits, defaultLimitRules, type LimitRules } from './infra/rate-limit';
import { createRedis } from './infra/redis';
import { createReferenceCache } from './infra/reference-cache';
import { createTokenService } from './infra/tokens';
import { postgresCartStore, redisCartStore } from './modules/cart/cart-store';
import { type CatalogCache, createCatalogCache } from './modules/catalog/cache';

export interface DepsOptions {
  logger?: Logger;
  clock?: Clock;
  redisKeyPrefix?: string;
  limitRules?: LimitRules;
  mailTransport?: MailTransport;
  /** Replaces the catalog read cache (benchmarks measure uncached reads with a pass-through). */
  catalogCache?: CatalogCache;
  /** Replaces the event handlers the modules register (tests bring their own). */
  eventHandlers?: readonly EventHandler[];
  /** Options for the database handle (tests start the embedded one from a snapshot). */
  db?: CreateDbOptions;
}

export async function createDeps(config: Config, options: DepsOptions = {}): Promise<AppDeps> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const dbHandle = await createDb(config.database, options.db);
  await dbHandle.migrate();
  const redis = config.redisUrl ? createRedis(config.redisUrl, options.redisKeyPrefix, logger) : null;
  const providerSecrets = {
    alipay: providerSecret(config.providerSecrets.alipay, config.authSecret, 'alipay'),
    wechat_pay: providerSecret(config.providerSecrets.wechat_pay, config.authSecret, 'wechat_pay'),
  };
  const live = redis
    ? redisLiveBus(redis, `${options.redisKeyPrefix ?? 'crossdock:'}live:orders`)
    : localLiveBus();
  const carrierSecret = providerSecret(null, config.authSecret, 'carriers');
  const credentials = config.credentialKeys
    ? parseKeyring(config.credentialKeys)
    : config.credentialKeyFile
      ? await fileKeyring(config.credentialKeyFile)
      : keyring([newKey('ephemeral')]);
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
    cartStore: redis ? redisCartStore(redis) : postgresCartStore(dbHandle.db, clock),
    reference: createReferenceCache(redis ? redisCacheStore(redis) : memoryCacheStore()),
    jobs: config.redisUrl
      ? bullmqJobs(
          config.redisUrl,
          options.redisKeyPrefix ?? 'crossdock:',
          logger.child({ component: 'jobs' }),
        )
      : inProcessJobs(logger.child({ component: 'jobs' })),
    payments: simulatedProviders(dbHandle.db, clock, providerSecrets, config.publicApiUrl),
    providerSecrets,
    carriers: simulatedCarriers(dbHandle.db, clock, carrierSecret, config.carrierStepMs),
    carrierSecret,
    live,
    credentials,
    events: createEventRelay(dbHandle.db, options.eventHandlers ?? eventHandlers({ live }), {
      clock,
      logger: logger.child({ component: 'events' }),
    }),
  };
}

export async function closeDeps(deps: AppDeps): Promise<void> {
  await deps.jobs.close();
  await deps.live.close();
  await deps.mailer.flush().catch(() => 0);
  if (deps.redis) await deps.redis.quit().catch(() => deps.redis?.disconnect());
  await deps.dbHandle.close();
}
