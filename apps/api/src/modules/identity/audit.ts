// Writing the audit trail: who did what to which record, with the record before and after.
// Called inside the use case's transaction, so a change and its audit row commit together.
import type { Executor } from '@crossdock/db/client';
import { auditLog } from '@crossdock/db/schema';

export interface Actor {
  id: string;
  ip: string | null;
  /** The request it came in (null for work no request started, such as a scheduled job). */
  requestId: string | null;
  /** When the actor acted (the request's clock): the audit row's time. */
  at: Date;
}

/** Who is acting, from a signed-in procedure's context (user, IP, request id and time). */
export function auditActor(ctx: {
  user: { id: string };
  req: { ip: string | null; requestId: string };
  deps: { clock: { now(): Date } };
}): Actor {
  return { id: ctx.user.id, ip: ctx.req.ip, requestId: ctx.req.requestId, at: ctx.deps.clock.now() };
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export async function writeAudit(tx: Executor, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: actor.id,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    ip: actor.ip,
    requestId: actor.requestId,
    createdAt: actor.at,
  });
}
