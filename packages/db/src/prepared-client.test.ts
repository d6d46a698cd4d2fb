// Drizzle's queries on postgres.js run as named prepared statements — in transactions and
// savepoints too — except those with many parameters, whose text varies with their size.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDb, type DbHandle, resultRows, settleAll } from './client';
import { MAX_PREPARED_PARAMETERS, TransactionEndedError } from './prepared-client';
import { dropDatabase } from './test-databases';

const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `cd_preptest_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let handle: DbHandle;

beforeAll(async () => {
  const admin = await createDb(adminUrl, { max: 1 });
  await admin.db.execute(sql.raw(`create database "${dbName}"`));
  await admin.close();
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  // One connection, so every statement below is prepared (or not) on the session inspected.
  handle = await createDb(url.toString(), { max: 1 });
});
afterAll(async () => {
  await handle?.close();
  await dropDatabase(adminUrl, dbName);
});

async function prepared(marker: string): Promise<number> {
  const [row] = resultRows<{ n: number }>(
    await handle.db.execute(
      sql`select count(*)::int as n from pg_prepared_statements where statement like ${`%${marker}%`} and statement not like '%pg_prepared_statements%'`,
    ),
  );
  return row!.n;
}

it('prepares a query with parameters once and reuses it', async () => {
  for (let i = 0; i < 3; i++) {
    await handle.db.execute(sql`select ${i}::int as marker_one`);
  }
  expect(await prepared('marker_one')).toBe(1);
});

it('prepares inside transactions and savepoints', async () => {
  await handle.db.transaction(async (tx) => {
    await tx.execute(sql`select ${1}::int as marker_tx`);
    await tx.transaction(async (inner) => {
      await inner.execute(sql`select ${1}::int as marker_savepoint`);
    });
  });
  expect(await prepared('marker_tx')).toBe(1);
  expect(await prepared('marker_savepoint')).toBe(1);
});

it('leaves statements with many parameters unnamed', async () => {
  const values = Array.from({ length: MAX_PREPARED_PARAMETERS + 1 }, (_, i) => sql`${i}::int`);
  const rows = resultRows<{ marker_many: number }>(
    await handle.db.execute(sql`select greatest(${sql.join(values, sql`, `)}) as marker_many`),
  );
  expect(rows[0]!.marker_many).toBe(MAX_PREPARED_PARAMETERS);
  expect(await prepared('marker_many')).toBe(0);
});

it('refuses a statement sent on a transaction after it ended, so it never runs outside it', async () => {
  await handle.db.execute(sql`create table late_writes (n int)`);
  let late: Promise<unknown> | undefined;
  await expect(
    handle.db.transaction(async (tx) => {
      // A sibling that writes after a pause, as a retry loop would, while the other one fails.
      late = new Promise((resolve) => setTimeout(resolve, 50)).then(() =>
        tx.execute(sql`insert into late_writes values (${1})`),
      );
      await tx.execute(sql`select 1`);
      throw new Error('the sibling failed');
    }),
  ).rejects.toThrow('the sibling failed');
  // Drizzle wraps the driver's error as the cause of its own.
  await expect(late).rejects.toMatchObject({ cause: expect.any(TransactionEndedError) });
  const [row] = resultRows<{ n: number }>(
    await handle.db.execute(sql`select count(*)::int as n from late_writes`),
  );
  expect(row!.n).toBe(0);
});

it('settleAll waits for every statement before failing with the first error', async () => {
  const order: string[] = [];
  await expect(
    handle.db.transaction(async (tx) =>
      settleAll([
        Promise.reject(new Error('first')),
        new Promise((resolve) => setTimeout(resolve, 50))
          .then(() => tx.execute(sql`select 1`))
          .then(() => order.push('late statement ran')),
      ]),
    ),
  ).rejects.toThrow('first');
  expect(order).toEqual(['late statement ran']);
});
