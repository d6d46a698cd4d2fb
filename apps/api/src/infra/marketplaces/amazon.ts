// The Amazon adapter: Selling Partner API clients generated from Amazon's own models
// (@sp-api-sdk/orders-api-v0, @sp-api-sdk/tokens-api-2021-03-01, on @sp-api-sdk/common's
// signed-in axios), so a simulator that answered in a shape of our own would fail here as it
// would against Amazon. In simulated mode only the hosts differ: the SP-API endpoint
// https://sellingpartnerapi-{region}.amazon.com and Login with Amazon's https://api.amazon.com
// become {baseUrl}/sim/amazon/{host}.
//
// Orders come from getOrders (LastUpdatedAfter/Before, NextToken) called with a Restricted Data
// Token, so buyers' names and addresses come with them (merchant-fulfilled orders must be
// shipped to someone), and each order's lines from getOrderItems. A page is 30 orders: the
// burst of getOrderItems, so a page's items are read without waiting on a fresh plan, and one
// page a minute (getOrders' own rate) is what getOrderItems' 0.5 a second keeps up with.
// A listing's merchant-fulfilled quantity is set through Listings Items 2021-08-01 (patch of
// fulfillment_availability). The All Orders report comes through the Reports API (@sp-api-sdk/reports-api-2021-06-30):
// createReport, getReport until it is done, getReportDocument, then the document itself.
// Orders are acknowledged (or cancelled by the seller) through the Feeds API
// (@sp-api-sdk/feeds-api-2021-06-30): the order acknowledgement feed uploaded to the document
// URL createFeedDocument gives, createFeed, then getFeed until done and its processing report.

import { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import type { ChannelOrder, ChannelOrderStatus } from '@crossdock/domain/channel-orders';
import type { SellerCancelReason } from '@crossdock/domain/channels';
import {
  type AmazonMarketplaceId,
  amazonMarketplaces,
  amazonPricesIncludeTax,
} from '@crossdock/domain/channels';
import { fromPlatformDecimal } from '@crossdock/domain/money';
import { SellingPartnerApiAuth } from '@sp-api-sdk/auth';
import { createAxiosInstance, SellingPartnerApiError, sellingPartnerRegions } from '@sp-api-sdk/common';
import {
  type CreateFeedDocumentResponse,
  type CreateFeedResponse,
  type Feed,
  type FeedDocument,
  FeedsApi,
  clientRateLimits as feedsRateLimits,
} from '@sp-api-sdk/feeds-api-2021-06-30';
import {
  type ItemSearchResults,
  type ListingsItemSubmissionResponse,
  ListingsItemsApi,
  clientRateLimits as listingsRateLimits,
} from '@sp-api-sdk/listings-items-api-2021-08-01';
import {
  type Money,
  type Order,
  type OrderItem,
  OrdersApi,
  clientRateLimits as ordersRateLimits,
} from '@sp-api-sdk/orders-api-v0';
import {
  type CreateReportResponse,
  type GetReportsResponse,
  type Report,
  type ReportDocument,
  ReportsApi,
  clientRateLimits as reportsRateLimits,
} from '@sp-api-sdk/reports-api-2021-06-30';
import {
  type CreateRestrictedDataTokenResponse,
  TokensApi,
  clientRateLimits as tokensRateLimits,
} from '@sp-api-sdk/tokens-api-2021-03-01';
import {
  type AmazonCancelReason,
  FEED_CONTENT_TYPE,
  ORDER_ACKNOWLEDGEMENT_FEED,
  orderAcknowledgementFeed,
  readProcessingReport,
} from './amazon-feeds';
import { SETTLEMENT_REPORT } from './amazon-reports';
import {
  type ConnectionCheck,
  ConnectorError,
  type ListingsPage,
  type MarketplaceConnector,
  type MarketplaceMode,
  type OrderAcknowledgements,
  type OrdersPage,
  type OrdersReport,
  sleep,
} from './connector';

export interface AmazonCredentials {
  sellingPartnerId: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

const LWA_HOST = 'api.amazon.com';
/** Our carriers by the codes Amazon's confirmShipment knows them by. */
const amazonCarrierCodes: Record<string, string> = { 'DHL Express': 'DHL', 'SF Express': 'SF Express' };
/** The All Orders report by the time orders last changed, as the sync reads them. */
export const ALL_ORDERS_REPORT = 'GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL';
const ORDERS_PAGE = 30;
/** searchListingsItems' largest page. */
const LISTINGS_PAGE = 20;
/** getOrders refuses an upper bound later than two minutes before the request. */
const FRESHEST_MS = 2 * 60_000;
/** How many times one item read waits out a throttle before the page gives up. */
const ITEM_ATTEMPTS = 6;
const CALL_TIMEOUT_MS = 15_000;
/** Our reasons for cancelling in Amazon's words. */
const amazonCancelReasons: Record<SellerCancelReason, AmazonCancelReason> = {
  out_of_stock: 'NoInventory',
  buyer_asked: 'BuyerCanceled',
  undeliverable: 'ShippingAddressUndeliverable',
  other: 'GeneralAdjustment',
};

/**
 * Login with Amazon, where the mode says it is: the SDK's own LWA client always calls
 * api.amazon.com, so this one speaks the same refresh-token grant (a JSON POST to /auth/o2/token)
 * to the configured host, caching the access token until a minute before it expires.
 */
class LoginWithAmazon extends SellingPartnerApiAuth {
  #token: string | null = null;
  #expiresAt = 0;
  #pending: Promise<string> | null = null;

  constructor(
    private readonly credentials: AmazonCredentials,
    private readonly tokenUrl: string,
  ) {
    super({
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      refreshToken: credentials.refreshToken,
    });
  }

  override async getAccessToken(): Promise<string> {
    if (this.#token && Date.now() < this.#expiresAt) return this.#token;
    this.#pending ??= this.#refresh().finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  async #refresh(): Promise<string> {
    let response: Response;
    try {
      response = await fetch(this.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'refresh_token',
          refresh_token: this.credentials.refreshToken,
          client_id: this.credentials.clientId,
          client_secret: this.credentials.clientSecret,
        }),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ConnectorError('unavailable', `Login with Amazon: ${(error as Error).message}`);
    }
    const body = (await response.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
      error_description?: string;
    };
    if (response.ok && body.access_token) {
      this.#token = body.access_token;
      this.#expiresAt = Date.now() + ((body.expires_in ?? 3600) - 60) * 1000;
      return body.access_token;
    }
    const detail = `Login with Amazon: ${body.error ?? response.status}${body.error_description ? ` (${body.error_description})` : ''}`;
    if (response.status === 400 || response.status === 401) throw new ConnectorError('unauthorized', detail);
    if (response.status === 429) throw new ConnectorError('throttled', detail, 1000);
    throw new ConnectorError('unavailable', detail);
  }
}

/** A failed SP-API call as a ConnectorError: 429 waits what the usage plan says, 403 is a refusal. */
function failureOf(error: unknown, operation: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (!(error instanceof SellingPartnerApiError)) {
    return new ConnectorError('unavailable', `Amazon ${operation}: ${(error as Error).message}`);
  }
  const status = error.response?.status;
  const body = error.response?.data as { errors?: { code?: string; message?: string }[] } | undefined;
  const said = body?.errors?.map((e) => `${e.code}: ${e.message}`).join('; ');
  const detail = `Amazon ${operation}: ${said ?? error.innerMessage}`.slice(0, 500);
  if (status === 429) {
    // The SDK's own rule: one request interval at the rate Amazon says, plus a margin.
    const rate = Number(error.response?.headers['x-amzn-ratelimit-limit']);
    return new ConnectorError('throttled', detail, rate > 0 ? Math.ceil(1000 / rate) + 1500 : 60_000);
  }
  if (status === 401 || status === 403) return new ConnectorError('unauthorized', detail);
  if (status === undefined || status >= 500) return new ConnectorError('unavailable', detail);
  return new ConnectorError('rejected', detail);
}

function statusOf(status: Order['OrderStatus']): ChannelOrderStatus {
  switch (status) {
    case 'Pending':
    case 'PendingAvailability':
      return 'pending';
    case 'Unshipped':
      return 'unshipped';
    case 'PartiallyShipped':
      return 'partially_shipped';
    case 'Shipped':
    case 'InvoiceUnconfirmed':
      return 'shipped';
    case 'Canceled':
    case 'Unfulfillable':
      return 'cancelled';
  }
}

/** An Amazon order and its items in the channels' vocabulary. */
export function fromAmazonOrder(order: Order, items: OrderItem[]): ChannelOrder {
  const market = amazonMarketplaces[order.MarketplaceId as AmazonMarketplaceId];
  const currency =
    order.OrderTotal?.CurrencyCode ??
    items.find((i) => i.ItemPrice)?.ItemPrice?.CurrencyCode ??
    market?.currency;
  if (!currency) throw new Error(`no currency for marketplace ${order.MarketplaceId}`);
  const of = (m: Money | undefined) => (m?.Amount ? fromPlatformDecimal(m.Amount, currency).amount : 0);
  const address = order.ShippingAddress;
  const buyerName = order.BuyerInfo?.BuyerName ?? address?.Name ?? order.AmazonOrderId;
  // Lines cancelled out of an order stay on it with nothing ordered.
  const ordered = items.filter((item) => item.QuantityOrdered > 0);
  return {
    externalId: order.AmazonOrderId,
    externalNumber: order.AmazonOrderId,
    status: statusOf(order.OrderStatus),
    fulfilledBy: order.FulfillmentChannel === 'AFN' ? 'platform' : 'merchant',
    currency,
    purchasedAt: new Date(order.PurchaseDate).toISOString(),
    updatedAt: new Date(order.LastUpdateDate).toISOString(),
    buyer: { name: buyerName, email: order.BuyerInfo?.BuyerEmail ?? null },
    shippingAddress:
      address?.AddressLine1 && address.City && address.CountryCode
        ? {
            name: address.Name ?? buyerName,
            line1: address.AddressLine1,
            line2: [address.AddressLine2, address.AddressLine3].filter(Boolean).join(', ') || null,
            city: address.City,
            region: address.StateOrRegion ?? null,
            postalCode: address.PostalCode ?? null,
            country: address.CountryCode,
            phone: address.Phone ?? null,
          }
        : null,
    lines: ordered.map((item) => {
      // ItemPrice is the line's (unit × quantity); a unit price that does not divide evenly is
      // rounded up and the difference given back as a discount, as bundles are split.
      const price = of(item.ItemPrice);
      const unitPrice = Math.ceil(price / item.QuantityOrdered);
      return {
        externalId: item.OrderItemId,
        sellerSku: item.SellerSKU ?? item.ASIN,
        listingExternalId: item.ASIN,
        title: item.Title ?? item.ASIN,
        barcode: null,
        quantity: item.QuantityOrdered,
        unitPrice,
        discount: of(item.PromotionDiscount) + (unitPrice * item.QuantityOrdered - price),
        tax: of(item.ItemTax) - of(item.PromotionDiscountTax),
      };
    }),
    taxIncluded: amazonPricesIncludeTax(order.MarketplaceId ?? ''),
    shippingService: order.ShipServiceLevel ?? null,
    shipping: items.reduce((s, i) => s + of(i.ShippingPrice) - of(i.ShippingDiscount), 0),
    shippingTax: items.reduce((s, i) => s + of(i.ShippingTax) - of(i.ShippingDiscountTax), 0),
    // Amazon's fees come with the settlement (financial events), not with the order.
    fees: null,
  };
}

export function amazonConnector(
  credentials: AmazonCredentials,
  marketplaceId: string,
  mode: MarketplaceMode,
  now: () => Date,
  options: { sleep?: (ms: number) => Promise<void> } = {},
): MarketplaceConnector {
  const market = amazonMarketplaces[marketplaceId as AmazonMarketplaceId];
  if (!market) throw new ConnectorError('rejected', `${marketplaceId} is not an Amazon marketplace`);
  const wait = options.sleep ?? sleep;
  const endpoint = sellingPartnerRegions[market.region].endpoints.production;
  const simulated = (url: string) =>
    `${mode.kind === 'simulated' ? mode.baseUrl : ''}/sim/amazon/${new URL(url).host}`;
  const basePath = mode.kind === 'simulated' ? simulated(endpoint) : endpoint;
  const auth = new LoginWithAmazon(
    credentials,
    `${mode.kind === 'simulated' ? simulated(`https://${LWA_HOST}`) : `https://${LWA_HOST}`}/auth/o2/token`,
  );
  // No retries inside the client: the sync engine waits and retries, so one slow platform does
  // not hold a worker inside a library loop.
  const axiosFor = (restrictedDataToken?: string) => {
    const { axios } = createAxiosInstance(
      { auth, region: market.region, userAgent: 'Crossdock/1.0 (Language=TypeScript)', restrictedDataToken },
      [
        ...ordersRateLimits,
        ...tokensRateLimits,
        ...reportsRateLimits,
        ...listingsRateLimits,
        ...feedsRateLimits,
      ],
    );
    axios.defaults.timeout = CALL_TIMEOUT_MS;
    return axios;
  };
  const signedIn = axiosFor();
  const orders = new OrdersApi(undefined, basePath, signedIn);
  const tokens = new TokensApi(undefined, basePath, signedIn);
  const reports = new ReportsApi(undefined, basePath, signedIn);
  const listings = new ListingsItemsApi(undefined, basePath, signedIn);
  const feeds = new FeedsApi(undefined, basePath, signedIn);
  let restricted: { api: OrdersApi; until: number } | null = null;

  async function call<T>(operation: string, request: () => Promise<{ data: T }>): Promise<T> {
    try {
      return (await request()).data;
    } catch (error) {
      throw failureOf(error, operation);
    }
  }

  /** getOrders with a Restricted Data Token for buyers' names and addresses, renewed before it lapses. */
  async function restrictedOrders(): Promise<OrdersApi> {
    if (restricted && Date.now() < restricted.until) return restricted.api;
    const rdt = await call<CreateRestrictedDataTokenResponse>('createRestrictedDataToken', () =>
      tokens.createRestrictedDataToken({
        body: {
          restrictedResources: [
            { method: 'GET', path: '/orders/v0/orders', dataElements: ['buyerInfo', 'shippingAddress'] },
          ],
        },
      }),
    );
    if (!rdt.restrictedDataToken)
      throw new ConnectorError('rejected', 'Amazon gave no Restricted Data Token');
    restricted = {
      api: new OrdersApi(undefined, basePath, axiosFor(rdt.restrictedDataToken)),
      until: Date.now() + ((rdt.expiresIn ?? 3600) - 60) * 1000,
    };
    return restricted.api;
  }

  /** Every item of an order, waiting out getOrderItems' usage plan as Amazon asks. */
  async function itemsOf(orderId: string): Promise<OrderItem[]> {
    const items: OrderItem[] = [];
    let next: string | undefined;
    do {
      for (let attempt = 1; ; attempt++) {
        try {
          const page = await call('getOrderItems', () =>
            orders.getOrderItems({ orderId, ...(next ? { nextToken: next } : {}) }),
          );
          if (!page.payload) throw new ConnectorError('rejected', `Amazon gave no items for ${orderId}`);
          items.push(...page.payload.OrderItems);
          next = page.payload.NextToken;
          break;
        } catch (error) {
          if (!(error instanceof ConnectorError) || error.problem !== 'throttled' || attempt >= ITEM_ATTEMPTS)
            throw error;
          await wait(error.retryAfterMs ?? 2000);
        }
      }
    } while (next);
    return items;
  }

  async function complete(list: Order[]): Promise<ChannelOrder[]> {
    const result: ChannelOrder[] = [];
    for (const order of list) {
      const items = await itemsOf(order.AmazonOrderId);
      try {
        result.push(fromAmazonOrder(order, items));
      } catch (error) {
        throw new ConnectorError(
          'rejected',
          `Amazon order ${order.AmazonOrderId}: ${(error as Error).message}`,
        );
      }
    }
    return result;
  }

  const ordersReport: OrdersReport = {
    async request(window) {
      const created = await call<CreateReportResponse>('createReport', () =>
        reports.createReport({
          body: {
            reportType: ALL_ORDERS_REPORT,
            marketplaceIds: [marketplaceId],
            dataStartTime: window.from.toISOString(),
            dataEndTime: window.to.toISOString(),
          },
        }),
      );
      return created.reportId;
    },
    async check(reportId) {
      const report = await call<Report>('getReport', () => reports.getReport({ reportId }));
      if (report.processingStatus === 'DONE' && report.reportDocumentId) {
        return { state: 'done', documentId: report.reportDocumentId };
      }
      if (report.processingStatus === 'CANCELLED' || report.processingStatus === 'FATAL') {
        return {
          state: 'failed',
          detail:
            report.processingStatus === 'CANCELLED'
              ? 'Amazon had no data for this report'
              : 'Amazon could not make this report',
        };
      }
      return { state: 'pending' };
    },
    async download(documentId) {
      const document = await call<ReportDocument>('getReportDocument', () =>
        reports.getReportDocument({ reportDocumentId: documentId }),
      );
      const response = await storage(document.url, { method: 'GET' }, 'report document');
      const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
      return document.compressionAlgorithm === 'GZIP' ? body.pipe(createGunzip()) : body;
    },
  };

  /** A pre-signed URL of Amazon's storage (no SP-API token goes with it), read or written. */
  async function storage(url: string, init: RequestInit, what: string): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(5 * 60_000) });
    } catch (error) {
      throw new ConnectorError('unavailable', `Amazon ${what}: ${(error as Error).message}`);
    }
    if (!response.ok || (init.method !== 'PUT' && !response.body)) {
      throw new ConnectorError('unavailable', `Amazon ${what}: HTTP ${response.status}`);
    }
    return response;
  }

  const acknowledgements: OrderAcknowledgements = {
    async submit(list) {
      const xml = orderAcknowledgementFeed(
        credentials.sellingPartnerId,
        list.map((ack, index) => ({
          messageId: index + 1,
          amazonOrderId: ack.externalId,
          merchantOrderId: ack.merchantOrderId,
          status: ack.accepted ? 'Success' : 'Failure',
          items: ack.accepted
            ? []
            : ack.externalLineIds.map((code) => ({
                amazonOrderItemCode: code,
                cancelReason: amazonCancelReasons[ack.reason],
              })),
        })),
      );
      const document = await call<CreateFeedDocumentResponse>('createFeedDocument', () =>
        feeds.createFeedDocument({ body: { contentType: FEED_CONTENT_TYPE } }),
      );
      await storage(
        document.url,
        { method: 'PUT', headers: { 'content-type': FEED_CONTENT_TYPE }, body: xml },
        'feed upload',
      );
      const created = await call<CreateFeedResponse>('createFeed', () =>
        feeds.createFeed({
          body: {
            feedType: ORDER_ACKNOWLEDGEMENT_FEED,
            marketplaceIds: [marketplaceId],
            inputFeedDocumentId: document.feedDocumentId,
          },
        }),
      );
      return created.feedId;
    },
    async outcome(feedId) {
      const feed = await call<Feed>('getFeed', () => feeds.getFeed({ feedId }));
      if (feed.processingStatus === 'CANCELLED' || feed.processingStatus === 'FATAL') {
        return {
          state: 'failed',
          detail: `Amazon ${feed.processingStatus === 'FATAL' ? 'could not process' : 'cancelled'} feed ${feedId}`,
        };
      }
      if (feed.processingStatus !== 'DONE' || !feed.resultFeedDocumentId) return { state: 'pending' };
      const document = await call<FeedDocument>('getFeedDocument', () =>
        feeds.getFeedDocument({ feedDocumentId: feed.resultFeedDocumentId! }),
      );
      const response = await storage(document.url, { method: 'GET' }, 'processing report');
      const bytes = Buffer.from(await response.arrayBuffer());
      const report = readProcessingReport(
        (document.compressionAlgorithm === 'GZIP' ? gunzipSync(bytes) : bytes).toString('utf8'),
      );
      if ('problem' in report) {
        throw new ConnectorError(
          'rejected',
          `Amazon's processing report of feed ${feedId}: ${report.problem}`,
        );
      }
      const refused = new Map<number, string>();
      for (const result of report.results) {
        if (result.code !== 'Error') continue;
        const said = `${result.messageCode}: ${result.description}`;
        refused.set(
          result.messageId - 1,
          refused.has(result.messageId - 1) ? `${refused.get(result.messageId - 1)}; ${said}` : said,
        );
      }
      return { state: 'done', refused };
    },
  };

  return {
    ordersReport,
    acknowledgements,

    async pushStock({ sellerSku, quantity }) {
      // The merchant-fulfilled quantity of the seller's offer: Listings Items' fulfillment_availability.
      const answer = await call<ListingsItemSubmissionResponse>('patchListingsItem', () =>
        listings.patchListingsItem({
          sellerId: credentials.sellingPartnerId,
          sku: sellerSku,
          marketplaceIds: [marketplaceId],
          body: {
            productType: 'PRODUCT',
            patches: [
              {
                op: 'replace',
                path: '/attributes/fulfillment_availability',
                value: [{ fulfillment_channel_code: 'DEFAULT', quantity }],
              },
            ],
          },
        }),
      );
      if (answer.status !== 'ACCEPTED') {
        const issues = (answer.issues ?? []).map((i) => `${i.code}: ${i.message}`).join('; ');
        throw new ConnectorError('rejected', `Amazon refused ${sellerSku}: ${issues || answer.status}`);
      }
    },

    async settlements(since) {
      const found: { reportId: string; documentId: string; from: Date; to: Date }[] = [];
      let nextToken: string | undefined;
      do {
        const page: GetReportsResponse = await call<GetReportsResponse>('getReports', () =>
          reports.getReports(
            nextToken
              ? { nextToken }
              : {
                  reportTypes: [SETTLEMENT_REPORT],
                  marketplaceIds: [marketplaceId],
                  processingStatuses: ['DONE'],
                  createdSince: since.toISOString(),
                  pageSize: 100,
                },
          ),
        );
        for (const report of page.reports) {
          if (report.reportDocumentId && report.dataStartTime && report.dataEndTime) {
            found.push({
              reportId: report.reportId,
              documentId: report.reportDocumentId,
              from: new Date(report.dataStartTime),
              to: new Date(report.dataEndTime),
            });
          }
        }
        nextToken = page.nextToken;
      } while (nextToken);
      return found.sort((a, b) => a.to.getTime() - b.to.getTime());
    },

    async pullListings(page): Promise<ListingsPage> {
      const answer = await call<ItemSearchResults>('searchListingsItems', () =>
        listings.searchListingsItems({
          sellerId: credentials.sellingPartnerId,
          marketplaceIds: [marketplaceId],
          includedData: ['summaries', 'offers', 'fulfillmentAvailability'],
          pageSize: LISTINGS_PAGE,
          ...(page ? { pageToken: page } : {}),
        }),
      );
      return {
        listings: answer.items.map((item) => {
          const summary = item.summaries?.find((s) => s.marketplaceId === marketplaceId);
          const offer = item.offers?.find((o) => o.marketplaceId === marketplaceId && o.offerType === 'B2C');
          // The merchant's own count; Amazon's fulfilment (AMAZON_NA, …) keeps its own.
          const own = item.fulfillmentAvailability?.find((f) => f.fulfillmentChannelCode === 'DEFAULT');
          return {
            sellerSku: item.sku,
            externalId: summary?.asin ?? null,
            title: summary?.itemName ?? item.sku,
            barcode: null,
            price: offer
              ? {
                  amount: fromPlatformDecimal(offer.price.amount, offer.price.currencyCode).amount,
                  currency: offer.price.currencyCode,
                }
              : null,
            quantity: own?.quantity ?? null,
            active: summary?.status.includes('BUYABLE') ?? false,
          };
        }),
        next: answer.pagination?.nextToken ?? null,
      };
    },

    async confirmShipment(externalId, shipment) {
      await call<unknown>('confirmShipment', () =>
        orders.confirmShipment({
          orderId: externalId,
          payload: {
            marketplaceId,
            packageDetail: {
              packageReferenceId: shipment.reference,
              // Amazon's carrier codes name the big carriers; the rest go as Other with a name.
              carrierCode: amazonCarrierCodes[shipment.carrierName] ?? 'Other',
              carrierName: shipment.carrierName,
              trackingNumber: shipment.trackingNumber,
              shipDate: shipment.shippedAt.toISOString(),
              orderItems: shipment.lines.map((l) => ({
                orderItemId: l.externalLineId,
                quantity: l.quantity,
              })),
            },
          },
        }),
      );
    },

    async pullOrders(window, page): Promise<OrdersPage> {
      // Amazon reads nothing changed in the last two minutes; the sync's overlap reads them next time.
      const before = new Date(Math.min(window.to.getTime(), now().getTime() - FRESHEST_MS));
      if (!page && before <= window.from) return { orders: [], next: null };
      const api = await restrictedOrders();
      const answer = await call('getOrders', () =>
        api.getOrders(
          page
            ? { marketplaceIds: [marketplaceId], nextToken: page }
            : {
                marketplaceIds: [marketplaceId],
                lastUpdatedAfter: window.from.toISOString(),
                lastUpdatedBefore: before.toISOString(),
                maxResultsPerPage: ORDERS_PAGE,
              },
        ),
      );
      if (!answer.payload) throw new ConnectorError('rejected', 'Amazon gave no orders');
      return { orders: await complete(answer.payload.Orders), next: answer.payload.NextToken ?? null };
    },

    async pullOrder(externalId): Promise<ChannelOrder | null> {
      const api = await restrictedOrders();
      const answer = await call('getOrders', () =>
        api.getOrders({ marketplaceIds: [marketplaceId], amazonOrderIds: [externalId] }),
      );
      const [order] = await complete(answer.payload?.Orders ?? []);
      return order ?? null;
    },

    async testConnection(): Promise<ConnectionCheck> {
      try {
        // Signing in proves the app's keys and the seller's authorisation; one order read
        // proves the seller sells in this marketplace and lets the app see its orders.
        await call('getOrders', () =>
          orders.getOrders({
            marketplaceIds: [marketplaceId],
            createdAfter: new Date(now().getTime() - 86_400_000).toISOString(),
            maxResultsPerPage: 1,
          }),
        );
        return {
          ok: true,
          account: {
            name: `${market.site} · ${credentials.sellingPartnerId}`,
            currency: market.currency,
            timeZone: market.timeZone,
          },
        };
      } catch (error) {
        const failure = failureOf(error, 'getOrders');
        return {
          ok: false,
          problem: failure.problem === 'unauthorized' ? 'unauthorized' : 'unreachable',
          detail: failure.message,
        };
      }
    },
  };
}
