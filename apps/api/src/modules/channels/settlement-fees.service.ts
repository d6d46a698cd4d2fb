// What the platforms kept of a shop's orders, from their settlements (Amazon's settlement report,
// imported): a row per transaction of an order in a settlement, so importing a settlement again
// changes nothing and a corrected one replaces its own rows only. An order's platform fees are
// the sum of its rows, set on the order in the book — now, or when it comes in.
import type { Executor } from '@crossdock/db/client';
import { channelSettlementFees } from '@crossdock/db/schema';
import type { SettlementFees } from '@crossdock/domain/channel-imports';
import { settledPlatformFees } from '@crossdock/domain/channel-orders';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { setPlatformFees } from '../orders/channel-orders.service';

/** What became of a batch of a settlement's transactions. */
export interface FeesTally {
  itemsNew: number;
  itemsUpdated: number;
  itemsUnchanged: number;
  /** Transactions of orders not in the book yet: their fees wait for them. */
  itemsWaiting: number;
}

/** Keeps a batch of a settlement's transactions and sets the fees of the orders they are of. */
export async function takeSettlementFees(
  tx: Executor,
  shopId: string,
  batch: readonly SettlementFees[],
  now: Date,
): Promise<FeesTally> {
  const tally: FeesTally = { itemsNew: 0, itemsUpdated: 0, itemsUnchanged: 0, itemsWaiting: 0 };
  if (batch.length === 0) return tally;
  // A transaction twice in one batch (never in Amazon's files) is taken once, its last word.
  const unique = [...new Map(batch.map((t) => [`${t.settlementId}\u0000${t.transaction}`, t])).values()];
  const held = new Map(
    (
      await tx
        .select({
          settlementId: channelSettlementFees.settlementId,
          transaction: channelSettlementFees.transaction,
          fees: channelSettlementFees.fees,
        })
        .from(channelSettlementFees)
        .where(
          and(
            eq(channelSettlementFees.shopId, shopId),
            inArray(
              channelSettlementFees.transaction,
              unique.map((t) => t.transaction),
            ),
          ),
        )
    ).map((r) => [`${r.settlementId}\u0000${r.transaction}`, r.fees]),
  );
  const changed = unique.filter((t) => {
    const before = held.get(`${t.settlementId}\u0000${t.transaction}`);
    if (before === undefined) tally.itemsNew++;
    else if (before !== t.fees) tally.itemsUpdated++;
    else tally.itemsUnchanged++;
    return before !== t.fees;
  });
  if (changed.length === 0) return tally;
  await tx
    .insert(channelSettlementFees)
    .values(
      changed.map((t) => ({
        shopId,
        settlementId: t.settlementId,
        transaction: t.transaction,
        externalOrderId: t.orderId,
        fees: t.fees,
        postedAt: t.postedAt ? new Date(t.postedAt) : null,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .onConflictDoUpdate({
      target: [
        channelSettlementFees.shopId,
        channelSettlementFees.settlementId,
        channelSettlementFees.transaction,
      ],
      set: { fees: sql`excluded.fees`, postedAt: sql`excluded.posted_at`, updatedAt: now },
    });
  const orderIds = [...new Set(changed.map((t) => t.orderId))];
  const inBook = await setPlatformFees(tx, shopId, await settlementFeesOf(tx, shopId, orderIds), now);
  tally.itemsWaiting = changed.filter((t) => !inBook.has(t.orderId)).length;
  return tally;
}

/** The platform fees of a shop's orders by their settlements (`settledPlatformFees`), for those that have any. */
export async function settlementFeesOf(
  db: Executor,
  shopId: string,
  externalOrderIds: readonly string[],
): Promise<Map<string, number>> {
  if (externalOrderIds.length === 0) return new Map();
  const rows = await db
    .select({
      externalOrderId: channelSettlementFees.externalOrderId,
      fees: sql<number[]>`array_agg(${channelSettlementFees.fees})`,
    })
    .from(channelSettlementFees)
    .where(
      and(
        eq(channelSettlementFees.shopId, shopId),
        // One array parameter for a batch of a thousand.
        sql`${channelSettlementFees.externalOrderId} = any(${sql.param([...externalOrderIds])}::text[])`,
      ),
    )
    .groupBy(channelSettlementFees.externalOrderId);
  return new Map(rows.map((r) => [r.externalOrderId, settledPlatformFees(r.fees)]));
}
