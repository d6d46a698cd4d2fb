// Text in contracts. Every string a client sends is a `safeString()`: it refuses NUL, which
// Postgres cannot store (it answered 500), and the other control characters, which no form
// produces and which hide text from the people reading it later. Tabs and line breaks stay:
// notes, descriptions and reviews have paragraphs. A test keeps bare `z.string()` out of the
// contracts.
import { z } from 'zod';
import { say } from './messages';

/**
 * True for C0 controls but tab, line feed and carriage return; DEL; C1 controls; and a
 * surrogate without its pair (not text at all: it cannot be encoded as UTF-8, and Postgres
 * refuses it in JSON). One pass over the UTF-16 code units.
 */
export function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit < 0x20) {
      if (unit !== 0x09 && unit !== 0x0a && unit !== 0x0d) return true;
    } else if (unit >= 0x7f && unit <= 0x9f) {
      return true;
    } else if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return true;
    }
  }
  return false;
}

export const safeString = (params?: Parameters<typeof z.string>[0]) =>
  z.string(params).refine((value) => !hasControlCharacters(value), {
    ...say('text.controlCharacters'),
  });

/**
 * For a patch contract whose fields are optional: at least one must be given, besides those
 * that only say what is patched (an id, a code). An empty patch is a mistake of the caller's,
 * said as such (the database would refuse to set nothing).
 */
export function atLeastOneField<T extends z.ZodObject>(schema: T, besides: readonly string[] = []) {
  return schema.refine(
    (value) => Object.entries(value).some(([key, v]) => v !== undefined && !besides.includes(key)),
    say('patch.empty'),
  );
}

/**
 * A moment Postgres can store and people mean: years 1900 to 9999 (Postgres refuses year
 * 275760, the furthest a JavaScript Date goes; an invalid Date is refused by z.date itself).
 */
export const safeDate = () =>
  z
    .date()
    .min(new Date('1900-01-01T00:00:00Z'), say('date.tooEarly'))
    .max(new Date('9999-12-31T23:59:59Z'), say('date.tooLate'));
