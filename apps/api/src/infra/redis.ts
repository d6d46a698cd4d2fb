// The Redis connection, when REDIS_URL is configured. Every key this process writes carries
// `keyPrefix`, so several test files (or several deployments) can share one Redis.
import { Redis } from 'ioredis';

export function createRedis(url: string, keyPrefix = 'crossdock:'): Redis {
  return new Redis(url, {
    keyPrefix,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: false,
  });
}

export type { Redis };
