// What an audited change changed: the fields whose values differ between the entry's "before"
// and "after" records (either may be missing: a creation has no before, a deletion no after).

export interface AuditChange {
  /** The field's name; empty when the records are not objects and changed as a whole. */
  field: string;
  before: unknown;
  after: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  if ((before === null || before === undefined) && (after === null || after === undefined)) return [];
  if ((isRecord(before) || before == null) && (isRecord(after) || after == null)) {
    const b = (before ?? {}) as Record<string, unknown>;
    const a = (after ?? {}) as Record<string, unknown>;
    // The after record's field order first (how the entity reads now), then removed fields.
    const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return fields
      .filter((field) => !same(b[field], a[field]))
      .map((field) => ({ field, before: b[field], after: a[field] }));
  }
  return same(before, after) ? [] : [{ field: '', before, after }];
}

/** A value as one line of text for the changes table (JSON, shortened past `max` characters). */
export function auditValue(value: unknown, max = 200): string {
  if (value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
