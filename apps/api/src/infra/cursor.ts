// Opaque keyset cursors: the sort key of the last row of a page, encoded so clients treat it
// as a token. A cursor that does not decode is a clear BAD_REQUEST, not a 500.

import { DomainError } from '@crossdock/domain/errors';
import { hasControlCharacters } from '@crossdock/domain/text';
import { and, eq, gt, lt, or, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';

const timeIdCursor = z.tuple([z.iso.datetime(), z.uuid()]);

export function encodeCursor(createdAt: Date, id: string): string {
  return encodeKeyset([createdAt.toISOString(), id]);
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = decodeKeyset(cursor, timeIdCursor);
  return { createdAt: new Date(iso), id };
}

/** Splits a fetched `limit + 1` rows into a page and the cursor of the next one. */
export function toPage<T extends { createdAt: Date; id: string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

/**
 * The keyset condition "rows after this cursor" for a list ordered by (createdAt, id), newest
 * first (`desc`) or oldest first (`asc`). No cursor: no condition.
 */
export function afterCursor(
  cursor: string | undefined,
  createdAt: AnyPgColumn,
  id: AnyPgColumn,
  direction: 'asc' | 'desc',
): SQL | undefined {
  if (!cursor) return undefined;
  const c = decodeCursor(cursor);
  const beyond = direction === 'desc' ? lt : gt;
  return or(beyond(createdAt, c.createdAt), and(eq(createdAt, c.createdAt), beyond(id, c.id)));
}

/** An opaque cursor over any sort key: the key's values, then the row id. */
export function encodeKeyset(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function invalidCursor(): never {
  throw new DomainError('INVALID_CURSOR', 'The page cursor is not valid; start from the first page');
}

/** A cursor is client input too: its values go into SQL, so NUL and other controls are refused. */
export function decodeKeyset<T extends z.ZodType>(cursor: string, schema: T): z.infer<T> {
  let values: unknown;
  try {
    values = schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    invalidCursor();
  }
  if (Array.isArray(values) && values.some((v) => typeof v === 'string' && hasControlCharacters(v))) {
    invalidCursor();
  }
  return values as z.infer<T>;
}
