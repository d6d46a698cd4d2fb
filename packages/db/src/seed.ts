// The demo business. Deterministic: the same accounts every time, so the README can name them.
// Idempotent: a database that already has the demo owner is left as it is.
import { presetRoles } from '@crossdock/domain/permissions';
import type { Db } from './client';
import { createUser, ensurePresetRoles, findUserByEmail } from './factories';

/** Shown when the product starts in demo mode; never use it outside a demo. */
export const DEMO_PASSWORD = 'crossdock-demo-2026';
export const DEMO_DOMAIN = 'crossdock.test';

/** The demo staff account of a preset role: `customer service` → customer.service@crossdock.test. */
export const staffEmail = (role: string) => `${role.toLowerCase().replace(/[^a-z]+/g, '.')}@${DEMO_DOMAIN}`;

const demoCustomers: { name: string; email: string; locale: 'en' | 'zh-CN' }[] = [
  { name: 'Alice Martin', email: 'alice.martin', locale: 'en' },
  { name: 'Ben Okafor', email: 'ben.okafor', locale: 'en' },
  { name: '陈静', email: 'chen.jing', locale: 'zh-CN' },
  { name: 'Diego Alvarez', email: 'diego.alvarez', locale: 'en' },
  { name: 'Emma Schulz', email: 'emma.schulz', locale: 'en' },
  { name: '方磊', email: 'fang.lei', locale: 'zh-CN' },
  { name: 'Grace Kim', email: 'grace.kim', locale: 'en' },
  { name: 'Hiro Tanaka', email: 'hiro.tanaka', locale: 'en' },
  { name: '李娜', email: 'li.na', locale: 'zh-CN' },
  { name: 'Jonas Berg', email: 'jonas.berg', locale: 'en' },
  { name: 'Keira Walsh', email: 'keira.walsh', locale: 'en' },
  { name: '王芳', email: 'wang.fang', locale: 'zh-CN' },
];

export interface DemoAccount {
  kind: 'staff' | 'customer';
  role: string;
  email: string;
}

export interface DemoSeedResult {
  password: string;
  accounts: DemoAccount[];
  created: boolean;
}

export async function seedDemo(
  db: Db,
  /** `customersJoinedAt`: when the demo customers signed up (the demo's history starts then). */
  options: { hashPassword: (password: string) => Promise<string>; customersJoinedAt?: Date },
): Promise<DemoSeedResult> {
  const accounts: DemoAccount[] = [
    ...presetRoles.map((role) => ({ kind: 'staff' as const, role: role.name, email: staffEmail(role.name) })),
    ...demoCustomers
      .slice(0, 3)
      .map((c) => ({ kind: 'customer' as const, role: 'customer', email: `${c.email}@${DEMO_DOMAIN}` })),
  ];
  const result = { password: DEMO_PASSWORD, accounts };
  if (await findUserByEmail(db, staffEmail(presetRoles[0]!.name))) return { ...result, created: false };

  const passwordHash = await options.hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const roleIds = await ensurePresetRoles(tx);
    for (const role of presetRoles) {
      await createUser(tx, {
        kind: 'staff',
        email: staffEmail(role.name),
        name: `${role.name} (demo)`,
        passwordHash,
        roleIds: [roleIds.get(role.name)!],
      });
    }
    for (const customer of demoCustomers) {
      await createUser(tx, {
        kind: 'customer',
        email: `${customer.email}@${DEMO_DOMAIN}`,
        name: customer.name,
        locale: customer.locale,
        passwordHash,
        createdAt: options.customersJoinedAt,
      });
    }
  });
  return { ...result, created: true };
}
