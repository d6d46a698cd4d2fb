// Walks every procedure in the router and proves who may call it, from the `meta` each
// procedure declares. A new procedure is covered without anyone adding it here; a new
// *public* procedure must be added to the allow-list below, on purpose.

import { createUser } from '@crossdock/db/factories';
import { roles } from '@crossdock/db/schema';
import { allPermissions, type Permission } from '@crossdock/domain/permissions';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/router';
import type { Meta } from '../src/trpc';
import { createTestApp, type TestApp, testPasswordHash, uniqueEmail } from './harness';

const PUBLIC_PROCEDURES = [
  'auth.register',
  'auth.login',
  'auth.refresh',
  'auth.logout',
  'auth.requestPasswordReset',
  'auth.resetPassword',
  'shop.categories',
  'shop.facets',
  'shop.products',
  'shop.product',
  'cart.get',
  'cart.add',
  'cart.setQuantity',
  'cart.remove',
  'cart.applyCoupon',
  'cart.removeCoupon',
  'cart.acceptPrices',
  'reviews.forProduct',
  'checkout.countries',
];

type AnyCaller = Record<string, unknown>;
const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { meta?: Meta } }>,
).map(([path, procedure]) => ({ path, meta: procedure._def.meta ?? { access: 'public' as const } }));

function call(caller: AnyCaller, path: string): Promise<unknown> {
  const fn = path.split('.').reduce<unknown>((node, key) => (node as AnyCaller)[key], caller) as (
    input: unknown,
  ) => Promise<unknown>;
  return fn(undefined);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return error instanceof TRPCError ? error.code : 'NOT_TRPC_ERROR';
  }
}

let app: TestApp;
let customerApi: AnyCaller;
let staffApi: AnyCaller;
const allButOne = new Map<Permission, AnyCaller>();
const only = new Map<Permission, AnyCaller>();

beforeAll(async () => {
  app = await createTestApp();
  customerApi = (await app.customer()).api as unknown as AnyCaller;
  staffApi = (await app.staff([])).api as unknown as AnyCaller;
  // For each permission a procedure needs: one staff user holding every permission but it,
  // and one holding only it.
  const needed = [...new Set(procedures.flatMap((p) => (p.meta.permission ? [p.meta.permission] : [])))];
  const hash = await testPasswordHash();
  for (const permission of needed) {
    for (const [label, perms, target] of [
      ['without', allPermissions.filter((p) => p !== permission), allButOne],
      ['only', [permission], only],
    ] as const) {
      const [role] = await app.deps.db
        .insert(roles)
        .values({ name: `sweep ${label} ${permission}`, permissions: [...perms] })
        .returning({ id: roles.id });
      const email = uniqueEmail('sweep');
      await createUser(app.deps.db, {
        kind: 'staff',
        email,
        name: 'Sweep',
        passwordHash: hash,
        roleIds: [role!.id],
      });
      target.set(permission, (await app.signIn(email, 'staff')).api as unknown as AnyCaller);
    }
  }
});
afterAll(async () => {
  await app?.cleanup();
});

describe('authorization sweep', () => {
  it('finds the procedures, and every public one is on the allow-list', () => {
    expect(procedures.length).toBeGreaterThan(20);
    const publicOnes = procedures.filter((p) => p.meta.access === 'public').map((p) => p.path);
    expect(publicOnes.sort()).toEqual([...PUBLIC_PROCEDURES].sort());
    for (const p of procedures.filter((p) => p.meta.access === 'staff'))
      expect(p.meta.permission, p.path).toBeTruthy();
  });

  it.each(procedures.filter((p) => p.meta.access !== 'public'))(
    '$path refuses an anonymous caller',
    async ({ path }) => {
      expect(await codeOf(call(app.caller() as unknown as AnyCaller, path))).toBe('UNAUTHORIZED');
    },
  );

  it.each(procedures.filter((p) => p.meta.access !== 'public'))(
    '$path refuses a forged token',
    async ({ path }) => {
      expect(
        await codeOf(
          call(app.caller({ accessToken: 'eyJhbGciOiJub25lIn0.e30.' }) as unknown as AnyCaller, path),
        ),
      ).toBe('UNAUTHORIZED');
    },
  );

  it.each(procedures.filter((p) => p.meta.access === 'staff'))(
    '$path refuses customers and staff without $meta.permission, and admits staff with it',
    async ({ path, meta }) => {
      const permission = meta.permission!;
      expect(await codeOf(call(customerApi, path))).toBe('FORBIDDEN');
      expect(await codeOf(call(staffApi, path))).toBe('FORBIDDEN');
      expect(await codeOf(call(allButOne.get(permission)!, path))).toBe('FORBIDDEN');
      // With the permission, the call gets past authorization (here it then fails on the missing input).
      expect(['OK', 'BAD_REQUEST', 'NOT_FOUND']).toContain(await codeOf(call(only.get(permission)!, path)));
    },
  );

  it.each(procedures.filter((p) => p.meta.access === 'customer'))('$path refuses staff', async ({ path }) => {
    expect(await codeOf(call(staffApi, path))).toBe('FORBIDDEN');
  });
});
