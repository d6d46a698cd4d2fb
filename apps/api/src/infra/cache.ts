// A small key-value cache for read paths: Redis when configured (shared by every API process),
// otherwise an in-process map with a size cap. Values are strings; callers serialise.
import type { Redis } from 'ioredis';

export interface CacheStore {
  get(key: string): Promise<string | null>;
  mget(keys: string[]): Promise<(string | null)[]>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  incr(key: string): Promise<number>;
}

export function redisCacheStore(redis: Redis): CacheStore {
  return {
    get: (key) => redis.get(`cache:${key}`),
    mget: (keys) => (keys.length ? redis.mget(keys.map((k) => `cache:${k}`)) : Promise.resolve([])),
    set: async (key, value, ttlSeconds) => {
      await redis.set(`cache:${key}`, value, 'EX', ttlSeconds);
    },
    incr: (key) => redis.incr(`cache:${key}`),
  };
}

/** In-process store: entries expire, and the oldest go first once `maxEntries` is reached. */
export function memoryCacheStore(maxEntries = 5000, now: () => number = Date.now): CacheStore {
  const entries = new Map<string, { value: string; expires: number }>();
  const read = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return null;
    if (entry.expires <= now()) {
      entries.delete(key);
      return null;
    }
    return entry.value;
  };
  return {
    get: async (key) => read(key),
    mget: async (keys) => keys.map(read),
    set: async (key, value, ttlSeconds) => {
      entries.delete(key);
      entries.set(key, { value, expires: now() + ttlSeconds * 1000 });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    incr: async (key) => {
      const next = Number(read(key) ?? 0) + 1;
      entries.set(key, { value: String(next), expires: Number.POSITIVE_INFINITY });
      return next;
    },
  };
}

/**
 * The version counters one response was built from. The HTTP response cache
 * (http/response-cache.ts) keeps a response only while every one of them is unchanged.
 */
export class CacheDependencies {
  readonly versions = new Map<string, string | null>();
  /** How many cached reads reported here. */
  reads = 0;
  /** False when two reads saw different values of one counter (a write landed between them). */
  consistent = true;

  record(keys: readonly string[], values: readonly (string | null)[]): void {
    this.reads += 1;
    keys.forEach((key, i) => {
      const value = values[i] ?? null;
      if (this.versions.has(key) && this.versions.get(key) !== value) this.consistent = false;
      this.versions.set(key, value);
    });
  }
}
