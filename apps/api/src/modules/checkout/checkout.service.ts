// Checkout: shipping options for an address, the quote (server prices only), and placing the
// order. `placeOrder` is one transaction: it re-prices the cart, reserves stock with conditional
// updates, redeems promotions and the coupon against their limits, snapshots prices, titles and
// the address onto the order, numbers it and writes its events. An idempotency key makes a retry
// return the same order.
import { createHash } from 'node:crypto';
import { type Executor, resultRows, type Tx } from '@crossdock/db/client';
import {
  coupons,
  orderDiscounts,
  orderEvents,
  orderLines,
  orders,
  type PostalAddress,
  promotionRedemptions,
  promotions,
  users,
} from '@crossdock/db/schema';
import { type CartLineProblem, lineProblem } from '@crossdock/domain/cart';
import { localize } from '@crossdock/domain/catalog';
import { DomainError } from '@crossdock/domain/errors';
import { money } from '@crossdock/domain/money';
import { orderNumber, type PlaceOrderInput } from '@crossdock/domain/orders';
import { convertAmount } from '@crossdock/domain/prices';
import { type PriceBreakdown, priceCart } from '@crossdock/domain/pricing';
import { shippingPrice } from '@crossdock/domain/shipping';
import { taxRateFor } from '@crossdock/domain/tax';
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { recordEvents } from '../../infra/outbox';
import { addressOf } from '../account/addresses.service';
import { customerCartId } from '../cart/cart.service';
import { settingFor } from '../catalog/currencies.service';
import { reserveStock } from '../inventory/inventory.service';
import { loadOffers, type Offers } from './offers';
import { type CheckoutReference, checkoutReference } from './reference';
import { loadSellable, type Sellable } from './sellable';

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
function methodsFor(ref: CheckoutReference, country: string, grams: number, currency: string) {
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
  },
  ref: CheckoutReference,
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
  const breakdown = priceCart({
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
    tax: {
      inclusive: settings.taxInclusive,
      lineRates: Object.fromEntries(
        priceable.map((l) => [
          l.skuId,
          taxRateFor(rates, address.country, sellable.get(l.skuId)!.categoryIds),
        ]),
      ),
      shippingRate: taxRateFor(rates, address.country, []),
    },
    now,
  });
  return {
    breakdown,
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
      name: d.name,
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
    /** Ready to place: lines, no problems, a shipping method chosen. */
    ready: priced.problems.length === 0 && breakdown.lines.length > 0 && priced.method !== null,
  };
}

async function cartFor(deps: AppDeps, customerId: string) {
  const cart = await deps.cartStore.get(customerCartId(customerId));
  return {
    lines: (cart?.lines ?? []).map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
    couponCode: cart?.couponCode ?? null,
  };
}

export async function quote(
  deps: AppDeps,
  customerId: string,
  input: View & { addressId: string; shippingMethodId?: string },
) {
  const address = await addressOf(deps, customerId, input.addressId);
  const cart = await cartFor(deps, customerId);
  const ref = await checkoutReference(deps);
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

async function existingOrder(tx: Executor, customerId: string, input: PlaceOrderInput, hash: string) {
  const [order] = await tx
    .select({ id: orders.id, number: orders.number, requestHash: orders.requestHash })
    .from(orders)
    .where(and(eq(orders.customerId, customerId), eq(orders.idempotencyKey, input.idempotencyKey)));
  if (!order) return null;
  if (order.requestHash !== hash) {
    throw new DomainError(
      'IDEMPOTENCY_KEY_REUSED',
      'This checkout key was already used for a different order; start the checkout again',
    );
  }
  return { id: order.id, number: order.number };
}

/**
 * Records each promotion and code the order uses. Those with a usage limit or budget are also
 * counted against it by a conditional update, or the order is refused. Unlimited ones are not:
 * their row would be one lock every checkout queues on, and their use is the redemptions.
 */
async function redeem(tx: Tx, priced: Priced, orderId: string, customerId: string) {
  const { breakdown, offers } = priced;
  const limited = new Set(
    offers.promotions.filter((p) => p.usageLimit !== null || p.budget !== null).map((p) => p.id),
  );
  for (const discount of breakdown.discounts) {
    const amountBase = offers.toBase(discount.amount);
    const [used] = !limited.has(discount.promotionId)
      ? [{ id: discount.promotionId }]
      : await tx
          .update(promotions)
          .set({
            timesUsed: sql`${promotions.timesUsed} + 1`,
            budgetUsed: sql`${promotions.budgetUsed} + ${amountBase}`,
          })
          .where(
            and(
              eq(promotions.id, discount.promotionId),
              eq(promotions.status, 'active'),
              or(isNull(promotions.usageLimit), sql`${promotions.timesUsed} < ${promotions.usageLimit}`),
              or(
                isNull(promotions.budget),
                sql`${promotions.budgetUsed} + ${amountBase} <= ${promotions.budget}`,
              ),
            ),
          )
          .returning({ id: promotions.id });
    if (!used) {
      throw new DomainError(
        'PROMOTION_UNAVAILABLE',
        `“${discount.name}” has just run out; review your order and try again`,
      );
    }
    let couponId: string | null = null;
    if (discount.code && offers.coupon && !offers.coupon.limited) couponId = offers.coupon.couponId;
    else if (discount.code && offers.coupon) {
      const [coupon] = await tx
        .update(coupons)
        .set({ timesUsed: sql`${coupons.timesUsed} + 1` })
        .where(
          and(
            eq(coupons.id, offers.coupon.couponId),
            or(isNull(coupons.usageLimit), sql`${coupons.timesUsed} < ${coupons.usageLimit}`),
          ),
        )
        .returning({ id: coupons.id });
      if (!coupon) {
        throw new DomainError(
          'PROMOTION_UNAVAILABLE',
          `The code ${discount.code} has just been used up; review your order`,
        );
      }
      couponId = coupon.id;
    }
    await tx.insert(promotionRedemptions).values({
      promotionId: discount.promotionId,
      couponId,
      orderId,
      customerId,
      amount: discount.amount,
      currency: breakdown.currency,
      amountBase,
    });
  }
}

export async function placeOrder(deps: AppDeps, customerId: string, input: PlaceOrderInput) {
  const hash = requestHash(input);
  const view = { locale: input.locale, currency: input.currency };
  const [cart, address, ref] = await Promise.all([
    cartFor(deps, customerId),
    addressOf(deps, customerId, input.addressId),
    checkoutReference(deps),
  ]);
  // Before the transaction: a catalog read; stock is re-checked by each reservation.
  const sellable = await loadSellable(
    deps.db,
    cart.lines.map((l) => l.skuId),
    view,
    ref,
  );

  const result = await deps.db.transaction(async (tx) => {
    // One checkout at a time per customer: retries with the same key wait here and then find
    // the order; per-customer promotion limits are counted without a race.
    const [customer] = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(eq(users.id, customerId))
      .for('update');
    if (!customer) throw new DomainError('NOT_FOUND', 'There is no such customer');
    const existing = await existingOrder(tx, customerId, input, hash);
    if (existing) return { ...existing, created: false, slugs: [] as string[] };

    if (cart.lines.length === 0) throw new DomainError('CART_EMPTY', 'The cart is empty');
    const now = deps.clock.now();
    const priced = await priceFor(
      tx,
      sellable,
      now,
      { customerId, ...cart, address, shippingMethodId: input.shippingMethodId, view },
      ref,
    );
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
    // A sequence, not a counter row: checkouts never wait on each other for a number.
    const [next] = resultRows<{ seq: string }>(
      await tx.execute(sql`select nextval('order_number_seq')::text as seq`),
    );
    const seq = Number(next!.seq);
    const number = orderNumber(now, seq);
    const { breakdown } = priced;

    // Stock first, in SKU order, so concurrent orders lock rows in the same order (no deadlock).
    const warehouses = new Map<string, string>();
    for (const line of [...breakdown.lines].sort((a, b) => (a.key < b.key ? -1 : 1))) {
      try {
        warehouses.set(
          line.key,
          await reserveStock(tx, { skuId: line.key, quantity: line.quantity, reference: number }),
        );
      } catch (error) {
        if (error instanceof DomainError && error.reason === 'INSUFFICIENT_STOCK') {
          const name = localize(priced.sellable.get(line.key)!.title, view.locale);
          throw new DomainError('INSUFFICIENT_STOCK', `Not enough ${name} left for this order`, {
            skuId: line.key,
          });
        }
        throw error;
      }
    }

    const [order] = await tx
      .insert(orders)
      .values({
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
        placedAt: now,
      })
      .returning();
    const lineRows = await tx
      .insert(orderLines)
      .values(
        breakdown.lines.map((line, position) => {
          const sku = priced.sellable.get(line.key)!;
          return {
            orderId: order!.id,
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
      )
      .returning({ id: orderLines.id, skuId: orderLines.skuId });
    const lineIds = new Map(lineRows.map((l) => [l.skuId, l.id]));
    if (breakdown.discounts.length) {
      await tx.insert(orderDiscounts).values(
        breakdown.discounts.map((d) => ({
          orderId: order!.id,
          promotionId: d.promotionId,
          name: d.name,
          couponCode: d.code,
          appliesTo: d.appliesTo,
          amount: d.amount,
          allocations: d.allocations.map((a) => ({ orderLineId: lineIds.get(a.key)!, amount: a.amount })),
        })),
      );
    }
    await redeem(tx, priced, order!.id, customerId);
    await tx.insert(orderEvents).values({
      orderId: order!.id,
      type: 'placed',
      toStatus: 'pending_payment',
      actorKind: 'customer',
      actorId: customerId,
      createdAt: now,
    });
    await recordEvents(tx, {
      type: 'order.placed',
      aggregateType: 'order',
      aggregateId: order!.id,
      payload: { number, customerId, currency: view.currency, total: breakdown.total },
    });
    const slugs = [...new Set(breakdown.lines.map((l) => priced.sellable.get(l.key)!.slug))];
    return { id: order!.id, number: order!.number, created: true, slugs };
  });

  if (result.created) {
    await deps.cartStore.replace(customerCartId(customerId), null);
    // Product pages show availability; listings are left alone (ADR 0018).
    await deps.catalogCache.invalidate({ slugs: result.slugs, listings: false });
  }
  return { id: result.id, number: result.number };
}
