// Shipments and tracking. A shipment takes some units of some lines of a paid order from one
// warehouse; its stock leaves on_hand (and the order's reservation) when it is created. Tracking
// events come from the carrier (webhook or polling), at most once each.
import { trackingEventKinds } from '@crossdock/domain/fulfilment';
import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, createdAt, id } from './columns';
import { users } from './identity';
import { warehouses } from './inventory';
import { orderLines, orders } from './orders';

export const shipments = pgTable(
  'shipments',
  {
    id: id(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'restrict' }),
    warehouseId: uuid()
      .notNull()
      .references(() => warehouses.id, { onDelete: 'restrict' }),
    carrier: text().notNull(),
    trackingNumber: text().notNull(),
    /** The furthest journey stage reached (label_created … delivered). */
    stage: text().notNull().default('label_created'),
    /** The carrier reported a problem (the last event was an exception). */
    exception: text(),
    /** Where it goes (ISO country), for the route diagram. */
    originCountry: text().notNull(),
    destinationCountry: text().notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    deliveredAt: at(),
    lastEventAt: at(),
  },
  (t) => [
    index('shipments_order_idx').on(t.orderId, t.createdAt),
    uniqueIndex('shipments_tracking_key').on(t.carrier, t.trackingNumber),
    index('shipments_open_idx').on(t.lastEventAt).where(sql`${t.deliveredAt} is null`),
  ],
);

export const shipmentLines = pgTable(
  'shipment_lines',
  {
    shipmentId: uuid()
      .notNull()
      .references(() => shipments.id, { onDelete: 'cascade' }),
    orderLineId: uuid()
      .notNull()
      .references(() => orderLines.id, { onDelete: 'restrict' }),
    quantity: integer().notNull(),
    /** What one unit cost as it left (the SKU's moving average then); null while unknown. */
    unitCost: numeric({ precision: 18, scale: 4, mode: 'number' }),
  },
  (t) => [
    primaryKey({ columns: [t.shipmentId, t.orderLineId] }),
    check('shipment_lines_quantity_check', sql`${t.quantity} > 0`),
  ],
);

export const trackingEvents = pgTable(
  'tracking_events',
  {
    id: id(),
    shipmentId: uuid()
      .notNull()
      .references(() => shipments.id, { onDelete: 'cascade' }),
    /** The carrier's id for the event: the same event delivered twice is stored once. */
    carrierEventId: text().notNull(),
    kind: text({ enum: trackingEventKinds }).notNull(),
    location: text().notNull(),
    description: text().notNull(),
    occurredAt: at().notNull(),
    receivedAt: createdAt(),
  },
  (t) => [
    uniqueIndex('tracking_events_carrier_event_key').on(t.shipmentId, t.carrierEventId),
    index('tracking_events_shipment_idx').on(t.shipmentId, t.occurredAt),
    check(
      'tracking_events_kind_check',
      sql`${t.kind} in (${sql.raw(trackingEventKinds.map((k) => `'${k}'`).join(', '))})`,
    ),
  ],
);
