// The transactional outbox: use cases write domain events here in the same transaction as
// their state change; a relay delivers them. Outgoing mail waits in its own outbox the same way.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
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
