// `pnpm bench checkout`: 64 concurrent buyers for 60 s, each looping "put one item in the cart,
// place the order", on 5 hot SKUs (little stock: they sell out mid-run) and 500 cold ones, on
// real Postgres and Redis through HTTP. Prints orders/s, p50/p99 of placeOrder, the refusals by
// reason, and units oversold (must be 0). PROFILE=<dir> writes a CPU profile of the server.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { createInterface } from 'node:readline';

const DURATION_S = Number(process.env.DURATION ?? 60);
const HOT_SHARE = 0.3;

interface Ready {
  apiProcesses: number;
  hot: string[];
  cold: string[];
  buyers: { token: string; addressId: string; url: string }[];
  shippingMethodId: string;
  hotStock: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

// node:http with keep-alive sockets rather than fetch: the load generator shares the machine's two
// cores with the API and Postgres, and fetch costs it several times the CPU per request.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function call(url: string, token: string, path: string, input: unknown): Promise<string | null> {
  const body = JSON.stringify({ json: input });
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${url}/trpc/${path}`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          if (response.statusCode === 200) return resolve(null);
          const parsed = JSON.parse(Buffer.concat(chunks).toString()) as {
            error?: { json: { data: { reason: string } } };
          };
          resolve(parsed.error?.json.data.reason ?? `HTTP ${response.statusCode}`);
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

export async function checkoutBench(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'checkout-server.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const messages: Record<string, unknown>[] = [];
  let waiting: ((m: Record<string, unknown>) => void) | null = null;
  lines.on('line', (line) => {
    if (!line.startsWith('{')) return;
    const message = JSON.parse(line) as Record<string, unknown>;
    if (waiting) waiting(message);
    else messages.push(message);
  });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const queued = messages.shift();
      if (queued) resolve(queued);
      else waiting = resolve;
      child.once('exit', (code) => reject(new Error(`benchmark server exited with ${code}`)));
    });
  const ready = (await next()) as unknown as Ready;
  waiting = null;

  const latencies: number[] = [];
  const refusals = new Map<string, number>();
  let orders = 0;
  let key = 0;
  const deadline = performance.now() + DURATION_S * 1000;
  const started = performance.now();
  await Promise.all(
    ready.buyers.map(async (buyer, b) => {
      let i = b;
      while (performance.now() < deadline) {
        i += 1;
        const skuId =
          (i * 7919) % 100 < HOT_SHARE * 100
            ? ready.hot[i % ready.hot.length]!
            : ready.cold[(i * 31) % ready.cold.length]!;
        const added = await call(buyer.url, buyer.token, 'cart.add', { skuId, quantity: 1 });
        if (added) {
          refusals.set(`cart.add ${added}`, (refusals.get(`cart.add ${added}`) ?? 0) + 1);
          continue;
        }
        const t0 = performance.now();
        const placed = await call(buyer.url, buyer.token, 'checkout.placeOrder', {
          addressId: buyer.addressId,
          shippingMethodId: ready.shippingMethodId,
          idempotencyKey: `bench-${b}-${key++}-${Date.now()}`,
        });
        latencies.push(performance.now() - t0);
        if (placed) {
          refusals.set(`placeOrder ${placed}`, (refusals.get(`placeOrder ${placed}`) ?? 0) + 1);
          // Leave no line that can no longer be bought in the cart.
          await call(buyer.url, buyer.token, 'cart.remove', { skuId });
        } else orders += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);

  child.kill('SIGTERM');
  const final = (await next()) as { oversold: number; mismatched: number; hotSold: number };
  await new Promise((resolve) => child.once('exit', resolve));

  console.log(
    [
      `${ready.buyers.length} buyers, ${DURATION_S}s, 5 hot SKUs (${ready.hotStock} units each) and ${ready.cold.length} cold ones; ${ready.apiProcesses} API process(es); Postgres + Redis over HTTP`,
      `  orders placed        ${orders} (${(orders / seconds).toFixed(0)} orders/s)`,
      `  placeOrder latency   p50 ${percentile(latencies, 50).toFixed(1)} ms   p99 ${percentile(latencies, 99).toFixed(1)} ms   (${latencies.length} calls)`,
      `  refused              ${[...refusals].map(([reason, n]) => `${reason} × ${n}`).join(', ') || 'none'}`,
      `  hot units sold       ${final.hotSold} of ${ready.hot.length * ready.hotStock}`,
      `  units oversold       ${final.oversold}   (SKUs whose reservations differ from their order lines: ${final.mismatched})`,
    ].join('\n'),
  );
}
