// Importing a shop's orders from a file, over real HTTP: an Amazon All Orders report as Seller
// Central downloads it (written from the simulated Amazon's orders), recognised and previewed
// with the column at fault in each bad row before anything is written, then taken in by a job
// — history shipped before the shop joined recorded as it ended, open orders reserving stock,
// an order with a bad row left out whole — and importing it again changing nothing. Files of
// another kind, binary garbage, a 60 MB file, a missing column and a broken quote are refused
// with words saying so, leaving nothing behind.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { auditLog, channelImports, orders, shops, stockLevels } from '@crossdock/db/schema';
import { SETTLEMENT_V2_COLUMNS } from '@crossdock/domain/channel-imports';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../src/deps';
import { ALL_ORDERS_COLUMNS } from '../src/infra/marketplaces/amazon-reports';
import {
  addSimulatedAmazonListings,
  changeSimulatedAmazonOrder,
  openSimulatedAmazonSeller,
  placeSimulatedAmazonOrder,
  simulatedAllOrdersReport,
} from '../src/infra/marketplaces/amazon-simulator';
import {
  fetchPlatformReport,
  fetchSettlements,
  READY_IMPORT_TTL_MS,
  runImport,
  sweepAbandonedImports,
} from '../src/modules/channels/imports.service';
import { ingestAlone, ingestShopOf } from '../src/modules/channels/ingest.service';
import { requestSync, runSync } from '../src/modules/channels/sync.service';
import { buildServer } from '../src/server';
import { expectReason } from './errors';
import { createTestApp, type TestApp } from './harness';

const DE = 'A1PA6795UKMFR9';
const SELLER = 'A1IMPORTSELLER';

let app: TestApp;
let deps: AppDeps;
let server: Awaited<ReturnType<typeof buildServer>>;
let base: string;
let token: string;
let staff: Awaited<ReturnType<TestApp['staff']>>['api'];
let shopId: string;
let warehouseId: string;
let lampSku: string;
let report: string;

beforeAll(async () => {
  app = await createTestApp();
  deps = app.deps;
  server = await buildServer(app.deps);
  base = await server.listen({ host: '127.0.0.1', port: 0 });
  // The connectors reach the simulated Amazon where this server listens.
  app.deps.config.publicApiUrl = base;
  const admin = await app.staff(['Administrator']);
  staff = admin.api;
  token = admin.session.accessToken;
  warehouseId = (
    await staff.inventory.createWarehouse({ code: 'SZ-9', name: 'Shenzhen', country: 'CN', kind: 'own' })
  ).id;
  const category = await staff.catalog.categories.create({
    name: { en: 'Lighting' },
    slug: 'lighting',
    parentId: null,
  });
  const product = await staff.catalog.products.create({
    slug: 'arc-lamp',
    title: { en: 'Arc lamp' },
    categoryId: category.id,
  });
  lampSku = product.skus[0]!.id;
  await staff.catalog.products.updateSkus({
    productId: product.id,
    skus: [{ id: lampSku, code: 'LAMP-ARC', basePrice: 9_000, weightGrams: 900 }],
  });
  await staff.inventory.adjust({ skuId: lampSku, warehouseId, quantity: 40, reason: 'opening' });

  // A seller's past on Amazon.de, before the shop joins Crossdock.
  await openSimulatedAmazonSeller(app.deps.db, {
    sellingPartnerId: SELLER,
    storeName: 'Import Waren',
    region: 'eu',
    marketplaceIds: [DE],
    lwaClientId: 'amzn1.application-oa2-client.import',
    lwaClientSecret: 'import-secret',
    refreshToken: 'Atzr|import',
  });
  await addSimulatedAmazonListings(app.deps.db, SELLER, [
    { marketplaceId: DE, sellerSku: 'LAMP-ARC', title: 'Bogenleuchte, "Messing"', price: '99.00' },
    { marketplaceId: DE, sellerSku: 'LAMP-SET-2', title: 'Bogenleuchte im Zweierpack', price: '189.00' },
  ]);
  const daysAgo = (days: number) => new Date(app.clock.now().getTime() - days * 86_400_000);
  const place = (days: number, lines: { sellerSku: string; quantity: number }[]) =>
    placeSimulatedAmazonOrder(app.deps.db, SELLER, {
      marketplaceId: DE,
      buyer: { name: 'Lena Schmidt' },
      address: { line1: 'Hauptstraße 5', city: 'Hamburg', postalCode: '20095', countryCode: 'DE' },
      lines,
      shipping: '4.90',
      taxRate: 0.19,
      at: daysAgo(days),
    });
  for (let i = 0; i < 8; i++) {
    const id = await place(60 - i * 5, [{ sellerSku: 'LAMP-ARC', quantity: 1 + (i % 2) }]);
    await changeSimulatedAmazonOrder(app.deps.db, id, 'shipped', daysAgo(59 - i * 5));
  }
  const cancelled = await place(20, [{ sellerSku: 'LAMP-ARC', quantity: 1 }]);
  await changeSimulatedAmazonOrder(app.deps.db, cancelled, 'cancelled', daysAgo(20));
  // Still to ship, and one of a bundle no SKU of ours is linked to yet.
  await place(1, [{ sellerSku: 'LAMP-ARC', quantity: 3 }]);
  await place(1, [{ sellerSku: 'LAMP-SET-2', quantity: 1 }]);
  report = await simulatedAllOrdersReport(app.deps.db, SELLER, {
    marketplaceId: DE,
    from: daysAgo(90),
    to: app.clock.now(),
  });

  shopId = (
    await staff.channels.shops.create({
      name: 'Import Waren — Amazon DE',
      platform: 'amazon',
      marketplace: DE,
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      warehouseId,
      credentials: {
        platform: 'amazon',
        sellingPartnerId: SELLER,
        clientId: 'amzn1.application-oa2-client.import',
        clientSecret: 'import-secret',
        refreshToken: 'Atzr|import',
      },
    })
  ).id;
});

afterAll(async () => {
  await server?.close();
  await app?.cleanup();
});

type Upload = {
  import?: { id: string; format: string; status: string; headerRow: number; delimiter: string };
  preview?: {
    row: number;
    cells: Record<string, string>;
    problems: { column: string | null; message: string }[];
  }[];
  importedBefore?: { id: string } | null;
  error?: { reason: string; message: string; details: Record<string, unknown> | null };
};

async function upload(data: string | Uint8Array, filename = 'All Orders.txt', shop = shopId, locale = 'en') {
  const form = new FormData();
  form.append('shopId', shop);
  form.append('file', new Blob([typeof data === 'string' ? data : new Uint8Array(data)]), filename);
  const res = await fetch(`${base}/uploads/channel-imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'accept-language': locale },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as Upload };
}

/** Starts an uploaded import and works it to its end, as the job would; returns how it ended. */
async function imported(id: string) {
  await staff.channels.imports.start({ id });
  await runImport(deps, id);
  return staff.channels.imports.get({ id });
}

/** The report with one cell of one data row (1-based, after the header) replaced. */
function withCell(text: string, dataRow: number, column: (typeof ALL_ORDERS_COLUMNS)[number], value: string) {
  const lines = text.split('\n');
  const cells = lines[dataRow]!.split('\t');
  cells[ALL_ORDERS_COLUMNS.indexOf(column)] = value;
  lines[dataRow] = cells.join('\t');
  return lines.join('\n');
}

async function importFile(text: string) {
  const uploaded = await upload(text);
  expect(uploaded.status).toBe(201);
  const id = uploaded.body.import!.id;
  await staff.channels.imports.start({ id });
  // The job runs in the background; here it is worked to its end (a second call finds it taken).
  await runImport(deps, id);
  return staff.channels.imports.get({ id });
}

const importRows = async () => app.deps.db.select().from(channelImports);
const storedImports = async () => readdir(join(app.deps.config.blobDir, 'imports')).catch(() => []);

describe('an Amazon All Orders report', () => {
  it('is recognised and previewed with the column at fault in each bad row, nothing imported yet', async () => {
    const bad = withCell(withCell(report, 2, 'quantity', '-1'), 3, 'currency', 'XYZ');
    const { status, body } = await upload(bad);
    expect(status).toBe(201);
    expect(body.import).toMatchObject({
      format: 'amazon_all_orders',
      status: 'ready',
      headerRow: 1,
      delimiter: '\t',
    });
    expect(body.preview!.length).toBe(11);
    expect(body.preview![0]!.problems).toEqual([]);
    expect(body.preview![1]!.problems).toEqual([
      { column: 'quantity', message: 'The quantity must be a whole number of 0 or more, not “-1”' },
    ]);
    expect(body.preview![2]!.problems).toEqual([{ column: 'currency', message: 'Unknown currency “XYZ”' }]);
    expect(await app.deps.db.select().from(orders).where(eq(orders.shopId, shopId))).toEqual([]);
  });

  it('is taken in by a job: history as it ended, open orders reserving stock, a bad row’s order left out whole', async () => {
    const bad = withCell(report, 2, 'quantity', '1.5');
    const result = await importFile(bad);
    expect(result).toMatchObject({
      status: 'succeeded',
      progress: 1,
      rowsRead: 11,
      rowsFailed: 1,
      // 8 shipped (one held back by its bad row), 2 still to ship, and the cancelled one, which is
      // kept as Amazon's but never enters the order book.
      itemsNew: 10,
      itemsSkipped: 1,
      itemsWaiting: 1,
      error: null,
    });
    const book = await app.deps.db.select().from(orders).where(eq(orders.shopId, shopId));
    expect(book.filter((o) => o.status === 'shipped')).toHaveLength(7);
    expect(book.filter((o) => o.status === 'paid')).toHaveLength(1);
    const open = book.find((o) => o.status === 'paid')!;
    expect(open).toMatchObject({
      channel: 'amazon',
      currency: 'EUR',
      taxInclusive: true,
      subtotal: 29_700,
      shipping: 490,
    });
    expect(open.shippingAddress).toMatchObject({ city: 'Hamburg', country: 'DE' });
    // History moved no stock; the open order reserved its three lamps.
    const [level] = await app.deps.db
      .select()
      .from(stockLevels)
      .where(and(eq(stockLevels.skuId, lampSku), eq(stockLevels.warehouseId, warehouseId)));
    expect(level).toMatchObject({ onHand: 40, reserved: 3 });
    const errors = await staff.channels.imports.errors({ id: result.id });
    expect(errors.items).toEqual([
      { row: 3, column: 'quantity', message: 'The quantity must be a whole number of 0 or more, not “1.5”' },
    ]);
    // The file is not kept once it is worked.
    expect(await storedImports()).not.toContain(`${result.id}.txt`);
    const audit = await app.deps.db.select().from(auditLog).where(eq(auditLog.entityId, shopId));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['channel.import_uploaded', 'channel.import_started']),
    );
  });

  it('changes nothing when imported again, and updates what changed since', async () => {
    const again = await upload(report);
    expect(again.body.importedBefore).toBeNull();
    const same = await importFile(report);
    // The order held back last time comes in now; the rest are unchanged.
    expect(same).toMatchObject({
      status: 'succeeded',
      itemsNew: 1,
      itemsUpdated: 0,
      itemsUnchanged: 10,
      rowsFailed: 0,
    });
    const twice = await importFile(report);
    expect(twice).toMatchObject({ itemsNew: 0, itemsUpdated: 0, itemsUnchanged: 11 });
    expect((await upload(report)).body.importedBefore).toMatchObject({ id: twice.id });
    // Amazon cancels the open order: a newer report updates it and releases the stock.
    const lines = report.trim().split('\n');
    const openRow = lines.findIndex((l) => l.includes('\tUnshipped\t') && l.includes('\tLAMP-ARC\t'));
    const cancelled = withCell(
      withCell(report, openRow, 'order-status', 'Cancelled'),
      openRow,
      'last-updated-date',
      `${app.clock.now().toISOString().slice(0, 19)}+00:00`,
    );
    const updated = await importFile(cancelled);
    expect(updated).toMatchObject({ itemsNew: 0, itemsUpdated: 1, itemsUnchanged: 10 });
    const [level] = await app.deps.db
      .select()
      .from(stockLevels)
      .where(and(eq(stockLevels.skuId, lampSku), eq(stockLevels.warehouseId, warehouseId)));
    expect(level!.reserved).toBe(0);
  });

  it('refuses repeated rows and counts an order split by another', async () => {
    const lines = report.trim().split('\n');
    const repeated = `${[...lines, lines[1]!, lines[1]!].join('\n')}\n`;
    const result = await importFile(repeated);
    expect(result.rowsFailed).toBe(2);
    const errors = await staff.channels.imports.errors({ id: result.id });
    expect(errors.items.map((e) => e.column)).toEqual(['amazon-order-id', 'amazon-order-id']);
  });
});

describe('a Shopify orders export', () => {
  it('is imported into a Shopify shop: its orders by Shopify’s ids, history as it ended', async () => {
    const shopify = await staff.channels.shops.create({
      name: 'Import Waren — Shopify',
      platform: 'shopify',
      marketplace: 'import-waren',
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      warehouseId,
      credentials: {
        platform: 'shopify',
        shopDomain: 'import-waren.myshopify.com',
        accessToken: 'shpat_import',
        webhookSecret: 'whsec_import',
      },
    });
    const header =
      'Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Currency,Subtotal,Shipping,Taxes,Total,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Lineitem discount,Shipping Name,Shipping Address1,Shipping City,Shipping Zip,Shipping Country,Cancelled at,Id';
    const file = [
      header,
      '#1001,lena@example.com,paid,2026-09-01 10:00:00 +0200,fulfilled,2026-09-02 09:00:00 +0200,EUR,198.00,4.90,32.39,202.90,Standard,2026-09-01 09:59:00 +0200,2,"Bogenleuchte, Messing",99.00,LAMP-ARC,0.00,Lena Schmidt,Hauptstraße 5,Hamburg,20095,DE,,5100000001',
      '#1002,jonas@example.com,paid,2026-09-03 11:00:00 +0200,,,EUR,99.00,4.90,16.59,103.90,Standard,2026-09-03 10:58:00 +0200,1,Bogenleuchte,99.00,LAMP-ARC,0.00,Jonas Müller,Marienplatz 1,München,80331,DE,2026-09-03 12:00:00 +0200,5100000002',
    ].join('\r\n');
    const form = new FormData();
    form.append('shopId', shopify.id);
    form.append('file', new Blob([`\uFEFF${file}\r\n`]), 'orders_export_1.csv');
    const res = await fetch(`${base}/uploads/channel-imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const uploaded = (await res.json()) as Upload;
    expect(res.status).toBe(201);
    expect(uploaded.import).toMatchObject({ format: 'shopify_orders', delimiter: ',' });
    expect(uploaded.preview![0]!.cells).toMatchObject({ Name: '#1001', 'Lineitem sku': 'LAMP-ARC' });
    expect(await imported(uploaded.import!.id)).toMatchObject({
      status: 'succeeded',
      rowsRead: 2,
      rowsFailed: 0,
      itemsNew: 2,
    });
    const book = await app.deps.db.select().from(orders).where(eq(orders.shopId, shopify.id));
    // The cancelled one is kept as Shopify's, not in the book; the other is history, shipped.
    expect(book).toHaveLength(1);
    expect(book[0]).toMatchObject({
      externalId: 'gid://shopify/Order/5100000001',
      externalNumber: '#1001',
      status: 'shipped',
      taxInclusive: true,
      subtotal: 19_800,
      shipping: 490,
    });
  });
});

describe('a Shopify products export', () => {
  it('keeps the shop’s listings as the file shows them, linked by SKU, with their drift from ours', async () => {
    const shopify = await staff.channels.shops.create({
      name: 'Import Waren — Shopify products',
      platform: 'shopify',
      marketplace: 'import-waren-products',
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      warehouseId,
      stockBuffer: 1,
      credentials: {
        platform: 'shopify',
        shopDomain: 'import-waren-products.myshopify.com',
        accessToken: 'shpat_products',
        webhookSecret: 'whsec_products',
      },
    });
    const file = [
      'Title,URL handle,Description,Vendor,Status,SKU,Barcode,Option1 name,Option1 value,Price,Inventory tracker,Inventory quantity,Product image URL',
      'Bogenleuchte,arc-lamp,"<p>Messing, 1,8 m</p>",Import Waren,Active,LAMP-ARC,,Title,Default Title,99.00,shopify,3,https://cdn.example/lamp.jpg',
      ',arc-lamp,,,,,,,,,,,https://cdn.example/lamp-2.jpg',
      'Lampenschirm,shade,,Import Waren,Draft,SHADE-LINEN,,Farbe,Leinen,19.90,shopify,0,',
    ].join('\n');
    const uploaded = await upload(`${file}\n`, 'products_export_1.csv', shopify.id);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.import).toMatchObject({ format: 'shopify_products' });
    expect(await imported(uploaded.body.import!.id)).toMatchObject({
      status: 'succeeded',
      rowsRead: 2,
      rowsFailed: 0,
      itemsNew: 2,
      // The linen shade is no SKU of ours.
      itemsWaiting: 1,
    });
    const listed = await staff.channels.listings.list({ shopId: shopify.id, limit: 10 });
    const lamp = listed.items.find((l) => l.sellerSku === 'LAMP-ARC')!;
    const [stock] = await app.deps.db
      .select()
      .from(stockLevels)
      .where(and(eq(stockLevels.skuId, lampSku), eq(stockLevels.warehouseId, warehouseId)));
    expect(lamp).toMatchObject({
      title: 'Bogenleuchte',
      linkedBy: 'sku',
      platformPrice: 9900,
      platformCurrency: 'EUR',
      platformQuantity: 3,
      platformActive: true,
      // 3 on Shopify against what we can sell less the buffer of 1.
      quantityDrift: 3 - (stock!.onHand - stock!.reserved - 1),
    });
    expect(lamp.priceDrift).toEqual(expect.any(Number));
    expect(listed.items.find((l) => l.sellerSku === 'SHADE-LINEN')).toMatchObject({
      title: 'Lampenschirm - Leinen',
      linkedBy: null,
      platformActive: false,
      priceDrift: null,
    });
    // The same file again changes nothing.
    const again = await upload(`${file}\n`, 'products_export_1.csv', shopify.id);
    expect(await imported(again.body.import!.id)).toMatchObject({
      itemsNew: 0,
      itemsUpdated: 0,
      itemsUnchanged: 2,
    });
  });
});

describe('an Amazon settlement report (V2)', () => {
  it('sets what Amazon kept of each order it settles; an order not in the book yet takes it when it comes', async () => {
    const inBook = await app.deps.db
      .select({ id: orders.id, externalId: orders.externalId })
      .from(orders)
      .where(eq(orders.shopId, shopId))
      .orderBy(orders.number)
      .limit(2);
    const [first, second] = inBook.map((o) => o.externalId!);
    const later = '302-9999999-0000001';
    const columns = SETTLEMENT_V2_COLUMNS;
    const row = (fields: Record<string, string>) => columns.map((c) => fields[c] ?? '').join('\t');
    const amount = (orderId: string, shipment: string, type: string, description: string, value: string) =>
      row({
        'settlement-id': '1234567890',
        'transaction-type': 'Order',
        'order-id': orderId,
        'shipment-id': shipment,
        'marketplace-name': 'Amazon.de',
        'amount-type': type,
        'amount-description': description,
        amount: value,
        'posted-date': '2026-11-02',
        'posted-date-time': '2026-11-02 10:00:00 UTC',
        'order-item-code': '61234567890123',
        sku: 'LAMP-ARC',
      });
    const file = [
      columns.join('\t'),
      row({
        'settlement-id': '1234567890',
        'settlement-start-date': '2026-11-01 00:00:00 UTC',
        'settlement-end-date': '2026-11-15 00:00:00 UTC',
        'deposit-date': '2026-11-17 00:00:00 UTC',
        'total-amount': '250.00',
        currency: 'EUR',
      }),
      amount(first!, 'S1', 'ItemPrice', 'Principal', '99.00'),
      amount(first!, 'S1', 'ItemFees', 'Commission', '-14.85'),
      amount(first!, 'S1', 'ItemFees', 'FixedClosingFee', '-0.81'),
      amount(second!, 'S2', 'ItemPrice', 'Principal', '198.00'),
      amount(second!, 'S2', 'ItemFees', 'Commission', '-29.70'),
      amount(later, 'S3', 'ItemFees', 'Commission', '-7.50'),
      row({
        'settlement-id': '1234567890',
        'transaction-type': 'other-transaction',
        'amount-type': 'other-transaction',
        'amount-description': 'Subscription Fee',
        amount: '-39.00',
        'posted-date': '2026-11-01',
      }),
    ].join('\n');
    const uploaded = await upload(`${file}\n`, 'settlement.txt');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.import).toMatchObject({ format: 'amazon_settlement_v2', delimiter: '\t' });
    expect(uploaded.body.preview!.every((p) => p.problems.length === 0)).toBe(true);
    expect(await imported(uploaded.body.import!.id)).toMatchObject({
      status: 'succeeded',
      rowsRead: 8,
      rowsFailed: 0,
      // Three orders' transactions; the third's order is not in the book yet.
      itemsNew: 3,
      itemsWaiting: 1,
    });
    const fees = async () =>
      new Map(
        (
          await app.deps.db
            .select({ externalId: orders.externalId, fees: orders.platformFees })
            .from(orders)
            .where(eq(orders.shopId, shopId))
        ).map((o) => [o.externalId, o.fees]),
      );
    expect((await fees()).get(first!)).toBe(1566);
    expect((await fees()).get(second!)).toBe(2970);
    // The same settlement again changes nothing.
    const again = await upload(`${file}\n`, 'settlement.txt');
    expect(await imported(again.body.import!.id)).toMatchObject({
      itemsNew: 0,
      itemsUpdated: 0,
      itemsUnchanged: 3,
    });
    // The order Amazon settled before it reached us comes in with its fees.
    const [shopRow] = await app.deps.db.select().from(shops).where(eq(shops.id, shopId));
    await ingestAlone(deps, ingestShopOf(shopRow!), {
      externalId: later,
      externalNumber: later,
      status: 'unshipped',
      fulfilledBy: 'merchant',
      currency: 'EUR',
      // Bought days ago, settled, and only now reaching us.
      purchasedAt: new Date(app.clock.now().getTime() - 3 * 86_400_000).toISOString(),
      updatedAt: app.clock.now().toISOString(),
      buyer: { name: 'Lena Schmidt', email: null },
      shippingAddress: null,
      lines: [
        {
          externalId: '61234567890777',
          sellerSku: 'LAMP-ARC',
          listingExternalId: null,
          title: 'Bogenleuchte',
          barcode: null,
          quantity: 1,
          unitPrice: 9900,
          discount: 0,
          tax: 1581,
        },
      ],
      taxIncluded: true,
      shippingService: null,
      shipping: 0,
      shippingTax: 0,
      fees: null,
    });
    expect((await fees()).get(later)).toBe(750);
  });
});

describe('settlements fetched from Amazon', () => {
  it('imports each settlement Amazon made, once: the orders it settled get their fees', async () => {
    const started = await fetchSettlements(deps);
    expect(started).toBeGreaterThanOrEqual(3);
    const fetched = await app.deps.db
      .select()
      .from(channelImports)
      .where(
        and(
          eq(channelImports.shopId, shopId),
          eq(channelImports.source, 'platform'),
          eq(channelImports.format, 'amazon_settlement_v2'),
        ),
      );
    expect(fetched).toHaveLength(started);
    for (const job of fetched) await runImport(deps, job.id);
    const done = await app.deps.db
      .select()
      .from(channelImports)
      .where(
        and(
          eq(channelImports.shopId, shopId),
          eq(channelImports.format, 'amazon_settlement_v2'),
          eq(channelImports.source, 'platform'),
        ),
      );
    expect(done.map((d) => [d.status, d.rowsFailed, d.error])).toEqual(
      done.map(() => ['succeeded', 0, null]),
    );
    expect(
      done.reduce((n, d) => n + d.itemsNew + d.itemsUpdated + d.itemsUnchanged, 0),
    ).toBeGreaterThanOrEqual(8);
    // The shipped history: Amazon kept 15 % of each lamp's price.
    const shipped = await app.deps.db
      .select({ subtotal: orders.subtotal, fees: orders.platformFees })
      .from(orders)
      .where(and(eq(orders.shopId, shopId), eq(orders.status, 'shipped')));
    const settled = shipped.filter((o) => o.fees > 0);
    expect(settled.length).toBeGreaterThanOrEqual(6);
    // One lamp line each: the commission is 15 % of its price (VAT in, as Amazon.de prices are);
    // the two the uploaded settlement above covered carry its fees too.
    const commission = (o: { subtotal: number }) => Math.round(o.subtotal * 0.15);
    for (const o of settled) expect(o.fees).toBeGreaterThanOrEqual(commission(o));
    expect(settled.filter((o) => o.fees === commission(o)).length).toBeGreaterThanOrEqual(settled.length - 2);
    // Asked again, Amazon's settlements are all imported already.
    expect(await fetchSettlements(deps)).toBe(0);
  });
});

describe('an eBay Seller Hub orders report', () => {
  it('is imported into an eBay shop past its blank lines and trailer, an order of several items whole', async () => {
    const ebay = await staff.channels.shops.create({
      name: 'Import Waren — eBay',
      platform: 'ebay',
      marketplace: 'ebay.com',
      currency: 'USD',
      timeZone: 'America/Los_Angeles',
      warehouseId,
      credentials: { platform: 'ebay', oauthToken: 'v^1.1#i^1#import' },
    });
    const columns =
      'Sales Record Number,Order Number,Buyer Username,Buyer Name,Buyer Email,Ship To Name,Ship To Address 1,Ship To City,Ship To State,Ship To Zip,Ship To Country,Item Number,Item Title,Custom Label,Quantity,Sold For,Shipping And Handling,Seller Collected Tax,Total Price,Sale Date,Paid On Date,Shipped On Date,Transaction ID';
    const empty = ',,,,,,,,,,,,,,,,,,,,,,';
    const file = [
      empty,
      columns,
      empty,
      '1001,12-34567-89012,ada_l,Ada Lovelace,ada@example.com,Ada Lovelace,1 Harbour St,Boston,MA,02110,United States,335001234567,"Arc lamp, brass",LAMP-ARC,2,$45.99,$5.00,$0.00,$96.98,Sep-01-26,Sep-01-26,Sep-03-26,2345678901001',
      '1002,12-34567-89013,jonas_m,Jonas Miller,,Jonas Miller,5 Main St,Austin,TX,73301,United States,,,,3,,$7.50,$0.00,"$1,097.49",Nov-30-26,Nov-30-26,,',
      '1002,12-34567-89013,,,,,,,,,,335001234568,Arc lamp,LAMP-ARC,1,$90.00,,,,,,,2345678901002',
      '1002,12-34567-89013,,,,,,,,,,335001234569,Brass shade,SHADE-BRASS,2,$499.99,,,,,,,2345678901003',
      empty,
      `2 record(s) downloaded${empty}`,
      empty,
      `Seller ID: import-waren${empty}`,
    ].join('\r\n');
    const uploaded = await upload(file, 'eBay-OrdersReport-Dec-01-2026.csv', ebay.id);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.import).toMatchObject({ format: 'ebay_orders', headerRow: 2 });
    expect(uploaded.body.preview!.map((p) => [p.row, p.cells['Order Number'], p.problems])).toEqual([
      [4, '12-34567-89012', []],
      [5, '12-34567-89013', []],
      [6, '12-34567-89013', []],
      [7, '12-34567-89013', []],
    ]);
    expect(await imported(uploaded.body.import!.id)).toMatchObject({
      status: 'succeeded',
      rowsRead: 4,
      rowsFailed: 0,
      itemsNew: 2,
      // The shade is linked to none of our SKUs yet.
      itemsWaiting: 1,
    });
    const book = await app.deps.db.select().from(orders).where(eq(orders.shopId, ebay.id));
    // The shipped order is history; the other waits for its shade's link before it enters.
    expect(book).toHaveLength(1);
    expect(book[0]).toMatchObject({
      externalId: '12-34567-89012',
      externalNumber: '12-34567-89012',
      status: 'shipped',
      currency: 'USD',
      subtotal: 9198,
      shipping: 500,
      taxInclusive: false,
    });
    // The same file again changes nothing.
    const again = await upload(file, 'eBay-OrdersReport-Dec-01-2026.csv', ebay.id);
    expect(again.body.importedBefore).toMatchObject({ id: uploaded.body.import!.id });
    expect(await imported(again.body.import!.id)).toMatchObject({
      status: 'succeeded',
      itemsNew: 0,
      itemsUpdated: 0,
      itemsUnchanged: 2,
    });
  });
});

describe('an import fetched from Amazon', () => {
  it('asks the Reports API for the All Orders report, waits while Amazon makes it, fetches and imports it', async () => {
    const daysAgo = (days: number) => new Date(app.clock.now().getTime() - days * 86_400_000);
    const window = { from: daysAgo(70), to: daysAgo(40) };
    const requested = await staff.channels.imports.fromPlatform({ shopId, ...window });
    expect(requested).toMatchObject({ status: 'fetching', source: 'platform', format: 'amazon_all_orders' });
    const job = { importId: requested.id, from: window.from.toISOString(), to: window.to.toISOString() };
    expect(await fetchPlatformReport(deps, job)).toBe('asked');
    // Amazon queues the report, then makes it in a few seconds.
    expect(await fetchPlatformReport(deps, job)).toBe('waiting');
    expect((await staff.channels.imports.get({ id: requested.id })).status).toBe('fetching');
    app.clock.advance(5_000);
    expect(await fetchPlatformReport(deps, job)).toBe('started');
    await runImport(deps, requested.id);
    const done = await staff.channels.imports.get({ id: requested.id });
    // The four orders last changed in that window; the files above brought them in already.
    expect(done).toMatchObject({
      status: 'succeeded',
      rowsRead: 4,
      itemsUnchanged: 4,
      itemsNew: 0,
      rowsFailed: 0,
    });
    expect(done.platformReportId).toMatch(/^\d+$/);
    // A second call for a finished import does nothing.
    expect(await fetchPlatformReport(deps, job)).toBeNull();
  });

  it('refuses a window longer than 31 days, or one that ends before it starts', async () => {
    const daysAgo = (days: number) => new Date(app.clock.now().getTime() - days * 86_400_000);
    await expectReason(
      staff.channels.imports.fromPlatform({ shopId, from: daysAgo(90), to: daysAgo(10) }),
      'BAD_REQUEST',
    );
    await expectReason(
      staff.channels.imports.fromPlatform({ shopId, from: daysAgo(5), to: daysAgo(10) }),
      'BAD_REQUEST',
    );
  });
});

describe('an import and a sync of the same shop at once', () => {
  it('take each order in once, whichever reaches it first', async () => {
    // A fresh stretch of the seller's trade, read both from the file and through SP-API.
    const hoursAgo = (hours: number) => new Date(app.clock.now().getTime() - hours * 3_600_000);
    for (let i = 0; i < 12; i++) {
      await placeSimulatedAmazonOrder(app.deps.db, SELLER, {
        marketplaceId: DE,
        buyer: { name: 'Jonas Müller' },
        address: { line1: 'Marienplatz 1', city: 'München', postalCode: '80331', countryCode: 'DE' },
        lines: [{ sellerSku: 'LAMP-ARC', quantity: 1 }],
        taxRate: 0.19,
        at: hoursAgo(5 - i * 0.25),
      });
    }
    const file = await simulatedAllOrdersReport(app.deps.db, SELLER, {
      marketplaceId: DE,
      from: hoursAgo(6),
      to: app.clock.now(),
    });
    const uploaded = await upload(file);
    await staff.channels.imports.start({ id: uploaded.body.import!.id });
    const run = await requestSync(deps, shopId, 'manual', null);
    const [imported, synced] = await Promise.all([
      runImport(deps, uploaded.body.import!.id),
      runSync(deps, run!.id, { sleep: async () => {} }),
    ]);
    expect(imported).toMatchObject({ status: 'succeeded', rowsFailed: 0 });
    expect(synced).toMatchObject({ status: 'succeeded', error: null });
    const [counts] = await app.deps.db
      .select({
        orders: sql<number>`count(*)::int`,
        distinct: sql<number>`count(distinct ${orders.externalId})::int`,
      })
      .from(orders)
      .where(
        and(eq(orders.shopId, shopId), sql`${orders.placedAt} > ${hoursAgo(6).toISOString()}::timestamptz`),
      );
    expect(counts).toEqual({ orders: 12, distinct: 12 });
  });
});

describe('files refused with nothing left behind', () => {
  it('another platform’s file than the shop’s', async () => {
    const shopifyExport =
      'Name,Email,Financial Status,Currency,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Id\n#1001,a@example.com,paid,EUR,2026-09-01 10:00:00 +0200,1,Lamp,99.00,LAMP-ARC,5100000001\n';
    const { status, body } = await upload(shopifyExport, 'orders_export.csv');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      reason: 'IMPORT_WRONG_PLATFORM',
      message: 'This is a Shopify orders export, and this shop sells on Amazon',
    });
    const zh = await upload(shopifyExport, 'orders_export.csv', shopId, 'zh-CN');
    expect(zh.body.error!.message).toBe(
      '这是Shopify 订单导出，而此店铺在 Amazon 上销售：请选择文件所属的店铺。',
    );
  });

  it('a file that is no marketplace report, binary garbage, an empty file', async () => {
    expect((await upload('transaction_id,type,amount\nT1,payment,1.00\n')).body.error?.reason).toBe(
      'IMPORT_FORMAT_UNKNOWN',
    );
    const garbage = await upload(
      Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256),
      'report.txt',
    );
    expect(garbage).toMatchObject({ status: 415, body: { error: { reason: 'IMPORT_NOT_TEXT' } } });
    expect((await upload('')).body.error?.reason).toBe('IMPORT_FORMAT_UNKNOWN');
  });

  it('a report without the columns it needs, naming them', async () => {
    const header = ALL_ORDERS_COLUMNS.filter((c) => c !== 'sku' && c !== 'currency').join('\t');
    const lines = report.split('\n');
    const { body } = await upload([header.replace('item-price', 'item-price'), ...lines.slice(1)].join('\n'));
    // Without sku and currency it is not even recognisable as an All Orders report.
    expect(body.error?.reason).toBe('IMPORT_FORMAT_UNKNOWN');
    const withoutStatus = ALL_ORDERS_COLUMNS.map((c) => (c === 'last-updated-date' ? 'updated' : c)).join(
      '\t',
    );
    const missing = await upload([withoutStatus, ...lines.slice(1)].join('\n'));
    expect(missing.body.error).toMatchObject({
      reason: 'IMPORT_COLUMNS_MISSING',
      details: { columns: 'last-updated-date' },
    });
  });

  it('a broken quote, said with its line', async () => {
    const broken = withCell(report, 3, 'product-name', '"Bogenleuchte');
    const { status, body } = await upload(broken);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ reason: 'IMPORT_MALFORMED' });
  });

  it('a 60 MB file', async () => {
    const before = (await importRows()).length;
    const filesBefore = await storedImports();
    const row = report.split('\n')[1]!;
    const big = `${report}${`${row}\n`.repeat(Math.ceil((60 * 1024 * 1024) / (row.length + 1)))}`;
    const { status, body } = await upload(big);
    expect(status).toBe(413);
    expect(body.error).toMatchObject({ reason: 'IMPORT_TOO_LARGE', details: { limitMb: 50 } });
    expect((await importRows()).length).toBe(before);
    expect(await storedImports()).toEqual(filesBefore);
  });

  it('an unknown shop, and an import started twice', async () => {
    expect((await upload(report, 'a.txt', '00000000-0000-4000-8000-000000000000')).body.error?.reason).toBe(
      'UNKNOWN_SHOP',
    );
    const { body } = await upload(report);
    await staff.channels.imports.start({ id: body.import!.id });
    await expectReason(staff.channels.imports.start({ id: body.import!.id }), 'CONFLICT', 'IMPORT_NOT_READY');
    await runImport(deps, body.import!.id);
  });
  // Last: the clock moves a day on (the session's tokens with it).
  it('an upload checked but never imported, dropped a day later with its file', async () => {
    const { body } = await upload(report);
    const id = body.import!.id;
    expect(await storedImports()).toContain(`${id}.txt`);
    expect(await sweepAbandonedImports(deps)).toBe(0);
    app.clock.advance(READY_IMPORT_TTL_MS + 60_000);
    expect(await sweepAbandonedImports(deps)).toBeGreaterThanOrEqual(1);
    expect(await storedImports()).not.toContain(`${id}.txt`);
    expect((await importRows()).some((r) => r.id === id)).toBe(false);
  });
});
