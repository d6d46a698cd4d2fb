// buildServer: Fastify with the tRPC plugin at /trpc, health and readiness probes, CORS,
// cookies and a body limit. Errors Fastify raises before tRPC runs (malformed JSON, a body
// over the limit) are answered in tRPC's error shape so clients handle them the same way.

import { DomainError, type ErrorReason } from '@crossdock/domain/errors';
import { type Locale, localeFor, refusalMessage } from '@crossdock/domain/messages';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyError } from 'fastify';
import superjson from 'superjson';
import { createContextInner, type RequestLog } from './context';
import type { AppDeps } from './deps';
import { channelImportRoutes } from './http/channel-imports';
import { notificationRoutes } from './http/notifications';
import { productImageRoutes } from './http/product-images';
import { registerResponseCache } from './http/response-cache';
import { dependencyErrorFor } from './infra/dependency-errors';
import { amazonSimulatorRoutes } from './infra/marketplaces/amazon-simulator';
import { shopifySimulatorRoutes } from './infra/marketplaces/shopify-simulator';
import { responseCachedProcedures } from './modules/catalog/catalog.router';
import { type AppRouter, appRouter } from './router';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

function trpcErrorBody(
  message: string,
  code: string,
  jsonRpcCode: number,
  httpStatus: number,
  reason: ErrorReason,
  locale: Locale = 'en',
) {
  return {
    error: superjson.serialize({
      message: refusalMessage({ reason, message }, locale),
      code: jsonRpcCode,
      data: { code, httpStatus, path: null, reason, details: null, fieldErrors: null },
    }),
  };
}

export interface ServerRoute {
  method: string;
  url: string;
}
const routeTables = new WeakMap<object, ServerRoute[]>();

/** Every route a built server has, as registered (the HTTP sweep walks them all). */
export function routesOf(server: object): readonly ServerRoute[] {
  return routeTables.get(server) ?? [];
}

export async function buildServer(deps: AppDeps) {
  const { config } = deps;
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // tRPC batches put procedure names in the path; allow long ones.
    routerOptions: { maxParamLength: 5000 },
    // Errors Node's HTTP parser raises before Fastify has a request (a URL or headers over the
    // size limit, a malformed request line) get tRPC's error shape too, as JSON.
    clientErrorHandler: (error, socket) => {
      if ((error as { code?: string }).code === 'ECONNRESET' || !socket.writable) return;
      const tooLarge = (error as { code?: string }).code === 'HPE_HEADER_OVERFLOW';
      const status = tooLarge ? 431 : 400;
      const body = JSON.stringify(
        trpcErrorBody(
          tooLarge
            ? 'The request URL or headers are too long; send long queries by POST'
            : 'The request is not valid HTTP',
          'BAD_REQUEST',
          -32600,
          status,
          tooLarge ? 'REQUEST_TOO_LONG' : 'BAD_REQUEST',
        ),
      );
      socket.end(
        `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    },
  });

  const routes: ServerRoute[] = [];
  routeTables.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });

  await app.register(cors, {
    origin: config.corsOrigins,
    credentials: true,
    exposedHeaders: ['x-request-id', 'retry-after'],
  });
  await app.register(cookie);
  // Responses over 1 KB are compressed (br, gzip…) when the client accepts it: catalog pages
  // and order lists are JSON that shrinks tenfold. Event streams (live updates) and images
  // (already compressed) are left as they are.
  await app.register(compress, { threshold: 1024 });
  // After CORS, so a kept response gets the same CORS headers as a fresh one.
  registerResponseCache(app, deps.catalogCache, { procedures: responseCachedProcedures });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    const locale = localeFor(request.headers['accept-language']);
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (status === 400 && error instanceof SyntaxError)) {
      return reply
        .status(400)
        .send(
          trpcErrorBody(
            'The request body is not valid JSON',
            'PARSE_ERROR',
            -32700,
            400,
            'MALFORMED_JSON',
            locale,
          ),
        );
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
      return reply
        .status(413)
        .send(
          trpcErrorBody(
            `The request body is larger than ${config.bodyLimitBytes} bytes`,
            'PAYLOAD_TOO_LARGE',
            -32600,
            413,
            'BODY_TOO_LARGE',
            locale,
          ),
        );
    }
    if (status === 415 || error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply
        .status(415)
        .send(
          trpcErrorBody(
            'Send the request as application/json',
            'UNSUPPORTED_MEDIA_TYPE',
            -32600,
            415,
            'UNSUPPORTED_MEDIA_TYPE',
            locale,
          ),
        );
    }
    if (status >= 400 && status < 500) {
      return reply
        .status(status)
        .send(trpcErrorBody(error.message, 'BAD_REQUEST', -32600, status, 'BAD_REQUEST', locale));
    }
    const unavailable = dependencyErrorFor(error);
    if (unavailable) {
      request.log.warn({ err: error }, 'dependency unavailable');
      return reply
        .status(503)
        .header('retry-after', '5')
        .send(
          trpcErrorBody(unavailable.message, 'SERVICE_UNAVAILABLE', -32603, 503, unavailable.reason, locale),
        );
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .send(
        trpcErrorBody(
          'Something went wrong on our side',
          'INTERNAL_SERVER_ERROR',
          -32603,
          500,
          'INTERNAL',
          locale,
        ),
      );
  });

  await app.register(productImageRoutes(deps));
  await app.register(channelImportRoutes(deps));
  await app.register(notificationRoutes(deps));
  if (config.marketplaces === 'simulated') {
    await app.register(shopifySimulatorRoutes(deps.db, deps.clock));
    await app.register(amazonSimulatorRoutes(deps.db, deps.clock));
  }

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (request, reply) => {
    const checks: Record<string, 'ok' | 'down'> = {};
    try {
      await deps.dbHandle.ping();
      checks.database = 'ok';
    } catch (error) {
      request.log.warn({ err: error }, 'database not ready');
      checks.database = 'down';
    }
    if (deps.redis) {
      try {
        await deps.redis.ping();
        checks.redis = 'ok';
      } catch (error) {
        request.log.warn({ err: error }, 'redis not ready');
        checks.redis = 'down';
      }
    }
    const ready = Object.values(checks).every((c) => c === 'ok');
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });

  const secureCookies = config.env === 'production';
  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      // Clients send a query whose input would not fit in a URL by POST (see their links).
      allowMethodOverride: true,
      createContext: ({ req, res, info }) => {
        // Subscriptions over SSE cannot send headers: the desktop sends its token as a
        // connection parameter instead.
        const fromParams = info.connectionParams?.token;
        const header = req.headers.authorization ?? (fromParams ? `Bearer ${fromParams}` : undefined);
        return createContextInner(
          deps,
          {
            requestId: req.id,
            ip: req.ip,
            userAgent: req.headers['user-agent'] ?? null,
            locale: localeFor(req.headers['accept-language']),
            accessToken: header?.startsWith('Bearer ') ? header.slice(7).trim() : null,
            cookies: req.cookies,
            setCookie: (name, value, options) =>
              res.setCookie(name, value, {
                httpOnly: true,
                sameSite: 'strict',
                secure: secureCookies,
                path: options.path,
                maxAge: options.maxAgeSeconds,
              }),
            clearCookie: (name, path) => res.clearCookie(name, { path }),
            cacheDependencies: req.cacheDependencies,
          },
          req.log as RequestLog,
        );
      },
      responseMeta({ errors }) {
        const limited = errors.find(
          (e) => e.cause instanceof DomainError && e.cause.reason === 'RATE_LIMITED',
        );
        const retry =
          limited?.cause instanceof DomainError ? limited.cause.details?.retryAfterSeconds : undefined;
        if (retry) return { headers: { 'retry-after': String(retry) } };
        // A dependency that is down: worth retrying shortly.
        return errors.some((e) => e.code === 'SERVICE_UNAVAILABLE')
          ? { headers: { 'retry-after': '5' } }
          : {};
      },
      onError({ error, path, ctx }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          (ctx?.log ?? deps.logger).error({ err: error.cause ?? error, path }, 'procedure failed');
        }
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });

  return app;
}
