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

/** Refused: a statement issued on a transaction's client after its callback had settled. */
export class TransactionEndedError extends Error {
  constructor() {
    super('A statement was issued on a transaction that had already ended');
    this.name = 'TransactionEndedError';
  }
}

/**
 * The client Drizzle is given: the same postgres.js client, whose `unsafe()` — also inside
 * transactions and savepoints, which hand out their own client — prepares statements.
 *
 * Inside a transaction it also refuses statements once the transaction's callback has settled.
 * postgres.js would otherwise run such a late statement (a retry still in flight when a sibling
 * in `Promise.all` failed, say) on the released connection, outside any transaction: a write
 * that commits on its own, or `UNSAFE_TRANSACTION` when it lands beside another `BEGIN`.
 */
export function withPreparedStatements<T extends Sql>(client: T, open: () => boolean = () => true): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'unsafe') {
        const unsafe = preparedUnsafe(value.bind(target) as Unsafe);
        return ((...args: Parameters<Unsafe>) => {
          if (!open()) throw new TransactionEndedError();
          return unsafe(...args);
        }) as Unsafe;
      }
      if (property === 'begin' || property === 'savepoint') {
        return (...args: unknown[]) => {
          if (!open()) throw new TransactionEndedError();
          const fn = args.at(-1) as Scoped;
          const rest = args.slice(0, -1);
          return value.call(target, ...rest, async (scoped: Sql) => {
            let running = true;
            try {
              return await fn(withPreparedStatements(scoped, () => running && open()));
            } finally {
              running = false;
            }
          });
        };
      }
      return value.bind(target);
    },
  });
}
