// Loyalty points: a ledger per customer. A completed order earns points for what was paid and
// kept (in base-currency units, at the store's rate); a refund after that takes back its share,
// never more than the customer still has. The balance is the ledger's sum.
import type { Executor } from '@crossdock/db/client';
import { type orders, pointsBalances, pointsLedger } from '@crossdock/db/schema';
import { type PointsRules, pointsEarned } from '@crossdock/domain/loyalty';
import { currency, minorUnitDigits } from '@crossdock/domain/money';
import { convertAmountToBase } from '@crossdock/domain/prices';
import { and, desc, eq, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { decodeKeyset, encodeKeyset } from '../../infra/cursor';
import { settingFor } from '../catalog/currencies';
import { pricingReference } from '../pricing/reference';

type OrderRow = typeof orders.$inferSelect;

/** The balance row the ledger's trigger keeps (no row: no points yet). */
export async function balanceOf(db: Executor, customerId: string): Promise<number> {
  const [row] = await db
    .select({ balance: pointsBalances.balance })
    .from(pointsBalances)
    .where(eq(pointsBalances.customerId, customerId));
  return row?.balance ?? 0;
}

/**
 * Spends points on an order, inside the checkout's transaction. The database refuses a
 * redemption beyond the balance (`points_balances_not_negative`), whatever was read before.
 */
export function redeemPoints(
  tx: Executor,
  redemption: { customerId: string; points: number; orderId: string },
  now: Date,
) {
  return tx
    .insert(pointsLedger)
    .values({ ...redemption, reason: 'redeemed', points: -redemption.points, createdAt: now });
}

/** On completion, inside the completing transaction. Earning twice for an order is impossible. */
export async function earnPoints(deps: AppDeps, tx: Executor, order: OrderRow, now: Date): Promise<number> {
  // Marketplace buyers are the platform's customers: they collect no points of ours.
  if (!order.customerId) return 0;
  const { customerId } = order;
  const { pricing, settings } = await pricingReference(deps);
  const kept = order.total - order.refunded;
  const base = convertAmountToBase(kept, settingFor(pricing, order.currency), pricing.base);
  const points = pointsEarned(base, minorUnitDigits(currency(pricing.base)), rulesOf(settings));
  if (points <= 0) return 0;
  await tx
    .insert(pointsLedger)
    .values({ customerId, reason: 'earned', points, orderId: order.id, createdAt: now })
    .onConflictDoNothing();
  return points;
}

/** A refund of `amount` takes back its share of what the order earned (if it earned yet). */
export async function reversePointsForRefund(
  tx: Executor,
  order: OrderRow,
  amount: number,
  now: Date,
): Promise<void> {
  const { customerId } = order;
  if (amount <= 0 || order.total <= 0 || !customerId) return;
  const [earned] = await tx
    .select({ points: pointsLedger.points })
    .from(pointsLedger)
    .where(and(eq(pointsLedger.orderId, order.id), eq(pointsLedger.reason, 'earned')));
  if (!earned) return;
  const share = Math.floor((earned.points * amount) / order.total);
  const points = Math.min(share, await balanceOf(tx, customerId));
  if (points <= 0) return;
  await tx.insert(pointsLedger).values({
    customerId,
    reason: 'reversed',
    points: -points,
    orderId: order.id,
    createdAt: now,
  });
}

export const rulesOf = (settings: {
  pointsPerUnit: number;
  pointsPerUnitRedeemed: number;
  pointsMaxShareBasisPoints: number;
}): PointsRules => ({
  perUnit: settings.pointsPerUnit,
  perUnitRedeemed: settings.pointsPerUnitRedeemed,
  maxShareBasisPoints: settings.pointsMaxShareBasisPoints,
});

/** An order that ends unpaid, or is refunded in full, gives back the points it spent (once). */
export async function restoreRedeemedPoints(tx: Executor, order: OrderRow, now: Date): Promise<void> {
  if (order.pointsRedeemed <= 0 || !order.customerId) return;
  await tx
    .insert(pointsLedger)
    .values({
      customerId: order.customerId,
      reason: 'restored',
      points: order.pointsRedeemed,
      orderId: order.id,
      createdAt: now,
    })
    .onConflictDoNothing();
}

const cursorShape = z.tuple([z.string(), z.uuid()]);

/** The balance and the ledger, newest first, keyset-paged. */
export async function pointsOf(db: Executor, customerId: string, input: { limit: number; cursor?: string }) {
  const after = input.cursor ? decodeKeyset(input.cursor, cursorShape) : null;
  const rows = await db
    .select()
    .from(pointsLedger)
    .where(
      and(
        eq(pointsLedger.customerId, customerId),
        after
          ? or(
              lt(pointsLedger.createdAt, new Date(after[0])),
              and(eq(pointsLedger.createdAt, new Date(after[0])), lt(pointsLedger.id, after[1])),
            )
          : undefined,
      ),
    )
    .orderBy(desc(pointsLedger.createdAt), desc(pointsLedger.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    balance: await balanceOf(db, customerId),
    entries: page.map((r) => ({
      id: r.id,
      reason: r.reason,
      points: r.points,
      orderId: r.orderId,
      at: r.createdAt,
    })),
    nextCursor:
      rows.length > input.limit && last ? encodeKeyset([last.createdAt.toISOString(), last.id]) : null,
  };
}
