// The HTTP response cache in front of the shop's catalog reads: a repeated GET is answered from a
// kept body, and after any catalog change the next GET is built afresh. Raw HTTP, so the test
// sees exactly what a browser gets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uncachedCatalog } from '../src/modules/catalog/cache';
import { buildServer } from '../src/server';
import { createTestApp, type TestApp } from './harness';

let app: TestApp;
let server: Awaited<ReturnType<typeof buildServer>>;
let base: string;
let staff: Awaited<ReturnType<TestApp['staff']>>['api'];
let product: Awaited<ReturnType<typeof staff.catalog.products.create>>;

beforeAll(async () => {
  app = await createTestApp();
  server = await buildServer(app.deps);
  base = await server.listen({ host: '127.0.0.1', port: 0 });
  staff = (await app.staff(['Administrator'])).api;
  const category = await staff.catalog.categories.create({
    name: { en: 'Garden' },
    slug: 'garden',
    parentId: null,
  });
  product = await staff.catalog.products.create({
    slug: 'watering-can',
    title: { en: 'Watering can' },
    categoryId: category.id,
    skuPrefix: 'CAN',
  });
  await staff.catalog.products.updateSkus({
    productId: product.id,
    skus: [{ id: product.skus[0]!.id, basePrice: 2500 }],
  });
  await staff.catalog.products.setStatus({ id: product.id, status: 'active' });
});
afterAll(async () => {
  await server?.close();
  await app?.cleanup();
});

const query = (path: string, input: unknown) =>
  `${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
const batch = (paths: string[], inputs: unknown[]) =>
  `${base}/trpc/${paths.join(',')}?batch=1&input=${encodeURIComponent(
    JSON.stringify(Object.fromEntries(inputs.map((input, i) => [i, { json: input }]))),
  )}`;

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return {
    status: response.status,
    hit: response.headers.get('x-cache') === 'hit',
    headers: response.headers,
    body: await response.text(),
  };
}
const pageUrl = () => query('shop.product', { slug: 'watering-can', currency: 'USD' });
const priceIn = (body: string) => JSON.parse(body).result.data.json.skus[0].price.amount as number;

describe('HTTP response cache', () => {
  it('answers a repeated GET from the kept body, byte for byte, with the same headers', async () => {
    const first = await get(pageUrl(), { origin: 'http://localhost:5173' });
    const second = await get(pageUrl(), { origin: 'http://localhost:5173' });
    expect(first.hit).toBe(false);
    expect(second.hit).toBe(true);
    expect(second.body).toBe(first.body);
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(second.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(second.headers.get('x-request-id')).toBeTruthy();
  });

  it('builds the response afresh after a price change, a rate change and a rename', async () => {
    await get(pageUrl());
    await staff.catalog.products.updateSkus({
      productId: product.id,
      skus: [{ id: product.skus[0]!.id, basePrice: 2700 }],
    });
    const afterPrice = await get(pageUrl());
    expect(afterPrice.hit).toBe(false);
    expect(priceIn(afterPrice.body)).toBe(2700);

    const eur = query('shop.product', { slug: 'watering-can', currency: 'EUR' });
    const before = priceIn((await get(eur)).body);
    await staff.catalog.currencies.update({ code: 'EUR', rate: '2' });
    const afterRate = await get(eur);
    expect(afterRate.hit).toBe(false);
    expect(priceIn(afterRate.body)).not.toBe(before);

    const listing = query('shop.products', { category: 'garden' });
    await get(listing);
    expect((await get(listing)).hit).toBe(true);
    await staff.catalog.products.update({ id: product.id, title: { en: 'Zinc watering can' } });
    const renamed = await get(listing);
    expect(renamed.hit).toBe(false);
    expect(JSON.parse(renamed.body).result.data.json.items[0].title).toBe('Zinc watering can');
  });

  it('stops serving an unpublished product, and never keeps an error', async () => {
    await get(pageUrl());
    await staff.catalog.products.setStatus({ id: product.id, status: 'draft' });
    const gone = await get(pageUrl());
    expect(gone.status).toBe(404);
    expect((await get(pageUrl())).hit).toBe(false);
    await staff.catalog.products.setStatus({ id: product.id, status: 'active' });
    expect((await get(pageUrl())).status).toBe(200);
  });

  it('keeps batches of catalog reads, and never a batch holding any other procedure', async () => {
    const listing = { category: 'garden' };
    const catalogBatch = batch(['shop.products', 'shop.facets'], [listing, listing]);
    await get(catalogBatch);
    expect((await get(catalogBatch)).hit).toBe(true);

    const mixed = batch(['shop.products', 'auth.me'], [listing, undefined]);
    await get(mixed);
    expect((await get(mixed)).hit).toBe(false);
  });

  it('does not answer a streaming client from the cache', async () => {
    const url = query('shop.categories', {});
    await get(url);
    expect((await get(url)).hit).toBe(true);
    const streamed = await get(url, { 'trpc-accept': 'application/jsonl' });
    expect(streamed.hit).toBe(false);
  });

  it('keeps nothing when the catalog cache is off', async () => {
    const plain = await buildServer({ ...app.deps, catalogCache: uncachedCatalog });
    const plainBase = await plain.listen({ host: '127.0.0.1', port: 0 });
    try {
      const url = `${plainBase}/trpc/shop.categories?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`;
      // Bodies are read: a response left unread keeps its connection busy and the server open.
      await (await fetch(url)).arrayBuffer();
      const again = await fetch(url);
      await again.arrayBuffer();
      expect(again.status).toBe(200);
      expect(again.headers.get('x-cache')).toBeNull();
    } finally {
      await plain.close();
    }
  });
});
