// The Redis connection, when REDIS_URL is configured. Every key this process writes carries
// `keyPrefix`, so several test files (or several deployments) can share one Redis.
import { Redis } from 'ioredis';

export function createRedis(url: string, keyPrefix = 'crossdock:'): Redis {
  return new Redis(url, {
    keyPrefix,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: false,
    // Commands issued in the same tick go out as one pipeline: under load the cache's version
    // reads share round trips instead of queueing one by one.
    enableAutoPipelining: true,
  });
}

export type { Redis };
