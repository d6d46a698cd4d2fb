// The Redis connection, when REDIS_URL is configured. Every key this process writes carries
// `keyPrefix`, so several test files (or several deployments) can share one Redis.
import { Redis } from 'ioredis';

interface WarnLogger {
  warn(details: object, message: string): void;
}

/**
 * Logs a connection's errors, once per outage rather than on every reconnection attempt
 * (ioredis prints unhandled ones to stderr otherwise).
 */
export function logConnectionErrors(redis: Redis, logger: WarnLogger | undefined, name: string): Redis {
  let reported = false;
  redis.on('error', (error: Error) => {
    if (!reported) logger?.warn({ err: error, connection: name }, 'Redis connection lost; retrying');
    reported = true;
  });
  redis.on('ready', () => {
    reported = false;
  });
  return redis;
}

export function createRedis(url: string, keyPrefix = 'crossdock:', logger?: WarnLogger): Redis {
  const redis = new Redis(url, {
    keyPrefix,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: false,
    // Commands issued in the same tick go out as one pipeline: under load the cache's version
    // reads share round trips instead of queueing one by one.
    enableAutoPipelining: true,
  });
  return logConnectionErrors(redis, logger, 'main');
}

export type { Redis };
