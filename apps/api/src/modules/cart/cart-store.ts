// Where carts live: a Redis hash per cart (a field per line, plus the coupon) with a TTL that
// renews on every use, or the `carts` tables when Redis is not configured. Both keep the same
// contract, tested by one suite against each (test/cart-store.test.ts).

import { randomUUID } from 'node:crypto';
import type { Db } from '@crossdock/db/client';
import { cartLines, carts } from '@crossdock/db/schema';
import { MAX_CART_LINES } from '@crossdock/domain/cart';
import { DomainError } from '@crossdock/domain/errors';
import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Clock } from '../../infra/clock';
import type { Redis } from '../../infra/redis';

export interface StoredLine {
  skuId: string;
  quantity: number;
  /** The unit price the shopper last saw, and its currency, to flag a change. */
  seenPrice: number | null;
  seenCurrency: string | null;
  addedAt: Date;
}

export interface StoredCart {
  lines: StoredLine[];
  couponCode: string | null;
  /**
   * Changes with every change to the contents. An order consumes the revision it was placed
   * from (cart_checkouts), so the same contents cannot be checked out twice. Null for a Redis
   * cart written before revisions existed.
   */
  revision: string | null;
}

export interface CartStore {
  /** The cart, oldest line first; null when there is none. Renews its life. */
  get(cartId: string): Promise<StoredCart | null>;
  /** Adds or replaces a line; refuses a new line beyond the cart's line limit. */
  putLine(cartId: string, line: StoredLine): Promise<void>;
  removeLine(cartId: string, skuId: string): Promise<void>;
  setCoupon(cartId: string, code: string | null): Promise<void>;
  /** Replaces the whole cart (a merge; a new revision), or deletes it when given null. */
  replace(cartId: string, cart: Omit<StoredCart, 'revision'> | null): Promise<void>;
}

export const CART_TTL_SECONDS = 30 * 24 * 3600;
const RENEW_AFTER_MS = 24 * 3600 * 1000;

function tooManyLines(): never {
  throw new DomainError('CART_FULL', `A cart holds at most ${MAX_CART_LINES} different items`);
}

// ---- Redis ------------------------------------------------------------------------------------

const LINE = 'line:';
const REVISION = 'rev';

// Adds the field unless that would make more than `max` line fields; renews the TTL.
// KEYS[1] cart, ARGV: field, value, max, ttl, revision. Returns 0 when refused.
const PUT_LINE = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  local lines = 0
  for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
    if string.sub(field, 1, 5) == 'line:' then lines = lines + 1 end
  end
  if lines >= tonumber(ARGV[3]) then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2], 'rev', ARGV[5])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1`;

interface RedisLine {
  q: number;
  p: number | null;
  c: string | null;
  t: number;
}

export function redisCartStore(redis: Redis): CartStore {
  const key = (cartId: string) => `cart:${cartId}`;
  return {
    async get(cartId) {
      const results = await redis.multi().hgetall(key(cartId)).expire(key(cartId), CART_TTL_SECONDS).exec();
      const fields = (results?.[0]?.[1] ?? {}) as Record<string, string>;
      if (!Object.keys(fields).some((field) => field.startsWith(LINE) || field === 'coupon')) return null;
      const lines: StoredLine[] = Object.entries(fields)
        .filter(([field]) => field.startsWith(LINE))
        .map(([field, value]) => {
          const v = JSON.parse(value) as RedisLine;
          return {
            skuId: field.slice(LINE.length),
            quantity: v.q,
            seenPrice: v.p,
            seenCurrency: v.c,
            addedAt: new Date(v.t),
          };
        })
        .sort((a, b) => a.addedAt.getTime() - b.addedAt.getTime() || (a.skuId < b.skuId ? -1 : 1));
      return { lines, couponCode: fields.coupon ?? null, revision: fields[REVISION] ?? null };
    },
    async putLine(cartId, line) {
      const value: RedisLine = {
        q: line.quantity,
        p: line.seenPrice,
        c: line.seenCurrency,
        t: line.addedAt.getTime(),
      };
      const ok = await redis.eval(
        PUT_LINE,
        1,
        key(cartId),
        `${LINE}${line.skuId}`,
        JSON.stringify(value),
        MAX_CART_LINES,
        CART_TTL_SECONDS,
        randomUUID(),
      );
      if (ok === 0) tooManyLines();
    },
    async removeLine(cartId, skuId) {
      await redis
        .multi()
        .hdel(key(cartId), `${LINE}${skuId}`)
        .hset(key(cartId), REVISION, randomUUID())
        .expire(key(cartId), CART_TTL_SECONDS)
        .exec();
    },
    async setCoupon(cartId, code) {
      const tx = redis.multi();
      if (code === null) tx.hdel(key(cartId), 'coupon');
      else tx.hset(key(cartId), 'coupon', code);
      await tx.hset(key(cartId), REVISION, randomUUID()).expire(key(cartId), CART_TTL_SECONDS).exec();
    },
    async replace(cartId, cart) {
      const tx = redis.multi().del(key(cartId));
      if (cart && (cart.lines.length || cart.couponCode)) {
        const fields: Record<string, string> = {};
        for (const line of cart.lines.slice(0, MAX_CART_LINES)) {
          const value: RedisLine = {
            q: line.quantity,
            p: line.seenPrice,
            c: line.seenCurrency,
            t: line.addedAt.getTime(),
          };
          fields[`${LINE}${line.skuId}`] = JSON.stringify(value);
        }
        if (cart.couponCode) fields.coupon = cart.couponCode;
        fields[REVISION] = randomUUID();
        tx.hset(key(cartId), fields).expire(key(cartId), CART_TTL_SECONDS);
      }
      await tx.exec();
    },
  };
}

// ---- Postgres -----------------------------------------------------------------------------------

export function postgresCartStore(db: Db, clock: Clock): CartStore {
  const expiry = () => new Date(clock.now().getTime() + CART_TTL_SECONDS * 1000);
  const customerOf = (cartId: string) => (cartId.startsWith('c:') ? cartId.slice(2) : null);

  /** Creates or renews the cart row and locks it for the rest of the transaction. */
  async function touch(tx: Parameters<Parameters<Db['transaction']>[0]>[0], cartId: string) {
    await tx
      .insert(carts)
      .values({ id: cartId, customerId: customerOf(cartId), expiresAt: expiry() })
      .onConflictDoUpdate({
        target: carts.id,
        set: { expiresAt: expiry(), revision: sql`gen_random_uuid()` },
      });
    await tx.select({ id: carts.id }).from(carts).where(eq(carts.id, cartId)).for('update');
  }

  return {
    async get(cartId) {
      return db.transaction(async (tx) => {
        const now = clock.now();
        const [cart] = await tx
          .select()
          .from(carts)
          .where(and(eq(carts.id, cartId), gt(carts.expiresAt, now)));
        if (!cart) return null;
        // Renewed at most once a day: a read is not a write on every page view.
        if (cart.expiresAt.getTime() < expiry().getTime() - RENEW_AFTER_MS) {
          await tx.update(carts).set({ expiresAt: expiry() }).where(eq(carts.id, cartId));
        }
        const lines = await tx
          .select()
          .from(cartLines)
          .where(eq(cartLines.cartId, cartId))
          .orderBy(asc(cartLines.addedAt), asc(cartLines.skuId));
        if (lines.length === 0 && !cart.couponCode) return null;
        return {
          lines: lines.map((l) => ({
            skuId: l.skuId,
            quantity: l.quantity,
            seenPrice: l.seenPrice,
            seenCurrency: l.seenCurrency,
            addedAt: l.addedAt,
          })),
          couponCode: cart.couponCode,
          revision: cart.revision,
        };
      });
    },
    async putLine(cartId, line) {
      await db.transaction(async (tx) => {
        await touch(tx, cartId);
        const [exists] = await tx
          .select({ skuId: cartLines.skuId })
          .from(cartLines)
          .where(and(eq(cartLines.cartId, cartId), eq(cartLines.skuId, line.skuId)));
        if (!exists) {
          const [{ n } = { n: 0 }] = await tx
            .select({ n: sql<number>`count(*)::int` })
            .from(cartLines)
            .where(eq(cartLines.cartId, cartId));
          if (n >= MAX_CART_LINES) tooManyLines();
        }
        await tx
          .insert(cartLines)
          .values({ cartId, ...line })
          .onConflictDoUpdate({
            target: [cartLines.cartId, cartLines.skuId],
            set: { quantity: line.quantity, seenPrice: line.seenPrice, seenCurrency: line.seenCurrency },
          });
      });
    },
    async removeLine(cartId, skuId) {
      await db.transaction(async (tx) => {
        await tx.delete(cartLines).where(and(eq(cartLines.cartId, cartId), eq(cartLines.skuId, skuId)));
        await tx.update(carts).set({ revision: sql`gen_random_uuid()` }).where(eq(carts.id, cartId));
      });
    },
    async setCoupon(cartId, code) {
      await db.transaction(async (tx) => {
        await touch(tx, cartId);
        await tx.update(carts).set({ couponCode: code }).where(eq(carts.id, cartId));
      });
    },
    async replace(cartId, cart) {
      await db.transaction(async (tx) => {
        await tx.delete(carts).where(eq(carts.id, cartId));
        if (!cart || (!cart.lines.length && !cart.couponCode)) return;
        await tx.insert(carts).values({
          id: cartId,
          customerId: customerOf(cartId),
          couponCode: cart.couponCode,
          expiresAt: expiry(),
        });
        if (cart.lines.length) {
          await tx
            .insert(cartLines)
            .values(cart.lines.slice(0, MAX_CART_LINES).map((line) => ({ cartId, ...line })));
        }
      });
    },
  };
}

/** Deletes carts whose life ran out (the Redis store expires them by itself). */
export async function sweepExpiredCarts(db: Db, clock: Clock): Promise<number> {
  const gone = await db.delete(carts).where(lt(carts.expiresAt, clock.now())).returning({ id: carts.id });
  return gone.length;
}
