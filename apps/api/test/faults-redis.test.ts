// Redis killed under load and started again empty (as CI's Redis keeps nothing on disk): while
// it is down, nothing answers 500 — the catalog and sign-in are served without it, carts and
// checkout say SERVICE_UNAVAILABLE with a reason — and once it is back, the job schedules come
// back by themselves and background work (here the outbox relay) runs again, with nothing lost.
// A Redis of the test's own; the Postgres project only (vitest.config.ts: the PGlite project runs without Redis).
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBackgroundWork } from '../src/background';
import { recordEvents } from '../src/infra/outbox';
import { createTestApp, type TestApp } from './harness';
import { eventually, type OwnService, ownRedis } from './own-services';

const delivered = new Set<string>();
let redis: OwnService;
let app: TestApp;

describe('Redis restarts', () => {
  beforeAll(async () => {
    redis = await ownRedis();
    app = await createTestApp({
      redisUrl: redis.url,
      eventHandlers: [
        {
          name: 'collector',
          events: ['fault.test'],
          handle: async (_tx, event) => {
            delivered.add(event.aggregateId);
          },
        },
      ],
    });
    await registerBackgroundWork(app.deps);
    await app.deps.jobs.start();
  });
  afterAll(async () => {
    await app?.cleanup();
    await redis?.remove();
  });

  async function happened(): Promise<string> {
    const id = crypto.randomUUID();
    await app.deps.db.transaction((tx) =>
      recordEvents(tx, {
        type: 'fault.test',
        aggregateType: 'test',
        aggregateId: id,
        payload: {},
        occurredAt: new Date(),
      }),
    );
    return id;
  }

  it('serves what it safely can while Redis is down, says SERVICE_UNAVAILABLE for the rest, and recovers by itself', {
    timeout: 300_000,
  }, async () => {
    const customer = await app.customer();
    const first = await happened();
    await eventually(() => expect(delivered.has(first)).toBe(true));

    // Load: a guest browsing, a customer with a cart, sign-ins, all the time.
    const outcomes = new Map<string, number>();
    const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    const note = (what: string) => async (promise: Promise<unknown>) => {
      try {
        await promise;
        count(`${what} ok`);
      } catch (error) {
        const code = error instanceof TRPCError ? error.code : 'NOT_TRPC';
        const reason =
          error instanceof TRPCError ? ((error.cause as { reason?: string })?.reason ?? '') : String(error);
        count(`${what} ${code} ${reason}`);
      }
    };
    let loading = true;
    const loop = (what: string, call: () => Promise<unknown>) =>
      (async () => {
        while (loading) await note(what)(call());
      })();
    const load = Promise.all([
      ...Array.from({ length: 4 }, () => loop('catalog', () => app.caller().shop.products({}))),
      ...Array.from({ length: 4 }, () => loop('cart', () => customer.api.cart.get({}))),
      loop('sign-in', () =>
        app.caller().auth.login({
          email: customer.email,
          password: customer.password,
          kind: 'customer',
          transport: 'body',
        }),
      ),
    ]);

    await redis.kill();
    const downAt = Date.now();
    // While it is down: a second of answers.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const whileDown = await happened(); // recorded in Postgres: nothing is lost
    await expectDownAnswers(customer);
    await redis.start();
    const upAt = Date.now();

    // The schedules come back by themselves, and the event recorded while Redis was down is delivered.
    await eventually(() => expect(delivered.has(whileDown)).toBe(true), 120_000);
    const recovered = Date.now();
    const after = await happened();
    await eventually(() => expect(delivered.has(after)).toBe(true), 60_000);
    loading = false;
    await load;

    console.info(
      `Redis fault: down ${upAt - downAt} ms; background work back ${recovered - upAt} ms after Redis; outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`,
    );
    const failures = [...outcomes.keys()].filter((k) => / (INTERNAL_SERVER_ERROR|NOT_TRPC)/.test(k));
    expect(failures).toEqual([]);
    // Browsing and signing in never stopped; the cart said why it could not answer.
    expect([...outcomes.keys()].filter((k) => k.startsWith('catalog ') && k !== 'catalog ok')).toEqual([]);
    expect([...outcomes.keys()].filter((k) => k.startsWith('sign-in ') && k !== 'sign-in ok')).toEqual([]);
    // Working again.
    expect((await customer.api.cart.get({})).lines).toEqual([]);
  });

  async function expectDownAnswers(customer: Awaited<ReturnType<TestApp['customer']>>) {
    await expect(customer.api.cart.get({})).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      cause: { reason: 'CACHE_UNAVAILABLE' },
    });
    expect((await app.caller().shop.products({})).items).toBeDefined();
  }
});
