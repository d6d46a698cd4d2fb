// Rate limits on sign-in, registration and reset: per address and per account, with a
// retry time, and nothing changed by a refused attempt.

import { mailOutbox, users } from '@crossdock/db/schema';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectReason } from './errors';
import { createTestApp, TEST_PASSWORD, type TestApp, uniqueEmail } from './harness';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({
    limitRules: {
      loginPerIp: { points: 6, durationSeconds: 60 },
      loginFailuresPerAccountAndIp: { points: 3, durationSeconds: 60 },
      loginFailuresPerIpDaily: { points: 5, durationSeconds: 3600 },
      registerPerIp: { points: 2, durationSeconds: 60 },
      resetPerIp: { points: 10, durationSeconds: 60 },
      resetPerAccount: { points: 2, durationSeconds: 60 },
    },
  });
});
afterAll(async () => {
  await app?.cleanup();
});

const count = async (table: typeof users | typeof mailOutbox) =>
  (await app.deps.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;

describe('rate limits', () => {
  it('stops an address after repeated failures on one account, while the owner signs in from theirs', async () => {
    const customer = await app.customer();
    const attacker = app.caller({ ip: '198.51.100.7' });
    for (let i = 0; i < 3; i += 1) {
      await expectReason(
        attacker.auth.login({ email: customer.email, password: 'wrong-password!', kind: 'customer' }),
        'UNAUTHORIZED',
        'INVALID_CREDENTIALS',
      );
    }
    // Even the right password is refused from that address now…
    const limited = await expectReason(
      attacker.auth.login({ email: customer.email, password: TEST_PASSWORD, kind: 'customer' }),
      'TOO_MANY_REQUESTS',
      'RATE_LIMITED',
    );
    expect(limited.described.details?.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.described.details?.retryAfterSeconds).toBeLessThanOrEqual(60);
    // …but not for the owner elsewhere: nobody can lock someone else out.
    const owner = await app
      .caller({ ip: '203.0.113.20' })
      .auth.login({ email: customer.email, password: TEST_PASSWORD, kind: 'customer', transport: 'body' });
    expect(owner.user.id).toBe(customer.id);
  });

  it('ten wrong passwords from ten addresses do not lock the owner out', async () => {
    const customer = await app.customer();
    for (let i = 0; i < 10; i += 1) {
      await expectReason(
        app
          .caller({ ip: `198.51.101.${i}` })
          .auth.login({ email: customer.email, password: 'wrong-password!', kind: 'customer' }),
        'UNAUTHORIZED',
        'INVALID_CREDENTIALS',
      );
    }
    const owner = await app
      .caller({ ip: '203.0.113.21' })
      .auth.login({ email: customer.email, password: TEST_PASSWORD, kind: 'customer', transport: 'body' });
    expect(owner.user.id).toBe(customer.id);
  });

  it('slows an address spraying one password over many accounts', async () => {
    const ip = '198.51.102.1';
    for (let i = 0; i < 5; i += 1) {
      await expectReason(
        app
          .caller({ ip })
          .auth.login({ email: uniqueEmail('spray'), password: 'Summer2026!', kind: 'customer' }),
        'UNAUTHORIZED',
        'INVALID_CREDENTIALS',
      );
    }
    await expectReason(
      app
        .caller({ ip })
        .auth.login({ email: uniqueEmail('spray'), password: 'Summer2026!', kind: 'customer' }),
      'TOO_MANY_REQUESTS',
      'RATE_LIMITED',
    );
  });

  it('limits sign-in attempts per address, successful ones included', async () => {
    const ip = '192.0.2.50';
    const customer = await app.customer();
    const signIn = () =>
      app
        .caller({ ip })
        .auth.login({ email: customer.email, password: TEST_PASSWORD, kind: 'customer', transport: 'body' });
    for (let i = 0; i < 6; i += 1) await signIn();
    await expectReason(signIn(), 'TOO_MANY_REQUESTS', 'RATE_LIMITED');
  });

  it('limits registrations per address and creates nothing when refused', async () => {
    const ip = '192.0.2.60';
    for (let i = 0; i < 2; i += 1) {
      await app
        .caller({ ip })
        .auth.register({ email: uniqueEmail('reg'), password: TEST_PASSWORD, name: 'Reg' });
    }
    const before = await count(users);
    await expectReason(
      app.caller({ ip }).auth.register({ email: uniqueEmail('reg'), password: TEST_PASSWORD, name: 'Reg' }),
      'TOO_MANY_REQUESTS',
      'RATE_LIMITED',
    );
    expect(await count(users)).toBe(before);
    // Another address is unaffected.
    await app
      .caller({ ip: '192.0.2.61' })
      .auth.register({ email: uniqueEmail('reg'), password: TEST_PASSWORD, name: 'Reg' });
  });

  it('limits reset requests per account and sends no more mail', async () => {
    const customer = await app.customer();
    for (let i = 0; i < 2; i += 1) {
      await app
        .caller({ ip: `192.0.2.7${i}` })
        .auth.requestPasswordReset({ email: customer.email, kind: 'customer' });
    }
    const mails = await count(mailOutbox);
    await expectReason(
      app.caller({ ip: '192.0.2.79' }).auth.requestPasswordReset({ email: customer.email, kind: 'customer' }),
      'TOO_MANY_REQUESTS',
      'RATE_LIMITED',
    );
    expect(await count(mailOutbox)).toBe(mails);
  });
});
