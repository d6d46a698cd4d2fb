// One contract, two stores: every cart store keeps lines in the order they were added, replaces
// a line's quantity, enforces the line limit, holds a coupon, and replaces or deletes a cart
// whole. The Postgres project runs it on Redis and Postgres, the PGlite project on PGlite.
import { MAX_CART_LINES } from '@crossdock/domain/cart';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  CART_TTL_SECONDS,
  type CartStore,
  postgresCartStore,
  redisCartStore,
  sweepExpiredCarts,
} from '../src/modules/cart/cart-store';
import { createTestApp, type TestApp } from './harness';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.cleanup();
});

// The PGlite project runs without Redis (single-machine mode), so only the Postgres store there.
const withRedis = inject('driver') === 'postgres';
const stores: [string, () => CartStore][] = [
  ['postgres', () => postgresCartStore(app.deps.db, app.deps.clock)],
];
if (withRedis) stores.push(['redis', () => redisCartStore(app.deps.redis!)]);

const sku = () => crypto.randomUUID();
const line = (skuId: string, quantity = 1, at = new Date('2026-11-22T10:00:00Z')) => ({
  skuId,
  quantity,
  seenPrice: 1_999,
  seenCurrency: 'USD',
  addedAt: at,
});

describe.each(stores)('%s cart store', (name, make) => {
  const store = () => make();
  const cartId = () => `${name}-${crypto.randomUUID()}`;

  it('has no cart until something is put in it', async () => {
    expect(await store().get(cartId())).toBeNull();
  });

  it('gives the contents a new revision on every change, and keeps it on reads', async () => {
    const id = cartId();
    const [a, b] = [sku(), sku()];
    const seen: (string | null | undefined)[] = [];
    const revision = async () => (await store().get(id))?.revision;
    await store().putLine(id, line(a));
    seen.push(await revision());
    expect(await revision()).toBe(seen[0]);
    await store().putLine(id, line(a, 2));
    seen.push(await revision());
    await store().putLine(id, line(b));
    seen.push(await revision());
    await store().removeLine(id, b);
    seen.push(await revision());
    await store().setCoupon(id, 'SAVE5');
    seen.push(await revision());
    await store().replace(id, { lines: [line(a)], couponCode: null });
    seen.push(await revision());
    expect(seen.every((r) => typeof r === 'string')).toBe(true);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('keeps lines oldest first and replaces a line in place', async () => {
    const id = cartId();
    const [a, b] = [sku(), sku()];
    await store().putLine(id, line(a, 1, new Date('2026-11-22T10:00:00Z')));
    await store().putLine(id, line(b, 2, new Date('2026-11-22T10:01:00Z')));
    await store().putLine(id, { ...line(a, 5, new Date('2026-11-22T10:00:00Z')), seenPrice: 2_499 });
    const cart = await store().get(id);
    expect(cart?.lines.map((l) => [l.skuId, l.quantity, l.seenPrice])).toEqual([
      [a, 5, 2_499],
      [b, 2, 1_999],
    ]);
    expect(cart?.lines[0]?.addedAt).toEqual(new Date('2026-11-22T10:00:00Z'));
    await store().removeLine(id, a);
    expect((await store().get(id))?.lines.map((l) => l.skuId)).toEqual([b]);
  });

  it(`refuses line ${MAX_CART_LINES + 1} but still updates existing lines`, async () => {
    const id = cartId();
    const skus = Array.from({ length: MAX_CART_LINES }, sku);
    for (const s of skus) await store().putLine(id, line(s));
    await expect(store().putLine(id, line(sku()))).rejects.toMatchObject({ reason: 'CART_FULL' });
    await store().putLine(id, line(skus[0]!, 3));
    const cart = await store().get(id);
    expect(cart?.lines).toHaveLength(MAX_CART_LINES);
  });

  it('holds a coupon code and clears it', async () => {
    const id = cartId();
    await store().putLine(id, line(sku()));
    await store().setCoupon(id, 'WELCOME-10');
    expect((await store().get(id))?.couponCode).toBe('WELCOME-10');
    await store().setCoupon(id, null);
    expect((await store().get(id))?.couponCode).toBeNull();
  });

  it('replaces a cart whole, and deletes it', async () => {
    const id = cartId();
    await store().putLine(id, line(sku()));
    const fresh = [line(sku(), 2), line(sku(), 3, new Date('2026-11-22T11:00:00Z'))];
    await store().replace(id, { lines: fresh, couponCode: 'MERGED' });
    const cart = await store().get(id);
    expect(cart?.lines.map((l) => l.quantity)).toEqual([2, 3]);
    expect(cart?.couponCode).toBe('MERGED');
    await store().replace(id, null);
    expect(await store().get(id)).toBeNull();
  });
});

describe('cart lifetime', () => {
  // Registered only where Redis exists (not a skipped test on PGlite: it does not apply there).
  if (withRedis)
    it('Redis: a cart lives 30 days from its last use', async () => {
      const store = redisCartStore(app.deps.redis!);
      const id = `life-${crypto.randomUUID()}`;
      await store.putLine(id, line(sku()));
      await app.deps.redis!.expire(`cart:${id}`, 60);
      await store.get(id);
      const ttl = await app.deps.redis!.ttl(`cart:${id}`);
      expect(ttl).toBeGreaterThan(CART_TTL_SECONDS - 10);
      expect(ttl).toBeLessThanOrEqual(CART_TTL_SECONDS);
    });

  it('Postgres: a cart unused for 30 days is gone, and swept', async () => {
    const store = postgresCartStore(app.deps.db, app.deps.clock);
    const id = `life-${crypto.randomUUID()}`;
    await store.putLine(id, line(sku()));
    app.clock.advance((CART_TTL_SECONDS - 60) * 1000);
    expect(await store.get(id)).not.toBeNull(); // reading renews it
    app.clock.advance((CART_TTL_SECONDS - 60) * 1000);
    expect(await store.get(id)).not.toBeNull();
    app.clock.advance((CART_TTL_SECONDS + 1) * 1000);
    expect(await store.get(id)).toBeNull();
    expect(await sweepExpiredCarts(app.deps.db, app.deps.clock)).toBeGreaterThanOrEqual(1);
  });
});
