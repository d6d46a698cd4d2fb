// The simulated Shopify's side of a store: what happens there without us — a store opened with
// its variants, shoppers placing orders, the merchant cancelling one — written as Shopify
// would then show it through the Admin API. Tests place orders here as a shopper would; the
// demo's store gets a steady trickle of shoppers (`simulateShopifyTraffic`).

import { createHmac } from 'node:crypto';
import type { Db } from '@crossdock/db/client';
import {
  simShopifyOrders,
  simShopifyStores,
  simShopifyVariants,
  simShopifyWebhookDeliveries,
  simShopifyWebhookSubscriptions,
} from '@crossdock/db/schema';
import { fromDecimalString, money, toDecimalString } from '@crossdock/domain/money';
import { and, asc, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import { random as seeded } from '../../seed/random';
import { shopifyApiVersion } from './shopify';

export interface SimulatedShopifyStore {
  domain: string;
  name: string;
  currency: string;
  timeZone: string;
  accessToken: string;
  webhookSecret: string;
  /** Shoppers' orders an hour, from `simulateShopifyTraffic` (0: none by themselves). */
  ordersPerHour?: number;
}

/** Opens a store in the simulated Shopify (the demo's, or a test's). */
export async function openSimulatedShopifyStore(db: Db, store: SimulatedShopifyStore): Promise<void> {
  await db.insert(simShopifyStores).values(store).onConflictDoNothing();
}

export async function addSimulatedShopifyVariants(
  db: Db,
  domain: string,
  variants: { sku: string | null; barcode?: string | null; title: string; price: string }[],
): Promise<void> {
  if (variants.length === 0) return;
  await db.insert(simShopifyVariants).values(variants.map((v) => ({ domain, barcode: null, ...v })));
}

export interface ShopperOrder {
  email: string;
  name: string;
  address: { address1: string; city: string; province?: string; zip: string; countryCode: string };
  lines: { variantId: number; quantity: number }[];
  shipping: string;
  /** Tax per line as a share of its price, e.g. 0.08. */
  taxRate?: number;
  /** Prices hold their tax (a European store's), rather than tax coming on top. */
  taxesIncluded?: boolean;
  /** PENDING: not yet paid (a bank transfer, say); PAID otherwise. */
  financialStatus?: 'PENDING' | 'PAID';
  at: Date;
}

const bag = (amount: number, currency: string) => {
  const decimal = toDecimalString(money(amount, currency));
  return {
    shopMoney: { amount: decimal, currencyCode: currency },
    presentmentMoney: { amount: decimal, currencyCode: currency },
  };
};

/** A shopper checks out on the store: the order as Shopify records it. Returns its id. */
export async function placeSimulatedShopifyOrder(
  db: Db,
  domain: string,
  order: ShopperOrder,
): Promise<number> {
  const [id] = await placeSimulatedShopifyOrders(db, domain, [order]);
  return id!;
}

/** Many shoppers' orders at once (a store's past), numbered on from the store's last. Returns their ids. */
export async function placeSimulatedShopifyOrders(
  db: Db,
  domain: string,
  shopperOrders: readonly ShopperOrder[],
): Promise<number[]> {
  const [store] = await db.select().from(simShopifyStores).where(eq(simShopifyStores.domain, domain));
  if (!store) throw new Error(`No simulated Shopify store ${domain}`);
  const variants = new Map(
    (await db.select().from(simShopifyVariants).where(eq(simShopifyVariants.domain, domain))).map((v) => [
      v.id,
      v,
    ]),
  );
  const ids: number[] = [];
  for (let start = 0; start < shopperOrders.length; start += 500) {
    const batch = shopperOrders.slice(start, start + 500);
    const [last] = await db
      .select({ number: sql<number>`coalesce(max(${simShopifyOrders.number}), 1000)::int` })
      .from(simShopifyOrders)
      .where(eq(simShopifyOrders.domain, domain));
    const rows = await db
      .insert(simShopifyOrders)
      .values(
        batch.map((order, i) => ({
          domain,
          number: last!.number + i + 1,
          document: shopifyOrderDocument(store.currency, variants, order, domain),
          createdAt: order.at,
          updatedAt: order.at,
        })),
      )
      .returning({
        id: simShopifyOrders.id,
        number: simShopifyOrders.number,
        document: simShopifyOrders.document,
      });
    await oweWebhooks(db, domain, 'ORDERS_CREATE', rows, new Date());
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

/** The order as Shopify's Admin API would show it. */
function shopifyOrderDocument(
  currency: string,
  variants: Map<number, typeof simShopifyVariants.$inferSelect>,
  order: ShopperOrder,
  domain: string,
) {
  const at = order.at.toISOString();
  const lineItems = order.lines.map((line, i) => {
    const variant = variants.get(line.variantId);
    if (!variant) throw new Error(`No variant ${line.variantId} in ${domain}`);
    const unit = fromDecimalString(variant.price, currency).amount;
    const rate = order.taxRate ?? 0;
    const gross = unit * line.quantity;
    const tax = Math.round(order.taxesIncluded ? gross - gross / (1 + rate) : gross * rate);
    return {
      id: `gid://shopify/LineItem/${line.variantId * 1000 + i + 1}`,
      name: variant.title,
      title: variant.title.split(' - ')[0],
      sku: variant.sku,
      quantity: line.quantity,
      variant: {
        id: `gid://shopify/ProductVariant/${variant.id}`,
        sku: variant.sku,
        barcode: variant.barcode,
        title: variant.title,
      },
      originalUnitPriceSet: bag(unit, currency),
      totalDiscountSet: bag(0, currency),
      taxLines: tax ? [{ title: 'Sales tax', rate: order.taxRate, priceSet: bag(tax, currency) }] : [],
      _amount: unit * line.quantity,
      _tax: tax,
    };
  });
  const subtotal = lineItems.reduce((s, l) => s + l._amount, 0);
  const tax = lineItems.reduce((s, l) => s + l._tax, 0);
  const shipping = fromDecimalString(order.shipping, currency).amount;
  const [first, ...rest] = order.name.split(' ');
  const document = {
    email: order.email,
    createdAt: at,
    processedAt: at,
    updatedAt: at,
    cancelledAt: null,
    cancelReason: null,
    displayFinancialStatus: order.financialStatus ?? 'PAID',
    displayFulfillmentStatus: 'UNFULFILLED',
    currencyCode: currency,
    taxesIncluded: order.taxesIncluded ?? false,
    subtotalPriceSet: bag(subtotal, currency),
    totalShippingPriceSet: bag(shipping, currency),
    totalTaxSet: bag(tax, currency),
    totalDiscountsSet: bag(0, currency),
    totalPriceSet: bag(subtotal + shipping + (order.taxesIncluded ? 0 : tax), currency),
    customer: { displayName: order.name },
    shippingAddress: {
      name: order.name,
      firstName: first,
      lastName: rest.join(' '),
      address1: order.address.address1,
      address2: null,
      city: order.address.city,
      province: order.address.province ?? null,
      zip: order.address.zip,
      countryCodeV2: order.address.countryCode,
      phone: null,
    },
    shippingLine: { title: 'Standard', originalPriceSet: bag(shipping, currency), taxLines: [] },
    lineItems: lineItems.map(({ _amount, _tax, ...item }) => item),
  };
  return document;
}

/** The merchant (or Shopify's fraud check) changes an order: it is updated, as Shopify would. */
export async function changeSimulatedShopifyOrder(
  db: Db,
  domain: string,
  id: number,
  change: {
    cancel?: 'CUSTOMER' | 'FRAUD' | 'INVENTORY' | 'DECLINED' | 'OTHER' | 'STAFF';
    markPaid?: boolean;
  },
  at: Date,
): Promise<void> {
  const [row] = await db
    .select()
    .from(simShopifyOrders)
    .where(and(eq(simShopifyOrders.domain, domain), eq(simShopifyOrders.id, id)));
  if (!row) throw new Error(`No simulated Shopify order ${id}`);
  const document: Record<string, unknown> = { ...row.document, updatedAt: at.toISOString() };
  if (change.cancel) {
    Object.assign(document, {
      cancelledAt: at.toISOString(),
      cancelReason: change.cancel,
      displayFinancialStatus: document.displayFinancialStatus === 'PAID' ? 'REFUNDED' : 'VOIDED',
    });
  }
  if (change.markPaid) document.displayFinancialStatus = 'PAID';
  await db.update(simShopifyOrders).set({ document, updatedAt: at }).where(eq(simShopifyOrders.id, id));
  await oweWebhooks(db, domain, 'ORDERS_UPDATED', [{ id, number: row.number, document }], new Date());
}

const topicHeader = { ORDERS_CREATE: 'orders/create', ORDERS_UPDATED: 'orders/updated' } as const;

/**
 * The order as a webhook carries it: the REST Admin API's Order resource (snake_case, numeric
 * id, `admin_graphql_api_id` naming it in GraphQL), the fields of it this store keeps.
 */
function restOrder(order: { id: number; number: number; document: Record<string, unknown> }) {
  const d = order.document as {
    email: string | null;
    createdAt: string;
    updatedAt: string;
    cancelledAt: string | null;
    cancelReason: string | null;
    displayFinancialStatus: string;
    currencyCode: string;
    totalPriceSet: { shopMoney: { amount: string } };
    lineItems: {
      id: string;
      sku: string | null;
      quantity: number;
      title: string;
      variant: { id: string } | null;
      originalUnitPriceSet: { shopMoney: { amount: string } };
    }[];
  };
  const numericId = (gid: string | undefined) => (gid ? Number(gid.split('/').at(-1)) : null);
  return {
    id: order.id,
    admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
    name: `#${order.number}`,
    order_number: order.number,
    email: d.email,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    cancelled_at: d.cancelledAt,
    cancel_reason: d.cancelReason?.toLowerCase() ?? null,
    financial_status: d.displayFinancialStatus.toLowerCase(),
    currency: d.currencyCode,
    total_price: d.totalPriceSet.shopMoney.amount,
    line_items: d.lineItems.map((l) => ({
      id: numericId(l.id),
      admin_graphql_api_id: l.id,
      variant_id: numericId(l.variant?.id),
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      price: l.originalUnitPriceSet.shopMoney.amount,
    })),
  };
}

/** Webhooks owed for these orders to every app subscribed to the topic. */
async function oweWebhooks(
  db: Db,
  domain: string,
  topic: keyof typeof topicHeader,
  changed: { id: number; number: number; document: Record<string, unknown> }[],
  at: Date,
) {
  const subscriptions = await db
    .select()
    .from(simShopifyWebhookSubscriptions)
    .where(
      and(eq(simShopifyWebhookSubscriptions.domain, domain), eq(simShopifyWebhookSubscriptions.topic, topic)),
    );
  const owed = subscriptions.flatMap((s) =>
    changed.map((order) => ({
      domain,
      topic: topicHeader[topic],
      callbackUrl: s.callbackUrl,
      body: JSON.stringify(restOrder(order)),
      nextAt: at,
    })),
  );
  if (owed.length) await db.insert(simShopifyWebhookDeliveries).values(owed);
}

/** Shopify's waits between attempts at a webhook the app did not take (it tries 8 times). */
const WEBHOOK_RETRY_SECONDS = [10, 30, 60, 300, 900, 1800, 3600];

/**
 * Sends the webhooks that are due, signed as Shopify signs them: X-Shopify-Hmac-Sha256 is the
 * base64 HMAC-SHA256 of the raw body under the app's secret (here the store's webhook secret),
 * beside X-Shopify-Topic, -Shop-Domain, -Webhook-Id, -Api-Version and -Triggered-At. Returns
 * how many the app took.
 */
export async function deliverSimulatedShopifyWebhooks(db: Db, now = new Date()): Promise<number> {
  const due = await db
    .select({ delivery: simShopifyWebhookDeliveries, secret: simShopifyStores.webhookSecret })
    .from(simShopifyWebhookDeliveries)
    .innerJoin(simShopifyStores, eq(simShopifyStores.domain, simShopifyWebhookDeliveries.domain))
    .where(and(isNull(simShopifyWebhookDeliveries.deliveredAt), lte(simShopifyWebhookDeliveries.nextAt, now)))
    .orderBy(asc(simShopifyWebhookDeliveries.nextAt))
    .limit(50);
  let taken = 0;
  for (const { delivery, secret } of due) {
    let status = 0;
    try {
      const response = await fetch(delivery.callbackUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-shopify-topic': delivery.topic,
          'x-shopify-hmac-sha256': createHmac('sha256', secret)
            .update(delivery.body, 'utf8')
            .digest('base64'),
          'x-shopify-shop-domain': delivery.domain,
          'x-shopify-webhook-id': delivery.id,
          'x-shopify-api-version': shopifyApiVersion(now),
          'x-shopify-triggered-at': delivery.createdAt.toISOString(),
        },
        body: delivery.body,
        signal: AbortSignal.timeout(5_000),
      });
      status = response.status;
    } catch {
      status = 0;
    }
    const ok = status >= 200 && status < 300;
    if (ok) taken++;
    const wait = WEBHOOK_RETRY_SECONDS[delivery.attempts];
    await db
      .update(simShopifyWebhookDeliveries)
      .set({
        attempts: delivery.attempts + 1,
        lastStatus: status,
        ...(ok
          ? { deliveredAt: now }
          : // After the last attempt it is given up: nextAt far away, never delivered.
            { nextAt: new Date(now.getTime() + (wait ?? 10 * 365 * 86_400) * 1000) }),
      })
      .where(eq(simShopifyWebhookDeliveries.id, delivery.id));
  }
  return taken;
}

const shoppers = [
  { name: 'Olivia Martin', city: 'Austin', province: 'TX', zip: '78701', countryCode: 'US' },
  { name: 'Liam Chen', city: 'Seattle', province: 'WA', zip: '98101', countryCode: 'US' },
  { name: 'Emma Johnson', city: 'Denver', province: 'CO', zip: '80202', countryCode: 'US' },
  { name: 'Noah Williams', city: 'Toronto', province: 'ON', zip: 'M5V 2T6', countryCode: 'CA' },
  { name: 'Ava Brown', city: 'Chicago', province: 'IL', zip: '60601', countryCode: 'US' },
  { name: 'Lucas Garcia', city: 'Miami', province: 'FL', zip: '33101', countryCode: 'US' },
  { name: 'Mia Davis', city: 'Portland', province: 'OR', zip: '97201', countryCode: 'US' },
  { name: 'Ethan Wilson', city: 'Boston', province: 'MA', zip: '02108', countryCode: 'US' },
];

/**
 * Shoppers' orders on a store from its last visit up to `now`, at its `ordersPerHour` (none for
 * more than a week back): one to three variants each, now and then one the merchant cancels.
 * A store's past (the demo's month of trade) is played with `from` and a rate of its own.
 * Returns how many were placed.
 */
export async function simulateShopifyTraffic(
  db: Db,
  domain: string,
  now: Date,
  past?: { from: Date; ordersPerHour: number },
): Promise<number> {
  const [store] = await db.select().from(simShopifyStores).where(eq(simShopifyStores.domain, domain));
  const rate = past?.ordersPerHour ?? store?.ordersPerHour ?? 0;
  if (!store || rate <= 0) return 0;
  const since =
    past?.from.getTime() ??
    Math.max(store.trafficAt?.getTime() ?? now.getTime() - 3_600_000, now.getTime() - 7 * 86_400_000);
  const count = Math.floor(((now.getTime() - since) / 3_600_000) * rate);
  if (count <= 0) return 0;
  const variants = (
    await db.select().from(simShopifyVariants).where(eq(simShopifyVariants.domain, domain))
  ).filter((v) => v.sku);
  if (variants.length === 0) return 0;
  // Seeded by the time it starts from, so the same stretch of trade is the same each run.
  const random = seeded(Math.floor(since / 1000)).next;
  const step = (now.getTime() - since) / count;
  const placed: ShopperOrder[] = [];
  const cancelled: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(Math.floor(since + step * (i + 1)));
    const shopper = shoppers[Math.floor(random() * shoppers.length)]!;
    const picks = new Set(
      Array.from({ length: 1 + Math.floor(random() * 3) }, () => Math.floor(random() * variants.length)),
    );
    placed.push({
      email: `${shopper.name.toLowerCase().replace(' ', '.')}@example.com`,
      name: shopper.name,
      address: { address1: `${100 + Math.floor(random() * 900)} Main St`, ...shopper },
      lines: [...picks].map((p) => ({ variantId: variants[p]!.id, quantity: 1 + Math.floor(random() * 2) })),
      shipping: '5.00',
      taxRate: 0.08,
      at,
    });
    if (random() < 0.04) cancelled.push(i);
  }
  const ids = await placeSimulatedShopifyOrders(db, domain, placed);
  // Now and then the merchant cancels one, ten minutes on.
  for (const i of cancelled) {
    const at = new Date(Math.min(placed[i]!.at.getTime() + 600_000, now.getTime()));
    await changeSimulatedShopifyOrder(db, domain, ids[i]!, { cancel: 'CUSTOMER' }, at);
  }
  await db.update(simShopifyStores).set({ trafficAt: now }).where(eq(simShopifyStores.domain, domain));
  return count;
}

/** Every simulated store's shoppers, up to `now` (the demo's scheduled traffic). */
export async function simulateAllShopifyTraffic(db: Db, now: Date): Promise<number> {
  const stores = await db
    .select({ domain: simShopifyStores.domain })
    .from(simShopifyStores)
    .where(gt(simShopifyStores.ordersPerHour, 0));
  let placed = 0;
  for (const store of stores) placed += await simulateShopifyTraffic(db, store.domain, now);
  return placed;
}

/**
 * The order's fulfillment order as Shopify's fulfillment API shows it (one per order here: the
 * store ships from one location): each line item with what is left to fulfil; CLOSED once all
 * went, CANCELLED with the order.
 */
export function fulfillmentOrderOf(row: { id: number; document: Record<string, unknown> }) {
  const d = row.document as {
    cancelledAt: string | null;
    lineItems: { id: string; quantity: number }[];
    fulfilled?: Record<string, number>;
  };
  const lineItems = d.lineItems.map((l) => {
    const done = d.fulfilled?.[l.id] ?? 0;
    return {
      id: `gid://shopify/FulfillmentOrderLineItem/${l.id.split('/').at(-1)}`,
      lineItemId: l.id,
      totalQuantity: l.quantity,
      remainingQuantity: l.quantity - done,
    };
  });
  const left = lineItems.reduce((n, l) => n + l.remainingQuantity, 0);
  const total = lineItems.reduce((n, l) => n + l.totalQuantity, 0);
  const status = d.cancelledAt ? 'CANCELLED' : left === 0 ? 'CLOSED' : left < total ? 'IN_PROGRESS' : 'OPEN';
  return { id: `gid://shopify/FulfillmentOrder/${row.id}`, status, lineItems };
}

/**
 * The merchant's app fulfils lines of an order with tracking (fulfillmentCreate): the order
 * counts them fulfilled, shows FULFILLED or PARTIALLY_FULFILLED, keeps the fulfillment, and its
 * subscribers are owed an orders/updated webhook. Returns the fulfillment.
 */
export async function fulfillSimulatedShopifyOrder(
  db: Db,
  domain: string,
  id: number,
  lines: { lineItemId: string; quantity: number }[],
  tracking: { company: string | null; number: string | null; url: string | null },
  at: Date,
) {
  const [row] = await db
    .select()
    .from(simShopifyOrders)
    .where(and(eq(simShopifyOrders.domain, domain), eq(simShopifyOrders.id, id)));
  if (!row) throw new Error(`No simulated Shopify order ${id}`);
  const document = { ...row.document } as Record<string, unknown> & {
    fulfilled?: Record<string, number>;
    fulfillments?: unknown[];
  };
  const fulfilled = { ...(document.fulfilled ?? {}) };
  for (const line of lines) fulfilled[line.lineItemId] = (fulfilled[line.lineItemId] ?? 0) + line.quantity;
  const fulfillment = {
    id: `gid://shopify/Fulfillment/${id}${(document.fulfillments?.length ?? 0) + 1}`,
    status: 'SUCCESS',
    createdAt: at.toISOString(),
    trackingInfo: tracking.number ? [tracking] : [],
  };
  const next: Record<string, unknown> = {
    ...document,
    fulfilled,
    fulfillments: [...(document.fulfillments ?? []), fulfillment],
    updatedAt: at.toISOString(),
  };
  const status = fulfillmentOrderOf({ id, document: next }).status;
  next.displayFulfillmentStatus = status === 'CLOSED' ? 'FULFILLED' : 'PARTIALLY_FULFILLED';
  await db.update(simShopifyOrders).set({ document: next, updatedAt: at }).where(eq(simShopifyOrders.id, id));
  await oweWebhooks(db, domain, 'ORDERS_UPDATED', [{ id, number: row.number, document: next }], at);
  return fulfillment;
}
