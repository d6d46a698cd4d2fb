// How an order's shipments are shown, to staff and to the customer: lines, tracking events,
// the journey's progress and the route's hubs. Part of the order's read model: it reads the
// fulfilment module's tables (fulfilment alone writes them) so orders need not depend on it.
import type { Executor } from '@crossdock/db/client';
import { shipmentLines, shipments, trackingEvents } from '@crossdock/db/schema';
import {
  carrierName,
  type JourneyStage,
  journeyStages,
  plannedRoute,
  stageIndex,
} from '@crossdock/domain/fulfilment';
import { asc, eq, inArray } from 'drizzle-orm';

/** The order's shipments with their lines, events and journey, for staff and the customer. */
export async function shipmentsOf(db: Executor, orderId: string) {
  const rows = await db
    .select()
    .from(shipments)
    .where(eq(shipments.orderId, orderId))
    .orderBy(asc(shipments.createdAt));
  if (rows.length === 0) return [];
  const ids = rows.map((s) => s.id);
  const [lines, events] = await Promise.all([
    db.select().from(shipmentLines).where(inArray(shipmentLines.shipmentId, ids)),
    db
      .select()
      .from(trackingEvents)
      .where(inArray(trackingEvents.shipmentId, ids))
      .orderBy(asc(trackingEvents.occurredAt)),
  ]);
  return rows.map((s) => {
    const mine = events.filter((e) => e.shipmentId === s.id);
    const reached = new Set(mine.map((e) => e.location));
    return {
      id: s.id,
      carrier: s.carrier,
      carrierName: carrierName(s.carrier),
      trackingNumber: s.trackingNumber,
      stage: s.stage as JourneyStage,
      /** 0…1 along the journey's stages, for the progress bar. */
      progress: stageIndex(s.stage as JourneyStage) / (journeyStages.length - 1),
      exception: s.exception,
      createdAt: s.createdAt,
      deliveredAt: s.deliveredAt,
      lines: lines
        .filter((l) => l.shipmentId === s.id)
        .map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity })),
      events: mine.map((e) => ({
        id: e.id,
        kind: e.kind,
        location: e.location,
        description: e.description,
        at: e.occurredAt,
      })),
      /** The hubs on the way, each marked once the parcel has been seen there. */
      route: [
        ...new Set(plannedRoute(s.originCountry, s.destinationCountry).map((step) => step.location)),
      ].map((location) => ({ location, reached: reached.has(location) })),
    };
  });
}
