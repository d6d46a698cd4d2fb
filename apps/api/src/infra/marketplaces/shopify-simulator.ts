// A simulated Shopify, on the API's own origin, speaking the Admin GraphQL API the way Shopify
// does (shopify.dev/docs/api/admin-graphql): POST /admin/api/{version}/graphql.json on the
// store's domain (here /sim/shopify/{domain}/admin/api/{version}/graphql.json), the custom
// app's token in X-Shopify-Access-Token, a GraphQL document checked against the schema, and
// the answer with `extensions.cost` as Shopify's calculated query cost reports it. The schema
// is the part of Shopify's our connector uses, with Shopify's own names and types; it grows as
// the connector does (orders, fulfilments, inventory come with sync).

import type { Db } from '@crossdock/db/client';
import { simShopifyStores } from '@crossdock/db/schema';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildSchema, graphql } from 'graphql';

const schema = buildSchema(`
  "The store, as the Admin API's QueryRoot.shop gives it."
  type Shop {
    id: ID!
    name: String!
    myshopifyDomain: String!
    currencyCode: CurrencyCode!
    ianaTimezone: String!
  }

  enum CurrencyCode { USD EUR GBP JPY CNY CAD AUD SGD SEK PLN MXN }

  type QueryRoot {
    shop: Shop!
  }

  schema { query: QueryRoot }
`);

export interface SimulatedShopifyStore {
  domain: string;
  name: string;
  currency: string;
  timeZone: string;
  accessToken: string;
  webhookSecret: string;
}

/** Opens a store in the simulated Shopify (the demo's, or a test's). */
export async function openSimulatedShopifyStore(db: Db, store: SimulatedShopifyStore): Promise<void> {
  await db.insert(simShopifyStores).values(store).onConflictDoNothing();
}

/** Shopify's own words for a missing or wrong token (HTTP 401). */
const INVALID_TOKEN = '[API] Invalid API key or access token (unrecognized login or wrong password)';

export function shopifySimulatorRoutes(db: Db) {
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
        const body = request.body as { query?: unknown; variables?: unknown; operationName?: unknown } | null;
        if (!body || typeof body.query !== 'string') {
          return reply.status(400).send({ errors: { query: 'Required parameter missing or invalid' } });
        }
        const result = await graphql({
          schema,
          source: body.query,
          variableValues: (body.variables as Record<string, unknown> | undefined) ?? undefined,
          operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
          rootValue: {
            shop: {
              id: `gid://shopify/Shop/${[...domain].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 1e9, 7)}`,
              name: store.name,
              myshopifyDomain: store.domain,
              currencyCode: store.currency,
              ianaTimezone: store.timeZone,
            },
          },
        });
        return reply.send({
          ...result,
          extensions: {
            cost: {
              requestedQueryCost: 1,
              actualQueryCost: 1,
              throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 },
            },
          },
        });
      },
    );
  };
}
