// `pnpm bench channels-import` (and part of `pnpm bench channels`): a year of an Amazon.de
// seller's All Orders report — 100,000 item rows, about 60,000 orders over 200 SKUs, mostly
// shipped before the shop joined, some cancelled, a few hundred still open — written as Seller
// Central writes it, uploaded over HTTP to a fresh API on Postgres and imported; then the same
// file again. Prints rows/s, each import's time, the orders it took in, and the API process's
// peak RSS (the file must stream, never be held whole).

import { once } from 'node:events';
import { createWriteStream, openAsBlob } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { ALL_ORDERS_COLUMNS, allOrdersRows } from '@crossdock/api/amazon-reports';
import { runImport } from '@crossdock/api/channel-imports';
import { createShop } from '@crossdock/api/channel-shops';
import { orders } from '@crossdock/db/schema';
import { createTemplateDatabase } from '@crossdock/db/test-databases';
import { createShopInput } from '@crossdock/domain/channels';
import { sql } from 'drizzle-orm';
import { startApi } from './api-instance';
import { BENCH_ADMIN, benchSeller } from './seller-fixture';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const ROWS = Number(process.env.IMPORT_ROWS ?? 100_000);
const DE = 'A1PA6795UKMFR9';

/** mulberry32, so every run writes the same file. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes the report: returns how many orders it holds. */
async function writeReport(path: string, skuCodes: string[], now: Date): Promise<number> {
  const out = createWriteStream(path);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(`${ALL_ORDERS_COLUMNS.join('\t')}\n`);
  const random = seeded(2026);
  const year = 365 * 86_400_000;
  let rows = 0;
  let orderCount = 0;
  while (rows < ROWS) {
    orderCount++;
    // Spread over the year by rows written, the last a day ago.
    const at = new Date(now.getTime() - year + (rows / ROWS) * (year - 86_400_000));
    const open = now.getTime() - at.getTime() < 2 * 86_400_000;
    const status = random() < 0.03 ? 'Canceled' : open ? 'Unshipped' : 'Shipped';
    const lines = Math.min(ROWS - rows, 1 + Math.floor(random() * random() * 4));
    const picked = new Set<string>();
    while (picked.size < lines) picked.add(skuCodes[Math.floor(random() * skuCodes.length)]!);
    const id = `302-${String(1_000_000 + orderCount).padStart(7, '0')}-${String(Math.floor(random() * 1e7)).padStart(7, '0')}`;
    const money = (amount: number) => ({ CurrencyCode: 'EUR', Amount: (amount / 100).toFixed(2) });
    const items = [...picked].map((sku, i) => {
      const quantity = 1 + Math.floor(random() * 2);
      const price = 1_990 * quantity;
      return {
        ASIN: `B0${sku
          .replace(/[^A-Z0-9]/g, '')
          .slice(0, 8)
          .padEnd(8, '0')}`,
        SellerSKU: sku,
        OrderItemId: `${orderCount}${i}`,
        Title: `${sku} — Artikel`,
        QuantityOrdered: quantity,
        QuantityShipped: status === 'Shipped' ? quantity : 0,
        ItemPrice: money(price),
        ItemTax: money(Math.round(price - price / 1.19)),
        ShippingPrice: money(i === 0 ? 490 : 0),
        ShippingTax: money(i === 0 ? 78 : 0),
        PromotionDiscount: money(0),
      };
    });
    const order = {
      AmazonOrderId: id,
      PurchaseDate: at.toISOString(),
      // Changed two days after purchase, or an hour ago for the latest.
      LastUpdateDate: new Date(
        Math.min(at.getTime() + 2 * 86_400_000, now.getTime() - 3_600_000),
      ).toISOString(),
      OrderStatus: status,
      FulfillmentChannel: random() < 0.6 ? 'AFN' : 'MFN',
      SalesChannel: 'Amazon.de',
      ShipServiceLevel: 'Std DE Dom_1',
      ShippingAddress: { City: 'Hamburg', PostalCode: '20095', CountryCode: 'DE' },
    } as const;
    for (const row of allOrdersRows(order as never, items as never)) await write(`${row.join('\t')}\n`);
    rows += items.length;
  }
  out.end();
  await once(out, 'finish');
  return orderCount;
}

export async function channelsImportBench(): Promise<void> {
  process.env.JOBS = 'off';
  const dbName = `cd_bench_import_${Date.now().toString(36)}`;
  const url = await createTemplateDatabase(ADMIN_URL, dbName);
  const api = await startApi(url, dbName);
  const deps = api.deps;
  const file = `/tmp/${dbName}-all-orders.txt`;
  try {
    const { admin, warehouse, sold } = await benchSeller(deps, {
      code: 'BENCH-DE',
      name: 'Bench DE',
      country: 'DE',
    });
    const now = new Date();
    const shop = await createShop(
      deps,
      { id: admin.id, ip: null, requestId: null, at: now },
      createShopInput.parse({
        name: 'Bench Amazon DE',
        platform: 'amazon',
        marketplace: DE,
        currency: 'EUR',
        timeZone: 'Europe/Berlin',
        warehouseId: warehouse.id,
        credentials: {
          platform: 'amazon',
          sellingPartnerId: 'A1BENCHSELLER',
          clientId: 'amzn1.application-oa2-client.bench',
          clientSecret: 'bench',
          refreshToken: 'Atzr|bench',
        },
      }),
    );
    const written = performance.now();
    const orderCount = await writeReport(
      file,
      sold.map((s) => s.code),
      now,
    );
    const bytes = (await stat(file)).size;
    console.log(
      `wrote ${ROWS} rows (${orderCount} orders, ${(bytes / 1024 / 1024).toFixed(1)} MB) in ${((performance.now() - written) / 1000).toFixed(1)} s`,
    );
    const login = await fetch(`${api.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        json: { ...BENCH_ADMIN, kind: 'staff' },
      }),
    });
    const token = ((await login.json()) as { result: { data: { json: { accessToken: string } } } }).result
      .data.json.accessToken;

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 100);
    const importOnce = async (label: string) => {
      const started = performance.now();
      const form = new FormData();
      form.append('shopId', shop.id);
      // A file-backed blob: the client streams it from disk too.
      form.append('file', await openAsBlob(file), 'All Orders.txt');
      const uploaded = await fetch(`${api.url}/uploads/channel-imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      const body = (await uploaded.json()) as { import: { id: string } };
      const uploadSeconds = (performance.now() - started) / 1000;
      const uploadPeak = peakRss;
      const result = (await runImport(deps, (await startImport(api.url, token, body.import.id)).id))!;
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${label}: ${seconds.toFixed(1)} s (upload and preview ${uploadSeconds.toFixed(1)} s, peak RSS by then ${(uploadPeak / 1024 / 1024).toFixed(0)} MB), ${(result.rowsRead / seconds).toFixed(0)} rows/s; ` +
          `${result.itemsNew} new, ${result.itemsUpdated} updated, ${result.itemsUnchanged} unchanged, ${result.rowsFailed} bad rows`,
      );
    };
    const before = process.memoryUsage().rss;
    console.log(`RSS of the API process before importing: ${(before / 1024 / 1024).toFixed(0)} MB`);
    await importOnce('first import');
    if (process.env.SHOW_ERRORS) {
      const rows = await deps.db.execute(
        sql`select message_key, message_values, "column", count(*)::int as n from channel_import_errors group by 1, 2, 3 order by n desc limit 5`,
      );
      console.log(rows);
    }
    await importOnce('same file again');
    clearInterval(sampler);
    const [book] = await deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(orders)
      .where(sql`${orders.shopId} = ${shop.id}`);
    console.log(
      `orders in the book: ${book!.n}; peak RSS of the API process ${(peakRss / 1024 / 1024).toFixed(0)} MB, ` +
        `${((peakRss - before) / 1024 / 1024).toFixed(0)} MB above what it held before importing`,
    );
  } finally {
    await rm(file, { force: true });
    await api.close();
  }
}

/** channels.imports.start over tRPC, as the desktop calls it. */
async function startImport(base: string, token: string, id: string): Promise<{ id: string }> {
  const res = await fetch(`${base}/trpc/channels.imports.start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ json: { id } }),
  });
  const body = (await res.json()) as { result?: { data: { json: { id: string } } }; error?: unknown };
  if (!body.result) throw new Error(`start failed: ${JSON.stringify(body.error)}`);
  return body.result.data.json;
}
