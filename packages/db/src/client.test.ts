// The same checks on both drivers: migrations apply, and the database itself holds the
// identity invariants (case-insensitive unique email, kinds and statuses, one Owner role,
// roles in use cannot vanish), whatever the application code does.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from './client';
import { isForeignKeyViolation, isUniqueViolation } from './errors';
import { createUser, ensurePresetRoles } from './factories';
import { roles, userRoles, users } from './schema/index';
import { seedDemo } from './seed';
import { dropDatabase } from './test-databases';

const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the database to refuse this');
    },
    (error: unknown) => error,
  );
}

describe.each(['postgres', 'pglite'] as const)('%s driver', (driver) => {
  let handle: DbHandle;
  const dbName = `cd_dbtest_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  beforeAll(async () => {
    if (driver === 'postgres') {
      const admin = await createDb(adminUrl, { max: 1 });
      await admin.db.execute(sql.raw(`create database "${dbName}"`));
      await admin.close();
      const url = new URL(adminUrl);
      url.pathname = `/${dbName}`;
      handle = await createDb(url.toString());
    } else {
      handle = await createDb('memory://');
    }
    await handle.migrate();
    await handle.migrate(); // a second run is a no-op
  });
  afterAll(async () => {
    await handle?.close();
    if (driver === 'postgres') await dropDatabase(adminUrl, dbName);
  });

  it('reports its driver and answers a ping', async () => {
    expect(handle.driver).toBe(driver);
    await handle.ping();
  });

  it('keeps emails unique regardless of case', async () => {
    await createUser(handle.db, { kind: 'customer', email: 'dup@example.com', name: 'A', passwordHash: 'h' });
    const error = await rejection(
      handle.db
        .insert(users)
        .values({ kind: 'customer', email: 'dup@example.com', name: 'B', passwordHash: 'h' }),
    );
    expect(isUniqueViolation(error, 'users_email_lower_key')).toBe(true);
    // Upper-case emails cannot even be stored: the column holds the normalised form only.
    await rejection(
      handle.db
        .insert(users)
        .values({ kind: 'customer', email: 'DUP@example.com', name: 'B', passwordHash: 'h' }),
    );
  });

  it('refuses unknown kinds, statuses and locales', async () => {
    for (const bad of [{ kind: 'robot' }, { status: 'sleeping' }, { locale: 'xx' }]) {
      await rejection(
        handle.db.insert(users).values({
          kind: 'customer',
          email: `${Math.random().toString(36).slice(2)}@example.com`,
          name: 'X',
          passwordHash: 'h',
          ...bad,
        } as never),
      );
    }
  });

  it('has exactly one Owner role, and a role in use cannot be deleted', async () => {
    const ids = await ensurePresetRoles(handle.db);
    expect(ids.size).toBe(7);
    expect((await ensurePresetRoles(handle.db)).get('Owner')).toBe(ids.get('Owner'));
    const error = await rejection(handle.db.insert(roles).values({ name: 'Second owner', isOwner: true }));
    expect(isUniqueViolation(error, 'roles_single_owner_key')).toBe(true);

    const user = await createUser(handle.db, {
      kind: 'staff',
      email: 'packer@example.com',
      name: 'P',
      passwordHash: 'h',
      roleIds: [ids.get('Warehouse')!],
    });
    expect(
      isForeignKeyViolation(
        await rejection(handle.db.delete(roles).where(eq(roles.id, ids.get('Warehouse')!))),
      ),
    ).toBe(true);
    // Deleting the user takes their role assignments with them.
    await handle.db.delete(users).where(eq(users.id, user.id));
    expect(await handle.db.select().from(userRoles).where(eq(userRoles.userId, user.id))).toEqual([]);
  });

  it('seeds the demo business once, deterministically', async () => {
    const hashPassword = async (password: string) => `test-hash:${password.length}`;
    const first = await seedDemo(handle.db, { hashPassword });
    const again = await seedDemo(handle.db, { hashPassword });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.accounts).toEqual(first.accounts);
    const staff = await handle.db.select().from(users).where(eq(users.kind, 'staff'));
    expect(staff.filter((u) => u.email.endsWith('@crossdock.test'))).toHaveLength(7);
    const customers = await handle.db
      .select()
      .from(users)
      .where(sql`${users.kind} = 'customer' and ${users.email} like '%@crossdock.test'`);
    expect(customers.length).toBeGreaterThanOrEqual(10);
  });
});
