import { mailOutbox, passwordResetTokens, sessions, users } from '@crossdock/db/schema';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFRESH_REUSE_GRACE_MS } from '../src/modules/identity/auth.service';
import { expectReason } from './errors';
import { createTestApp, TEST_PASSWORD, type TestApp, uniqueEmail } from './harness';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.cleanup();
});

const countUsers = async () =>
  (await app.deps.db.select({ n: sql<number>`count(*)::int` }).from(users))[0]!.n;

/** The reset token from the newest mail to `email`, as a person would copy it from the link. */
async function resetTokenFromMail(email: string): Promise<string> {
  const [mail] = await app.deps.db
    .select()
    .from(mailOutbox)
    .where(eq(mailOutbox.to, email))
    .orderBy(sql`${mailOutbox.createdAt} desc`)
    .limit(1);
  expect(mail?.template).toBe('password-reset');
  const match = /token=([A-Za-z0-9_-]+)/.exec(mail!.text) ?? /\n([A-Za-z0-9_-]{40,})\n/.exec(mail!.text);
  return decodeURIComponent(match![1]!);
}

describe('register', () => {
  it('creates a customer account, signs it in, and keeps the email normalised', async () => {
    const email = uniqueEmail('New.Customer').replace('new.customer', 'New.Customer');
    const session = await app
      .caller()
      .auth.register({ email: `  ${email}  `, password: TEST_PASSWORD, name: 'Nina New', transport: 'body' });
    expect(session.user.email).toBe(email.toLowerCase());
    expect(session.user.kind).toBe('customer');
    expect(session.refreshToken).toBeTruthy();
    const me = await app.caller({ accessToken: session.accessToken }).auth.me();
    expect(me).toMatchObject({
      email: email.toLowerCase(),
      name: 'Nina New',
      kind: 'customer',
      permissions: [],
    });
  });

  it('puts the refresh token in a cookie, not the body, for the storefront', async () => {
    app.cookieJar.clear();
    const session = await app
      .caller()
      .auth.register({ email: uniqueEmail(), password: TEST_PASSWORD, name: 'Cookie' });
    expect(session.refreshToken).toBeNull();
    expect(app.cookieJar.get('cd_refresh')).toBeTruthy();
    const rotated = await app.caller().auth.refresh({});
    expect(rotated.accessToken).toBeTruthy();
    expect(rotated.refreshToken).toBeNull();
  });

  it('refuses a duplicate email whatever its case, and creates nothing', async () => {
    const email = uniqueEmail();
    await app.caller().auth.register({ email, password: TEST_PASSWORD, name: 'First' });
    const before = await countUsers();
    await expectReason(
      app.caller().auth.register({ email: email.toUpperCase(), password: TEST_PASSWORD, name: 'Second' }),
      'CONFLICT',
      'EMAIL_TAKEN',
    );
    expect(await countUsers()).toBe(before);
  });

  it.each([
    ['an invalid email', { email: 'not-an-email' }, 'email'],
    ['a short password', { password: 'short' }, 'password'],
    ['a too-long password', { password: 'x'.repeat(129) }, 'password'],
    ['an unknown field', { isAdmin: true }, 'isAdmin'],
    ['an empty name', { name: '  ' }, 'name'],
  ])('refuses %s with a field error', async (_label, patch, field) => {
    const before = await countUsers();
    const error = await expectReason(
      app
        .caller()
        .auth.register({ email: uniqueEmail(), password: TEST_PASSWORD, name: 'Valid', ...patch } as never),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
    expect(Object.keys(error.described.fieldErrors ?? {})).toEqual([field]);
    expect(await countUsers()).toBe(before);
  });

  it('refuses common and guessable passwords', async () => {
    const before = await countUsers();
    await expectReason(
      app.caller().auth.register({ email: uniqueEmail(), password: 'Password123', name: 'P' }),
      'BAD_REQUEST',
      'PASSWORD_TOO_COMMON',
    );
    await expectReason(
      app.caller().auth.register({ email: uniqueEmail(), password: 'aaaaaaaaaaaa', name: 'P' }),
      'BAD_REQUEST',
      'PASSWORD_TOO_WEAK',
    );
    await expectReason(
      app
        .caller()
        .auth.register({ email: 'margaret.h@example.com', password: 'margaret.h-2026!', name: 'Margaret' }),
      'BAD_REQUEST',
      'PASSWORD_TOO_WEAK',
    );
    expect(await countUsers()).toBe(before);
  });
});

describe('login', () => {
  it('signs in staff and customers, each only as their own kind', async () => {
    const customer = await app.customer();
    const staff = await app.staff(['Finance']);
    expect((await customer.api.auth.me()).kind).toBe('customer');
    expect((await staff.api.auth.me()).permissions).toContain('finance:approve');
    await expectReason(
      app.caller().auth.login({ email: customer.email, password: TEST_PASSWORD, kind: 'staff' }),
      'UNAUTHORIZED',
      'INVALID_CREDENTIALS',
    );
  });

  it('answers an unknown email and a wrong password alike, in about the same time', async () => {
    const customer = await app.customer();
    const time = async (email: string, password: string) => {
      const started = performance.now();
      const error = await expectReason(
        app
          .caller({ ip: `198.51.100.${Math.floor(Math.random() * 200)}` })
          .auth.login({ email, password, kind: 'customer' }),
        'UNAUTHORIZED',
        'INVALID_CREDENTIALS',
      );
      return { ms: performance.now() - started, message: error.message };
    };
    // Interleaved, five of each, compared by their medians: one stall of a busy machine must
    // not decide it.
    const wrong: number[] = [];
    const unknown: number[] = [];
    let messages: string[] = [];
    for (let i = 0; i < 5; i++) {
      const a = await time(customer.email, 'not-the-password-at-all');
      const b = await time(uniqueEmail('ghost'), 'not-the-password-at-all');
      wrong.push(a.ms);
      unknown.push(b.ms);
      messages = [a.message, b.message];
    }
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[2]!;
    expect(messages[1]).toBe(messages[0]);
    // Both paths run one argon2id verification; neither answers without one.
    expect(median(unknown)).toBeGreaterThan(median(wrong) / 4);
    expect(median(wrong)).toBeGreaterThan(median(unknown) / 4);
  });

  it('refuses a disabled account even with the right password', async () => {
    const customer = await app.customer();
    await app.deps.db.update(users).set({ status: 'disabled' }).where(eq(users.id, customer.id));
    await expectReason(
      app.caller().auth.login({ email: customer.email, password: TEST_PASSWORD, kind: 'customer' }),
      'FORBIDDEN',
      'ACCOUNT_DISABLED',
    );
    // …and the access token it already had stops working on the next request.
    await expectReason(customer.api.auth.me(), 'FORBIDDEN', 'ACCOUNT_DISABLED');
  });
});

describe('access tokens', () => {
  it('refuses a missing, tampered, expired or revoked token', async () => {
    const customer = await app.customer();
    await expectReason(app.caller().auth.me(), 'UNAUTHORIZED', 'UNAUTHENTICATED');

    const [head, body, signature] = customer.session.accessToken.split('.');
    const tamperedBody = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), kind: 'staff' }),
    ).toString('base64url');
    await expectReason(
      app.caller({ accessToken: `${head}.${tamperedBody}.${signature}` }).auth.me(),
      'UNAUTHORIZED',
      'TOKEN_INVALID',
    );
    await expectReason(app.caller({ accessToken: 'garbage' }).auth.me(), 'UNAUTHORIZED', 'TOKEN_INVALID');

    app.clock.advance(16 * 60 * 1000);
    await expectReason(customer.api.auth.me(), 'UNAUTHORIZED', 'TOKEN_EXPIRED');

    const fresh = await app.signIn(customer.email, 'customer');
    await fresh.api.auth.logout();
    await expectReason(fresh.api.auth.me(), 'UNAUTHORIZED', 'SESSION_REVOKED');
  });
});

describe('refresh tokens', () => {
  it('two tabs refreshing with the same token at once both stay signed in', async () => {
    const customer = await app.customer();
    const token = customer.session.refreshToken!;
    const [a, b] = await Promise.all([
      app.caller().auth.refresh({ refreshToken: token }),
      app.caller().auth.refresh({ refreshToken: token }),
    ]);
    expect(a.refreshToken).not.toBe(b.refreshToken);
    expect((await app.caller({ accessToken: a.accessToken }).auth.me()).id).toBe(customer.id);
    expect((await app.caller({ accessToken: b.accessToken }).auth.me()).id).toBe(customer.id);
    // Each tab goes on refreshing its own token.
    await app.caller().auth.refresh({ refreshToken: a.refreshToken! });
    await app.caller().auth.refresh({ refreshToken: b.refreshToken! });
    // The grace period is counted from the first rotation: later, the old token is theft again.
    app.clock.advance(REFRESH_REUSE_GRACE_MS);
    await expectReason(
      app.caller().auth.refresh({ refreshToken: token }),
      'UNAUTHORIZED',
      'REFRESH_TOKEN_REUSED',
    );
  });

  it('rotate on every use; a reused token revokes the whole family', async () => {
    const customer = await app.customer();
    const first = customer.session.refreshToken!;
    const second = await app.caller().auth.refresh({ refreshToken: first });
    expect(second.refreshToken).not.toBe(first);
    const third = await app.caller().auth.refresh({ refreshToken: second.refreshToken! });

    // The stolen first token comes back after the grace period: everything in its family ends.
    app.clock.advance(REFRESH_REUSE_GRACE_MS + 1_000);
    await expectReason(
      app.caller().auth.refresh({ refreshToken: first }),
      'UNAUTHORIZED',
      'REFRESH_TOKEN_REUSED',
    );
    await expectReason(
      app.caller().auth.refresh({ refreshToken: third.refreshToken! }),
      'UNAUTHORIZED',
      'SESSION_REVOKED',
    );
    await expectReason(
      app.caller({ accessToken: third.accessToken }).auth.me(),
      'UNAUTHORIZED',
      'SESSION_REVOKED',
    );

    // Other sign-ins of the same user are untouched.
    const other = await app.signIn(customer.email, 'customer');
    expect((await other.api.auth.me()).id).toBe(customer.id);
  });

  it('refuses an unknown or expired refresh token', async () => {
    await expectReason(
      app.caller().auth.refresh({ refreshToken: 'not-a-real-token' }),
      'UNAUTHORIZED',
      'TOKEN_INVALID',
    );
    await expectReason(app.caller().auth.refresh({}), 'UNAUTHORIZED', 'UNAUTHENTICATED');
    const customer = await app.customer();
    app.clock.advance(31 * 86_400_000);
    await expectReason(
      app.caller().auth.refresh({ refreshToken: customer.session.refreshToken! }),
      'UNAUTHORIZED',
      'TOKEN_EXPIRED',
    );
  });

  it('logoutEverywhere ends every session of the user', async () => {
    const customer = await app.customer();
    const other = await app.signIn(customer.email, 'customer');
    await customer.api.auth.logoutEverywhere();
    await expectReason(other.api.auth.me(), 'UNAUTHORIZED', 'SESSION_REVOKED');
    await expectReason(
      app.caller().auth.refresh({ refreshToken: other.session.refreshToken! }),
      'UNAUTHORIZED',
      'SESSION_REVOKED',
    );
  });
});

describe('changing the password', () => {
  it('needs the current password, keeps this session and ends the others', async () => {
    const customer = await app.customer();
    const other = await app.signIn(customer.email, 'customer');
    await expectReason(
      customer.api.auth.changePassword({
        currentPassword: 'wrong-password-here',
        newPassword: 'a-brand-new-passphrase',
      }),
      'BAD_REQUEST',
      'PASSWORD_INCORRECT',
    );
    await expectReason(
      customer.api.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'qwertyuiop' }),
      'BAD_REQUEST',
      'PASSWORD_TOO_COMMON',
    );
    await customer.api.auth.changePassword({
      currentPassword: TEST_PASSWORD,
      newPassword: 'a-brand-new-passphrase',
    });
    expect((await customer.api.auth.me()).id).toBe(customer.id);
    await expectReason(other.api.auth.me(), 'UNAUTHORIZED', 'SESSION_REVOKED');
    await app.signIn(customer.email, 'customer', 'a-brand-new-passphrase');
  });
});

describe('password reset', () => {
  it('answers the same for known and unknown emails, and mails only real accounts', async () => {
    const customer = await app.customer();
    const known = await app.caller().auth.requestPasswordReset({ email: customer.email, kind: 'customer' });
    const unknownEmail = uniqueEmail('nobody');
    const unknown = await app.caller().auth.requestPasswordReset({ email: unknownEmail, kind: 'customer' });
    expect(unknown).toEqual(known);
    const mails = await app.deps.db.select().from(mailOutbox).where(eq(mailOutbox.to, unknownEmail));
    expect(mails).toHaveLength(0);
    expect(await resetTokenFromMail(customer.email)).toBeTruthy();
    // The dispatcher delivers it (to the log transport here) and marks it sent.
    await app.deps.mailer.flush();
    const [sent] = await app.deps.db.select().from(mailOutbox).where(eq(mailOutbox.to, customer.email));
    expect(sent?.sentAt).toBeInstanceOf(Date);
  });

  it('sets a new password once, ends every session, and refuses the used token', async () => {
    const customer = await app.customer();
    await app.caller().auth.requestPasswordReset({ email: customer.email, kind: 'customer' });
    const token = await resetTokenFromMail(customer.email);
    const stored = await app.deps.db
      .select()
      .from(passwordResetTokens)
      .where(eq(passwordResetTokens.userId, customer.id));
    expect(stored[0]!.tokenHash).not.toBe(token);

    await expectReason(
      app.caller().auth.resetPassword({ token, newPassword: '1234567890' }),
      'BAD_REQUEST',
      'PASSWORD_TOO_COMMON',
    );
    await app.caller().auth.resetPassword({ token, newPassword: 'fresh-start-passphrase' });
    await expectReason(customer.api.auth.me(), 'UNAUTHORIZED', 'SESSION_REVOKED');
    const reused = await expectReason(
      app.caller().auth.resetPassword({ token, newPassword: 'another-fresh-passphrase' }),
      'BAD_REQUEST',
      'RESET_TOKEN_INVALID',
    );
    expect(reused.message).toMatch(/already been used/);
    await app.signIn(customer.email, 'customer', 'fresh-start-passphrase');
  });

  it('refuses an expired or wrong token and changes nothing', async () => {
    const customer = await app.customer();
    await app.caller().auth.requestPasswordReset({ email: customer.email, kind: 'customer' });
    const token = await resetTokenFromMail(customer.email);
    const [before] = await app.deps.db
      .select({ hash: users.passwordHash })
      .from(users)
      .where(eq(users.id, customer.id));

    const wrong = await expectReason(
      app.caller().auth.resetPassword({ token: `${token}x`, newPassword: 'fresh-start-passphrase' }),
      'BAD_REQUEST',
      'RESET_TOKEN_INVALID',
    );
    expect(wrong.message).toMatch(/not valid/);
    app.clock.advance(31 * 60 * 1000);
    const expired = await expectReason(
      app.caller().auth.resetPassword({ token, newPassword: 'fresh-start-passphrase' }),
      'BAD_REQUEST',
      'RESET_TOKEN_INVALID',
    );
    expect(expired.message).toMatch(/expired/);

    const [after] = await app.deps.db
      .select({ hash: users.passwordHash })
      .from(users)
      .where(eq(users.id, customer.id));
    expect(after!.hash).toBe(before!.hash);
    // The old password still works: nothing changed.
    const again = await app.signIn(customer.email, 'customer');
    expect((await again.api.auth.me()).id).toBe(customer.id);
  });
});

describe('profile', () => {
  it('lets a signed-in user change their name and language, and nothing else', async () => {
    const customer = await app.customer();
    const updated = await customer.api.auth.updateProfile({ name: 'Renamed', locale: 'zh-CN' });
    expect(updated).toMatchObject({ name: 'Renamed', locale: 'zh-CN', email: customer.email });
    await expectReason(
      customer.api.auth.updateProfile({ email: 'new@example.com' } as never),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
    expect((await customer.api.auth.me()).email).toBe(customer.email);
  });
});

describe('sessions are stored safely', () => {
  it('keeps only hashes of refresh tokens, with the client it was issued to', async () => {
    const customer = await app.customer();
    const rows = await app.deps.db.select().from(sessions).where(eq(sessions.userId, customer.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toBe(customer.session.refreshToken);
    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]).toMatchObject({ userAgent: 'vitest', ip: '203.0.113.7' });
  });
});
