// A cache of whole HTTP responses for the shop's public catalog queries, in front of tRPC.
//
// The catalog cache already spares the database; what remains on a hit is tRPC's own work per
// request (building a fetch Request, context, middleware, batching, serialising), which on this
// hardware costs several times more than answering. So a GET for procedures that are pure
// functions of their input and the catalog's version counters is answered from a kept body,
// byte for byte what tRPC sent, as long as every counter it was built from is unchanged: the
// same precise invalidation as the catalog cache, checked with one read of the counters.
// Entries live in this process only (bounded by count and bytes); the counters are shared, so
// a write through any process invalidates every process's entries. ADR 0015.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest, RawServerDefault } from 'fastify';
import { CacheDependencies } from '../infra/cache';
import type { Logger } from '../infra/logger';
import type { CatalogCache } from '../modules/catalog/cache';

interface Entry {
  /** A Buffer, so Fastify sends it as is (a string would get a charset added). */
  body: Buffer;
  headers: [string, string][];
  versions: ReadonlyMap<string, string | null>;
}

export interface ResponseCacheOptions {
  /** Procedure paths whose answer depends only on input and catalog versions. */
  procedures: ReadonlySet<string>;
  maxEntries?: number;
  maxBytes?: number;
  /** Bodies above this are never kept. */
  maxEntryBytes?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    cacheDependencies: CacheDependencies | null;
  }
}

const PREFIX = '/trpc/';

/** The procedure paths of a tRPC GET url (`/trpc/a.b,c.d?batch=1&input=…`). */
export function procedurePaths(url: string): string[] {
  const query = url.indexOf('?');
  const path = url.slice(PREFIX.length, query === -1 ? undefined : query);
  return decodeURIComponent(path).split(',');
}

/** Adds the cache's hooks to the root instance, so they run for every route (not a plugin). */
export function registerResponseCache(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>,
  cache: CatalogCache,
  {
    procedures,
    maxEntries = 2000,
    maxBytes = 64 * 1024 * 1024,
    maxEntryBytes = 1024 * 1024,
  }: ResponseCacheOptions,
) {
  const entries = new Map<string, Entry>();
  let bytes = 0;
  const drop = (url: string) => {
    const entry = entries.get(url);
    if (!entry) return;
    entries.delete(url);
    bytes -= entry.body.byteLength;
  };
  const keep = (url: string, entry: Entry) => {
    drop(url);
    entries.set(url, entry);
    bytes += entry.body.byteLength;
    while (entries.size > maxEntries || bytes > maxBytes) drop(entries.keys().next().value!);
  };

  const eligible = (request: Pick<FastifyRequest, 'method' | 'url' | 'headers'>) => {
    if (request.method !== 'GET' || !request.url.startsWith(PREFIX)) return false;
    // A streaming client (httpBatchStreamLink) gets a different body for the same url.
    if (request.headers['trpc-accept'] !== undefined) return false;
    try {
      return procedurePaths(request.url).every((path) => procedures.has(path));
    } catch {
      return false; // malformed escapes: let tRPC answer with its error
    }
  };

  app.decorateRequest('cacheDependencies', null);

  app.addHook('onRequest', async (request, reply) => {
    if (!eligible(request)) return;
    const entry = entries.get(request.url);
    if (entry) {
      if (await cache.unchanged(entry.versions)) {
        for (const [name, value] of entry.headers) reply.header(name, value);
        return reply.code(200).header('x-cache', 'hit').send(entry.body);
      }
      drop(request.url);
    }
    request.cacheDependencies = new CacheDependencies();
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const dependencies = request.cacheDependencies;
    if (!dependencies || !(payload instanceof Response) || payload.status !== 200) return payload;
    // Every procedure must have reported the counters its answer rests on, all read alike.
    const keepable =
      dependencies.consistent &&
      dependencies.versions.size > 0 &&
      dependencies.reads >= procedurePaths(request.url).length;
    if (!keepable) return payload;
    const body = Buffer.from(await payload.arrayBuffer());
    const headers = [...payload.headers.entries()];
    // The payload is now a string, so Fastify no longer takes status and headers from it.
    reply.code(payload.status);
    for (const [name, value] of headers) reply.header(name, value);
    if (body.byteLength <= maxEntryBytes)
      keep(request.url, { body, headers, versions: dependencies.versions });
    return body;
  });

  return {
    get size() {
      return entries.size;
    },
  };
}
