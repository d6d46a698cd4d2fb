// The transactional outbox: use cases write domain events here in the same transaction as
// their state change; a relay delivers them. Outgoing mail waits in its own outbox the same way.
import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns';

export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    type: text().notNull(),
    aggregateType: text().notNull(),
    aggregateId: text().notNull(),
    payload: jsonb().notNull(),
    occurredAt: createdAt(),
    publishedAt: timestamp({ withTimezone: true, precision: 3 }),
    attempts: integer().notNull().default(0),
    lastError: text(),
  },
  (t) => [index('outbox_unpublished_idx').on(t.occurredAt).where(sql`${t.publishedAt} is null`)],
);

/**
 * One row per event per handler that subscribes to its type: the relay's work list, the
 * "processed" record that makes handlers idempotent (a handler's effects and its `done` mark
 * commit together), and the dead letters staff can see and retry.
 */
export const eventDeliveries = pgTable(
  'event_deliveries',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => outbox.id, { onDelete: 'cascade' }),
    handler: text().notNull(),
    status: text({ enum: ['pending', 'done', 'dead'] })
      .notNull()
      .default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    lastError: text(),
    processedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('event_deliveries_handler_event_key').on(t.handler, t.eventId),
    index('event_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('event_deliveries_dead_idx').on(t.createdAt).where(sql`${t.status} = 'dead'`),
    check('event_deliveries_status_check', sql`${t.status} in ('pending', 'done', 'dead')`),
    check('event_deliveries_attempts_check', sql`${t.attempts} >= 0`),
    check('event_deliveries_done_check', sql`(${t.status} = 'done') = (${t.processedAt} is not null)`),
  ],
);

export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: id(),
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    /** Template name, so tests and operators can tell mails apart without parsing text. */
    template: text().notNull(),
    createdAt: createdAt(),
    sentAt: timestamp({ withTimezone: true, precision: 3 }),
    attempts: integer().notNull().default(0),
    lastError: text(),
  },
  (t) => [
    index('mail_outbox_pending_idx').on(t.createdAt).where(sql`${t.sentAt} is null`),
    check('mail_outbox_attempts_check', sql`${t.attempts} >= 0`),
  ],
);
