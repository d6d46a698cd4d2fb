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

type Fields<T> = Parameters<FormInstance<T>['setFields']>[0];

/**
 * Checks `value` with the contract and puts the errors on the form's fields (the contract's
 * paths are the form's field names), replacing the errors of the last check. Returns the
 * errors: none means the value can be sent.
 */
export function validateForm<T>(form: FormInstance<T>, schema: z.ZodType, value: unknown) {
  const errors = fieldErrors(schema, value);
  const stale = form
    .getFieldsError()
    .filter((f) => f.errors.length > 0)
    .map((f) => ({ name: f.name, errors: [] }));
  form.setFields([...stale, ...errors] as unknown as Fields<T>);
  return errors;
}

/** The paths of the fields in an `onValuesChange` patch, e.g. { title: { en } } → [["title", "en"]]. */
export function changedPaths(changed: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    Boolean(v) && typeof v === 'object' && Object.getPrototypeOf(v as object) === Object.prototype;
  // A list of plain values (a multiple select) is one field.
  if (Array.isArray(changed) && changed.some(isRecord)) {
    // Form lists send the changed items only; the others are holes.
    return changed.flatMap((item, i) => (item === undefined ? [] : changedPaths(item, [...prefix, i])));
  }
  if (isRecord(changed)) {
    return Object.entries(changed).flatMap(([key, item]) => changedPaths(item, [...prefix, key]));
  }
  return prefix.length ? [prefix] : [];
}

/**
 * For a form's `onValuesChange`: a field's error from the last check goes as soon as it is
 * edited (Ant Design keeps errors set by hand until they are replaced).
 */
export function clearEditedErrors<T>(form: FormInstance<T>, changed: unknown) {
  const paths = changedPaths(changed);
  if (paths.length) form.setFields(paths.map((name) => ({ name, errors: [] })) as unknown as Fields<T>);
}
