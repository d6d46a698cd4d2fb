// The Shopify adapter: Shopify's own Admin API client (@shopify/admin-api-client), so a
// simulator that answered in a shape of our own would fail here as it would against Shopify.
// In simulated mode only the client's fetch is pointed elsewhere: the store's
// https://{shop}.myshopify.com origin becomes {baseUrl}/sim/shopify/{shop}.
import { createAdminApiClient } from '@shopify/admin-api-client';
import type { ConnectionCheck, MarketplaceConnector, MarketplaceMode } from './connector';

/** The newest stable Admin API version at `now`: Shopify releases one each quarter (YYYY-01/04/07/10). */
export function shopifyApiVersion(now: Date): string {
  const month = Math.floor(now.getUTCMonth() / 3) * 3 + 1;
  return `${now.getUTCFullYear()}-${String(month).padStart(2, '0')}`;
}

const SHOP_QUERY = `query ConnectionCheck { shop { name myshopifyDomain currencyCode ianaTimezone } }`;

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
    retries: 1,
    customFetchApi: (url, init) =>
      fetch(
        mode.kind === 'simulated' && url.startsWith(origin)
          ? `${mode.baseUrl}/sim/shopify/${credentials.shopDomain}${url.slice(origin.length)}`
          : url,
        { ...init, signal: AbortSignal.timeout(15_000) },
      ),
  });

  return {
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
