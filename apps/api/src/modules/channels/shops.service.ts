// Marketplace shops: add, change, list. A shop's credentials are sealed before they are written
// (infra/credentials) and never leave this module in the clear: views carry the account they
// sign in to, not the secrets. Rotation re-seals every shop with the keyring's current key.
import type { Executor } from '@crossdock/db/client';
import { isForeignKeyViolation, isUniqueViolation } from '@crossdock/db/errors';
import { shops } from '@crossdock/db/schema';
import type {
  CreateShopInput,
  Platform,
  ShopCredentials,
  ShopStatus,
  UpdateShopInput,
} from '@crossdock/domain/channels';
import { DomainError } from '@crossdock/domain/errors';
import { and, asc, eq, gt, inArray, ne, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { CredentialsError, open, seal } from '../../infra/credentials';
import { decodeKeyset, encodeKeyset } from '../../infra/cursor';
import { type Actor, writeAudit } from '../identity/audit';
import { warehouseLabels } from '../inventory/inventory.service';
import { hasConnector } from './adapters';

type ShopRow = typeof shops.$inferSelect;

/** What staff see of a shop: everything but the credentials. */
export function shopView(row: ShopRow) {
  return {
    id: row.id,
    name: row.name,
    platform: row.platform as Platform,
    marketplace: row.marketplace,
    currency: row.currency,
    timeZone: row.timeZone,
    warehouseId: row.warehouseId,
    account: row.account,
    stockBuffer: row.stockBuffer,
    syncIntervalMinutes: row.syncIntervalMinutes,
    status: row.status as ShopStatus,
    /** Whether its orders come by API sync (an adapter speaks its platform), or by file. */
    syncable: hasConnector(row.platform as Platform),
    lastCheckedAt: row.lastCheckedAt,
    lastCheckError: row.lastCheckError,
    /** How far the orders sync has read, and when it last finished. */
    ordersCursor: row.ordersCursor,
    lastSyncedAt: row.lastSyncedAt,
    lastSyncError: row.lastSyncError,
    /** Its listings as the platform shows them: a pull running, the last one's end, its failure. */
    listingsPulling: row.listingsPullStartedAt !== null,
    listingsPulledAt: row.listingsPulledAt,
    listingsPullError: row.listingsPullError,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
export type ShopView = ReturnType<typeof shopView>;

/** The account credentials sign in to, as staff recognise it; never a secret. */
function accountOf(credentials: ShopCredentials): string | null {
  if (credentials.platform === 'amazon') return credentials.sellingPartnerId;
  if (credentials.platform === 'shopify') return credentials.shopDomain;
  return null;
}

function refuseWrite(error: unknown): never {
  if (isUniqueViolation(error, 'shops_name_key')) {
    throw new DomainError('SHOP_NAME_TAKEN', 'Another shop has this name');
  }
  if (isForeignKeyViolation(error, 'shops_currency_currencies_code_fk')) {
    throw new DomainError(
      'SHOP_CURRENCY_NO_RATE',
      'Add this currency and its exchange rate in Settings → Currencies first: reports convert the shop’s sales with it',
    );
  }
  if (isForeignKeyViolation(error)) throw new DomainError('UNKNOWN_WAREHOUSE', 'There is no such warehouse');
  throw error;
}

const nameCursor = z.tuple([z.string(), z.uuid()]);

/** Shops by name (case-insensitive), a page at a time. */
export async function listShops(
  db: Executor,
  input: { limit: number; cursor?: string; platform?: Platform; status?: ShopStatus },
) {
  const after = input.cursor ? decodeKeyset(input.cursor, nameCursor) : null;
  const key = sql`lower(${shops.name})`;
  const rows = await db
    .select()
    .from(shops)
    .where(
      and(
        input.platform ? eq(shops.platform, input.platform) : undefined,
        input.status ? eq(shops.status, input.status) : undefined,
        after ? or(gt(key, after[0]), and(eq(key, after[0]), gt(shops.id, after[1]))) : undefined,
      ),
    )
    .orderBy(asc(key), asc(shops.id))
    .limit(input.limit + 1);
  const items = await withWarehouses(db, rows.slice(0, input.limit).map(shopView));
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > input.limit && last ? encodeKeyset([last.name.toLowerCase(), last.id]) : null,
  };
}

export async function getShop(db: Executor, id: string) {
  const [row] = await db.select().from(shops).where(eq(shops.id, id));
  if (!row) throw new DomainError('UNKNOWN_SHOP', 'There is no such shop');
  const [shop] = await withWarehouses(db, [shopView(row)]);
  return shop!;
}

/** The views with the name of the warehouse each ships from. */
async function withWarehouses(db: Executor, views: ShopView[]) {
  const labels = await warehouseLabels(
    db,
    views.map((v) => v.warehouseId),
  );
  return views.map((v) => ({ ...v, warehouse: labels.get(v.warehouseId) ?? null }));
}

export async function createShop(deps: AppDeps, actor: Actor, input: CreateShopInput): Promise<ShopView> {
  const { credentials, ...fields } = input;
  const sealed = seal(deps.credentials, credentials);
  return deps.db
    .transaction(async (tx) => {
      const [row] = await tx
        .insert(shops)
        .values({
          ...fields,
          account: accountOf(credentials),
          credentialsSealed: sealed.sealed,
          credentialsKeyId: sealed.keyId,
          createdAt: actor.at,
          updatedAt: actor.at,
        })
        .returning();
      const view = shopView(row!);
      await writeAudit(tx, actor, {
        action: 'shop.created',
        entityType: 'shop',
        entityId: view.id,
        after: view,
      });
      return view;
    })
    .catch(refuseWrite);
}

export async function updateShop(deps: AppDeps, actor: Actor, input: UpdateShopInput): Promise<ShopView> {
  const { id, credentials, ...fields } = input;
  return deps.db
    .transaction(async (tx) => {
      const [before] = await tx.select().from(shops).where(eq(shops.id, id)).for('update');
      if (!before) throw new DomainError('UNKNOWN_SHOP', 'There is no such shop');
      if (credentials && credentials.platform !== before.platform) {
        throw new DomainError('VALIDATION_FAILED', 'These credentials are for another platform');
      }
      if (before.status === 'needs_reauth' && fields.status === 'active' && !credentials) {
        throw new DomainError(
          'VALIDATION_FAILED',
          'The platform refused these credentials: enter new ones to re-activate the shop',
        );
      }
      const sealed = credentials ? seal(deps.credentials, credentials) : null;
      const [row] = await tx
        .update(shops)
        .set({
          ...fields,
          ...(sealed && credentials
            ? {
                credentialsSealed: sealed.sealed,
                credentialsKeyId: sealed.keyId,
                account: accountOf(credentials),
                // New credentials are the answer to "needs re-authorisation".
                ...(before.status === 'needs_reauth' && !fields.status ? { status: 'active' as const } : {}),
              }
            : {}),
          updatedAt: actor.at,
        })
        .where(eq(shops.id, id))
        .returning();
      const after = shopView(row!);
      await writeAudit(tx, actor, {
        action: 'shop.updated',
        entityType: 'shop',
        entityId: id,
        before: shopView(before),
        after: { ...after, ...(credentials ? { credentials: 'replaced' } : {}) },
      });
      return after;
    })
    .catch(refuseWrite);
}

/** A shop's credentials in the clear, for its connector's call; never for a client. */
export async function shopCredentialsFor(deps: AppDeps, shopId: string): Promise<ShopCredentials> {
  const [row] = await deps.db
    .select({ sealed: shops.credentialsSealed, keyId: shops.credentialsKeyId })
    .from(shops)
    .where(eq(shops.id, shopId));
  if (!row) throw new DomainError('UNKNOWN_SHOP', 'There is no such shop');
  try {
    return open<ShopCredentials>(deps.credentials, row);
  } catch (error) {
    if (!(error instanceof CredentialsError)) throw error;
    // A key left out of CREDENTIAL_KEYS too early, or a row changed by hand: say so.
    throw new DomainError(
      'CREDENTIALS_UNREADABLE',
      `The shop's credentials cannot be opened: ${error.message}`,
    );
  }
}

/**
 * Re-seals every shop's credentials that an older key sealed with the current one, a batch per
 * transaction (rows locked, so a concurrent edit waits). Returns how many were re-sealed; once
 * it has run, the older keys can leave CREDENTIAL_KEYS.
 */
export async function rotateCredentials(deps: AppDeps, batchSize = 100): Promise<number> {
  const current = deps.credentials.current.id;
  let total = 0;
  for (;;) {
    const done = await deps.db.transaction(async (tx) => {
      const stale = await tx
        .select({ id: shops.id, sealed: shops.credentialsSealed, keyId: shops.credentialsKeyId })
        .from(shops)
        .where(ne(shops.credentialsKeyId, current))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      for (const row of stale) {
        const resealed = seal(deps.credentials, open(deps.credentials, row));
        await tx
          .update(shops)
          .set({ credentialsSealed: resealed.sealed, credentialsKeyId: resealed.keyId })
          .where(eq(shops.id, row.id));
      }
      return stale.length;
    });
    total += done;
    if (done < batchSize) return total;
  }
}

/** Shops' names by id, for other modules' reports. */
export async function shopNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: shops.id, name: shops.name })
    .from(shops)
    .where(inArray(shops.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}
