// Simulated carriers. Registering a parcel plans its journey (domain plannedRoute: pickup, the
// hubs, customs abroad, delivery) as events due one step apart; a scheduled job pushes each due
// event to the shop's webhook, signed like the payment simulator's notifications, and retries
// until it gets a 2xx. Polling returns the events that have happened.
import { randomBytes } from 'node:crypto';
import type { Db } from '@crossdock/db/client';
import { simParcelEvents, simParcels } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import { plannedRoute, type TrackingEventKind, trackingEventKinds } from '@crossdock/domain/fulfilment';
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { MAX_DELIVERY_ATTEMPTS, redeliveryDelayMs, sign, verifySigned } from '../payment-providers/signing';
import type { CarrierClient, TrackingUpdate } from './carrier';

export const TIMESTAMP_HEADER = 'x-carrier-timestamp';
export const SIGNATURE_HEADER = 'x-carrier-signature';

const malformed = (what: string): never => {
  throw new DomainError('NOTIFICATION_MALFORMED', `The tracking event is malformed: ${what}`);
};

interface Wire {
  tracking_number: string;
  event_id: string;
  kind: string;
  location: string;
  description: string;
  occurred_at: string;
}

function decode(body: string): TrackingUpdate {
  let w: Partial<Wire>;
  try {
    w = JSON.parse(body) as Partial<Wire>;
  } catch {
    return malformed('not JSON');
  }
  const text = (v: unknown, name: string) => (typeof v === 'string' && v.length > 0 ? v : malformed(name));
  const kind = text(w?.kind, 'kind');
  if (!(trackingEventKinds as readonly string[]).includes(kind)) malformed('kind');
  const occurredAt = new Date(text(w.occurred_at, 'occurred_at'));
  if (Number.isNaN(occurredAt.getTime())) malformed('occurred_at');
  return {
    trackingNumber: text(w.tracking_number, 'tracking_number'),
    eventId: text(w.event_id, 'event_id'),
    kind: kind as TrackingEventKind,
    location: text(w.location, 'location'),
    description: text(w.description, 'description'),
    occurredAt,
  };
}

type EventRow = typeof simParcelEvents.$inferSelect;
const toUpdate = (e: EventRow): TrackingUpdate => ({
  trackingNumber: e.trackingNumber,
  eventId: e.id,
  kind: e.kind as TrackingEventKind,
  location: e.location,
  description: e.description,
  occurredAt: e.dueAt,
});

export function simulatedCarriers(db: Db, clock: Clock, secret: string, stepMs: number): CarrierClient {
  return {
    async register(parcel) {
      const now = clock.now().getTime();
      await db.transaction(async (tx) => {
        await tx
          .insert(simParcels)
          .values({
            trackingNumber: parcel.trackingNumber,
            carrier: parcel.carrier,
            notifyUrl: parcel.notifyUrl,
          })
          .onConflictDoNothing();
        const route: { kind: TrackingEventKind; location: string; description: string }[] = plannedRoute(
          parcel.origin,
          parcel.destination,
        );
        // Test parcels: a tracking number starting with EXC meets a delivery exception at the
        // local depot (and is delivered a step later), as carriers' sandboxes offer.
        if (parcel.trackingNumber.startsWith('EXC')) {
          const depot = route.findIndex((step) => step.kind === 'out_for_delivery');
          route.splice(depot, 0, {
            kind: 'exception',
            location: route[depot]!.location,
            description: 'Delivery attempt failed: the address could not be found',
          });
        }
        await tx
          .insert(simParcelEvents)
          .values(
            route.map((step, i) => ({
              id: `EV${randomBytes(8).toString('hex').toUpperCase()}`,
              trackingNumber: parcel.trackingNumber,
              seq: i + 1,
              kind: step.kind,
              location: step.location,
              description: step.description,
              dueAt: new Date(now + (i + 1) * stepMs),
              nextAttemptAt: new Date(now + (i + 1) * stepMs),
            })),
          )
          .onConflictDoNothing();
      });
    },
    async track(carrier, trackingNumber) {
      const rows = await db
        .select({ event: simParcelEvents })
        .from(simParcelEvents)
        .innerJoin(simParcels, eq(simParcels.trackingNumber, simParcelEvents.trackingNumber))
        .where(
          and(
            eq(simParcelEvents.trackingNumber, trackingNumber),
            eq(simParcels.carrier, carrier),
            lte(simParcelEvents.dueAt, clock.now()),
          ),
        )
        .orderBy(asc(simParcelEvents.seq));
      return rows.map((r) => toUpdate(r.event));
    },
    verifyNotification(headers, rawBody, now) {
      verifySigned(
        { headers, rawBody, now },
        {
          secret,
          timestampHeader: TIMESTAMP_HEADER,
          signatureHeader: SIGNATURE_HEADER,
          what: 'tracking event',
        },
      );
      return decode(rawBody);
    },
  };
}

export const encodeTrackingEvent = (e: EventRow) =>
  JSON.stringify({
    tracking_number: e.trackingNumber,
    event_id: e.id,
    kind: e.kind,
    location: e.location,
    description: e.description,
    occurred_at: e.dueAt.toISOString(),
  } satisfies Wire);

export type SendEvent = (url: string, headers: Record<string, string>, body: string) => Promise<number>;

/** The scheduled job: pushes the tracking events that have happened. Returns how many landed. */
export async function emitDueTrackingEvents(
  deps: { db: Db; clock: Clock; logger: Logger; secret: string },
  send: SendEvent,
  batch = 50,
): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db
    .update(simParcelEvents)
    .set({ nextAttemptAt: new Date(now.getTime() + 30_000) })
    .where(
      inArray(
        simParcelEvents.id,
        sql`(select id from ${simParcelEvents}
          where ${simParcelEvents.sentAt} is null and ${simParcelEvents.nextAttemptAt} <= ${now.toISOString()}::timestamptz
          order by ${simParcelEvents.dueAt}, ${simParcelEvents.seq} limit ${batch} for update skip locked)`,
      ),
    )
    .returning();
  const urls = new Map(
    (
      await (due.length
        ? deps.db
            .select()
            .from(simParcels)
            .where(inArray(simParcels.trackingNumber, [...new Set(due.map((e) => e.trackingNumber))]))
        : Promise.resolve([]))
    ).map((p) => [p.trackingNumber, p.notifyUrl]),
  );
  let landed = 0;
  for (const event of due.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.seq - b.seq)) {
    const body = encodeTrackingEvent(event);
    const timestamp = String(deps.clock.now().getTime());
    let status = 0;
    try {
      status = await send(
        urls.get(event.trackingNumber)!,
        {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: sign(deps.secret, timestamp, body),
        },
        body,
      );
    } catch (error) {
      deps.logger.debug({ err: error, event: event.id }, 'tracking event not delivered');
    }
    const ok = status >= 200 && status < 300;
    const attempts = event.attempts + 1;
    if (ok) landed += 1;
    await deps.db
      .update(simParcelEvents)
      .set({
        attempts,
        sentAt: ok ? deps.clock.now() : null,
        nextAttemptAt:
          ok || attempts >= MAX_DELIVERY_ATTEMPTS
            ? null
            : new Date(deps.clock.now().getTime() + redeliveryDelayMs(attempts)),
      })
      .where(and(eq(simParcelEvents.id, event.id), isNull(simParcelEvents.sentAt)));
  }
  return landed;
}
