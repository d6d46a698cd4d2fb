// Promotions and coupon codes for staff: create and edit the rules, pause or archive them,
// issue single codes or generated batches, and see how much each has been used and given.
import { randomInt } from 'node:crypto';
import { type Executor, outer } from '@crossdock/db/client';
import {
  categories,
  couponBatches,
  coupons,
  products,
  promotionRedemptions,
  promotions,
} from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import type { PromotionTarget } from '@crossdock/domain/pricing';
import {
  COUPON_ALPHABET,
  type CreatePromotionInput,
  type UpdatePromotionInput,
} from '@crossdock/domain/promotions';
import { and, eq, ilike, inArray, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { afterCursor, toPage } from '../../infra/cursor';
import { referenceWrite } from '../../infra/reference-cache';
import { type Actor, writeAudit } from '../identity/audit';

async function assertTargetExists(tx: Executor, target: PromotionTarget | undefined) {
  if (!target || target.kind === 'order') return;
  const ids = [...new Set(target.ids)];
  if (target.kind === 'categories') {
    const found = await tx.select({ id: categories.id }).from(categories).where(inArray(categories.id, ids));
    if (found.length !== ids.length)
      throw new DomainError('UNKNOWN_CATEGORY', 'One of the chosen categories does not exist');
  } else {
    const found = await tx.select({ id: products.id }).from(products).where(inArray(products.id, ids));
    if (found.length !== ids.length)
      throw new DomainError('UNKNOWN_PRODUCT', 'One of the chosen products does not exist');
  }
}

function notFound(): never {
  throw new DomainError('NOT_FOUND', 'There is no such promotion');
}

export async function createPromotion(deps: AppDeps, actor: Actor, input: CreatePromotionInput) {
  return referenceWrite(deps, async (tx) => {
    await assertTargetExists(tx, input.target);
    const [row] = await tx.insert(promotions).values(input).returning();
    await writeAudit(tx, actor, {
      action: 'promotion.created',
      entityType: 'promotion',
      entityId: row!.id,
      after: row,
    });
    return row!;
  });
}

export async function updatePromotion(deps: AppDeps, actor: Actor, input: UpdatePromotionInput) {
  const { id, ...changes } = input;
  return referenceWrite(deps, async (tx) => {
    const [before] = await tx.select().from(promotions).where(eq(promotions.id, id)).for('update');
    if (!before) notFound();
    if (changes.requiresCoupon === false && before.requiresCoupon) {
      const [code] = await tx
        .select({ id: coupons.id })
        .from(coupons)
        .where(eq(coupons.promotionId, id))
        .limit(1);
      if (code) {
        throw new DomainError(
          'PROMOTION_NOT_COUPON',
          'This promotion has coupon codes; it cannot become automatic. Create a new promotion instead.',
        );
      }
    }
    await assertTargetExists(tx, changes.target);
    const [after] = await tx.update(promotions).set(changes).where(eq(promotions.id, id)).returning();
    await writeAudit(tx, actor, {
      action: 'promotion.updated',
      entityType: 'promotion',
      entityId: id,
      before,
      after,
    });
    return after!;
  });
}

export async function setPromotionStatus(
  deps: AppDeps,
  actor: Actor,
  input: { id: string; status: 'active' | 'paused' | 'archived' },
) {
  return referenceWrite(deps, async (tx) => {
    const [before] = await tx.select().from(promotions).where(eq(promotions.id, input.id)).for('update');
    if (!before) notFound();
    const [after] = await tx
      .update(promotions)
      .set({ status: input.status })
      .where(eq(promotions.id, input.id))
      .returning();
    await writeAudit(tx, actor, {
      action: `promotion.${input.status}`,
      entityType: 'promotion',
      entityId: input.id,
      before: { status: before.status },
      after: { status: input.status },
    });
    return after!;
  });
}

// outer(): Drizzle leaves single-table columns unqualified, and coupons has an id of its own (ADR 0014).
const couponCount = sql<number>`(select count(*)::int from ${coupons} where ${coupons.promotionId} = ${outer('promotions', 'id')})`;
/** Uses by orders not cancelled, and what they were given (base currency): for every promotion, limited or not. */
const usage = {
  uses: sql<number>`(select count(*)::int from ${promotionRedemptions} where ${promotionRedemptions.promotionId} = ${outer('promotions', 'id')} and ${promotionRedemptions.reversedAt} is null)`,
  given: sql<number>`(select coalesce(sum(${promotionRedemptions.amountBase}), 0)::bigint from ${promotionRedemptions} where ${promotionRedemptions.promotionId} = ${outer('promotions', 'id')} and ${promotionRedemptions.reversedAt} is null)`,
};

export async function listPromotions(
  deps: AppDeps,
  input: { limit: number; cursor?: string; status?: string; requiresCoupon?: boolean; q?: string },
) {
  const rows = await deps.db
    .select({ promotion: promotions, coupons: couponCount, ...usage })
    .from(promotions)
    .where(
      and(
        input.status ? eq(promotions.status, input.status as 'active') : undefined,
        input.requiresCoupon === undefined ? undefined : eq(promotions.requiresCoupon, input.requiresCoupon),
        // The name in either language.
        input.q
          ? ilike(
              sql`concat_ws(' ', ${promotions.name}->>'en', ${promotions.name}->>'zh-CN')`,
              `%${input.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
            )
          : undefined,
        afterCursor(input.cursor, promotions.createdAt, promotions.id, 'desc'),
      ),
    )
    .orderBy(sql`${promotions.createdAt} desc, ${promotions.id} desc`)
    .limit(input.limit + 1);
  const page = toPage(
    rows.map((r) => ({ ...r.promotion, coupons: r.coupons, uses: r.uses, given: Number(r.given) })),
    input.limit,
  );
  return page;
}

export async function getPromotion(deps: AppDeps, id: string) {
  const [row] = await deps.db
    .select({ promotion: promotions, coupons: couponCount, ...usage })
    .from(promotions)
    .where(eq(promotions.id, id));
  if (!row) notFound();
  return { ...row.promotion, coupons: row.coupons, uses: row.uses, given: Number(row.given) };
}

async function couponPromotion(tx: Executor, promotionId: string) {
  const [promotion] = await tx.select().from(promotions).where(eq(promotions.id, promotionId)).for('share');
  if (!promotion) notFound();
  if (!promotion.requiresCoupon) {
    throw new DomainError(
      'PROMOTION_NOT_COUPON',
      'This promotion applies automatically; codes are for promotions that require a coupon',
    );
  }
  return promotion;
}

export async function createCoupon(
  deps: AppDeps,
  actor: Actor,
  input: { promotionId: string; code: string; usageLimit: number | null },
) {
  return deps.db.transaction(async (tx) => {
    await couponPromotion(tx, input.promotionId);
    const [row] = await tx.insert(coupons).values(input).returning();
    await writeAudit(tx, actor, {
      action: 'coupon.created',
      entityType: 'coupon',
      entityId: row!.id,
      after: row,
    });
    return row!;
  });
}

function randomCode(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < 8; i++) suffix += COUPON_ALPHABET[randomInt(COUPON_ALPHABET.length)];
  return `${prefix}-${suffix}`;
}

/**
 * `count` unique random codes `PREFIX-XXXXXXXX` in one batch. A drawn code that already exists
 * is skipped by the insert and drawn again in the next round (at most 20 rounds).
 */
export async function generateCoupons(
  deps: AppDeps,
  actor: Actor,
  input: { promotionId: string; prefix: string; count: number; usageLimitPerCode: number | null },
) {
  return deps.db.transaction(async (tx) => {
    await couponPromotion(tx, input.promotionId);
    const [batch] = await tx
      .insert(couponBatches)
      .values({
        promotionId: input.promotionId,
        prefix: input.prefix,
        size: input.count,
        usageLimitPerCode: input.usageLimitPerCode,
        createdBy: actor.id,
      })
      .returning();
    let made = 0;
    for (let round = 0; made < input.count; round++) {
      if (round > 20) throw new Error('Could not draw enough unique coupon codes');
      const wanted = Math.min(input.count - made, 1000);
      const inserted = await tx
        .insert(coupons)
        .values(
          Array.from({ length: wanted }, () => ({
            code: randomCode(input.prefix),
            promotionId: input.promotionId,
            batchId: batch!.id,
            usageLimit: input.usageLimitPerCode,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: coupons.id });
      made += inserted.length;
    }
    await writeAudit(tx, actor, {
      action: 'coupon.batch_generated',
      entityType: 'coupon_batch',
      entityId: batch!.id,
      after: { promotionId: input.promotionId, prefix: input.prefix, count: input.count },
    });
    return { batchId: batch!.id, count: made };
  });
}

export async function listCoupons(
  deps: AppDeps,
  input: { promotionId: string; limit: number; cursor?: string },
) {
  const rows = await deps.db
    .select()
    .from(coupons)
    .where(
      and(
        eq(coupons.promotionId, input.promotionId),
        afterCursor(input.cursor, coupons.createdAt, coupons.id, 'desc'),
      ),
    )
    .orderBy(sql`${coupons.createdAt} desc, ${coupons.id} desc`)
    .limit(input.limit + 1);
  return toPage(rows, input.limit);
}
