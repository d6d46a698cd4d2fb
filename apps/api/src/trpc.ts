// The procedure builders every router imports, and the one error formatter.
// Procedures declare who may call them in `meta`, so the authorization sweep test can walk
// the router and check each one without a list kept by hand.

import { auditLog } from '@crossdock/db/schema';
import { DomainError, type ErrorReason } from '@crossdock/domain/errors';
import { type Locale, refusalMessage, message as word } from '@crossdock/domain/messages';
import type { Permission } from '@crossdock/domain/permissions';
import { initTRPC, TRPCError } from '@trpc/server';
import { and, eq, sql } from 'drizzle-orm';
import type { Context } from './context';
import { domainErrorForConstraint } from './infra/constraint-errors';
import { dependencyErrorFor } from './infra/dependency-errors';
import { inLocale } from './infra/request-locale';
import { wireTransformer } from './infra/wire';
import { authenticate } from './modules/identity/principal';

export type Access = 'public' | 'user' | 'customer' | 'staff';

export interface Meta {
  access: Access;
  permission?: Permission;
  /**
   * Why this staff mutation writes no audit row (it changes no business data, or the data is
   * the system's own). Every other staff mutation must write one; `auditedMutation` checks.
   */
  auditExempt?: string;
}

interface ValidationIssue {
  path?: readonly (PropertyKey | { key: PropertyKey })[];
  message: string;
  code?: string;
  keys?: string[];
}

function isValidationError(cause: unknown): cause is { issues: ValidationIssue[] } {
  return (
    typeof cause === 'object' &&
    cause !== null &&
    Array.isArray((cause as { issues?: unknown }).issues) &&
    (cause as { issues: unknown[] }).issues.every(
      (issue) => typeof issue === 'object' && issue !== null && 'message' in issue,
    )
  );
}

/**
 * Zod issues as `{ "email": ["Enter a valid email address"], "roleIds.0": [...] }` for forms.
 * Built in a Map: a field named `__proto__` must not become the object's prototype (it is
 * reported on `_`, the whole input, by name).
 */
function fieldErrors(issues: ValidationIssue[], locale: Locale): Record<string, string[]> {
  const fields = new Map<string, string[]>();
  const add = (path: readonly (PropertyKey | { key: PropertyKey })[], message: string) => {
    let key =
      path.map((part) => String(typeof part === 'object' && part !== null ? part.key : part)).join('.') ||
      '_';
    if (key === '__proto__') [key, message] = ['_', `${message}: __proto__`];
    fields.set(key, [...(fields.get(key) ?? []), message]);
  };
  for (const issue of issues) {
    const path = issue.path ?? [];
    // An unknown field is reported on that field, so a form can point at it.
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      for (const key of issue.keys) add([...path, key], word('v.unknownField', undefined, locale));
    } else {
      add(path, issue.message);
    }
  }
  return Object.fromEntries(fields);
}

/** What a client is told about an error: one function, used by the formatter and by tests. */
export function describeError(error: TRPCError, locale: Locale = 'en') {
  const cause = error.cause;
  let reason: ErrorReason | null = null;
  let details: DomainError['details'] | null = null;
  let fields: Record<string, string[]> | null = null;
  let message = error.message;
  if (cause instanceof DomainError) {
    reason = cause.reason;
    details = cause.details ?? null;
  } else if (error.code === 'BAD_REQUEST' && isValidationError(cause)) {
    reason = 'VALIDATION_FAILED';
    fields = fieldErrors(cause.issues, locale);
    message = Object.entries(fields)
      .map(([field, messages]) => (field === '_' ? messages[0] : `${field}: ${messages[0]}`))
      .join('; ');
  } else if (cause instanceof SyntaxError) {
    reason = 'MALFORMED_JSON';
    message = 'The request body is not valid JSON';
  } else if (error.code === 'INTERNAL_SERVER_ERROR') {
    reason = 'INTERNAL';
    message = 'Something went wrong on our side. It has been logged; please try again.';
  }
  // English is the language the services write their messages in, and theirs are the most
  // precise; any other language is told the reason's words from the catalog.
  if (reason && !fields) message = refusalMessage({ reason, message, details }, locale);
  return { reason, details, fieldErrors: fields, message };
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: wireTransformer,
    defaultMeta: { access: 'public' },
    // Clients get a stable code, a `reason` to switch on and field messages; never a stack or SQL.
    errorFormatter({ shape, error, ctx }) {
      const { reason, details, fieldErrors: fields, message } = describeError(error, ctx?.req.locale);
      return {
        message,
        code: shape.code,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          reason,
          details,
          fieldErrors: fields,
        },
      };
    },
  });

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

/**
 * Turns a DomainError thrown by a service, a named database constraint it ran into, or a
 * dependency that is down (SERVICE_UNAVAILABLE), into a TRPCError with the reason's code.
 */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const failure = result.error.cause;
    const cause =
      failure instanceof DomainError
        ? failure
        : (domainErrorForConstraint(failure) ?? dependencyErrorFor(failure));
    if (cause) throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

/**
 * Every call ends within the configured time: a dependency that leaves a statement hanging (a
 * connection lost mid-transaction, say) answers SERVICE_UNAVAILABLE instead of never. The work
 * itself is not cancelled; the database's own timeouts end it.
 */
const deadline = t.middleware(async ({ ctx, next }) => {
  const limit = ctx.deps.config.requestTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DomainError('REQUEST_TIMEOUT', 'This took too long on our side; please try again')),
      limit,
    );
  });
  try {
    return await Promise.race([next(), late]);
  } finally {
    clearTimeout(timer);
  }
});

/** Messages worded while the call runs (a contract's, as its input is checked) are in the caller's language. */
const requestLocale = t.middleware(({ ctx, next }) => inLocale(ctx.req.locale, next));

const base = t.procedure.use(requestLocale).use(domainErrors).use(deadline);

export const publicProcedure = base.meta({ access: 'public' });

/**
 * Anyone: a guest, or a signed-in customer known as `ctx.customer`. A token that does not
 * verify is an error (the client refreshes it), never a silent fall back to guest.
 */
export const shopperProcedure = base.meta({ access: 'public' }).use(async ({ ctx, next }) => {
  const user = ctx.req.accessToken ? await authenticate(ctx) : null;
  if (user && user.kind !== 'customer')
    throw new DomainError('CUSTOMER_ONLY', 'This is for customer accounts');
  return next({ ctx: { customer: user } });
});

/** Any signed-in user, staff or customer. */
export const userProcedure = base.meta({ access: 'user' }).use(async ({ ctx, next }) => {
  const user = await authenticate(ctx);
  return next({ ctx: { user } });
});

export const customerProcedure = base.meta({ access: 'customer' }).use(async ({ ctx, next }) => {
  const user = await authenticate(ctx);
  if (user.kind !== 'customer') throw new DomainError('CUSTOMER_ONLY', 'This is for customer accounts');
  return next({ ctx: { user } });
});

/** Audit rows written by this user under this request id. */
async function auditRows(ctx: Context, userId: string): Promise<number> {
  const [row] = await ctx.deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(and(eq(auditLog.requestId, ctx.req.requestId), eq(auditLog.actorId, userId)));
  return row?.n ?? 0;
}

/** Staff holding `permission`. Permissions are read fresh on every request. */
export function staffProcedure(permission: Permission, options: { auditExempt?: string } = {}) {
  return base
    .meta({ access: 'staff', permission, ...options })
    .use(async ({ ctx, next, type, meta, path }) => {
      const user = await authenticate(ctx);
      if (user.kind !== 'staff') throw new DomainError('STAFF_ONLY', 'This is for staff accounts');
      if (!user.permissions.has(permission)) {
        throw new DomainError('PERMISSION_DENIED', `You need the ${permission} permission for this`, {
          permission,
        });
      }
      const audit = { unchanged: false };
      if (type !== 'mutation' || meta?.auditExempt) return next({ ctx: { user, audit } });
      // Every staff mutation that succeeds leaves an audit row, written by its use case in its own
      // transaction, unless the use case says it changed nothing (an idempotent replay). One that
      // does neither is a defect: logged always, and outside production the call fails, so the
      // test suite (which calls every staff mutation) finds it.
      const before = await auditRows(ctx, user.id);
      const result = await next({ ctx: { user, audit } });
      if (result.ok && !audit.unchanged && (await auditRows(ctx, user.id)) === before) {
        ctx.log.error({ path }, 'a staff mutation succeeded without writing an audit row');
        if (ctx.deps.config.env !== 'production') {
          throw new Error(`${path} succeeded without writing an audit row`);
        }
      }
      return result;
    });
}
