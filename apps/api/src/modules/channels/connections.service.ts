// "Test connection": sign in to the shop's platform with its credentials and read the account.
// A refusal marks the shop as needing re-authorisation (its syncs stop until new credentials
// come); an unreachable platform changes nothing but the note of the last check.
import { shops } from '@crossdock/db/schema';
import type { Platform, ShopCredentials } from '@crossdock/domain/channels';
import { DomainError } from '@crossdock/domain/errors';
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import type {
  ConnectionCheck,
  MarketplaceConnector,
  MarketplaceMode,
} from '../../infra/marketplaces/connector';
import { shopifyConnector } from '../../infra/marketplaces/shopify';
import { type Actor, writeAudit } from '../identity/audit';
import { getShop, shopCredentialsFor } from './shops.service';

function modeOf(deps: AppDeps): MarketplaceMode {
  return deps.config.marketplaces === 'live'
    ? { kind: 'live' }
    : { kind: 'simulated', baseUrl: deps.config.publicApiUrl };
}

/** The platforms an adapter reaches by API today; the others come in by file import. */
const adapters: {
  [P in Platform]?: (
    deps: AppDeps,
    credentials: Extract<ShopCredentials, { platform: P }>,
  ) => MarketplaceConnector;
} = {
  shopify: (deps, credentials) => shopifyConnector(credentials, modeOf(deps), () => deps.clock.now()),
};

export const hasConnector = (platform: Platform): boolean => Boolean(adapters[platform]);

function requireConnector(platform: Platform): void {
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

export async function testConnection(deps: AppDeps, actor: Actor, shopId: string) {
  const before = await getShop(deps.db, shopId);
  requireConnector(before.platform);
  const check: ConnectionCheck = await connectorFor(
    deps,
    await shopCredentialsFor(deps, shopId),
  ).testConnection();
  const problem = check.ok ? null : `${check.problem}: ${check.detail}`.slice(0, 500);
  await deps.db.transaction(async (tx) => {
    await tx
      .update(shops)
      .set({
        lastCheckedAt: actor.at,
        lastCheckError: problem,
        ...(!check.ok && check.problem === 'unauthorized' ? { status: 'needs_reauth' as const } : {}),
        updatedAt: actor.at,
      })
      .where(eq(shops.id, shopId));
    await writeAudit(tx, actor, {
      action: 'shop.connection_tested',
      entityType: 'shop',
      entityId: shopId,
      before: { status: before.status, lastCheckError: before.lastCheckError },
      after: { ok: check.ok, problem },
    });
  });
  return { check, shop: await getShop(deps.db, shopId) };
}
