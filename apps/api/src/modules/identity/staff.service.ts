// Staff administration: staff accounts, their roles, and the guards around them.
// Guards: nobody grants permissions they do not hold; only owners touch owners and the Owner
// role; the last active owner keeps the Owner role and stays enabled.

import { type Executor, outer } from '@crossdock/db/client';
import { auditLog, roles, sessions, userRoles, users } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import type {
  AuditListInput,
  CreateStaffInput,
  Locale,
  StaffListInput,
  UserStatus,
} from '@crossdock/domain/identity';
import type { Permission } from '@crossdock/domain/permissions';
import { and, asc, count, desc, eq, gt, gte, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { afterCursor, toPage } from '../../infra/cursor';
import { recordEvents } from '../../infra/outbox';
import { assertStrongPassword, hashPassword } from '../../infra/passwords';
import { type Actor, writeAudit } from './audit';
import type { Principal } from './principal';

/** Serialises every change that could leave the store without an active owner. */
const OWNER_LOCK = 727_002;

export type StaffActor = Principal & Actor;

interface RoleRow {
  id: string;
  name: string;
  isOwner: boolean;
  permissions: string[];
}

function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

async function lockOwners(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${OWNER_LOCK})`);
}

async function rolesOf(tx: Executor, userIds: string[]) {
  if (userIds.length === 0) return new Map<string, RoleRow[]>();
  const rows = await tx
    .select({
      userId: userRoles.userId,
      id: roles.id,
      name: roles.name,
      isOwner: roles.isOwner,
      permissions: roles.permissions,
    })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(inArray(userRoles.userId, userIds))
    .orderBy(asc(roles.name));
  const byUser = new Map<string, RoleRow[]>();
  for (const { userId, ...role } of rows) byUser.set(userId, [...(byUser.get(userId) ?? []), role]);
  return byUser;
}

async function findRoles(tx: Executor, roleIds: string[]): Promise<RoleRow[]> {
  const unique = [...new Set(roleIds)];
  if (unique.length === 0) return [];
  const found = await tx
    .select({ id: roles.id, name: roles.name, isOwner: roles.isOwner, permissions: roles.permissions })
    .from(roles)
    .where(inArray(roles.id, unique));
  if (found.length !== unique.length) {
    const missing = unique.filter((id) => !found.some((role) => role.id === id));
    throw new DomainError('UNKNOWN_ROLE', `No such role: ${missing.join(', ')}`);
  }
  return found;
}

/** Nobody hands out more than they hold; only an owner hands out (or takes away) Owner. */
function assertCanGrant(actor: Principal, granted: RoleRow[]): void {
  if (actor.isOwner) return;
  for (const role of granted) {
    if (role.isOwner)
      throw new DomainError('PERMISSION_DENIED', 'Only an owner can grant or remove the Owner role');
    const beyond = role.permissions.filter((p) => !actor.permissions.has(p as Permission));
    if (beyond.length > 0) {
      throw new DomainError(
        'PERMISSION_DENIED',
        `You cannot grant permissions you do not hold: ${beyond.join(', ')}`,
        {
          permissions: beyond.join(','),
        },
      );
    }
  }
}

const staffColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  locale: users.locale,
  status: users.status,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
};

async function loadStaff(tx: Executor, id: string, lock = false) {
  const query = tx
    .select(staffColumns)
    .from(users)
    .where(and(eq(users.id, id), eq(users.kind, 'staff')));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new DomainError('NOT_FOUND', 'No staff member with this id');
  const staffRoles = (await rolesOf(tx, [id])).get(id) ?? [];
  return { ...row, roles: staffRoles, isOwner: staffRoles.some((r) => r.isOwner) };
}

function assertCanManage(actor: Principal, target: { isOwner: boolean }): void {
  if (target.isOwner && !actor.isOwner) {
    throw new DomainError('PERMISSION_DENIED', 'Only an owner can change an owner’s account');
  }
}

async function otherActiveOwners(tx: Executor, exceptUserId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(and(eq(roles.isOwner, true), eq(users.status, 'active'), sql`${users.id} <> ${exceptUserId}`));
  return row?.n ?? 0;
}

const snapshot = (staff: {
  email: string;
  name: string;
  locale: string;
  status: string;
  roles: { name: string }[];
}) => ({
  email: staff.email,
  name: staff.name,
  locale: staff.locale,
  status: staff.status,
  roles: staff.roles.map((r) => r.name),
});

export async function listStaff(deps: AppDeps, input: StaffListInput) {
  const filters: (SQL | undefined)[] = [eq(users.kind, 'staff')];
  if (input.status) filters.push(eq(users.status, input.status));
  if (input.search) {
    const term = `%${escapeLike(input.search.toLowerCase())}%`;
    filters.push(or(sql`lower(${users.email}) like ${term}`, sql`lower(${users.name}) like ${term}`));
  }
  if (input.roleId) {
    filters.push(
      sql`exists (select 1 from ${userRoles} where ${userRoles.userId} = ${outer('users', 'id')} and ${userRoles.roleId} = ${input.roleId})`,
    );
  }
  filters.push(afterCursor(input.cursor, users.createdAt, users.id, 'desc'));
  const rows = await deps.db
    .select(staffColumns)
    .from(users)
    .where(and(...filters))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit);
  const roleMap = await rolesOf(
    deps.db,
    page.items.map((r) => r.id),
  );
  return {
    items: page.items.map((row) => ({
      ...row,
      roles: (roleMap.get(row.id) ?? []).map(({ id, name }) => ({ id, name })),
    })),
    nextCursor: page.nextCursor,
  };
}

export async function getStaff(deps: AppDeps, id: string) {
  const staff = await loadStaff(deps.db, id);
  const [active] = await deps.db
    .select({ n: sql<number>`count(distinct ${sessions.familyId})::int` })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, id),
        isNull(sessions.revokedAt),
        isNull(sessions.rotatedAt),
        gt(sessions.expiresAt, deps.clock.now()),
      ),
    );
  return {
    ...staff,
    roles: staff.roles.map(({ id: roleId, name }) => ({ id: roleId, name })),
    activeSessions: active?.n ?? 0,
  };
}

export async function createStaff(deps: AppDeps, actor: StaffActor, input: CreateStaffInput) {
  if (input.roleIds.length > 0 && !actor.permissions.has('staff:roles')) {
    throw new DomainError('PERMISSION_DENIED', 'You need the staff:roles permission to assign roles', {
      permission: 'staff:roles',
    });
  }
  assertStrongPassword(input.password, input);
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    const granted = await findRoles(tx, input.roleIds);
    assertCanGrant(actor, granted);
    const [user] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, locale: input.locale, kind: 'staff', passwordHash })
      .returning({ id: users.id });
    if (!user) throw new Error('insert returned no row');
    if (granted.length > 0) {
      await tx.insert(userRoles).values(granted.map((role) => ({ userId: user.id, roleId: role.id })));
    }
    const created = await loadStaff(tx, user.id);
    await writeAudit(tx, actor, {
      action: 'staff.created',
      entityType: 'user',
      entityId: user.id,
      after: snapshot(created),
    });
    await recordEvents(tx, {
      type: 'staff.created',
      aggregateType: 'user',
      aggregateId: user.id,
      payload: { userId: user.id },
      occurredAt: deps.clock.now(),
    });
    return { id: user.id };
  });
}

export async function updateStaff(
  deps: AppDeps,
  actor: StaffActor,
  input: { id: string; name?: string; locale?: Locale },
) {
  await deps.db.transaction(async (tx) => {
    const before = await loadStaff(tx, input.id, true);
    assertCanManage(actor, before);
    const changes = { name: input.name ?? before.name, locale: input.locale ?? before.locale };
    await tx.update(users).set(changes).where(eq(users.id, input.id));
    await writeAudit(tx, actor, {
      action: 'staff.updated',
      entityType: 'user',
      entityId: input.id,
      before: snapshot(before),
      after: snapshot({ ...before, ...changes }),
    });
  });
}

/** Disabling ends every session of the user at once. */
export async function setStaffStatus(
  deps: AppDeps,
  actor: StaffActor,
  input: { id: string; status: UserStatus },
) {
  if (input.id === actor.id)
    throw new DomainError('CANNOT_CHANGE_SELF', 'You cannot disable or enable your own account');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await lockOwners(tx);
    const before = await loadStaff(tx, input.id, true);
    assertCanManage(actor, before);
    if (before.status === input.status) return;
    if (input.status === 'disabled' && before.isOwner && (await otherActiveOwners(tx, input.id)) === 0) {
      throw new DomainError('LAST_OWNER', 'This is the last active owner; make someone else an owner first');
    }
    await tx.update(users).set({ status: input.status }).where(eq(users.id, input.id));
    if (input.status === 'disabled') {
      await tx
        .update(sessions)
        .set({ revokedAt: now, revokedReason: 'account_disabled' })
        .where(and(eq(sessions.userId, input.id), isNull(sessions.revokedAt)));
    }
    await writeAudit(tx, actor, {
      action: input.status === 'disabled' ? 'staff.disabled' : 'staff.enabled',
      entityType: 'user',
      entityId: input.id,
      before: snapshot(before),
      after: snapshot({ ...before, status: input.status }),
    });
  });
}

export async function setStaffRoles(
  deps: AppDeps,
  actor: StaffActor,
  input: { id: string; roleIds: string[] },
) {
  await deps.db.transaction(async (tx) => {
    await lockOwners(tx);
    const before = await loadStaff(tx, input.id, true);
    const next = await findRoles(tx, input.roleIds);
    const added = next.filter((role) => !before.roles.some((r) => r.id === role.id));
    const removed = before.roles.filter((role) => !next.some((r) => r.id === role.id));
    assertCanGrant(actor, [...added, ...removed.filter((r) => r.isOwner)]);
    const losesOwner = removed.some((r) => r.isOwner);
    if (losesOwner && before.status === 'active' && (await otherActiveOwners(tx, input.id)) === 0) {
      throw new DomainError(
        'LAST_OWNER',
        'The last active owner must keep the Owner role; make someone else an owner first',
      );
    }
    if (added.length === 0 && removed.length === 0) return;
    await tx.delete(userRoles).where(eq(userRoles.userId, input.id));
    if (next.length > 0)
      await tx.insert(userRoles).values(next.map((role) => ({ userId: input.id, roleId: role.id })));
    await writeAudit(tx, actor, {
      action: 'staff.roles_changed',
      entityType: 'user',
      entityId: input.id,
      before: { roles: before.roles.map((r) => r.name).sort() },
      after: { roles: next.map((r) => r.name).sort() },
    });
  });
}

// ---- audit log ----------------------------------------------------------------------------

export async function listAudit(deps: AppDeps, input: AuditListInput) {
  const filters: (SQL | undefined)[] = [];
  if (input.actorId) filters.push(eq(auditLog.actorId, input.actorId));
  if (input.action) filters.push(eq(auditLog.action, input.action));
  if (input.entityType) filters.push(eq(auditLog.entityType, input.entityType));
  if (input.entityId) filters.push(eq(auditLog.entityId, input.entityId));
  if (input.from) filters.push(gte(auditLog.createdAt, input.from));
  if (input.to) filters.push(lt(auditLog.createdAt, input.to));
  filters.push(afterCursor(input.cursor, auditLog.createdAt, auditLog.id, 'desc'));
  const rows = await deps.db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      ip: auditLog.ip,
      requestId: auditLog.requestId,
      createdAt: auditLog.createdAt,
      actorId: auditLog.actorId,
      actorEmail: users.email,
      actorName: users.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...filters))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit);
}
