// Product photos over real HTTP: checked by content, size-limited, EXIF-stripped, resized,
// stored, ordered, shown in the shop; every bad file refused with nothing stored.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/server';
import { createTestApp, type TestApp } from './harness';

let app: TestApp;
let server: Awaited<ReturnType<typeof buildServer>>;
let base: string;
let token: string;
let productId: string;

beforeAll(async () => {
  app = await createTestApp();
  server = await buildServer(app.deps);
  base = await server.listen({ host: '127.0.0.1', port: 0 });
  const staff = await app.staff(['Administrator']);
  token = staff.session.accessToken;
  const category = await staff.api.catalog.categories.create({
    name: { en: 'Lamps' },
    slug: 'lamps',
    parentId: null,
  });
  const product = await staff.api.catalog.products.create({
    slug: 'desk-lamp',
    title: { en: 'Desk lamp' },
    categoryId: category.id,
  });
  await staff.api.catalog.products.updateSkus({
    productId: product.id,
    skus: [{ id: product.skus[0]!.id, basePrice: 5900 }],
  });
  await staff.api.catalog.products.setStatus({ id: product.id, status: 'active' });
  productId = product.id;
});
afterAll(async () => {
  await server?.close();
  await app?.cleanup();
});

async function upload(data: Buffer, filename: string, fields: Record<string, string> = {}, auth = token) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(data)]), filename);
  const res = await fetch(`${base}/uploads/products/${productId}/images`, {
    method: 'POST',
    headers: auth ? { authorization: `Bearer ${auth}` } : {},
    body: form,
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      image?: { id: string; urls: Record<string, string> };
      error?: { reason: string };
    },
  };
}

const photo = (width: number, height: number, format: 'png' | 'jpeg' = 'png') =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    [format]()
    .toBuffer();

async function storedFiles(): Promise<string[]> {
  const dir = join(app.deps.config.blobDir, 'products', productId);
  return readdir(dir).catch(() => []);
}

describe('product photo upload', () => {
  it('stores every display size as WebP, without EXIF, and the shop shows it', async () => {
    const withExif = await sharp(await photo(2400, 1600, 'jpeg'))
      .withExif({ IFD0: { Copyright: 'secret-camera-owner', Artist: 'someone' } })
      .jpeg()
      .toBuffer();
    expect((await sharp(withExif).metadata()).exif).toBeDefined();

    const { status, body } = await upload(withExif, 'lamp.jpg', {
      alt_en: 'Brass desk lamp',
      alt_zh: '黄铜台灯',
    });
    expect(status).toBe(201);
    expect(Object.keys(body.image!.urls).sort()).toEqual(['card', 'detail', 'thumb', 'zoom']);

    const zoom = await fetch(`${base}${body.image!.urls.zoom}`);
    expect(zoom.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await zoom.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 1600, height: 1067 });
    expect(meta.exif).toBeUndefined();
    const thumb = await sharp(
      Buffer.from(await (await fetch(`${base}${body.image!.urls.thumb}`)).arrayBuffer()),
    ).metadata();
    expect(thumb.width).toBe(160);

    const page = await app.caller().shop.product({ slug: 'desk-lamp', locale: 'zh-CN' });
    expect(page.images).toEqual([expect.objectContaining({ alt: '黄铜台灯', urls: body.image!.urls })]);
    const listing = await app.caller().shop.products({ category: 'lamps' });
    expect(listing.items[0]!.image).toBe(body.image!.urls.card);
  });

  it('keeps photos in the order staff set', async () => {
    const second = (await upload(await photo(300, 300), 'b.png')).body.image!.id;
    const staff = (await app.staff(['Operations'])).api;
    const detail = await staff.catalog.products.get({ id: productId });
    const first = detail.images[0]!.id;
    const reordered = await staff.catalog.products.reorderImages({ productId, imageIds: [second, first] });
    expect(reordered.images.map((i) => i.id)).toEqual([second, first]);
    expect((await app.caller().shop.product({ slug: 'desk-lamp' })).images[0]!.id).toBe(second);
    await expect(staff.catalog.products.reorderImages({ productId, imageIds: [second] })).rejects.toThrow(
      /exactly once/,
    );
    await staff.catalog.products.deleteImage({ productId, imageId: second });
    expect((await storedFiles()).filter((f) => f.startsWith(second))).toEqual([]);
  });

  it.each([
    [
      'a renamed executable',
      Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(4000)]),
      'photo.png',
      415,
      'UNSUPPORTED_IMAGE',
    ],
    ['a text file', Buffer.from('<html>not an image</html>'), 'x.jpg', 415, 'UNSUPPORTED_IMAGE'],
  ])('refuses %s and stores nothing', async (_label, data, name, status, reason) => {
    const before = await storedFiles();
    const res = await upload(data, name);
    expect(res.status).toBe(status);
    expect(res.body.error?.reason).toBe(reason);
    expect(await storedFiles()).toEqual(before);
  });

  it('refuses a broken image and stores nothing', async () => {
    const png = await photo(800, 800);
    const before = await storedFiles();
    const res = await upload(png.subarray(0, Math.floor(png.length / 2)), 'broken.png');
    expect(res.status).toBe(400);
    expect(res.body.error?.reason).toBe('INVALID_IMAGE');
    expect(await storedFiles()).toEqual(before);
  });

  it('refuses a 50 MB upload', async () => {
    const res = await upload(Buffer.alloc(50 * 1024 * 1024, 1), 'huge.png');
    expect(res.status).toBe(413);
    expect(res.body.error?.reason).toBe('IMAGE_TOO_LARGE');
  });

  it('needs a signed-in staff member with catalog:write', async () => {
    expect((await upload(await photo(10, 10), 'a.png', {}, '')).status).toBe(401);
    const analyst = await app.staff(['Read-only analyst']);
    expect((await upload(await photo(10, 10), 'a.png', {}, analyst.session.accessToken)).status).toBe(403);
  });

  it('serves only stored media, and no path escapes', async () => {
    expect((await fetch(`${base}/media/products/nothing-here.webp`)).status).toBe(404);
    expect((await fetch(`${base}/media/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });
});
