// The bad-input sweep over HTTP: every route the server has (read from Fastify itself, so a
// new route is swept without anyone adding it here), sent broken requests — malformed and
// oversized bodies, NUL and control characters in the path, the query and the body, an own
// `__proto__` key, deep nesting, wrong and malformed content types, multipart cut short — as a
// guest, a customer and a staff member. Every answer is below 500 and comes within the limit.
// Then what only HTTP can show: the tRPC layer's answers to `__proto__` and deep nesting, a
// URL too long (431 in tRPC's error shape), and a long query sent by POST.
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../src/router';
import { buildServer, routesOf } from '../src/server';
import { createTestApp, type TestApp } from './harness';

let app: TestApp;
let server: Awaited<ReturnType<typeof buildServer>>;
let base: string;
const tokens: Record<string, string | undefined> = { guest: undefined };

const LIMIT_MS = 20_000;

beforeAll(async () => {
  app = await createTestApp();
  server = await buildServer(app.deps);
  base = await server.listen({ host: '127.0.0.1', port: 0 });
  tokens.customer = (await app.customer()).session.accessToken;
  tokens.staff = (await app.staff(['Owner'])).session.accessToken;
});
afterAll(async () => {
  await server?.close();
  await app?.cleanup();
});

/** Every route the server registered; fetch cannot send TRACE or CONNECT, HEAD and OPTIONS answer from Fastify itself. */
function routes(): { method: string; path: string }[] {
  return routesOf(server)
    .filter((r) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
    .map((r) => ({ method: r.method, path: r.url }));
}

/** Concrete paths for a route pattern: plausible parameters, and broken ones. */
function pathsFor(pattern: string): string[] {
  const fill = (value: (name: string) => string) =>
    pattern.replace(/:(\w+)/g, (_, name: string) => value(name)).replace('*', value('*'));
  const plausible = (name: string) =>
    ({ provider: 'alipay', carrier: 'sf-express', action: 'pay', '*': 'products/x/y.webp' })[name] ??
    crypto.randomUUID();
  return [
    fill(plausible),
    fill(() => 'a%00b'),
    fill(() => '%E2%80%AEexe'),
    fill(() => '..%2F..%2Fetc%2Fpasswd'),
    fill(() => 'x'.repeat(3_000)),
    `${fill(plausible)}?input=%00&batch=1&x[__proto__]=1`,
  ];
}

const multipartCutShort = {
  'content-type': 'multipart/form-data; boundary=----sweep',
  body: '------sweep\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG',
};
const bodies: { label: string; headers: Record<string, string>; body?: string }[] = [
  { label: 'no body', headers: {} },
  { label: 'empty JSON', headers: { 'content-type': 'application/json' }, body: '' },
  { label: 'malformed JSON', headers: { 'content-type': 'application/json' }, body: '{"a":' },
  { label: 'NUL in JSON', headers: { 'content-type': 'application/json' }, body: '{"a":"x\\u0000y"}' },
  {
    label: '__proto__',
    headers: { 'content-type': 'application/json' },
    body: '{"__proto__":{"admin":true}}',
  },
  {
    label: 'deep nesting',
    headers: { 'content-type': 'application/json' },
    body: `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
  },
  {
    label: 'over the body limit',
    headers: { 'content-type': 'application/json' },
    body: `"${'x'.repeat(2_000_000)}"`,
  },
  {
    label: 'form with NUL',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'a=%00&b=\u0007',
  },
  { label: 'unknown content type', headers: { 'content-type': 'application/x-sweep' }, body: '\u0000\u0001' },
  { label: 'multipart without a boundary', headers: { 'content-type': 'multipart/form-data' }, body: 'x' },
  {
    label: 'multipart cut short',
    headers: { 'content-type': multipartCutShort['content-type'] },
    body: multipartCutShort.body,
  },
];

async function send(method: string, path: string, headers: Record<string, string>, body?: string) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : body,
    redirect: 'manual',
    signal: AbortSignal.timeout(LIMIT_MS),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('HTTP sweep', () => {
  it('finds the routes', () => {
    const paths = routes().map((r) => r.path);
    for (const expected of ['/healthz', '/readyz', '/trpc/:path', '/payments/notify/:provider', '/media/*']) {
      expect(paths).toContain(expected);
    }
  });

  it('every route answers broken requests below 500', { timeout: 600_000 }, async () => {
    const problems: string[] = [];
    for (const { method, path } of routes())
      for (const [role, token] of Object.entries(tokens)) {
        for (const url of pathsFor(path)) {
          for (const { label, headers, body } of method === 'GET' ? bodies.slice(0, 1) : bodies) {
            const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
            try {
              const status = await send(method, url, { ...headers, ...auth }, body);
              if (status >= 500)
                problems.push(`${method} ${role} · ${url.slice(0, 80)} · ${label}: ${status}`);
            } catch (error) {
              problems.push(`${method} ${role} · ${url.slice(0, 80)} · ${label}: ${String(error)}`);
            }
          }
        }
      }
    expect(problems).toEqual([]);
  });
});

describe('tRPC over HTTP', () => {
  const post = (path: string, body: string) =>
    fetch(`${base}/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('refuses an own __proto__ key as an unknown field, beside valid fields', async () => {
    const response = await post(
      'auth.register',
      '{"json":{"__proto__":{"kind":"staff"},"email":"proto@example.com","password":"a-long-enough-passphrase","name":"P"}}',
    );
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as {
      error: { json: { data: { reason: string; fieldErrors: Record<string, string[]> } } };
    };
    expect(error.json.data.reason).toBe('VALIDATION_FAILED');
    expect(error.json.data.fieldErrors).toEqual({ _: ['Unknown field: __proto__'] });
    // Nothing was created.
    const login = await post(
      'auth.login',
      '{"json":{"email":"proto@example.com","password":"a-long-enough-passphrase","kind":"customer"}}',
    );
    expect(login.status).toBe(401);
  });

  it('refuses input nested deeper than any contract', async () => {
    let deep = '"x"';
    for (let i = 0; i < 1_000; i++) deep = `{"a":${deep}}`;
    const response = await post('auth.register', `{"json":${deep}}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { json: { message: string } } }).error.json.message).toMatch(
      /Nested too deeply/,
    );
  });

  it('answers a URL too long in tRPC’s error shape, as JSON', async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { q: 'x'.repeat(40_000) } }));
    const response = await fetch(`${base}/trpc/shop.products?input=${input}`, {
      signal: AbortSignal.timeout(LIMIT_MS),
    });
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const { error } = (await response.json()) as { error: { json: { data: { reason: string } } } };
    expect(error.json.data.reason).toBe('REQUEST_TOO_LONG');
  });

  it('takes a query by POST, as the clients send long ones', async () => {
    const client = createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${base}/trpc`, transformer: superjson, methodOverride: 'POST' })],
    });
    const found = await client.shop.products.query({ q: 'tea '.repeat(40) });
    expect(found.items).toEqual([]);
  });
});
