// Fulfilment and tracking: the carriers, the contracts for shipments, how much of each line a
// shipment may take, the stages of a parcel's journey (the storefront's progress bar), and the
// hubs a parcel passes between two countries (the route diagram and the carrier simulator).
import { z } from 'zod';
import { DomainError } from './errors';
import { say } from './messages';
import { safeString } from './text';

export const carriers = [
  { code: 'sf-express', name: 'SF Express' },
  { code: 'dhl', name: 'DHL Express' },
  { code: 'cainiao', name: 'Cainiao' },
] as const;
export type CarrierCode = (typeof carriers)[number]['code'];
export const carrierCodes = carriers.map((c) => c.code) as [CarrierCode, ...CarrierCode[]];
/**
 * A marketplace's own fulfilment, as the carrier of the orders it ships from its warehouses
 * (Fulfilment by Amazon): it tracks those parcels itself, so none of our carriers follow them.
 */
export const platformCarriers = [
  { code: 'amazon-fba', name: 'Fulfilment by Amazon', platform: 'amazon' },
] as const;
export const platformCarrierFor = (platform: string): string =>
  platformCarriers.find((c) => c.platform === platform)?.code ?? `${platform}-fulfilment`;
export const carrierName = (code: string) =>
  [...carriers, ...platformCarriers].find((c) => c.code === code)?.name ?? code;

export const trackingEventKinds = [
  'picked_up',
  'in_transit',
  'customs_cleared',
  'out_for_delivery',
  'delivered',
  'exception',
] as const;
export type TrackingEventKind = (typeof trackingEventKinds)[number];

/** The journey's stages in order; `exception` is not a stage (it can happen at any). */
export const journeyStages = [
  'label_created',
  'picked_up',
  'in_transit',
  'customs_cleared',
  'out_for_delivery',
  'delivered',
] as const;
export type JourneyStage = (typeof journeyStages)[number];

export const stageIndex = (stage: JourneyStage) => journeyStages.indexOf(stage);

/** The furthest stage the events reached (events may arrive out of order). */
export function furthestStage(kinds: readonly TrackingEventKind[]): JourneyStage {
  let best: JourneyStage = 'label_created';
  for (const kind of kinds) {
    if (kind !== 'exception' && stageIndex(kind) > stageIndex(best)) best = kind;
  }
  return best;
}

export const createShipmentInput = z.strictObject({
  orderId: z.uuid(),
  warehouseId: z.uuid(say('shipment.warehouse')),
  carrier: z.enum(carrierCodes, say('shipment.carrier')),
  trackingNumber: safeString()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{6,40}$/, say('code.tracking')),
  /** Omitted: everything not yet shipped (nor refunded). */
  lines: z
    .array(
      z.strictObject({
        orderLineId: z.uuid(),
        quantity: z.number().int(say('items.whole')).min(1, say('items.atLeastOne')).max(999),
      }),
    )
    .min(1, say('items.choose'))
    .optional(),
});

export const shipmentRefInput = z.strictObject({ shipmentId: z.uuid() });

export interface ShippableLine {
  id: string;
  title: string;
  quantity: number;
  shippedQuantity: number;
  refundedQuantity: number;
}

/** What is left to ship of a line: ordered, less shipped, less refunded before shipping. */
export const leftToShip = (l: ShippableLine) =>
  Math.max(0, l.quantity - l.shippedQuantity - l.refundedQuantity);

/** The lines and quantities a shipment takes; refuses more than is left of any line. */
export function planShipment(
  lines: readonly ShippableLine[],
  wanted?: readonly { orderLineId: string; quantity: number }[],
): { orderLineId: string; quantity: number }[] {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const planned = wanted
    ? wanted.map(({ orderLineId, quantity }) => {
        const line = byId.get(orderLineId);
        if (!line) throw new DomainError('NOT_FOUND', 'That item is not on this order');
        const left = leftToShip(line);
        if (quantity > left) {
          throw new DomainError(
            'SHIPMENT_TOO_LARGE',
            left === 0
              ? `${line.title} has nothing left to ship`
              : `Only ${left} of ${line.title} ${left === 1 ? 'is' : 'are'} left to ship`,
            { orderLineId, left },
          );
        }
        return { orderLineId, quantity };
      })
    : lines.map((l) => ({ orderLineId: l.id, quantity: leftToShip(l) })).filter((l) => l.quantity > 0);
  if (new Set(planned.map((l) => l.orderLineId)).size !== planned.length) {
    throw new DomainError('VALIDATION_FAILED', 'Each item once');
  }
  if (planned.length === 0) throw new DomainError('SHIPMENT_TOO_LARGE', 'Everything has been shipped');
  return planned;
}

/** Whether, after this, nothing is left to ship: the order is shipped, not partially shipped. */
export const allShipped = (lines: readonly ShippableLine[]) => lines.every((l) => leftToShip(l) === 0);

const gateways: Record<string, { city: string; gateway: string }> = {
  CN: { city: 'Hangzhou Sorting Centre', gateway: 'Shanghai Pudong International Gateway' },
  DE: { city: 'Berlin Delivery Depot', gateway: 'Frankfurt International Gateway' },
  FR: { city: 'Paris Delivery Depot', gateway: 'Paris CDG International Gateway' },
  GB: { city: 'London Delivery Depot', gateway: 'London Heathrow International Gateway' },
  US: { city: 'Los Angeles Delivery Depot', gateway: 'Los Angeles International Gateway' },
  AU: { city: 'Sydney Delivery Depot', gateway: 'Sydney International Gateway' },
  JP: { city: 'Tokyo Delivery Depot', gateway: 'Tokyo Narita International Gateway' },
};
const placeOf = (country: string) =>
  gateways[country] ?? { city: `${country} Delivery Depot`, gateway: `${country} International Gateway` };

export interface RouteStep {
  kind: Exclude<TrackingEventKind, 'exception'>;
  location: string;
  description: string;
}

/**
 * The hubs a parcel passes from a warehouse in `origin` to an address in `destination`, as
 * tracking events: picked up at the origin hub, through the export gateway, customs at the
 * import gateway (abroad only), the local depot, out for delivery, delivered.
 */
export function plannedRoute(origin: string, destination: string): RouteStep[] {
  const from = placeOf(origin);
  const to = placeOf(destination);
  const abroad = origin !== destination;
  return [
    { kind: 'picked_up', location: from.city, description: 'Picked up by the carrier' },
    {
      kind: 'in_transit',
      location: from.gateway,
      description: abroad ? 'Departed for export' : 'At the sorting hub',
    },
    ...(abroad
      ? [
          {
            kind: 'in_transit' as const,
            location: to.gateway,
            description: 'Arrived in the destination country',
          },
          { kind: 'customs_cleared' as const, location: to.gateway, description: 'Cleared customs' },
        ]
      : []),
    { kind: 'in_transit', location: to.city, description: 'At the local delivery depot' },
    { kind: 'out_for_delivery', location: to.city, description: 'Out for delivery' },
    { kind: 'delivered', location: to.city, description: 'Delivered' },
  ];
}

/** Days after delivery when an order completes by itself if the customer has not confirmed. */
export const AUTO_COMPLETE_DAYS = 7;
