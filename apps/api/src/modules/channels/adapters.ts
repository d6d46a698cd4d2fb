// The platforms an adapter reaches by API, and the adapter for a shop's credentials. The
// others (no adapter yet, or none possible) bring their orders in by file import.
import type { Platform, ShopCredentials } from '@crossdock/domain/channels';
import { DomainError } from '@crossdock/domain/errors';
import type { AppDeps } from '../../deps';
import type { MarketplaceConnector, MarketplaceMode } from '../../infra/marketplaces/connector';
import { shopifyConnector } from '../../infra/marketplaces/shopify';

function modeOf(deps: AppDeps): MarketplaceMode {
  return deps.config.marketplaces === 'live'
    ? { kind: 'live' }
    : { kind: 'simulated', baseUrl: deps.config.publicApiUrl };
}

const adapters: {
  [P in Platform]?: (
    deps: AppDeps,
    credentials: Extract<ShopCredentials, { platform: P }>,
  ) => MarketplaceConnector;
} = {
  shopify: (deps, credentials) => shopifyConnector(credentials, modeOf(deps), () => deps.clock.now()),
};

export const hasConnector = (platform: Platform): boolean => Boolean(adapters[platform]);

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
export function connectorFor(deps: AppDeps, credentials: ShopCredentials): MarketplaceConnector {
  requireConnector(credentials.platform);
  const adapter = adapters[credentials.platform] as (
    deps: AppDeps,
    credentials: ShopCredentials,
  ) => MarketplaceConnector;
  return adapter(deps, credentials);
}
