// The platforms an adapter reaches by API, and the adapter for a shop's credentials. The
// others (no adapter yet, or none possible) bring their orders in by file import.
import type { Platform, ShopCredentials } from '@crossdock/domain/channels';
import { DomainError } from '@crossdock/domain/errors';
import type { AppDeps } from '../../deps';
import { amazonConnector } from '../../infra/marketplaces/amazon';
import type { MarketplaceConnector, MarketplaceMode } from '../../infra/marketplaces/connector';
import { shopifyConnector } from '../../infra/marketplaces/shopify';

function modeOf(deps: AppDeps): MarketplaceMode {
  return deps.config.marketplaces === 'live'
    ? { kind: 'live' }
    : { kind: 'simulated', baseUrl: deps.config.publicApiUrl };
}

/** What an adapter is built for: the shop's marketplace, and how the caller waits out a platform. */
export interface ConnectorOptions {
  marketplace: string;
  /** Waits inside a call the platform asks to wait for (the sync engine's clock in tests). */
  sleep?: (ms: number) => Promise<void>;
}

const adapters: {
  [P in Platform]?: (
    deps: AppDeps,
    credentials: Extract<ShopCredentials, { platform: P }>,
    options: ConnectorOptions,
  ) => MarketplaceConnector;
} = {
  shopify: (deps, credentials) => shopifyConnector(credentials, modeOf(deps), () => deps.clock.now()),
  amazon: (deps, credentials, options) =>
    amazonConnector(credentials, options.marketplace, modeOf(deps), () => deps.clock.now(), options),
};

export const hasConnector = (platform: Platform): boolean => Boolean(adapters[platform]);

/** Platforms told how many each listing can sell (Amazon's Listings Items, Shopify's inventorySetQuantities). */
export const takesStockLevels = (platform: Platform): boolean =>
  platform === 'amazon' || platform === 'shopify';

/** Platforms told of the shipments of orders the seller fulfils (Amazon's confirmShipment, Shopify's fulfillmentCreate). */
export const confirmsShipments = (platform: Platform): boolean =>
  platform === 'amazon' || platform === 'shopify';

/** Platforms told of the orders taken in, in batches (Amazon's order acknowledgement feed). */
export const acknowledgesOrders = (platform: Platform): boolean => platform === 'amazon';

export function requireConnector(platform: Platform): void {
  if (!hasConnector(platform)) {
    throw new DomainError(
      'CONNECTOR_UNAVAILABLE',
      `There is no ${platform} connector yet; import the shop's orders by file`,
      { platform },
    );
  }
}

/** The adapter for a shop's platform, signed in with its credentials. */
export function connectorFor(
  deps: AppDeps,
  credentials: ShopCredentials,
  options: ConnectorOptions,
): MarketplaceConnector {
  requireConnector(credentials.platform);
  const adapter = adapters[credentials.platform] as (
    deps: AppDeps,
    credentials: ShopCredentials,
    options: ConnectorOptions,
  ) => MarketplaceConnector;
  return adapter(deps, credentials, options);
}
