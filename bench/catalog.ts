// `pnpm bench catalog`: product listing and product detail under 64 connections (autocannon),
// through the API with its cache, without it, and against a bare Fastify route replaying the
// same SQL on postgres.js. Prints requests/s, p50 and p99 for each, and the ratios.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

const CONNECTIONS = 64;
const DURATION = 8;

interface Ready {
  ports: { cached: string; uncached: string; baseline: string };
  listInput: unknown;
  detailInput: unknown;
  statements: { listing: number; detail: number };
}

async function load(url: string) {
  // Warm up, then measure.
  await autocannon({ url, connections: 8, duration: 2 });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const trpcUrl = (base: string, path: string, input: unknown) =>
  `${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;

export async function catalogBench(): Promise<void> {
  const child = spawn('pnpm', ['exec', 'tsx', 'catalog-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = await new Promise<Ready>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('{"ready"')) resolve(JSON.parse(line) as Ready);
    });
    child.once('exit', (code) => reject(new Error(`benchmark server exited with ${code}`)));
  });
  console.log(
    `seeded demo catalog; ${CONNECTIONS} connections, ${DURATION}s each; the baseline replays ${ready.statements.listing} (listing) and ${ready.statements.detail} (detail) SQL statements per request`,
  );
  const rows: string[] = [];
  for (const [name, path, input, raw] of [
    ['listing', 'shop.products', ready.listInput, '/listing'],
    ['detail', 'shop.product', ready.detailInput, '/detail'],
  ] as const) {
    const base = await load(`${ready.ports.baseline}${raw}`);
    const uncached = await load(trpcUrl(ready.ports.uncached, path, input));
    const cached = await load(trpcUrl(ready.ports.cached, path, input));
    const line = (label: string, r: typeof base) =>
      `  ${`${name} ${label}`.padEnd(28)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms${r.errors ? `   errors ${r.errors}` : ''}`;
    rows.push(
      line('baseline (bare SQL)', base),
      line('API uncached', uncached),
      line('API cached', cached),
      `  ${name}: uncached ${((uncached.rps / base.rps) * 100).toFixed(0)}% of baseline, cached ${((cached.rps / base.rps) * 100).toFixed(0)}%`,
    );
  }
  console.log(rows.join('\n'));
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}
