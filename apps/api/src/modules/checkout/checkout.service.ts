// Checkout: shipping options for an address, the quote (server prices only), and placing the
// order. `placeOrder` is one transaction: it re-prices the cart, reserves stock with conditional
// updates, redeems promotions and the coupon against their limits, snapshots prices, titles and
// the address onto the order, numbers it and writes its events. An idempotency key makes a retry
// return the same order.
import { createHash, randomUUID } from 'node:crypto';
import { type Executor, resultRows, settleAll } from '@crossdock/db/client';
import {
  orderDiscounts,
  orderEvents,
  orderLines,
  orders,
  type PostalAddress,
  users,
} from '@crossdock/db/schema';
import { type CartLineProblem, lineProblem } from '@crossdock/domain/cart';
import { localize } from '@crossdock/domain/catalog';
import { DomainError } from '@crossdock/domain/errors';
import { pointsRedemption } from '@crossdock/domain/loyalty';
import { currency, minorUnitDigits, money } from '@crossdock/domain/money';
import { orderNumber, type PlaceOrderInput } from '@crossdock/domain/orders';
import { convertAmount, convertAmountToBase } from '@crossdock/domain/prices';
import { type PriceBreakdown, priceCart } from '@crossdock/domain/pricing';
import { shippingPrice } from '@crossdock/domain/shipping';
import { pricesIncludeTax, taxRateFor } from '@crossdock/domain/tax';
import { and, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { recordEvents } from '../../infra/outbox';
import { addressOf } from '../account/addresses.service';
import {
  cartOrdered,
  clearCustomerCart,
  customerCartId,
  markCartOrdered,
  storedCart,
} from '../cart/cart.service';
import { settingFor } from '../catalog/currencies';
import { reserveStock } from '../inventory/inventory.service';
import { balanceOf, redeemPoints, rulesOf } from '../points/points.service';
import { loadOffers, type Offers } from '../pricing/offers';
import { type PricingReference, pricingReference } from '../pricing/reference';
import { loadSellable, type Sellable } from '../pricing/sellable';
import { claimOffers, type OfferClaims, recordRedemptions } from '../promotions/redemptions';

interface View {
  locale: 'en' | 'zh-CN';
  currency: string;
}

type Address = PostalAddress & { id?: string };

const toPostal = (a: Address): PostalAddress => ({
  name: a.name,
  line1: a.line1,
  line2: a.line2,
  city: a.city,
  region: a.region,
  postalCode: a.postalCode,
  country: a.country,
  phone: a.phone,
});

/** Shipping methods that go to `country` for a parcel of `grams`, priced in the view's currency. */
function methodsFor(ref: PricingReference, country: string, grams: number, currency: string) {
  const { pricing } = ref;
  const setting = settingFor(pricing, currency);
  return ref.shippingMethods.flatMap((method) => {
    const base = shippingPrice(method.zones, country, grams);
    if (base === null) return [];
    const amount = convertAmount(base, pricing.base, setting);
    return [{ id: method.id, code: method.code, name: method.name, description: method.description, amount }];
  });
}

interface Priced {
  breakdown: PriceBreakdown;
  offers: Offers;
  sellable: Map<string, Sellable>;
  lines: { skuId: string; quantity: number }[];
  method: ReturnType<typeof methodsFor>[number] | null;
  methods: ReturnType<typeof methodsFor>;
  problems: { skuId: string; problem: CartLineProblem; available: number }[];
  couponCode: string | null;
  /** What points could pay (`offer`), and what they do pay when the customer chose to. */
  points: { balance: number; offer: PointsCredit; used: PointsCredit };
}

interface PointsCredit {
  points: number;
  amount: number;
}

/** What `balance` points may pay of these goods (after promotions), in the order currency. */
function pointsCredit(ref: PricingReference, breakdown: PriceBreakdown, balance: number): PointsCredit {
  const goods = breakdown.subtotal - breakdown.lineDiscount;
  const { pricing } = ref;
  const setting = settingFor(pricing, breakdown.currency);
  const rules = rulesOf(ref.settings);
  const goodsBase = convertAmountToBase(goods, setting, pricing.base);
  const { points, amountBase } = pointsRedemption(
    balance,
    goodsBase,
    minorUnitDigits(currency(pricing.base)),
    rules,
  );
  // Converted back, the amount may not pass the share of the goods in the order currency either.
  const amount = Math.min(
    convertAmount(amountBase, pricing.base, setting),
    Math.floor((goods * rules.maxShareBasisPoints) / 10_000),
  );
  return amount > 0 ? { points, amount } : { points: 0, amount: 0 };
}

/** Prices a cart for an address and (optionally) a shipping method, as quote and order both do. */
/**
 * `sellable` is read by the caller before any transaction (a catalog read on the pool, see
 * sellable.ts); `db` runs the reads that must see the transaction (offers, under the
 * customer's lock).
 */
async function priceFor(
  db: Executor,
  sellable: Map<string, Sellable>,
  now: Date,
  input: {
    customerId: string;
    lines: { skuId: string; quantity: number }[];
    couponCode: string | null;
    address: Address;
    shippingMethodId?: string;
    view: View;
    /** The customer's points balance, and whether they spend points on this order. */
    points?: { balance: number; redeem: boolean };
  },
  ref: PricingReference,
): Promise<Priced> {
  const { view, address } = input;
  const offers = await loadOffers(
    db,
    { currency: view.currency, customerId: input.customerId, couponCode: input.couponCode },
    ref,
  );
  const problems: Priced['problems'] = input.lines.flatMap((line) => {
    const sku = sellable.get(line.skuId);
    const problem = lineProblem(sku, line.quantity);
    return problem ? [{ skuId: line.skuId, problem, available: Math.max(0, sku?.available ?? 0) }] : [];
  });
  const priceable = input.lines.filter((l) => sellable.get(l.skuId)?.purchasable);
  const grams = priceable.reduce((g, l) => g + sellable.get(l.skuId)!.weightGrams * l.quantity, 0);
  const methods = methodsFor(ref, address.country, grams, view.currency);
  const method = input.shippingMethodId
    ? (methods.find((m) => m.id === input.shippingMethodId) ?? null)
    : null;
  if (input.shippingMethodId && !method) {
    throw new DomainError('SHIPPING_UNAVAILABLE', 'This shipping method does not go to that address');
  }
  const { settings, taxRates: rates } = ref;
  const price = (pointsCreditAmount: number) =>
    priceCart({
      currency: view.currency,
      lines: priceable.map((l) => {
        const sku = sellable.get(l.skuId)!;
        return {
          key: l.skuId,
          productId: sku.productId,
          categoryIds: sku.categoryIds,
          unitPrice: sku.unitPrice!,
          quantity: l.quantity,
        };
      }),
      customer: offers.customer,
      promotions: offers.promotions,
      coupon: offers.coupon,
      shipping: method?.amount ?? null,
      shippingMethod: method?.code ?? null,
      tax: {
        inclusive: pricesIncludeTax(rates, address.country, settings.taxInclusive),
        lineRates: Object.fromEntries(
          priceable.map((l) => [
            l.skuId,
            taxRateFor(rates, address.country, sellable.get(l.skuId)!.categoryIds),
          ]),
        ),
        shippingRate: taxRateFor(rates, address.country, []),
      },
      now,
      pointsCredit: pointsCreditAmount,
    });
  const before = price(0);
  const balance = input.points?.balance ?? 0;
  const offer = balance > 0 ? pointsCredit(ref, before, balance) : { points: 0, amount: 0 };
  const used = input.points?.redeem && offer.amount > 0 ? offer : { points: 0, amount: 0 };
  const breakdown = used.amount > 0 ? price(used.amount) : before;
  return {
    breakdown,
    points: { balance, offer, used },
    offers,
    sellable,
    lines: input.lines,
    method,
    methods,
    problems,
    couponCode: input.couponCode,
  };
}

function quoteView(priced: Priced, view: View) {
  const { breakdown, sellable } = priced;
  const m = (amount: number) => money(amount, view.currency);
  return {
    currency: view.currency,
    lines: breakdown.lines.map((l) => {
      const sku = sellable.get(l.key)!;
      return {
        skuId: l.key,
        title: localize(sku.title, view.locale),
        options: sku.options,
        image: sku.image,
        quantity: l.quantity,
        unitPrice: m(l.unitPrice),
        subtotal: m(l.subtotal),
        discount: m(l.discount),
        total: m(l.total),
      };
    }),
    discounts: breakdown.discounts.map((d) => ({
      name: localize(d.name, view.locale),
      code: d.code,
      appliesTo: d.appliesTo,
      amount: m(d.amount),
    })),
    coupon: priced.offers.couponProblem ?? breakdown.coupon,
    shippingMethods: priced.methods.map((method) => ({
      ...method,
      name: localize(method.name, view.locale),
      amount: m(method.amount),
      description: method.description ? localize(method.description, view.locale) : null,
    })),
    shippingMethodId: priced.method?.id ?? null,
    subtotal: m(breakdown.subtotal),
    lineDiscount: m(breakdown.lineDiscount),
    shipping: m(breakdown.shipping),
    shippingDiscount: m(breakdown.shippingDiscount),
    tax: m(breakdown.tax),
    taxInclusive: breakdown.taxInclusive,
    total: m(breakdown.total),
    problems: priced.problems,
    points: {
      balance: priced.points.balance,
      /** What the points could take off (the customer chooses). */
      offer: { points: priced.points.offer.points, amount: m(priced.points.offer.amount) },
      used: { points: priced.points.used.points, amount: m(priced.points.used.amount) },
    },
    /** Ready to place: lines, no problems, a shipping method chosen. */
    ready: priced.problems.length === 0 && breakdown.lines.length > 0 && priced.method !== null,
  };
}

async function cartFor(deps: AppDeps, customerId: string) {
  const cart = await storedCart(deps, customerCartId(customerId));
  return {
    lines: (cart?.lines ?? []).map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
    couponCode: cart?.couponCode ?? null,
    revision: cart?.revision ?? null,
  };
}

export async function quote(
  deps: AppDeps,
  customerId: string,
  input: View & { addressId: string; shippingMethodId?: string; redeemPoints?: boolean },
) {
  const address = await addressOf(deps, customerId, input.addressId);
  const cart = await cartFor(deps, customerId);
  const ref = await pricingReference(deps);
  const sellable = await loadSellable(
    deps.db,
    cart.lines.map((l) => l.skuId),
    input,
    ref,
  );
  const priced = await priceFor(
    deps.db,
    sellable,
    deps.clock.now(),
    {
      customerId,
      ...cart,
      address,
      shippingMethodId: input.shippingMethodId,
      view: { locale: input.locale, currency: input.currency },
      points: { balance: await balanceOf(deps.db, customerId), redeem: input.redeemPoints ?? false },
    },
    ref,
  );
  return quoteView(priced, input);
}

function requestHash(input: PlaceOrderInput): string {
  const { idempotencyKey: _, ...rest } = input;
  const canonical = JSON.stringify(
    Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))),
  );
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * One checkout at a time per customer: the customer's row is locked, so retries with the same
 * key wait here and then find the order, a second checkout of the same cart finds it ordered,
 * and per-customer promotion limits and the points balance are read without a race. The reads
 * are sent right behind the lock as statements of their own: each takes its snapshot after the
 * lock is granted (a join in the locking statement would not see an order committed while it
 * waited).
 */
async function lockCustomer(
  tx: Executor,
  customerId: string,
  input: PlaceOrderInput,
  hash: string,
  cartRevision: string | null,
) {
  const [[customer], [order], cartOrder] = await settleAll([
    tx.select({ email: users.email }).from(users).where(eq(users.id, customerId)).for('update'),
    tx
      .select({ id: orders.id, number: orders.number, requestHash: orders.requestHash })
      .from(orders)
      .where(and(eq(orders.customerId, customerId), eq(orders.idempotencyKey, input.idempotencyKey))),
    cartRevision ? cartOrdered(tx, cartRevision) : null,
  ]);
  if (!customer) throw new DomainError('NOT_FOUND', 'There is no such customer');
  if (order && order.requestHash !== hash) {
    throw new DomainError(
      'IDEMPOTENCY_KEY_REUSED',
      'This checkout key was already used for a different order; start the checkout again',
    );
  }
  return {
    email: customer.email,
    existing: order ? { id: order.id, number: order.number } : null,
    cartAlreadyOrdered: cartOrder !== null,
  };
}

/** The limited offers this order uses, as the promotions module claims them. */
function offerClaims(priced: Priced): OfferClaims {
  const { breakdown, offers } = priced;
  const limited = new Set(
    offers.promotions.filter((p) => p.usageLimit !== null || p.budget !== null).map((p) => p.id),
  );
  return {
    promotions: breakdown.discounts
      .filter((d) => limited.has(d.promotionId))
      .map((d) => ({ promotionId: d.promotionId, name: d.name, amountBase: offers.toBase(d.amount) })),
    coupon:
      offers.coupon?.limited && breakdown.discounts.some((d) => d.code)
        ? { couponId: offers.coupon.couponId, code: breakdown.discounts.find((d) => d.code)!.code! }
        : null,
  };
}

/** Reserves every line, in SKU order so concurrent orders lock rows in the same order. */
async function reserveLines(tx: Executor, priced: Priced, number: string, locale: View['locale'], now: Date) {
  const lines = [...priced.breakdown.lines].sort((a, b) => (a.key < b.key ? -1 : 1));
  const warehouses = await settleAll(
    lines.map((line) =>
      reserveStock(tx, { skuId: line.key, quantity: line.quantity, reference: number, at: now }).catch(
        (error) => {
          if (error instanceof DomainError && error.reason === 'INSUFFICIENT_STOCK') {
            const name = localize(priced.sellable.get(line.key)!.title, locale);
            throw new DomainError('INSUFFICIENT_STOCK', `Not enough ${name} left for this order`, {
              skuId: line.key,
            });
          }
          throw error;
        },
      ),
    ),
  );
  return new Map(lines.map((line, i) => [line.key, warehouses[i]!]));
}

export async function placeOrder(deps: AppDeps, customerId: string, input: PlaceOrderInput) {
  const hash = requestHash(input);
  const view = { locale: input.locale, currency: input.currency };
  const [cart, address, ref] = await Promise.all([
    cartFor(deps, customerId),
    addressOf(deps, customerId, input.addressId),
    pricingReference(deps),
  ]);
  // Before the transaction: a catalog read; stock is re-checked by each reservation.
  const sellable = await loadSellable(
    deps.db,
    cart.lines.map((l) => l.skuId),
    view,
    ref,
  );

  // Three round trips inside the transaction, each a batch of statements sent together
  // (postgres.js pipelines what is issued at once on a connection, and runs it in order):
  // lock and read; reserve stock, claim limited offers and write the order; write what refers
  // to the order. Within a batch, statements run in the order they were issued.
  //
  // `settleAll`, not `Promise.all`: a failure must not end the transaction while a sibling
  // still has statements to send (a stock reservation that retries, say).
  const result = await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    // The lock is sent first. Everything below is sent after it on the same connection, so it
    // reads the cart's order, the points balance and the customer's usage of promotions as any
    // checkout of theirs that held the lock left them.
    const locked = lockCustomer(tx, customerId, input, hash, cart.revision);
    const balance = input.redeemPoints ? balanceOf(tx, customerId) : Promise.resolve(0);
    const [customer, priced, next] = await settleAll([
      locked,
      balance.then((points) =>
        priceFor(
          tx,
          sellable,
          now,
          {
            customerId,
            ...cart,
            address,
            shippingMethodId: input.shippingMethodId,
            view,
            points: { balance: points, redeem: input.redeemPoints },
          },
          ref,
        ),
      ),
      // A sequence, not a counter row: checkouts never wait on each other for a number. A retry
      // that finds its order wastes one; order numbers may have gaps.
      tx.execute(sql`select nextval('order_number_seq')::text as seq`),
    ]);
    if (customer.existing) return { ...customer.existing, created: false, slugs: [] as string[] };

    if (cart.lines.length === 0) throw new DomainError('CART_EMPTY', 'The cart is empty');
    if (customer.cartAlreadyOrdered) {
      throw new DomainError(
        'CART_EMPTY',
        'This cart has already been ordered; your order is in your account',
      );
    }
    for (const problem of priced.problems) {
      const title = priced.sellable.get(problem.skuId);
      const name = title ? localize(title.title, view.locale) : 'An item';
      throw problem.problem === 'unavailable'
        ? new DomainError('NOT_PURCHASABLE', `${name} is no longer sold; remove it from the cart`, {
            skuId: problem.skuId,
          })
        : new DomainError('INSUFFICIENT_STOCK', `Only ${problem.available} of ${name} left`, {
            skuId: problem.skuId,
            available: problem.available,
          });
    }

    const { settings } = ref;
    const number = orderNumber(now, Number(resultRows<{ seq: string }>(next)[0]!.seq));
    const { breakdown, offers } = priced;
    // Ids are made here so the order and everything that points at it can be sent in batches.
    const orderId = randomUUID();
    const lineIds = new Map(breakdown.lines.map((line) => [line.key, randomUUID()]));
    const [warehouses] = await settleAll([
      reserveLines(tx, priced, number, view.locale, now),
      claimOffers(tx, offerClaims(priced)),
      tx.insert(orders).values({
        id: orderId,
        number,
        customerId,
        email: customer.email,
        status: 'pending_payment',
        currency: view.currency,
        locale: view.locale,
        subtotal: breakdown.subtotal,
        lineDiscount: breakdown.lineDiscount,
        shipping: breakdown.shipping,
        shippingDiscount: breakdown.shippingDiscount,
        tax: breakdown.tax,
        taxInclusive: breakdown.taxInclusive,
        total: breakdown.total,
        couponCode: breakdown.coupon?.applied ? breakdown.coupon.code : null,
        shippingMethodId: priced.method!.id,
        shippingMethodName: localize(priced.method!.name, view.locale),
        shippingAddress: toPostal(address),
        reservationExpiresAt: new Date(now.getTime() + settings.reservationMinutes * 60_000),
        idempotencyKey: input.idempotencyKey,
        requestHash: hash,
        pointsRedeemed: priced.points.used.points,
        pointsDiscount: priced.points.used.amount,
        placedAt: now,
      }),
    ]);

    // Everything that refers to the order, now that it exists.
    const writes: PromiseLike<unknown>[] = [
      tx.insert(orderLines).values(
        breakdown.lines.map((line, position) => {
          const sku = priced.sellable.get(line.key)!;
          return {
            id: lineIds.get(line.key)!,
            orderId,
            skuId: line.key,
            productId: sku.productId,
            skuCode: sku.code,
            title: sku.title,
            options: sku.options,
            unitPrice: line.unitPrice,
            quantity: line.quantity,
            subtotal: line.subtotal,
            discount: line.discount,
            total: line.total,
            tax: line.tax,
            weightGrams: sku.weightGrams,
            warehouseId: warehouses.get(line.key)!,
            position,
          };
        }),
      ),
      tx.insert(orderEvents).values({
        orderId,
        type: 'placed',
        toStatus: 'pending_payment',
        actorKind: 'customer',
        actorId: customerId,
        createdAt: now,
      }),
      recordEvents(tx, {
        type: 'order.placed',
        aggregateType: 'order',
        aggregateId: orderId,
        payload: { number, customerId, currency: view.currency, total: breakdown.total },
        occurredAt: now,
      }),
    ];
    if (cart.revision) writes.push(markCartOrdered(tx, cart.revision, orderId));
    if (priced.points.used.points > 0) {
      writes.push(redeemPoints(tx, { customerId, points: priced.points.used.points, orderId }, now));
    }
    if (breakdown.discounts.length) {
      writes.push(
        tx.insert(orderDiscounts).values(
          breakdown.discounts.map((d) => ({
            orderId,
            promotionId: d.promotionId,
            name: d.name,
            couponCode: d.code,
            appliesTo: d.appliesTo,
            amount: d.amount,
            allocations: d.allocations.map((a) => ({ orderLineId: lineIds.get(a.key)!, amount: a.amount })),
          })),
        ),
        recordRedemptions(
          tx,
          breakdown.discounts.map((d) => ({
            promotionId: d.promotionId,
            couponId: d.code && offers.coupon ? offers.coupon.couponId : null,
            orderId,
            customerId,
            amount: d.amount,
            currency: breakdown.currency,
            amountBase: offers.toBase(d.amount),
          })),
          now,
        ),
      );
    }
    await settleAll(writes);
    const slugs = [...new Set(breakdown.lines.map((l) => priced.sellable.get(l.key)!.slug))];
    return { id: orderId, number, created: true, slugs };
  });

  // The order is committed: from here on the answer is success. Emptying the cart and the
  // product pages' cache is best-effort — a cart left behind reads as empty (its revision is
  // ordered), and cached availability expires by itself.
  if (result.created) {
    const cleanUp = await Promise.allSettled([
      clearCustomerCart(deps, customerId),
      // Product pages show availability; listings are left alone (ADR 0018).
      deps.catalogCache.invalidate({ slugs: result.slugs, listings: false }),
    ]);
    for (const failed of cleanUp) {
      if (failed.status === 'rejected') {
        deps.logger.warn(
          { err: failed.reason, order: result.number },
          'clean-up after placing an order failed',
        );
      }
    }
  }
  return { id: result.id, number: result.number };
}
