// "Test connection": sign in to the shop's platform with its credentials and read the account.
// A refusal marks the shop as needing re-authorisation (its syncs stop until new credentials
// come); an unreachable platform changes nothing but the note of the last check.
import { shops } from '@crossdock/db/schema';
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import type { ConnectionCheck } from '../../infra/marketplaces/connector';
import { type Actor, writeAudit } from '../identity/audit';
import { connectorFor, requireConnector } from './adapters';
import { getShop, shopCredentialsFor } from './shops.service';

export async function testConnection(deps: AppDeps, actor: Actor, shopId: string) {
  const before = await getShop(deps.db, shopId);
  requireConnector(before.platform);
  const check: ConnectionCheck = await connectorFor(deps, await shopCredentialsFor(deps, shopId), {
    marketplace: before.marketplace,
  }).testConnection();
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
