// Authentication use cases: register, sign in, refresh with rotation and reuse detection,
// sign out, password change and reset. Each state change is one transaction.

import type { Executor } from '@crossdock/db/client';
import { passwordResetTokens, roles, sessions, userRoles, users } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import type { Locale, UserKind } from '@crossdock/domain/identity';
import { and, eq, inArray, isNull, ne, type SQL, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { recordEvents } from '../../infra/outbox';
import {
  assertStrongPassword,
  hashPassword,
  verifyAgainstDummy,
  verifyPassword,
} from '../../infra/passwords';
import { hashToken, randomToken } from '../../infra/tokens';
import type { Principal } from './principal';

export const RESET_TOKEN_TTL_MS = 30 * 60 * 1000;

/** Facts about the client a session is opened from. */
export interface ClientFacts {
  ip: string | null;
  userAgent: string | null;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  kind: UserKind;
  locale: Locale;
}

export interface IssuedSession {
  user: SessionUser;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

const sessionUserColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  kind: users.kind,
  locale: users.locale,
};

async function openSession(
  deps: AppDeps,
  tx: Executor,
  user: SessionUser,
  client: ClientFacts,
  familyId: string = crypto.randomUUID(),
): Promise<IssuedSession> {
  const refreshToken = randomToken();
  const refreshTokenExpiresAt = new Date(
    deps.clock.now().getTime() + deps.config.refreshTokenTtlDays * 86_400_000,
  );
  await tx.insert(sessions).values({
    userId: user.id,
    familyId,
    tokenHash: hashToken(refreshToken),
    expiresAt: refreshTokenExpiresAt,
    userAgent: client.userAgent?.slice(0, 500) ?? null,
    ip: client.ip,
  });
  const access = await deps.tokens.signAccess({ userId: user.id, kind: user.kind, sessionId: familyId });
  return {
    user,
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt,
    refreshToken,
    refreshTokenExpiresAt,
  };
}

async function revokeFamilies(tx: Executor, where: SQL | undefined, reason: string, at: Date) {
  await tx
    .update(sessions)
    .set({ revokedAt: at, revokedReason: reason })
    .where(and(where, isNull(sessions.revokedAt)));
}

export async function register(
  deps: AppDeps,
  client: ClientFacts,
  input: { email: string; password: string; name: string; locale: Locale },
): Promise<IssuedSession> {
  await deps.rateLimits.consume('registerPerIp', client.ip ?? 'unknown');
  assertStrongPassword(input.password, input);
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({
        email: input.email,
        name: input.name,
        locale: input.locale,
        kind: 'customer',
        passwordHash,
        createdAt: deps.clock.now(),
      })
      .returning(sessionUserColumns);
    if (!user) throw new Error('insert returned no row');
    await recordEvents(tx, {
      type: 'customer.registered',
      aggregateType: 'user',
      aggregateId: user.id,
      payload: { userId: user.id, locale: user.locale },
      occurredAt: deps.clock.now(),
    });
    return openSession(deps, tx, user, client);
  });
}

const invalidCredentials = () =>
  new DomainError('INVALID_CREDENTIALS', 'The email or password is not correct');

export async function login(
  deps: AppDeps,
  client: ClientFacts,
  input: { email: string; password: string; kind: UserKind },
): Promise<IssuedSession> {
  const source = client.ip ?? 'unknown';
  const accountAndSource = `${input.email}|${source}`;
  await deps.rateLimits.consume('loginPerIp', source);
  await Promise.all([
    deps.rateLimits.check('loginFailuresPerAccountAndIp', accountAndSource),
    deps.rateLimits.check('loginFailuresPerIpDaily', source),
  ]);

  const [user] = await deps.db
    .select({ ...sessionUserColumns, passwordHash: users.passwordHash, status: users.status })
    .from(users)
    .where(sql`lower(${users.email}) = ${input.email}`);

  // Unknown email, wrong kind and wrong password answer alike and take about as long.
  const matches =
    user && user.kind === input.kind
      ? await verifyPassword(user.passwordHash, input.password)
      : await verifyAgainstDummy(input.password);
  if (!user || !matches) {
    const count = (name: 'loginFailuresPerAccountAndIp' | 'loginFailuresPerIpDaily', key: string) =>
      deps.rateLimits.consume(name, key).catch((error: unknown) => {
        if (!(error instanceof DomainError)) throw error; // the next attempt reports the limit
      });
    await Promise.all([
      count('loginFailuresPerAccountAndIp', accountAndSource),
      count('loginFailuresPerIpDaily', source),
    ]);
    throw invalidCredentials();
  }
  if (user.status !== 'active') throw new DomainError('ACCOUNT_DISABLED', 'This account has been disabled');
  await deps.rateLimits.reset('loginFailuresPerAccountAndIp', accountAndSource);

  return deps.db.transaction(async (tx) => {
    await tx.update(users).set({ lastLoginAt: deps.clock.now() }).where(eq(users.id, user.id));
    const { passwordHash: _hash, status: _status, ...sessionUser } = user;
    return openSession(deps, tx, sessionUser, client);
  });
}

/**
 * How long a refresh token just rotated is still honoured. Two tabs that refresh at once send
 * the same token; the second must not look like theft and sign the customer out (OWASP and
 * Auth0 call this the reuse interval). Long enough for one round trip on a slow network.
 */
export const REFRESH_REUSE_GRACE_MS = 30_000;

/**
 * Exchanges a refresh token for a new pair. The presented token is marked rotated; presenting
 * a rotated token again after the grace period means someone else has a copy, so the whole
 * family is revoked. Within the grace period it gets a pair of its own in the same family.
 */
export async function refresh(
  deps: AppDeps,
  client: ClientFacts,
  refreshToken: string,
): Promise<IssuedSession> {
  const now = deps.clock.now();
  const outcome = await deps.db.transaction(async (tx) => {
    const [session] = await tx
      .select()
      .from(sessions)
      .where(eq(sessions.tokenHash, hashToken(refreshToken)))
      .for('update');
    if (!session) return { error: new DomainError('TOKEN_INVALID', 'The refresh token is not valid') };
    if (session.revokedAt)
      return { error: new DomainError('SESSION_REVOKED', 'This session has ended; sign in again') };
    const withinGrace =
      session.rotatedAt !== null && now.getTime() - session.rotatedAt.getTime() < REFRESH_REUSE_GRACE_MS;
    if (session.rotatedAt && !withinGrace) {
      await revokeFamilies(tx, eq(sessions.familyId, session.familyId), 'refresh_token_reused', now);
      return {
        error: new DomainError(
          'REFRESH_TOKEN_REUSED',
          'This refresh token was already used; the session has been ended for safety. Sign in again.',
        ),
      };
    }
    if (session.expiresAt <= now)
      return { error: new DomainError('TOKEN_EXPIRED', 'This session has expired; sign in again') };

    const [user] = await tx
      .select({ ...sessionUserColumns, status: users.status })
      .from(users)
      .where(eq(users.id, session.userId));
    if (user?.status !== 'active') {
      await revokeFamilies(tx, eq(sessions.familyId, session.familyId), 'account_disabled', now);
      return { error: new DomainError('ACCOUNT_DISABLED', 'This account has been disabled') };
    }
    // A token reused within the grace period keeps the time it was first rotated, so the
    // period is not extended by reusing it again.
    if (!session.rotatedAt)
      await tx.update(sessions).set({ rotatedAt: now }).where(eq(sessions.id, session.id));
    const { status: _status, ...sessionUser } = user;
    return { issued: await openSession(deps, tx, sessionUser, client, session.familyId) };
  });
  // The revocation above must commit, so the error is thrown only after the transaction.
  if ('error' in outcome) throw outcome.error;
  return outcome.issued;
}

/**
 * Ends the sessions the client identifies: the one its refresh token belongs to and the one
 * its access token belongs to (usually the same). Always succeeds, so signing out never fails.
 */
export async function logout(
  deps: AppDeps,
  refreshToken: string | undefined,
  accessFamilyId: string | undefined,
) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const families = new Set<string>(accessFamilyId ? [accessFamilyId] : []);
    if (refreshToken) {
      const [session] = await tx
        .select({ familyId: sessions.familyId })
        .from(sessions)
        .where(eq(sessions.tokenHash, hashToken(refreshToken)));
      if (session) families.add(session.familyId);
    }
    if (families.size > 0) await revokeFamilies(tx, inArray(sessions.familyId, [...families]), 'logout', now);
  });
}

export async function logoutEverywhere(deps: AppDeps, userId: string): Promise<void> {
  await revokeFamilies(deps.db, eq(sessions.userId, userId), 'logout_everywhere', deps.clock.now());
}

export async function me(deps: AppDeps, principal: Principal) {
  const [user] = await deps.db
    .select({ ...sessionUserColumns, createdAt: users.createdAt, lastLoginAt: users.lastLoginAt })
    .from(users)
    .where(eq(users.id, principal.id));
  const roleRows = await deps.db
    .select({ id: roles.id, name: roles.name })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(eq(userRoles.userId, principal.id))
    .orderBy(roles.name);
  if (!user) throw new DomainError('TOKEN_INVALID', 'The session token is not valid');
  return {
    ...user,
    isOwner: principal.isOwner,
    roles: roleRows,
    permissions: [...principal.permissions].sort(),
  };
}

export async function updateProfile(
  deps: AppDeps,
  principal: Principal,
  input: { name?: string; locale?: Locale },
) {
  const [user] = await deps.db
    .update(users)
    .set(input)
    .where(eq(users.id, principal.id))
    .returning(sessionUserColumns);
  return user!;
}

/** Changes the password; every other session of the user ends, the current one stays. */
export async function changePassword(
  deps: AppDeps,
  principal: Principal,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const [user] = await deps.db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, principal.id));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new DomainError('PASSWORD_INCORRECT', 'Your current password is not correct');
  }
  assertStrongPassword(input.newPassword, principal);
  const passwordHash = await hashPassword(input.newPassword);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, principal.id));
    await revokeFamilies(
      tx,
      and(eq(sessions.userId, principal.id), ne(sessions.familyId, principal.sessionId)),
      'password_changed',
      now,
    );
  });
}

/**
 * Sends a single-use reset link valid for 30 minutes, if the account exists and is active.
 * The answer is the same either way, so the endpoint does not reveal who has an account.
 */
export async function requestPasswordReset(
  deps: AppDeps,
  client: ClientFacts,
  input: { email: string; kind: UserKind },
): Promise<void> {
  await deps.rateLimits.consume('resetPerIp', client.ip ?? 'unknown');
  await deps.rateLimits.consume('resetPerAccount', input.email);
  const [user] = await deps.db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      status: users.status,
      kind: users.kind,
      locale: users.locale,
    })
    .from(users)
    .where(sql`lower(${users.email}) = ${input.email}`);
  if (user?.status !== 'active' || user.kind !== input.kind) return;

  const token = randomToken();
  await deps.db.transaction(async (tx) => {
    await tx.insert(passwordResetTokens).values({
      userId: user.id,
      tokenHash: hashToken(token),
      expiresAt: new Date(deps.clock.now().getTime() + RESET_TOKEN_TTL_MS),
    });
    await deps.mailer.enqueue(tx, resetMail(deps, user, token));
  });
  deps.mailer.flush().catch((error: unknown) => deps.logger.error({ err: error }, 'mail flush failed'));
}

function resetMail(
  deps: AppDeps,
  user: { email: string; name: string; locale: Locale; kind: UserKind },
  token: string,
) {
  const link = `${deps.config.storefrontUrl}/reset-password?token=${encodeURIComponent(token)}`;
  const where = user.kind === 'staff' ? 'paste this code into the desktop app' : 'open this link';
  if (user.locale === 'zh-CN') {
    return {
      to: user.email,
      template: 'password-reset',
      subject: '重置您的 Crossdock 密码',
      text: `${user.name}，您好：\n\n请在 30 分钟内${user.kind === 'staff' ? '将此代码粘贴到桌面应用中' : '打开此链接'}以重置密码：\n${user.kind === 'staff' ? token : link}\n\n如果不是您本人操作，请忽略此邮件。`,
    };
  }
  return {
    to: user.email,
    template: 'password-reset',
    subject: 'Reset your Crossdock password',
    text: `Hello ${user.name},\n\nTo choose a new password, ${where} within 30 minutes:\n${user.kind === 'staff' ? token : link}\n\nIf you did not ask for this, ignore this mail; your password stays as it is.`,
  };
}

/** Sets a new password from a reset token; the token is spent and every session ends. */
export async function resetPassword(
  deps: AppDeps,
  input: { token: string; newPassword: string },
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const [reset] = await tx
      .select()
      .from(passwordResetTokens)
      .where(eq(passwordResetTokens.tokenHash, hashToken(input.token)))
      .for('update');
    if (!reset)
      throw new DomainError('RESET_TOKEN_INVALID', 'This reset link is not valid; ask for a new one');
    if (reset.usedAt)
      throw new DomainError(
        'RESET_TOKEN_INVALID',
        'This reset link has already been used; ask for a new one',
      );
    if (reset.expiresAt <= now)
      throw new DomainError('RESET_TOKEN_INVALID', 'This reset link has expired; ask for a new one');

    const [user] = await tx
      .select({ email: users.email, name: users.name })
      .from(users)
      .where(eq(users.id, reset.userId));
    if (!user)
      throw new DomainError('RESET_TOKEN_INVALID', 'This reset link is not valid; ask for a new one');
    assertStrongPassword(input.newPassword, user);
    const passwordHash = await hashPassword(input.newPassword);

    await tx.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, reset.userId));
    // Spend this token and any other outstanding link for the account.
    await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.userId, reset.userId), isNull(passwordResetTokens.usedAt)));
    await revokeFamilies(tx, eq(sessions.userId, reset.userId), 'password_reset', now);
  });
}
