// The outbox relay: events written with a change reach every subscribed handler, a handler's
// effects count once however often it is delivered, failures retry with backoff and end as dead
// letters that staff can see and retry.
import { resultRows, type Tx } from '@crossdock/db/client';
import { eventDeliveries, outbox } from '@crossdock/db/schema';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliveryRetryDelayMs, type EventHandler, MAX_DELIVERY_ATTEMPTS } from '../src/infra/event-relay';
import { recordEvents } from '../src/infra/outbox';
import { expectReason } from './errors';
import { createTestApp, type TestApp } from './harness';

let app: TestApp;
/** How many times the flaky handler should still fail before it works. */
let failuresLeft = 0;

const effect = (handler: string) => async (tx: Tx, event: { id: string }) => {
  await tx.execute(sql`insert into relay_effects (handler, event_id) values (${handler}, ${event.id})`);
};

const handlers: EventHandler[] = [
  { name: 'mailer', events: ['order.placed', 'order.cancelled'], handle: effect('mailer') },
  { name: 'stats', events: ['order.placed'], handle: effect('stats') },
  {
    name: 'flaky',
    events: ['parcel.lost'],
    async handle(tx, event) {
      // Writes first, then fails: the write must not survive the failed attempt.
      await effect('flaky')(tx, event);
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('carrier API timed out');
      }
    },
  },
];

beforeAll(async () => {
  app = await createTestApp({ eventHandlers: handlers });
  await app.deps.db.execute(sql`create table relay_effects (handler text not null, event_id uuid not null)`);
});
afterAll(async () => {
  await app?.cleanup();
});
beforeEach(async () => {
  failuresLeft = 0;
  await app.deps.db.execute(sql`truncate relay_effects`);
  await app.deps.db.delete(outbox);
});

const record = (type: string, aggregateId = crypto.randomUUID()) =>
  app.deps.db.transaction((tx) =>
    recordEvents(tx, {
      type,
      aggregateType: 'order',
      aggregateId,
      payload: { aggregateId },
      occurredAt: new Date(),
    }),
  );

async function effects(handler?: string) {
  const result = await app.deps.db.execute(
    handler
      ? sql`select handler, event_id from relay_effects where handler = ${handler}`
      : sql`select handler, event_id from relay_effects`,
  );
  return resultRows<{ handler: string; event_id: string }>(result);
}

describe('event relay', () => {
  it('delivers each event once to every handler that subscribes to its type', async () => {
    await record('order.placed');
    await record('order.cancelled');
    await record('customer.registered'); // nobody listens

    const run = await app.deps.events.runOnce();
    expect(run).toEqual({ fannedOut: 3, delivered: 3, failed: 0 });
    expect((await effects('mailer')).length).toBe(2);
    expect((await effects('stats')).length).toBe(1);
    expect(await app.deps.db.select().from(outbox).where(sql`${outbox.publishedAt} is null`)).toEqual([]);

    // Running again finds nothing to do and repeats no effect.
    expect(await app.deps.events.runOnce()).toEqual({ fannedOut: 0, delivered: 0, failed: 0 });
    expect((await effects()).length).toBe(3);
  });

  it('never delivers an event whose transaction rolled back', async () => {
    await expect(
      app.deps.db.transaction(async (tx) => {
        await recordEvents(tx, {
          type: 'order.placed',
          aggregateType: 'order',
          aggregateId: 'x',
          payload: {},
          occurredAt: new Date(),
        });
        throw new Error('the use case failed after writing its event');
      }),
    ).rejects.toThrow(/use case failed/);
    expect(await app.deps.events.runOnce()).toEqual({ fannedOut: 0, delivered: 0, failed: 0 });
  });

  it('retries a failing handler with backoff and keeps none of its failed attempts', async () => {
    failuresLeft = 2;
    await record('parcel.lost');
    expect(await app.deps.events.runOnce()).toMatchObject({ delivered: 0, failed: 1 });
    // Not due yet: nothing runs until the backoff has passed.
    expect(await app.deps.events.runOnce()).toMatchObject({ delivered: 0, failed: 0 });
    app.clock.advance(deliveryRetryDelayMs(1));
    expect(await app.deps.events.runOnce()).toMatchObject({ failed: 1 });
    app.clock.advance(deliveryRetryDelayMs(2));
    expect(await app.deps.events.runOnce()).toMatchObject({ delivered: 1, failed: 0 });

    expect((await effects('flaky')).length).toBe(1);
    const [delivery] = await app.deps.db
      .select()
      .from(eventDeliveries)
      .where(eq(eventDeliveries.handler, 'flaky'));
    expect(delivery).toMatchObject({ status: 'done', attempts: 3, lastError: null });
  });

  it('ends in a dead letter that staff see and can retry', async () => {
    failuresLeft = Number.POSITIVE_INFINITY;
    await record('parcel.lost');
    for (let attempt = 1; attempt <= MAX_DELIVERY_ATTEMPTS; attempt++) {
      expect(await app.deps.events.runOnce()).toMatchObject({ failed: 1 });
      app.clock.advance(deliveryRetryDelayMs(attempt));
    }
    expect(await app.deps.events.runOnce()).toMatchObject({ failed: 0, delivered: 0 });

    const { api: admin } = await app.staff(['Administrator']);
    expect(await admin.system.events.summary()).toMatchObject({ dead: 1, unrelayed: 0 });
    const page = await admin.system.events.deliveries({});
    expect(page.items).toHaveLength(1);
    const dead = page.items[0]!;
    expect(dead).toMatchObject({
      handler: 'flaky',
      status: 'dead',
      attempts: MAX_DELIVERY_ATTEMPTS,
      lastError: 'carrier API timed out',
      event: { type: 'parcel.lost' },
    });
    expect((await effects('flaky')).length).toBe(0);

    // A viewer may look but not retry.
    const { api: viewer } = await app.staff(['Operations']);
    await viewer.system.events.deliveries({});
    await expectReason(viewer.system.events.retry({ id: dead.id }), 'FORBIDDEN', 'PERMISSION_DENIED');

    failuresLeft = 0; // the carrier is back
    await admin.system.events.retry({ id: dead.id });
    expect(await app.deps.events.runOnce()).toMatchObject({ delivered: 1 });
    expect((await effects('flaky')).length).toBe(1);
    expect(await admin.system.events.summary()).toMatchObject({ dead: 0 });
    await expectReason(
      admin.system.events.retry({ id: dead.id }),
      'PRECONDITION_FAILED',
      'DELIVERY_NOT_FAILED',
    );
    await expectReason(admin.system.events.retry({ id: crypto.randomUUID() }), 'NOT_FOUND', 'NOT_FOUND');
    const audit = await admin.audit.list({ action: 'event_delivery.retry' });
    expect(audit.items.map((e) => e.entityId)).toEqual([dead.id]);
  });

  it('shares the work between relays running at once without delivering anything twice', async () => {
    for (let i = 0; i < 40; i++) await record('order.placed');
    const runs = await Promise.all([1, 2, 3, 4].map(() => app.deps.events.runOnce()));
    expect(runs.reduce((n, r) => n + r.fannedOut, 0)).toBe(40);
    expect(runs.reduce((n, r) => n + r.delivered, 0)).toBe(80);
    const rows = await effects();
    expect(rows.length).toBe(80);
    expect(new Set(rows.map((r) => `${r.handler}:${r.event_id}`)).size).toBe(80);
  });
});
