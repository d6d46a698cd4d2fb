// Time as a dependency, so tests can move it (token expiry, reset links) without waiting.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock tests can move forward. Like time, it never reads the same twice: each reading is a
 * millisecond after the one before, so what a test does in order is stamped in order.
 */
export function manualClock(start = new Date()): Clock & { advance(ms: number): void } {
  let current = start.getTime() - 1;
  return {
    now: () => {
      current += 1;
      return new Date(current);
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
