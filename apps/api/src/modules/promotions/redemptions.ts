// Using promotions and codes: an order counts against the limited ones (usage limit, budget)
// and records a redemption for each discount it got; cancelling the order gives them back. The
// promotions module alone writes these counters and rows; checkout and orders call it inside
// their own transactions.
import { type Executor, settleAll } from '@crossdock/db/client';
import { coupons, promotionRedemptions, promotions } from '@crossdock/db/schema';
import type { LocalizedText } from '@crossdock/domain/catalog';
import { DomainError } from '@crossdock/domain/errors';
import { and, eq, isNotNull, isNull, or, sql } from 'drizzle-orm';

export interface OfferClaims {
  /** Discounts from promotions that have a usage limit or a budget. */
  promotions: { promotionId: string; name: LocalizedText; amountBase: number }[];
  /** The code, when it has a usage limit. */
  coupon: { couponId: string; code: string } | null;
}

/**
 * Counts the order against the limited promotions and the code it uses, each by a conditional
 * update, or refuses it (PROMOTION_UNAVAILABLE). Unlimited ones are not counted on their row: it
 * would be one lock every checkout queues on, and their use is the redemption rows. The updates
 * are sent together (the caller runs them beside the stock reservations).
 */
export async function claimOffers(tx: Executor, claims: OfferClaims): Promise<void> {
  const updates: Promise<void>[] = claims.promotions.map((claim) =>
    tx
      .update(promotions)
      .set({
        timesUsed: sql`${promotions.timesUsed} + 1`,
        budgetUsed: sql`${promotions.budgetUsed} + ${claim.amountBase}`,
      })
      .where(
        and(
          eq(promotions.id, claim.promotionId),
          eq(promotions.status, 'active'),
          or(isNull(promotions.usageLimit), sql`${promotions.timesUsed} < ${promotions.usageLimit}`),
          or(
            isNull(promotions.budget),
            sql`${promotions.budgetUsed} + ${claim.amountBase} <= ${promotions.budget}`,
          ),
        ),
      )
      .returning({ id: promotions.id })
      .then(([used]) => {
        if (!used) {
          throw new DomainError(
            'PROMOTION_UNAVAILABLE',
            `“${claim.name.en}” has just run out; review your order and try again`,
          );
        }
      }),
  );
  if (claims.coupon) {
    const { couponId, code } = claims.coupon;
    updates.push(
      tx
        .update(coupons)
        .set({ timesUsed: sql`${coupons.timesUsed} + 1` })
        .where(
          and(
            eq(coupons.id, couponId),
            or(isNull(coupons.usageLimit), sql`${coupons.timesUsed} < ${coupons.usageLimit}`),
          ),
        )
        .returning({ id: coupons.id })
        .then(([used]) => {
          if (!used) {
            throw new DomainError(
              'PROMOTION_UNAVAILABLE',
              `The code ${code} has just been used up; review your order`,
            );
          }
        }),
    );
  }
  await settleAll(updates);
}

export interface Redemption {
  promotionId: string;
  couponId: string | null;
  orderId: string;
  customerId: string;
  amount: number;
  currency: string;
  amountBase: number;
}

/** One row per discount the order got: what per-customer limits and reports count. */
export async function recordRedemptions(tx: Executor, rows: Redemption[], now: Date): Promise<void> {
  if (rows.length) await tx.insert(promotionRedemptions).values(rows.map((r) => ({ ...r, createdAt: now })));
}

/** An order cancelled or expired gives its uses back (once: the redemptions are marked). */
export async function giveBackRedemptions(tx: Executor, orderId: string, now: Date): Promise<void> {
  const used = await tx
    .update(promotionRedemptions)
    .set({ reversedAt: now })
    .where(and(eq(promotionRedemptions.orderId, orderId), isNull(promotionRedemptions.reversedAt)))
    .returning();
  for (const r of used) {
    await tx
      .update(promotions)
      .set({
        timesUsed: sql`greatest(${promotions.timesUsed} - 1, 0)`,
        budgetUsed: sql`greatest(${promotions.budgetUsed} - ${r.amountBase}, 0)`,
      })
      // Only limited promotions and codes count their uses (see claimOffers).
      .where(
        and(
          eq(promotions.id, r.promotionId),
          or(isNotNull(promotions.usageLimit), isNotNull(promotions.budget)),
        ),
      );
    if (r.couponId) {
      await tx
        .update(coupons)
        .set({ timesUsed: sql`greatest(${coupons.timesUsed} - 1, 0)` })
        .where(and(eq(coupons.id, r.couponId), isNotNull(coupons.usageLimit)));
    }
  }
}
