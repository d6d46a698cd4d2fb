// What the shop needs from a carrier: register a parcel (so it tracks it and tells us), poll its
// events, and verify the events it pushes to our webhook. The carriers here are simulated
// (simulator.ts); a real one implements this over the carrier's API.
import type { TrackingEventKind } from '@crossdock/domain/fulfilment';

export interface TrackingUpdate {
  trackingNumber: string;
  /** The carrier's id for the event: the same event arriving twice is stored once. */
  eventId: string;
  kind: TrackingEventKind;
  location: string;
  description: string;
  occurredAt: Date;
}

export interface CarrierClient {
  register(parcel: {
    carrier: string;
    trackingNumber: string;
    origin: string;
    destination: string;
    notifyUrl: string;
  }): Promise<void>;
  /** Every event so far (polling, for events whose push got lost). */
  track(carrier: string, trackingNumber: string): Promise<TrackingUpdate[]>;
  /** Checks signature (constant time) and age; throws a DomainError otherwise. */
  verifyNotification(headers: Record<string, string | undefined>, rawBody: string, now: Date): TrackingUpdate;
}
