// Paying for orders. The shopper starts a payment and is sent to the provider's cashier; the
// order is paid only when the provider says so — by a verified notification (the webhook) or
// by our own status query — never because the shopper came back. Capturing is idempotent: the
// payment row is locked, and a notification for a payment already captured changes nothing,
// however many times and however concurrently it arrives. Money that arrives for an order that
// can no longer take it (cancelled, expired, or paid already) is refunded automatically and the
// payment is flagged for staff.
import { orders, payments, refunds } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import type { PaymentProvider } from '@crossdock/domain/payments';
import { and, desc, eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import type { ProviderNotification } from '../../infra/payment-providers/provider';
import { applyTransition, lockOrder } from '../orders/orders.service';
import { executeRefund } from './refunds.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const notifyUrl = (deps: AppDeps, provider: PaymentProvider) =>
  `${deps.config.publicApiUrl}/payments/notify/${provider}`;

/** Where the cashier sends the shopper back: the storefront's "waiting for payment" page. */
export const returnUrl = (deps: AppDeps, orderId: string) =>
  `${deps.config.storefrontUrl.replace(/\/$/, '')}/account/orders/${orderId}/payment`;

export async function startPayment(
  deps: AppDeps,
  customerId: string,
  input: { orderId: string; provider: PaymentProvider },
) {
  const now = deps.clock.now();
  const { order, payment } = await deps.db.transaction(async (tx) => {
    const order = await lockOrder(tx, input.orderId, customerId);
    if (order.status !== 'pending_payment') {
      throw new DomainError(
        'ORDER_NOT_PAYABLE',
        order.status === 'cancelled' ? 'This order was cancelled' : 'This order is already paid',
        { status: order.status },
      );
    }
    if (order.reservationExpiresAt && order.reservationExpiresAt <= now) {
      throw new DomainError('ORDER_NOT_PAYABLE', 'The time to pay for this order has run out');
    }
    // Starting again with the same provider reuses the open payment (and its cashier).
    const [open] = await tx
      .select()
      .from(payments)
      .where(
        and(
          eq(payments.orderId, order.id),
          eq(payments.provider, input.provider),
          eq(payments.status, 'pending'),
        ),
      );
    const payment =
      open ??
      (
        await tx
          .insert(payments)
          .values({
            orderId: order.id,
            provider: input.provider,
            amount: order.total,
            currency: order.currency,
            createdAt: now,
          })
          .returning()
      )[0]!;
    return { order, payment };
  });
  const { cashierUrl } = await deps.payments[input.provider].createPayment({
    merchantRef: payment.id,
    amount: payment.amount,
    currency: payment.currency,
    subject: `Crossdock order ${order.number}`,
    notifyUrl: notifyUrl(deps, input.provider),
    returnUrl: returnUrl(deps, order.id),
  });
  return { paymentId: payment.id, cashierUrl };
}

export type CaptureOutcome = 'captured' | 'duplicate' | 'failed' | 'refunded_late';

/**
 * Applies what the provider says about one of our payments. Amount and currency must match the
 * payment exactly, or nothing changes.
 */
export async function applyProviderResult(
  deps: AppDeps,
  provider: PaymentProvider,
  result: ProviderNotification,
): Promise<CaptureOutcome> {
  if (!UUID.test(result.merchantRef)) {
    throw new DomainError('UNKNOWN_PAYMENT', 'There is no such payment');
  }
  const now = deps.clock.now();
  const outcome = await deps.db.transaction(async (tx) => {
    const [payment] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.id, result.merchantRef), eq(payments.provider, provider)))
      .for('update');
    if (!payment) throw new DomainError('UNKNOWN_PAYMENT', 'There is no such payment');
    if (result.amount !== payment.amount || result.currency !== payment.currency) {
      throw new DomainError('AMOUNT_MISMATCH', 'The amount or currency does not match the payment', {
        expectedAmount: payment.amount,
        expectedCurrency: payment.currency,
        amount: result.amount,
        currency: result.currency,
      });
    }
    if (payment.status === 'captured') return { kind: 'duplicate' as const };
    if (result.status === 'failed') {
      await tx.update(payments).set({ status: 'failed', failedAt: now }).where(eq(payments.id, payment.id));
      return { kind: 'failed' as const };
    }
    // A payment that failed before can still succeed (the shopper tried again at the cashier).
    const order = await lockOrder(tx, payment.orderId);
    await tx
      .update(payments)
      .set({
        status: 'captured',
        capturedAmount: payment.amount,
        providerTransactionId: result.transactionId,
        capturedAt: now,
        failedAt: null,
      })
      .where(eq(payments.id, payment.id));
    if (order.status === 'pending_payment') {
      await applyTransition(tx, order, 'pay', { kind: 'system', id: null }, now, {
        reason: `Paid with ${provider === 'alipay' ? 'Alipay' : 'WeChat Pay'}`,
      });
      return { kind: 'captured' as const };
    }
    // Too late (cancelled or expired) or paid twice: the money goes straight back.
    const flag = order.status === 'cancelled' ? 'paid_after_cancel' : 'paid_twice';
    await tx
      .update(payments)
      .set({ flag, refundedAmount: payment.amount })
      .where(eq(payments.id, payment.id));
    const [refund] = await tx
      .insert(refunds)
      .values({
        orderId: order.id,
        paymentId: payment.id,
        kind: 'late_payment',
        status: 'approved',
        createdAt: now,
        amount: payment.amount,
        currency: payment.currency,
        reason:
          flag === 'paid_after_cancel'
            ? 'Paid after the order was cancelled'
            : 'The order had already been paid',
        decidedAt: now,
      })
      .returning({ id: refunds.id });
    return { kind: 'refunded_late' as const, refundId: refund!.id };
  });
  if (outcome.kind === 'refunded_late') {
    deps.logger.warn({ paymentId: result.merchantRef }, 'payment arrived for an order that cannot take it');
    await executeRefund(deps, outcome.refundId);
  }
  return outcome.kind;
}

/** The webhook: verify, read, apply. Errors are DomainErrors the route turns into 4xx. */
export async function handleNotification(
  deps: AppDeps,
  provider: PaymentProvider,
  headers: Record<string, string | undefined>,
  rawBody: string,
): Promise<CaptureOutcome> {
  const notification = deps.payments[provider].verifyNotification(headers, rawBody, deps.clock.now());
  return applyProviderResult(deps, provider, notification);
}

/**
 * The "waiting for payment" page asks this: where the order stands, and its latest payment. A
 * payment still pending is checked with the provider (in case its notification is late).
 */
export async function paymentStatus(deps: AppDeps, customerId: string, orderId: string) {
  const latest = async () => {
    const [row] = await deps.db
      .select({ payment: payments })
      .from(payments)
      .where(eq(payments.orderId, orderId))
      .orderBy(desc(payments.createdAt))
      .limit(1);
    return row?.payment ?? null;
  };
  const status = async () => {
    const [order] = await deps.db
      .select({ status: orders.status })
      .from(orders)
      .where(and(eq(orders.id, orderId), eq(orders.customerId, customerId)));
    if (!order) throw new DomainError('NOT_FOUND', 'There is no such order');
    return order.status;
  };
  await status();
  let payment = await latest();
  if (payment?.status === 'pending') {
    const remote = await deps.payments[payment.provider].queryStatus(payment.id);
    if (remote && remote.status !== 'open') {
      await applyProviderResult(deps, payment.provider, {
        merchantRef: payment.id,
        transactionId: remote.transactionId,
        status: remote.status,
        amount: remote.amount,
        currency: remote.currency,
      });
      payment = await latest();
    }
  }
  return {
    orderStatus: await status(),
    payment: payment ? { provider: payment.provider, status: payment.status, flag: payment.flag } : null,
  };
}
