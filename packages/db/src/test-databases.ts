// Test databases on a real Postgres server: one migrated template per test run, and a cheap
// clone of it (CREATE DATABASE … TEMPLATE) for each test file, dropped afterwards.
import postgres from 'postgres';
import { migratePostgresUrl } from './migrate';

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
