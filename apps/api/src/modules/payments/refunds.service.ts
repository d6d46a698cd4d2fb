// Refunds: customers ask (cancel after payment, or return within 14 days of delivery), staff
// approve or reject; staff can also refund directly, by lines, by an amount, or everything left.
// Approving sets the amount aside against the captured payment with a conditional update, so
// refunds together never exceed the capture however many run at once; the provider is then
// asked with the refund's id as its reference (asking twice refunds once), and a scheduled job
// retries refunds the provider did not confirm.
import type { Executor } from '@crossdock/db/client';
import { orderEvents, orderLines, orders, payments, type RefundLine, refunds } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import type { OrderStatus } from '@crossdock/domain/order-states';
import {
  chargedFor,
  planAmountRefund,
  planLineRefund,
  type RefundPlan,
  returnWindowOpen,
} from '@crossdock/domain/payments';
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { releaseStock } from '../inventory/inventory.service';
import { applyTransition, auditOrderAction, lockOrder, type OrderActor } from '../orders/orders.service';
import { restoreRedeemedPoints, reversePointsForRefund } from '../points/points.service';

type OrderRow = typeof orders.$inferSelect;
type RefundRow = typeof refunds.$inferSelect;

/** After this many failed attempts a refund is marked failed for staff to handle. */
const MAX_REFUND_ATTEMPTS = 8;

/** The order's captured payment (not one refunded as a late duplicate), locked. */
async function capturedPayment(tx: Executor, orderId: string) {
  const [payment] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.orderId, orderId), eq(payments.status, 'captured'), sql`${payments.flag} is null`))
    .for('update');
  return payment ?? null;
}

/** What can still be refunded, and each line as the refund rules see it. */
async function refundBasis(tx: Executor, order: OrderRow) {
  const payment = await capturedPayment(tx, order.id);
  if (!payment) throw new DomainError('NOT_PAID', 'This order has not been paid');
  const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order.id));
  return {
    payment,
    refundable: payment.capturedAmount - payment.refundedAmount,
    lines: lines.map((l) => ({
      id: l.id,
      skuId: l.skuId,
      warehouseId: l.warehouseId,
      title: typeof l.title === 'object' ? (l.title.en ?? '') : String(l.title),
      quantity: l.quantity,
      charged: chargedFor(l, order.taxInclusive),
      refundedQuantity: l.refundedQuantity,
      refundedAmount: l.refundedAmount,
    })),
  };
}

type Basis = Awaited<ReturnType<typeof refundBasis>>;

/** Everything still unrefunded: each line's remainder, and the rest (shipping) as an amount. */
function planEverything(basis: Basis): RefundPlan {
  const lines = basis.lines
    .filter((l) => l.quantity > l.refundedQuantity)
    .map((l) => ({
      orderLineId: l.id,
      quantity: l.quantity - l.refundedQuantity,
      amount: l.charged - l.refundedAmount,
    }));
  if (basis.refundable <= 0) {
    throw new DomainError('REFUND_TOO_LARGE', 'Everything paid has already been refunded');
  }
  return { amount: basis.refundable, lines };
}

function plan(
  basis: Basis,
  request: { lines?: { orderLineId: string; quantity: number }[]; amount?: number },
) {
  if (request.lines) return planLineRefund(basis.lines, request.lines, basis.refundable);
  if (request.amount !== undefined) return planAmountRefund(request.amount, basis.refundable);
  return planEverything(basis);
}

/**
 * Sets the refund's money aside against the payment (conditional: never beyond the capture),
 * records it on the order and its lines, and gives back reserved stock of goods never shipped.
 */
async function setAside(
  tx: Executor,
  order: OrderRow,
  basis: Basis,
  refund: { amount: number; lines: RefundLine[] },
  statusBefore: OrderStatus,
  actor: OrderActor,
  now: Date,
) {
  if (refund.amount > 0) {
    const [updated] = await tx
      .update(payments)
      .set({ refundedAmount: sql`${payments.refundedAmount} + ${refund.amount}` })
      .where(
        and(
          eq(payments.id, basis.payment.id),
          sql`${payments.refundedAmount} + ${refund.amount} <= ${payments.capturedAmount}`,
        ),
      )
      .returning({ id: payments.id });
    if (!updated) throw new DomainError('REFUND_TOO_LARGE', 'That is more than is left to refund');
  }
  await tx
    .update(orders)
    .set({ refunded: sql`${orders.refunded} + ${refund.amount}` })
    .where(eq(orders.id, order.id));
  await reversePointsForRefund(tx, order, refund.amount, now);
  const byId = new Map(basis.lines.map((l) => [l.id, l]));
  for (const line of refund.lines) {
    const [updated] = await tx
      .update(orderLines)
      .set({
        refundedQuantity: sql`${orderLines.refundedQuantity} + ${line.quantity}`,
        refundedAmount: sql`${orderLines.refundedAmount} + ${line.amount}`,
      })
      .where(
        and(
          eq(orderLines.id, line.orderLineId),
          sql`${orderLines.refundedQuantity} + ${line.quantity} <= ${orderLines.quantity}`,
        ),
      )
      .returning({ id: orderLines.id });
    if (!updated) {
      throw new DomainError('LINE_ALREADY_REFUNDED', 'That item has already been refunded', {
        orderLineId: line.orderLineId,
      });
    }
    // Nothing has left the warehouse yet: the refunded units go back on sale.
    if (statusBefore === 'paid' || statusBefore === 'processing') {
      const stored = byId.get(line.orderLineId)!;
      await releaseStock(tx, {
        skuId: stored.skuId,
        warehouseId: stored.warehouseId,
        quantity: line.quantity,
        reference: order.number,
        actorId: actor.id,
        at: now,
      });
    }
  }
}

const isFull = (basis: Basis, amount: number) => amount === basis.refundable;

/** A customer asks for their money back. */
export async function requestRefund(
  deps: AppDeps,
  customerId: string,
  input: { orderId: string; reason: string; lines?: { orderLineId: string; quantity: number }[] },
) {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const order = await lockOrder(tx, input.orderId, customerId);
    const status = order.status as OrderStatus;
    if (status === 'delivered' || status === 'completed') {
      if (!returnWindowOpen(order.deliveredAt, now)) {
        throw new DomainError('RETURN_WINDOW_CLOSED', 'Returns are possible for 14 days after delivery');
      }
    } else if (status !== 'paid' && status !== 'processing') {
      throw new DomainError(
        'REFUND_NOT_ALLOWED',
        status === 'pending_payment'
          ? 'This order has not been paid; cancel it instead'
          : status === 'refund_requested'
            ? 'A refund has already been requested for this order'
            : 'A refund cannot be requested for this order now',
        { status },
      );
    }
    const basis = await refundBasis(tx, order);
    const planned = plan(basis, { lines: input.lines });
    await applyTransition(tx, order, 'request_refund', { kind: 'customer', id: customerId }, now, {
      reason: input.reason,
    });
    const [refund] = await tx
      .insert(refunds)
      .values({
        orderId: order.id,
        paymentId: basis.payment.id,
        kind: 'request',
        status: 'requested',
        createdAt: now,
        amount: planned.amount,
        currency: order.currency,
        lines: planned.lines,
        full: isFull(basis, planned.amount),
        reason: input.reason,
        requestedBy: customerId,
      })
      .returning();
    return refund!;
  });
}

async function lockRequested(tx: Executor, refundId: string) {
  const [refund] = await tx.select().from(refunds).where(eq(refunds.id, refundId)).for('update');
  if (!refund) throw new DomainError('NOT_FOUND', 'There is no such refund');
  if (refund.status !== 'requested') {
    throw new DomainError('REFUND_NOT_PENDING', `This refund was already ${refund.status}`);
  }
  return refund;
}

/** The audit row of a decision on a customer's refund request. */
function auditDecision(
  tx: Executor,
  actor: OrderActor,
  d: { requested: RefundRow; order: OrderRow; decision: 'approved' | 'rejected'; note?: string },
  now: Date,
) {
  return auditOrderAction(
    tx,
    actor,
    {
      action: d.decision === 'approved' ? 'refund.approve' : 'refund.reject',
      entityType: 'order',
      entityId: d.order.id,
      before: {
        refundId: d.requested.id,
        status: 'requested',
        amount: d.requested.amount,
        currency: d.order.currency,
      },
      after: { status: d.decision, note: d.note ?? null },
    },
    now,
  );
}

export async function approveRefund(
  deps: AppDeps,
  actor: OrderActor,
  input: { refundId: string; note?: string },
) {
  const now = deps.clock.now();
  const refund = await deps.db.transaction(async (tx) => {
    const requested = await lockRequested(tx, input.refundId);
    const order = await lockOrder(tx, requested.orderId);
    const statusBefore = (order.statusBeforeRefund ?? order.status) as OrderStatus;
    const basis = await refundBasis(tx, order);
    if (requested.amount > basis.refundable) {
      throw new DomainError('REFUND_TOO_LARGE', 'That is more than is left to refund');
    }
    await setAside(tx, order, basis, requested, statusBefore, actor, now);
    if (requested.full) await restoreRedeemedPoints(tx, order, now);
    await applyTransition(
      tx,
      order,
      requested.full ? 'approve_refund' : 'approve_partial_refund',
      actor,
      now,
      {
        reason: input.note,
      },
    );
    const [approved] = await tx
      .update(refunds)
      .set({
        status: 'approved',
        paymentId: basis.payment.id,
        decidedBy: actor.id,
        decidedAt: now,
        decisionNote: input.note ?? null,
      })
      .where(eq(refunds.id, requested.id))
      .returning();
    await auditDecision(tx, actor, { requested, order, decision: 'approved', note: input.note }, now);
    return approved!;
  });
  await executeRefund(deps, refund.id);
  return refund;
}

export async function rejectRefund(
  deps: AppDeps,
  actor: OrderActor,
  input: { refundId: string; note?: string },
) {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const requested = await lockRequested(tx, input.refundId);
    const order = await lockOrder(tx, requested.orderId);
    await applyTransition(tx, order, 'reject_refund', actor, now, { reason: input.note });
    const [rejected] = await tx
      .update(refunds)
      .set({ status: 'rejected', decidedBy: actor.id, decidedAt: now, decisionNote: input.note ?? null })
      .where(eq(refunds.id, requested.id))
      .returning();
    await auditDecision(tx, actor, { requested, order, decision: 'rejected', note: input.note }, now);
    return rejected!;
  });
}

/** Staff refund without a request. The same idempotency key on the same order refunds once. */
export async function staffRefund(
  deps: AppDeps,
  actor: OrderActor,
  input: {
    orderId: string;
    reason: string;
    lines?: { orderLineId: string; quantity: number }[];
    amount?: number;
    idempotencyKey: string;
  },
) {
  const now = deps.clock.now();
  const refund = await deps.db.transaction(async (tx) => {
    const order = await lockOrder(tx, input.orderId);
    const [again] = await tx
      .select()
      .from(refunds)
      .where(and(eq(refunds.orderId, order.id), eq(refunds.idempotencyKey, input.idempotencyKey)));
    if (again) {
      if (actor.audit) actor.audit.unchanged = true; // a retry of a refund already made
      return again;
    }
    const status = order.status as OrderStatus;
    if (status === 'refund_requested') {
      throw new DomainError(
        'REFUND_NOT_ALLOWED',
        'The customer has asked for a refund: approve or reject it',
      );
    }
    if (status === 'pending_payment' || status === 'cancelled') {
      throw new DomainError('NOT_PAID', 'This order has not been paid');
    }
    if (status === 'refunded')
      throw new DomainError('REFUND_TOO_LARGE', 'Everything paid has already been refunded');
    const basis = await refundBasis(tx, order);
    const planned = plan(basis, input);
    const full = isFull(basis, planned.amount);
    await setAside(tx, order, basis, planned, status, actor, now);
    if (full) {
      await applyTransition(tx, order, 'refund', actor, now, { reason: input.reason });
      await restoreRedeemedPoints(tx, order, now);
    } else {
      await tx.insert(orderEvents).values({
        orderId: order.id,
        type: 'partial_refund',
        actorKind: actor.kind,
        actorId: actor.id,
        note: input.reason,
        createdAt: now,
      });
    }
    const [created] = await tx
      .insert(refunds)
      .values({
        orderId: order.id,
        paymentId: basis.payment.id,
        kind: 'staff',
        status: 'approved',
        createdAt: now,
        amount: planned.amount,
        currency: order.currency,
        lines: planned.lines,
        full,
        reason: input.reason,
        idempotencyKey: input.idempotencyKey,
        requestedBy: actor.id,
        decidedBy: actor.id,
        decidedAt: now,
      })
      .returning();
    await auditOrderAction(
      tx,
      actor,
      {
        action: 'refund.create',
        entityType: 'order',
        entityId: order.id,
        before: { number: order.number, status },
        after: {
          refundId: created!.id,
          amount: planned.amount,
          currency: order.currency,
          full,
          lines: planned.lines,
          reason: input.reason,
        },
      },
      now,
    );
    return created!;
  });
  if (refund.status === 'approved') await executeRefund(deps, refund.id);
  return refund;
}

/**
 * Asks the provider to pay an approved refund back, and records the answer. Safe to run again:
 * the provider refunds each of our refund ids once. A failure leaves it approved for the retry
 * job, until it has failed too often.
 */
export async function executeRefund(deps: AppDeps, refundId: string): Promise<void> {
  const [row] = await deps.db
    .select({ refund: refunds, payment: payments })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .where(eq(refunds.id, refundId));
  if (row?.refund.status !== 'approved') return;
  const { refund, payment } = row;
  try {
    const providerRefundId =
      refund.amount === 0
        ? null
        : (
            await deps.payments[payment.provider].refund({
              transactionId: payment.providerTransactionId!,
              merchantRefundRef: refund.id,
              amount: refund.amount,
            })
          ).refundId;
    await deps.db
      .update(refunds)
      .set({ status: 'succeeded', providerRefundId, completedAt: deps.clock.now(), lastError: null })
      .where(and(eq(refunds.id, refund.id), eq(refunds.status, 'approved')));
  } catch (error) {
    const attempts = refund.attempts + 1;
    deps.logger.warn({ err: error, refundId, attempts }, 'refund not confirmed by the provider');
    await deps.db
      .update(refunds)
      .set({
        attempts,
        lastError: error instanceof Error ? error.message : String(error),
        ...(attempts >= MAX_REFUND_ATTEMPTS ? { status: 'failed' as const } : {}),
      })
      .where(and(eq(refunds.id, refund.id), eq(refunds.status, 'approved')));
  }
}

/** The scheduled job: approved refunds the provider has not confirmed yet, oldest first. */
export async function retryApprovedRefunds(deps: AppDeps, batch = 20): Promise<number> {
  const due = await deps.db
    .select({ id: refunds.id })
    .from(refunds)
    .where(
      and(
        eq(refunds.status, 'approved'),
        lte(refunds.decidedAt, new Date(deps.clock.now().getTime() - 10_000)),
      ),
    )
    .orderBy(asc(refunds.decidedAt))
    .limit(batch);
  for (const { id } of due) await executeRefund(deps, id);
  return due.length;
}
