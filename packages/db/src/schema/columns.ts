// Column helpers every table uses, so ids and timestamps look the same everywhere.
import type { LocalizedText } from '@crossdock/domain/catalog';
import { sql } from 'drizzle-orm';
import { type AnyPgColumn, bigint, jsonb, timestamp, uuid } from 'drizzle-orm/pg-core';

export const id = () => uuid().primaryKey().defaultRandom();
export const createdAt = () => timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp({ withTimezone: true, precision: 3 })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

/** Text in several languages, `{ "en": …, "zh-CN": … }`; English is the fallback. */
export const localized = () => jsonb().$type<LocalizedText>();
export const hasEnglish = (column: AnyPgColumn) => sql`jsonb_typeof(${column} -> 'en') = 'string'`;
/** Integer minor units of a currency. */
export const money = () => bigint({ mode: 'number' });
/** A nullable timestamp with milliseconds, like every other one. */
export const at = () => timestamp({ withTimezone: true, precision: 3 });
