// A Redis and a Postgres of a test's own, on free ports, that the test may stop and start
// (the fault tests): never the shared services the rest of the suite uses.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';

export async function freePort(): Promise<number> {
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

/** Waits for a condition with a generous limit: the suite runs on busy 2-core machines. */
export const eventually = <T>(check: () => T | Promise<T>, timeout = 60_000) =>
  vi.waitFor(check, { timeout, interval: 100 });

export interface OwnService {
  url: string;
  start(): Promise<void>;
  /** Killed, as a crash or a restart would. */
  kill(): Promise<void>;
  remove(): Promise<void>;
}

/** A Redis as the services start it for CI: no persistence, so a restart loses everything. */
export async function ownRedis(): Promise<OwnService> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const ping = () => {
    execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { stdio: 'pipe' });
  };
  const service: OwnService = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {
          stdio: 'ignore',
        },
      );
      await eventually(ping, 30_000);
    },
    async kill() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGKILL');
      });
    },
    async remove() {
      await service.kill();
    },
  };
  await service.start();
  return service;
}

function postgresBin(name: string): string {
  const root = '/usr/lib/postgresql';
  const version = readdirSync(root).sort().at(-1);
  return join(root, version!, 'bin', name);
}

/**
 * A Postgres cluster of its own in a temporary folder. initdb refuses to run as root, so as
 * root the cluster belongs to the `postgres` user, as Debian's own clusters do.
 */
export async function ownPostgres(): Promise<OwnService> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'crossdock-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[], wait = true) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    return wait ? execFileSync(file, argv, { stdio: 'pipe' }) : spawn(file, argv, { stdio: 'ignore' });
  };
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  run(postgresBin('initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const ready = () => {
    execFileSync('pg_isready', ['-h', '127.0.0.1', '-p', String(port)], { stdio: 'pipe' });
  };
  const pgCtl = (...args: string[]) => run(postgresBin('pg_ctl'), ['-D', data, ...args]);
  const service: OwnService = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      pgCtl(
        'start',
        '-w',
        '-l',
        join(dir, 'log'),
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      );
      await eventually(ready, 60_000);
    },
    async kill() {
      // An immediate shutdown: no checkpoint, every connection cut, as a crash would.
      if (existsSync(join(data, 'postmaster.pid'))) pgCtl('stop', '-m', 'immediate', '-w');
    },
    async remove() {
      await service.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await service.start();
  return service;
}
