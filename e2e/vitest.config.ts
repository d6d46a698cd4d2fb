import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'e2e',
    include: ['src/**/*.e2e.test.ts'],
    globalSetup: ['src/build-apps.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // expect.poll waits on a condition; its 1 s default is too short for a browser on two
    // loaded cores. Generous, never a clock the test races.
    expect: { poll: { timeout: 20_000, interval: 100 } },
    // One browser and one stack per file; files run one after another to keep the 2-core machine calm.
    fileParallelism: false,
  },
});
