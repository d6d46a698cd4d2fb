// Rate limits on the endpoints attackers hammer (login, registration, password reset), per IP
// and per account. On Redis when configured, so every API process shares the counters; in
// memory otherwise (single machine).

import { DomainError } from '@crossdock/domain/errors';
import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';

export interface LimitRule {
  points: number;
  durationSeconds: number;
}

export const defaultLimitRules = {
  loginPerIp: { points: 100, durationSeconds: 15 * 60 },
  /**
   * Consecutive failed logins for one account from one address. Counted per account *and*
   * source, as OWASP's authentication guidance advises: a per-account lock would let anyone
   * lock anyone out, the owner with the right password included.
   */
  loginFailuresPerAccountAndIp: { points: 10, durationSeconds: 15 * 60 },
  /** Failed logins from one address across accounts in a day: slows password spraying. */
  loginFailuresPerIpDaily: { points: 100, durationSeconds: 24 * 3600 },
  registerPerIp: { points: 20, durationSeconds: 60 * 60 },
  resetPerIp: { points: 20, durationSeconds: 60 * 60 },
  resetPerAccount: { points: 5, durationSeconds: 60 * 60 },
} satisfies Record<string, LimitRule>;

export type LimitName = keyof typeof defaultLimitRules;
export type LimitRules = Record<LimitName, LimitRule>;

export interface RateLimits {
  /** Counts one attempt; throws RATE_LIMITED once the rule's budget is spent. */
  consume(name: LimitName, key: string): Promise<void>;
  /** Throws RATE_LIMITED if the budget is already spent, without counting. */
  check(name: LimitName, key: string): Promise<void>;
  reset(name: LimitName, key: string): Promise<void>;
}

function limited(res: RateLimiterRes): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new DomainError('RATE_LIMITED', `Too many attempts. Try again in ${retryAfterSeconds} seconds.`, {
    retryAfterSeconds,
  });
}

export function createRateLimits(redis: Redis | null, rules: LimitRules = defaultLimitRules): RateLimits {
  const limiters = new Map<LimitName, RateLimiterAbstract>();
  for (const [name, rule] of Object.entries(rules) as [LimitName, LimitRule][]) {
    const options = { keyPrefix: `rl:${name}`, points: rule.points, duration: rule.durationSeconds };
    limiters.set(
      name,
      redis
        ? new RateLimiterRedis({
            ...options,
            storeClient: redis,
            // While Redis is down, each process counts for itself: sign-in keeps working and
            // stays limited (per process) instead of failing.
            insuranceLimiter: new RateLimiterMemory(options),
          })
        : new RateLimiterMemory(options),
    );
  }
  const limiter = (name: LimitName) => limiters.get(name)!;

  return {
    async consume(name, key) {
      try {
        await limiter(name).consume(key);
      } catch (error) {
        if (error instanceof RateLimiterRes) throw limited(error);
        throw error;
      }
    },
    async check(name, key) {
      const res = await limiter(name).get(key);
      if (res && res.remainingPoints <= 0 && res.consumedPoints >= rules[name].points) throw limited(res);
    },
    async reset(name, key) {
      await limiter(name).delete(key);
    },
  };
}
