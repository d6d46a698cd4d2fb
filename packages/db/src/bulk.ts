// Many rows into one table in one statement, for imports: the rows travel as a single JSON
// parameter that Postgres expands with jsonb_to_recordset. Building a multi-row VALUES list
// through the query builder costs a check per value — more CPU than Postgres spends inserting
// a history import's orders — and runs into the 65,535-parameter limit; this costs neither.
import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client';

/** A column's name in the database: the schema's camelCase keys are snake_case there (casing.ts). */
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Inserts `rows` (the table's insert shape; every row with the same keys) in one statement.
 * Columns a row leaves out take their defaults. Dates, jsonb objects and numbers go through JSON
 * as they are.
 */
export async function insertMany<T extends PgTable>(
  tx: Executor,
  table: T,
  rows: readonly T['$inferInsert'][],
) {
  if (rows.length === 0) return;
  const columns = getTableColumns(table);
  const keys = Object.keys(rows[0]!).filter((k) => k in columns);
  const names = keys.map((k) => (columns[k]!.keyAsName ? snake(k) : columns[k]!.name));
  const list = sql.raw(names.map((n) => `"${n}"`).join(', '));
  const shape = sql.raw(names.map((n, i) => `"${n}" ${columns[keys[i]!]!.getSQLType()}`).join(', '));
  const json = JSON.stringify(
    rows.map((row) =>
      Object.fromEntries(keys.map((k, i) => [names[i], (row as Record<string, unknown>)[k] ?? null])),
    ),
  );
  await tx.execute(
    sql`insert into ${sql.identifier(getTableName(table))} (${list}) select ${list} from jsonb_to_recordset(${json}::jsonb) as x(${shape})`,
  );
}
