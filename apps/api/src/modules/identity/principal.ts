// Who is calling: verifies the access token, then reads the user, their session family and
// their roles from the database on every request, so disabling a user, revoking a session or
// changing roles takes effect on the very next call.

import type { Executor } from '@crossdock/db/client';
import { roles, sessions, userRoles, users } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import type { Locale, UserKind } from '@crossdock/domain/identity';
import { allPermissions, type Permission } from '@crossdock/domain/permissions';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Context } from '../../context';

export interface Principal {
  id: string;
  email: string;
  name: string;
  kind: UserKind;
  locale: Locale;
  isOwner: boolean;
  permissions: ReadonlySet<Permission>;
  /** The session family the access token belongs to. */
  sessionId: string;
}

export async function loadAccess(db: Executor, userId: string) {
  const rows = await db
    .select({ permissions: roles.permissions, isOwner: roles.isOwner })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(eq(userRoles.userId, userId));
  const isOwner = rows.some((r) => r.isOwner);
  // The Owner role holds every permission, including ones added after it was created.
  const permissions = new Set<Permission>(
    isOwner ? allPermissions : (rows.flatMap((r) => r.permissions) as Permission[]),
  );
  return { isOwner, permissions };
}

export async function authenticate(ctx: Context): Promise<Principal> {
  const token = ctx.req.accessToken;
  if (!token) throw new DomainError('UNAUTHENTICATED', 'Sign in to continue');
  const claims = await ctx.deps.tokens.verifyAccess(token);
  const db = ctx.deps.db;

  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      kind: users.kind,
      locale: users.locale,
      status: users.status,
      sessionActive: sql<boolean>`exists (${db
        .select({ one: sql`1` })
        .from(sessions)
        .where(
          and(
            eq(sessions.familyId, claims.sessionId),
            eq(sessions.userId, users.id),
            isNull(sessions.revokedAt),
          ),
        )})`,
    })
    .from(users)
    .where(eq(users.id, claims.userId));

  if (!row || row.kind !== claims.kind)
    throw new DomainError('TOKEN_INVALID', 'The session token is not valid');
  if (row.status !== 'active') throw new DomainError('ACCOUNT_DISABLED', 'This account has been disabled');
  if (!row.sessionActive) throw new DomainError('SESSION_REVOKED', 'This session has ended; sign in again');

  const access =
    row.kind === 'staff'
      ? await loadAccess(db, row.id)
      : { isOwner: false, permissions: new Set<Permission>() };
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    kind: row.kind,
    locale: row.locale,
    isOwner: access.isOwner,
    permissions: access.permissions,
    sessionId: claims.sessionId,
  };
}
