// What the channels module asks of a marketplace, whichever it is. Each platform's adapter
// speaks that platform's published API (Shopify Admin GraphQL, Amazon SP-API…) through its
// official client where one exists; in simulated mode the same adapter talks to the simulator
// on the API's own origin, only the base URL differs. The contract grows with sync: orders
// changed since a cursor, their items, listings, stock and shipment pushes.
import type { Readable } from 'node:stream';
import type { ChannelOrder } from '@crossdock/domain/channel-orders';
import type { SellerCancelReason } from '@crossdock/domain/channels';

export type ConnectionCheck =
  | { ok: true; account: { name: string; currency: string; timeZone: string } }
  /** unauthorized: the platform refused the credentials (re-authorise); unreachable: try later. */
  | { ok: false; problem: 'unauthorized' | 'unreachable'; detail: string };

export interface OrdersPage {
  orders: ChannelOrder[];
  /** Where the next page starts (the platform's cursor or NextToken); null on the last page. */
  next: string | null;
}

export interface MarketplaceConnector {
  /** Signs in and reads the account, without changing anything. */
  testConnection(): Promise<ConnectionCheck>;
  /**
   * One page of the orders changed in [from, to], oldest change first, each with all its lines.
   * `page` is the previous page's `next`. Throws a ConnectorError when the platform does not
   * answer with orders.
   */
  pullOrders(window: { from: Date; to: Date }, page: string | null): Promise<OrdersPage>;
  /** One order as the platform holds it now, with all its lines; null if it has none by that id. */
  pullOrder(externalId: string): Promise<ChannelOrder | null>;
  /**
   * Asks the platform to tell `callbackUrl` of new and changed orders (Shopify's orders/create
   * and orders/updated webhooks), for platforms that push; a repeat is harmless.
   */
  subscribeToOrders?(callbackUrl: string): Promise<void>;
  /**
   * Tells the platform a merchant-fulfilled order has shipped, with its carrier and tracking
   * (Amazon's confirmShipment), for platforms that take it. Throws a ConnectorError otherwise.
   */
  confirmShipment?(externalId: string, shipment: ShipmentConfirmation): Promise<void>;
  /**
   * Tells the platform how many a listing can sell (Amazon's Listings Items
   * fulfillment_availability by seller SKU, Shopify's inventorySetQuantities for the variant at
   * the store's location), for platforms that take it. Throws a ConnectorError otherwise.
   */
  pushStock?(listing: {
    sellerSku: string;
    listingExternalId: string | null;
    quantity: number;
  }): Promise<void>;
  /**
   * One page of the seller's listings as the platform shows them (Amazon's searchListingsItems,
   * Shopify's productVariants): title, price, quantity on sale and whether it is on sale. `page`
   * is the previous page's `next`.
   */
  pullListings?(page: string | null): Promise<ListingsPage>;
  /**
   * The settlements the platform made since `since` (Amazon makes its settlement report by
   * itself every 14 days), oldest first; fetch each document with `ordersReport.download`.
   */
  settlements?(since: Date): Promise<{ reportId: string; documentId: string; from: Date; to: Date }[]>;
  /** The platform's report of orders as a file (Amazon's All Orders report), for platforms with one. */
  ordersReport?: OrdersReport;
  /**
   * Acknowledgements of orders, for platforms that take them (Amazon's order acknowledgement
   * feed): each order accepted under our order number, or refused — which cancels it there.
   */
  acknowledgements?: OrderAcknowledgements;
  /**
   * Cancels an order the seller will not ship, for platforms that cancel one by one (Shopify's
   * orderCancel; the platform refunds its buyer). Throws a ConnectorError when refused.
   */
  cancelOrder?(externalId: string, reason: SellerCancelReason): Promise<void>;
}

/** What we tell a platform of one of its orders: taken in as ours, or cancelled by the seller. */
export type OrderAcknowledgement =
  | { externalId: string; merchantOrderId: string; accepted: true }
  | {
      externalId: string;
      merchantOrderId: string;
      accepted: false;
      reason: SellerCancelReason;
      /** The platform's lines of the order (all of them: the whole order is cancelled). */
      externalLineIds: string[];
    };

/**
 * Acknowledgements go many at a time and the platform answers later (SP-API's createFeed, then
 * getFeed until done and the processing report): `submit` returns the batch's id, and `outcome`
 * what became of each, by its place in the submitted list (0-based).
 */
export interface OrderAcknowledgements {
  submit(acknowledgements: readonly OrderAcknowledgement[]): Promise<string>;
  outcome(
    batchId: string,
  ): Promise<
    | { state: 'pending' }
    | { state: 'done'; refused: Map<number, string> }
    | { state: 'failed'; detail: string }
  >;
}

/** A listing as the platform holds it. Prices in minor units of the currency the platform gave. */
export interface PulledListing {
  sellerSku: string;
  externalId: string | null;
  title: string;
  barcode: string | null;
  price: { amount: number; currency: string } | null;
  /** What the platform says it can sell; null when it keeps no count (Amazon's own fulfilment). */
  quantity: number | null;
  /** On sale, or not (a draft, archived, suppressed or out-of-stock-only listing). */
  active: boolean;
}

export interface ListingsPage {
  listings: PulledListing[];
  next: string | null;
}

/** A shipment as the platform is told of it: our reference, carrier, tracking and its lines. */
export interface ShipmentConfirmation {
  reference: string;
  carrierName: string;
  trackingNumber: string;
  shippedAt: Date;
  /** The platform's lines (Amazon's OrderItemIds) and how many of each went. */
  lines: { externalLineId: string; quantity: number }[];
}

/**
 * A platform's orders report, made on request and fetched when done (SP-API's createReport →
 * getReport → getReportDocument): the same file staff would download from Seller Central.
 */
export interface OrdersReport {
  /** Asks for the report of orders changed in [from, to]; returns the platform's report id. */
  request(window: { from: Date; to: Date }): Promise<string>;
  /** Whether the report is still being made, is ready (its document's id), or was given up. */
  check(
    reportId: string,
  ): Promise<
    { state: 'pending' } | { state: 'done'; documentId: string } | { state: 'failed'; detail: string }
  >;
  /** The report's text, as it streams from the platform (unzipped). */
  download(documentId: string): Promise<Readable>;
}

/**
 * Why a call to a platform did not give what was asked: throttled (call again after
 * `retryAfterMs`), unavailable (the platform is down or timed out: try later), unauthorized
 * (the credentials were refused: re-authorise), rejected (the platform refused the request or
 * answered something we cannot read: a retry would get the same).
 */
export class ConnectorError extends Error {
  constructor(
    readonly problem: 'throttled' | 'unavailable' | 'unauthorized' | 'rejected',
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

/** Waits `ms` — a platform's asked-for pause, unless a caller brings its own clock. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The wait before retry `attempt` (1-based) when the platform named none: 1 s, 2 s, 4 s… up to a minute. */
export function platformBackoffMs(attempt: number): number {
  return Math.min(1000 * 2 ** (attempt - 1), 60_000);
}

/**
 * A call to a platform, asked again while the platform throttles or is down — after the wait it
 * names, else `platformBackoffMs` — at most `attempts` times in all; refused credentials and
 * refusals end it at once. `onRetry` hears of each retry before its wait.
 */
export async function withPlatformRetries<T>(
  call: () => Promise<T>,
  options: { attempts: number; wait: (ms: number) => Promise<void>; onRetry?: () => Promise<void> },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (
        !(error instanceof ConnectorError) ||
        error.problem === 'unauthorized' ||
        error.problem === 'rejected' ||
        attempt >= options.attempts
      )
        throw error;
      await options.onRetry?.();
      await options.wait(error.retryAfterMs ?? platformBackoffMs(attempt));
    }
  }
}

/** Where connectors send their calls: the platforms themselves, or the simulators here. */
export type MarketplaceMode = { kind: 'live' } | { kind: 'simulated'; baseUrl: string };
