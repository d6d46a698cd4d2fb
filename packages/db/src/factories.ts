// Factories that build identity data. The demo seed and the tests use the same ones, so the
// demo business and the test world are built alike. Passwords arrive already hashed: hashing
// belongs to the API (argon2id), and a test can hash one password once and reuse it.

import { presetRoles } from '@crossdock/domain/permissions';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from './client';
import { roles, userRoles, users } from './schema/index';

export type UserKind = 'staff' | 'customer';

/** Makes sure every preset role exists; returns role ids by name. Idempotent. */
export async function ensurePresetRoles(db: Executor): Promise<Map<string, string>> {
  await db
    .insert(roles)
    .values(
      presetRoles.map((role, index) => ({
        name: role.name,
        description: role.description,
        permissions: [...role.permissions],
        isOwner: index === 0,
        // Presets keep their listed order in role lists, which sort by creation time.
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)),
      })),
    )
    .onConflictDoNothing();
  const rows = await db
    .select({ id: roles.id, name: roles.name })
    .from(roles)
    .where(
      inArray(
        roles.name,
        presetRoles.map((r) => r.name),
      ),
    );
  return new Map(rows.map((r) => [r.name, r.id]));
}

export interface NewUser {
  kind: UserKind;
  email: string;
  name: string;
  passwordHash: string;
  status?: 'active' | 'disabled';
  locale?: 'en' | 'zh-CN';
  roleIds?: string[];
  /** When they joined (the demo's history has customers of many months). */
  createdAt?: Date;
}

export async function createUser(db: Executor, user: NewUser) {
  const [row] = await db
    .insert(users)
    .values({
      kind: user.kind,
      email: user.email.toLowerCase(),
      name: user.name,
      passwordHash: user.passwordHash,
      status: user.status ?? 'active',
      locale: user.locale ?? 'en',
      ...(user.createdAt ? { createdAt: user.createdAt } : {}),
    })
    .returning({ id: users.id, email: users.email, name: users.name, kind: users.kind });
  if (!row) throw new Error('createUser: insert returned no row');
  if (user.roleIds?.length) {
    await db.insert(userRoles).values(user.roleIds.map((roleId) => ({ userId: row.id, roleId })));
  }
  return row;
}

export async function findUserByEmail(db: Executor, email: string) {
  const [row] = await db
    .select({ id: users.id, email: users.email, kind: users.kind })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  return row ?? null;
}
