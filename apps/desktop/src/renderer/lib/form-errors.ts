// Field errors from the same zod contract the API checks, for Ant Design forms: a form is
// validated in the browser exactly as the server will, and each message lands on its field.
import type { z } from 'zod';

export function fieldErrors(
  schema: z.ZodType,
  value: unknown,
): { name: (string | number)[]; errors: string[] }[] {
  const parsed = schema.safeParse(value);
  if (parsed.success) return [];
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const issue of parsed.error.issues) {
    const name = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)).slice(0, 1);
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(issue.message);
    byField.set(key, entry);
  }
  return [...byField.values()];
}
