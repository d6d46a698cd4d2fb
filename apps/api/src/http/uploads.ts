// What the upload routes (multipart, outside tRPC because tRPC carries JSON) share with tRPC:
// who is asking, checked as tRPC checks the bearer token, and refusals in tRPC's shape and the
// asker's language.
import { DomainError } from '@crossdock/domain/errors';
import { localeFor, refusalMessage } from '@crossdock/domain/messages';
import type { Permission } from '@crossdock/domain/permissions';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createContextInner, type RequestLog } from '../context';
import type { AppDeps } from '../deps';
import { authenticate } from '../modules/identity/principal';

export function sendError(request: FastifyRequest, reply: FastifyReply, error: DomainError) {
  const status = getHTTPStatusCodeFromError(new TRPCError({ code: error.code }));
  const locale = localeFor(request.headers['accept-language']);
  return reply.status(status).send({
    error: {
      message: refusalMessage(error, locale),
      code: error.code,
      reason: error.reason,
      details: error.details ?? null,
    },
  });
}

/** Who sent the upload: the bearer token, checked as tRPC checks it. */
export async function uploader(deps: AppDeps, request: FastifyRequest) {
  const header = request.headers.authorization;
  const ctx = createContextInner(
    deps,
    {
      requestId: request.id,
      ip: request.ip,
      accessToken: header?.startsWith('Bearer ') ? header.slice(7).trim() : null,
    },
    request.log as RequestLog,
  );
  return authenticate(ctx);
}

/** The uploader, who must be staff holding `permission`. */
export async function staffUploader(deps: AppDeps, request: FastifyRequest, permission: Permission) {
  const user = await uploader(deps, request);
  if (user.kind !== 'staff') throw new DomainError('STAFF_ONLY', 'This is for staff accounts');
  if (!user.permissions.has(permission)) {
    throw new DomainError('PERMISSION_DENIED', `You need the ${permission} permission for this`, {
      permission,
    });
  }
  return user;
}
