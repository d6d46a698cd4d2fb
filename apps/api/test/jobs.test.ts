// Background jobs behave the same on BullMQ (the Postgres project, with Redis) and in-process
// (the PGlite project): jobs wait for a worker, run, retry after a failure, repeat on a schedule,
// and the registered background work delivers outbox events on its own.
import { resultRows } from '@crossdock/db/client';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerBackgroundWork } from '../src/background';
import { recordEvents } from '../src/infra/outbox';
import { createTestApp, type TestApp } from './harness';

let app: TestApp;
const delivered: string[] = [];

beforeAll(async () => {
  app = await createTestApp({
    eventHandlers: [
      {
        name: 'collector',
        events: ['test.happened'],
        handle: async (_tx, event) => {
          delivered.push(event.aggregateId);
        },
      },
    ],
  });
});
afterAll(async () => {
  await app?.cleanup();
});

const waitFor = (check: () => void) => vi.waitFor(check, { timeout: 15_000, interval: 50 });

describe('background jobs', () => {
  it('runs in the mode the configuration asks for', () => {
    expect(app.deps.jobs.mode).toBe(app.driver === 'postgres' ? 'bullmq' : 'in-process');
  });

  it('holds jobs until a worker starts, then runs each with its data; retries a failure', async () => {
    const seen: unknown[] = [];
    let failOnce = true;
    app.deps.jobs.define('test.echo', async (data) => {
      seen.push(data);
    });
    app.deps.jobs.define('test.flaky', async (data) => {
      if (failOnce) {
        failOnce = false;
        throw new Error('first attempt fails');
      }
      seen.push(data);
    });
    app.deps.jobs.define('test.tick', async () => {
      seen.push('tick');
    });
    await app.deps.jobs.enqueue('test.echo', { n: 1 });
    await app.deps.jobs.enqueue('test.flaky', { n: 2 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).toEqual([]);

    await registerBackgroundWork(app.deps);
    await app.deps.jobs.every('test.tick', 100);
    await app.deps.jobs.start();
    await waitFor(() => expect(seen).toContainEqual({ n: 1 }));
    // The flaky job's retry comes after its backoff (1 s).
    await waitFor(() => expect(seen).toContainEqual({ n: 2 }));
    expect(seen.filter((s) => typeof s === 'object' && (s as { n: number }).n === 2)).toHaveLength(1);
    await waitFor(() => expect(seen.filter((s) => s === 'tick').length).toBeGreaterThanOrEqual(3));
  });

  it('relays outbox events on the schedule, without anyone calling the relay', async () => {
    const id = crypto.randomUUID();
    await app.deps.db.transaction((tx) =>
      recordEvents(tx, {
        type: 'test.happened',
        aggregateType: 'test',
        aggregateId: id,
        payload: {},
        occurredAt: new Date(),
      }),
    );
    await waitFor(() => expect(delivered).toEqual([id]));
    // The handler runs inside the delivery's transaction: the delivery is marked done when that
    // transaction commits, a moment after the handler itself has run.
    await vi.waitFor(
      async () => {
        const [row] = resultRows<{ n: number }>(
          await app.deps.db.execute(
            sql`select count(*)::int as n from event_deliveries where status = 'done'`,
          ),
        );
        expect(row).toEqual({ n: 1 });
      },
      { timeout: 15_000, interval: 50 },
    );
  });
});
