// Reference data every checkout reads and staff rarely change (currencies and rates, the
// category tree, shipping methods, tax rates, store settings, automatic promotions), kept in
// process and checked against one version counter in the shared cache store on every read.
// A write bumps the counter after it commits, so every process reloads on its next read; a load
// racing a write is kept under the old version, which no later read asks for (as ADR 0008).
import type { Db, Tx } from '@crossdock/db/client';
import type { CacheStore } from './cache';

const VERSION_KEY = 'v:reference';
/**
 * A process rereads reference data at least this often, whatever the counter says: a bump
 * lost while the shared store was down is then stale for a minute at most.
 */
const MAX_AGE_MS = 60_000;

export interface ReferenceCache {
  get<T>(name: string, load: () => Promise<T>): Promise<T>;
  /** After a committed change to reference data. */
  invalidate(): Promise<void>;
}

export function createReferenceCache(store: CacheStore): ReferenceCache {
  const memo = new Map<string, { version: string; value: Promise<unknown>; at: number }>();
  return {
    async get<T>(name: string, load: () => Promise<T>): Promise<T> {
      let version: string;
      try {
        const [stored] = await store.mget([VERSION_KEY]);
        version = stored ?? '0';
      } catch {
        // The shared store is down: read from the database, keep nothing.
        return load();
      }
      const kept = memo.get(name);
      if (kept && kept.version === version && Date.now() - kept.at < MAX_AGE_MS) {
        return kept.value as Promise<T>;
      }
      const value = load();
      memo.set(name, { version, value, at: Date.now() });
      // A failed load is not kept: the next read tries again.
      value.catch(() => {
        if (memo.get(name)?.value === value) memo.delete(name);
      });
      return value;
    },
    // After a commit: a failure must not fail the write (MAX_AGE_MS bounds the staleness).
    async invalidate() {
      await store.incr(VERSION_KEY).catch(() => undefined);
    },
  };
}

/** A change to reference data: one transaction, then — once it has committed — the cache is told. */
export async function referenceWrite<T>(
  deps: { db: Db; reference: ReferenceCache },
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  const result = await deps.db.transaction(work);
  await deps.reference.invalidate();
  return result;
}
