// Drizzle runs every ordinary query through postgres.js's `unsafe()` without options, and
// `unsafe()` defaults to an unnamed statement (drizzle-orm#6096). For a query with parameters
// postgres.js then needs two round trips (Parse/Describe, then Bind/Execute) and Postgres
// parses and plans it every time. Asking for a named statement instead makes each query text
// parsed once per connection and every later run one round trip.
//
// Statements with many parameters (bulk inserts, long IN lists) vary in text with their size
// and would only fill the per-connection statement cache, so they stay unnamed.
import type { Sql } from 'postgres';

export const MAX_PREPARED_PARAMETERS = 64;

type Unsafe = Sql['unsafe'];

function preparedUnsafe(unsafe: Unsafe): Unsafe {
  return ((query: string, params?: unknown[], options?: { prepare?: boolean }) => {
    // Drizzle says `prepare: false` for every query it was not told to name: overruled.
    const prepare = options?.prepare || (params?.length ?? 0) <= MAX_PREPARED_PARAMETERS;
    return unsafe(query, params as never, { ...options, prepare });
  }) as Unsafe;
}

type Scoped = (sql: Sql) => unknown;

/**
 * The client Drizzle is given: the same postgres.js client, whose `unsafe()` — also inside
 * transactions and savepoints, which hand out their own client — prepares statements.
 */
export function withPreparedStatements<T extends Sql>(client: T): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'unsafe') return preparedUnsafe(value.bind(target) as Unsafe);
      if (property === 'begin' || property === 'savepoint') {
        return (...args: unknown[]) => {
          const fn = args.at(-1) as Scoped;
          const rest = args.slice(0, -1);
          return value.call(target, ...rest, (scoped: Sql) => fn(withPreparedStatements(scoped)));
        };
      }
      return value.bind(target);
    },
  });
}
