// A real stack for browser tests: a fresh Postgres database with the demo data, the API on a
// free port (with Redis), the storefront built and served by Vite's preview server with /trpc
// proxied to that API, and Debian's Chromium driven by playwright-core.
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { closeDeps, createDeps } from '@crossdock/api/app';
import { registerBackgroundWork } from '@crossdock/api/background';
import { parseConfig } from '@crossdock/api/config';
import { hashPassword } from '@crossdock/api/passwords';
import { buildServer } from '@crossdock/api/server';
import { seedDemo } from '@crossdock/db/seed';
import { cloneDatabase, dropDatabase } from '@crossdock/db/test-databases';
import pino from 'pino';
import { type Browser, chromium, type Page } from 'playwright-core';
import { preview } from 'vite';
import { inject } from 'vitest';
import { adminUrl, builtDesktop, builtStorefront } from './build-apps';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const storefrontRoot = fileURLToPath(new URL('../../apps/storefront', import.meta.url));
const desktopRoot = fileURLToPath(new URL('../../apps/desktop', import.meta.url));
export const artifacts = fileURLToPath(new URL('../../test-results/screenshots', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function startStack(options: { desktop?: boolean } = {}) {
  const dbName = `cd_e2e_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  // A clone of the demo data seeded once for the run (build-apps.ts).
  const databaseUrl = await cloneDatabase(adminUrl, inject('e2eTemplate'), dbName);
  // Ports first: the simulated cashier and carriers need the API's and the storefront's URLs.
  const [apiPort, port, desktopPort] = [await freePort(), await freePort(), await freePort()];
  const config = parseConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    AUTH_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e-secret',
    CREDENTIAL_KEYS: `e2e:${Buffer.alloc(32, 7).toString('base64')}`,
    LOG_LEVEL: 'silent',
    BLOB_DIR: inject('e2eBlobDir'),
    PUBLIC_API_URL: `http://127.0.0.1:${apiPort}`,
    STOREFRONT_URL: `http://127.0.0.1:${port}`,
    // A parcel's whole journey in about ten seconds.
    CARRIER_SIM_STEP_SECONDS: '1.5',
    // The desktop renderer, served from its own origin, calls the API across origins.
    CORS_ORIGINS: `http://127.0.0.1:${desktopPort}`,
  });
  const deps = await createDeps(config, {
    logger: pino({ level: 'silent' }),
    redisKeyPrefix: `e2e:${dbName}:`,
  });
  // Seeded already: this names the demo accounts.
  const seeded = await seedDemo(deps.db, { hashPassword });
  const api = await buildServer(deps);
  const apiUrl = await api.listen({ host: '127.0.0.1', port: apiPort });
  // Background jobs as the API runs them: payment notifications, tracking events, expiry.
  await registerBackgroundWork(deps);
  await deps.jobs.start();

  // The apps were built once for all e2e files (build-apps.ts, Vitest's global setup).
  const web = await preview({
    root: storefrontRoot,
    logLevel: 'error',
    build: { outDir: builtStorefront },
    preview: {
      port,
      strictPort: true,
      host: '127.0.0.1',
      proxy: { '/trpc': { target: apiUrl }, '/media': { target: apiUrl }, '/uploads': { target: apiUrl } },
    },
  });

  // The back office renderer, served on its own origin (as a browser would load it).
  let desktop: Awaited<ReturnType<typeof preview>> | null = null;
  if (options.desktop) {
    desktop = await preview({
      root: `${desktopRoot}/src/renderer`,
      configFile: `${desktopRoot}/vite.config.ts`,
      logLevel: 'error',
      build: { outDir: builtDesktop },
      preview: { port: desktopPort, strictPort: true, host: '127.0.0.1' },
    });
  }

  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  mkdirSync(artifacts, { recursive: true });
  const consoleWarnings: string[] = [];

  /** A tRPC call over HTTP, as any client makes it (superjson on the wire). */
  async function call<T>(
    path: string,
    input: unknown,
    options: { method?: 'GET' | 'POST'; token?: string } = {},
  ) {
    const method = options.method ?? 'GET';
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const url =
      method === 'GET'
        ? `${apiUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`
        : `${apiUrl}/trpc/${path}`;
    const response = await fetch(url, {
      method,
      headers,
      ...(method === 'POST' ? { body: JSON.stringify({ json: input }) } : {}),
    });
    const body = (await response.json()) as { result?: { data: { json: T } }; error?: unknown };
    if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
    return body.result.data.json;
  }

  return {
    call,
    baseUrl: `http://127.0.0.1:${port}`,
    desktopUrl: `http://127.0.0.1:${desktopPort}`,
    apiUrl,
    deps,
    /** The demo sign-ins (one password for all). */
    demo: { password: seeded.password, accounts: seeded.accounts },
    browser,
    /**
     * Warnings React and Ant Design wrote to any page's console (deprecated props, keys, act…):
     * each is a defect a developer would see, so the browser tests fail on them.
     */
    consoleWarnings,
    async newPage(): Promise<Page> {
      // Reduced motion: the back office then skips antd's animations, so a click never lands on a
      // dialog still zooming in (a click that did left a role dialog open in CI).
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        locale: 'en-US',
        reducedMotion: 'reduce',
      });
      const page = await context.newPage();
      page.on('console', (message) => {
        const text = message.text();
        if (
          (message.type() === 'warning' || message.type() === 'error') &&
          /^Warning: |\[antd: /.test(text)
        ) {
          consoleWarnings.push(text.split('\n')[0]!);
        }
      });
      return page;
    },
    async stop() {
      await browser.close();
      await new Promise<void>((resolve) => web.httpServer.close(() => resolve()));
      if (desktop) await new Promise<void>((resolve) => desktop.httpServer.close(() => resolve()));
      await api.close();
      // Clean up the Redis keys this stack wrote.
      if (deps.redis) {
        let cursor = '0';
        do {
          const [next, keys] = await deps.redis.scan(cursor, 'MATCH', `e2e:${dbName}:*`, 'COUNT', 500);
          cursor = next;
          if (keys.length) await deps.redis.del(...keys.map((k) => k.slice(`e2e:${dbName}:`.length)));
        } while (cursor !== '0');
      }
      await closeDeps(deps);
      await dropDatabase(adminUrl, dbName);
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;
