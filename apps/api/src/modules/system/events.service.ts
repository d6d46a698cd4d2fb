// What staff see of the event relay: deliveries by status (the dead letters first of all) and
// a retry that puts a dead delivery back in line with a fresh set of attempts.
import { eventDeliveries, outbox } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import type { DeliveryStatus } from '@crossdock/domain/system';
import { and, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { afterCursor, toPage } from '../../infra/cursor';
import { type Actor, writeAudit } from '../identity/audit';

export async function deliverySummary(deps: AppDeps) {
  const rows = await deps.db
    .select({ status: eventDeliveries.status, count: sql<number>`count(*)::int` })
    .from(eventDeliveries)
    .groupBy(eventDeliveries.status);
  const [unrelayed] = await deps.db
    .select({ count: sql<number>`count(*)::int` })
    .from(outbox)
    .where(sql`${outbox.publishedAt} is null`);
  const by = new Map(rows.map((r) => [r.status, r.count]));
  return {
    unrelayed: unrelayed?.count ?? 0,
    pending: by.get('pending') ?? 0,
    done: by.get('done') ?? 0,
    dead: by.get('dead') ?? 0,
  };
}

export async function listDeliveries(
  deps: AppDeps,
  input: { limit: number; cursor?: string; status: DeliveryStatus; handler?: string },
) {
  const rows = await deps.db
    .select({
      id: eventDeliveries.id,
      handler: eventDeliveries.handler,
      status: eventDeliveries.status,
      attempts: eventDeliveries.attempts,
      nextAttemptAt: eventDeliveries.nextAttemptAt,
      lastError: eventDeliveries.lastError,
      processedAt: eventDeliveries.processedAt,
      createdAt: eventDeliveries.createdAt,
      event: {
        id: outbox.id,
        type: outbox.type,
        aggregateType: outbox.aggregateType,
        aggregateId: outbox.aggregateId,
        payload: outbox.payload,
        occurredAt: outbox.occurredAt,
      },
    })
    .from(eventDeliveries)
    .innerJoin(outbox, eq(outbox.id, eventDeliveries.eventId))
    .where(
      and(
        eq(eventDeliveries.status, input.status),
        input.handler ? eq(eventDeliveries.handler, input.handler) : undefined,
        afterCursor(input.cursor, eventDeliveries.createdAt, eventDeliveries.id, 'desc'),
      ),
    )
    .orderBy(sql`${eventDeliveries.createdAt} desc, ${eventDeliveries.id} desc`)
    .limit(input.limit + 1);
  return toPage(rows, input.limit);
}

export async function retryDelivery(deps: AppDeps, actor: Actor, input: { id: string }) {
  const retried = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(eventDeliveries)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: deps.clock.now() })
      .where(and(eq(eventDeliveries.id, input.id), eq(eventDeliveries.status, 'dead')))
      .returning({
        id: eventDeliveries.id,
        handler: eventDeliveries.handler,
        eventId: eventDeliveries.eventId,
      });
    if (!row) {
      const [exists] = await tx
        .select({ status: eventDeliveries.status })
        .from(eventDeliveries)
        .where(eq(eventDeliveries.id, input.id));
      if (!exists) throw new DomainError('NOT_FOUND', 'There is no such event delivery');
      throw new DomainError(
        'DELIVERY_NOT_FAILED',
        `Only a failed delivery can be retried; this one is ${exists.status === 'done' ? 'done' : 'still pending'}`,
      );
    }
    await writeAudit(tx, actor, {
      action: 'event_delivery.retry',
      entityType: 'event_delivery',
      entityId: row.id,
      after: { handler: row.handler, eventId: row.eventId },
    });
    return row;
  });
  // Run it now rather than at the next relay tick.
  await deps.jobs.enqueue('events.relay');
  return retried;
}
