import { auditLog, roles, userRoles, users } from '@crossdock/db/schema';
import { allPermissions, presetRoles } from '@crossdock/domain/permissions';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectReason } from './errors';
import { createTestApp, TEST_PASSWORD, type TestApp, uniqueEmail } from './harness';

let app: TestApp;
let owner: Awaited<ReturnType<TestApp['staff']>>;
beforeAll(async () => {
  app = await createTestApp();
  owner = await app.staff(['Owner'], { name: 'Olivia Owner' });
});
afterAll(async () => {
  await app?.cleanup();
});

const roleId = (name: string) => app.roleIds.get(name)!;
const auditCount = async () =>
  (await app.deps.db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0]!.n;

describe('staff accounts', () => {
  it('an administrator creates, edits and lists staff; every change is audited', async () => {
    const admin = await app.staff(['Administrator']);
    const email = uniqueEmail('warehouse');
    const { id } = await admin.api.staff.create({
      email,
      name: 'Wanda Warehouse',
      password: TEST_PASSWORD,
      roleIds: [roleId('Warehouse')],
    });
    const updated = await admin.api.staff.update({ id, name: 'Wanda W.', locale: 'zh-CN' });
    expect(updated).toMatchObject({ name: 'Wanda W.', locale: 'zh-CN', roles: [{ name: 'Warehouse' }] });

    const found = await admin.api.staff.list({ search: 'wanda', limit: 10 });
    expect(found.items.map((s) => s.id)).toEqual([id]);
    expect(found.items[0]!.roles).toEqual([{ id: roleId('Warehouse'), name: 'Warehouse' }]);

    const trail = await owner.api.audit.list({ entityId: id, limit: 10 });
    expect(trail.items.map((a) => a.action)).toEqual(['staff.updated', 'staff.created']);
    expect(trail.items[0]).toMatchObject({
      actorId: admin.id,
      before: { name: 'Wanda Warehouse', locale: 'en' },
      after: { name: 'Wanda W.', locale: 'zh-CN' },
    });

    // The new account can sign in with exactly its role's permissions.
    const wanda = await app.signIn(email, 'staff');
    expect((await wanda.api.auth.me()).permissions).toEqual(
      expect.arrayContaining(['inventory:write', 'orders:fulfil']),
    );
    await expectReason(wanda.api.staff.list({}), 'FORBIDDEN', 'PERMISSION_DENIED');
  });

  it('pages through staff with a cursor, newest first, without gaps or repeats', async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i += 1) created.push((await app.staff([], { name: `Pager ${i}` })).id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await owner.api.staff.list({ search: 'pager', limit: 2, cursor });
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());
    await expectReason(owner.api.staff.list({ cursor: 'not-a-cursor' }), 'BAD_REQUEST', 'INVALID_CURSOR');
    await expectReason(owner.api.staff.list({ limit: 101 }), 'BAD_REQUEST', 'VALIDATION_FAILED');
  });

  it('filters staff by role', async () => {
    const packer = await app.staff(['Warehouse'], { name: 'Role filter packer' });
    await app.staff(['Finance'], { name: 'Role filter clerk' });
    const found = await owner.api.staff.list({ roleId: roleId('Warehouse'), search: 'role filter' });
    expect(found.items.map((s) => s.id)).toEqual([packer.id]);
  });

  it('does not treat customers as staff', async () => {
    const customer = await app.customer();
    await expectReason(owner.api.staff.get({ id: customer.id }), 'NOT_FOUND', 'NOT_FOUND');
    await expectReason(
      owner.api.staff.setStatus({ id: customer.id, status: 'disabled' }),
      'NOT_FOUND',
      'NOT_FOUND',
    );
    expect((await customer.api.auth.me()).id).toBe(customer.id);
  });

  it('refuses a duplicate email and invalid input, creating nothing', async () => {
    const before = await auditCount();
    await expectReason(
      owner.api.staff.create({ email: owner.email.toUpperCase(), name: 'Dup', password: TEST_PASSWORD }),
      'CONFLICT',
      'EMAIL_TAKEN',
    );
    await expectReason(
      owner.api.staff.create({ email: 'nope', name: 'Dup', password: TEST_PASSWORD }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
    await expectReason(
      owner.api.staff.create({
        email: uniqueEmail(),
        name: 'X',
        password: TEST_PASSWORD,
        roleIds: [crypto.randomUUID()],
      }),
      'BAD_REQUEST',
      'UNKNOWN_ROLE',
    );
    expect(await auditCount()).toBe(before);
  });

  it('disabling a user ends their sessions at once; re-enabling lets them sign in again', async () => {
    const victim = await app.staff(['Operations']);
    await owner.api.staff.setStatus({ id: victim.id, status: 'disabled' });
    await expectReason(victim.api.auth.me(), 'FORBIDDEN', 'ACCOUNT_DISABLED');
    await expectReason(
      app.caller().auth.refresh({ refreshToken: victim.session.refreshToken! }),
      'UNAUTHORIZED',
      'SESSION_REVOKED',
    );
    await expectReason(app.signIn(victim.email, 'staff'), 'FORBIDDEN', 'ACCOUNT_DISABLED');
    await owner.api.staff.setStatus({ id: victim.id, status: 'active' });
    await app.signIn(victim.email, 'staff');
    await expectReason(
      owner.api.staff.setStatus({ id: owner.id, status: 'disabled' }),
      'PRECONDITION_FAILED',
      'CANNOT_CHANGE_SELF',
    );
  });

  it('role changes take effect on the very next request', async () => {
    const clerk = await app.staff(['Customer service']);
    await expectReason(
      clerk.api.roles.create({ name: 'Nope', permissions: [] }),
      'FORBIDDEN',
      'PERMISSION_DENIED',
    );
    await owner.api.staff.setRoles({ id: clerk.id, roleIds: [roleId('Administrator')] });
    const role = await clerk.api.roles.create({
      name: `Now allowed ${Date.now()}`,
      permissions: ['orders:read'],
    });
    expect(role.permissions).toEqual(['orders:read']);
    await owner.api.staff.setRoles({ id: clerk.id, roleIds: [] });
    await expectReason(clerk.api.staff.list({}), 'FORBIDDEN', 'PERMISSION_DENIED');
  });
});

describe('guards on roles and owners', () => {
  it('a staff user without staff:roles cannot assign roles, and nothing changes', async () => {
    const ops = await app.staff(['Operations']);
    const target = await app.staff(['Warehouse']);
    const hr = await app.staff([]);
    await app.deps.db.insert(userRoles).values({
      userId: hr.id,
      roleId: (
        await owner.api.roles.create({
          name: `HR ${Date.now()}`,
          permissions: ['staff:read', 'staff:write'],
        })
      ).id,
    });
    await expectReason(
      ops.api.staff.setRoles({ id: target.id, roleIds: [] }),
      'FORBIDDEN',
      'PERMISSION_DENIED',
    );
    // staff:write without staff:roles may create accounts but not hand out roles.
    await expectReason(
      hr.api.staff.create({
        email: uniqueEmail(),
        name: 'X',
        password: TEST_PASSWORD,
        roleIds: [roleId('Warehouse')],
      }),
      'FORBIDDEN',
      'PERMISSION_DENIED',
    );
    const after = await owner.api.staff.get({ id: target.id });
    expect(after.roles.map((r) => r.name)).toEqual(['Warehouse']);
  });

  it('nobody grants what they do not hold, and only owners grant Owner', async () => {
    const admin = await app.staff(['Administrator']);
    const target = await app.staff([]);
    await expectReason(
      admin.api.staff.setRoles({ id: target.id, roleIds: [roleId('Owner')] }),
      'FORBIDDEN',
      'PERMISSION_DENIED',
    );
    await expectReason(
      admin.api.staff.setRoles({ id: admin.id, roleIds: [roleId('Finance')] }),
      'FORBIDDEN',
      'PERMISSION_DENIED',
    );
    await expectReason(
      admin.api.roles.create({ name: 'Sneaky', permissions: ['finance:approve'] }),
      'FORBIDDEN',
      'PERMISSION_DENIED',
    );
    await expectReason(
      admin.api.staff.setStatus({ id: owner.id, status: 'disabled' }),
      'FORBIDDEN',
      'PERMISSION_DENIED',
    );
    expect((await owner.api.staff.get({ id: target.id })).roles).toEqual([]);
  });

  it('the last active owner keeps the Owner role and cannot be disabled', async () => {
    // Make this owner the only active one.
    const others = await app.deps.db
      .select({ id: users.id })
      .from(users)
      .innerJoin(userRoles, eq(userRoles.userId, users.id))
      .where(eq(userRoles.roleId, roleId('Owner')));
    for (const other of others)
      if (other.id !== owner.id)
        await app.deps.db.update(users).set({ status: 'disabled' }).where(eq(users.id, other.id));

    const before = await auditCount();
    await expectReason(
      owner.api.staff.setRoles({ id: owner.id, roleIds: [roleId('Administrator')] }),
      'PRECONDITION_FAILED',
      'LAST_OWNER',
    );
    const second = await app.staff(['Administrator']);
    await expectReason(
      second.api.staff.setStatus({ id: owner.id, status: 'disabled' }),
      'FORBIDDEN',
      'PERMISSION_DENIED',
    );
    expect((await owner.api.auth.me()).isOwner).toBe(true);
    expect(await auditCount()).toBe(before);

    // With a second owner, the first may step down.
    await owner.api.staff.setRoles({ id: second.id, roleIds: [roleId('Owner')] });
    await owner.api.staff.setRoles({ id: owner.id, roleIds: [roleId('Administrator')] });
    expect((await owner.api.auth.me()).isOwner).toBe(false);
    await expectReason(
      second.api.staff.setRoles({ id: second.id, roleIds: [] }),
      'PRECONDITION_FAILED',
      'LAST_OWNER',
    );
    await second.api.staff.setRoles({ id: owner.id, roleIds: [roleId('Owner')] });
  });

  it('two owners demoting each other at once cannot leave the store without an owner', async () => {
    const a = await app.staff(['Owner']);
    const b = await app.staff(['Owner']);
    // Leave a and b as the only active owners.
    const all = await app.deps.db
      .select({ id: userRoles.userId })
      .from(userRoles)
      .where(eq(userRoles.roleId, roleId('Owner')));
    for (const { id } of all)
      if (id !== a.id && id !== b.id)
        await app.deps.db.update(users).set({ status: 'disabled' }).where(eq(users.id, id));
    const results = await Promise.allSettled([
      a.api.staff.setStatus({ id: b.id, status: 'disabled' }),
      b.api.staff.setStatus({ id: a.id, status: 'disabled' }),
    ]);
    const rows = await app.deps.db
      .select({ status: users.status })
      .from(users)
      .where(sql`${users.id} in (${a.id}, ${b.id})`);
    expect(rows.filter((r) => r.status === 'active').length).toBeGreaterThanOrEqual(1);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeLessThanOrEqual(1);
    // Restore the original owner for later tests.
    await app.deps.db.update(users).set({ status: 'active' }).where(eq(users.id, owner.id));
  });
});

describe('roles', () => {
  it('lists presets in order with member counts and the Owner role holding everything', async () => {
    const page = await owner.api.roles.list({ limit: 100 });
    expect(page.items.slice(0, presetRoles.length).map((r) => r.name)).toEqual(
      presetRoles.map((r) => r.name),
    );
    const ownerRole = page.items[0]!;
    expect(ownerRole.permissions).toEqual(allPermissions);
    expect(ownerRole.members).toBeGreaterThan(0);
  });

  it('creates, renames and deletes a role; names are unique ignoring case', async () => {
    const role = await owner.api.roles.create({
      name: 'Night shift',
      permissions: ['orders:read', 'orders:read', 'inventory:read'],
    });
    expect(role.permissions).toEqual(['inventory:read', 'orders:read']);
    await expectReason(
      owner.api.roles.create({ name: 'NIGHT SHIFT', permissions: [] }),
      'CONFLICT',
      'ROLE_NAME_TAKEN',
    );
    await expectReason(
      owner.api.roles.create({ name: 'Bad', permissions: ['orders:fly' as never] }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
    const renamed = await owner.api.roles.update({ id: role.id, name: 'Late shift' });
    expect(renamed.name).toBe('Late shift');

    const member = await app.staff([]);
    await owner.api.staff.setRoles({ id: member.id, roleIds: [role.id] });
    await expectReason(owner.api.roles.delete({ id: role.id }), 'PRECONDITION_FAILED', 'ROLE_IN_USE');
    await owner.api.staff.setRoles({ id: member.id, roleIds: [] });
    await owner.api.roles.delete({ id: role.id });
    await expectReason(owner.api.roles.get({ id: role.id }), 'NOT_FOUND', 'NOT_FOUND');

    const actions = (await owner.api.audit.list({ entityType: 'role', entityId: role.id })).items.map(
      (a) => a.action,
    );
    expect(actions).toEqual(['role.deleted', 'role.updated', 'role.created']);
  });

  it('the Owner role cannot be edited or deleted', async () => {
    await expectReason(
      owner.api.roles.update({ id: roleId('Owner'), permissions: [] }),
      'PRECONDITION_FAILED',
      'SYSTEM_ROLE',
    );
    await expectReason(owner.api.roles.delete({ id: roleId('Owner') }), 'PRECONDITION_FAILED', 'SYSTEM_ROLE');
    const [row] = await app.deps.db
      .select()
      .from(roles)
      .where(eq(roles.id, roleId('Owner')));
    expect(row?.isOwner).toBe(true);
  });
});

describe('audit log', () => {
  it('filters by actor, action and time, and pages', async () => {
    const admin = await app.staff(['Administrator']);
    const from = app.clock.now();
    for (let i = 0; i < 3; i += 1) {
      await admin.api.staff.create({
        email: uniqueEmail('audited'),
        name: `Audited ${i}`,
        password: TEST_PASSWORD,
      });
    }
    const first = await owner.api.audit.list({ actorId: admin.id, action: 'staff.created', from, limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.items[0]).toMatchObject({ actorEmail: admin.email, entityType: 'user' });
    const second = await owner.api.audit.list({
      actorId: admin.id,
      action: 'staff.created',
      from,
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const none = await owner.api.audit.list({ actorId: admin.id, to: from });
    expect(none.items).toHaveLength(0);
  });
});
