// Domain events go to the outbox table in the same transaction as the change they describe;
// the relay that delivers them to handlers reads the same table.
import { insertMany } from '@crossdock/db/bulk';
import type { Executor } from '@crossdock/db/client';
import { outbox } from '@crossdock/db/schema';

export interface DomainEvent {
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  /** The use case's time (its clock), not the database's: history and tests move the clock. */
  occurredAt: Date;
}

export async function recordEvents(tx: Executor, ...events: DomainEvent[]): Promise<void> {
  if (events.length > 0) await tx.insert(outbox).values(events);
}

/** Many events at once (an import's), in one statement. */
export async function recordManyEvents(tx: Executor, events: readonly DomainEvent[]): Promise<void> {
  await insertMany(tx, outbox, events);
}
