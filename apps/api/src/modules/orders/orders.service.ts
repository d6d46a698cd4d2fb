// Orders after checkout: reading them (a customer their own, staff any with filters), the
// timeline, staff notes, and moving them through the state machine. Cancelling or expiring an
// unpaid order releases its stock and gives back its promotion uses, exactly once: the order row
// is locked and the state machine refuses a second cancellation.
import { type Executor, outer } from '@crossdock/db/client';
import {
  orderDiscounts,
  orderEvents,
  orderLines,
  orders,
  payments,
  products,
  refunds,
  reviews,
  users,
} from '@crossdock/db/schema';
import { localize } from '@crossdock/domain/catalog';
import { DomainError } from '@crossdock/domain/errors';
import type { Locale } from '@crossdock/domain/identity';
import { money } from '@crossdock/domain/money';
import {
  allowedActions,
  holdsReservation,
  nextStatus,
  type OrderAction,
  type OrderActorKind,
  type OrderStatus,
} from '@crossdock/domain/order-states';
import { and, asc, eq, gte, ilike, inArray, lte, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { decodeKeyset, encodeKeyset } from '../../infra/cursor';
import { recordEvents } from '../../infra/outbox';
import { type AuditEntry, writeAudit } from '../identity/audit';
import { releaseStock, warehouseLabels } from '../inventory/inventory.service';
import { restoreRedeemedPoints } from '../points/points.service';
import { giveBackRedemptions } from '../promotions/redemptions';
import { shipmentsOf } from './shipments-view';

export interface OrderActor {
  kind: OrderActorKind;
  id: string | null;
  permissions?: ReadonlySet<string>;
  /** For staff: where the request came from, for the audit row. */
  ip?: string | null;
  requestId?: string;
  /** For staff: set when the call changed nothing (a replay), so it owes no audit row. */
  audit?: { unchanged: boolean };
}

/**
 * The audit row of a staff action on an order (refund decisions, shipments, cancellations,
 * notes…), in the action's transaction. Customers' and the system's actions are in the
 * order's timeline only.
 */
export async function auditOrderAction(
  tx: Executor,
  actor: OrderActor,
  entry: AuditEntry,
  at: Date,
): Promise<void> {
  if (actor.kind !== 'staff' || !actor.id) return;
  await writeAudit(tx, { id: actor.id, ip: actor.ip ?? null, requestId: actor.requestId ?? null, at }, entry);
}

function notFound(): never {
  throw new DomainError('NOT_FOUND', 'There is no such order');
}

const m = (amount: number, currency: string) => money(amount, currency);

/** The whole order: lines, discounts, timeline, and what `actor` may do next. */
export async function orderDetail(
  db: Executor,
  id: string,
  actor: OrderActor,
  /** `locale`: the language titles are given in (the reader's; by default the order's own). */
  options: { customerId?: string; locale?: Locale } = {},
) {
  const [order] = await db
    .select()
    .from(orders)
    .where(
      and(eq(orders.id, id), options.customerId ? eq(orders.customerId, options.customerId) : undefined),
    );
  if (!order) notFound();
  const [lines, discounts, events, paymentRows, refundRows, shipmentRows] = await Promise.all([
    db.select().from(orderLines).where(eq(orderLines.orderId, id)).orderBy(asc(orderLines.position)),
    db.select().from(orderDiscounts).where(eq(orderDiscounts.orderId, id)),
    db
      .select({ event: orderEvents, actorName: users.name })
      .from(orderEvents)
      .leftJoin(users, eq(users.id, orderEvents.actorId))
      .where(
        and(
          eq(orderEvents.orderId, id),
          actor.kind === 'customer' ? eq(orderEvents.visibleToCustomer, true) : undefined,
        ),
      )
      .orderBy(asc(orderEvents.createdAt), asc(orderEvents.seq)),
    db.select().from(payments).where(eq(payments.orderId, id)).orderBy(asc(payments.createdAt)),
    db.select().from(refunds).where(eq(refunds.orderId, id)).orderBy(asc(refunds.createdAt)),
    shipmentsOf(db, id),
  ]);
  // Staff see where each line's stock sits, by warehouse code and name.
  const warehouseNames: Map<string, { code: string; name: string }> =
    actor.kind === 'staff'
      ? await warehouseLabels(
          db,
          lines.map((l) => l.warehouseId),
        )
      : new Map();
  const reviewed = new Set(
    actor.kind === 'customer' && lines.length
      ? (
          await db
            .select({ orderLineId: reviews.orderLineId })
            .from(reviews)
            .where(
              inArray(
                reviews.orderLineId,
                lines.map((l) => l.id),
              ),
            )
        ).map((r) => r.orderLineId)
      : [],
  );
  const c = order.currency;
  return {
    id: order.id,
    number: order.number,
    status: order.status as OrderStatus,
    customerId: order.customerId,
    email: order.email,
    /** Where it was sold: the storefront, or a marketplace shop (staff only see the shop's side). */
    channel: order.channel,
    shopId: actor.kind === 'staff' ? order.shopId : null,
    externalNumber: actor.kind === 'staff' ? order.externalNumber : null,
    fulfilledBy: order.fulfilledBy,
    platformFees: actor.kind === 'staff' ? m(order.platformFees, c) : null,
    currency: c,
    placedAt: order.placedAt,
    reservationExpiresAt: order.status === 'pending_payment' ? order.reservationExpiresAt : null,
    shippingAddress: order.shippingAddress,
    shippingMethod: order.shippingMethodName,
    couponCode: order.couponCode,
    cancelReason: order.cancelReason,
    subtotal: m(order.subtotal, c),
    lineDiscount: m(order.lineDiscount, c),
    shipping: m(order.shipping, c),
    shippingDiscount: m(order.shippingDiscount, c),
    tax: m(order.tax, c),
    taxInclusive: order.taxInclusive,
    total: m(order.total, c),
    refunded: m(order.refunded, c),
    pointsRedeemed: order.pointsRedeemed,
    pointsDiscount: m(order.pointsDiscount, c),
    paidAt: order.paidAt,
    deliveredAt: order.deliveredAt,
    lines: lines.map((l) => ({
      id: l.id,
      skuId: l.skuId,
      skuCode: l.skuCode,
      title: localize(l.title, options.locale ?? order.locale),
      options: l.options,
      quantity: l.quantity,
      unitPrice: m(l.unitPrice, c),
      subtotal: m(l.subtotal, c),
      discount: m(l.discount, c),
      total: m(l.total, c),
      tax: m(l.tax, c),
      productId: l.productId,
      /** Where its stock is reserved: where staff normally ship it from. */
      warehouseId: l.warehouseId,
      warehouse: warehouseNames.get(l.warehouseId) ?? null,
      shippedQuantity: l.shippedQuantity,
      /** The customer has written a review of this line. */
      reviewed: reviewed.has(l.id),
      refundedQuantity: l.refundedQuantity,
      refunded: m(l.refundedAmount, c),
    })),
    shipments: shipmentRows,
    payments: paymentRows.map((p) => ({
      id: p.id,
      provider: p.provider,
      status: p.status,
      amount: m(p.amount, p.currency),
      refunded: m(p.refundedAmount, p.currency),
      // Provider references and flags are for staff.
      transactionId: actor.kind === 'staff' ? p.providerTransactionId : null,
      flag: actor.kind === 'staff' ? p.flag : null,
      createdAt: p.createdAt,
      capturedAt: p.capturedAt,
    })),
    refunds: refundRows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      amount: m(r.amount, r.currency),
      full: r.full,
      lines: r.lines.map((l) => ({ ...l, amount: m(l.amount, r.currency) })),
      reason: r.reason,
      decisionNote: r.decisionNote,
      createdAt: r.createdAt,
      decidedAt: r.decidedAt,
      completedAt: r.completedAt,
      lastError: actor.kind === 'staff' ? r.lastError : null,
    })),
    discounts: discounts.map((d) => ({
      name: localize(d.name, options.locale ?? order.locale),
      code: d.couponCode,
      appliesTo: d.appliesTo,
      amount: m(d.amount, c),
    })),
    timeline: events.map(({ event, actorName }) => ({
      id: event.id,
      type: event.type,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      actorKind: event.actorKind,
      actorName: actor.kind === 'staff' ? actorName : null,
      note: event.note,
      visibleToCustomer: event.visibleToCustomer,
      at: event.createdAt,
    })),
    actions: allowedActions(order.status as OrderStatus, actor.kind, actor.permissions),
  };
}

const listCursor = z.tuple([z.union([z.string(), z.number()]), z.uuid()]);

export interface OrderFilters {
  limit: number;
  cursor?: string;
  status?: OrderStatus[];
  customerId?: string;
  from?: Date;
  to?: Date;
  customer?: string;
  minTotal?: number;
  maxTotal?: number;
  sku?: string;
  number?: string;
  channel?: (typeof orders.$inferSelect)['channel'];
  shopId?: string;
  sort?: 'newest' | 'oldest' | 'total_desc' | 'total_asc';
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listOrders(db: Executor, filters: OrderFilters) {
  const sort = filters.sort ?? 'newest';
  const byTotal = sort === 'total_desc' || sort === 'total_asc';
  const desc = sort === 'newest' || sort === 'total_desc';
  const key = byTotal ? orders.total : orders.placedAt;
  let after: ReturnType<typeof sql> | undefined;
  if (filters.cursor) {
    const [value, id] = decodeKeyset(filters.cursor, listCursor);
    const typed = byTotal ? sql`${Number(value)}::bigint` : sql`${String(value)}::timestamptz`;
    after = desc
      ? sql`(${key}, ${orders.id}) < (${typed}, ${id}::uuid)`
      : sql`(${key}, ${orders.id}) > (${typed}, ${id}::uuid)`;
  }
  const rows = await db
    .select({
      id: orders.id,
      number: orders.number,
      status: orders.status,
      email: orders.email,
      channel: orders.channel,
      shopId: orders.shopId,
      externalNumber: orders.externalNumber,
      currency: orders.currency,
      total: orders.total,
      placedAt: orders.placedAt,
      items: sql<number>`(select coalesce(sum(${orderLines.quantity}), 0)::int from ${orderLines} where ${orderLines.orderId} = ${outer('orders', 'id')})`,
    })
    .from(orders)
    .where(
      and(
        filters.status?.length ? inArray(orders.status, filters.status) : undefined,
        filters.customerId ? eq(orders.customerId, filters.customerId) : undefined,
        filters.from ? gte(orders.placedAt, filters.from) : undefined,
        filters.to ? lte(orders.placedAt, filters.to) : undefined,
        filters.customer ? ilike(orders.email, `%${escapeLike(filters.customer)}%`) : undefined,
        filters.minTotal !== undefined ? gte(orders.total, filters.minTotal) : undefined,
        filters.maxTotal !== undefined ? lte(orders.total, filters.maxTotal) : undefined,
        filters.number
          ? or(
              ilike(orders.number, `%${escapeLike(filters.number)}%`),
              ilike(orders.externalNumber, `%${escapeLike(filters.number)}%`),
            )
          : undefined,
        filters.channel ? eq(orders.channel, filters.channel) : undefined,
        filters.shopId ? eq(orders.shopId, filters.shopId) : undefined,
        filters.sku
          ? sql`exists (select 1 from ${orderLines} where ${orderLines.orderId} = ${outer('orders', 'id')} and upper(${orderLines.skuCode}) = upper(${filters.sku}))`
          : undefined,
        after,
      ),
    )
    .orderBy(desc ? sql`${key} desc, ${orders.id} desc` : sql`${key} asc, ${orders.id} asc`)
    .limit(filters.limit + 1);
  const items = rows.slice(0, filters.limit);
  const last = items.at(-1);
  return {
    items: items.map((r) => ({ ...r, status: r.status as OrderStatus, total: m(r.total, r.currency) })),
    nextCursor:
      rows.length > filters.limit && last
        ? encodeKeyset([byTotal ? last.total : last.placedAt.toISOString(), last.id])
        : null,
  };
}

/**
 * The orders export, for the bookkeeper: one row per line of each order the list's filters
 * select (a page of orders at a time, the list's cursor), with the order's amounts beside the
 * line's — subtotal, discounts, shipping, tax and whether it was included, points, total,
 * refunded — and its payment and channel.
 */
export async function exportOrderLines(db: Executor, filters: OrderFilters) {
  const page = await listOrders(db, filters);
  const ids = page.items.map((o) => o.id);
  if (ids.length === 0) return { items: [], nextCursor: page.nextCursor };
  const [full, lines, paid] = await Promise.all([
    db.select().from(orders).where(inArray(orders.id, ids)),
    db.select().from(orderLines).where(inArray(orderLines.orderId, ids)).orderBy(asc(orderLines.position)),
    db
      .select({ orderId: payments.orderId, provider: payments.provider, capturedAt: payments.capturedAt })
      .from(payments)
      .where(and(inArray(payments.orderId, ids), eq(payments.status, 'captured'))),
  ]);
  const byId = new Map(full.map((o) => [o.id, o]));
  const payment = new Map(paid.map((p) => [p.orderId, p]));
  const items = page.items.flatMap(({ id }) => {
    const o = byId.get(id)!;
    const c = o.currency;
    const order = {
      number: o.number,
      placedAt: o.placedAt,
      status: o.status as OrderStatus,
      // Every order comes from the storefront until marketplace shops bring theirs (issue 13).
      channel: 'storefront' as const,
      email: o.email,
      country: o.shippingAddress.country,
      currency: c,
      orderSubtotal: m(o.subtotal, c),
      orderDiscount: m(o.lineDiscount, c),
      coupon: o.couponCode,
      pointsDiscount: m(o.pointsDiscount, c),
      shipping: m(o.shipping, c),
      shippingDiscount: m(o.shippingDiscount, c),
      shippingMethod: o.shippingMethodName,
      tax: m(o.tax, c),
      taxInclusive: o.taxInclusive,
      total: m(o.total, c),
      refunded: m(o.refunded, c),
      paymentProvider: payment.get(id)?.provider ?? null,
      paidAt: o.paidAt,
    };
    return lines
      .filter((l) => l.orderId === id)
      .map((l) => ({
        ...order,
        sku: l.skuCode,
        item: localize(l.title, 'en'),
        quantity: l.quantity,
        unitPrice: m(l.unitPrice, c),
        lineSubtotal: m(l.subtotal, c),
        lineDiscount: m(l.discount, c),
        lineTax: m(l.tax, c),
        lineTotal: m(l.total, c),
      }));
  });
  return { items, nextCursor: page.nextCursor };
}

type OrderRow = typeof orders.$inferSelect;

/** Locks an order (one of the customer's, when given) for a change; NOT_FOUND if there is none. */
export async function lockOrder(tx: Executor, orderId: string, customerId?: string): Promise<OrderRow> {
  const [order] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), customerId ? eq(orders.customerId, customerId) : undefined))
    .for('update');
  if (!order) notFound();
  return order;
}

/**
 * Takes `action` on a locked order inside the caller's transaction: checks the state machine,
 * releases the stock and promotion uses of an unpaid order that ends, commits the reservation
 * of one that is paid, sets the status, and writes the timeline and outbox events. Returns the
 * slugs of products whose availability changed.
 */
export async function applyTransition(
  tx: Executor,
  order: OrderRow,
  action: OrderAction,
  actor: OrderActor,
  now: Date,
  options: { reason?: string; visibleToCustomer?: boolean } = {},
): Promise<{ slugs: string[]; to: OrderStatus }> {
  const from = order.status as OrderStatus;
  const next = nextStatus(
    { status: from, statusBeforeRefund: order.statusBeforeRefund as OrderStatus | null },
    action,
    actor.kind,
  );
  let slugs: string[] = [];
  if (next.status === 'cancelled' && holdsReservation(from)) {
    const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order.id));
    for (const line of lines) {
      await releaseStock(tx, {
        skuId: line.skuId,
        warehouseId: line.warehouseId,
        quantity: line.quantity,
        reference: order.number,
        actorId: actor.id,
        at: now,
      });
    }
    await giveBackRedemptions(tx, order.id, now);
    await restoreRedeemedPoints(tx, order, now);
    slugs = lines.length ? await productSlugs(tx, [...new Set(lines.map((l) => l.productId))]) : [];
  }
  await tx
    .update(orders)
    .set({
      status: next.status,
      statusBeforeRefund: next.statusBeforeRefund,
      // Paid: the reservation is committed (it no longer runs out).
      ...(action === 'pay' ? { paidAt: now, reservationExpiresAt: null } : {}),
      ...(action === 'deliver' ? { deliveredAt: now } : {}),
      ...(next.status === 'cancelled'
        ? { cancelReason: options.reason ?? null, reservationExpiresAt: null }
        : {}),
    })
    .where(eq(orders.id, order.id));
  await tx.insert(orderEvents).values({
    orderId: order.id,
    type: action,
    fromStatus: from,
    toStatus: next.status,
    actorKind: actor.kind,
    actorId: actor.id,
    note: options.reason ?? null,
    visibleToCustomer: options.visibleToCustomer ?? true,
    createdAt: now,
  });
  await recordEvents(tx, {
    type: `order.${action}`,
    aggregateType: 'order',
    aggregateId: order.id,
    payload: { number: order.number, from, to: next.status, reason: options.reason ?? null },
    occurredAt: now,
  });
  order.status = next.status;
  order.statusBeforeRefund = next.statusBeforeRefund;
  return { slugs, to: next.status };
}

/** Takes `action` on an order for `actor`, in a transaction of its own. */
export async function transition(
  deps: AppDeps,
  orderId: string,
  action: OrderAction,
  actor: OrderActor,
  options: { reason?: string; customerId?: string } = {},
) {
  const now = deps.clock.now();
  const result = await deps.db.transaction(async (tx) => {
    const order = await lockOrder(tx, orderId, options.customerId);
    const from = order.status;
    const done = await applyTransition(tx, order, action, actor, now, options);
    await auditOrderAction(
      tx,
      actor,
      {
        action: `order.${action}`,
        entityType: 'order',
        entityId: order.id,
        before: { number: order.number, status: from },
        after: { status: done.to, reason: options.reason ?? null },
      },
      now,
    );
    return done;
  });
  if (result.slugs.length) await deps.catalogCache.invalidate({ slugs: result.slugs, listings: false });
}

async function productSlugs(tx: Executor, productIds: string[]) {
  const rows = await tx
    .select({ slug: products.slug })
    .from(products)
    .where(inArray(products.id, productIds));
  return rows.map((r) => r.slug);
}

export async function addNote(
  deps: AppDeps,
  orderId: string,
  actor: OrderActor,
  input: { note: string; visibleToCustomer: boolean },
) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const [order] = await tx
      .select({ id: orders.id, number: orders.number })
      .from(orders)
      .where(eq(orders.id, orderId));
    if (!order) notFound();
    await tx.insert(orderEvents).values({
      orderId,
      type: 'note',
      actorKind: actor.kind,
      actorId: actor.id,
      note: input.note,
      visibleToCustomer: input.visibleToCustomer,
      createdAt: now,
    });
    await auditOrderAction(
      tx,
      actor,
      {
        action: 'order.note',
        entityType: 'order',
        entityId: orderId,
        after: { number: order.number, note: input.note, visibleToCustomer: input.visibleToCustomer },
      },
      now,
    );
  });
}

/** The scheduled job: cancels unpaid orders whose hold ran out. Returns how many it ended. */
export async function expireUnpaidOrders(deps: AppDeps, batch = 100): Promise<number> {
  const due = await deps.db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.status, 'pending_payment'), lte(orders.reservationExpiresAt, deps.clock.now())))
    .orderBy(asc(orders.reservationExpiresAt))
    .limit(batch);
  let expired = 0;
  for (const { id } of due) {
    try {
      await transition(deps, id, 'expire', { kind: 'system', id: null }, { reason: 'Not paid in time' });
      expired += 1;
    } catch (error) {
      // Paid or cancelled in the meantime: the state machine refused, nothing to release.
      if (!(error instanceof DomainError && error.reason === 'TRANSITION_NOT_ALLOWED')) throw error;
    }
  }
  return expired;
}
