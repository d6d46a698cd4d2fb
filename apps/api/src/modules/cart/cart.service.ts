// The shopper's cart: lines kept by the cart store, re-priced from the catalog on every read,
// with each line's problems flagged (price changed since it was added, not enough stock, no
// longer sold) and the cart's promotions and coupon evaluated by the one pricing function.

import type { Executor } from '@crossdock/db/client';
import { cartCheckouts, coupons } from '@crossdock/db/schema';
import { lineProblem, MAX_LINE_QUANTITY, mergeCartLines } from '@crossdock/domain/cart';
import { localize } from '@crossdock/domain/catalog';
import { DomainError } from '@crossdock/domain/errors';
import { money } from '@crossdock/domain/money';
import { type PriceLine, priceCart } from '@crossdock/domain/pricing';
import { and, eq, isNull } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { loadOffers, type Offers } from '../pricing/offers';
import { type PricingReference, pricingReference } from '../pricing/reference';
import { loadSellable, type Sellable } from '../pricing/sellable';
import type { StoredCart, StoredLine } from './cart-store';

export interface CartView {
  locale: 'en' | 'zh-CN';
  currency: string;
}

export const customerCartId = (customerId: string) => `c:${customerId}`;

/**
 * The stored cart, unless its contents have already become an order and the clean-up after
 * that order did not happen (it is best-effort): such a cart is emptied now and reads as none.
 * Every read that a change or a checkout builds on goes through here.
 */
export async function storedCart(deps: AppDeps, cartId: string): Promise<StoredCart | null> {
  const cart = await deps.cartStore.get(cartId);
  if (!cart?.revision || !cartId.startsWith('c:')) return cart;
  if (!(await cartOrdered(deps.db, cart.revision))) return cart;
  await deps.cartStore.replace(cartId, null);
  return null;
}

/** The order these cart contents became, if they did. */
export async function cartOrdered(db: Executor, revision: string): Promise<string | null> {
  const [row] = await db
    .select({ orderId: cartCheckouts.orderId })
    .from(cartCheckouts)
    .where(eq(cartCheckouts.revision, revision));
  return row?.orderId ?? null;
}

/**
 * Marks these cart contents as ordered, inside the checkout's transaction: a second checkout of
 * the same revision is refused by the primary key (`cart_checkouts_pkey` → CART_EMPTY).
 */
export function markCartOrdered(tx: Executor, revision: string, orderId: string) {
  return tx.insert(cartCheckouts).values({ revision, orderId });
}

/** After an order: the customer's cart is emptied. Best-effort; `storedCart` covers a failure. */
export async function clearCustomerCart(deps: AppDeps, customerId: string): Promise<void> {
  await deps.cartStore.replace(customerCartId(customerId), null);
}

interface LoadedCart {
  stored: StoredCart;
  sellable: Map<string, Sellable>;
  offers: Offers;
  ref: PricingReference;
}

/**
 * Everything a cart response needs, in two steps of reads sent together: the stored cart, then
 * its SKUs (with `alsoSkuIds`, those a change is about to add) and the offers.
 */
async function loadCart(
  deps: AppDeps,
  cartId: string | null,
  customerId: string | null,
  view: CartView,
  alsoSkuIds: string[] = [],
): Promise<LoadedCart> {
  const [stored, ref] = await Promise.all([cartId ? storedCart(deps, cartId) : null, pricingReference(deps)]);
  const cart = stored ?? { lines: [], couponCode: null, revision: null };
  const ids = [...new Set([...cart.lines.map((l) => l.skuId), ...alsoSkuIds])];
  const [sellable, offers] = await Promise.all([
    loadSellable(deps.db, ids, view, ref),
    loadOffers(deps.db, { currency: view.currency, customerId, couponCode: cart.couponCode }, ref),
  ]);
  return { stored: cart, sellable, offers, ref };
}

/** The cart as the shopper sees it. `cartId` null: no cart yet (an empty one is returned). */
export async function readCart(
  deps: AppDeps,
  cartId: string | null,
  customerId: string | null,
  view: CartView,
) {
  return cartResponse(deps, await loadCart(deps, cartId, customerId, view), view);
}

function cartResponse(deps: AppDeps, loaded: LoadedCart, view: CartView) {
  const { sellable, offers, ref } = loaded;
  const { lines } = loaded.stored;
  const shown = lines.map((line) => {
    const sku = sellable.get(line.skuId);
    return { line, sku, problem: lineProblem(sku, line.quantity) };
  });
  const priceable = shown.filter(
    (s): s is typeof s & { sku: Sellable } => !!s.sku && s.problem !== 'unavailable',
  );
  const breakdown = priceCart({
    currency: view.currency,
    lines: priceable.map(
      ({ line, sku }): PriceLine => ({
        key: line.skuId,
        productId: sku.productId,
        categoryIds: sku.categoryIds,
        unitPrice: sku.unitPrice!,
        quantity: line.quantity,
      }),
    ),
    customer: offers.customer,
    promotions: offers.promotions,
    coupon: offers.coupon,
    shipping: null,
    tax: { inclusive: ref.settings.taxInclusive, lineRates: {}, shippingRate: 0 },
    now: deps.clock.now(),
  });
  const priced = new Map(breakdown.lines.map((l) => [l.key, l]));
  const m = (amount: number) => money(amount, view.currency);

  return {
    currency: view.currency,
    lines: shown.map(({ line, sku, problem }) => {
      const p = priced.get(line.skuId);
      const priceChanged =
        !!sku?.unitPrice &&
        line.seenCurrency === view.currency &&
        line.seenPrice !== null &&
        line.seenPrice !== sku.unitPrice;
      return {
        skuId: line.skuId,
        slug: sku?.slug ?? null,
        title: sku ? localize(sku.title, view.locale) : null,
        options: sku?.options ?? '',
        code: sku?.code ?? null,
        image: sku?.image ?? null,
        quantity: line.quantity,
        /** What can be bought now: the stock available, at most the per-line maximum. */
        maxQuantity: sku?.purchasable ? Math.min(sku.available, MAX_LINE_QUANTITY) : 0,
        unitPrice: sku?.unitPrice != null ? m(sku.unitPrice) : null,
        previousUnitPrice: priceChanged ? m(line.seenPrice!) : null,
        subtotal: p ? m(p.subtotal) : null,
        discount: p ? m(p.discount) : null,
        total: p ? m(p.total) : null,
        problem,
        priceChanged,
      };
    }),
    discounts: breakdown.discounts.map((d) => ({
      promotionId: d.promotionId,
      name: localize(d.name, view.locale),
      code: d.code,
      appliesTo: d.appliesTo,
      amount: m(d.amount),
    })),
    coupon: offers.couponProblem ?? breakdown.coupon,
    itemCount: lines.reduce((n, l) => n + l.quantity, 0),
    subtotal: m(breakdown.subtotal),
    discountTotal: m(breakdown.lineDiscount),
    /** Goods after discounts, before shipping and (for tax-exclusive stores) tax. */
    total: m(breakdown.subtotal - breakdown.lineDiscount),
    taxInclusive: breakdown.taxInclusive,
    hasProblems: shown.some((s) => s.problem !== null),
  };
}

function purchasable(sku: Sellable | undefined): Sellable {
  if (!sku) throw new DomainError('NOT_FOUND', 'There is no such item');
  if (!sku.purchasable) throw new DomainError('NOT_PURCHASABLE', 'This item is no longer sold');
  return sku;
}

function assertInStock(sku: Sellable, quantity: number) {
  if (quantity > MAX_LINE_QUANTITY) {
    throw new DomainError('VALIDATION_FAILED', `At most ${MAX_LINE_QUANTITY} of one item`);
  }
  if (sku.available < quantity) {
    throw new DomainError(
      'INSUFFICIENT_STOCK',
      sku.available > 0 ? `Only ${sku.available} left` : 'This item is out of stock',
      { available: Math.max(0, sku.available) },
    );
  }
}

/** Sets one line's quantity and answers with the cart as it now is, without reading it twice. */
async function putQuantity(
  deps: AppDeps,
  cartId: string,
  customerId: string | null,
  view: CartView,
  skuId: string,
  quantity: (existing: StoredLine | undefined) => number,
) {
  const loaded = await loadCart(deps, cartId, customerId, view, [skuId]);
  const sku = purchasable(loaded.sellable.get(skuId));
  const existing = loaded.stored.lines.find((l) => l.skuId === skuId);
  const wanted = quantity(existing);
  assertInStock(sku, wanted);
  const line: StoredLine = {
    skuId,
    quantity: wanted,
    seenPrice: sku.unitPrice,
    seenCurrency: view.currency,
    addedAt: existing?.addedAt ?? deps.clock.now(),
  };
  await deps.cartStore.putLine(cartId, line);
  const lines = existing
    ? loaded.stored.lines.map((l) => (l.skuId === skuId ? line : l))
    : [...loaded.stored.lines, line];
  return cartResponse(deps, { ...loaded, stored: { ...loaded.stored, lines } }, view);
}

export function addToCart(
  deps: AppDeps,
  cart: { id: string; customerId: string | null },
  view: CartView,
  input: { skuId: string; quantity: number },
) {
  return putQuantity(
    deps,
    cart.id,
    cart.customerId,
    view,
    input.skuId,
    (existing) => (existing?.quantity ?? 0) + input.quantity,
  );
}

export function setQuantity(
  deps: AppDeps,
  cart: { id: string; customerId: string | null },
  view: CartView,
  input: { skuId: string; quantity: number },
) {
  return putQuantity(deps, cart.id, cart.customerId, view, input.skuId, () => input.quantity);
}

export async function removeFromCart(deps: AppDeps, cartId: string, skuId: string) {
  await deps.cartStore.removeLine(cartId, skuId);
}

/** Keeps a code that exists; whether it applies (and why not) shows in the cart. */
export async function applyCoupon(deps: AppDeps, cartId: string, code: string) {
  const [coupon] = await deps.db
    .select({ id: coupons.id })
    .from(coupons)
    .where(and(eq(coupons.code, code.toUpperCase()), isNull(coupons.disabledAt)));
  if (!coupon) throw new DomainError('COUPON_NOT_FOUND', `There is no coupon ${code.toUpperCase()}`);
  await deps.cartStore.setCoupon(cartId, code.toUpperCase());
}

export async function removeCoupon(deps: AppDeps, cartId: string) {
  await deps.cartStore.setCoupon(cartId, null);
}

/** The shopper has seen the new prices: stop flagging them. */
export async function acceptPrices(deps: AppDeps, cartId: string, view: CartView) {
  const cart = await storedCart(deps, cartId);
  if (!cart) return;
  const sellable = await loadSellable(
    deps.db,
    cart.lines.map((l) => l.skuId),
    view,
    await pricingReference(deps),
  );
  for (const line of cart.lines) {
    const price = sellable.get(line.skuId)?.unitPrice ?? null;
    if (price !== null && (line.seenPrice !== price || line.seenCurrency !== view.currency)) {
      await deps.cartStore.putLine(cartId, { ...line, seenPrice: price, seenCurrency: view.currency });
    }
  }
}

/**
 * On sign-in: the guest cart joins the customer's (quantities add, capped by what can be
 * bought), the guest's coupon is kept if the customer had none, and the guest cart is gone.
 */
export async function mergeGuestCart(deps: AppDeps, guestCartId: string, customerId: string) {
  const guest = await deps.cartStore.get(guestCartId);
  if (!guest) return;
  const target = customerCartId(customerId);
  const mine = (await storedCart(deps, target)) ?? { lines: [], couponCode: null };
  const ids = [...new Set([...mine.lines, ...guest.lines].map((l) => l.skuId))];
  // Only stock and purchasability matter here; any currency the store sells in will do.
  const ref = await pricingReference(deps);
  const sellable = await loadSellable(deps.db, ids, { locale: 'en', currency: ref.pricing.base }, ref);
  const buyable = new Map(
    ids.map((id) => {
      const sku = sellable.get(id);
      return [id, sku?.purchasable ? Math.max(0, sku.available) : 0];
    }),
  );
  const merged = mergeCartLines(mine.lines, guest.lines, buyable);
  const byId = new Map([...guest.lines, ...mine.lines].map((l) => [l.skuId, l]));
  await deps.cartStore.replace(target, {
    lines: merged.map((l) => ({ ...byId.get(l.skuId)!, quantity: l.quantity })),
    couponCode: mine.couponCode ?? guest.couponCode,
  });
  await deps.cartStore.replace(guestCartId, null);
}
