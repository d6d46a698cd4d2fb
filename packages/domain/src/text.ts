// Text in contracts. Every string a client sends is a `safeString()`: it refuses NUL, which
// Postgres cannot store (it answered 500), and the other control characters, which no form
// produces and which hide text from the people reading it later. Tabs and line breaks stay:
// notes, descriptions and reviews have paragraphs. A test keeps bare `z.string()` out of the
// contracts.
import { z } from 'zod';

/**
 * C0 controls but tab, line feed and carriage return; DEL; C1 controls; and a surrogate without
 * its pair (not text at all: it cannot be encoded as UTF-8, and Postgres refuses it in JSON).
 */
const CONTROL_CHARACTERS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}

export const safeString = () =>
  z.string().refine((value) => !hasControlCharacters(value), {
    message: 'Remove the invisible control characters from this text',
  });

/**
 * For a patch contract whose fields are optional: at least one must be given, besides those
 * that only say what is patched (an id, a code). An empty patch is a mistake of the caller's,
 * said as such (the database would refuse to set nothing).
 */
export function atLeastOneField<T extends z.ZodObject>(schema: T, besides: readonly string[] = []) {
  return schema.refine(
    (value) => Object.entries(value).some(([key, v]) => v !== undefined && !besides.includes(key)),
    { message: 'Change at least one field' },
  );
}

/**
 * A moment Postgres can store and people mean: years 1900 to 9999 (Postgres refuses year
 * 275760, the furthest a JavaScript Date goes; an invalid Date is refused by z.date itself).
 */
export const safeDate = () =>
  z
    .date()
    .min(new Date('1900-01-01T00:00:00Z'), 'Choose a date after 1900')
    .max(new Date('9999-12-31T23:59:59Z'), 'Choose a date before the year 10000');
