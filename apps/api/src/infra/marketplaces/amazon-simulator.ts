// A simulated Amazon, on the API's own origin, speaking the Selling Partner API the way Amazon
// does, so the adapter's SP-API clients (generated from Amazon's models, @sp-api-sdk/*) reach it
// with only the host changed: https://{host}/… becomes {base}/sim/amazon/{host}/….
//  - Login with Amazon (api.amazon.com/auth/o2/token): the app's client id and secret and the
//    seller's refresh token give an access token (`Atza|…`) for an hour; a bad client is 401
//    invalid_client, an unknown refresh token 400 invalid_grant, as LWA answers.
//  - Tokens API 2021-03-01 createRestrictedDataToken: an RDT (`Atz.sprdt|…`) for named
//    restricted operations; only with one does getOrders show buyers' names and addresses.
//  - Orders API v0: getOrders (MarketplaceIds, CreatedAfter or LastUpdatedAfter, …Before no
//    later than two minutes ago, OrderStatuses, FulfillmentChannels, AmazonOrderIds,
//    MaxResultsPerPage ≤ 100, NextToken), getOrder, getOrderItems (NextToken).
//  - confirmShipment: the seller's shipment of a merchant-fulfilled order, with its package and
//    items; the order becomes Shipped (or PartiallyShipped) and changes its LastUpdateDate.
//  - Listings Items 2021-08-01 patchListingsItem: a seller's merchant-fulfilled quantity
//    (`/attributes/fulfillment_availability`, DEFAULT channel); refused (INVALID, with an issue)
//    for a listing Amazon fulfils.
//  - Reports API 2021-06-30: createReport (the All Orders report by last update), getReport
//    (IN_QUEUE, IN_PROGRESS, then DONE with its document), getReportDocument (a URL of the
//    document, GZIP-compressed, on this origin as Amazon's is on S3 — fetched with no token).
//  - Feeds API 2021-06-30 for the order acknowledgement feed (amazon-sim-feeds.ts).
//  - Each call carries `x-amz-access-token`; a missing, forged or expired one is 403
//    Unauthorized. Usage plans are token buckets per seller and operation at Amazon's published
//    rates (getOrders 0.0167/s, burst 20; getOrder and getOrderItems 0.5/s, burst 30; RDT 1/s,
//    burst 10), × the seller's multiplier; a call the bucket cannot pay is 429 QuotaExceeded.
//    Every answer carries x-amzn-RequestId and x-amzn-RateLimit-Limit.
//  - Errors are SP-API's `{ errors: [{ code, message, details }] }`.

import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Db } from '@crossdock/db/client';
import {
  simAmazonListings,
  simAmazonOrders,
  simAmazonRateBuckets,
  simAmazonReports,
  simAmazonSellers,
} from '@crossdock/db/schema';
import { type AmazonMarketplaceId, amazonMarketplaces } from '@crossdock/domain/channels';
import type {
  ItemSearchResults,
  ListingsItemPatchRequest,
  ListingsItemSubmissionResponse,
} from '@sp-api-sdk/listings-items-api-2021-08-01';
import type { ConfirmShipmentRequest, Order, OrderItem } from '@sp-api-sdk/orders-api-v0';
import type {
  CreateReportSpecification,
  GetReportsResponse,
  Report,
  ReportDocument,
} from '@sp-api-sdk/reports-api-2021-06-30';
import { and, asc, eq, gt, gte, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Clock } from '../clock';

export {
  addSimulatedAmazonListings,
  asinFor,
  changeSimulatedAmazonOrder,
  openSimulatedAmazonSeller,
  placeSimulatedAmazonOrder,
  placeSimulatedAmazonOrders,
  type SimulatedAmazonSeller,
  simulateAllAmazonTraffic,
  simulateAmazonTraffic,
  simulatedAllOrdersReport,
} from './amazon-sim-store';

import { SETTLEMENT_REPORT } from './amazon-reports';
import { amazonFeedRoutes } from './amazon-sim-feeds';

import {
  saveSimulatedAmazonOrder,
  simulatedAllOrdersReport,
  simulatedSettlementReport,
} from './amazon-sim-store';

/** Amazon's published default usage plans: requests a second and burst. */
export const amazonUsagePlans = {
  getOrders: { rate: 0.0167, burst: 20 },
  getOrder: { rate: 0.5, burst: 30 },
  getOrderItems: { rate: 0.5, burst: 30 },
  createRestrictedDataToken: { rate: 1, burst: 10 },
  createReport: { rate: 0.0167, burst: 15 },
  getReport: { rate: 2, burst: 15 },
  getReportDocument: { rate: 0.0167, burst: 15 },
  confirmShipment: { rate: 2, burst: 10 },
  patchListingsItem: { rate: 5, burst: 10 },
  searchListingsItems: { rate: 5, burst: 5 },
  getReports: { rate: 0.0222, burst: 10 },
  createFeedDocument: { rate: 0.5, burst: 15 },
  createFeed: { rate: 0.0083, burst: 15 },
  getFeed: { rate: 2, burst: 15 },
  getFeedDocument: { rate: 0.0222, burst: 10 },
} as const;

/** Amazon settles every 14 days, for each marketplace. */
const SETTLEMENT_DAYS = 14;

/** The reports this Amazon makes on request; any other type is InvalidInput here. */
const REPORT_TYPES = ['GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL'];
/** How long Amazon takes over a report: queued for a second, then made in two more. */
const REPORT_QUEUED_MS = 1000;
const REPORT_MADE_MS = 3000;
type Operation = keyof typeof amazonUsagePlans;

const TOKEN_SECONDS = 3600;
const ORDER_ITEMS_PAGE = 20;

type Seller = typeof simAmazonSellers.$inferSelect;
interface Grant {
  sp: string;
  exp: number;
  /** An RDT's restricted resources. */
  res?: { method: string; path: string; dataElements?: string[] }[];
}

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const sign = (seller: Seller, payload: string) =>
  createHmac('sha256', seller.refreshToken).update(payload).digest('base64url');

function issue(prefix: 'Atza|' | 'Atz.sprdt|', seller: Seller, grant: Grant): string {
  const payload = b64(JSON.stringify(grant));
  return `${prefix}${payload}.${sign(seller, payload)}`;
}

/** The grant a token carries, if this simulator issued it to a seller it still knows. */
async function readToken(
  db: Db,
  token: string,
): Promise<{ seller: Seller; grant: Grant; rdt: boolean } | null> {
  const match = /^(Atza\||Atz\.sprdt\|)([\w-]+)\.([\w-]+)$/.exec(token);
  if (!match) return null;
  let grant: Grant;
  try {
    grant = JSON.parse(Buffer.from(match[2]!, 'base64url').toString()) as Grant;
  } catch {
    return null;
  }
  if (typeof grant?.sp !== 'string') return null;
  const [seller] = await db
    .select()
    .from(simAmazonSellers)
    .where(eq(simAmazonSellers.sellingPartnerId, grant.sp));
  if (!seller) return null;
  const expected = Buffer.from(sign(seller, match[2]!));
  const given = Buffer.from(match[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { seller, grant, rdt: match[1] === 'Atz.sprdt|' };
}

const fail = (reply: FastifyReply, status: number, code: string, message: string, details = '') =>
  reply.status(status).send({ errors: [{ code, message, details }] });

/** Takes one call from the seller's bucket for the operation, if it holds one. */
async function drawCall(db: Db, seller: Seller, operation: Operation, now: Date): Promise<boolean> {
  const plan = amazonUsagePlans[operation];
  const rate = plan.rate * seller.rateMultiplier;
  const burst = Math.max(1, Math.round(plan.burst * seller.rateMultiplier));
  const refilled = sql`least(${burst}::float8, ${simAmazonRateBuckets.tokens} + ${rate}::float8 * greatest(0, extract(epoch from (${now.toISOString()}::timestamptz - ${simAmazonRateBuckets.at}))))`;
  const rows = await db
    .insert(simAmazonRateBuckets)
    .values({ sellingPartnerId: seller.sellingPartnerId, operation, tokens: burst - 1, at: now })
    .onConflictDoUpdate({
      target: [simAmazonRateBuckets.sellingPartnerId, simAmazonRateBuckets.operation],
      set: { tokens: sql`${refilled} - 1`, at: now },
      setWhere: sql`${refilled} >= 1`,
    })
    .returning({ tokens: simAmazonRateBuckets.tokens });
  return rows.length > 0;
}

async function playFault(db: Db, sellingPartnerId: string): Promise<boolean> {
  const [row] = await db
    .update(simAmazonSellers)
    .set({ failNextCalls: sql`${simAmazonSellers.failNextCalls} - 1` })
    .where(
      and(eq(simAmazonSellers.sellingPartnerId, sellingPartnerId), gt(simAmazonSellers.failNextCalls, 0)),
    )
    .returning({ left: simAmazonSellers.failNextCalls });
  return Boolean(row);
}

/** What a caller without a Restricted Data Token sees of an order: no buyer's name, street or e-mail. */
function withoutPii(order: Order): Order {
  const { ShippingAddress: address, BuyerInfo: _buyer, ...rest } = order;
  return {
    ...rest,
    ...(address
      ? {
          ShippingAddress: {
            ...(address.City ? { City: address.City } : {}),
            ...(address.StateOrRegion ? { StateOrRegion: address.StateOrRegion } : {}),
            ...(address.PostalCode ? { PostalCode: address.PostalCode } : {}),
            ...(address.CountryCode ? { CountryCode: address.CountryCode } : {}),
          },
        }
      : {}),
    BuyerInfo: {},
  };
}

interface ListQuery {
  marketplaceIds: string[];
  by: 'updated' | 'created';
  from: string | null;
  to: string;
  statuses: string[];
  channels: string[];
  orderIds: string[];
  max: number;
  /** The last order of the previous page: its date and id. */
  after?: [string, string];
}

const regionOfHost = (host: string) => /^sellingpartnerapi-(na|eu|fe)\.amazon\.com$/.exec(host)?.[1] ?? null;
const list = (value: unknown) =>
  typeof value === 'string' && value.length ? value.split(',').map((v) => v.trim()) : [];
const isInstant = (value: string) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value);

/** getOrders' parameters checked as Amazon checks them; a string is the InvalidInput message. */
function parseListQuery(query: Record<string, string | undefined>, now: Date): ListQuery | string {
  if (query.NextToken) {
    try {
      return JSON.parse(Buffer.from(query.NextToken, 'base64url').toString()) as ListQuery;
    } catch {
      return 'Invalid NextToken';
    }
  }
  const marketplaceIds = list(query.MarketplaceIds);
  if (marketplaceIds.length === 0) return 'MarketplaceIds is required';
  if (marketplaceIds.length > 50) return 'MarketplaceIds may hold at most 50 values';
  const orderIds = list(query.AmazonOrderIds);
  if (orderIds.length > 50) return 'AmazonOrderIds may hold at most 50 values';
  const latest = new Date(now.getTime() - 120_000);
  const created = query.CreatedAfter;
  const updated = query.LastUpdatedAfter;
  if (!orderIds.length && Boolean(created) === Boolean(updated)) {
    return 'Exactly one of CreatedAfter and LastUpdatedAfter must be specified';
  }
  for (const [name, value] of Object.entries({
    CreatedAfter: created,
    CreatedBefore: query.CreatedBefore,
    LastUpdatedAfter: updated,
    LastUpdatedBefore: query.LastUpdatedBefore,
  })) {
    if (value !== undefined && !isInstant(value)) return `${name} is not a valid ISO 8601 date time`;
    if (value !== undefined && new Date(value) > latest) {
      return `${name} must be no later than 2 minutes before the time the request was submitted`;
    }
  }
  if (created && query.LastUpdatedBefore) return 'LastUpdatedBefore cannot be used with CreatedAfter';
  if (updated && query.CreatedBefore) return 'CreatedBefore cannot be used with LastUpdatedAfter';
  const before = query.LastUpdatedBefore ?? query.CreatedBefore;
  const after = updated ?? created ?? null;
  if (before && after && new Date(before) < new Date(after))
    return `${updated ? 'LastUpdatedBefore' : 'CreatedBefore'} must be after ${updated ? 'LastUpdatedAfter' : 'CreatedAfter'}`;
  const max = query.MaxResultsPerPage === undefined ? 100 : Number(query.MaxResultsPerPage);
  if (!Number.isInteger(max) || max < 1 || max > 100) return 'MaxResultsPerPage must be between 1 and 100';
  return {
    marketplaceIds,
    by: created ? 'created' : 'updated',
    from: after ? new Date(after).toISOString() : null,
    to: new Date(before ?? latest).toISOString(),
    statuses: list(query.OrderStatuses),
    channels: list(query.FulfillmentChannels),
    orderIds,
    max,
  };
}

async function listOrders(db: Db, seller: Seller, q: ListQuery) {
  const dateColumn = q.by === 'created' ? simAmazonOrders.purchaseDate : simAmazonOrders.lastUpdateDate;
  const conditions: (SQL | undefined)[] = [
    eq(simAmazonOrders.sellingPartnerId, seller.sellingPartnerId),
    inArray(simAmazonOrders.marketplaceId, q.marketplaceIds),
  ];
  if (q.orderIds.length) conditions.push(inArray(simAmazonOrders.amazonOrderId, q.orderIds));
  else {
    if (q.from) conditions.push(gte(dateColumn, new Date(q.from)));
    conditions.push(lte(dateColumn, new Date(q.to)));
  }
  if (q.statuses.length) conditions.push(sql`${simAmazonOrders.order}->>'OrderStatus' in ${q.statuses}`);
  if (q.channels.length)
    conditions.push(sql`${simAmazonOrders.order}->>'FulfillmentChannel' in ${q.channels}`);
  if (q.after) {
    const at = new Date(q.after[0]);
    conditions.push(
      or(gt(dateColumn, at), and(eq(dateColumn, at), gt(simAmazonOrders.amazonOrderId, q.after[1]))),
    );
  }
  const rows = await db
    .select()
    .from(simAmazonOrders)
    .where(and(...conditions))
    .orderBy(asc(dateColumn), asc(simAmazonOrders.amazonOrderId))
    .limit(q.max + 1);
  const page = rows.slice(0, q.max);
  const last = page.at(-1);
  const next =
    rows.length > q.max && last
      ? b64(
          JSON.stringify({
            ...q,
            after: [
              (q.by === 'created' ? last.purchaseDate : last.lastUpdateDate).toISOString(),
              last.amazonOrderId,
            ],
          }),
        )
      : undefined;
  return { orders: page.map((r) => r.order as unknown as Order), next };
}

export function amazonSimulatorRoutes(db: Db, clock: Clock) {
  return async (app: FastifyInstance) => {
    // LWA takes its token request as a form as well as JSON.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );

    app.post<{ Body: Record<string, unknown> | null }>(
      '/sim/amazon/api.amazon.com/auth/o2/token',
      async (request, reply) => {
        const body = request.body ?? {};
        const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
        if (field('grant_type') !== 'refresh_token') {
          return reply.status(400).send({
            error: 'unsupported_grant_type',
            error_description: 'The authorization grant type is not supported by the authorization server',
          });
        }
        const [seller] = field('refresh_token')
          ? await db
              .select()
              .from(simAmazonSellers)
              .where(eq(simAmazonSellers.refreshToken, field('refresh_token')))
          : [];
        if (
          seller &&
          (seller.lwaClientId !== field('client_id') || seller.lwaClientSecret !== field('client_secret'))
        ) {
          return reply
            .status(401)
            .send({ error: 'invalid_client', error_description: 'Client authentication failed' });
        }
        if (!seller) {
          return reply.status(400).send({
            error: 'invalid_grant',
            error_description: 'The request has an invalid grant parameter : refresh_token',
          });
        }
        const exp = Math.floor(clock.now().getTime() / 1000) + TOKEN_SECONDS;
        return reply.send({
          access_token: issue('Atza|', seller, { sp: seller.sellingPartnerId, exp }),
          refresh_token: seller.refreshToken,
          token_type: 'bearer',
          expires_in: TOKEN_SECONDS,
        });
      },
    );

    /**
     * The common steps of every SP-API call: the host names a region, the access token is one
     * this Amazon issued and has not expired (and an RDT only reaches its own resources), the
     * seller's fault script, then its usage plan. Returns the seller, or null once answered.
     */
    async function admit(
      request: { params: { host: string }; headers: Record<string, unknown> },
      reply: FastifyReply,
      operation: Operation,
      restricted?: { method: string; path: string },
    ): Promise<{ seller: Seller; rdtElements: string[] } | null> {
      const now = clock.now();
      reply.header('x-amzn-requestid', randomUUID());
      if (!regionOfHost(request.params.host)) {
        fail(reply, 404, 'NotFound', 'Resource not found');
        return null;
      }
      const token = request.headers['x-amz-access-token'];
      const read = typeof token === 'string' ? await readToken(db, token) : null;
      const denied = () => {
        fail(
          reply,
          403,
          'Unauthorized',
          'Access to requested resource is denied.',
          'The access token you provided is revoked, malformed or invalid.',
        );
        return null;
      };
      if (!read) return denied();
      if (read.grant.exp * 1000 <= now.getTime()) {
        fail(
          reply,
          403,
          'Unauthorized',
          'Access to requested resource is denied.',
          'The access token you provided has expired.',
        );
        return null;
      }
      let rdtElements: string[] = [];
      if (read.rdt) {
        const resource = read.grant.res?.find(
          (r) => restricted && r.method === restricted.method && r.path === restricted.path,
        );
        if (!resource) return denied();
        rdtElements = resource.dataElements ?? [];
      }
      if (await playFault(db, read.seller.sellingPartnerId)) {
        fail(reply, 503, 'ServiceUnavailable', 'Service temporarily unavailable. Please try again later.');
        return null;
      }
      const plan = amazonUsagePlans[operation];
      reply.header('x-amzn-ratelimit-limit', String(plan.rate * read.seller.rateMultiplier));
      if (!(await drawCall(db, read.seller, operation, now))) {
        fail(reply, 429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.');
        return null;
      }
      return { seller: read.seller, rdtElements };
    }

    const checkMarketplaces = (seller: Seller, host: string, ids: string[]) =>
      ids.every(
        (id) =>
          seller.marketplaceIds.includes(id) &&
          amazonMarketplaces[id as AmazonMarketplaceId]?.region === regionOfHost(host),
      );

    amazonFeedRoutes(app, { db, clock, admit, checkMarketplaces, fail });

    app.post<{ Params: { host: string }; Body: unknown }>(
      '/sim/amazon/:host/tokens/2021-03-01/restrictedDataToken',
      async (request, reply) => {
        const admitted = await admit(request, reply, 'createRestrictedDataToken');
        if (!admitted) return reply;
        const body = request.body as { restrictedResources?: unknown } | null;
        const resources = Array.isArray(body?.restrictedResources) ? body.restrictedResources : [];
        const valid =
          resources.length > 0 &&
          resources.every(
            (r) =>
              r &&
              typeof r === 'object' &&
              ['GET', 'PUT', 'POST', 'DELETE'].includes((r as { method?: string }).method ?? '') &&
              typeof (r as { path?: unknown }).path === 'string',
          );
        if (!valid)
          return fail(
            reply,
            400,
            'InvalidInput',
            'restrictedResources is required: a method and path for each',
          );
        const exp = Math.floor(clock.now().getTime() / 1000) + TOKEN_SECONDS;
        return reply.send({
          restrictedDataToken: issue('Atz.sprdt|', admitted.seller, {
            sp: admitted.seller.sellingPartnerId,
            exp,
            res: resources as Grant['res'],
          }),
          expiresIn: TOKEN_SECONDS,
        });
      },
    );

    app.get<{ Params: { host: string }; Querystring: Record<string, string | undefined> }>(
      '/sim/amazon/:host/orders/v0/orders',
      async (request, reply) => {
        const admitted = await admit(request, reply, 'getOrders', {
          method: 'GET',
          path: '/orders/v0/orders',
        });
        if (!admitted) return reply;
        const query = parseListQuery(request.query, clock.now());
        if (typeof query === 'string') return fail(reply, 400, 'InvalidInput', query);
        if (!checkMarketplaces(admitted.seller, request.params.host, query.marketplaceIds)) {
          return fail(
            reply,
            400,
            'InvalidInput',
            'Invalid MarketplaceIds: not one the seller sells in on this endpoint',
          );
        }
        const { orders, next } = await listOrders(db, admitted.seller, query);
        const pii =
          admitted.rdtElements.includes('shippingAddress') || admitted.rdtElements.includes('buyerInfo');
        return reply.send({
          payload: {
            Orders: orders.map((o) => {
              if (!pii) return withoutPii(o);
              return {
                ...o,
                ...(admitted.rdtElements.includes('shippingAddress')
                  ? {}
                  : { ShippingAddress: withoutPii(o).ShippingAddress }),
                ...(admitted.rdtElements.includes('buyerInfo') ? {} : { BuyerInfo: {} }),
              };
            }),
            ...(next ? { NextToken: next } : {}),
            ...(query.by === 'updated' ? { LastUpdatedBefore: query.to } : { CreatedBefore: query.to }),
          },
        });
      },
    );

    async function findOrder(seller: Seller, orderId: string) {
      const [row] = await db
        .select()
        .from(simAmazonOrders)
        .where(
          and(
            eq(simAmazonOrders.amazonOrderId, orderId),
            eq(simAmazonOrders.sellingPartnerId, seller.sellingPartnerId),
          ),
        );
      return row;
    }

    app.get<{ Params: { host: string; orderId: string } }>(
      '/sim/amazon/:host/orders/v0/orders/:orderId',
      async (request, reply) => {
        const admitted = await admit(request, reply, 'getOrder');
        if (!admitted) return reply;
        const row = await findOrder(admitted.seller, request.params.orderId);
        if (!row) return fail(reply, 404, 'NotFound', 'Invalid AmazonOrderId');
        return reply.send({ payload: withoutPii(row.order as unknown as Order) });
      },
    );

    app.get<{ Params: { host: string; orderId: string }; Querystring: { NextToken?: string } }>(
      '/sim/amazon/:host/orders/v0/orders/:orderId/orderItems',
      async (request, reply) => {
        const admitted = await admit(request, reply, 'getOrderItems');
        if (!admitted) return reply;
        const row = await findOrder(admitted.seller, request.params.orderId);
        if (!row) return fail(reply, 404, 'NotFound', 'Invalid AmazonOrderId');
        const items = row.items as unknown as OrderItem[];
        const start = request.query.NextToken
          ? Number(Buffer.from(request.query.NextToken, 'base64url').toString())
          : 0;
        if (!Number.isInteger(start) || start < 0 || start > items.length)
          return fail(reply, 400, 'InvalidInput', 'Invalid NextToken');
        const end = start + ORDER_ITEMS_PAGE;
        return reply.send({
          payload: {
            AmazonOrderId: row.amazonOrderId,
            OrderItems: items.slice(start, end),
            ...(end < items.length ? { NextToken: b64(String(end)) } : {}),
          },
        });
      },
    );

    app.post<{ Params: { host: string }; Body: unknown }>(
      '/sim/amazon/:host/reports/2021-06-30/reports',
      async (request, reply) => {
        const admitted = await admit(request, reply, 'createReport');
        if (!admitted) return reply;
        const body = (request.body ?? {}) as Partial<CreateReportSpecification>;
        if (typeof body.reportType !== 'string' || !REPORT_TYPES.includes(body.reportType)) {
          return fail(
            reply,
            400,
            'InvalidInput',
            `reportType ${String(body.reportType)} is not one this Amazon makes`,
          );
        }
        const ids = Array.isArray(body.marketplaceIds)
          ? body.marketplaceIds.filter((m) => typeof m === 'string')
          : [];
        if (ids.length === 0 || !checkMarketplaces(admitted.seller, request.params.host, ids)) {
          return fail(reply, 400, 'InvalidInput', 'Invalid marketplaceIds');
        }
        const now = clock.now();
        const start =
          body.dataStartTime && isInstant(body.dataStartTime) ? new Date(body.dataStartTime) : null;
        const end = body.dataEndTime && isInstant(body.dataEndTime) ? new Date(body.dataEndTime) : now;
        if (!start || end < start || end > now) {
          return fail(
            reply,
            400,
            'InvalidInput',
            'dataStartTime and dataEndTime must be a window in the past',
          );
        }
        const reportId = String(50_000_000_000 + Math.floor(Math.random() * 9_000_000_000));
        await db.insert(simAmazonReports).values({
          reportId,
          sellingPartnerId: admitted.seller.sellingPartnerId,
          reportType: body.reportType,
          marketplaceIds: ids,
          dataStartTime: start,
          dataEndTime: end,
          documentId: `amzn1.spdoc.1.4.na.${randomUUID()}`,
          createdAt: now,
        });
        return reply.status(202).send({ reportId });
      },
    );

    /**
     * The settlements Amazon has closed for the seller's marketplaces in the last 90 days: every
     * 14 days (periods counted from the epoch, in UTC), the report made a day after the period.
     */
    async function settleUpTo(seller: Seller, now: Date) {
      const period = SETTLEMENT_DAYS * 86_400_000;
      const rows = [];
      for (
        let end = Math.floor(now.getTime() / period) * period;
        end > now.getTime() - 90 * 86_400_000;
        end -= period
      ) {
        if (end + 86_400_000 > now.getTime()) continue;
        for (const marketplaceId of seller.marketplaceIds) {
          const key = `${seller.sellingPartnerId}-${marketplaceId}-${end / 86_400_000}`;
          rows.push({
            // Amazon's ids are numbers (a settlement's is its report's).
            reportId: String(
              50_000_000_000 +
                (Number.parseInt(
                  createHmac('sha256', 'settlement').update(key).digest('hex').slice(0, 12),
                  16,
                ) %
                  9_000_000_000),
            ),
            sellingPartnerId: seller.sellingPartnerId,
            reportType: SETTLEMENT_REPORT,
            marketplaceIds: [marketplaceId],
            dataStartTime: new Date(end - period),
            dataEndTime: new Date(end),
            documentId: `amzn1.spdoc.1.4.settlement.${key}`,
            createdAt: new Date(end + 86_400_000),
          });
        }
      }
      if (rows.length) await db.insert(simAmazonReports).values(rows).onConflictDoNothing();
    }

    // getReports: the seller's reports of the given types created in a window (90 days by
    // default), newest first, a page at a time (pageSize 1–100, 10 by default).
    app.get<{
      Params: { host: string };
      Querystring: {
        reportTypes?: string;
        processingStatuses?: string;
        marketplaceIds?: string;
        pageSize?: string;
        createdSince?: string;
        createdUntil?: string;
        nextToken?: string;
      };
    }>('/sim/amazon/:host/reports/2021-06-30/reports', async (request, reply) => {
      const admitted = await admit(request, reply, 'getReports');
      if (!admitted) return reply;
      const now = clock.now();
      const q = request.query.nextToken
        ? (JSON.parse(
            Buffer.from(request.query.nextToken, 'base64url').toString('utf8'),
          ) as typeof request.query)
        : request.query;
      const types = list(q.reportTypes);
      if (types.length === 0) return fail(reply, 400, 'InvalidInput', 'reportTypes or nextToken is required');
      const pageSize = q.pageSize === undefined ? 10 : Number(q.pageSize);
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
        return fail(reply, 400, 'InvalidInput', 'pageSize must be between 1 and 100');
      }
      const since =
        q.createdSince && isInstant(q.createdSince)
          ? new Date(q.createdSince)
          : new Date(now.getTime() - 90 * 86_400_000);
      const until = q.createdUntil && isInstant(q.createdUntil) ? new Date(q.createdUntil) : now;
      const marketplaces = list(q.marketplaceIds);
      if (marketplaces.length && !checkMarketplaces(admitted.seller, request.params.host, marketplaces)) {
        return fail(reply, 400, 'InvalidInput', 'Invalid marketplaceIds');
      }
      if (types.includes(SETTLEMENT_REPORT)) await settleUpTo(admitted.seller, now);
      const offset = Number(request.query.nextToken ? ((q as { offset?: number }).offset ?? 0) : 0);
      const rows = (
        await db
          .select()
          .from(simAmazonReports)
          .where(
            and(
              eq(simAmazonReports.sellingPartnerId, admitted.seller.sellingPartnerId),
              inArray(simAmazonReports.reportType, types),
              gte(simAmazonReports.createdAt, since),
              lte(simAmazonReports.createdAt, until),
            ),
          )
          .orderBy(sql`${simAmazonReports.createdAt} desc`, asc(simAmazonReports.reportId))
      ).filter((r) => marketplaces.length === 0 || r.marketplaceIds.some((m) => marketplaces.includes(m)));
      const page = rows.slice(offset, offset + pageSize);
      const answer: GetReportsResponse = {
        reports: page.map((r) => ({
          reportId: r.reportId,
          reportType: r.reportType,
          marketplaceIds: r.marketplaceIds,
          dataStartTime: r.dataStartTime.toISOString(),
          dataEndTime: r.dataEndTime.toISOString(),
          createdTime: r.createdAt.toISOString(),
          processingStatus: 'DONE',
          processingStartTime: r.createdAt.toISOString(),
          processingEndTime: r.createdAt.toISOString(),
          reportDocumentId: r.documentId,
        })),
        ...(offset + pageSize < rows.length
          ? {
              nextToken: Buffer.from(JSON.stringify({ ...q, offset: offset + pageSize })).toString(
                'base64url',
              ),
            }
          : {}),
      };
      return reply.send(answer);
    });

    /** One of the seller's reports, by its id or its document's. */
    async function findReport(seller: Seller, which: SQL) {
      const [report] = await db
        .select()
        .from(simAmazonReports)
        .where(and(which, eq(simAmazonReports.sellingPartnerId, seller.sellingPartnerId)));
      return report;
    }

    app.get<{ Params: { host: string; reportId: string } }>(
      '/sim/amazon/:host/reports/2021-06-30/reports/:reportId',
      async (request, reply) => {
        const admitted = await admit(request, reply, 'getReport');
        if (!admitted) return reply;
        const report = await findReport(
          admitted.seller,
          eq(simAmazonReports.reportId, request.params.reportId),
        );
        if (!report) return fail(reply, 404, 'NotFound', 'Report not found');
        const age = clock.now().getTime() - report.createdAt.getTime();
        const status = age < REPORT_QUEUED_MS ? 'IN_QUEUE' : age < REPORT_MADE_MS ? 'IN_PROGRESS' : 'DONE';
        const at = (ms: number) => new Date(report.createdAt.getTime() + ms).toISOString();
        const answer: Report = {
          reportId: report.reportId,
          reportType: report.reportType,
          marketplaceIds: report.marketplaceIds,
          dataStartTime: report.dataStartTime.toISOString(),
          dataEndTime: report.dataEndTime.toISOString(),
          createdTime: report.createdAt.toISOString(),
          processingStatus: status,
          ...(status !== 'IN_QUEUE' ? { processingStartTime: at(REPORT_QUEUED_MS) } : {}),
          ...(status === 'DONE'
            ? { processingEndTime: at(REPORT_MADE_MS), reportDocumentId: report.documentId }
            : {}),
        };
        return reply.send(answer);
      },
    );

    app.get<{ Params: { host: string; documentId: string } }>(
      '/sim/amazon/:host/reports/2021-06-30/documents/:documentId',
      async (request, reply) => {
        const admitted = await admit(request, reply, 'getReportDocument');
        if (!admitted) return reply;
        const report = await findReport(
          admitted.seller,
          eq(simAmazonReports.documentId, request.params.documentId),
        );
        if (!report) return fail(reply, 404, 'NotFound', 'Report document not found');
        const answer: ReportDocument = {
          reportDocumentId: report.documentId,
          url: `${request.protocol}://${request.host}/sim/amazon/documents/${encodeURIComponent(report.documentId)}`,
          compressionAlgorithm: 'GZIP',
        };
        return reply.send(answer);
      },
    );

    // Where Amazon's storage would serve the document: its URL is the credential.
    app.get<{ Params: { documentId: string } }>(
      '/sim/amazon/documents/:documentId',
      async (request, reply) => {
        if (!/^[\w.:-]{1,200}$/.test(request.params.documentId)) return reply.status(404).send('NoSuchKey');
        const [report] = await db
          .select()
          .from(simAmazonReports)
          .where(eq(simAmazonReports.documentId, request.params.documentId));
        if (!report) return reply.status(404).send('NoSuchKey');
        const window = {
          marketplaceId: report.marketplaceIds[0]!,
          from: report.dataStartTime,
          to: report.dataEndTime,
        };
        const text =
          report.reportType === SETTLEMENT_REPORT
            ? await simulatedSettlementReport(db, report.sellingPartnerId, { ...window, id: report.reportId })
            : await simulatedAllOrdersReport(db, report.sellingPartnerId, window);
        return reply.header('content-type', 'application/octet-stream').send(gzipSync(text));
      },
    );

    app.post<{ Params: { host: string; orderId: string }; Body: unknown }>(
      '/sim/amazon/:host/orders/v0/orders/:orderId/shipmentConfirmation',
      async (request, reply) => {
        const admitted = await admit(request, reply, 'confirmShipment');
        if (!admitted) return reply;
        const row = await findOrder(admitted.seller, request.params.orderId);
        if (!row) return fail(reply, 404, 'NotFound', 'Invalid AmazonOrderId');
        const body = (request.body ?? {}) as Partial<ConfirmShipmentRequest>;
        const pkg = body.packageDetail;
        if (
          body.marketplaceId !== row.marketplaceId ||
          !pkg ||
          typeof pkg.packageReferenceId !== 'string' ||
          typeof pkg.carrierCode !== 'string' ||
          typeof pkg.trackingNumber !== 'string' ||
          !pkg.trackingNumber ||
          typeof pkg.shipDate !== 'string' ||
          !isInstant(pkg.shipDate) ||
          !Array.isArray(pkg.orderItems) ||
          pkg.orderItems.length === 0
        ) {
          return fail(
            reply,
            400,
            'InvalidInput',
            'marketplaceId and a packageDetail with carrier, tracking, ship date and items are required',
          );
        }
        const order = row.order as unknown as Order;
        if (
          order.FulfillmentChannel !== 'MFN' ||
          !['Unshipped', 'PartiallyShipped'].includes(order.OrderStatus)
        ) {
          return fail(
            reply,
            400,
            'InvalidInput',
            `The order is ${order.OrderStatus}; only an unshipped seller-fulfilled order can be confirmed`,
          );
        }
        const items = (row.items as unknown as OrderItem[]).map((item) => ({ ...item }));
        for (const shipped of pkg.orderItems) {
          const item = items.find((i) => i.OrderItemId === shipped.orderItemId);
          const left = item ? item.QuantityOrdered - (item.QuantityShipped ?? 0) : 0;
          if (
            !item ||
            !Number.isInteger(shipped.quantity) ||
            shipped.quantity < 1 ||
            shipped.quantity > left
          ) {
            return fail(
              reply,
              400,
              'InvalidInput',
              `Invalid orderItemId or quantity: ${String(shipped.orderItemId)}`,
            );
          }
          item.QuantityShipped = (item.QuantityShipped ?? 0) + shipped.quantity;
        }
        const all = items.every((i) => (i.QuantityShipped ?? 0) >= i.QuantityOrdered);
        const now = clock.now();
        const shippedUnits = items.reduce((n, i) => n + (i.QuantityShipped ?? 0), 0);
        const updated: Order = {
          ...order,
          OrderStatus: all ? 'Shipped' : 'PartiallyShipped',
          NumberOfItemsShipped: shippedUnits,
          NumberOfItemsUnshipped: items.reduce((n, i) => n + i.QuantityOrdered, 0) - shippedUnits,
          LastUpdateDate: now.toISOString(),
        };
        await saveSimulatedAmazonOrder(db, row.amazonOrderId, updated, items, now);
        return reply.status(204).send();
      },
    );

    // searchListingsItems: the seller's listings in one marketplace, by SKU, a page at a time
    // (pageSize 1–20, 10 by default); a page token names where the next page starts.
    app.get<{
      Params: { host: string; sellerId: string };
      Querystring: { marketplaceIds?: string; includedData?: string; pageSize?: string; pageToken?: string };
    }>('/sim/amazon/:host/listings/2021-08-01/items/:sellerId', async (request, reply) => {
      const admitted = await admit(request, reply, 'searchListingsItems');
      if (!admitted) return reply;
      const { seller } = admitted;
      if (request.params.sellerId !== seller.sellingPartnerId) {
        return fail(reply, 403, 'Unauthorized', 'Access to requested resource is denied.');
      }
      const marketplaceIds = list(request.query.marketplaceIds);
      if (marketplaceIds.length !== 1 || !checkMarketplaces(seller, request.params.host, marketplaceIds)) {
        return fail(reply, 400, 'InvalidInput', 'Invalid marketplaceIds');
      }
      const marketplaceId = marketplaceIds[0]!;
      const included = new Set(request.query.includedData ? list(request.query.includedData) : ['summaries']);
      const pageSize = request.query.pageSize === undefined ? 10 : Number(request.query.pageSize);
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 20) {
        return fail(reply, 400, 'InvalidInput', 'pageSize must be between 1 and 20');
      }
      let afterId = 0;
      if (request.query.pageToken) {
        afterId = Number(
          Buffer.from(request.query.pageToken, 'base64url').toString('utf8').replace(/^id:/, ''),
        );
        if (!Number.isInteger(afterId) || afterId < 0) {
          return fail(reply, 400, 'InvalidInput', 'Invalid pageToken');
        }
      }
      const mine = and(
        eq(simAmazonListings.sellingPartnerId, seller.sellingPartnerId),
        eq(simAmazonListings.marketplaceId, marketplaceId),
      );
      const [rows, [counted]] = await Promise.all([
        db
          .select()
          .from(simAmazonListings)
          .where(and(mine, gt(simAmazonListings.id, afterId)))
          .orderBy(asc(simAmazonListings.id))
          .limit(pageSize + 1),
        db.select({ n: sql<number>`count(*)::int` }).from(simAmazonListings).where(mine),
      ]);
      const currencyCode = amazonMarketplaces[marketplaceId as AmazonMarketplaceId]!.currency;
      const page = rows.slice(0, pageSize);
      const at = seller.createdAt.toISOString();
      const answer: ItemSearchResults = {
        numberOfResults: counted!.n,
        ...(rows.length > pageSize
          ? { pagination: { nextToken: Buffer.from(`id:${page.at(-1)!.id}`).toString('base64url') } }
          : {}),
        items: page.map((l) => {
          // An offer the merchant ships is buyable while it has a count; Amazon's own while listed.
          const buyable = l.fulfillmentChannel === 'AFN' || (l.quantity ?? 0) > 0;
          return {
            sku: l.sellerSku,
            ...(included.has('summaries')
              ? {
                  summaries: [
                    {
                      marketplaceId,
                      asin: l.asin,
                      productType: 'PRODUCT',
                      conditionType: 'new_new' as const,
                      status: buyable
                        ? ['BUYABLE' as const, 'DISCOVERABLE' as const]
                        : ['DISCOVERABLE' as const],
                      itemName: l.title,
                      createdDate: at,
                      lastUpdatedDate: at,
                    },
                  ],
                }
              : {}),
            ...(included.has('offers')
              ? {
                  offers: [
                    { marketplaceId, offerType: 'B2C' as const, price: { currencyCode, amount: l.price } },
                  ],
                }
              : {}),
            ...(included.has('fulfillmentAvailability')
              ? {
                  fulfillmentAvailability:
                    l.fulfillmentChannel === 'AFN'
                      ? [{ fulfillmentChannelCode: `AMAZON_${seller.region.toUpperCase()}` }]
                      : [{ fulfillmentChannelCode: 'DEFAULT', quantity: l.quantity ?? 0 }],
                }
              : {}),
          };
        }),
      };
      return reply.send(answer);
    });

    app.patch<{
      Params: { host: string; sellerId: string; sku: string };
      Querystring: { marketplaceIds?: string };
      Body: unknown;
    }>('/sim/amazon/:host/listings/2021-08-01/items/:sellerId/:sku', async (request, reply) => {
      const admitted = await admit(request, reply, 'patchListingsItem');
      if (!admitted) return reply;
      if (request.params.sellerId !== admitted.seller.sellingPartnerId) {
        return fail(reply, 403, 'Unauthorized', 'Access to requested resource is denied.');
      }
      const marketplaceIds = list(request.query.marketplaceIds);
      if (
        marketplaceIds.length !== 1 ||
        !checkMarketplaces(admitted.seller, request.params.host, marketplaceIds)
      ) {
        return fail(reply, 400, 'InvalidInput', 'Invalid marketplaceIds');
      }
      const body = (request.body ?? {}) as Partial<ListingsItemPatchRequest>;
      const patch = Array.isArray(body.patches) ? body.patches[0] : undefined;
      const availability = patch?.value?.[0] as
        | { fulfillment_channel_code?: unknown; quantity?: unknown }
        | undefined;
      if (
        typeof body.productType !== 'string' ||
        body.patches?.length !== 1 ||
        patch?.op !== 'replace' ||
        patch.path !== '/attributes/fulfillment_availability' ||
        !availability ||
        typeof availability.quantity !== 'number' ||
        !Number.isInteger(availability.quantity) ||
        availability.quantity < 0
      ) {
        return fail(
          reply,
          400,
          'InvalidInput',
          'A replace of /attributes/fulfillment_availability with a whole quantity is required',
        );
      }
      const [listing] = await db
        .select()
        .from(simAmazonListings)
        .where(
          and(
            eq(simAmazonListings.sellingPartnerId, admitted.seller.sellingPartnerId),
            eq(simAmazonListings.marketplaceId, marketplaceIds[0]!),
            eq(simAmazonListings.sellerSku, request.params.sku),
          ),
        );
      if (!listing) return fail(reply, 404, 'NOT_FOUND', `SKU ${request.params.sku} not found`);
      const submissionId = randomUUID().replaceAll('-', '');
      if (listing.fulfillmentChannel === 'AFN') {
        const answer: ListingsItemSubmissionResponse = {
          sku: listing.sellerSku,
          status: 'INVALID',
          submissionId,
          issues: [
            {
              code: '8541',
              message: 'This SKU is fulfilled by Amazon: its quantity is what Amazon holds.',
              severity: 'ERROR',
              attributeNames: ['fulfillment_availability'],
              categories: ['INVALID_ATTRIBUTE'],
            },
          ],
        };
        return reply.send(answer);
      }
      await db
        .update(simAmazonListings)
        .set({ quantity: availability.quantity })
        .where(eq(simAmazonListings.id, listing.id));
      const answer: ListingsItemSubmissionResponse = {
        sku: listing.sellerSku,
        status: 'ACCEPTED',
        submissionId,
        issues: [],
      };
      return reply.send(answer);
    });
  };
}
