// The tRPC context. `createContextInner` needs no HTTP, so tests build a context from real
// deps and call `appRouter.createCaller(ctx)`; the HTTP adapter fills in the request facts.

import type { Locale } from '@crossdock/domain/messages';
import type { AppDeps } from './deps';
import type { CacheDependencies } from './infra/cache';
import type { Logger } from './infra/logger';

export interface CookieOptions {
  maxAgeSeconds: number;
  path: string;
}

/** What a procedure may know about, and do to, the HTTP exchange it runs in. */
export interface RequestInfo {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  /** The language messages are worded in (Accept-Language: the client's setting). */
  locale: Locale;
  /** The bearer access token, if one was sent. */
  accessToken: string | null;
  cookies: Readonly<Record<string, string | undefined>>;
  setCookie(name: string, value: string, options: CookieOptions): void;
  clearCookie(name: string, path: string): void;
  /** Set when the response may be kept by the HTTP response cache: cached reads report here. */
  cacheDependencies: CacheDependencies | null;
}

/** The logging a procedure does; satisfied by pino and by Fastify's request logger. */
export type RequestLog = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export interface Context {
  deps: AppDeps;
  req: RequestInfo;
  /** Every line carries the request id. */
  log: RequestLog;
}

export function createContextInner(deps: AppDeps, req: Partial<RequestInfo> = {}, log?: RequestLog): Context {
  const requestId = req.requestId ?? crypto.randomUUID();
  return {
    deps,
    req: {
      requestId,
      ip: req.ip ?? null,
      userAgent: req.userAgent ?? null,
      locale: req.locale ?? 'en',
      accessToken: req.accessToken ?? null,
      cookies: req.cookies ?? {},
      setCookie: req.setCookie ?? (() => {}),
      clearCookie: req.clearCookie ?? (() => {}),
      cacheDependencies: req.cacheDependencies ?? null,
    },
    log: log ?? deps.logger.child({ reqId: requestId }),
  };
}
