// A dependency that is down is the client's SERVICE_UNAVAILABLE with a reason, never a 500:
// Redis unreachable (ioredis gave up on a command, or Redis is loading, read-only or full) is
// CACHE_UNAVAILABLE; Postgres unreachable, restarting, out of connections, or a statement or
// lock that ran past its timeout is DATABASE_UNAVAILABLE. Errors are recognised through the
// wrapping Drizzle and tRPC add (`cause` chains).
import { DomainError } from '@crossdock/domain/errors';

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  cause?: unknown;
}

/** Node's network errors and postgres.js's own connection errors. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/** SQLSTATEs that mean "the database cannot serve this now; try again". */
function databaseUnavailable(code: string): boolean {
  return (
    code.startsWith('08') || // connection exception
    code.startsWith('57P') || // admin shutdown, crash shutdown, cannot connect now
    code === '53300' || // too many connections
    code === '57014' || // statement timeout (query canceled)
    code === '55P03' || // lock timeout
    code === '40P01' || // deadlock detected: one of the two is rolled back, a retry succeeds
    code === '25P03' // idle in transaction timeout
  );
}

function redisUnavailable(error: ErrorLike): boolean {
  if (error.name === 'MaxRetriesPerRequestError') return true;
  if (error.message === 'Connection is closed.') return true;
  return (
    error.name === 'ReplyError' && /^(LOADING|READONLY|MASTERDOWN|OOM|CLUSTERDOWN)/.test(error.message ?? '')
  );
}

export function dependencyErrorFor(error: unknown): DomainError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth += 1) {
    const candidate = current as ErrorLike;
    if (redisUnavailable(candidate)) {
      return new DomainError(
        'CACHE_UNAVAILABLE',
        'Part of the service is briefly unavailable; please try again in a moment',
      );
    }
    const code = candidate.code;
    if (
      typeof code === 'string' &&
      (CONNECTION_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && databaseUnavailable(code)))
    ) {
      return new DomainError(
        'DATABASE_UNAVAILABLE',
        'The service is briefly unavailable; please try again in a moment',
      );
    }
    current = candidate.cause;
  }
  return null;
}
