// Marketplace orders in the order book. The channels module decides when a platform's order can
// come in (its lines linked to our SKUs) and hands it here; this module owns the orders tables,
// so it writes the order, its lines and timeline, reserves the stock where the shop ships from,
// and later moves the order along when the platform's news says so (never backwards).

import { createHash, randomUUID } from 'node:crypto';
import { insertMany } from '@crossdock/db/bulk';
import { type Executor, resultRows } from '@crossdock/db/client';
import { orderEvents, orderLines, orders } from '@crossdock/db/schema';
import {
  type ChannelOrder,
  type ChannelOrderStatus,
  channelCatchUp,
  channelOrderTotals,
  type ResolvedLine,
} from '@crossdock/domain/channel-orders';
import type { Platform } from '@crossdock/domain/channels';
import type { OrderStatus } from '@crossdock/domain/order-states';
import { orderNumber } from '@crossdock/domain/orders';
import { and, eq, sql } from 'drizzle-orm';
import { recordEvents, recordManyEvents } from '../../infra/outbox';
import { reserveStock } from '../inventory/inventory.service';
import { skuSnapshots } from '../pricing/sellable';
import { applyTransition, lockOrder, type OrderActor } from './orders.service';
import { shipmentsOf } from './shipments-view';

const system: OrderActor = { kind: 'system', id: null };

export interface ChannelOrderEntry {
  shop: { id: string; platform: Platform; warehouseId: string };
  order: ChannelOrder;
  lines: readonly ResolvedLine[];
  /**
   * Shipped on the platform before the shop joined Crossdock: the order is recorded as it ended,
   * with no stock reserved or moved (the shop's stock was counted after it left).
   */
  history?: boolean;
}

/**
 * Writes a platform's order into the order book, in the caller's transaction: its lines as our
 * SKUs, stock reserved in the shop's warehouse (INSUFFICIENT_STOCK, with nothing written, when
 * it is short — the caller runs this in a savepoint), placed when the buyer bought it, then
 * brought up to the platform's status. A history order is written shipped, touching no stock,
 * with an `order.imported` event instead of `order.placed`. Returns the order's id.
 */
export async function recordChannelOrder(tx: Executor, entry: ChannelOrderEntry, now: Date): Promise<string> {
  const { shop } = entry;
  const [seq] = await orderSequence(tx, 1);
  const number = orderNumber(new Date(entry.order.purchasedAt), seq!);
  const snapshots = await skuSnapshots(
    tx,
    entry.lines.map((l) => l.skuId),
    'en',
  );
  // Stock rows are locked in one order (by SKU) whatever the lines' order, so two orders
  // reserving the same SKUs at once cannot deadlock each other.
  const warehouses = entry.lines.map(() => shop.warehouseId);
  if (!entry.history) {
    const byStockRow = entry.lines
      .map((line, position) => ({ line, position }))
      .sort((a, b) =>
        a.line.skuId < b.line.skuId ? -1 : a.line.skuId > b.line.skuId ? 1 : a.position - b.position,
      );
    for (const { line, position } of byStockRow) {
      warehouses[position] = await reserveStock(tx, {
        skuId: line.skuId,
        quantity: line.quantity,
        reference: number,
        at: now,
        warehouseId: shop.warehouseId,
      });
    }
  }
  const rows = channelOrderRows(entry, { number, snapshots, warehouses, now });
  const [row] = await tx.insert(orders).values(rows.order).returning();
  await tx.insert(orderLines).values(rows.lines);
  await tx.insert(orderEvents).values(rows.event);
  await recordEvents(tx, rows.outbox);
  if (!entry.history) await catchUp(tx, row!, entry.order.status, now);
  return rows.order.id;
}

/**
 * Many history orders (an imported year) written at once, in the caller's transaction: a few
 * multi-row statements instead of a round of them per order. Returns their ids, in order.
 */
export async function recordHistoryOrders(
  tx: Executor,
  entries: readonly Omit<ChannelOrderEntry, 'history'>[],
  now: Date,
): Promise<string[]> {
  if (entries.length === 0) return [];
  const sequence = await orderSequence(tx, entries.length);
  const snapshots = await skuSnapshots(
    tx,
    [...new Set(entries.flatMap((e) => e.lines.map((l) => l.skuId)))],
    'en',
  );
  const built = entries.map((entry, i) =>
    channelOrderRows(
      { ...entry, history: true },
      {
        number: orderNumber(new Date(entry.order.purchasedAt), sequence[i]!),
        snapshots,
        warehouses: entry.lines.map(() => entry.shop.warehouseId),
        now,
      },
    ),
  );
  await insertMany(
    tx,
    orders,
    built.map((b) => b.order),
  );
  await insertMany(
    tx,
    orderLines,
    built.flatMap((b) => b.lines),
  );
  await insertMany(
    tx,
    orderEvents,
    built.map((b) => b.event),
  );
  await recordManyEvents(
    tx,
    built.map((b) => b.outbox),
  );
  return built.map((b) => b.order.id);
}

/** The next `count` order numbers' sequence values. */
async function orderSequence(tx: Executor, count: number): Promise<number[]> {
  const rows = resultRows<{ seq: string }>(
    await tx.execute(sql`select nextval('order_number_seq')::text as seq from generate_series(1, ${count})`),
  );
  return rows.map((r) => Number(r.seq));
}

/** The rows a platform's order becomes: the order, its lines, its first timeline entry and its event. */
function channelOrderRows(
  entry: ChannelOrderEntry,
  built: {
    number: string;
    snapshots: Awaited<ReturnType<typeof skuSnapshots>>;
    warehouses: readonly string[];
    now: Date;
  },
) {
  const { shop, order, history = false } = entry;
  const { number, snapshots, warehouses, now } = built;
  const orderId = randomUUID();
  const placedAt = new Date(order.purchasedAt);
  const totals = channelOrderTotals(order, entry.lines);
  const address = order.shippingAddress;
  const facts = {
    number,
    customerId: null,
    currency: order.currency,
    total: totals.total,
    shopId: shop.id,
    externalId: order.externalId,
    fulfilledBy: order.fulfilledBy,
  };
  return {
    order: {
      id: orderId,
      number,
      customerId: null,
      email: order.buyer.email ?? '',
      status: history ? ('shipped' as const) : ('pending_payment' as const),
      channel: shop.platform,
      shopId: shop.id,
      externalId: order.externalId,
      externalNumber: order.externalNumber,
      fulfilledBy: order.fulfilledBy,
      platformFees: order.fees ?? 0,
      currency: order.currency,
      locale: 'en',
      subtotal: totals.subtotal,
      lineDiscount: totals.lineDiscount,
      shipping: totals.shipping,
      shippingDiscount: 0,
      tax: totals.tax,
      taxInclusive: order.taxIncluded,
      total: totals.total,
      shippingMethodName: order.shippingService ?? '',
      // A buyer without a shipping address (a pickup, a digital good) has an empty one.
      shippingAddress: address ?? {
        name: order.buyer.name,
        line1: '',
        line2: null,
        city: '',
        region: null,
        postalCode: null,
        country: '',
        phone: null,
      },
      // The platform decides when an unpaid order lapses, and tells us by cancelling it.
      reservationExpiresAt: null,
      idempotencyKey: `channel:${order.externalId}`,
      requestHash: createHash('sha256').update(JSON.stringify(order)).digest('hex'),
      placedAt,
    },
    lines: entry.lines.map((line, position) => {
      const sku = snapshots.get(line.skuId)!;
      const subtotal = line.unitPrice * line.quantity;
      return {
        orderId,
        skuId: line.skuId,
        productId: sku.productId,
        skuCode: sku.code,
        title: sku.title,
        options: sku.options,
        unitPrice: line.unitPrice,
        quantity: line.quantity,
        subtotal,
        discount: line.discount,
        total: subtotal - line.discount,
        tax: line.tax,
        weightGrams: sku.weightGrams,
        warehouseId: warehouses[position]!,
        shippedQuantity: history ? line.quantity : 0,
        // Shipped before the shop joined: what those units cost is not ours to know.
        costOfGoods: history ? null : 0,
        position,
        externalLineId: line.externalLineId,
      };
    }),
    event: {
      orderId,
      type: 'placed',
      toStatus: history ? 'shipped' : 'pending_payment',
      actorKind: 'system' as const,
      actorId: null,
      note: history
        ? `${order.externalNumber}, shipped by the marketplace before the shop joined`
        : `${order.externalNumber} from the shop`,
      createdAt: now,
    },
    outbox: history
      ? {
          type: 'order.imported',
          aggregateType: 'order',
          aggregateId: orderId,
          payload: { ...facts, status: 'shipped', placedAt: placedAt.toISOString() },
          occurredAt: now,
        }
      : {
          type: 'order.placed',
          aggregateType: 'order',
          aggregateId: orderId,
          payload: facts,
          occurredAt: now,
        },
  };
}

/**
 * What a platform needs to hear of a shipped marketplace order: the shop, the platform's id,
 * who fulfils it, its lines and its shipments (carrier, tracking, when, what). Null for a
 * storefront order.
 */
export async function channelShipmentFacts(tx: Executor, orderId: string) {
  const [order] = await tx
    .select({ shopId: orders.shopId, externalId: orders.externalId, fulfilledBy: orders.fulfilledBy })
    .from(orders)
    .where(eq(orders.id, orderId));
  if (!order?.shopId || !order.externalId) return null;
  const [parcels, lines] = await Promise.all([
    shipmentsOf(tx, orderId),
    tx
      .select({ id: orderLines.id, externalLineId: orderLines.externalLineId, quantity: orderLines.quantity })
      .from(orderLines)
      .where(eq(orderLines.orderId, orderId)),
  ]);
  return {
    shopId: order.shopId,
    externalId: order.externalId,
    fulfilledBy: order.fulfilledBy,
    /** Its lines, with the platform's line each came from. */
    lines,
    /** Its parcels in the order they left, with what each held. */
    shipments: parcels.map((p) => ({
      id: p.id,
      carrier: p.carrier,
      trackingNumber: p.trackingNumber,
      createdAt: p.createdAt,
      lines: p.lines,
    })),
  };
}

/**
 * What a platform is told of one of its orders in the book (accepted as ours, or cancelled by
 * the seller): our number, where it stands, the shop, the platform's id and lines, and who
 * fulfils it. Null for a storefront order or none by that id.
 */
export async function channelOrderFacts(tx: Executor, orderId: string) {
  const [order] = await tx
    .select({
      id: orders.id,
      number: orders.number,
      status: orders.status,
      shopId: orders.shopId,
      externalId: orders.externalId,
      fulfilledBy: orders.fulfilledBy,
    })
    .from(orders)
    .where(eq(orders.id, orderId));
  if (!order?.shopId || !order.externalId) return null;
  const lines = await tx
    .select({ externalLineId: orderLines.externalLineId })
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId));
  return {
    ...order,
    shopId: order.shopId,
    externalId: order.externalId,
    status: order.status as OrderStatus,
    /** The platform's lines of the order (a bundle's parts share theirs), where known. */
    externalLineIds: [...new Set(lines.flatMap((l) => (l.externalLineId ? [l.externalLineId] : [])))],
  };
}

/** A line on a marketplace order's timeline, for staff: what was asked of its platform, and its answer. */
export async function noteChannelRequest(
  tx: Executor,
  orderId: string,
  actor: OrderActor,
  note: string,
  now: Date,
): Promise<void> {
  await tx.insert(orderEvents).values({
    orderId,
    type: 'note',
    actorKind: actor.kind,
    actorId: actor.id,
    note,
    visibleToCustomer: false,
    createdAt: now,
  });
}

/** The order a shop's platform order became, if it is in the book. */
export async function channelOrderId(
  tx: Executor,
  ref: { shopId: string; externalId: string },
): Promise<string | null> {
  const [found] = await tx
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.shopId, ref.shopId), eq(orders.externalId, ref.externalId)));
  return found?.id ?? null;
}

/**
 * Moves the order a shop's platform order became to where the platform now says it is; late or
 * repeated news changes nothing. Returns the status it is in, or null if the platform's order
 * is not in the book.
 */
export async function catchUpChannelOrder(
  tx: Executor,
  ref: { shopId: string; externalId: string },
  status: ChannelOrderStatus,
  now: Date,
): Promise<string | null> {
  const id = await channelOrderId(tx, ref);
  if (!id) return null;
  const order = await lockOrder(tx, id);
  await catchUp(tx, order, status, now);
  return order.status;
}

async function catchUp(
  tx: Executor,
  order: Awaited<ReturnType<typeof lockOrder>>,
  status: ChannelOrderStatus,
  now: Date,
) {
  for (const action of channelCatchUp(order.status as OrderStatus, status)) {
    await applyTransition(tx, order, action, system, now, {
      reason: action === 'cancel_by_channel' ? 'Cancelled on the marketplace' : undefined,
    });
  }
}

/**
 * What the platform kept of a shop's orders (their settlements' fees, `settledPlatformFees`), set
 * on those in the book. Returns the platform ids of the orders in the book.
 */
export async function setPlatformFees(
  tx: Executor,
  shopId: string,
  fees: ReadonlyMap<string, number>,
  now: Date,
): Promise<Set<string>> {
  if (fees.size === 0) return new Set();
  const values = JSON.stringify([...fees].map(([externalId, amount]) => ({ externalId, fees: amount })));
  const rows = resultRows<{ external_id: string }>(
    await tx.execute(sql`
      with given as (
        select * from jsonb_to_recordset(${values}::jsonb) as x("externalId" text, "fees" integer)
      ), changed as (
        update orders o set platform_fees = g.fees, updated_at = ${now.toISOString()}::timestamptz
        from given g
        where o.shop_id = ${shopId} and o.external_id = g."externalId" and o.platform_fees <> g.fees
      )
      select o.external_id from orders o join given g on o.shop_id = ${shopId} and o.external_id = g."externalId"`),
  );
  return new Set(rows.map((r) => r.external_id));
}
