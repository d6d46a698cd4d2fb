// The words for an order's life and a parcel's journey, shared by the storefront, the back
// office and the API: a status, a timeline entry, a tracking scan. One wording for each, so the
// shopper and the staff member helping them read the same thing.
import type { JourneyStage, TrackingEventKind } from '../fulfilment';
import type { OrderStatus } from '../order-states';
import { catalogs, currentLocale, type Locale, type MessageKey, message } from '.';

export function orderStatusWords(status: OrderStatus, locale: Locale = currentLocale()): string {
  return message(`order.status.${status}`, undefined, locale);
}

/** A timeline entry's type (an order action, `placed`, `note`, `partial_refund`…) in words. */
export function orderEventWords(type: string, locale: Locale = currentLocale()): string {
  const key = `order.event.${type}`;
  return message(
    Object.hasOwn(catalogs.en, key) ? (key as MessageKey) : 'order.event.other',
    undefined,
    locale,
  );
}

export function trackingStageWords(
  kind: JourneyStage | TrackingEventKind,
  locale: Locale = currentLocale(),
): string {
  return message(`tracking.stage.${kind}`, undefined, locale);
}

/**
 * A carrier's scan as a person reads it: in English the carrier's own words (the most precise:
 * "Arrived at sort facility, Leipzig"), in any other language the stage it marks, because
 * carriers describe scans in English only.
 */
export function scanWords(
  scan: { kind: TrackingEventKind; description: string },
  locale: Locale = currentLocale(),
): string {
  return locale === 'en' ? scan.description : trackingStageWords(scan.kind, locale);
}
