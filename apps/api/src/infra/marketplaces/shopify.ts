// The Shopify adapter: Shopify's own Admin API client (@shopify/admin-api-client), so a
// simulator that answered in a shape of our own would fail here as it would against Shopify.
// In simulated mode only the client's fetch is pointed elsewhere: the store's
// https://{shop}.myshopify.com origin becomes {baseUrl}/sim/shopify/{shop}.
import type { ChannelOrder, ChannelOrderStatus } from '@crossdock/domain/channel-orders';
import type { SellerCancelReason } from '@crossdock/domain/channels';
import { fromPlatformDecimal } from '@crossdock/domain/money';
import { createAdminApiClient } from '@shopify/admin-api-client';
import {
  type ConnectionCheck,
  ConnectorError,
  type ListingsPage,
  type MarketplaceConnector,
  type MarketplaceMode,
  type OrdersPage,
} from './connector';

/** The newest stable Admin API version at `now`: Shopify releases one each quarter (YYYY-01/04/07/10). */
export function shopifyApiVersion(now: Date): string {
  const month = Math.floor(now.getUTCMonth() / 3) * 3 + 1;
  return `${now.getUTCFullYear()}-${String(month).padStart(2, '0')}`;
}

const SHOP_QUERY = `query ConnectionCheck { shop { name myshopifyDomain currencyCode ianaTimezone } }`;

// Orders a page at a time, sorted by when they changed. Fifteen orders with their first five
// lines stay under the 1,000-point ceiling of one query (842 points requested; Shopify refunds
// what the smaller real orders do not use); an order with more lines has the rest read by
// ORDER_LINES_QUERY.
const ORDERS_PAGE = 15;
const LINES_PAGE = 5;
const LINE_FIELDS = `id title sku quantity
  variant { id sku barcode }
  originalUnitPriceSet { shopMoney { amount } }
  totalDiscountSet { shopMoney { amount } }
  taxLines { priceSet { shopMoney { amount } } }`;
const ORDER_FIELDS = `id name email createdAt updatedAt cancelledAt
  displayFinancialStatus displayFulfillmentStatus currencyCode taxesIncluded
  customer { displayName }
  shippingAddress { name address1 address2 city province zip countryCodeV2 phone }
  totalShippingPriceSet { shopMoney { amount } }
  shippingLine { title taxLines { priceSet { shopMoney { amount } } } }
  lineItems(first: $lines) { pageInfo { hasNextPage endCursor } nodes { ${LINE_FIELDS} } }`;
const ORDERS_QUERY = `query OrdersChanged($first: Int!, $after: String, $query: String!, $lines: Int!) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes { ${ORDER_FIELDS} }
  }
}`;
const ORDER_QUERY = `query OrderById($id: ID!, $lines: Int!) { order(id: $id) { ${ORDER_FIELDS} } }`;
const SUBSCRIBE_MUTATION = `mutation Subscribe($topic: WebhookSubscriptionTopic!, $url: URL!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: { callbackUrl: $url, format: JSON }) {
    webhookSubscription { id }
    userErrors { field message }
  }
}`;
// The order's fulfillment orders and what is left of each line: five fulfillment orders of fifty
// lines each (518 points requested).
const FULFILLMENT_ORDERS_QUERY = `query FulfillmentOrders($id: ID!) {
  order(id: $id) {
    fulfillmentOrders(first: 5) {
      nodes { id status lineItems(first: 50) { nodes { id remainingQuantity lineItem { id } } } }
    }
  }
}`;
const FULFILL_MUTATION = `mutation Fulfil($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id status }
    userErrors { field message }
  }
}`;
// The buyer is refunded to how they paid and told; what was reserved goes back on the shelf.
const CANCEL_MUTATION = `mutation Cancel($orderId: ID!, $reason: OrderCancelReason!, $staffNote: String) {
  orderCancel(
    orderId: $orderId
    reason: $reason
    restock: true
    refundMethod: { originalPaymentMethodsRefund: true }
    notifyCustomer: true
    staffNote: $staffNote
  ) {
    job { id done }
    orderCancelUserErrors { code field message }
  }
}`;
/** Our reasons for cancelling in Shopify's words (OrderCancelReason). */
const shopifyCancelReasons: Record<SellerCancelReason, string> = {
  out_of_stock: 'INVENTORY',
  buyer_asked: 'CUSTOMER',
  undeliverable: 'OTHER',
  other: 'STAFF',
};
const INVENTORY_TARGET_QUERY = `query InventoryTarget($id: ID!) {
  productVariant(id: $id) { inventoryItem { id } }
  locations(first: 1) { nodes { id } }
}`;
const SET_QUANTITIES_MUTATION = `mutation SetAvailable($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { id }
    userErrors { code field message }
  }
}`;
// A page of the store's variants with their products (252 points requested for 50).
const LISTINGS_PAGE = 50;
const VARIANTS_QUERY = `query Variants($first: Int!, $after: String) {
  shop { currencyCode }
  productVariants(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id sku barcode displayName price inventoryQuantity product { status } }
  }
}`;
const ORDER_LINES_QUERY = `query OrderLines($id: ID!, $after: String, $lines: Int!) {
  order(id: $id) {
    lineItems(first: $lines, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${LINE_FIELDS} } }
  }
}`;

type Amount = { shopMoney: { amount: string } };
interface ShopifyLine {
  id: string;
  title: string;
  sku: string | null;
  quantity: number;
  variant: { id: string; sku: string | null; barcode: string | null } | null;
  originalUnitPriceSet: Amount;
  totalDiscountSet: Amount;
  taxLines: { priceSet: Amount }[];
}
interface LinePage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: ShopifyLine[];
}
interface ShopifyOrder {
  id: string;
  name: string;
  email: string | null;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string;
  currencyCode: string;
  taxesIncluded: boolean;
  customer: { displayName: string } | null;
  shippingAddress: {
    name: string | null;
    address1: string | null;
    address2: string | null;
    city: string | null;
    province: string | null;
    zip: string | null;
    countryCodeV2: string | null;
    phone: string | null;
  } | null;
  totalShippingPriceSet: Amount;
  shippingLine: { title: string; taxLines: { priceSet: Amount }[] } | null;
  lineItems: LinePage;
}

/** Shopify's Decimal in minor units; it may carry zeros a currency has no room for ("4500.0" yen). */
const minor = (amount: Amount, currency: string): number =>
  fromPlatformDecimal(amount.shopMoney.amount, currency).amount;

function statusOf(order: ShopifyOrder): ChannelOrderStatus {
  if (order.cancelledAt) return 'cancelled';
  if (order.displayFinancialStatus === 'PENDING' || order.displayFinancialStatus === 'EXPIRED')
    return 'pending';
  if (order.displayFulfillmentStatus === 'FULFILLED') return 'shipped';
  if (order.displayFulfillmentStatus === 'PARTIALLY_FULFILLED') return 'partially_shipped';
  return 'unshipped';
}

/** A Shopify order in the channels' vocabulary. */
export function fromShopifyOrder(order: ShopifyOrder, lines: ShopifyLine[]): ChannelOrder {
  const currency = order.currencyCode;
  const address = order.shippingAddress;
  const taxOf = (taxLines: { priceSet: Amount }[]) =>
    taxLines.reduce((t, l) => t + minor(l.priceSet, currency), 0);
  return {
    externalId: order.id,
    externalNumber: order.name,
    status: statusOf(order),
    fulfilledBy: 'merchant',
    currency,
    purchasedAt: order.createdAt,
    updatedAt: order.updatedAt,
    buyer: {
      name: order.customer?.displayName ?? address?.name ?? order.email ?? order.name,
      email: order.email,
    },
    shippingAddress:
      address?.address1 && address.city && address.countryCodeV2
        ? {
            name: address.name ?? order.customer?.displayName ?? '',
            line1: address.address1,
            line2: address.address2,
            city: address.city,
            region: address.province,
            postalCode: address.zip,
            country: address.countryCodeV2,
            phone: address.phone,
          }
        : null,
    lines: lines.map((line) => ({
      externalId: line.id,
      // A line without a SKU is still a line: it waits for a link under its variant's id.
      sellerSku: line.sku ?? line.variant?.sku ?? line.variant?.id ?? line.id,
      listingExternalId: line.variant?.id ?? null,
      title: line.title,
      barcode: line.variant?.barcode || null,
      quantity: line.quantity,
      unitPrice: minor(line.originalUnitPriceSet, currency),
      discount: minor(line.totalDiscountSet, currency),
      tax: taxOf(line.taxLines),
    })),
    taxIncluded: order.taxesIncluded,
    shippingService: order.shippingLine?.title ?? null,
    shipping: minor(order.totalShippingPriceSet, currency),
    shippingTax: taxOf(order.shippingLine?.taxLines ?? []),
    // Shopify Payments' fees live on its payouts, not on the order.
    fees: null,
  };
}

type GraphQLError = { message: string; extensions?: { code?: string } };
type Answer<T> = {
  data?: T;
  extensions?: {
    cost?: {
      requestedQueryCost: number;
      throttleStatus: { currentlyAvailable: number; restoreRate: number };
    };
  };
  errors?: {
    networkStatusCode?: number;
    message?: string;
    graphQLErrors?: GraphQLError[];
    response?: Response;
  };
};

/** A failed answer as a ConnectorError: HTTP status, Shopify's THROTTLED, or a query error. */
function failureOf(answer: Answer<unknown>): ConnectorError {
  const { errors, extensions } = answer;
  const status = errors?.networkStatusCode;
  const graphQLErrors = errors?.graphQLErrors ?? [];
  if (graphQLErrors.some((e) => e.extensions?.code === 'THROTTLED')) {
    // Wait until the bucket holds what the query costs, at the rate Shopify says it refills.
    const cost = extensions?.cost;
    const missing = cost ? cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable : 0;
    const wait = cost ? Math.ceil((Math.max(missing, 1) / cost.throttleStatus.restoreRate) * 1000) : 1000;
    return new ConnectorError('throttled', 'Shopify throttled the query', wait);
  }
  if (status === 401 || status === 403)
    return new ConnectorError('unauthorized', errors?.message ?? 'Refused');
  if (status === 429 || (status !== undefined && status >= 500) || status === undefined) {
    const retryAfter = Number(errors?.response?.headers.get('retry-after'));
    const problem = status === 429 ? 'throttled' : 'unavailable';
    return new ConnectorError(
      problem,
      `Shopify: ${errors?.message ?? 'no answer'}`,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null,
    );
  }
  const detail = graphQLErrors.map((e) => e.message).join('; ') || errors?.message || 'no data';
  return new ConnectorError('rejected', `Shopify: ${detail}`.slice(0, 500));
}

export function shopifyConnector(
  credentials: { shopDomain: string; accessToken: string },
  mode: MarketplaceMode,
  now: () => Date,
): MarketplaceConnector {
  const origin = `https://${credentials.shopDomain}`;
  const client = createAdminApiClient({
    storeDomain: credentials.shopDomain,
    apiVersion: shopifyApiVersion(now()),
    accessToken: credentials.accessToken,
    userAgentPrefix: 'Crossdock',
    // The sync engine backs off and retries itself, so one slow platform does not hold a worker.
    retries: 0,
    customFetchApi: (url, init) =>
      fetch(
        mode.kind === 'simulated' && url.startsWith(origin)
          ? `${mode.baseUrl}/sim/shopify/${credentials.shopDomain}${url.slice(origin.length)}`
          : url,
        { ...init, signal: AbortSignal.timeout(15_000) },
      ),
  });

  async function ask<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    let answer: Answer<T>;
    try {
      answer = (await client.request<T>(query, { variables })) as Answer<T>;
    } catch (error) {
      throw new ConnectorError('unavailable', `Shopify: ${(error as Error).message}`);
    }
    if (answer.errors || !answer.data) throw failureOf(answer);
    return answer.data;
  }

  /** The order with all its lines (the rest read past the first page), in our words. */
  async function complete(order: ShopifyOrder): Promise<ChannelOrder> {
    const lines = [...order.lineItems.nodes];
    let more = order.lineItems.pageInfo;
    while (more.hasNextPage) {
      const { order: rest } = await ask<{ order: { lineItems: LinePage } | null }>(ORDER_LINES_QUERY, {
        id: order.id,
        after: more.endCursor,
        lines: 50,
      });
      if (!rest) throw new ConnectorError('rejected', `Shopify lost order ${order.name} while reading it`);
      lines.push(...rest.lineItems.nodes);
      more = rest.lineItems.pageInfo;
    }
    try {
      return fromShopifyOrder(order, lines);
    } catch (error) {
      throw new ConnectorError('rejected', `Shopify order ${order.name}: ${(error as Error).message}`);
    }
  }

  return {
    async pushStock({ listingExternalId, quantity }) {
      if (!listingExternalId) throw new ConnectorError('rejected', 'The listing names no Shopify variant');
      const target = await ask<{
        productVariant: { inventoryItem: { id: string } } | null;
        locations: { nodes: { id: string }[] };
      }>(INVENTORY_TARGET_QUERY, { id: listingExternalId });
      const location = target.locations.nodes[0];
      if (!target.productVariant || !location) {
        throw new ConnectorError('rejected', `Shopify has no variant ${listingExternalId} or no location`);
      }
      // What the store can sell is set outright: our count is the one that holds.
      const { inventorySetQuantities: set } = await ask<{
        inventorySetQuantities: { userErrors: { message: string }[] };
      }>(SET_QUANTITIES_MUTATION, {
        input: {
          name: 'available',
          reason: 'correction',
          ignoreCompareQuantity: true,
          quantities: [
            { inventoryItemId: target.productVariant.inventoryItem.id, locationId: location.id, quantity },
          ],
        },
      });
      if (set.userErrors.length) {
        throw new ConnectorError('rejected', `Shopify: ${set.userErrors.map((e) => e.message).join('; ')}`);
      }
    },

    async cancelOrder(externalId, reason) {
      const { orderCancel } = await ask<{
        orderCancel: { orderCancelUserErrors: { code: string | null; message: string }[] };
      }>(CANCEL_MUTATION, {
        orderId: externalId,
        reason: shopifyCancelReasons[reason],
        staffNote: `Cancelled from Crossdock (${reason.replaceAll('_', ' ')})`,
      });
      if (orderCancel.orderCancelUserErrors.length) {
        throw new ConnectorError(
          'rejected',
          `Shopify: ${orderCancel.orderCancelUserErrors.map((e) => e.message).join('; ')}`,
        );
      }
    },

    async confirmShipment(externalId, shipment) {
      const { order } = await ask<{
        order: {
          fulfillmentOrders: {
            nodes: {
              id: string;
              status: string;
              lineItems: { nodes: { id: string; remainingQuantity: number; lineItem: { id: string } }[] };
            }[];
          };
        } | null;
      }>(FULFILLMENT_ORDERS_QUERY, { id: externalId });
      if (!order) throw new ConnectorError('rejected', `Shopify has no order ${externalId}`);
      const wanted = new Map(shipment.lines.map((l) => [l.externalLineId, l.quantity]));
      // Shopify fulfils by fulfillment order: each open one, with the lines of ours it holds.
      const byFulfillmentOrder = order.fulfillmentOrders.nodes
        .filter((fo) => fo.status === 'OPEN' || fo.status === 'IN_PROGRESS')
        .map((fo) => ({
          fulfillmentOrderId: fo.id,
          fulfillmentOrderLineItems: fo.lineItems.nodes.flatMap((l) => {
            const quantity = Math.min(wanted.get(l.lineItem.id) ?? 0, l.remainingQuantity);
            return quantity > 0 ? [{ id: l.id, quantity }] : [];
          }),
        }))
        .filter((fo) => fo.fulfillmentOrderLineItems.length > 0);
      if (byFulfillmentOrder.length === 0) {
        throw new ConnectorError('rejected', 'Shopify has nothing left to fulfil on this order');
      }
      for (const lineItemsByFulfillmentOrder of byFulfillmentOrder) {
        const { fulfillmentCreate: created } = await ask<{
          fulfillmentCreate: { userErrors: { message: string }[] };
        }>(FULFILL_MUTATION, {
          fulfillment: {
            lineItemsByFulfillmentOrder: [lineItemsByFulfillmentOrder],
            trackingInfo: { company: shipment.carrierName, number: shipment.trackingNumber },
            notifyCustomer: true,
          },
        });
        if (created.userErrors.length) {
          throw new ConnectorError(
            'rejected',
            `Shopify: ${created.userErrors.map((e) => e.message).join('; ')}`,
          );
        }
      }
    },

    async pullOrder(externalId): Promise<ChannelOrder | null> {
      const { order } = await ask<{ order: ShopifyOrder | null }>(ORDER_QUERY, {
        id: externalId,
        lines: LINES_PAGE,
      });
      return order ? complete(order) : null;
    },

    async subscribeToOrders(callbackUrl): Promise<void> {
      for (const topic of ['ORDERS_CREATE', 'ORDERS_UPDATED']) {
        const { webhookSubscriptionCreate: created } = await ask<{
          webhookSubscriptionCreate: { userErrors: { message: string }[] };
        }>(SUBSCRIBE_MUTATION, { topic, url: callbackUrl });
        // Subscribed before (a retry after a partial failure) is as good as subscribed now.
        const refused = created.userErrors.filter((e) => !/already been taken/i.test(e.message));
        if (refused.length) {
          throw new ConnectorError('rejected', `Shopify: ${refused.map((e) => e.message).join('; ')}`);
        }
      }
    },

    async pullOrders(window, page): Promise<OrdersPage> {
      const { orders } = await ask<{
        orders: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: ShopifyOrder[] };
      }>(ORDERS_QUERY, {
        first: ORDERS_PAGE,
        after: page,
        lines: LINES_PAGE,
        query: `updated_at:>='${window.from.toISOString()}' AND updated_at:<='${window.to.toISOString()}'`,
      });
      const result: ChannelOrder[] = [];
      for (const order of orders.nodes) result.push(await complete(order));
      return { orders: result, next: orders.pageInfo.hasNextPage ? orders.pageInfo.endCursor : null };
    },

    async pullListings(page): Promise<ListingsPage> {
      const answer = await ask<{
        shop: { currencyCode: string };
        productVariants: {
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          nodes: {
            id: string;
            sku: string | null;
            barcode: string | null;
            displayName: string;
            price: string;
            inventoryQuantity: number | null;
            product: { status: 'ACTIVE' | 'ARCHIVED' | 'DRAFT' };
          }[];
        };
      }>(VARIANTS_QUERY, { first: LISTINGS_PAGE, after: page });
      const currency = answer.shop.currencyCode;
      const { pageInfo, nodes } = answer.productVariants;
      return {
        listings: nodes.map((v) => ({
          // A variant without a SKU is known by its id, as its order lines are.
          sellerSku: v.sku || v.id,
          externalId: v.id,
          title: v.displayName,
          barcode: v.barcode || null,
          price: { amount: fromPlatformDecimal(v.price, currency).amount, currency },
          quantity: v.inventoryQuantity,
          active: v.product.status === 'ACTIVE',
        })),
        next: pageInfo.hasNextPage ? pageInfo.endCursor : null,
      };
    },

    async testConnection(): Promise<ConnectionCheck> {
      try {
        const { data, errors } = await client.request<{
          shop: { name: string; currencyCode: string; ianaTimezone: string };
        }>(SHOP_QUERY);
        if (data?.shop) {
          return {
            ok: true,
            account: {
              name: data.shop.name,
              currency: data.shop.currencyCode,
              timeZone: data.shop.ianaTimezone,
            },
          };
        }
        const status = errors?.networkStatusCode;
        return {
          ok: false,
          problem: status === 401 || status === 403 ? 'unauthorized' : 'unreachable',
          detail: errors?.message ?? 'Shopify gave no answer',
        };
      } catch (error) {
        return { ok: false, problem: 'unreachable', detail: (error as Error).message };
      }
    },
  };
}
