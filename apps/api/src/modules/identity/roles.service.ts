// Roles: named sets of permissions. The Owner role is fixed (every permission, never edited or
// deleted); other roles are edited freely, within the permissions the editor holds.

import type { Executor } from '@crossdock/db/client';
import { roles, userRoles } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import { allPermissions, type Permission } from '@crossdock/domain/permissions';
import { asc, count, eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { afterCursor, toPage } from '../../infra/cursor';
import { writeAudit } from './audit';
import type { StaffActor } from './staff.service';

const roleColumns = {
  id: roles.id,
  name: roles.name,
  description: roles.description,
  permissions: roles.permissions,
  isOwner: roles.isOwner,
  createdAt: roles.createdAt,
  updatedAt: roles.updatedAt,
};

function assertHoldsAll(actor: StaffActor, permissions: readonly string[]): void {
  if (actor.isOwner) return;
  const beyond = permissions.filter((p) => !actor.permissions.has(p as Permission));
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

async function loadRole(tx: Executor, id: string, lock = false) {
  const query = tx.select(roleColumns).from(roles).where(eq(roles.id, id));
  const [role] = lock ? await query.for('update') : await query;
  if (!role) throw new DomainError('NOT_FOUND', 'No role with this id');
  return role;
}

function ownerRoleView<T extends { isOwner: boolean; permissions: string[] }>(role: T): T {
  return role.isOwner ? { ...role, permissions: [...allPermissions] } : role;
}

/** Roles in creation order (presets first), with how many staff hold each. */
export async function listRoles(deps: AppDeps, input: { limit: number; cursor?: string }) {
  const rows = await deps.db
    .select({ ...roleColumns, members: count(userRoles.userId) })
    .from(roles)
    .leftJoin(userRoles, eq(userRoles.roleId, roles.id))
    .where(afterCursor(input.cursor, roles.createdAt, roles.id, 'asc'))
    .groupBy(roles.id)
    .orderBy(asc(roles.createdAt), asc(roles.id))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit);
  return { items: page.items.map(ownerRoleView), nextCursor: page.nextCursor };
}

export async function getRole(deps: AppDeps, id: string) {
  return ownerRoleView(await loadRole(deps.db, id));
}

export async function createRole(
  deps: AppDeps,
  actor: StaffActor,
  input: { name: string; description: string; permissions: Permission[] },
) {
  assertHoldsAll(actor, input.permissions);
  return deps.db.transaction(async (tx) => {
    const [role] = await tx.insert(roles).values(input).returning(roleColumns);
    await writeAudit(tx, actor, {
      action: 'role.created',
      entityType: 'role',
      entityId: role!.id,
      after: input,
    });
    return role!;
  });
}

export async function updateRole(
  deps: AppDeps,
  actor: StaffActor,
  input: { id: string; name?: string; description?: string; permissions?: Permission[] },
) {
  return deps.db.transaction(async (tx) => {
    const before = await loadRole(tx, input.id, true);
    if (before.isOwner)
      throw new DomainError(
        'SYSTEM_ROLE',
        'The Owner role always holds every permission and cannot be edited',
      );
    if (input.permissions)
      assertHoldsAll(
        actor,
        input.permissions.filter((p) => !before.permissions.includes(p)),
      );
    const changes = {
      name: input.name ?? before.name,
      description: input.description ?? before.description,
      permissions: input.permissions ?? before.permissions,
    };
    const [role] = await tx.update(roles).set(changes).where(eq(roles.id, input.id)).returning(roleColumns);
    await writeAudit(tx, actor, {
      action: 'role.updated',
      entityType: 'role',
      entityId: input.id,
      before: { name: before.name, description: before.description, permissions: before.permissions },
      after: changes,
    });
    return role!;
  });
}

export async function deleteRole(deps: AppDeps, actor: StaffActor, id: string) {
  await deps.db.transaction(async (tx) => {
    const before = await loadRole(tx, id, true);
    if (before.isOwner) throw new DomainError('SYSTEM_ROLE', 'The Owner role cannot be deleted');
    const [held] = await tx.select({ n: count() }).from(userRoles).where(eq(userRoles.roleId, id));
    if ((held?.n ?? 0) > 0) {
      throw new DomainError(
        'ROLE_IN_USE',
        `${held!.n} staff member(s) hold this role; take it from them first`,
        {
          members: held!.n,
        },
      );
    }
    await tx.delete(roles).where(eq(roles.id, id));
    await writeAudit(tx, actor, {
      action: 'role.deleted',
      entityType: 'role',
      entityId: id,
      before: { name: before.name, description: before.description, permissions: before.permissions },
    });
  });
}
