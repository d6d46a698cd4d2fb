// Delivers outbox events to their handlers, at least once, each handler exactly once in effect.
//
// 1. Fan-out: new outbox rows become one `event_deliveries` row per subscribed handler, and the
//    event is marked published, in one transaction.
// 2. Dispatch: a due delivery is locked (skip locked, so several processes share the work), its
//    handler runs inside a savepoint of the same transaction, and the delivery is marked done
//    before commit: the handler's database effects and its "processed" mark commit together,
//    so a redelivery after a crash finds it done. A failure rolls back the savepoint only,
//    and the delivery waits with exponential backoff; after MAX attempts it is dead, where staff
//    see it and can retry it. Handlers with effects outside the database (a mail, a provider
//    call) must make those idempotent by event id themselves.
import type { Db, Tx } from '@crossdock/db/client';
import { eventDeliveries, outbox } from '@crossdock/db/schema';
import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { Clock } from './clock';
import type { Logger } from './logger';

export interface StoredEvent {
  id: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

export interface EventHandler {
  /** Stable: stored with each delivery. Renaming a handler orphans its pending deliveries. */
  name: string;
  /** The event types it subscribes to. */
  events: readonly string[];
  handle(tx: Tx, event: StoredEvent): Promise<void>;
}

export const MAX_DELIVERY_ATTEMPTS = 8;
const FAN_OUT_BATCH = 200;

/** Wait after the n-th failed attempt: 2 s, 4 s, 8 s… capped at one hour. */
export function deliveryRetryDelayMs(attempts: number): number {
  return Math.min(2000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export interface RelayRun {
  fannedOut: number;
  delivered: number;
  failed: number;
}

export interface EventRelay {
  /** One pass: fan out what is new, then run every delivery that is due now. */
  runOnce(): Promise<RelayRun>;
}

export function createEventRelay(
  db: Db,
  handlers: readonly EventHandler[],
  { clock, logger }: { clock: Clock; logger: Logger },
): EventRelay {
  const byName = new Map(handlers.map((h) => [h.name, h]));
  if (byName.size !== handlers.length) throw new Error('Two event handlers share a name');
  const subscribers = new Map<string, string[]>();
  for (const handler of handlers) {
    for (const type of handler.events)
      subscribers.set(type, [...(subscribers.get(type) ?? []), handler.name]);
  }

  async function fanOut(): Promise<number> {
    return db.transaction(async (tx) => {
      const events = await tx
        .select({ id: outbox.id, type: outbox.type })
        .from(outbox)
        .where(isNull(outbox.publishedAt))
        .orderBy(asc(outbox.occurredAt))
        .limit(FAN_OUT_BATCH)
        .for('update', { skipLocked: true });
      if (events.length === 0) return 0;
      const now = clock.now();
      const rows = events.flatMap((event) =>
        (subscribers.get(event.type) ?? []).map((handler) => ({
          eventId: event.id,
          handler,
          nextAttemptAt: now,
        })),
      );
      if (rows.length) await tx.insert(eventDeliveries).values(rows).onConflictDoNothing();
      await tx
        .update(outbox)
        .set({ publishedAt: now })
        .where(
          inArray(
            outbox.id,
            events.map((e) => e.id),
          ),
        );
      return events.length;
    });
  }

  /** Runs the next due delivery; false when none is due. */
  async function deliverOne(run: RelayRun): Promise<boolean> {
    return db.transaction(async (tx) => {
      const now = clock.now();
      const [due] = await tx
        .select({ delivery: eventDeliveries, event: outbox })
        .from(eventDeliveries)
        .innerJoin(outbox, eq(outbox.id, eventDeliveries.eventId))
        .where(and(eq(eventDeliveries.status, 'pending'), lte(eventDeliveries.nextAttemptAt, now)))
        .orderBy(asc(eventDeliveries.nextAttemptAt))
        .limit(1)
        .for('update', { of: eventDeliveries, skipLocked: true });
      if (!due) return false;
      const { delivery, event } = due;
      const key = eq(eventDeliveries.id, delivery.id);
      const attempts = delivery.attempts + 1;
      const handler = byName.get(delivery.handler);
      try {
        if (!handler) throw new Error(`No handler is registered as "${delivery.handler}"`);
        await tx.transaction((inner) => handler.handle(inner, event as StoredEvent));
        await tx
          .update(eventDeliveries)
          .set({ status: 'done', attempts, processedAt: now, lastError: null })
          .where(key);
        run.delivered += 1;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const dead = attempts >= MAX_DELIVERY_ATTEMPTS;
        logger.warn(
          { err: error, handler: delivery.handler, eventId: event.id, eventType: event.type, attempts, dead },
          dead ? 'event delivery failed for the last time' : 'event delivery failed; will retry',
        );
        await tx
          .update(eventDeliveries)
          .set({
            status: dead ? 'dead' : 'pending',
            attempts,
            lastError: message.slice(0, 2000),
            nextAttemptAt: new Date(now.getTime() + deliveryRetryDelayMs(attempts)),
          })
          .where(key);
        run.failed += 1;
      }
      return true;
    });
  }

  return {
    async runOnce() {
      const run: RelayRun = { fannedOut: 0, delivered: 0, failed: 0 };
      for (;;) {
        const n = await fanOut();
        run.fannedOut += n;
        if (n < FAN_OUT_BATCH) break;
      }
      while (await deliverOne(run)) {}
      return run;
    },
  };
}
