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
      loginFailuresPerAccount: { points: 3, durationSeconds: 60 },
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
  it('locks an account after repeated failures from any address, even for the right password', async () => {
    const customer = await app.customer();
    for (let i = 0; i < 3; i += 1) {
      await expectReason(
        app
          .caller({ ip: `198.51.100.${i}` })
          .auth.login({ email: customer.email, password: 'wrong-password!', kind: 'customer' }),
        'UNAUTHORIZED',
        'INVALID_CREDENTIALS',
      );
    }
    const limited = await expectReason(
      app
        .caller({ ip: '198.51.100.99' })
        .auth.login({ email: customer.email, password: TEST_PASSWORD, kind: 'customer' }),
      'TOO_MANY_REQUESTS',
      'RATE_LIMITED',
    );
    expect(limited.described.details?.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.described.details?.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('limits sign-in attempts per address across accounts', async () => {
    const ip = '192.0.2.50';
    for (let i = 0; i < 6; i += 1) {
      await expectReason(
        app
          .caller({ ip })
          .auth.login({ email: uniqueEmail('spray'), password: 'wrong-password!', kind: 'customer' }),
        'UNAUTHORIZED',
        'INVALID_CREDENTIALS',
      );
    }
    await expectReason(
      app
        .caller({ ip })
        .auth.login({ email: uniqueEmail('spray'), password: 'wrong-password!', kind: 'customer' }),
      'TOO_MANY_REQUESTS',
      'RATE_LIMITED',
    );
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
