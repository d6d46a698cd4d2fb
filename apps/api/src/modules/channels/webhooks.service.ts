// A platform telling us an order is new or changed (Shopify's orders/create and orders/updated
// webhooks). The webhook is checked with the shop's secret by the platform's own library, then
// taken as a nudge: the order is read from the platform's API as it is now and taken in like a
// synced one, so a late, repeated or reordered webhook changes nothing a sync would not.
import { shops } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { ConnectorError } from '../../infra/marketplaces/connector';
import { checkShopifyWebhook } from '../../infra/marketplaces/shopify-webhooks';
import { connectorFor } from './adapters';
import { ingestAlone, ingestShopOf } from './ingest.service';
import { shopCredentialsFor } from './shops.service';

/** Where a shop's platform sends its webhooks. */
export const webhookUrl = (deps: AppDeps, shopId: string) =>
  `${deps.config.publicApiUrl}/webhooks/shopify/${shopId}`;

export async function handleShopifyWebhook(
  deps: AppDeps,
  shopId: string,
  request: { url: string; headers: Record<string, string | string[] | undefined>; rawBody: string },
): Promise<'taken' | 'ignored'> {
  const [shop] = await deps.db.select().from(shops).where(eq(shops.id, shopId));
  if (shop?.platform !== 'shopify') throw new DomainError('UNKNOWN_SHOP', 'There is no such shop');
  const credentials = await shopCredentialsFor(deps, shopId);
  if (credentials.platform !== 'shopify') throw new DomainError('UNKNOWN_SHOP', 'There is no such shop');
  const check = await checkShopifyWebhook(credentials.webhookSecret, request);
  if (!check.valid || check.domain !== credentials.shopDomain) {
    throw new DomainError('SIGNATURE_INVALID', 'This webhook is not signed by the shop');
  }
  // A paused shop (or one to re-authorise) takes nothing in; its next sync catches up.
  if (shop.status !== 'active' || !['ORDERS_CREATE', 'ORDERS_UPDATED'].includes(check.topic))
    return 'ignored';
  let gid: unknown;
  try {
    gid = (JSON.parse(request.rawBody) as { admin_graphql_api_id?: unknown }).admin_graphql_api_id;
  } catch {
    gid = undefined;
  }
  if (typeof gid !== 'string') throw new DomainError('BAD_REQUEST', 'The webhook names no order');
  try {
    const order = await connectorFor(deps, credentials, { marketplace: shop.marketplace }).pullOrder(gid);
    if (!order) return 'ignored';
    await ingestAlone(deps, ingestShopOf(shop), order);
    return 'taken';
  } catch (error) {
    // Shopify sends it again when we do not answer 2xx: let it, while its API is unwell.
    if (error instanceof ConnectorError) throw new DomainError('PLATFORM_UNAVAILABLE', error.message);
    throw error;
  }
}
