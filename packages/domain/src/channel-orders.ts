// Orders from marketplace shops, in one vocabulary whatever the platform: each connector turns
// its platform's order (Amazon's OrderStatus and OrderItems, Shopify's financial and fulfilment
// statuses and line items…) into a ChannelOrder. The rules here decide how such an order
// enters the order book — through the links from the platform's SKUs to ours — and how a later
// change on the platform moves our order along, never backwards.
import { allocate, money } from './money';
import type { OrderAction, OrderStatus } from './order-states';
import type { PostalAddress } from './postal-codes';

/**
 * Where the order is on the platform: pending (not yet paid or authorised — Amazon's Pending,
 * Shopify's PENDING), unshipped (paid, waiting to ship), partially shipped, shipped, cancelled.
 */
export const channelOrderStatuses = [
  'pending',
  'unshipped',
  'partially_shipped',
  'shipped',
  'cancelled',
] as const;
export type ChannelOrderStatus = (typeof channelOrderStatuses)[number];

export interface ChannelOrderLine {
  /** The platform's id for the line (Amazon's OrderItemId, a Shopify LineItem gid). */
  externalId: string;
  /** The seller's SKU on the platform: what links the line to our SKUs. */
  sellerSku: string;
  /** The platform's id of what was sold (ASIN, variant gid), when it gives one. */
  listingExternalId: string | null;
  title: string;
  barcode: string | null;
  quantity: number;
  /** Minor units of the order's currency. */
  unitPrice: number;
  discount: number;
  tax: number;
}

export interface ChannelOrder {
  externalId: string;
  /** As the platform shows it to the seller ("#1001", "113-1234567-1234567"). */
  externalNumber: string;
  status: ChannelOrderStatus;
  fulfilledBy: 'merchant' | 'platform';
  currency: string;
  /** ISO 8601 instants. */
  purchasedAt: string;
  updatedAt: string;
  buyer: { name: string; email: string | null };
  shippingAddress: PostalAddress | null;
  lines: ChannelOrderLine[];
  /** Whether prices include their tax (EU, UK, JP…) or tax comes on top (US, CA). */
  taxIncluded: boolean;
  /** The shipping service the buyer chose, as the platform names it ("Standard", "Expedited"). */
  shippingService: string | null;
  /** Minor units: shipping charged, tax on it, and what the platform keeps, where known. */
  shipping: number;
  shippingTax: number;
  fees: number | null;
}

/** What a listing sells of ours: SKUs and how many of each one unit of the listing holds. */
export type ListingComponents = readonly { skuId: string; quantity: number }[];

/**
 * What a listing can sell: as many as its scarcest part allows from what is available where the
 * shop ships from (a bundle of 2 A and 1 B with 5 A and 9 B sells 2), less the shop's buffer,
 * never below zero. A listing linked to nothing sells nothing.
 */
export function listingAvailability(
  parts: readonly { quantity: number; available: number }[],
  buffer: number,
): number {
  if (parts.length === 0) return 0;
  const sets = Math.min(...parts.map((p) => Math.floor(Math.max(0, p.available) / p.quantity)));
  return Math.max(0, sets - buffer);
}

/**
 * How far a listing on its platform is from ours, platform minus ours: the price (only when
 * both are in one currency) and the count it sells. Null where a side is unknown — an unlinked
 * listing has no price or count of ours; a platform that keeps its own count (Amazon's
 * fulfilment) has none to compare.
 */
export function listingDrift(
  platform: { price: { amount: number; currency: string } | null; quantity: number | null },
  ours: { price: { amount: number; currency: string } | null; quantity: number | null },
): { price: number | null; quantity: number | null } {
  return {
    price:
      platform.price && ours.price && platform.price.currency === ours.price.currency
        ? platform.price.amount - ours.price.amount
        : null,
    quantity: platform.quantity !== null && ours.quantity !== null ? platform.quantity - ours.quantity : null,
  };
}

/**
 * What each of our parcels shipped of the platform's lines, for telling the platform parcel by
 * parcel. A platform line may be several of our lines (a bundle's parts): a unit of it has
 * shipped once every part of that unit has, so a parcel counts the units it completed — the
 * units complete after it less those complete before. Parcels in the order they left; a parcel
 * that completed no unit (half a bundle) has no lines, and the platform hears of it with the next.
 */
export function platformLinesByParcel(
  platformLines: readonly { externalId: string; quantity: number }[],
  ourLines: readonly { id: string; externalLineId: string | null; quantity: number }[],
  parcels: readonly { id: string; lines: readonly { orderLineId: string; quantity: number }[] }[],
): { parcelId: string; lines: { externalLineId: string; quantity: number }[] }[] {
  const shipped = new Map<string, number>();
  const complete = new Map<string, number>();
  const unitsDone = (line: { externalId: string; quantity: number }) => {
    const parts = ourLines.filter((l) => l.externalLineId === line.externalId);
    if (parts.length === 0 || line.quantity === 0) return 0;
    return Math.min(
      line.quantity,
      ...parts.map((p) => Math.floor(((shipped.get(p.id) ?? 0) * line.quantity) / p.quantity)),
    );
  };
  return parcels.map((parcel) => {
    for (const l of parcel.lines) shipped.set(l.orderLineId, (shipped.get(l.orderLineId) ?? 0) + l.quantity);
    const lines = platformLines.flatMap((line) => {
      const done = unitsDone(line);
      const before = complete.get(line.externalId) ?? 0;
      complete.set(line.externalId, done);
      return done > before ? [{ externalLineId: line.externalId, quantity: done - before }] : [];
    });
    return { parcelId: parcel.id, lines };
  });
}

/**
 * An order's platform fees from its settlements' transactions: their sum, and never below none
 * (a refund's transaction gives fees back, which may outweigh the settlements imported so far).
 */
export const settledPlatformFees = (transactions: readonly number[]): number =>
  Math.max(
    0,
    transactions.reduce((sum, fees) => sum + fees, 0),
  );

/** A line of the order as it enters our order book: one of our SKUs. */
export interface ResolvedLine {
  skuId: string;
  /** The platform line it came from (a bundle gives several). */
  externalLineId: string;
  title: string;
  quantity: number;
  unitPrice: number;
  discount: number;
  tax: number;
}

export type Resolution = { ok: true; lines: ResolvedLine[] } | { ok: false; unlinked: string[] };

/**
 * The order's lines as our SKUs, through each seller SKU's components. A bundle's line is split
 * over its parts by units, so the parts' amounts sum exactly to the line's; a part whose share
 * does not divide by its units is priced up to the next minor unit and the difference given
 * back as a discount (an order line's subtotal is always unit price × quantity).
 */
export function resolveLines(
  order: Pick<ChannelOrder, 'lines' | 'currency'>,
  componentsOf: (sellerSku: string) => ListingComponents | undefined,
): Resolution {
  const unlinked = [
    ...new Set(order.lines.filter((l) => !componentsOf(l.sellerSku)?.length).map((l) => l.sellerSku)),
  ];
  if (unlinked.length) return { ok: false, unlinked };
  const lines: ResolvedLine[] = [];
  for (const line of order.lines) {
    const parts = componentsOf(line.sellerSku)!;
    const units = parts.map((p) => p.quantity * line.quantity);
    const share = (amount: number) => allocate(money(amount, order.currency), units).map((m) => m.amount);
    const subtotals = share(line.unitPrice * line.quantity);
    const discounts = share(line.discount);
    const taxes = share(line.tax);
    parts.forEach((part, i) => {
      const quantity = units[i]!;
      const unitPrice = Math.ceil(subtotals[i]! / quantity);
      lines.push({
        skuId: part.skuId,
        externalLineId: line.externalId,
        title: line.title,
        quantity,
        unitPrice,
        discount: discounts[i]! + (unitPrice * quantity - subtotals[i]!),
        tax: taxes[i]!,
      });
    });
  }
  return { ok: true, lines };
}

/** Where a platform status puts an order in our book. */
export function orderBookStatus(status: ChannelOrderStatus): OrderStatus {
  switch (status) {
    case 'pending':
      return 'pending_payment';
    case 'unshipped':
    case 'partially_shipped':
      return 'paid';
    case 'shipped':
      return 'shipped';
    case 'cancelled':
      return 'cancelled';
  }
}

/**
 * The actions that bring our order up to what the platform now says, in order; none when ours
 * is already there or further on (a platform's late or repeated news never moves it back).
 * Shipping is ours to record — with the shipment, where the stock leaves from — so a platform
 * that says "shipped" moves an unpaid order to paid, and the shipment follows from fulfilment.
 */
export function channelCatchUp(current: OrderStatus, status: ChannelOrderStatus): OrderAction[] {
  if (status === 'cancelled') {
    return ['pending_payment', 'paid', 'processing'].includes(current) ? ['cancel_by_channel'] : [];
  }
  if (status === 'pending') return [];
  return current === 'pending_payment' ? ['pay'] : [];
}

/**
 * Whether an order is history: the platform had shipped it and it was bought before the shop
 * joined Crossdock (a first sync's 30 days, an imported year). It enters the book as it ended,
 * moving no stock — the shop's stock was counted after it left.
 */
export const isHistoryOrder = (order: Pick<ChannelOrder, 'status' | 'purchasedAt'>, shopOpenedAt: Date) =>
  order.status === 'shipped' && new Date(order.purchasedAt) < shopOpenedAt;

/** Whether a newly seen order should enter the book at all: one cancelled before we saw it does not. */
export const entersOrderBook = (status: ChannelOrderStatus) => status !== 'cancelled';

/** The order's money in the order book's terms, from its lines as resolved to our SKUs. */
export function channelOrderTotals(
  order: Pick<ChannelOrder, 'shipping' | 'shippingTax' | 'taxIncluded'>,
  lines: readonly ResolvedLine[],
) {
  const subtotal = lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0);
  const lineDiscount = lines.reduce((s, l) => s + l.discount, 0);
  const tax = lines.reduce((s, l) => s + l.tax, 0) + order.shippingTax;
  return {
    subtotal,
    lineDiscount,
    shipping: order.shipping,
    tax,
    total: subtotal - lineDiscount + order.shipping + (order.taxIncluded ? 0 : tax),
  };
}
