// The bad-input sweep: every procedure in the router, called as a guest, a customer and a staff
// member holding every permission, with inputs generated from its own zod contract and broken
// on purpose (input-samples.ts). Whatever comes back must be a clear error or a result — never
// INTERNAL_SERVER_ERROR, never a hang — and a refused call must change no row. A new procedure
// is swept without anyone adding it here.
//
// "No row changed" is watched by a trigger on every table that counts committed row changes
// (a refused call rolls its changes back, counter included).

import { resultRows } from '@crossdock/db/client';
import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { appRouter } from '../src/router';
import type { Meta } from '../src/trpc';
import { createTestApp, type TestApp } from './harness';
import { brokenInputs } from './input-samples';

type AnyCaller = Record<string, unknown>;
interface ProcedureDef {
  type: 'query' | 'mutation' | 'subscription';
  meta?: Meta;
  inputs: z.ZodType[];
}
const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>,
)
  .filter(([, p]) => p._def.type !== 'subscription')
  .map(([path, p]) => ({
    path,
    meta: p._def.meta ?? { access: 'public' as const },
    schema: p._def.inputs[0],
  }));

/** Refusals that write on purpose, and why. */
const WRITES_WHEN_REFUSED: Record<string, string> = {
  // Presenting a rotated refresh token again is taken as theft: its family is revoked.
  'auth.refresh': 'revokes a reused refresh token family',
};

/** Long enough for a busy machine; a call that takes longer has hung. */
const CALL_LIMIT_MS = 20_000;

let app: TestApp;
type Role = 'guest' | 'customer' | 'staff';
const accounts: Partial<Record<Role, { email: string; kind: 'customer' | 'staff' }>> = {};
const sessions: Partial<Record<Role, AnyCaller>> = {};
const callers: Record<Role, () => AnyCaller> = {
  guest: () => app.caller() as unknown as AnyCaller,
  customer: () => sessions.customer!,
  staff: () => sessions.staff!,
};

/**
 * Signs the role in again. A swept call may end its own session (logout, sign out everywhere);
 * without this every later call would be refused at the door and prove nothing.
 */
async function signInAgain(role: Role): Promise<void> {
  const account = accounts[role];
  if (!account) return;
  sessions[role] = (await app.signIn(account.email, account.kind)).api as unknown as AnyCaller;
}

async function changes(): Promise<{ n: number; tables: string }> {
  const [row] = resultRows<{ n: number; tables: string }>(
    await app.deps.db.execute(sql`select n, tables from sweep_changes`),
  );
  return row!;
}

beforeAll(async () => {
  app = await createTestApp({ limitRules: { loginPerIp: { points: 1_000_000, durationSeconds: 60 } } });
  const customer = await app.customer();
  const staff = await app.staff(['Owner']);
  accounts.customer = { email: customer.email, kind: 'customer' };
  accounts.staff = { email: staff.email, kind: 'staff' };
  sessions.customer = customer.api as unknown as AnyCaller;
  sessions.staff = staff.api as unknown as AnyCaller;
  // One statement per call: PGlite's extended protocol takes no more.
  const statements = [
    `create table sweep_changes (n bigint not null, tables text not null default '')`,
    `insert into sweep_changes values (0)`,
    `create function sweep_count() returns trigger language plpgsql as $$
    begin
      update sweep_changes set n = n + 1,
        tables = case when position(TG_TABLE_NAME in tables) > 0 then tables else tables || ' ' || TG_TABLE_NAME end;
      return null;
    end $$`,
    `do $$
    declare t text;
    begin
      for t in select tablename from pg_tables where schemaname = 'public' and tablename <> 'sweep_changes' loop
        execute format('create trigger sweep_count after insert or update or delete on %I for each row execute function sweep_count()', t);
      end loop;
    end $$`,
  ];
  for (const statement of statements) await app.deps.db.execute(sql.raw(statement));
});
afterAll(async () => {
  await app?.cleanup();
});

function call(caller: AnyCaller, path: string, input: unknown): Promise<unknown> {
  const fn = path.split('.').reduce<unknown>((node, key) => (node as AnyCaller)[key], caller) as (
    input: unknown,
  ) => Promise<unknown>;
  return fn(input);
}

type Outcome = { kind: 'ok' } | { kind: 'error'; code: string; message: string } | { kind: 'hung' };

async function outcome(promise: Promise<unknown>): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'hung' }), CALL_LIMIT_MS);
  });
  const settled = promise.then(
    (): Outcome => ({ kind: 'ok' }),
    (error: unknown): Outcome =>
      error instanceof TRPCError
        ? { kind: 'error', code: error.code, message: String(error.cause ?? error.message).slice(0, 200) }
        : { kind: 'error', code: 'NOT_A_TRPC_ERROR', message: String(error).slice(0, 200) },
  );
  try {
    return await Promise.race([settled, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** Who is let past authorization for a procedure: they get every broken input. */
function admitted(meta: Meta): Role[] {
  if (meta.access === 'public') return ['guest', 'customer', 'staff'];
  if (meta.access === 'customer') return ['customer'];
  if (meta.access === 'staff') return ['staff'];
  return ['customer', 'staff'];
}

describe('bad-input sweep', () => {
  it('finds the procedures', () => {
    expect(procedures.length).toBeGreaterThan(80);
  });

  it.each(procedures)(
    '$path: no 500, no hang, and nothing changed by a refused call',
    async ({ path, meta, schema }) => {
      const problems: string[] = [];
      // The PGlite project runs the same contracts: only the values drivers treat differently.
      const inputs = brokenInputs(schema, { driverSensitiveOnly: app.driver === 'pglite' });
      // Everyone else is refused before the input is read; once each is enough to show it.
      const others = (Object.keys(callers) as Role[]).filter((r) => !admitted(meta).includes(r));
      const attempts = [
        ...others.map((role) => ({ role, label: 'not admitted', input: inputs[1]!.input })),
        ...admitted(meta).flatMap((role) => inputs.map((i) => ({ role, ...i }))),
      ];
      for (const { role, label, input } of attempts) {
        const before = await changes();
        let result = await outcome(call(callers[role](), path, input));
        if (
          result.kind === 'error' &&
          result.code === 'UNAUTHORIZED' &&
          role !== 'guest' &&
          admitted(meta).includes(role)
        ) {
          // The session may have been ended by an earlier call: once more, signed in afresh.
          await signInAgain(role);
          result = await outcome(call(callers[role](), path, input));
        }
        if (result.kind === 'hung') problems.push(`${role} · ${label}: no answer within ${CALL_LIMIT_MS} ms`);
        else if (result.kind === 'error') {
          if (result.code === 'INTERNAL_SERVER_ERROR' || result.code === 'NOT_A_TRPC_ERROR') {
            problems.push(`${role} · ${label}: ${result.code} ${result.message}`);
          }
          const after = await changes();
          if (after.n !== before.n && !WRITES_WHEN_REFUSED[path]) {
            problems.push(`${role} · ${label}: refused (${result.code}) but changed rows in${after.tables}`);
            await app.deps.db.execute(sql`update sweep_changes set tables = ''`);
          }
        }
      }
      expect(problems).toEqual([]);
    },
  );
});
