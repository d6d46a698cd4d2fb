// Cart contracts and rules: limits, and how a guest's cart joins a customer's on sign-in.
import { z } from 'zod';
import { currencySchema } from './catalog';
import { locales } from './identity';
import { say } from './messages';
import { couponCode } from './promotions';

export const MAX_CART_LINES = 100;
export const MAX_LINE_QUANTITY = 999;

const quantity = z
  .number(say('quantity.enter'))
  .int(say('quantity.whole'))
  .min(1, say('quantity.atLeastOne'))
  .max(MAX_LINE_QUANTITY, say('quantity.atMost', { max: MAX_LINE_QUANTITY }));

/** How the shopper wants the cart shown: language and currency. */
export const cartView = {
  locale: z.enum(locales).default('en'),
  currency: currencySchema.default('USD'),
};

export const cartReadInput = z.strictObject(cartView);
export const addToCartInput = z.strictObject({ ...cartView, skuId: z.uuid(), quantity: quantity.default(1) });
export const setCartQuantityInput = z.strictObject({ ...cartView, skuId: z.uuid(), quantity });
export const removeFromCartInput = z.strictObject({ ...cartView, skuId: z.uuid() });
export const applyCouponInput = z.strictObject({ ...cartView, code: couponCode });

export type CartLineProblem = 'unavailable' | 'out_of_stock' | 'insufficient_stock';

/** What stops a line from being bought now: the SKU is not sold, or there is not enough stock. */
export function lineProblem(
  sku: { purchasable: boolean; available: number } | undefined,
  quantity: number,
): CartLineProblem | null {
  if (!sku?.purchasable) return 'unavailable';
  if (sku.available <= 0) return 'out_of_stock';
  return sku.available < quantity ? 'insufficient_stock' : null;
}

export interface CartLineQuantity {
  skuId: string;
  quantity: number;
}

/**
 * A guest's cart joining the customer's: quantities of the same SKU add up, each capped by what
 * can be bought (`buyable`: available stock, or 0 when the SKU is no longer sold) and by the
 * per-line maximum; lines that cannot be bought at all are dropped; the customer's own lines come
 * first and the total stays within the line limit.
 */
export function mergeCartLines(
  customer: readonly CartLineQuantity[],
  guest: readonly CartLineQuantity[],
  buyable: ReadonlyMap<string, number>,
): CartLineQuantity[] {
  const merged = new Map<string, number>();
  for (const line of [...customer, ...guest])
    merged.set(line.skuId, (merged.get(line.skuId) ?? 0) + line.quantity);
  const result: CartLineQuantity[] = [];
  for (const [skuId, wanted] of merged) {
    const fromCustomer = customer.find((l) => l.skuId === skuId)?.quantity ?? 0;
    // Never take away what the customer already had; only the guest's addition is capped.
    const cap = Math.max(fromCustomer, Math.min(buyable.get(skuId) ?? 0, MAX_LINE_QUANTITY));
    const quantity = Math.min(wanted, cap);
    if (quantity > 0) result.push({ skuId, quantity });
  }
  return result.slice(0, MAX_CART_LINES);
}
