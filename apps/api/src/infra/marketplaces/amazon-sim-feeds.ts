// The simulated Amazon's Feeds API 2021-06-30, as the seller's app meets it: createFeedDocument
// gives a feed document id and a URL to PUT the feed to (with the content type it was made for,
// as a pre-signed S3 URL insists), createFeed submits it, getFeed shows it IN_QUEUE, IN_PROGRESS
// and then DONE with a result document, getFeedDocument gives that document's URL. The one feed
// type this Amazon processes is the order acknowledgement feed: Success gives the order the
// seller's order number (SellerOrderId); Failure cancels a seller-fulfilled order not yet
// shipped. What it cannot take is an Error in the processing report, by MessageID.
import { randomUUID } from 'node:crypto';
import type { Db } from '@crossdock/db/client';
import { simAmazonFeedDocuments, simAmazonFeeds, simAmazonOrders } from '@crossdock/db/schema';
import type {
  CreateFeedDocumentResponse,
  CreateFeedResponse,
  CreateFeedSpecification,
  Feed,
  FeedDocument,
} from '@sp-api-sdk/feeds-api-2021-06-30';
import type { Order } from '@sp-api-sdk/orders-api-v0';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Clock } from '../clock';
import {
  ORDER_ACKNOWLEDGEMENT_FEED,
  type ProcessingResult,
  processingReportXml,
  readOrderAcknowledgementFeed,
} from './amazon-feeds';
import { changeSimulatedAmazonOrder, saveSimulatedAmazonOrder } from './amazon-sim-store';

/** How long Amazon takes over a feed: queued for a second, processed in two more. */
const FEED_QUEUED_MS = 1000;
const FEED_DONE_MS = 3000;
const FEED_TYPES = [ORDER_ACKNOWLEDGEMENT_FEED];

type Seller = { sellingPartnerId: string; marketplaceIds: string[] };

/** What the feed routes borrow from the rest of the simulated Amazon. */
export interface FeedRoutesContext {
  db: Db;
  clock: Clock;
  admit(
    request: { params: { host: string }; headers: Record<string, unknown> },
    reply: FastifyReply,
    operation: 'createFeedDocument' | 'createFeed' | 'getFeed' | 'getFeedDocument',
  ): Promise<{ seller: Seller } | null>;
  checkMarketplaces(seller: Seller, host: string, ids: string[]): boolean;
  fail(reply: FastifyReply, status: number, code: string, message: string, details?: string): FastifyReply;
}

/** Applies an order acknowledgement feed to the seller's orders; returns what it could not take. */
async function acknowledgeOrders(
  db: Db,
  seller: Seller,
  xml: string,
  now: Date,
): Promise<{ processed: number; results: ProcessingResult[] }> {
  const read = readOrderAcknowledgementFeed(xml);
  if ('problem' in read) {
    return {
      processed: 0,
      results: [
        {
          messageId: 0,
          code: 'Error',
          messageCode: '5001',
          description: `XML parsing error: ${read.problem}`,
          amazonOrderId: null,
        },
      ],
    };
  }
  const results: ProcessingResult[] = [];
  const refuse = (
    messageId: number,
    messageCode: string,
    description: string,
    amazonOrderId: string | null,
  ) => results.push({ messageId, code: 'Error', messageCode, description, amazonOrderId });
  for (const message of read.messages) {
    if ('problem' in message) {
      refuse(message.messageId, '5000', message.problem, null);
      continue;
    }
    const [row] = await db
      .select()
      .from(simAmazonOrders)
      .where(
        and(
          eq(simAmazonOrders.amazonOrderId, message.amazonOrderId),
          eq(simAmazonOrders.sellingPartnerId, seller.sellingPartnerId),
        ),
      );
    if (!row) {
      refuse(
        message.messageId,
        '18028',
        `The order ${message.amazonOrderId} was not found`,
        message.amazonOrderId,
      );
      continue;
    }
    const order = row.order as unknown as Order;
    const items = row.items as unknown as { OrderItemId: string }[];
    const unknownItem = message.items.find(
      (i) => !items.some((o) => o.OrderItemId === i.amazonOrderItemCode),
    );
    if (unknownItem) {
      refuse(
        message.messageId,
        '18030',
        `AmazonOrderItemCode ${unknownItem.amazonOrderItemCode} is not an item of order ${message.amazonOrderId}`,
        message.amazonOrderId,
      );
      continue;
    }
    if (message.status === 'Success') {
      if (order.OrderStatus === 'Canceled') {
        refuse(
          message.messageId,
          '18031',
          `The order ${message.amazonOrderId} is cancelled`,
          message.amazonOrderId,
        );
        continue;
      }
      if (message.merchantOrderId && order.SellerOrderId !== message.merchantOrderId) {
        await saveSimulatedAmazonOrder(
          db,
          row.amazonOrderId,
          { ...order, SellerOrderId: message.merchantOrderId, LastUpdateDate: now.toISOString() },
          row.items as never,
          now,
        );
      }
      continue;
    }
    if (order.OrderStatus === 'Canceled') continue;
    if (order.FulfillmentChannel !== 'MFN' || !['Pending', 'Unshipped'].includes(order.OrderStatus)) {
      refuse(
        message.messageId,
        '18032',
        `The order ${message.amazonOrderId} is ${order.OrderStatus}${order.FulfillmentChannel === 'AFN' ? ' and fulfilled by Amazon' : ''}; only an unshipped seller-fulfilled order can be cancelled`,
        message.amazonOrderId,
      );
      continue;
    }
    await changeSimulatedAmazonOrder(db, row.amazonOrderId, 'cancelled', now);
  }
  return { processed: read.messages.length, results };
}

export function amazonFeedRoutes(app: FastifyInstance, context: FeedRoutesContext) {
  const { db, clock, admit, checkMarketplaces, fail } = context;

  // The feed's bytes come as the content type the document was made for.
  app.addContentTypeParser(
    ['text/xml', 'application/xml', 'text/tab-separated-values', 'text/plain'],
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  );

  /** A stored document by its id alone (the URL is the credential); none for an id Amazon never gives. */
  async function documentAt(id: string) {
    if (!/^[\w.:-]{1,200}$/.test(id)) return undefined;
    const [document] = await db
      .select()
      .from(simAmazonFeedDocuments)
      .where(eq(simAmazonFeedDocuments.feedDocumentId, id));
    return document;
  }

  async function findDocument(seller: Seller, id: string) {
    if (!/^[\w.:-]{1,200}$/.test(id)) return undefined;
    const [document] = await db
      .select()
      .from(simAmazonFeedDocuments)
      .where(
        and(
          eq(simAmazonFeedDocuments.feedDocumentId, id),
          eq(simAmazonFeedDocuments.sellingPartnerId, seller.sellingPartnerId),
        ),
      );
    return document;
  }

  const documentUrl = (request: { protocol: string; host: string }, id: string) =>
    `${request.protocol}://${request.host}/sim/amazon/feed-documents/${encodeURIComponent(id)}`;

  app.post<{ Params: { host: string }; Body: unknown }>(
    '/sim/amazon/:host/feeds/2021-06-30/documents',
    async (request, reply) => {
      const admitted = await admit(request, reply, 'createFeedDocument');
      if (!admitted) return reply;
      const contentType = (request.body as { contentType?: unknown } | null)?.contentType;
      if (typeof contentType !== 'string' || !contentType) {
        return fail(reply, 400, 'InvalidInput', 'contentType is required');
      }
      const feedDocumentId = `amzn1.tortuga.4.na.${randomUUID()}`;
      await db.insert(simAmazonFeedDocuments).values({
        feedDocumentId,
        sellingPartnerId: admitted.seller.sellingPartnerId,
        contentType,
        createdAt: clock.now(),
      });
      const answer: CreateFeedDocumentResponse = {
        feedDocumentId,
        url: documentUrl(request, feedDocumentId),
      };
      return reply.status(201).send(answer);
    },
  );

  // Where Amazon's storage takes the upload and serves the result: the URL is the credential.
  app.put<{ Params: { id: string }; Body: unknown }>(
    '/sim/amazon/feed-documents/:id',
    async (request, reply) => {
      const document = await documentAt(request.params.id);
      if (!document || document.content !== null) return reply.status(403).send('AccessDenied');
      if (request.headers['content-type'] !== document.contentType)
        return reply.status(403).send('SignatureDoesNotMatch');
      if (typeof request.body !== 'string') return reply.status(400).send('MalformedXML');
      await db
        .update(simAmazonFeedDocuments)
        .set({ content: request.body })
        .where(eq(simAmazonFeedDocuments.feedDocumentId, document.feedDocumentId));
      return reply.status(200).send();
    },
  );

  app.get<{ Params: { id: string } }>('/sim/amazon/feed-documents/:id', async (request, reply) => {
    const document = await documentAt(request.params.id);
    if (!document || document.content === null) return reply.status(404).send('NoSuchKey');
    return reply.header('content-type', document.contentType).send(document.content);
  });

  app.post<{ Params: { host: string }; Body: unknown }>(
    '/sim/amazon/:host/feeds/2021-06-30/feeds',
    async (request, reply) => {
      const admitted = await admit(request, reply, 'createFeed');
      if (!admitted) return reply;
      const { seller } = admitted;
      const body = (request.body ?? {}) as Partial<CreateFeedSpecification>;
      if (typeof body.feedType !== 'string' || !FEED_TYPES.includes(body.feedType)) {
        return fail(
          reply,
          400,
          'InvalidInput',
          `feedType ${String(body.feedType)} is not one this Amazon takes`,
        );
      }
      const ids = Array.isArray(body.marketplaceIds)
        ? body.marketplaceIds.filter((m) => typeof m === 'string')
        : [];
      if (ids.length === 0 || !checkMarketplaces(seller, request.params.host, ids)) {
        return fail(reply, 400, 'InvalidInput', 'Invalid marketplaceIds');
      }
      const input =
        typeof body.inputFeedDocumentId === 'string'
          ? await findDocument(seller, body.inputFeedDocumentId)
          : undefined;
      if (!input || input.content === null) {
        return fail(reply, 400, 'InvalidInput', 'inputFeedDocumentId names no uploaded feed document');
      }
      const now = clock.now();
      const feedId = String(50_000_000_000 + Math.floor(Math.random() * 9_000_000_000));
      const outcome = await acknowledgeOrders(db, seller, input.content, now);
      const errors = outcome.results.filter((r) => r.code === 'Error');
      const refused = new Set(errors.map((r) => r.messageId));
      const report = processingReportXml(seller.sellingPartnerId, feedId, {
        status: 'Complete',
        processed: outcome.processed,
        successful: outcome.processed - [...refused].filter((id) => id > 0).length,
        withError: refused.size,
        withWarning: 0,
        results: outcome.results,
      });
      const resultFeedDocumentId = `amzn1.tortuga.4.na.${randomUUID()}`;
      await db.insert(simAmazonFeedDocuments).values({
        feedDocumentId: resultFeedDocumentId,
        sellingPartnerId: seller.sellingPartnerId,
        contentType: 'text/xml; charset=UTF-8',
        content: report,
        createdAt: now,
      });
      await db.insert(simAmazonFeeds).values({
        feedId,
        sellingPartnerId: seller.sellingPartnerId,
        feedType: body.feedType,
        marketplaceIds: ids,
        inputFeedDocumentId: input.feedDocumentId,
        resultFeedDocumentId,
        createdAt: now,
      });
      const answer: CreateFeedResponse = { feedId };
      return reply.status(202).send(answer);
    },
  );

  app.get<{ Params: { host: string; feedId: string } }>(
    '/sim/amazon/:host/feeds/2021-06-30/feeds/:feedId',
    async (request, reply) => {
      const admitted = await admit(request, reply, 'getFeed');
      if (!admitted) return reply;
      if (!/^\d{1,20}$/.test(request.params.feedId)) return fail(reply, 404, 'NotFound', 'Feed not found');
      const [feed] = await db
        .select()
        .from(simAmazonFeeds)
        .where(
          and(
            eq(simAmazonFeeds.feedId, request.params.feedId),
            eq(simAmazonFeeds.sellingPartnerId, admitted.seller.sellingPartnerId),
          ),
        );
      if (!feed) return fail(reply, 404, 'NotFound', 'Feed not found');
      const age = clock.now().getTime() - feed.createdAt.getTime();
      const status = age < FEED_QUEUED_MS ? 'IN_QUEUE' : age < FEED_DONE_MS ? 'IN_PROGRESS' : 'DONE';
      const at = (ms: number) => new Date(feed.createdAt.getTime() + ms).toISOString();
      const answer: Feed = {
        feedId: feed.feedId,
        feedType: feed.feedType,
        marketplaceIds: feed.marketplaceIds,
        createdTime: feed.createdAt.toISOString(),
        processingStatus: status,
        ...(status !== 'IN_QUEUE' ? { processingStartTime: at(FEED_QUEUED_MS) } : {}),
        ...(status === 'DONE'
          ? { processingEndTime: at(FEED_DONE_MS), resultFeedDocumentId: feed.resultFeedDocumentId }
          : {}),
      };
      return reply.send(answer);
    },
  );

  app.get<{ Params: { host: string; id: string } }>(
    '/sim/amazon/:host/feeds/2021-06-30/documents/:id',
    async (request, reply) => {
      const admitted = await admit(request, reply, 'getFeedDocument');
      if (!admitted) return reply;
      const document = await findDocument(admitted.seller, request.params.id);
      if (!document) return fail(reply, 404, 'NotFound', 'Feed document not found');
      const answer: FeedDocument = {
        feedDocumentId: document.feedDocumentId,
        url: documentUrl(request, document.feedDocumentId),
      };
      return reply.send(answer);
    },
  );
}
