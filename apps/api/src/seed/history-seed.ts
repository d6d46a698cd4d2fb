// The demo business's history: months of trade played through the real use cases with the clock
// set back. Customers join and order (some with a coupon, some spending points), pay at the
// simulated cashiers, staff ship from the warehouse that holds the stock, parcels travel on the
// simulated carriers, orders are delivered and completed (earning points); some are cancelled,
// left unpaid until they expire, or refunded (requested, approved or rejected); reviews are
// written and moderated; stock is received when it runs low; each day's settlement files are
// imported. Because it goes through the use cases, everything agrees: stock and its ledger,
// points and their balance, events in the outbox, the audit trail.
//
// Deterministic (a fixed seed), relative to when it runs, so the last days hold work in
// progress: orders to ship, parcels on the way, refunds and reviews waiting for staff.
// Idempotent: a database that has orders is left alone.

import type { Db } from '@crossdock/db/client';
import { createUser } from '@crossdock/db/factories';
import {
  customerAddresses,
  orderLines,
  orders,
  products,
  shippingMethods,
  skus,
  stockLevels,
  users,
} from '@crossdock/db/schema';
import { DEMO_DOMAIN, staffEmail as email } from '@crossdock/db/seed';
import type { StoreCurrency } from '@crossdock/domain/catalog-constants';
import { DomainError } from '@crossdock/domain/errors';
import type { Locale } from '@crossdock/domain/identity';
import type { PaymentProvider } from '@crossdock/domain/payments';
import { presetRoles } from '@crossdock/domain/permissions';
import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import { emitDueTrackingEvents, simulatedCarriers } from '../infra/carriers/simulator';
import type { Clock } from '../infra/clock';
import { createMailer } from '../infra/mail';
import { simulatedProviders } from '../infra/payment-providers/simulator';
import { cashierAction, sendDueNotifications } from '../infra/payment-providers/simulator-notifier';
import { addAddress } from '../modules/account/addresses.service';
import { addToCart, applyCoupon, customerCartId } from '../modules/cart/cart.service';
import { postgresCartStore } from '../modules/cart/cart-store';
import { placeOrder } from '../modules/checkout/checkout.service';
import { downloadSettlement, importSettlement } from '../modules/finance/settlements.service';
import {
  autoCompleteDelivered,
  createShipment,
  handleTrackingNotification,
} from '../modules/fulfilment/fulfilment.service';
import type { Actor } from '../modules/identity/audit';
import { adjustStock } from '../modules/inventory/inventory.service';
import { expireUnpaidOrders, type OrderActor, transition } from '../modules/orders/orders.service';
import { handleNotification, startPayment } from '../modules/payments/payments.service';
import { approveRefund, rejectRefund, requestRefund } from '../modules/payments/refunds.service';
import { balanceOf } from '../modules/points/points.service';
import { createReview, moderateReview } from '../modules/reviews/reviews.service';
import { type Random, random } from './random';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface HistoryOptions {
  /** How many days of history, ending now. */
  days: number;
  /** Orders a day at the start and at the end: the business grows. */
  ordersPerDay: readonly [number, number];
  /** Customers beside the named demo ones. */
  customers: number;
  passwordHash: string;
}

export const demoHistory = { days: 90, ordersPerDay: [1, 2], customers: 24 } as const;

export interface HistoryResult {
  created: boolean;
  orders: number;
}

/** Where customers live, and what they pay in. Addresses are real-looking, not real. */
const markets = [
  { country: 'DE', currency: 'EUR', city: 'Berlin', postalCode: '10119', line1: 'Torstraße 12' },
  { country: 'DE', currency: 'EUR', city: 'München', postalCode: '80331', line1: 'Sendlinger Str. 4' },
  { country: 'FR', currency: 'EUR', city: 'Paris', postalCode: '75003', line1: '18 rue de Bretagne' },
  { country: 'NL', currency: 'EUR', city: 'Amsterdam', postalCode: '1012 JS', line1: 'Damstraat 3' },
  { country: 'GB', currency: 'GBP', city: 'London', postalCode: 'E1 6AN', line1: '21 Brick Lane' },
  { country: 'US', currency: 'USD', city: 'San Francisco', postalCode: '94110', line1: '3200 24th St' },
  { country: 'US', currency: 'USD', city: 'Brooklyn', postalCode: '11211', line1: '88 N 6th St' },
  { country: 'CA', currency: 'USD', city: 'Toronto', postalCode: 'M5V 2T6', line1: '401 King St W' },
  { country: 'JP', currency: 'JPY', city: 'Tokyo', postalCode: '150-0041', line1: 'Jinnan 1-2-3' },
  { country: 'AU', currency: 'USD', city: 'Melbourne', postalCode: '3000', line1: '50 Flinders Ln' },
  { country: 'CN', currency: 'CNY', city: '杭州', postalCode: '310000', line1: '西湖区文三路 90 号' },
  { country: 'SG', currency: 'USD', city: 'Singapore', postalCode: '049315', line1: '8 Club St' },
] as const;

const firstNames = ['Olivia', 'Liam', 'Sofia', 'Noah', 'Mia', 'Lucas', 'Chloé', 'Yuki', 'Ava', 'Finn'];
const lastNames = ['Becker', 'Dubois', 'Smith', 'Rossi', 'Jansen', 'Sato', 'Nguyen', 'Walker', 'Park'];
const chineseNames = ['张伟', '刘洋', '赵敏', '孙丽', '周杰', '吴静'];

const reviewTexts: { [L in Locale]: { rating: number; title: string; body: string }[] } = {
  en: [
    { rating: 5, title: 'Exactly as described', body: 'Arrived well packed and earlier than promised.' },
    { rating: 5, title: 'Lovely quality', body: 'Better than I expected for the price. Would buy again.' },
    {
      rating: 4,
      title: 'Good, slow delivery',
      body: 'The item is great; the parcel took a while to arrive.',
    },
    {
      rating: 4,
      title: 'Happy with it',
      body: 'Nice finish. The colour is a little darker than in the photo.',
    },
    { rating: 3, title: 'It is fine', body: 'Does the job, nothing special.' },
    { rating: 2, title: 'Smaller than expected', body: 'Check the size chart carefully before ordering.' },
  ],
  'zh-CN': [
    { rating: 5, title: '非常满意', body: '包装很好，物流比预期快，质量不错。' },
    { rating: 4, title: '不错', body: '东西很好，就是快递慢了一点。' },
    { rating: 3, title: '一般', body: '和描述基本一致，没有惊喜。' },
  ],
};

const refundReasons = ['Arrived damaged', 'Not as described', 'Changed my mind', 'Wrong size'];

/** A clock the history sets; it only moves forward. */
function settableClock(start: number): Clock & { set(ms: number): void } {
  let current = start;
  return {
    now: () => new Date(current),
    set: (ms) => {
      current = Math.max(current, ms);
    },
  };
}

/** What happens when: tasks run in time order (then in the order they were added). */
function agenda() {
  const tasks: { at: number; seq: number; run: () => Promise<void> }[] = [];
  let seq = 0;
  return {
    add(at: number, run: () => Promise<void>) {
      const task = { at, seq: seq++, run };
      // Binary insert keeps the list sorted by (at, seq).
      let lo = 0;
      let hi = tasks.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (tasks[mid]!.at <= at) lo = mid + 1;
        else hi = mid;
      }
      tasks.splice(lo, 0, task);
    },
    next: () => tasks.shift(),
  };
}

/** An expected refusal (stock ran out, a window closed…) skips that step; anything else is a bug. */
async function tolerate(step: () => Promise<unknown>): Promise<boolean> {
  try {
    await step();
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

interface Shopper {
  id: string;
  locale: Locale;
  currency: StoreCurrency;
  country: string;
  addressId: string;
  joinedAt: number;
  orders: number;
}

export async function seedHistory(deps: AppDeps, options: HistoryOptions): Promise<HistoryResult> {
  const [existing] = await deps.db.select({ n: sql<number>`count(*)::int` }).from(orders);
  if ((existing?.n ?? 0) > 0) return { created: false, orders: existing!.n };

  const end = deps.clock.now().getTime();
  const start = end - options.days * DAY;
  const clock = settableClock(start);
  const h = historyDeps(deps, clock);
  const rng = random(20261201);
  const plan = agenda();

  const staff = await staffActors(deps.db);
  const actorAt = (user: { id: string }): OrderActor & Actor => ({
    kind: 'staff',
    id: user.id,
    ip: null,
    requestId: 'demo-history',
    at: clock.now(),
  });
  const [standard, express] = await deps.db
    .select({ id: shippingMethods.id, code: shippingMethods.code })
    .from(shippingMethods)
    .where(inArray(shippingMethods.code, ['standard', 'express']))
    .orderBy(asc(shippingMethods.position));
  if (!standard || !express) throw new Error('seedHistory: seed the shipping methods first');
  const methods = { standard: standard.id, express: express.id };

  const shoppers = await joinCustomers(h, rng, options, start);
  const catalogue = await sellableSkus(deps.db);

  let placed = 0;
  let trackingCounter = 0;

  /** One order's life, from the cart to its last step. */
  async function shop(shopper: Shopper) {
    const now = clock.now().getTime();
    const available = catalogue.filter((s) => s.publishedAt <= now);
    if (available.length === 0) return;
    const cart = { id: customerCartId(shopper.id), customerId: shopper.id };
    const view = { locale: shopper.locale, currency: shopper.currency };
    const picks = new Set<string>();
    for (let n = rng.int(1, 3); picks.size < n; ) picks.add(popular(rng, available).skuId);
    for (const skuId of picks) {
      await tolerate(() => addToCart(h, cart, view, { skuId, quantity: rng.next() < 0.8 ? 1 : 2 }));
    }
    if (shopper.orders === 0 && rng.next() < 0.4) await tolerate(() => applyCoupon(h, cart.id, 'WELCOME10'));
    else if (rng.next() < 0.1) await tolerate(() => applyCoupon(h, cart.id, 'CROSSDOCK5'));
    const redeemPoints = (await balanceOf(deps.db, shopper.id)) >= 500 && rng.next() < 0.5;
    let orderId = '';
    const ok = await tolerate(async () => {
      orderId = (
        await placeOrder(h, shopper.id, {
          ...view,
          addressId: shopper.addressId,
          shippingMethodId: rng.next() < 0.2 ? methods.express : methods.standard,
          redeemPoints,
          idempotencyKey: `demo-history-${String(placed).padStart(6, '0')}`,
        })
      ).id;
    });
    if (!ok) return;
    placed += 1;
    shopper.orders += 1;

    const fate = rng.next();
    if (fate < 0.05) return; // never paid: expires on a background run
    if (fate < 0.08) {
      plan.add(now + rng.int(5, 40) * 60_000, async () => {
        await tolerate(() =>
          transition(
            h,
            orderId,
            'cancel',
            { kind: 'customer', id: shopper.id },
            {
              customerId: shopper.id,
              reason: 'Ordered by mistake',
            },
          ),
        );
      });
      return;
    }
    plan.add(now + rng.int(1, 12) * 60_000, () => pay(shopper, orderId));
  }

  async function pay(shopper: Shopper, orderId: string) {
    const provider: PaymentProvider = shopper.country === 'CN' || rng.next() < 0.5 ? 'alipay' : 'wechat_pay';
    const started = await tolerate(async () => {
      const { cashierUrl } = await startPayment(h, shopper.id, { orderId, provider });
      await cashierAction(deps.db, clock, provider, cashierUrl.split('/').pop()!, 'pay');
    });
    if (!started) return;
    await deliverPaymentNotifications();
    const now = clock.now().getTime();
    if (rng.next() < 0.03) {
      // Second thoughts before it ships.
      plan.add(now + rng.int(1, 8) * HOUR, () => askRefund(shopper, orderId, 'Changed my mind'));
      return;
    }
    plan.add(now + rng.int(3, 30) * HOUR, () => ship(shopper, orderId));
  }

  async function ship(shopper: Shopper, orderId: string) {
    const lines = await deps.db
      .select({ id: orderLines.id, warehouseId: orderLines.warehouseId, quantity: orderLines.quantity })
      .from(orderLines)
      .where(eq(orderLines.orderId, orderId));
    const byWarehouse = new Map<string, typeof lines>();
    for (const line of lines)
      byWarehouse.set(line.warehouseId, [...(byWarehouse.get(line.warehouseId) ?? []), line]);
    for (const [warehouseId, group] of byWarehouse) {
      const carrier = shopper.country === 'CN' ? 'sf-express' : rng.next() < 0.6 ? 'dhl' : 'cainiao';
      trackingCounter += 1;
      await tolerate(() =>
        createShipment(h, actorAt(staff.warehouse), {
          orderId,
          warehouseId,
          carrier,
          trackingNumber: `${carrier.slice(0, 2).toUpperCase()}${String(7_300_000_000 + trackingCounter)}`,
          lines:
            byWarehouse.size > 1
              ? group.map((l) => ({ orderLineId: l.id, quantity: l.quantity }))
              : undefined,
        }),
      );
    }
    // What happens after delivery is planned when it is delivered (see `afterDelivery`).
    awaitingDelivery.set(orderId, shopper);
  }

  const awaitingDelivery = new Map<string, Shopper>();

  async function afterDelivery(orderId: string, shopper: Shopper) {
    const now = clock.now().getTime();
    const r = rng.next();
    if (r < 0.06) {
      plan.add(now + rng.int(1, 10) * DAY, () => askRefund(shopper, orderId, rng.pick(refundReasons)));
    }
    if (rng.next() < 0.35) plan.add(now + rng.int(1, 8) * DAY, () => review(shopper, orderId));
  }

  async function askRefund(shopper: Shopper, orderId: string, reason: string) {
    let refundId = '';
    const asked = await tolerate(async () => {
      refundId = (await requestRefund(h, shopper.id, { orderId, reason })).id;
    });
    if (!asked) return;
    const decideAt = clock.now().getTime() + rng.int(4, 40) * HOUR;
    if (decideAt > end) return; // waiting for staff
    plan.add(decideAt, async () => {
      const actor = actorAt(staff.service);
      if (rng.next() < 0.75) await tolerate(() => approveRefund(h, actor, { refundId }));
      else {
        await tolerate(() =>
          rejectRefund(h, actor, { refundId, note: 'Outside what our returns policy covers' }),
        );
      }
    });
  }

  async function review(shopper: Shopper, orderId: string) {
    const [line] = await deps.db
      .select({ id: orderLines.id })
      .from(orderLines)
      .where(eq(orderLines.orderId, orderId))
      .orderBy(asc(orderLines.position))
      .limit(1);
    if (!line) return;
    const text = rng.pick(reviewTexts[shopper.locale]);
    let reviewId = '';
    const written = await tolerate(async () => {
      reviewId = (await createReview(h, shopper.id, { orderLineId: line.id, ...text, images: [] })).id;
    });
    const moderateAt = clock.now().getTime() + rng.int(6, 48) * HOUR;
    if (!written || moderateAt > end) return; // waiting in the moderation queue
    plan.add(moderateAt, async () => {
      await tolerate(() =>
        moderateReview(h, actorAt(staff.service), { reviewId }, text.rating >= 2 ? 'approved' : 'rejected'),
      );
    });
  }

  async function deliverPaymentNotifications() {
    const send = async (url: string, headers: Record<string, string>, body: string) => {
      const provider = url.split('/').pop() as PaymentProvider;
      return (await tolerate(() => handleNotification(h, provider, headers, body))) ? 200 : 400;
    };
    while ((await sendDueNotifications({ ...h, secrets: h.providerSecrets }, send)) > 0) {}
  }

  /** The background work, as the scheduled jobs would have done it then (every six hours here). */
  async function background() {
    const send = async (url: string, headers: Record<string, string>, body: string) => {
      const carrier = url.split('/').pop()!;
      return (await tolerate(() => handleTrackingNotification(h, carrier, headers, body))) ? 200 : 400;
    };
    while ((await emitDueTrackingEvents({ ...h, secret: h.carrierSecret }, send)) > 0) {}
    await expireUnpaidOrders(h);
    if (awaitingDelivery.size) {
      const delivered = await deps.db
        .select({ id: orders.id })
        .from(orders)
        .where(and(inArray(orders.id, [...awaitingDelivery.keys()]), sql`${orders.deliveredAt} is not null`));
      for (const { id } of delivered) {
        await afterDelivery(id, awaitingDelivery.get(id)!);
        awaitingDelivery.delete(id);
      }
    }
  }

  async function daily(dayStart: number) {
    await autoCompleteDelivered(h);
    await restock(h, actorAt(staff.warehouse));
    // Yesterday's settlement files, as Finance imports them each morning (the last day waits).
    const yesterday = new Date(dayStart - DAY).toISOString().slice(0, 10);
    if (dayStart + DAY <= end) {
      for (const provider of ['alipay', 'wechat_pay'] as const) {
        const csv = await downloadSettlement(h, { provider, date: yesterday });
        if (csv.trim().split('\n').length > 1) {
          await tolerate(() =>
            importSettlement(h, actorAt(staff.finance), { provider, date: yesterday, csv }),
          );
        }
      }
    }
  }

  for (let day = 0; day < options.days; day++) {
    const dayStart = start + day * DAY;
    const [from, to] = options.ordersPerDay;
    const weekend = [0, 6].includes(new Date(dayStart).getUTCDay());
    const expected = (from + ((to - from) * day) / options.days) * (weekend ? 1.3 : 1);
    const count = Math.max(0, Math.round(expected + (rng.next() - 0.5) * 2));
    for (let i = 0; i < count; i++) {
      const at = dayStart + rng.int(6 * 60, 23 * 60) * 60_000;
      plan.add(at, () =>
        shop(
          popular(
            rng,
            shoppers.filter((s) => s.joinedAt <= at),
          ),
        ),
      );
    }
    plan.add(dayStart + 9 * HOUR, () => daily(dayStart));
    for (let hour = 0; hour < 24; hour += 6) plan.add(dayStart + hour * HOUR + 30 * 60_000, background);
  }
  for (let task = plan.next(); task && task.at <= end; task = plan.next()) {
    clock.set(task.at);
    await task.run();
    // Let requests in between: the demo serves while its history is built.
    await new Promise((resolve) => setImmediate(resolve));
  }
  // Mail of the past was sent in the past: mark it so, rather than mailing it all now.
  await h.mailer.flush();
  return { created: true, orders: placed };
}

/**
 * The use cases' dependencies with the history's clock: the providers, carriers and cart store
 * read time from it, and mail goes nowhere (it belongs to the past).
 */
function historyDeps(deps: AppDeps, clock: Clock): AppDeps {
  const quiet = { name: 'history', send: async () => {} };
  return {
    ...deps,
    clock,
    payments: simulatedProviders(deps.db, clock, deps.providerSecrets, deps.config.publicApiUrl),
    carriers: simulatedCarriers(deps.db, clock, deps.carrierSecret, 8 * HOUR),
    mailer: createMailer(deps.db, quiet, deps.logger),
    cartStore: deps.redis ? deps.cartStore : postgresCartStore(deps.db, clock),
  };
}

/** Who did the staff work: the demo's Warehouse, Customer service and Finance accounts. */
async function staffActors(db: Db) {
  const wanted = { warehouse: 'Warehouse', service: 'Customer service', finance: 'Finance' };
  const rows = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.email, [...Object.values(wanted), presetRoles[0]!.name].map(email)));
  const owner = rows.find((r) => r.email === email(presetRoles[0]!.name));
  if (!owner) throw new Error('seedHistory: seed the demo staff first');
  const pick = (role: string) => rows.find((r) => r.email === email(role)) ?? owner;
  return { warehouse: pick(wanted.warehouse), service: pick(wanted.service), finance: pick(wanted.finance) };
}

/**
 * The named demo customers (joined at the start) and generated ones joining over the months,
 * each with an address in one of the markets.
 */
async function joinCustomers(
  h: AppDeps,
  rng: Random,
  options: HistoryOptions,
  start: number,
): Promise<Shopper[]> {
  const named = await h.db
    .select({ id: users.id, locale: users.locale })
    .from(users)
    .where(and(eq(users.kind, 'customer'), sql`${users.email} like ${`%@${DEMO_DOMAIN}`}`))
    .orderBy(asc(users.email));
  const people: { id: string; locale: Locale; name: string }[] = [];
  for (const n of named) people.push({ id: n.id, locale: n.locale as Locale, name: '' });
  for (let i = 0; i < options.customers; i++) {
    const zh = rng.next() < 0.15;
    const name = zh ? rng.pick(chineseNames) : `${rng.pick(firstNames)} ${rng.pick(lastNames)}`;
    const user = await createUser(h.db, {
      kind: 'customer',
      email: `shopper.${String(i + 1).padStart(3, '0')}@example.com`,
      name,
      locale: zh ? 'zh-CN' : 'en',
      passwordHash: options.passwordHash,
      // Spread over the first three quarters of the history.
      createdAt: new Date(start + Math.floor(((i + 1) / options.customers) * 0.75 * options.days) * DAY),
    });
    people.push({ id: user.id, locale: zh ? 'zh-CN' : 'en', name });
  }
  const shoppers: Shopper[] = [];
  for (const person of people) {
    const market = person.locale === 'zh-CN' ? markets.find((m) => m.country === 'CN')! : rng.pick(markets);
    const [joined] = await h.db.select({ at: users.createdAt }).from(users).where(eq(users.id, person.id));
    const address = await addAddress({ ...h, clock: { now: () => joined!.at } }, person.id, {
      address: {
        name: person.name || 'Demo customer',
        line1: market.line1,
        line2: null,
        city: market.city,
        region: null,
        postalCode: market.postalCode,
        country: market.country,
        phone: null,
      },
      isDefault: true,
    });
    shoppers.push({
      id: person.id,
      locale: person.locale,
      currency: market.currency,
      country: market.country,
      addressId: address.id,
      joinedAt: joined!.at.getTime(),
      orders: 0,
    });
  }
  // Named customers show their own name on the address.
  await h.db.execute(sql`update ${customerAddresses} a set name = u.name from ${users} u
    where u.id = a.customer_id and a.name = 'Demo customer'`);
  return shoppers;
}

/** Skews choices to the front of a list: a few best sellers, a long tail. */
function popular<T>(rng: Random, items: readonly T[]): T {
  return items[Math.floor(items.length * rng.next() ** 2.2)]!;
}

/** Active SKUs with stock, in a fixed order (by code), with when their product was published. */
async function sellableSkus(db: Db) {
  const rows = await db
    .select({ skuId: skus.id, code: skus.code, publishedAt: products.createdAt })
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .where(
      and(
        eq(products.status, 'active'),
        sql`exists (select 1 from ${stockLevels} l where l.sku_id = ${skus.id} and l.on_hand > 0)`,
      ),
    )
    .orderBy(asc(skus.code));
  // A fixed shuffle, so the best sellers are spread over the catalogue.
  const rng = random(7);
  const shuffled = rows.map((r) => ({ r, k: rng.next() })).sort((a, b) => a.k - b.k);
  return shuffled.map(({ r }) => ({ skuId: r.skuId, publishedAt: r.publishedAt.getTime() }));
}

/** Stock that runs low on something that sells is topped up, as a supplier delivery. */
async function restock(h: AppDeps, actor: Actor) {
  const low = await h.db
    .select({ skuId: stockLevels.skuId, warehouseId: stockLevels.warehouseId })
    .from(stockLevels)
    .where(
      and(
        lte(sql`${stockLevels.onHand} - ${stockLevels.reserved}`, 3),
        gt(
          sql`(select count(*) from ${orderLines} ol where ol.sku_id = ${stockLevels.skuId}
            and ol.warehouse_id = ${stockLevels.warehouseId})`,
          0,
        ),
      ),
    );
  for (const level of low) {
    await adjustStock(h, actor, { ...level, quantity: 40, reason: 'received', note: 'Supplier delivery' });
  }
}
