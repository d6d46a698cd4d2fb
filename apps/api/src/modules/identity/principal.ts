// Who is calling: verifies the access token, then reads the user, their session family and
// their roles from the database on every request, so disabling a user, revoking a session or
// changing roles takes effect on the very next call.

import { type Executor, outer } from '@crossdock/db/client';
import { roles, sessions, userRoles, users } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import type { Locale, UserKind } from '@crossdock/domain/identity';
import { allPermissions, type Permission } from '@crossdock/domain/permissions';
import { eq, sql } from 'drizzle-orm';
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

/**
 * Who the token's user is now, in one prepared statement: status, whether the token's session
 * family is still live, and (for staff) their roles' permissions.
 */
const usersId = outer('users', 'id');

function preparePrincipal(db: Executor) {
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      kind: users.kind,
      locale: users.locale,
      status: users.status,
      sessionActive: sql<boolean>`exists (select 1 from ${sessions}
        where ${sessions.familyId} = ${sql.placeholder('sessionId')}::uuid and ${sessions.userId} = ${usersId}
          and ${sessions.revokedAt} is null)`,
      isOwner: sql<boolean>`coalesce((select bool_or(${roles.isOwner}) from ${userRoles}
        join ${roles} on ${roles.id} = ${userRoles.roleId} where ${userRoles.userId} = ${usersId}), false)`,
      permissions: sql<string[]>`coalesce((select json_agg(distinct p.permission) from ${userRoles}
        join ${roles} on ${roles.id} = ${userRoles.roleId}
        cross join lateral unnest(${roles.permissions}) as p(permission)
        where ${userRoles.userId} = ${usersId}), '[]'::json)`,
    })
    .from(users)
    .where(eq(users.id, sql.placeholder('userId')))
    .prepare('principal');
}

const principalQueries = new WeakMap<Executor, ReturnType<typeof preparePrincipal>>();

export async function authenticate(ctx: Context): Promise<Principal> {
  const token = ctx.req.accessToken;
  if (!token) throw new DomainError('UNAUTHENTICATED', 'Sign in to continue');
  const claims = await ctx.deps.tokens.verifyAccess(token);
  const db = ctx.deps.db;
  let query = principalQueries.get(db);
  if (!query) {
    query = preparePrincipal(db);
    principalQueries.set(db, query);
  }
  const [row] = await query.execute({ userId: claims.userId, sessionId: claims.sessionId });

  if (!row || row.kind !== claims.kind)
    throw new DomainError('TOKEN_INVALID', 'The session token is not valid');
  if (row.status !== 'active') throw new DomainError('ACCOUNT_DISABLED', 'This account has been disabled');
  if (!row.sessionActive) throw new DomainError('SESSION_REVOKED', 'This session has ended; sign in again');

  // The Owner role holds every permission, including ones added after it was created.
  const access =
    row.kind !== 'staff'
      ? { isOwner: false, permissions: new Set<Permission>() }
      : {
          isOwner: row.isOwner,
          permissions: new Set<Permission>(row.isOwner ? allPermissions : (row.permissions as Permission[])),
        };
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
