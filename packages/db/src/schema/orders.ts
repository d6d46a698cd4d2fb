// Customers' address books, orders with their lines, discounts and timeline. An order is a
// snapshot: prices, titles, discounts and the address are copied onto it when it is placed,
// so later catalog changes never rewrite what was sold.
import type { LocalizedText } from '@crossdock/domain/catalog';
import { platforms } from '@crossdock/domain/channels';
import { orderStatuses } from '@crossdock/domain/order-states';
import type { PostalAddress } from '@crossdock/domain/postal-codes';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgSequence,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { products, skus } from './catalog';
import { shops } from './channels';
import { at, createdAt, hasEnglish, id, localized, money, updatedAt } from './columns';
import { users } from './identity';
import { warehouses } from './inventory';
import { shippingMethods } from './logistics';
import { coupons, promotions } from './promotions';

export type { PostalAddress };

export const customerAddresses = pgTable(
  'customer_addresses',
  {
    id: id(),
    customerId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    line1: text().notNull(),
    line2: text(),
    city: text().notNull(),
    region: text(),
    postalCode: text(),
    country: text().notNull(),
    phone: text(),
    isDefault: boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('customer_addresses_customer_idx').on(t.customerId, t.createdAt),
    uniqueIndex('customer_addresses_default_key').on(t.customerId).where(sql`${t.isDefault}`),
    check('customer_addresses_country_check', sql`${t.country} ~ '^[A-Z]{2}$'`),
  ],
);

/** Order numbers: SO-YYYY-NNNNNN from one sequence (no lock between checkouts; gaps allowed). */
export const orderNumberSeq = pgSequence('order_number_seq', { startWith: 1 });

export const orders = pgTable(
  'orders',
  {
    id: id(),
    number: text().notNull(),
    /** The storefront's customer; a marketplace's buyer is the platform's, not ours (null). */
    customerId: uuid().references(() => users.id, { onDelete: 'restrict' }),
    email: text().notNull(),
    status: text({ enum: orderStatuses }).notNull(),
    /** Where it was sold: the storefront, or a marketplace shop (its platform, for filters). */
    channel: text({ enum: ['storefront', ...platforms] })
      .notNull()
      .default('storefront'),
    shopId: uuid().references(() => shops.id, { onDelete: 'restrict' }),
    /** The platform's id and number for it (Amazon's 113-…, Shopify's gid and #1001). */
    externalId: text(),
    externalNumber: text(),
    /** Who ships it: we do (from the shop's warehouse), or the platform (FBA and the like). */
    fulfilledBy: text({ enum: ['merchant', 'platform'] })
      .notNull()
      .default('merchant'),
    /** What the platform keeps (referral, fulfilment fees…), in the order's currency, where known. */
    platformFees: money().notNull().default(0),
    statusBeforeRefund: text(),
    currency: text().notNull(),
    locale: text().notNull(),
    subtotal: money().notNull(),
    lineDiscount: money().notNull(),
    shipping: money().notNull(),
    shippingDiscount: money().notNull(),
    tax: money().notNull(),
    taxInclusive: boolean().notNull(),
    total: money().notNull(),
    couponCode: text(),
    shippingMethodId: uuid().references(() => shippingMethods.id, { onDelete: 'restrict' }),
    shippingMethodName: text().notNull(),
    shippingAddress: jsonb().$type<PostalAddress>().notNull(),
    /** Unpaid orders release their stock after this. */
    reservationExpiresAt: at(),
    /** The client's key for placing it, and a hash of what was sent with it. */
    idempotencyKey: text().notNull(),
    requestHash: text().notNull(),
    cancelReason: text(),
    /** Loyalty points spent on the order, and the amount they paid (part of lineDiscount). */
    pointsRedeemed: integer().notNull().default(0),
    pointsDiscount: money().notNull().default(0),
    /** Refunded so far, of what was paid for this order. */
    refunded: money().notNull().default(0),
    paidAt: at(),
    /** When the last parcel arrived: the 14-day return window starts here. */
    deliveredAt: at(),
    placedAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('orders_number_key').on(t.number),
    uniqueIndex('orders_idempotency_key').on(t.customerId, t.idempotencyKey),
    uniqueIndex('orders_channel_key').on(t.shopId, t.externalId),
    index('orders_channel_idx').on(t.channel, t.placedAt),
    index('orders_shop_idx').on(t.shopId, t.placedAt).where(sql`${t.shopId} is not null`),
    check(
      'orders_channel_check',
      sql`case when ${t.channel} = 'storefront'
        then ${t.customerId} is not null and ${t.shopId} is null and ${t.externalId} is null
        else ${t.shopId} is not null and ${t.externalId} is not null and ${t.externalNumber} is not null end`,
    ),
    check(
      'orders_channel_value_check',
      sql`${t.channel} in ('storefront', ${sql.raw(platforms.map((p) => `'${p}'`).join(', '))})`,
    ),
    check('orders_fulfilled_by_check', sql`${t.fulfilledBy} in ('merchant', 'platform')`),
    check('orders_fees_check', sql`${t.platformFees} >= 0`),
    index('orders_customer_idx').on(t.customerId, t.placedAt),
    index('orders_status_idx').on(t.status, t.placedAt),
    index('orders_placed_idx').on(t.placedAt, t.id),
    index('orders_expiry_idx').on(t.reservationExpiresAt).where(sql`${t.status} = 'pending_payment'`),
    check(
      'orders_status_check',
      sql`${t.status} in (${sql.raw(orderStatuses.map((s) => `'${s}'`).join(', '))})`,
    ),
    check(
      'orders_refund_state_check',
      sql`(${t.status} = 'refund_requested') = (${t.statusBeforeRefund} is not null)`,
    ),
    check(
      'orders_amounts_check',
      sql`${t.subtotal} >= 0 and ${t.lineDiscount} between 0 and ${t.subtotal} and ${t.shipping} >= 0
        and ${t.shippingDiscount} between 0 and ${t.shipping} and ${t.tax} >= 0 and ${t.total} >= 0`,
    ),
    check('orders_number_check', sql`${t.number} ~ '^SO-[0-9]{4}-[0-9]{6,}$'`),
    check('orders_refunded_check', sql`${t.refunded} between 0 and ${t.total}`),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    id: id(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    skuId: uuid()
      .notNull()
      .references(() => skus.id, { onDelete: 'restrict' }),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
    skuCode: text().notNull(),
    title: jsonb().$type<LocalizedText>().notNull(),
    /** e.g. "Colour: Navy · Size: M", in the order's language. */
    options: text().notNull().default(''),
    unitPrice: money().notNull(),
    quantity: integer().notNull(),
    subtotal: money().notNull(),
    discount: money().notNull(),
    total: money().notNull(),
    tax: money().notNull(),
    weightGrams: integer().notNull().default(0),
    /** Where its stock is reserved (and later shipped from). */
    warehouseId: uuid()
      .notNull()
      .references(() => warehouses.id, { onDelete: 'restrict' }),
    position: integer().notNull(),
    /** For a marketplace order, the platform's line it came from (a bundle's parts share one). */
    externalLineId: text(),
    shippedQuantity: integer().notNull().default(0),
    /**
     * What the units shipped so far cost, at the moving average of each shipment's moment, in the
     * base currency's minor units (four decimals): the cost of goods sold. Null when a shipment
     * left before its SKU's cost was known.
     */
    costOfGoods: numeric({ precision: 20, scale: 4, mode: 'number' }).default(0),
    refundedQuantity: integer().notNull().default(0),
    refundedAmount: money().notNull().default(0),
  },
  (t) => [
    index('order_lines_order_idx').on(t.orderId, t.position),
    index('order_lines_sku_idx').on(t.skuId),
    check('order_lines_quantity_check', sql`${t.quantity} between 1 and 999`),
    check(
      'order_lines_refunded_check',
      sql`${t.refundedQuantity} between 0 and ${t.quantity} and ${t.refundedAmount} >= 0
        and ${t.shippedQuantity} between 0 and ${t.quantity}`,
    ),
    check(
      'order_lines_amounts_check',
      sql`${t.unitPrice} >= 0 and ${t.subtotal} = ${t.unitPrice} * ${t.quantity}
        and ${t.discount} between 0 and ${t.subtotal} and ${t.total} = ${t.subtotal} - ${t.discount} and ${t.tax} >= 0`,
    ),
  ],
);

/** Each discount on an order, named, with its share of each line. */
export const orderDiscounts = pgTable(
  'order_discounts',
  {
    id: id(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    promotionId: uuid()
      .notNull()
      .references(() => promotions.id, { onDelete: 'restrict' }),
    /** The promotion's name when the order was placed, in each language. */
    name: localized().notNull(),
    couponCode: text(),
    appliesTo: text({ enum: ['lines', 'shipping'] }).notNull(),
    amount: money().notNull(),
    /** Order line id → share; sums to `amount` for line discounts. */
    allocations: jsonb().$type<{ orderLineId: string; amount: number }[]>().notNull(),
  },
  (t) => [
    index('order_discounts_order_idx').on(t.orderId),
    check('order_discounts_amount_check', sql`${t.amount} > 0`),
    check('order_discounts_name_check', hasEnglish(t.name)),
    check('order_discounts_applies_check', sql`${t.appliesTo} in ('lines', 'shipping')`),
  ],
);

/** The order's timeline: every status change and note, who did it and when. */
export const orderEvents = pgTable(
  'order_events',
  {
    id: id(),
    /** Insertion order: the timeline's tie-break when two events share a timestamp. */
    seq: bigint({ mode: 'number' }).generatedAlwaysAsIdentity(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    /** An order action (pay, cancel…), `placed` or `note`. */
    type: text().notNull(),
    fromStatus: text(),
    toStatus: text(),
    actorKind: text({ enum: ['customer', 'staff', 'system'] }).notNull(),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    note: text(),
    /** Notes can be internal (staff only) or visible to the customer. */
    visibleToCustomer: boolean().notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    index('order_events_order_idx').on(t.orderId, t.createdAt),
    check('order_events_actor_check', sql`${t.actorKind} in ('customer', 'staff', 'system')`),
  ],
);

/** One use of a promotion by an order: counts per customer, and is reversed if the order is. */
export const promotionRedemptions = pgTable(
  'promotion_redemptions',
  {
    id: id(),
    promotionId: uuid()
      .notNull()
      .references(() => promotions.id, { onDelete: 'restrict' }),
    couponId: uuid().references(() => coupons.id, { onDelete: 'restrict' }),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    customerId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    /** In the order currency, and in base currency for the budget. */
    amount: money().notNull(),
    currency: text().notNull(),
    amountBase: money().notNull(),
    reversedAt: at(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('promotion_redemptions_order_key').on(t.orderId, t.promotionId),
    index('promotion_redemptions_customer_idx').on(t.promotionId, t.customerId),
    check('promotion_redemptions_amount_check', sql`${t.amount} >= 0 and ${t.amountBase} >= 0`),
  ],
);
