// Test databases on a real Postgres server: one migrated template per test run, and a cheap
// clone of it (CREATE DATABASE … TEMPLATE) for each test file, dropped afterwards. For the
// embedded database, a migrated snapshot each file starts from.
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import postgres from 'postgres';
import { migratePgliteClient, migratePostgresUrl } from './migrate';

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(adminUrl: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function createTemplateDatabase(adminUrl: string, name: string): Promise<string> {
  await withAdmin(adminUrl, async (sql) => {
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
    await sql.unsafe(`create database "${name}"`);
  });
  const url = databaseUrl(adminUrl, name);
  await migratePostgresUrl(url);
  return url;
}

export async function cloneDatabase(adminUrl: string, template: string, name: string): Promise<string> {
  await withAdmin(adminUrl, (sql) => sql.unsafe(`create database "${name}" template "${template}"`));
  return databaseUrl(adminUrl, name);
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
}

/** A migrated embedded database as a tarball (PGlite's data dir), for `pgliteSnapshot`. */
export async function migratedPgliteSnapshot(): Promise<Uint8Array> {
  const client = await PGlite.create({ extensions: { pg_trgm } });
  try {
    await migratePgliteClient(client);
    return new Uint8Array(await (await client.dumpDataDir('none')).arrayBuffer());
  } finally {
    await client.close();
  }
}
