// Field errors from the same zod contract the API checks, for Ant Design forms: a form is
// validated in the browser exactly as the server will, and each message lands on its field
// (nested fields included).
import type { FormInstance } from 'antd';
import type { z } from 'zod';

export function fieldErrors(
  schema: z.ZodType,
  value: unknown,
): { name: (string | number)[]; errors: string[] }[] {
  const parsed = schema.safeParse(value);
  if (parsed.success) return [];
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const issue of parsed.error.issues) {
    // The field's full path (["title", "en"], ["options", 0, "name", "en"]); an error about one
    // item of a list of plain values (["permissions", 3]) lands on the list.
    const name = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    while (name.length > 1 && typeof name.at(-1) === 'number') name.pop();
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(issue.message);
    byField.set(key, entry);
  }
  return [...byField.values()];
}

/**
 * Checks `value` with the contract and puts the errors on the form's fields (the contract's
 * paths are the form's field names). Returns the errors: none means the value can be sent.
 */
export function validateForm<T>(form: FormInstance<T>, schema: z.ZodType, value: unknown) {
  const errors = fieldErrors(schema, value);
  if (errors.length) form.setFields(errors as Parameters<FormInstance<T>['setFields']>[0]);
  return errors;
}
