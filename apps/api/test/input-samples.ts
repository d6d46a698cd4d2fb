// Inputs for the bad-input sweep, generated from a procedure's zod contract: one plausible
// value, then that value broken on purpose in every way a careless or hostile client could —
// field by field (missing, wrong type, empty, huge, NUL, control and right-to-left characters,
// negative / NaN / fractional / huge numbers, bad UUIDs and dates) and as a whole (unknown and
// `__proto__` keys, deep nesting, nothing at all).
import type { z } from 'zod';

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

type Check = { _zod: { def: { check: string; [key: string]: unknown } } };
const checksOf = (def: Def): Check['_zod']['def'][] =>
  ((def.checks as Check[] | undefined) ?? []).map((c) => c._zod.def);

function isOptional(schema: unknown): boolean {
  const type = defOf(schema).type;
  return type === 'optional' || type === 'default' || type === 'prefault';
}

const SAMPLE_UUID = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';

/**
 * A value the schema probably accepts (refinements aside); good enough to get past the shape.
 * `optional: false` leaves optional fields out, so one broken field is not hidden behind
 * another sample value the service refuses first (an unusable cursor, say).
 */
export function sample(schema: unknown, depth = 0, optional = true): unknown {
  const def = defOf(schema);
  if (depth > 12) return undefined;
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(shape)
          .filter(([, field]) => optional || !isOptional(field))
          .map(([key, field]) => [key, sample(field, depth + 1, optional)] as const)
          .filter(([, value]) => value !== undefined),
      );
    }
    case 'string': {
      const checks = checksOf(def);
      const format =
        (def.format as string | undefined) ?? checks.find((c) => c.check === 'string_format')?.format;
      if (format === 'uuid' || format === 'guid') return SAMPLE_UUID;
      if (format === 'email') return 'sweep@example.com';
      if (format === 'url') return 'https://example.com/sweep';
      if (format === 'datetime') return '2026-11-30T12:00:00.000Z';
      if (format === 'date') return '2026-11-30';
      const min = Number(checks.find((c) => c.check === 'min_length')?.minimum ?? 1);
      const max = Number(checks.find((c) => c.check === 'max_length')?.maximum ?? 64);
      return 'sweep-value-abcdefghij'
        .padEnd(Math.min(Math.max(min, 8), max), 'x')
        .slice(0, Math.max(min, Math.min(max, 22)));
    }
    case 'number': {
      const checks = checksOf(def);
      const low = checks.find((c) => c.check === 'greater_than');
      return low ? Number(low.value) + (low.inclusive ? 0 : 1) : 1;
    }
    case 'boolean':
      return true;
    case 'bigint':
      return 1n;
    case 'date':
      return new Date('2026-11-30T12:00:00Z');
    case 'enum':
      return Object.values(def.entries as Record<string, unknown>)[0];
    case 'literal':
      return (def.values as unknown[])[0];
    case 'array': {
      const min = Number(checksOf(def).find((c) => c.check === 'min_length')?.minimum ?? 1);
      const item = sample(def.element, depth + 1, optional);
      return Array.from({ length: Math.max(1, min) }, () => item);
    }
    case 'tuple':
      return (def.items as unknown[]).map((item) => sample(item, depth + 1));
    case 'record':
      return { [String(sample(def.keyType, depth + 1))]: sample(def.valueType, depth + 1) };
    case 'union':
      return sample((def.options as unknown[])[0], depth + 1);
    case 'intersection':
      return { ...(sample(def.left, depth + 1) as object), ...(sample(def.right, depth + 1) as object) };
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return sample(def.innerType, depth + 1, optional);
    case 'pipe':
      return sample(def.in, depth + 1, optional);
    case 'lazy':
      return sample((def.getter as () => unknown)(), depth + 1);
    default:
      return 'sweep';
  }
}

const HUGE = 'x'.repeat(200_000);
/** What any single value may be replaced with. */
export const brokenValues: [string, unknown][] = [
  ['missing', undefined],
  ['null', null],
  ['empty string', ''],
  ['huge string', HUGE],
  ['NUL', 'a\u0000b'],
  ['control characters', '\u0007\u001b[31m\u0008'],
  ['right-to-left override', '\u202Egnp.exe'],
  ['Arabic text', 'مرحبا بالعالم'],
  ['lone surrogate', '\uD800x'],
  ['SQL', "'; drop table users; --"],
  ['negative', -1],
  ['zero', 0],
  ['fraction', 1.5],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['huge number', 1e308],
  ['max safe + 1', Number.MAX_SAFE_INTEGER + 1],
  ['boolean', true],
  ['array', ['a', 1]],
  ['object', { nested: 'x' }],
  ['bad uuid', '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6'],
  ['uuid with NUL', '3f2a9c1e-5b7d-4e8f-9a0b-\u00002d3e4f5a6b'],
  ['bad date', new Date('not a date')],
  ['date string', '2026-02-31T25:61:00Z'],
  ['far date', new Date('+275760-09-13T00:00:00Z')],
];

function deepNesting(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

function ownProtoKey(base: unknown): unknown {
  // An own `__proto__` key, as JSON.parse makes it (an object literal would set the prototype).
  const extra = JSON.parse('{"__proto__": {"isAdmin": true}}') as Record<string, unknown>;
  return typeof base === 'object' && base !== null && !Array.isArray(base)
    ? Object.assign(extra, base)
    : extra;
}

/** Paths to every field of the sample that is an object member, up to a depth. */
function fieldPaths(value: unknown, prefix: string[] = [], depth = 0): string[][] {
  if (depth > 3 || typeof value !== 'object' || value === null || value instanceof Date) return [];
  const entries = Array.isArray(value)
    ? value.slice(0, 1).map((v, i) => [String(i), v] as const)
    : Object.entries(value);
  return entries.flatMap(([key, child]) => [
    [...prefix, key],
    ...fieldPaths(child, [...prefix, key], depth + 1),
  ]);
}

/** `base` with the value at `path` replaced; what `base` lacks on the way is taken from `full`. */
function withValueAt(base: unknown, full: unknown, path: string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string, ...string[]];
  const fullChild = (full as Record<string, unknown> | undefined)?.[head];
  if (Array.isArray(base ?? full)) {
    const copy = [...((base ?? full) as unknown[])];
    copy[Number(head)] = withValueAt(copy[Number(head)], fullChild, rest, replacement);
    return copy;
  }
  const copy = { ...((base ?? {}) as Record<string, unknown>) };
  const next = withValueAt(copy[head], fullChild, rest, replacement);
  if (next === undefined) delete copy[head];
  else copy[head] = next;
  return copy;
}

export interface BrokenInput {
  label: string;
  input: unknown;
}

/**
 * The values that reach the database differently from one driver to another; the second
 * (PGlite) project sweeps with these only, the Postgres project with all of them.
 */
const DRIVER_SENSITIVE = new Set([
  'missing',
  'huge string',
  'NUL',
  'lone surrogate',
  'NaN',
  'huge number',
  'bad uuid',
  'far date',
]);

/** Every broken input for a contract (or for a procedure without one, `undefined` input). */
export function brokenInputs(
  schema: z.ZodType | undefined,
  options: { driverSensitiveOnly?: boolean } = {},
): BrokenInput[] {
  const values = options.driverSensitiveOnly
    ? brokenValues.filter(([what]) => DRIVER_SENSITIVE.has(what))
    : brokenValues;
  const full = schema ? sample(schema) : undefined;
  const base = schema ? sample(schema, 0, false) : undefined;
  const whole: BrokenInput[] = [
    { label: 'no input', input: undefined },
    { label: 'the sample', input: base },
    { label: 'the sample with every optional field', input: full },
    { label: 'a string instead', input: 'sweep' },
    { label: 'a number instead', input: 42 },
    { label: 'an array instead', input: [base] },
    { label: 'an unknown key', input: { ...(base as object), sweepUnknown: 1 } },
    { label: 'an own __proto__ key', input: ownProtoKey(base) },
    { label: 'deep nesting', input: { ...(base as object), deep: deepNesting(2_000) } },
  ];
  const perField = fieldPaths(full).flatMap((path) =>
    values.map(([what, value]) => ({
      label: `${path.join('.')}: ${what}`,
      input: withValueAt(base, full, path, value),
    })),
  );
  return [...whole, ...perField];
}
