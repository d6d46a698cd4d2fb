// Contracts for addresses, checkout and orders. The storefront, the desktop app and the API
// validate with these same schemas.
import { z } from 'zod';
import { cartView } from './cart';
import { platforms } from './channels';
import { say } from './messages';
import { orderStatuses } from './order-states';
import { pageInput } from './pagination';
import { postalCodeProblem } from './postal-codes';
import { safeDate, safeString } from './text';

const text = (max: number) => safeString().trim().max(max);

export const addressInput = z
  .strictObject({
    name: text(120).min(1, say('address.name')),
    line1: text(200).min(1, say('address.line1')),
    line2: text(200).nullable().default(null),
    city: text(120).min(1, say('address.city')),
    region: text(120).nullable().default(null),
    postalCode: text(20).nullable().default(null),
    country: safeString(say('country.choose'))
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, say('country.choose')),
    phone: text(40).nullable().default(null),
  })
  .superRefine((address, ctx) => {
    const problem = postalCodeProblem(address.country, address.postalCode);
    if (problem) ctx.addIssue({ code: 'custom', path: ['postalCode'], message: problem });
  });
export type AddressInput = z.infer<typeof addressInput>;

export const saveAddressInput = z.strictObject({
  address: addressInput,
  isDefault: z.boolean().default(false),
});
export const updateAddressInput = z.strictObject({
  id: z.uuid(),
  address: addressInput,
  isDefault: z.boolean().optional(),
});

/** Where to ship: one of the customer's saved addresses. */
export const checkoutInput = z.strictObject({
  ...cartView,
  addressId: z.uuid(),
  shippingMethodId: z.uuid().optional(),
  /** Pay part of the goods with loyalty points (up to the store's share). */
  redeemPoints: z.boolean().default(false),
});

export const shippingOptionsInput = z.strictObject({ ...cartView, addressId: z.uuid() });

export const placeOrderInput = z.strictObject({
  ...cartView,
  addressId: z.uuid(),
  shippingMethodId: z.uuid(),
  redeemPoints: z.boolean().default(false),
  /**
   * Made by the client once per checkout attempt and sent again on retries: the same key with
   * the same input returns the same order; with a different input it is refused.
   */
  idempotencyKey: safeString()
    .trim()
    .regex(/^[A-Za-z0-9_-]{16,100}$/, say('code.idempotency')),
});
export type PlaceOrderInput = z.infer<typeof placeOrderInput>;

export const orderListInput = z.strictObject({
  ...pageInput,
  status: z.enum(orderStatuses).optional(),
});

export const staffOrderListInput = z.strictObject({
  ...pageInput,
  status: z.array(z.enum(orderStatuses)).max(orderStatuses.length).optional(),
  from: safeDate().optional(),
  to: safeDate().optional(),
  /** Customer email, or part of it. */
  customer: safeString().trim().max(200).optional(),
  minTotal: z.number().int().min(0).optional(),
  maxTotal: z.number().int().min(0).optional(),
  /** Orders holding this SKU code. */
  sku: safeString().trim().max(80).optional(),
  /** An order number (ours or the marketplace's), or part of it. */
  number: safeString().trim().max(40).optional(),
  /** Where it was sold: the storefront or a marketplace platform; or one shop. */
  channel: z.enum(['storefront', ...platforms]).optional(),
  shopId: z.uuid().optional(),
  sort: z.enum(['newest', 'oldest', 'total_desc', 'total_asc']).default('newest'),
});

export const orderRefInput = z.strictObject({ id: z.uuid() });
export const cancelOrderInput = z.strictObject({
  id: z.uuid(),
  reason: safeString().trim().min(1, say('order.cancelWhy')).max(500),
});
export const orderNoteInput = z.strictObject({
  id: z.uuid(),
  note: safeString().trim().min(1, say('note.write')).max(2000),
  visibleToCustomer: z.boolean().default(false),
});

/** SO-YYYY-NNNNNN: the year it was placed and a number from one sequence. */
export function orderNumber(placedAt: Date, sequence: number): string {
  return `SO-${placedAt.getUTCFullYear()}-${String(sequence).padStart(6, '0')}`;
}
