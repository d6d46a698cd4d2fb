// Cart procedures for shoppers. A signed-in customer's cart is theirs on every device; a guest's
// is found by an anonymous cart id in an httpOnly cookie, made on the first change.
import { randomBytes } from 'node:crypto';
import {
  addToCartInput,
  applyCouponInput,
  cartReadInput,
  removeFromCartInput,
  setCartQuantityInput,
} from '@crossdock/domain/cart';
import type { Context } from '../../context';
import { router, shopperProcedure } from '../../trpc';
import type { Principal } from '../identity/principal';
import * as cart from './cart.service';

export const CART_COOKIE = 'cd_cart';
const COOKIE_MAX_AGE = 30 * 24 * 3600;
const GUEST_ID = /^g:[A-Za-z0-9_-]{32}$/;

type ShopperContext = Context & { customer: Principal | null };

/** The cart this request reads: the customer's, the guest's from the cookie, or none yet. */
export function currentCartId(ctx: ShopperContext): string | null {
  if (ctx.customer) return cart.customerCartId(ctx.customer.id);
  const fromCookie = ctx.req.cookies[CART_COOKIE];
  return fromCookie && GUEST_ID.test(fromCookie) ? fromCookie : null;
}

/** A customer who signs in or signs up brings the cart they filled as a guest along. */
export async function adoptGuestCart(ctx: Context, customerId: string): Promise<void> {
  const guestCart = ctx.req.cookies[CART_COOKIE];
  if (!guestCart) return;
  await cart.mergeGuestCart(ctx.deps, guestCart, customerId);
  ctx.req.clearCookie(CART_COOKIE, '/');
}

/** The cart a change goes to, making a guest cart (and its cookie) when there is none. */
function writableCartId(ctx: ShopperContext): string {
  const existing = currentCartId(ctx);
  if (existing) return existing;
  const id = `g:${randomBytes(24).toString('base64url')}`;
  ctx.req.setCookie(CART_COOKIE, id, { maxAgeSeconds: COOKIE_MAX_AGE, path: '/' });
  return id;
}

const view = (input: { locale: 'en' | 'zh-CN'; currency: string }) => ({
  locale: input.locale,
  currency: input.currency,
});
/** `cartId`: the cart just written (a new guest cart's cookie only arrives with the next request). */
const read = (
  ctx: ShopperContext,
  input: { locale: 'en' | 'zh-CN'; currency: string },
  cartId = currentCartId(ctx),
) => cart.readCart(ctx.deps, cartId, ctx.customer?.id ?? null, view(input));

export const cartRouter = router({
  get: shopperProcedure.input(cartReadInput).query(({ ctx, input }) => read(ctx, input)),
  add: shopperProcedure.input(addToCartInput).mutation(async ({ ctx, input }) => {
    const id = writableCartId(ctx);
    return cart.addToCart(ctx.deps, { id, customerId: ctx.customer?.id ?? null }, view(input), input);
  }),
  setQuantity: shopperProcedure.input(setCartQuantityInput).mutation(async ({ ctx, input }) => {
    const id = writableCartId(ctx);
    return cart.setQuantity(ctx.deps, { id, customerId: ctx.customer?.id ?? null }, view(input), input);
  }),
  remove: shopperProcedure.input(removeFromCartInput).mutation(async ({ ctx, input }) => {
    const id = currentCartId(ctx);
    if (id) await cart.removeFromCart(ctx.deps, id, input.skuId);
    return read(ctx, input);
  }),
  applyCoupon: shopperProcedure.input(applyCouponInput).mutation(async ({ ctx, input }) => {
    const id = writableCartId(ctx);
    await cart.applyCoupon(ctx.deps, id, input.code);
    return read(ctx, input, id);
  }),
  removeCoupon: shopperProcedure.input(cartReadInput).mutation(async ({ ctx, input }) => {
    const id = currentCartId(ctx);
    if (id) await cart.removeCoupon(ctx.deps, id);
    return read(ctx, input);
  }),
  acceptPrices: shopperProcedure.input(cartReadInput).mutation(async ({ ctx, input }) => {
    const id = currentCartId(ctx);
    if (id) await cart.acceptPrices(ctx.deps, id, view(input));
    return read(ctx, input);
  }),
});
