// Caching the shop's catalog reads, invalidated precisely by version counters:
//  - each product slug has a version, bumped when that product, its SKUs or prices change;
//  - a shared version, bumped when rates, categories or brands change (they touch every page);
//  - a listing version, bumped by any catalog change (listings and facets span products).
// A cache key embeds the versions read *before* the database is queried, so a read racing a
// write can only ever store under the old key, which no later read asks for. Bumps happen after
// the write commits; the TTL bounds staleness if a process dies in between.
import { createHash } from 'node:crypto';
import type { CacheDependencies, CacheStore } from '../../infra/cache';
import { deserialiseRemembered, serialiseOnce } from '../../infra/wire';

const TTL_SECONDS = 300;

export interface CatalogChange {
  /** Slugs of products whose page changed (old and new slug on a rename). */
  slugs?: readonly string[];
  /** Rates, categories or brands changed: every page may have. */
  shared?: boolean;
  /**
   * False when only stock moved (an order reserved or released some): product pages show
   * availability and must change, but listings need not be rebuilt on every order.
   */
  listings?: boolean;
}

export interface CatalogCache {
  productPage<T>(
    slug: string,
    variant: string,
    load: () => Promise<T>,
    dependencies?: CacheDependencies | null,
  ): Promise<T>;
  listing<T>(
    kind: string,
    input: unknown,
    load: () => Promise<T>,
    dependencies?: CacheDependencies | null,
  ): Promise<T>;
  categories<T>(variant: string, load: () => Promise<T>, dependencies?: CacheDependencies | null): Promise<T>;
  /** Whether every counter still holds the value recorded. */
  unchanged(versions: ReadonlyMap<string, string | null>): Promise<boolean>;
  invalidate(change: CatalogChange): Promise<void>;
}

function digest(input: unknown): string {
  return createHash('sha1').update(JSON.stringify(input)).digest('base64url');
}

/**
 * `store` holds versions and values (shared by every process). A small in-process map of
 * already-parsed values sits in front of it: a versioned key's value never changes, so the map
 * can never serve a stale value, and a hit costs one round trip (the versions), no parsing and
 * no serialising. Cached values are shared by every reader: callers must not mutate them.
 */
export function createCatalogCache(store: CacheStore, localEntries = 500): CatalogCache {
  const local = new Map<string, { value: unknown; expires: number }>();
  const remember = (key: string, value: unknown) => {
    local.delete(key);
    local.set(key, { value, expires: Date.now() + TTL_SECONDS * 1000 });
    while (local.size > localEntries) local.delete(local.keys().next().value!);
  };

  async function cached<T>(
    versionKeys: string[],
    key: string,
    load: () => Promise<T>,
    dependencies: CacheDependencies | null | undefined,
  ): Promise<T> {
    let versions: (string | null)[];
    try {
      versions = await store.mget(versionKeys);
    } catch {
      // The store is down: the shop is still served, straight from the database, and the
      // response is not kept (its versions are unknown).
      if (dependencies) dependencies.consistent = false;
      return load();
    }
    dependencies?.record(versionKeys, versions);
    const fullKey = `${key}@${versions.map((v) => v ?? '0').join('.')}`;
    const near = local.get(fullKey);
    if (near && near.expires > Date.now()) return near.value as T;
    const hit = await store.get(fullKey).catch(() => null);
    if (hit !== null) {
      const value = deserialiseRemembered<T & object>(JSON.parse(hit));
      remember(fullKey, value);
      return value;
    }
    const value = await load();
    // Serialised once here; every response that carries this value reuses it (infra/wire.ts).
    await store
      .set(fullKey, JSON.stringify(serialiseOnce(value as T & object)), TTL_SECONDS)
      .catch(() => undefined); // not kept this time; the next read loads again
    remember(fullKey, value);
    return value;
  }
  return {
    productPage: (slug, variant, load, dependencies) =>
      cached(['v:shared', `v:slug:${slug}`], `page:${digest(slug)}:${variant}`, load, dependencies),
    listing: (kind, input, load, dependencies) =>
      cached(['v:listing'], `${kind}:${digest(input)}`, load, dependencies),
    categories: (variant, load, dependencies) =>
      cached(['v:shared'], `categories:${variant}`, load, dependencies),
    async unchanged(versions) {
      const keys = [...versions.keys()];
      const current = await store.mget(keys).catch(() => null);
      return current !== null && keys.every((key, i) => (current[i] ?? null) === versions.get(key));
    },
    // After a commit, so it must not fail the write: if the store is down, pages cached before
    // the change live out their TTL (five minutes) at most.
    async invalidate(change) {
      try {
        if (change.listings !== false) await store.incr('v:listing');
        if (change.shared) await store.incr('v:shared');
        for (const slug of new Set(change.slugs ?? [])) await store.incr(`v:slug:${slug}`);
      } catch {}
    },
  };
}

/** No caching at all: every read goes to the database, and no response is kept. */
export const uncachedCatalog: CatalogCache = {
  productPage: (_slug, _variant, load) => load(),
  listing: (_kind, _input, load) => load(),
  categories: (_variant, load) => load(),
  unchanged: async () => false,
  invalidate: async () => {},
};
