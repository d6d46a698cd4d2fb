// The API over real HTTP: a listening Fastify server, the real tRPC client with superjson,
// and raw requests for what a client library would never send.

import { get, type IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import pino from 'pino';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions } from '../src/infra/logger';
import { REFRESH_REUSE_GRACE_MS } from '../src/modules/identity/auth.service';
import type { AppRouter } from '../src/router';
import { buildServer } from '../src/server';
import { createTestApp, TEST_PASSWORD, type TestApp, uniqueEmail } from './harness';

let app: TestApp;
let server: Awaited<ReturnType<typeof buildServer>>;
let base: string;
const logLines: string[] = [];

beforeAll(async () => {
  app = await createTestApp({ limitRules: { registerPerIp: { points: 3, durationSeconds: 60 } } });
  // Capture the server's real log output to check request ids and redaction.
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  app.deps.logger = pino(loggerOptions('info'), sink);
  server = await buildServer(app.deps);
  base = await server.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server?.close();
  await app?.cleanup();
});

function client(token?: () => string | undefined) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${base}/trpc`,
        transformer: superjson,
        headers: () => {
          const t = token?.();
          return t ? { authorization: `Bearer ${t}` } : {};
        },
      }),
    ],
  });
}

interface ErrorJson {
  message: string;
  data: {
    code: string;
    reason: string | null;
    details: Record<string, number> | null;
    fieldErrors: Record<string, string[]> | null;
  };
}

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as { error?: { json: ErrorJson } },
  };
}

describe('probes', () => {
  it('healthz says the process is up; readyz checks the database and Redis', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { checks: Record<string, string> };
    expect(body.checks.database).toBe('ok');
    if (app.driver === 'postgres') expect(body.checks.redis).toBe('ok');
  });
});

describe('the typed client end to end', () => {
  it('registers, reads me, and revives Dates through superjson', async () => {
    let token: string | undefined;
    const api = client(() => token);
    const session = await api.auth.register.mutate({
      email: uniqueEmail('http'),
      password: TEST_PASSWORD,
      name: 'Over HTTP',
      transport: 'body',
    });
    token = session.accessToken;
    expect(session.accessTokenExpiresAt).toBeInstanceOf(Date);
    const me = await api.auth.me.query();
    expect(me.createdAt).toBeInstanceOf(Date);
    expect(me.name).toBe('Over HTTP');
  });

  it('returns field errors and a reason a form can use', async () => {
    const error = await client()
      .auth.register.mutate({ email: 'nope', password: 'short', name: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const data = (error as TRPCClientError<AppRouter>).data!;
    expect(data.code).toBe('BAD_REQUEST');
    expect(data.reason).toBe('VALIDATION_FAILED');
    expect(Object.keys(data.fieldErrors ?? {}).sort()).toEqual(['email', 'password']);
    expect(data.fieldErrors?.password).toEqual(['Use at least 10 characters']);
  });

  it('words every message in the language the client asks for', async () => {
    const zh = { 'accept-language': 'zh-CN' };
    const invalid = await post(
      'auth.register',
      JSON.stringify({ json: { email: 'nope', password: 'short', name: '', extra: 1 } }),
      zh,
    );
    const fields = invalid.body.error!.json.data.fieldErrors!;
    expect(fields).toEqual({
      email: ['请输入有效的电子邮箱地址'],
      password: ['至少 10 个字符'],
      name: ['请输入姓名'],
      extra: ['未知字段'],
    });
    expect(invalid.body.error!.json.message).toContain('请输入有效的电子邮箱地址');
    // A refusal by a use case: its reason's words.
    const refused = await post(
      'auth.login',
      JSON.stringify({
        json: { email: uniqueEmail('nobody'), password: 'wrong password', kind: 'customer' },
      }),
      zh,
    );
    expect(refused.body.error!.json.data.reason).toBe('INVALID_CREDENTIALS');
    expect(refused.body.error!.json.message).toBe('电子邮箱或密码不正确。');
    // Refused before any procedure runs (by the HTTP server itself).
    const malformed = await post('auth.register', '{"json": {', zh);
    expect(malformed.body.error!.json.message).toBe('无法读取请求。请刷新页面后重试。');
    // English by default, from the same contract.
    const english = await post(
      'auth.register',
      JSON.stringify({ json: { email: 'nope', password: 'short', name: '' } }),
    );
    expect(english.body.error!.json.data.fieldErrors!.name).toEqual(['Enter a name']);
  });

  it('keeps the storefront refresh token in an httpOnly, SameSite cookie and rotates it', async () => {
    const res = await fetch(`${base}/trpc/auth.register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        json: { email: uniqueEmail('cookie'), password: TEST_PASSWORD, name: 'Cookie', transport: 'cookie' },
      }),
    });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^cd_refresh=[^;]+;/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\/trpc/);
    const registered = (await res.json()) as { result: { data: { json: { refreshToken: string | null } } } };
    expect(registered.result.data.json.refreshToken).toBeNull();

    const cookie = setCookie.split(';')[0]!;
    const refreshed = await fetch(`${base}/trpc/auth.refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ json: {} }),
    });
    expect(refreshed.status).toBe(200);
    const rotated = refreshed.headers.get('set-cookie')!.split(';')[0]!;
    expect(rotated).not.toBe(cookie);

    // Replaying the first cookie after the grace period is reuse: refused, the cookie cleared.
    app.clock.advance(REFRESH_REUSE_GRACE_MS + 1_000);
    const replay = await fetch(`${base}/trpc/auth.refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ json: {} }),
    });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { json: ErrorJson } }).error.json.data.reason).toBe(
      'REFRESH_TOKEN_REUSED',
    );
    expect(replay.headers.get('set-cookie')).toMatch(/cd_refresh=;/);
  });
});

describe('bad requests get a clear error and change nothing', () => {
  it('malformed JSON', async () => {
    const res = await post('auth.register', '{"json": {"email": ');
    expect(res.status).toBe(400);
    expect(res.body.error!.json.data.reason).toBe('MALFORMED_JSON');
    expect(res.body.error!.json.message).toBe('The request body is not valid JSON');
  });

  it('a body over the limit', async () => {
    const huge = JSON.stringify({
      json: { email: 'a@b.co', password: 'x'.repeat(app.deps.config.bodyLimitBytes), name: 'n' },
    });
    const res = await post('auth.register', huge);
    expect(res.status).toBe(413);
    expect(res.body.error!.json.data).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', reason: 'BODY_TOO_LARGE' });
  });

  it('unknown fields', async () => {
    const res = await post(
      'auth.login',
      JSON.stringify({
        json: { email: 'a@example.com', password: 'whatever-pass', kind: 'staff', role: 'Owner' },
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error!.json.data.fieldErrors).toEqual({ role: ['Unknown field'] });
  });

  it('never leaks a stack trace or SQL', async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { cursor: "'; drop table users; --" } }));
    const res = await fetch(`${base}/trpc/staff.list?input=${input}`, {
      headers: { authorization: 'Bearer nonsense' },
    });
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(text).not.toMatch(/stack|select |at .*\.ts:/i);
  });

  it('answers TOO_MANY_REQUESTS with a retry time once the limit is spent', async () => {
    const attempt = () =>
      post(
        'auth.register',
        JSON.stringify({ json: { email: uniqueEmail('flood'), password: TEST_PASSWORD, name: 'Flood' } }),
        { 'x-forwarded-for': '192.0.2.1' },
      );
    // Earlier tests in this file registered from the same address, so count until refused.
    const statuses: number[] = [];
    let limited = await attempt();
    while (limited.status === 200 && statuses.length < 10) {
      statuses.push(limited.status);
      limited = await attempt();
    }
    expect(statuses.length).toBeLessThanOrEqual(3);
    expect(limited.status).toBe(429);
    expect(limited.body.error!.json.data.reason).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.error!.json.data.details!.retryAfterSeconds).toBeGreaterThan(0);
  });
});

describe('compression', () => {
  it('compresses JSON over 1 KB for clients that accept it, and never the live event stream', async () => {
    const owner = await app.staff(['Owner']);
    const headers = { authorization: `Bearer ${owner.session.accessToken}`, 'accept-encoding': 'br, gzip' };
    const roles = await fetch(`${base}/trpc/roles.list?input=${encodeURIComponent('{"json":{}}')}`, {
      headers,
    });
    expect(roles.status).toBe(200);
    expect(roles.headers.get('content-encoding')).toBe('br');
    // fetch undoes the encoding: the body is the usual tRPC answer.
    expect(
      ((await roles.json()) as { result: { data: { json: { items: unknown[] } } } }).result.data.json.items
        .length,
    ).toBeGreaterThan(5);
    const plain = await fetch(`${base}/trpc/roles.list?input=${encodeURIComponent('{"json":{}}')}`, {
      headers: { ...headers, 'accept-encoding': 'identity' },
    });
    expect(plain.headers.get('content-encoding')).toBeNull();
    await plain.arrayBuffer();

    // The live stream, read with a plain request that is torn down once its headers are in (a
    // stream left open would keep the server from closing).
    const live = await new Promise<IncomingMessage>((resolve, reject) => {
      const request = get(
        `${base}/trpc/live.orders`,
        { headers: { ...headers, accept: 'text/event-stream' } },
        resolve,
      );
      request.on('error', reject);
    });
    expect(live.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(live.headers['content-encoding']).toBeUndefined();
    live.destroy();
  });
});

describe('CORS and logs', () => {
  it('allows configured origins only', async () => {
    const allowed = await fetch(`${base}/trpc/auth.me`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const denied = await fetch(`${base}/trpc/auth.me`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('puts the request id on every line and in the response, and redacts secrets', async () => {
    const requestId = 'test-request-0001';
    const res = await fetch(`${base}/trpc/auth.login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': requestId,
        authorization: 'Bearer secret-token-value',
      },
      body: JSON.stringify({
        json: { email: uniqueEmail('log'), password: 'hunter2-hunter2', kind: 'customer' },
      }),
    });
    expect(res.headers.get('x-request-id')).toBe(requestId);
    await res.arrayBuffer();
    // The "request completed" line is written once the response has gone out.
    await expect
      .poll(() => logLines.filter((line) => line.includes(requestId)).length, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(2);
    const lines = logLines.filter((line) => line.includes(requestId));
    for (const line of lines) expect(JSON.parse(line).reqId).toBe(requestId);
    const all = logLines.join('\n');
    expect(all).not.toContain('secret-token-value');
    expect(all).not.toContain('hunter2-hunter2');
  });
});
