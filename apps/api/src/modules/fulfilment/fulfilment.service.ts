// Shipping orders and following their parcels. Staff create a shipment for some or all of what
// is left to ship of a paid order, from a warehouse, with a carrier and tracking number: in one
// transaction the stock leaves the warehouse (a movement each), the lines count what shipped and
// the order becomes partially shipped or shipped. The carrier then reports the parcel's journey
// (pushed to a signed webhook, or polled); each event is stored once, and when every shipment of
// an order is delivered the order is. Customers confirm receipt, or it completes by itself after
// 7 days; completing earns loyalty points.
import type { Executor } from '@crossdock/db/client';
import { isUniqueViolation } from '@crossdock/db/errors';
import {
  orderLines,
  orders,
  shipmentLines,
  shipments,
  trackingEvents,
  warehouses,
} from '@crossdock/db/schema';
import { localize } from '@crossdock/domain/catalog';
import { DomainError } from '@crossdock/domain/errors';
import {
  AUTO_COMPLETE_DAYS,
  allShipped,
  carrierCodes,
  carrierName,
  type JourneyStage,
  planShipment,
  stageIndex,
} from '@crossdock/domain/fulfilment';
import type { OrderStatus } from '@crossdock/domain/order-states';
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import type { TrackingUpdate } from '../../infra/carriers/carrier';
import { shipStock } from '../inventory/inventory.service';
import { applyTransition, auditOrderAction, lockOrder, type OrderActor } from '../orders/orders.service';
import { earnPoints } from '../points/points.service';

export const trackingNotifyUrl = (deps: AppDeps, carrier: string) =>
  `${deps.config.publicApiUrl}/shipping/notify/${carrier}`;

export interface ShipmentInput {
  orderId: string;
  warehouseId: string;
  carrier: string;
  trackingNumber: string;
  lines?: { orderLineId: string; quantity: number }[];
}

export async function createShipment(deps: AppDeps, actor: OrderActor, input: ShipmentInput) {
  const now = deps.clock.now();
  const shipment = await deps.db
    .transaction((tx) => shipInTransaction(tx, actor, input, now))
    .catch((error: unknown) => {
      if (isUniqueViolation(error, 'shipments_tracking_key')) {
        throw new DomainError('TRACKING_NUMBER_TAKEN', 'That tracking number is already on another shipment');
      }
      throw error;
    });
  await deps.carriers.register({
    carrier: shipment.carrier,
    trackingNumber: shipment.trackingNumber,
    origin: shipment.originCountry,
    destination: shipment.destinationCountry,
    notifyUrl: trackingNotifyUrl(deps, shipment.carrier),
  });
  return shipment;
}

/**
 * A marketplace shipped a platform-fulfilled order (Fulfilment by Amazon) from its own
 * warehouse: in the caller's transaction, everything left to ship leaves that warehouse and the
 * order is shipped, by the platform's fulfilment as carrier and the platform's order id as
 * reference. Nothing is registered with a carrier: the platform tracks its parcels. Returns
 * false when the order is not one that can ship now (not yet paid, or already shipped).
 */
export async function recordPlatformShipment(
  tx: Executor,
  input: { orderId: string; warehouseId: string; carrier: string; reference: string },
  now: Date,
): Promise<boolean> {
  const [order] = await tx.select({ status: orders.status }).from(orders).where(eq(orders.id, input.orderId));
  if (!order || !['paid', 'processing', 'partially_shipped'].includes(order.status)) return false;
  await shipInTransaction(
    tx,
    { kind: 'system', id: null },
    {
      orderId: input.orderId,
      warehouseId: input.warehouseId,
      carrier: input.carrier,
      trackingNumber: input.reference,
    },
    now,
  );
  return true;
}

/**
 * Ships some or all of what is left of a paid order from a warehouse, in the caller's
 * transaction: the stock leaves it (a movement each, rows locked in SKU order), the lines count
 * what shipped, the shipment is written and the order moves on.
 */
async function shipInTransaction(tx: Executor, actor: OrderActor, input: ShipmentInput, now: Date) {
  const order = await lockOrder(tx, input.orderId);
  const status = order.status as OrderStatus;
  if (!['paid', 'processing', 'partially_shipped'].includes(status)) {
    throw new DomainError(
      'TRANSITION_NOT_ALLOWED',
      status === 'pending_payment'
        ? 'This order has not been paid yet'
        : `An order that is ${status.replace(/_/g, ' ')} cannot be shipped`,
      { status },
    );
  }
  const [warehouse] = await tx.select().from(warehouses).where(eq(warehouses.id, input.warehouseId));
  if (!warehouse) throw new DomainError('UNKNOWN_WAREHOUSE', 'There is no such warehouse');
  const lines = await tx
    .select()
    .from(orderLines)
    .where(eq(orderLines.orderId, order.id))
    .orderBy(asc(orderLines.position));
  const shippable = lines.map((l) => ({ ...l, title: localize(l.title, order.locale) }));
  const planned = planShipment(shippable, input.lines);
  const byId = new Map(shippable.map((l) => [l.id, l]));
  // What one unit of each line cost as it left (the SKU's moving average then).
  const unitCosts = new Map<string, number | null>();
  // SKU order, as reservations lock rows: no deadlock between two shipments.
  for (const p of [...planned].sort((a, b) =>
    byId.get(a.orderLineId)!.skuId < byId.get(b.orderLineId)!.skuId ? -1 : 1,
  )) {
    const line = byId.get(p.orderLineId)!;
    const { unitCost } = await shipStock(tx, {
      skuId: line.skuId,
      reservedAt: line.warehouseId,
      from: warehouse.id,
      quantity: p.quantity,
      reference: order.number,
      actorId: actor.id,
      name: line.title,
      at: now,
    });
    await tx
      .update(orderLines)
      .set({
        shippedQuantity: sql`${orderLines.shippedQuantity} + ${p.quantity}`,
        // Unknown once any of it left at an unknown cost (null + x is null).
        costOfGoods: sql`${orderLines.costOfGoods} + ${unitCost === null ? null : unitCost * p.quantity}::numeric`,
      })
      .where(eq(orderLines.id, line.id));
    unitCosts.set(line.id, unitCost);
    line.shippedQuantity += p.quantity;
  }
  const [created] = await tx
    .insert(shipments)
    .values({
      orderId: order.id,
      warehouseId: warehouse.id,
      carrier: input.carrier,
      trackingNumber: input.trackingNumber,
      originCountry: warehouse.country,
      destinationCountry: order.shippingAddress.country || warehouse.country,
      createdBy: actor.id,
      createdAt: now,
    })
    .returning();
  await tx.insert(shipmentLines).values(
    planned.map((p) => ({
      shipmentId: created!.id,
      orderLineId: p.orderLineId,
      quantity: p.quantity,
      unitCost: unitCosts.get(p.orderLineId) ?? null,
    })),
  );
  const from = order.status;
  await applyTransition(
    tx,
    order,
    actor.kind === 'system' ? 'ship_by_channel' : allShipped(shippable) ? 'ship' : 'ship_partially',
    actor,
    now,
    {
      reason: `${carrierName(input.carrier)} ${input.trackingNumber}`,
    },
  );
  await auditOrderAction(
    tx,
    actor,
    {
      action: 'order.ship',
      entityType: 'order',
      entityId: order.id,
      before: { number: order.number, status: from },
      after: {
        status: order.status,
        shipmentId: created!.id,
        warehouse: warehouse.code,
        carrier: input.carrier,
        trackingNumber: input.trackingNumber,
        lines: planned,
      },
    },
    now,
  );
  return created!;
}

/**
 * Stores one tracking event (once, however often it arrives), moves the shipment to the
 * furthest stage reached, and delivers the order when its last shipment is delivered.
 */
export async function applyTrackingUpdate(
  deps: AppDeps,
  carrier: string,
  update: TrackingUpdate,
): Promise<'stored' | 'duplicate'> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [shipment] = await tx
      .select()
      .from(shipments)
      .where(and(eq(shipments.carrier, carrier), eq(shipments.trackingNumber, update.trackingNumber)))
      .for('update');
    if (!shipment)
      throw new DomainError('UNKNOWN_SHIPMENT', 'There is no shipment with that tracking number');
    const [stored] = await tx
      .insert(trackingEvents)
      .values({
        shipmentId: shipment.id,
        carrierEventId: update.eventId,
        kind: update.kind,
        location: update.location,
        description: update.description,
        occurredAt: update.occurredAt,
        receivedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: trackingEvents.id });
    if (!stored) return 'duplicate';
    // Events can arrive out of order: the stage only moves forward; an exception keeps it.
    const current = shipment.stage as JourneyStage;
    const stage =
      update.kind !== 'exception' && stageIndex(update.kind) > stageIndex(current) ? update.kind : current;
    const delivered = stage === 'delivered';
    await tx
      .update(shipments)
      .set({
        stage,
        exception: update.kind === 'exception' ? update.description : null,
        lastEventAt: now,
        ...(delivered && !shipment.deliveredAt ? { deliveredAt: update.occurredAt } : {}),
      })
      .where(eq(shipments.id, shipment.id));
    if (delivered) await deliverIfAllArrived(tx, shipment.orderId, now);
    return 'stored';
  });
}

async function deliverIfAllArrived(tx: Executor, orderId: string, now: Date) {
  const order = await lockOrder(tx, orderId);
  if (order.status !== 'shipped') return;
  const [open] = await tx
    .select({ id: shipments.id })
    .from(shipments)
    .where(and(eq(shipments.orderId, orderId), isNull(shipments.deliveredAt)))
    .limit(1);
  if (!open) await applyTransition(tx, order, 'deliver', { kind: 'system', id: null }, now);
}

export async function handleTrackingNotification(
  deps: AppDeps,
  carrier: string,
  headers: Record<string, string | undefined>,
  rawBody: string,
) {
  const update = deps.carriers.verifyNotification(headers, rawBody, deps.clock.now());
  return applyTrackingUpdate(deps, carrier, update);
}

/** Asks the carrier for every event of a shipment and stores what was missing. */
export async function refreshTracking(deps: AppDeps, shipmentId: string): Promise<number> {
  const [shipment] = await deps.db.select().from(shipments).where(eq(shipments.id, shipmentId));
  if (!shipment) throw new DomainError('UNKNOWN_SHIPMENT', 'There is no such shipment');
  let added = 0;
  for (const update of await deps.carriers.track(shipment.carrier, shipment.trackingNumber)) {
    if ((await applyTrackingUpdate(deps, shipment.carrier, update)) === 'stored') added += 1;
  }
  return added;
}

/** The scheduled poll: open shipments the carrier has not told us about for 15 minutes. */
export async function pollQuietShipments(deps: AppDeps, batch = 50): Promise<number> {
  const quietSince = new Date(deps.clock.now().getTime() - 15 * 60_000);
  const quiet = await deps.db
    .select({ id: shipments.id })
    .from(shipments)
    .where(
      and(
        isNull(shipments.deliveredAt),
        // A platform's own fulfilment tracks its parcels; there is no carrier of ours to ask.
        inArray(shipments.carrier, carrierCodes),
        or(
          lte(shipments.lastEventAt, quietSince),
          and(isNull(shipments.lastEventAt), lte(shipments.createdAt, quietSince)),
        ),
      ),
    )
    .limit(batch);
  let added = 0;
  for (const { id } of quiet) added += await refreshTracking(deps, id);
  return added;
}

/** The customer confirms the parcel arrived: the order completes and earns points. */
export async function confirmReceipt(deps: AppDeps, customerId: string, orderId: string) {
  await completeOrder(deps, orderId, { kind: 'customer', id: customerId }, customerId);
}

async function completeOrder(deps: AppDeps, orderId: string, actor: OrderActor, customerId?: string) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const order = await lockOrder(tx, orderId, customerId);
    await applyTransition(tx, order, 'complete', actor, now);
    await earnPoints(deps, tx, order, now);
  });
}

/** The scheduled job: delivered orders nobody confirmed complete after 7 days. */
export async function autoCompleteDelivered(deps: AppDeps, batch = 100): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - AUTO_COMPLETE_DAYS * 86_400_000);
  const due = await deps.db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.status, 'delivered'), lte(orders.deliveredAt, before)))
    .limit(batch);
  let done = 0;
  for (const { id } of due) {
    try {
      await completeOrder(deps, id, { kind: 'system', id: null });
      done += 1;
    } catch (error) {
      if (!(error instanceof DomainError && error.reason === 'TRANSITION_NOT_ALLOWED')) throw error;
    }
  }
  return done;
}
