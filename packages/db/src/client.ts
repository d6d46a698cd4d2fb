// createDb: one function, two drivers. A postgres:// URL uses postgres.js (the services
// mode); anything else is an embedded PGlite database in a data folder, or in memory for
// `memory://` (the single-machine default). Both give the same Drizzle API over the same schema.
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { casing } from './casing';
import { migratePgliteClient, migratePostgresUrl } from './migrate';
import { withPreparedStatements } from './prepared-client';
import * as schema from './schema/index';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction or the database itself: what a use case writes through. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

export type Driver = 'postgres' | 'pglite';

export interface DbHandle {
  db: Db;
  driver: Driver;
  /** Where the data lives, with any password removed: for logs. */
  location: string;
  ping(): Promise<void>;
  /** Applies pending migrations (forward only). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** Pool size for postgres.js. */
  max?: number;
  /** Sees every statement Drizzle sends (benchmarks replay them on the bare driver). */
  onQuery?: (query: string, params: unknown[]) => void;
  /**
   * An embedded database to start from (PGlite's `dumpDataDir()`): tests start each file from a
   * migrated snapshot instead of running initdb and every migration again.
   */
  pgliteSnapshot?: Blob;
}

export const CONNECT_TIMEOUT_SECONDS = 10;
export const STATEMENT_TIMEOUT_MS = 30_000;
export const LOCK_TIMEOUT_MS = 10_000;
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

export function redactUrl(location: string): string {
  return location.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export async function createDb(location: string, options: CreateDbOptions = {}): Promise<DbHandle> {
  if (isPostgresUrl(location)) {
    const client = postgres(location, {
      max: options.max ?? 10,
      onnotice: () => {},
      // Every request ends within a bounded time, also while Postgres restarts: connecting
      // gives up after CONNECT_TIMEOUT_SECONDS, a statement after STATEMENT_TIMEOUT_MS, a
      // lock wait after LOCK_TIMEOUT_MS, and a transaction left idle is ended by the server.
      connect_timeout: CONNECT_TIMEOUT_SECONDS,
      connection: {
        application_name: 'crossdock',
        statement_timeout: STATEMENT_TIMEOUT_MS,
        lock_timeout: LOCK_TIMEOUT_MS,
        idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
      },
    });
    const logger = options.onQuery ? { logQuery: options.onQuery } : undefined;
    const db = drizzlePostgres({
      client: withPreparedStatements(client),
      schema,
      casing,
      logger,
    }) as unknown as Db;
    return {
      db,
      driver: 'postgres',
      location: redactUrl(location),
      ping: async () => {
        await client`select 1`;
      },
      migrate: () => migratePostgresUrl(location),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const inMemory = location === 'memory://';
  if (!inMemory) await mkdir(location, { recursive: true });
  // pg_trgm backs catalog search; Postgres servers ship it, PGlite loads it as a module.
  const client = await PGlite.create({
    ...(inMemory ? {} : { dataDir: location }),
    ...(options.pgliteSnapshot ? { loadDataDir: options.pgliteSnapshot } : {}),
    extensions: { pg_trgm },
  });
  const db = drizzlePglite({ client, schema, casing }) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    location,
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    migrate: () => migratePgliteClient(client),
    close: () => client.close(),
  };
}

/**
 * `Promise.all` for statements sent together inside a transaction: waits for every one to
 * settle before failing with the first error. With `Promise.all` a failure ends the
 * transaction while a sibling that runs several statements (a retry loop, a read then a
 * write) is still going, and its next statement would find the transaction gone.
 */
export async function settleAll<const T extends readonly unknown[]>(
  work: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as never;
}

/** Rows of a raw `db.execute(sql…)` result: postgres.js returns an array, PGlite `{ rows }`. */
export function resultRows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * A column of the outer query, always written with its table name. Drizzle leaves columns
 * unqualified in single-table selects, and inside a correlated subquery an unqualified "id"
 * would mean the subquery's own table.
 */
export function outer(table: string, column: string) {
  return sql`${sql.identifier(table)}.${sql.identifier(column)}`;
}
