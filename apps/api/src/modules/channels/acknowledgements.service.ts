// What Crossdock tells a platform of its orders, beyond their shipments: that an order was taken
// in (Amazon's order acknowledgement, with our order number), and that the seller cancels one it
// will not ship. Both are pushes in the push log. Amazon takes them many at a time in its order
// acknowledgement feed and answers later, so they go as one feed per shop and wait for its
// processing report; Shopify cancels one order per call (orderCancel, in the push job).
//
// A cancellation is a request: our order is cancelled when the platform says it is (the next
// sync or webhook brings its cancellation, which releases the stock), so the platform stays the
// source of truth for its orders and nothing here goes backwards if it refuses.
import type { Tx } from '@crossdock/db/client';
import { channelPushes, shops } from '@crossdock/db/schema';
import {
  cancellableOnPlatform,
  type Platform,
  platformCancelsOrders,
  platformNames,
  type SellerCancelReason,
} from '@crossdock/domain/channels';
import { DomainError } from '@crossdock/domain/errors';
import { and, asc, eq, inArray, isNotNull, isNull, lte } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import type { EventHandler } from '../../infra/event-relay';
import {
  ConnectorError,
  type OrderAcknowledgement,
  type OrderAcknowledgements,
} from '../../infra/marketplaces/connector';
import { type Actor, writeAudit } from '../identity/audit';
import { channelOrderFacts, noteChannelRequest } from '../orders/channel-orders.service';
import { acknowledgesOrders } from './adapters';
import { CLAIM_MS, claimPush, connectorOfShop, MAX_PUSH_ATTEMPTS, pushRetryDelayMs } from './pushes.service';

/** What an acknowledgement or cancellation push carries. */
export type AcknowledgementPayload = {
  orderId: string;
  merchantOrderId: string;
} & ({ accepted: true } | { accepted: false; reason: SellerCancelReason; externalLineIds: string[] });

/** Acknowledgements in one feed at most (Amazon takes feeds of up to 10 MB; this is far under). */
const FEED_MESSAGES = 5_000;
/** How often a submitted feed is asked after: Amazon processes one in minutes. */
const FEED_CHECK_MS = 60_000;

/**
 * A seller-fulfilled order on a platform that takes acknowledgements is owed one once it is paid
 * (Amazon acknowledges Unshipped orders, not Pending ones): accepted, under our order number.
 */
export const acknowledgementHandler: EventHandler = {
  name: 'channels.acknowledgement',
  events: ['order.placed', 'order.pay'],
  async handle(tx: Tx, event) {
    const payload = event.payload as { shopId?: string | null };
    if (event.type === 'order.placed' && !payload.shopId) return;
    const facts = await channelOrderFacts(tx, event.aggregateId);
    if (facts?.fulfilledBy !== 'merchant' || !['paid', 'processing'].includes(facts.status)) return;
    const [shop] = await tx
      .select({ platform: shops.platform })
      .from(shops)
      .where(eq(shops.id, facts.shopId));
    if (!shop || !acknowledgesOrders(shop.platform as Platform)) return;
    const ack: AcknowledgementPayload = { orderId: facts.id, merchantOrderId: facts.number, accepted: true };
    await tx
      .insert(channelPushes)
      .values({
        shopId: facts.shopId,
        kind: 'acknowledgement',
        subject: facts.externalId,
        payload: ack,
        nextAt: event.occurredAt,
        createdAt: event.occurredAt,
      })
      .onConflictDoNothing();
  },
};

/**
 * Asks the order's platform to cancel it (staff cannot ship it: out of stock, the buyer asked, an
 * address no carrier takes). Only a seller-fulfilled order not yet shipped, on a platform that
 * cancels; asking again while a request waits changes nothing; a refused one can be asked again.
 */
export async function requestPlatformCancellation(
  deps: AppDeps,
  actor: Actor,
  input: { orderId: string; reason: SellerCancelReason },
) {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const facts = await channelOrderFacts(tx, input.orderId);
    if (!facts) throw new DomainError('NOT_A_CHANNEL_ORDER', 'This order was not placed on a marketplace');
    const [shop] = await tx.select().from(shops).where(eq(shops.id, facts.shopId));
    const platform = shop!.platform as Platform;
    if (!platformCancelsOrders(platform)) {
      throw new DomainError(
        'PLATFORM_CANNOT_CANCEL',
        `Crossdock cannot cancel ${platformNames[platform]} orders; cancel it on ${platformNames[platform]}`,
        { platform },
      );
    }
    if (facts.fulfilledBy !== 'merchant') {
      throw new DomainError(
        'PLATFORM_FULFILS',
        `${platformNames[platform]} fulfils this order; only it can cancel it`,
      );
    }
    if (!cancellableOnPlatform.includes(facts.status)) {
      throw new DomainError('ORDER_NOT_CANCELLABLE', 'Only an order not yet shipped can be cancelled', {
        status: facts.status,
      });
    }
    const payload: AcknowledgementPayload = {
      orderId: facts.id,
      merchantOrderId: facts.number,
      accepted: false,
      reason: input.reason,
      externalLineIds: facts.externalLineIds,
    };
    const [armed] = await tx
      .insert(channelPushes)
      .values({
        shopId: facts.shopId,
        kind: 'cancellation',
        subject: facts.externalId,
        payload,
        nextAt: now,
        createdAt: now,
      })
      .onConflictDoUpdate({
        target: [channelPushes.shopId, channelPushes.kind, channelPushes.subject],
        set: {
          payload,
          status: 'pending',
          attempts: 0,
          nextAt: now,
          lastError: null,
          sentAt: null,
          batch: null,
          batchItem: null,
          createdAt: now,
        },
        // Only a refused request is asked again; one waiting or taken stands.
        setWhere: eq(channelPushes.status, 'failed'),
      })
      .returning({ id: channelPushes.id });
    if (armed) {
      await noteChannelRequest(
        tx,
        facts.id,
        { kind: 'staff', id: actor.id },
        `Asked ${platformNames[platform]} to cancel it (${input.reason.replaceAll('_', ' ')})`,
        now,
      );
    }
    await writeAudit(tx, actor, {
      action: 'order.cancel_on_platform',
      entityType: 'order',
      entityId: facts.id,
      // Asked again while the first request stands: recorded, nothing new sent.
      after: { number: facts.number, platform, reason: input.reason, sent: Boolean(armed) },
    });
    return cancellationOf(tx, facts.id);
  });
}

/** The cancellation asked of an order's platform, and where it stands; null if none was asked. */
export async function cancellationOf(db: Tx | AppDeps['db'], orderId: string) {
  const facts = await channelOrderFacts(db, orderId);
  if (!facts) return null;
  const [push] = await db
    .select()
    .from(channelPushes)
    .where(
      and(
        eq(channelPushes.shopId, facts.shopId),
        eq(channelPushes.kind, 'cancellation'),
        eq(channelPushes.subject, facts.externalId),
      ),
    );
  if (!push) return null;
  return {
    status: push.status,
    reason: (push.payload as AcknowledgementPayload & { accepted: false }).reason,
    requestedAt: push.createdAt,
    sentAt: push.sentAt,
    error: push.lastError,
  };
}

/**
 * Sends what is due to platforms that take acknowledgements in feeds: for each shop, one feed of
 * its waiting acknowledgements and cancellations, then, as their processing reports come, each
 * marked taken or refused. Returns how many the platforms answered.
 */
export async function sendDueAcknowledgements(deps: AppDeps): Promise<number> {
  let answered = 0;
  for (const batch of await dueBatches(deps)) answered += await checkBatch(deps, batch);
  for (const shopId of await shopsWithUnsent(deps)) await submitFeed(deps, shopId);
  return answered + (await sendDueCancellations(deps));
}

/** Cancellations due on platforms that cancel one order per call (Shopify), each claimed first. */
async function sendDueCancellations(deps: AppDeps, batch = 20): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db
    .select({ push: channelPushes, platform: shops.platform })
    .from(channelPushes)
    .innerJoin(shops, eq(shops.id, channelPushes.shopId))
    .where(
      and(
        eq(channelPushes.status, 'pending'),
        eq(channelPushes.kind, 'cancellation'),
        lte(channelPushes.nextAt, now),
      ),
    )
    .orderBy(asc(channelPushes.nextAt))
    .limit(batch);
  let sent = 0;
  for (const { push, platform } of due) {
    if (acknowledgesOrders(platform as Platform)) continue;
    const claimed = await claimPush(deps, push, now);
    if (!claimed) continue;
    try {
      const connector = await connectorOfShop(deps, claimed.shopId);
      if (!connector.cancelOrder) throw new ConnectorError('rejected', 'This platform cancels no orders');
      await connector.cancelOrder(
        claimed.subject,
        (claimed.payload as AcknowledgementPayload & { accepted: false }).reason,
      );
      await deps.db
        .update(channelPushes)
        .set({ status: 'sent', attempts: claimed.attempts + 1, sentAt: deps.clock.now(), lastError: null })
        .where(eq(channelPushes.id, claimed.id));
      sent++;
    } catch (error) {
      await deps.db.transaction((tx) => failedAttempt(deps, tx, claimed, error));
    }
  }
  return sent;
}

const fedKinds = ['acknowledgement', 'cancellation'] as const;

/** Shops (on a platform taking feeds) with acknowledgements or cancellations due that have not gone. */
async function shopsWithUnsent(deps: AppDeps): Promise<string[]> {
  const rows = await deps.db
    .selectDistinct({ shopId: channelPushes.shopId, platform: shops.platform })
    .from(channelPushes)
    .innerJoin(shops, eq(shops.id, channelPushes.shopId))
    .where(
      and(
        eq(channelPushes.status, 'pending'),
        inArray(channelPushes.kind, [...fedKinds]),
        isNull(channelPushes.batch),
        lte(channelPushes.nextAt, deps.clock.now()),
      ),
    );
  return rows.filter((r) => acknowledgesOrders(r.platform as Platform)).map((r) => r.shopId);
}

/** Feeds submitted whose outcome is due to be asked for. */
async function dueBatches(deps: AppDeps) {
  return deps.db
    .selectDistinct({
      shopId: channelPushes.shopId,
      batch: channelPushes.batch,
      nextAt: channelPushes.nextAt,
    })
    .from(channelPushes)
    .where(
      and(
        eq(channelPushes.status, 'pending'),
        isNotNull(channelPushes.batch),
        lte(channelPushes.nextAt, deps.clock.now()),
      ),
    )
    .orderBy(asc(channelPushes.nextAt));
}

/** The shop's platform's acknowledgements (a refusal for a platform without). */
async function acknowledgementsOf(deps: AppDeps, shopId: string) {
  const connector = await connectorOfShop(deps, shopId);
  if (!connector.acknowledgements)
    throw new ConnectorError('rejected', 'This platform takes no acknowledgements');
  return connector.acknowledgements;
}

/** One feed of a shop's waiting acknowledgements and cancellations, claimed first so none goes twice. */
async function submitFeed(deps: AppDeps, shopId: string): Promise<void> {
  const now = deps.clock.now();
  const claimed = await deps.db.transaction(async (tx) => {
    const due = await tx
      .select({ id: channelPushes.id })
      .from(channelPushes)
      .where(
        and(
          eq(channelPushes.shopId, shopId),
          eq(channelPushes.status, 'pending'),
          inArray(channelPushes.kind, [...fedKinds]),
          isNull(channelPushes.batch),
          lte(channelPushes.nextAt, now),
        ),
      )
      // Acknowledgements before cancellations: an order taken in and then cancelled says so in order.
      .orderBy(asc(channelPushes.kind), asc(channelPushes.createdAt))
      .limit(FEED_MESSAGES)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(channelPushes)
      .set({ nextAt: new Date(now.getTime() + CLAIM_MS) })
      .where(
        inArray(
          channelPushes.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
  if (claimed.length === 0) return;
  claimed.sort((a, b) =>
    a.kind === b.kind ? a.createdAt.getTime() - b.createdAt.getTime() : a.kind < b.kind ? -1 : 1,
  );
  try {
    const acknowledgements = await acknowledgementsOf(deps, shopId);
    const feedId = await acknowledgements.submit(
      claimed.map((push): OrderAcknowledgement => {
        const payload = push.payload as AcknowledgementPayload;
        return payload.accepted
          ? { externalId: push.subject, merchantOrderId: payload.merchantOrderId, accepted: true }
          : {
              externalId: push.subject,
              merchantOrderId: payload.merchantOrderId,
              accepted: false,
              reason: payload.reason,
              externalLineIds: payload.externalLineIds,
            };
      }),
    );
    await deps.db.transaction(async (tx) => {
      for (const [index, push] of claimed.entries()) {
        await tx
          .update(channelPushes)
          .set({
            batch: feedId,
            batchItem: index,
            attempts: push.attempts + 1,
            nextAt: new Date(deps.clock.now().getTime() + FEED_CHECK_MS),
          })
          .where(eq(channelPushes.id, push.id));
      }
    });
  } catch (error) {
    await deps.db.transaction(async (tx) => {
      for (const push of claimed) await failedAttempt(deps, tx, push, error);
    });
  }
}

/** A push that did not go: tried again later, or — refused, or tried enough — failed with why. */
async function failedAttempt(
  deps: AppDeps,
  tx: Tx,
  push: typeof channelPushes.$inferSelect,
  error: unknown,
  attempts = push.attempts + 1,
) {
  const message = (error as Error).message.slice(0, 500);
  if (!(error instanceof ConnectorError))
    deps.logger.warn({ err: error, pushId: push.id }, 'acknowledgement failed');
  const giveUp =
    (error instanceof ConnectorError && error.problem === 'rejected') || attempts >= MAX_PUSH_ATTEMPTS;
  const wait =
    error instanceof ConnectorError && error.retryAfterMs ? error.retryAfterMs : pushRetryDelayMs(attempts);
  await tx
    .update(channelPushes)
    .set({
      attempts,
      lastError: message,
      batch: null,
      batchItem: null,
      ...(giveUp ? { status: 'failed' as const } : { nextAt: new Date(deps.clock.now().getTime() + wait) }),
    })
    .where(eq(channelPushes.id, push.id));
  if (giveUp) await noteRefusal(deps, tx, push, message);
}

/** A refused cancellation goes on the order's timeline, so staff see it where they asked. */
async function noteRefusal(deps: AppDeps, tx: Tx, push: typeof channelPushes.$inferSelect, why: string) {
  if (push.kind !== 'cancellation') return;
  await noteChannelRequest(
    tx,
    (push.payload as AcknowledgementPayload).orderId,
    { kind: 'system', id: null },
    `The platform did not cancel it: ${why}`,
    deps.clock.now(),
  );
}

/** Asks how a submitted feed went, and marks each of its pushes taken or refused. Returns how many were answered. */
async function checkBatch(deps: AppDeps, due: { shopId: string; batch: string | null; nextAt: Date }) {
  const now = deps.clock.now();
  const claimed = await deps.db
    .update(channelPushes)
    .set({ nextAt: new Date(now.getTime() + CLAIM_MS) })
    .where(
      and(
        eq(channelPushes.shopId, due.shopId),
        eq(channelPushes.batch, due.batch!),
        eq(channelPushes.status, 'pending'),
        lte(channelPushes.nextAt, now),
      ),
    )
    .returning();
  if (claimed.length === 0) return 0;
  let outcome: Awaited<ReturnType<OrderAcknowledgements['outcome']>>;
  try {
    const acknowledgements = await acknowledgementsOf(deps, due.shopId);
    outcome = await acknowledgements.outcome(due.batch!);
  } catch (error) {
    if (error instanceof ConnectorError && error.problem === 'rejected') {
      // Amazon's answer cannot be read (nor will it be): each ends failed, with why.
      await deps.db.transaction(async (tx) => {
        for (const push of claimed) await failedAttempt(deps, tx, push, error, push.attempts);
      });
      return 0;
    }
    // Asking failed (throttled, down): ask again later; the feed itself stands.
    const wait = error instanceof ConnectorError && error.retryAfterMs ? error.retryAfterMs : FEED_CHECK_MS;
    if (!(error instanceof ConnectorError))
      deps.logger.warn({ err: error, batch: due.batch }, 'feed check failed');
    await deps.db
      .update(channelPushes)
      .set({
        nextAt: new Date(deps.clock.now().getTime() + wait),
        lastError: (error as Error).message.slice(0, 500),
      })
      .where(
        inArray(
          channelPushes.id,
          claimed.map((p) => p.id),
        ),
      );
    return 0;
  }
  if (outcome.state === 'pending') {
    await deps.db
      .update(channelPushes)
      .set({ nextAt: new Date(deps.clock.now().getTime() + FEED_CHECK_MS) })
      .where(
        inArray(
          channelPushes.id,
          claimed.map((p) => p.id),
        ),
      );
    return 0;
  }
  await deps.db.transaction(async (tx) => {
    for (const push of claimed) {
      if (outcome.state === 'failed') {
        // The platform dropped the whole feed: each goes again in a new one (or fails, tried enough).
        await failedAttempt(deps, tx, push, new ConnectorError('unavailable', outcome.detail), push.attempts);
        continue;
      }
      const refused = outcome.refused.get(push.batchItem!);
      if (refused) {
        await tx
          .update(channelPushes)
          .set({ status: 'failed', lastError: refused.slice(0, 500) })
          .where(eq(channelPushes.id, push.id));
        await noteRefusal(deps, tx, push, refused);
      } else {
        await tx
          .update(channelPushes)
          .set({ status: 'sent', sentAt: deps.clock.now(), lastError: null })
          .where(eq(channelPushes.id, push.id));
      }
    }
  });
  return outcome.state === 'done' ? claimed.length : 0;
}
