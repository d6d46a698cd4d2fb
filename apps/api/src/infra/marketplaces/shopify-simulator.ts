// A simulated Shopify, on the API's own origin, speaking the Admin GraphQL API the way Shopify
// does (shopify.dev/docs/api/admin-graphql): POST /admin/api/{version}/graphql.json on the
// store's domain (here /sim/shopify/{domain}/admin/api/{version}/graphql.json), the custom
// app's token in X-Shopify-Access-Token, a GraphQL document checked against the schema, and
// Shopify's rate limiting: each query costs points (2 per connection plus `first` × what each
// node costs, 1 per object), drawn from a leaky bucket (2,000 points, 100 restored a second);
// a query over 1,000 points is refused (MAX_COST_EXCEEDED) and one the bucket cannot pay is
// THROTTLED, both with `extensions.cost` as Shopify reports it. The schema is the part of
// Shopify's our connector uses, with Shopify's own names and types.

import { randomUUID } from 'node:crypto';
import type { Db } from '@crossdock/db/client';
import {
  simShopifyOrders,
  simShopifyStores,
  simShopifyVariants,
  simShopifyWebhookSubscriptions,
} from '@crossdock/db/schema';
import { and, asc, desc, eq, gt, gte, lt, lte, or, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import {
  buildSchema,
  type FieldNode,
  type GraphQLSchema,
  graphql,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
} from 'graphql';
import type { Clock } from '../clock';

export {
  addSimulatedShopifyVariants,
  changeSimulatedShopifyOrder,
  deliverSimulatedShopifyWebhooks,
  fulfillmentOrderOf,
  fulfillSimulatedShopifyOrder,
  openSimulatedShopifyStore,
  placeSimulatedShopifyOrder,
  placeSimulatedShopifyOrders,
  type SimulatedShopifyStore,
  simulateShopifyTraffic,
} from './shopify-sim-store';

import {
  changeSimulatedShopifyOrder,
  fulfillmentOrderOf,
  fulfillSimulatedShopifyOrder,
} from './shopify-sim-store';

const countries = 'US CA MX GB DE FR IT ES NL SE PL JP CN HK SG AU NZ KR TW IE AT BE CH DK NO FI PT BR IN AE';

const schema = buildSchema(`
  scalar DateTime
  scalar Decimal

  enum CurrencyCode { USD EUR GBP JPY CNY CAD AUD SGD SEK PLN MXN }
  enum CountryCode { ${countries} }
  enum OrderSortKeys { CREATED_AT ID PROCESSED_AT UPDATED_AT }
  enum OrderCancelReason { CUSTOMER DECLINED FRAUD INVENTORY OTHER STAFF }
  enum OrderDisplayFinancialStatus { AUTHORIZED EXPIRED PAID PARTIALLY_PAID PARTIALLY_REFUNDED PENDING REFUNDED VOIDED }
  enum OrderDisplayFulfillmentStatus { FULFILLED IN_PROGRESS ON_HOLD OPEN PARTIALLY_FULFILLED PENDING_FULFILLMENT RESTOCKED SCHEDULED UNFULFILLED }

  "The store, as the Admin API's QueryRoot.shop gives it."
  type Shop {
    id: ID!
    name: String!
    myshopifyDomain: String!
    currencyCode: CurrencyCode!
    ianaTimezone: String!
  }

  type MoneyV2 { amount: Decimal! currencyCode: CurrencyCode! }
  type MoneyBag { shopMoney: MoneyV2! presentmentMoney: MoneyV2! }
  type TaxLine { title: String! rate: Float priceSet: MoneyBag! }

  type MailingAddress {
    name: String
    firstName: String
    lastName: String
    address1: String
    address2: String
    city: String
    province: String
    zip: String
    countryCodeV2: CountryCode
    phone: String
  }

  type Customer { id: ID! displayName: String! }
  type InventoryItem { id: ID! sku: String }
  scalar Money
  enum ProductStatus { ACTIVE ARCHIVED DRAFT }
  type Product { id: ID! title: String! status: ProductStatus! }
  type ProductVariant {
    id: ID!
    sku: String
    barcode: String
    title: String!
    displayName: String!
    price: Money!
    inventoryQuantity: Int
    product: Product!
    inventoryItem: InventoryItem!
  }
  type ProductVariantEdge { cursor: String! node: ProductVariant! }
  type ProductVariantConnection { edges: [ProductVariantEdge!]! nodes: [ProductVariant!]! pageInfo: PageInfo! }
  type Location { id: ID! name: String! }
  type LocationEdge { cursor: String! node: Location! }
  type LocationConnection { edges: [LocationEdge!]! nodes: [Location!]! pageInfo: PageInfo! }
  input InventoryQuantityInput { inventoryItemId: ID! locationId: ID! quantity: Int! compareQuantity: Int }
  input InventorySetQuantitiesInput {
    name: String!
    reason: String!
    referenceDocumentUri: String
    ignoreCompareQuantity: Boolean
    quantities: [InventoryQuantityInput!]!
  }
  type InventoryChange { name: String! delta: Int! }
  type InventoryAdjustmentGroup { id: ID! reason: String! changes: [InventoryChange!]! }
  type InventorySetQuantitiesUserError { code: String field: [String!] message: String! }
  type InventorySetQuantitiesPayload {
    inventoryAdjustmentGroup: InventoryAdjustmentGroup
    userErrors: [InventorySetQuantitiesUserError!]!
  }

  type LineItem {
    id: ID!
    name: String!
    title: String!
    sku: String
    quantity: Int!
    variant: ProductVariant
    originalUnitPriceSet: MoneyBag!
    totalDiscountSet: MoneyBag!
    taxLines: [TaxLine!]!
  }

  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
  type LineItemEdge { cursor: String! node: LineItem! }
  type LineItemConnection { edges: [LineItemEdge!]! nodes: [LineItem!]! pageInfo: PageInfo! }

  type ShippingLine { title: String! originalPriceSet: MoneyBag! taxLines: [TaxLine!]! }

  type Order {
    id: ID!
    name: String!
    email: String
    createdAt: DateTime!
    processedAt: DateTime!
    updatedAt: DateTime!
    cancelledAt: DateTime
    cancelReason: OrderCancelReason
    displayFinancialStatus: OrderDisplayFinancialStatus
    displayFulfillmentStatus: OrderDisplayFulfillmentStatus!
    currencyCode: CurrencyCode!
    taxesIncluded: Boolean!
    subtotalPriceSet: MoneyBag
    totalShippingPriceSet: MoneyBag!
    totalTaxSet: MoneyBag
    totalDiscountsSet: MoneyBag
    totalPriceSet: MoneyBag!
    customer: Customer
    shippingAddress: MailingAddress
    shippingLine: ShippingLine
    lineItems(first: Int, after: String): LineItemConnection!
    fulfillmentOrders(first: Int, after: String): FulfillmentOrderConnection!
  }

  enum FulfillmentOrderStatus { CANCELLED CLOSED INCOMPLETE IN_PROGRESS ON_HOLD OPEN SCHEDULED }
  type FulfillmentOrderLineItem { id: ID! totalQuantity: Int! remainingQuantity: Int! lineItem: LineItem! }
  type FulfillmentOrderLineItemEdge { cursor: String! node: FulfillmentOrderLineItem! }
  type FulfillmentOrderLineItemConnection {
    edges: [FulfillmentOrderLineItemEdge!]!
    nodes: [FulfillmentOrderLineItem!]!
    pageInfo: PageInfo!
  }
  type FulfillmentOrder {
    id: ID!
    status: FulfillmentOrderStatus!
    lineItems(first: Int, after: String): FulfillmentOrderLineItemConnection!
  }
  type FulfillmentOrderEdge { cursor: String! node: FulfillmentOrder! }
  type FulfillmentOrderConnection { edges: [FulfillmentOrderEdge!]! nodes: [FulfillmentOrder!]! pageInfo: PageInfo! }

  enum FulfillmentStatus { CANCELLED ERROR FAILURE OPEN PENDING SUCCESS }
  type FulfillmentTrackingInfo { company: String number: String url: URL }
  type Fulfillment { id: ID! status: FulfillmentStatus! createdAt: DateTime! trackingInfo(first: Int): [FulfillmentTrackingInfo!]! }
  input FulfillmentOrderLineItemInput { id: ID! quantity: Int! }
  input FulfillmentOrderLineItemsInput { fulfillmentOrderId: ID! fulfillmentOrderLineItems: [FulfillmentOrderLineItemInput!] }
  input FulfillmentTrackingInput { company: String number: String url: URL numbers: [String!] urls: [URL!] }
  input FulfillmentInput {
    lineItemsByFulfillmentOrder: [FulfillmentOrderLineItemsInput!]!
    trackingInfo: FulfillmentTrackingInput
    notifyCustomer: Boolean
  }
  type FulfillmentCreatePayload { fulfillment: Fulfillment userErrors: [UserError!]! }

  type OrderEdge { cursor: String! node: Order! }
  type OrderConnection { edges: [OrderEdge!]! nodes: [Order!]! pageInfo: PageInfo! }

  type QueryRoot {
    shop: Shop!
    productVariant(id: ID!): ProductVariant
    productVariants(first: Int, after: String, query: String): ProductVariantConnection!
    locations(first: Int, after: String): LocationConnection!
    order(id: ID!): Order
    orders(first: Int, after: String, query: String, sortKey: OrderSortKeys, reverse: Boolean): OrderConnection!
  }

  enum WebhookSubscriptionTopic { ORDERS_CREATE ORDERS_UPDATED }
  enum WebhookSubscriptionFormat { JSON XML }
  scalar URL
  input WebhookSubscriptionInput { callbackUrl: URL format: WebhookSubscriptionFormat }
  type WebhookHttpEndpoint { callbackUrl: URL! }
  type WebhookEventBridgeEndpoint { arn: String! }
  union WebhookSubscriptionEndpoint = WebhookHttpEndpoint | WebhookEventBridgeEndpoint
  type WebhookSubscription { id: ID! topic: WebhookSubscriptionTopic! endpoint: WebhookSubscriptionEndpoint! }
  type UserError { field: [String!] message: String! }
  type WebhookSubscriptionCreatePayload { webhookSubscription: WebhookSubscription userErrors: [UserError!]! }

  input OrderCancelRefundMethodInput { originalPaymentMethodsRefund: Boolean }
  type Job { id: ID! done: Boolean! }
  enum OrderCancelUserErrorCode { INVALID NOT_FOUND NO_REFUND_PERMISSION }
  type OrderCancelUserError { code: OrderCancelUserErrorCode field: [String!] message: String! }
  type OrderCancelPayload { job: Job orderCancelUserErrors: [OrderCancelUserError!]! userErrors: [UserError!]! }

  type Mutation {
    orderCancel(
      orderId: ID!
      reason: OrderCancelReason!
      restock: Boolean!
      refund: Boolean
      refundMethod: OrderCancelRefundMethodInput
      notifyCustomer: Boolean
      staffNote: String
    ): OrderCancelPayload
    webhookSubscriptionCreate(topic: WebhookSubscriptionTopic!, webhookSubscription: WebhookSubscriptionInput!): WebhookSubscriptionCreatePayload
    fulfillmentCreate(fulfillment: FulfillmentInput!, message: String): FulfillmentCreatePayload
    inventorySetQuantities(input: InventorySetQuantitiesInput!): InventorySetQuantitiesPayload
  }

  schema { query: QueryRoot mutation: Mutation }
`);

/** Shopify's own words for a missing or wrong token (HTTP 401). */
const INVALID_TOKEN = '[API] Invalid API key or access token (unrecognized login or wrong password)';
const MAX_QUERY_COST = 1000;
const MAX_PAGE = 250;

class QueryError extends Error {}

/**
 * What Shopify charges for a query before running it: 1 per object, 0 per scalar, and for a
 * connection 2 plus `first` (or `last`) times the cost of one node under it.
 */
export function requestedQueryCost(
  document: string,
  variables: Record<string, unknown> = {},
  operationName?: string,
): number {
  const ast = parse(document);
  const operations = ast.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation) return 0;
  // A mutation costs 10 points, whatever it selects.
  if (operation.operation === 'mutation') return 10;
  const argument = (field: FieldNode, name: string): number | undefined => {
    const arg = field.arguments?.find((a) => a.name.value === name);
    if (!arg) return undefined;
    if (arg.value.kind === Kind.INT) return Number(arg.value.value);
    if (arg.value.kind === Kind.VARIABLE) {
      const value = variables[arg.value.name.value];
      return typeof value === 'number' ? value : undefined;
    }
    return undefined;
  };
  const cost = (selections: SelectionSetNode | undefined): number =>
    (selections?.selections ?? []).reduce((total, selection) => {
      if (selection.kind !== Kind.FIELD || !selection.selectionSet) return total;
      const size = argument(selection, 'first') ?? argument(selection, 'last');
      if (size !== undefined) {
        // A connection: its edges/nodes are priced once per node, pageInfo once.
        const perNode = selection.selectionSet.selections.reduce((n, s) => {
          if (s.kind !== Kind.FIELD || !s.selectionSet) return n;
          if (s.name.value === 'nodes') return Math.max(n, 1 + cost(s.selectionSet));
          if (s.name.value === 'edges') {
            const node = s.selectionSet.selections.find(
              (e): e is FieldNode => e.kind === Kind.FIELD && e.name.value === 'node',
            );
            return Math.max(n, 1 + (node ? 1 + cost(node.selectionSet) : 0));
          }
          return n;
        }, 0);
        return total + 2 + size * perNode;
      }
      return total + 1 + cost(selection.selectionSet);
    }, 0);
  return cost(operation.selectionSet);
}

/**
 * What the query cost once run, as Shopify bills it: connections priced by the nodes they
 * returned rather than by `first`, objects that came back null not at all. The bucket is
 * refunded the difference from the requested cost.
 */
export function actualQueryCost(document: string, data: unknown, operationName?: string): number {
  const ast = parse(document);
  const operations = ast.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  const cost = (selections: SelectionSetNode | undefined, value: unknown): number => {
    if (!value || typeof value !== 'object') return 0;
    if (Array.isArray(value)) return value.reduce((n, item) => n + cost(selections, item), 0);
    return (selections?.selections ?? []).reduce((total, selection) => {
      if (selection.kind !== Kind.FIELD || !selection.selectionSet) return total;
      const child = (value as Record<string, unknown>)[selection.alias?.value ?? selection.name.value];
      if (child === null || child === undefined) return total;
      const isConnection = selection.arguments?.some(
        (a) => a.name.value === 'first' || a.name.value === 'last',
      );
      return total + (isConnection ? 2 : 1) + cost(selection.selectionSet, child);
    }, 0);
  };
  return operation ? cost(operation.selectionSet, data) : 0;
}

const cursorOf = (value: string, id: number) =>
  Buffer.from(JSON.stringify({ last_id: id, last_value: value })).toString('base64');
function readCursor(cursor: string): { id: number; value: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as {
      last_id: unknown;
      last_value: unknown;
    };
    if (typeof parsed.last_id === 'number' && typeof parsed.last_value === 'string') {
      return { id: parsed.last_id, value: parsed.last_value };
    }
  } catch {}
  throw new QueryError(`Invalid cursor for current pagination sort.`);
}

/** Shopify's search syntax, the part for dates: `updated_at:>'2025-01-01T00:00:00Z'`, `created_at:<=…`. */
function dateFilters(query: string | undefined) {
  const filters: { field: 'created_at' | 'updated_at'; op: '>' | '>=' | '<' | '<='; at: Date }[] = [];
  for (const match of (query ?? '').matchAll(/\b(created_at|updated_at):(>=|<=|>|<)?'?([^'\s]+)'?/g)) {
    const at = new Date(match[3]!);
    if (Number.isNaN(at.getTime())) continue; // Shopify ignores a term it cannot read
    filters.push({ field: match[1] as 'created_at' | 'updated_at', op: (match[2] ?? '>=') as '>=', at });
  }
  return filters;
}

function connection<T>(
  items: T[],
  hasNextPage: boolean,
  cursor: (item: T) => string,
  hasPreviousPage = false,
) {
  return {
    edges: items.map((node) => ({ cursor: cursor(node), node })),
    nodes: items,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: items.length ? cursor(items[0]!) : null,
      endCursor: items.length ? cursor(items.at(-1)!) : null,
    },
  };
}

type OrderRow = typeof simShopifyOrders.$inferSelect;

/** An order as the schema's resolvers read it: the stored fields, its gid, its line items paged. */
function orderObject(row: OrderRow) {
  const { lineItems, ...fields } = row.document as { lineItems: { id: string }[] } & Record<string, unknown>;
  return {
    ...fields,
    id: `gid://shopify/Order/${row.id}`,
    name: `#${row.number}`,
    customer: fields.customer
      ? { id: `gid://shopify/Customer/${row.id}`, ...(fields.customer as object) }
      : null,
    lineItems: ({ first, after }: { first?: number; after?: string }) => {
      const size = pageSize(first);
      const start = after ? lineItems.findIndex((l) => l.id === readCursor(after).value) + 1 : 0;
      const page = lineItems.slice(start, start + size);
      return connection(page, start + size < lineItems.length, (l) => cursorOf(l.id, row.id), start > 0);
    },
    fulfillmentOrders: ({ first }: { first?: number }) => {
      pageSize(first);
      const order = fulfillmentOrderOf(row);
      const lines = order.lineItems.map((l) => ({
        ...l,
        lineItem: lineItems.find((item) => item.id === l.lineItemId),
      }));
      const fo = {
        id: order.id,
        status: order.status,
        lineItems: ({ first: size }: { first?: number }) =>
          connection(
            lines.slice(0, pageSize(size)),
            lines.length > (size ?? 0),
            (l) => cursorOf(l.id, row.id),
            false,
          ),
      };
      return connection([fo], false, (f) => cursorOf(f.id, row.id), false);
    },
  };
}

/** A variant as the Admin API's ProductVariant gives it; each simulated variant is its own product's. */
function variantObject(variant: typeof simShopifyVariants.$inferSelect) {
  return {
    id: `gid://shopify/ProductVariant/${variant.id}`,
    sku: variant.sku,
    barcode: variant.barcode,
    title: variant.title,
    displayName: variant.title,
    price: variant.price,
    inventoryQuantity: variant.available ?? 0,
    product: { id: `gid://shopify/Product/${variant.id}`, title: variant.title, status: 'ACTIVE' },
    inventoryItem: { id: `gid://shopify/InventoryItem/${variant.id}`, sku: variant.sku },
  };
}

function pageSize(first: number | undefined) {
  if (first === undefined) throw new QueryError('you must provide one of first or last');
  if (first < 0 || first > MAX_PAGE) throw new QueryError(`The maximum page size is ${MAX_PAGE}`);
  return first;
}

/** The store's answers; changes to orders happen at `clock`'s time, as the rest of the app sees it. */
function rootFor(db: Db, store: typeof simShopifyStores.$inferSelect, clock: Clock) {
  const domain = store.domain;
  // The store ships from one location; its inventory items are its variants'.
  const locationId = `gid://shopify/Location/${[...domain].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 1e9, 11)}`;
  const variantId = (gid: string, kind: 'ProductVariant' | 'InventoryItem') =>
    Number(new RegExp(`^gid://shopify/${kind}/(\\d+)$`).exec(gid)?.[1]) || null;
  const findVariant = async (id: number | null) => {
    if (!id) return null;
    const [variant] = await db
      .select()
      .from(simShopifyVariants)
      .where(and(eq(simShopifyVariants.domain, domain), eq(simShopifyVariants.id, id)));
    return variant ?? null;
  };
  return {
    async productVariant({ id }: { id: string }) {
      const variant = await findVariant(variantId(id, 'ProductVariant'));
      return variant ? variantObject(variant) : null;
    },
    /** The store's variants by id; Shopify's `query` search is not simulated (refused, not ignored). */
    async productVariants(args: { first?: number; after?: string; query?: string }) {
      const size = pageSize(args.first);
      if (args.query) throw new QueryError('Search queries on productVariants are not simulated');
      const rows = await db
        .select()
        .from(simShopifyVariants)
        .where(
          and(
            eq(simShopifyVariants.domain, domain),
            args.after ? gt(simShopifyVariants.id, readCursor(args.after).id) : undefined,
          ),
        )
        .orderBy(asc(simShopifyVariants.id))
        .limit(size + 1);
      return connection(
        rows.slice(0, size).map(variantObject),
        rows.length > size,
        (v) => cursorOf(v.id, Number(v.id.split('/').at(-1))),
        Boolean(args.after),
      );
    },
    locations({ first }: { first?: number }) {
      pageSize(first);
      const location = { id: locationId, name: `${store.name} warehouse` };
      return connection([location], false, (l) => cursorOf(l.id, 1), false);
    },
    async inventorySetQuantities(args: {
      input: {
        name: string;
        reason: string;
        ignoreCompareQuantity?: boolean | null;
        quantities: {
          inventoryItemId: string;
          locationId: string;
          quantity: number;
          compareQuantity?: number | null;
        }[];
      };
    }) {
      const refuse = (code: string, message: string) => ({
        inventoryAdjustmentGroup: null,
        userErrors: [{ code, field: ['input', 'quantities'], message }],
      });
      if (args.input.name !== 'available' && args.input.name !== 'on_hand') {
        return refuse('INVALID_NAME', 'The quantity name must be available or on_hand.');
      }
      const changes: { name: string; delta: number }[] = [];
      for (const q of args.input.quantities) {
        if (q.locationId !== locationId)
          return refuse('INVALID_LOCATION', 'The specified location could not be found.');
        const variant = await findVariant(variantId(q.inventoryItemId, 'InventoryItem'));
        if (!variant)
          return refuse('INVALID_INVENTORY_ITEM', 'The specified inventory item could not be found.');
        if (!args.input.ignoreCompareQuantity && q.compareQuantity !== (variant.available ?? 0)) {
          return refuse(
            'COMPARE_QUANTITY_STALE',
            'The compareQuantity argument no longer matches the persisted quantity.',
          );
        }
        changes.push({ name: args.input.name, delta: q.quantity - (variant.available ?? 0) });
        await db
          .update(simShopifyVariants)
          .set({ available: q.quantity })
          .where(eq(simShopifyVariants.id, variant.id));
      }
      return {
        inventoryAdjustmentGroup: {
          id: `gid://shopify/InventoryAdjustmentGroup/${Date.now()}`,
          reason: args.input.reason,
          changes,
        },
        userErrors: [],
      };
    },
    // Shopify cancels in a job; this one is done at once. An order with anything fulfilled, or
    // cancelled already, is INVALID; the refund must be asked for one way, not both.
    async orderCancel(args: {
      orderId: string;
      reason: 'CUSTOMER' | 'DECLINED' | 'FRAUD' | 'INVENTORY' | 'OTHER' | 'STAFF';
      refund?: boolean | null;
      refundMethod?: { originalPaymentMethodsRefund?: boolean | null } | null;
    }) {
      const refuse = (code: 'INVALID' | 'NOT_FOUND', field: string, message: string) => ({
        job: null,
        orderCancelUserErrors: [{ code, field: [field], message }],
        userErrors: [{ field: [field], message }],
      });
      if (args.refund !== undefined && args.refund !== null && args.refundMethod) {
        return refuse('INVALID', 'refund', 'Only one of refund or refundMethod can be provided.');
      }
      const id = Number(/^gid:\/\/shopify\/Order\/(\d+)$/.exec(args.orderId)?.[1]);
      const [row] = id
        ? await db
            .select()
            .from(simShopifyOrders)
            .where(and(eq(simShopifyOrders.domain, domain), eq(simShopifyOrders.id, id)))
        : [];
      if (!row) return refuse('NOT_FOUND', 'orderId', 'Order does not exist');
      const document = row.document as { cancelledAt: string | null; displayFulfillmentStatus: string };
      if (document.cancelledAt) return refuse('INVALID', 'orderId', 'Order has already been cancelled');
      if (document.displayFulfillmentStatus !== 'UNFULFILLED') {
        return refuse('INVALID', 'orderId', 'Cannot cancel an order that has fulfillments');
      }
      await changeSimulatedShopifyOrder(db, domain, row.id, { cancel: args.reason }, clock.now());
      return {
        job: { id: `gid://shopify/Job/${randomUUID()}`, done: true },
        orderCancelUserErrors: [],
        userErrors: [],
      };
    },
    async fulfillmentCreate(args: {
      fulfillment: {
        lineItemsByFulfillmentOrder: {
          fulfillmentOrderId: string;
          fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null;
        }[];
        trackingInfo?: { company?: string | null; number?: string | null; url?: string | null } | null;
      };
    }) {
      const refuse = (message: string) => ({
        fulfillment: null,
        userErrors: [{ field: ['fulfillment', 'lineItemsByFulfillmentOrder'], message }],
      });
      const [first, ...others] = args.fulfillment.lineItemsByFulfillmentOrder;
      const orderId = Number(
        /^gid:\/\/shopify\/FulfillmentOrder\/(\d+)$/.exec(first?.fulfillmentOrderId ?? '')?.[1],
      );
      if (!first || others.length || !orderId) return refuse('Fulfillment order does not exist.');
      const [row] = await db
        .select()
        .from(simShopifyOrders)
        .where(and(eq(simShopifyOrders.domain, domain), eq(simShopifyOrders.id, orderId)));
      if (!row) return refuse('Fulfillment order does not exist.');
      const open = fulfillmentOrderOf(row);
      if (open.status === 'CLOSED' || open.status === 'CANCELLED') {
        return refuse(
          `Fulfillment order ${open.id} has an unfulfillable status= ${open.status.toLowerCase()}.`,
        );
      }
      const wanted = first.fulfillmentOrderLineItems?.length
        ? first.fulfillmentOrderLineItems
        : open.lineItems
            .filter((l) => l.remainingQuantity > 0)
            .map((l) => ({ id: l.id, quantity: l.remainingQuantity }));
      const lines: { lineItemId: string; quantity: number }[] = [];
      for (const want of wanted) {
        const line = open.lineItems.find((l) => l.id === want.id);
        if (!line || want.quantity < 1 || want.quantity > line.remainingQuantity) {
          return refuse('Invalid fulfillment order line item quantity requested.');
        }
        lines.push({ lineItemId: line.lineItemId, quantity: want.quantity });
      }
      const tracking = args.fulfillment.trackingInfo ?? null;
      const fulfillment = await fulfillSimulatedShopifyOrder(
        db,
        domain,
        row.id,
        lines,
        { company: tracking?.company ?? null, number: tracking?.number ?? null, url: tracking?.url ?? null },
        clock.now(),
      );
      return {
        fulfillment: { ...fulfillment, trackingInfo: () => fulfillment.trackingInfo },
        userErrors: [],
      };
    },
    async webhookSubscriptionCreate(args: {
      topic: string;
      webhookSubscription: { callbackUrl?: string; format?: string };
    }) {
      const url = args.webhookSubscription.callbackUrl;
      if (!url || !/^https?:\/\//.test(url)) {
        return {
          webhookSubscription: null,
          userErrors: [{ field: ['webhookSubscription', 'callbackUrl'], message: 'Address is invalid' }],
        };
      }
      const [row] = await db
        .insert(simShopifyWebhookSubscriptions)
        .values({ domain, topic: args.topic, callbackUrl: url })
        .onConflictDoNothing()
        .returning();
      if (!row) {
        return {
          webhookSubscription: null,
          userErrors: [
            {
              field: ['webhookSubscription', 'callbackUrl'],
              message: 'Address for this topic has already been taken',
            },
          ],
        };
      }
      return {
        webhookSubscription: {
          id: `gid://shopify/WebhookSubscription/${row.id}`,
          topic: row.topic,
          endpoint: { __typename: 'WebhookHttpEndpoint', callbackUrl: row.callbackUrl },
        },
        userErrors: [],
      };
    },
    shop: {
      id: `gid://shopify/Shop/${[...domain].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 1e9, 7)}`,
      name: store.name,
      myshopifyDomain: store.domain,
      currencyCode: store.currency,
      ianaTimezone: store.timeZone,
    },
    async order({ id }: { id: string }) {
      const number = Number(/^gid:\/\/shopify\/Order\/(\d+)$/.exec(id)?.[1]);
      if (!number) return null;
      const [row] = await db
        .select()
        .from(simShopifyOrders)
        .where(and(eq(simShopifyOrders.domain, domain), eq(simShopifyOrders.id, number)));
      return row ? orderObject(row) : null;
    },
    async orders(args: {
      first?: number;
      after?: string;
      query?: string;
      sortKey?: string;
      reverse?: boolean;
    }) {
      const size = pageSize(args.first);
      const byCreated = args.sortKey === 'CREATED_AT' || args.sortKey === 'PROCESSED_AT';
      const sortColumn =
        args.sortKey === 'UPDATED_AT'
          ? simShopifyOrders.updatedAt
          : byCreated
            ? simShopifyOrders.createdAt
            : null;
      const column = { created_at: simShopifyOrders.createdAt, updated_at: simShopifyOrders.updatedAt };
      const compare = { '>': gt, '>=': gte, '<': lt, '<=': lte };
      const where = [eq(simShopifyOrders.domain, domain)];
      for (const f of dateFilters(args.query)) where.push(compare[f.op](column[f.field], f.at));
      if (args.after) {
        const after = readCursor(args.after);
        const beyond = args.reverse ? lt : gt;
        where.push(
          sortColumn
            ? or(
                beyond(sortColumn, new Date(after.value)),
                and(eq(sortColumn, new Date(after.value)), beyond(simShopifyOrders.id, after.id)),
              )!
            : beyond(simShopifyOrders.id, after.id),
        );
      }
      const direction = args.reverse ? desc : asc;
      const rows = await db
        .select()
        .from(simShopifyOrders)
        .where(and(...where))
        .orderBy(...(sortColumn ? [direction(sortColumn)] : []), direction(simShopifyOrders.id))
        .limit(size + 1);
      const page = rows.slice(0, size);
      const value = (row: OrderRow) =>
        (sortColumn === simShopifyOrders.createdAt ? row.createdAt : row.updatedAt).toISOString();
      const objects = page.map((row) => ({ row, object: orderObject(row) }));
      const result = connection(
        objects,
        rows.length > size,
        ({ row }) => cursorOf(value(row), row.id),
        Boolean(args.after),
      );
      return {
        ...result,
        edges: result.edges.map((e) => ({ cursor: e.cursor, node: e.node.object })),
        nodes: result.nodes.map((n) => n.object),
      };
    },
  };
}

/**
 * Takes `cost` points from the store's bucket if it holds them (refilled for the time since it
 * was last drawn on); returns what the bucket holds after, and whether it paid.
 */
async function drawFromBucket(db: Db, domain: string, cost: number) {
  return db.transaction(async (tx) => {
    const [store] = await tx
      .select()
      .from(simShopifyStores)
      .where(eq(simShopifyStores.domain, domain))
      .for('update');
    const now = new Date();
    const refilled = Math.min(
      store!.bucketSize,
      store!.bucketAvailable + (store!.restoreRate * (now.getTime() - store!.bucketAt.getTime())) / 1000,
    );
    const paid = refilled >= cost;
    const available = paid ? refilled - cost : refilled;
    await tx
      .update(simShopifyStores)
      .set({ bucketAvailable: available, bucketAt: now })
      .where(eq(simShopifyStores.domain, domain));
    return { available, paid };
  });
}

async function refundBucket(db: Db, domain: string, points: number): Promise<number> {
  const [row] = await db
    .update(simShopifyStores)
    .set({
      bucketAvailable: sql`least(${simShopifyStores.bucketSize}, ${simShopifyStores.bucketAvailable} + ${points})`,
    })
    .where(eq(simShopifyStores.domain, domain))
    .returning({ available: simShopifyStores.bucketAvailable });
  return row!.available;
}

async function playFault(db: Db, domain: string): Promise<boolean> {
  const [row] = await db
    .update(simShopifyStores)
    .set({ failNextCalls: sql`${simShopifyStores.failNextCalls} - 1` })
    .where(and(eq(simShopifyStores.domain, domain), gt(simShopifyStores.failNextCalls, 0)))
    .returning({ left: simShopifyStores.failNextCalls });
  return Boolean(row);
}

export function shopifySimulatorRoutes(db: Db, clock: Clock) {
  const schemaRef: GraphQLSchema = schema;
  return async (app: FastifyInstance) => {
    app.post<{ Params: { domain: string; version: string }; Body: unknown }>(
      '/sim/shopify/:domain/admin/api/:version/graphql.json',
      async (request, reply) => {
        const { domain, version } = request.params;
        if (!/^(\d{4}-(01|04|07|10)|unstable)$/.test(version)) {
          return reply.status(404).send({ errors: 'Not Found' });
        }
        const [store] = await db.select().from(simShopifyStores).where(eq(simShopifyStores.domain, domain));
        if (!store) return reply.status(404).send({ errors: 'Not Found' });
        const token = request.headers['x-shopify-access-token'];
        if (token !== store.accessToken) return reply.status(401).send({ errors: INVALID_TOKEN });
        if (await playFault(db, domain)) {
          return reply.status(503).header('retry-after', '1').send({ errors: 'Service Unavailable' });
        }
        const body = request.body as { query?: unknown; variables?: unknown; operationName?: unknown } | null;
        if (!body || typeof body.query !== 'string') {
          return reply.status(400).send({ errors: { query: 'Required parameter missing or invalid' } });
        }
        const variables = (body.variables as Record<string, unknown> | undefined) ?? undefined;
        const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
        let cost: number;
        try {
          cost = requestedQueryCost(body.query, variables, operationName);
        } catch (error) {
          return reply.send({ errors: [{ message: (error as Error).message }] });
        }
        const throttleStatus = (available: number) => ({
          maximumAvailable: store.bucketSize,
          currentlyAvailable: Math.floor(available),
          restoreRate: store.restoreRate,
        });
        if (cost > MAX_QUERY_COST) {
          return reply.send({
            errors: [
              {
                message: `Query cost is ${cost}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`,
                extensions: { code: 'MAX_COST_EXCEEDED', cost, maxCost: MAX_QUERY_COST },
              },
            ],
            extensions: {
              cost: {
                requestedQueryCost: cost,
                actualQueryCost: null,
                throttleStatus: throttleStatus(store.bucketAvailable),
              },
            },
          });
        }
        const bucket = await drawFromBucket(db, domain, cost);
        if (!bucket.paid) {
          return reply.send({
            errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
            extensions: {
              cost: {
                requestedQueryCost: cost,
                actualQueryCost: null,
                throttleStatus: throttleStatus(bucket.available),
              },
            },
          });
        }
        const result = await graphql({
          schema: schemaRef,
          source: body.query,
          variableValues: variables,
          operationName,
          rootValue: rootFor(db, store, clock),
        });
        const actual = Math.min(cost, actualQueryCost(body.query, result.data ?? null, operationName));
        const available = await refundBucket(db, domain, cost - actual);
        const errors = result.errors?.map((e) =>
          e.originalError instanceof QueryError ? { message: e.message, path: e.path } : e.toJSON(),
        );
        return reply.send({
          ...(result.data !== undefined ? { data: result.data } : {}),
          ...(errors ? { errors } : {}),
          extensions: {
            cost: {
              requestedQueryCost: cost,
              actualQueryCost: actual,
              throttleStatus: throttleStatus(available),
            },
          },
        });
      },
    );
  };
}
