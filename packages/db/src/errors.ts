// Recognising constraint violations from either driver (postgres.js or PGlite), through
// Drizzle's error wrapping, so services can turn them into domain errors.

interface PgErrorLike {
  code?: string;
  constraint_name?: string; // postgres.js
  constraint?: string; // PGlite
  cause?: unknown;
}

function findPgError(error: unknown): PgErrorLike | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    const candidate = current as PgErrorLike;
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    current = candidate.cause;
  }
  return null;
}

/** True for a unique violation (23505), optionally of one named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pg = findPgError(error);
  if (pg?.code !== '23505') return false;
  return !constraint || (pg.constraint_name ?? pg.constraint) === constraint;
}

/** A foreign key refused the change: 23503, or 23001 where ON DELETE RESTRICT reports it (Postgres 17). */
export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
  const pg = findPgError(error);
  if (pg?.code !== '23503' && pg?.code !== '23001') return false;
  return !constraint || (pg.constraint_name ?? pg.constraint) === constraint;
}

/** A CHECK constraint refused the row, optionally a named one. */
export function isCheckViolation(error: unknown, constraint?: string): boolean {
  const pg = findPgError(error);
  if (pg?.code !== '23514') return false;
  return !constraint || (pg.constraint_name ?? pg.constraint) === constraint;
}

/** The name of the unique or check constraint a statement broke, if that is what failed. */
export function violatedConstraint(error: unknown): string | null {
  const pg = findPgError(error);
  if (!pg || (pg.code !== '23505' && pg.code !== '23514')) return null;
  return pg.constraint_name ?? pg.constraint ?? null;
}

/** Postgres broke a deadlock (40P01) or a serialization conflict (40001) by failing this side: retry it. */
export function isRetryableConflict(error: unknown): boolean {
  const code = findPgError(error)?.code;
  return code === '40P01' || code === '40001';
}
