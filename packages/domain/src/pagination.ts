// Keyset pagination contract shared by every list: an opaque cursor and a capped page size.
import { z } from 'zod';
import { safeString } from './text';

export const MAX_PAGE_SIZE = 100;

export const pageInput = {
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  /** Opaque: the `nextCursor` of the previous page. */
  cursor: safeString().min(1).max(500).optional(),
};

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}
