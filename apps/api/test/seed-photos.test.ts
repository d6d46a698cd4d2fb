// The demo's product photos: one drawn for every product, stored in every size, and drawn only
// once. Drawing does not depend on the database driver (it is sharp and the blob store), so this
// runs in the Postgres project only (see the root vitest.config.ts).

import { productImages } from '@crossdock/db/schema';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageSizes, variantKey } from '../src/modules/catalog/images';
import { seedCatalog, seedProductPhotos } from '../src/seed';
import { createTestApp, type TestApp } from './harness';

let app: TestApp;
let drawn: number;
beforeAll(async () => {
  app = await createTestApp();
  await seedCatalog(app.deps.db);
  drawn = await seedProductPhotos(app.deps.db, app.deps.blobs);
}, 120_000);
afterAll(async () => {
  await app?.cleanup();
});

describe('demo product photos', () => {
  it('draws a photo for every product, stored in every size, once', async () => {
    expect(drawn).toBe(200);
    const rows = await app.deps.db.select().from(productImages);
    expect(rows).toHaveLength(200);
    for (const size of Object.keys(imageSizes) as (keyof typeof imageSizes)[]) {
      const data = await app.deps.blobs.get(variantKey(rows[0]!.blobPrefix, size));
      expect(data?.subarray(8, 12).toString()).toBe('WEBP');
    }
    const page = await app.caller().shop.products({ limit: 1 });
    expect(page.items[0]!.image).toMatch(/^\/media\/products\//);
    expect(await seedProductPhotos(app.deps.db, app.deps.blobs)).toBe(0);
    const [again] = await app.deps.db.select({ n: sql<number>`count(*)::int` }).from(productImages);
    expect(again!.n).toBe(200);
  });
});
