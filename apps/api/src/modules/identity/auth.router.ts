// Sign-up, sign-in and sessions for staff and customers. The storefront keeps its refresh
// token in an httpOnly cookie; the desktop app receives it in the body and stores it itself.

import { DomainError } from '@crossdock/domain/errors';
import {
  changePasswordInput,
  loginInput,
  logoutInput,
  refreshInput,
  registerInput,
  requestPasswordResetInput,
  resetPasswordInput,
  type TokenTransport,
  updateProfileInput,
} from '@crossdock/domain/identity';
import type { Context } from '../../context';
import { publicProcedure, router, userProcedure } from '../../trpc';
import * as auth from './auth.service';

export const REFRESH_COOKIE = 'cd_refresh';
const COOKIE_PATH = '/trpc';

const client = (ctx: Context): auth.ClientFacts => ({ ip: ctx.req.ip, userAgent: ctx.req.userAgent });

/** Hands the session to the client: refresh token in a cookie or in the body. */
function deliver(ctx: Context, session: auth.IssuedSession, transport: TokenTransport) {
  const { refreshToken, ...rest } = session;
  if (transport === 'cookie') {
    const maxAgeSeconds = Math.floor(
      (session.refreshTokenExpiresAt.getTime() - ctx.deps.clock.now().getTime()) / 1000,
    );
    ctx.req.setCookie(REFRESH_COOKIE, refreshToken, { maxAgeSeconds, path: COOKIE_PATH });
    return { ...rest, refreshToken: null };
  }
  return { ...rest, refreshToken };
}

export interface AuthRouterHooks {
  /**
   * After a customer signs in or signs up (the cart module brings their guest cart along). A
   * hook given by the composition root, so identity does not depend on the modules that react.
   */
  onCustomerSignIn(ctx: Context, customerId: string): Promise<void>;
}

export const createAuthRouter = (hooks: AuthRouterHooks) => {
  const signedIn = async (ctx: Context, session: auth.IssuedSession) => {
    if (session.user.kind === 'customer') await hooks.onCustomerSignIn(ctx, session.user.id);
  };
  return router({
    register: publicProcedure.input(registerInput).mutation(async ({ ctx, input }) => {
      const { transport, ...details } = input;
      const session = await auth.register(ctx.deps, client(ctx), details);
      await signedIn(ctx, session);
      return deliver(ctx, session, transport);
    }),

    login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
      const { transport, ...credentials } = input;
      const session = await auth.login(ctx.deps, client(ctx), credentials);
      await signedIn(ctx, session);
      return deliver(ctx, session, transport);
    }),

    /** Rotates the refresh token. From the body if given (desktop), else from the cookie. */
    refresh: publicProcedure.input(refreshInput).mutation(async ({ ctx, input }) => {
      const fromCookie = ctx.req.cookies[REFRESH_COOKIE];
      const token = input.refreshToken ?? fromCookie;
      if (!token) throw new DomainError('UNAUTHENTICATED', 'There is no session to refresh; sign in');
      try {
        return deliver(
          ctx,
          await auth.refresh(ctx.deps, client(ctx), token),
          input.refreshToken ? 'body' : 'cookie',
        );
      } catch (error) {
        if (!input.refreshToken) ctx.req.clearCookie(REFRESH_COOKIE, COOKIE_PATH);
        throw error;
      }
    }),

    /** Public, so a client whose access token has expired can still end its session. */
    logout: publicProcedure.input(logoutInput).mutation(async ({ ctx, input }) => {
      const token = input.refreshToken ?? ctx.req.cookies[REFRESH_COOKIE];
      let familyId: string | undefined;
      if (ctx.req.accessToken) {
        familyId = await ctx.deps.tokens
          .verifyAccess(ctx.req.accessToken)
          .then((claims) => claims.sessionId)
          .catch(() => undefined);
      }
      await auth.logout(ctx.deps, token, familyId);
      ctx.req.clearCookie(REFRESH_COOKIE, COOKIE_PATH);
      return { ok: true as const };
    }),

    logoutEverywhere: userProcedure.mutation(async ({ ctx }) => {
      await auth.logoutEverywhere(ctx.deps, ctx.user.id);
      ctx.req.clearCookie(REFRESH_COOKIE, COOKIE_PATH);
      return { ok: true as const };
    }),

    me: userProcedure.query(({ ctx }) => auth.me(ctx.deps, ctx.user)),

    updateProfile: userProcedure
      .input(updateProfileInput)
      .mutation(({ ctx, input }) => auth.updateProfile(ctx.deps, ctx.user, input)),

    changePassword: userProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
      await auth.changePassword(ctx.deps, ctx.user, input);
      return { ok: true as const };
    }),

    requestPasswordReset: publicProcedure
      .input(requestPasswordResetInput)
      .mutation(async ({ ctx, input }) => {
        await auth.requestPasswordReset(ctx.deps, client(ctx), input);
        return { ok: true as const };
      }),

    resetPassword: publicProcedure.input(resetPasswordInput).mutation(async ({ ctx, input }) => {
      await auth.resetPassword(ctx.deps, input);
      return { ok: true as const };
    }),
  });
};
