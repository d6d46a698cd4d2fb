// Payments and refunds: the providers a shopper can pay with, the contracts of the payment and
// refund procedures, and the rules for how much may be refunded and how a refund by lines is
// priced. Amounts are integer minor units in the order currency.
import { z } from 'zod';
import { DomainError } from './errors';
import { say } from './messages';
import { safeString } from './text';

export const paymentProviders = ['alipay', 'wechat_pay'] as const;
export type PaymentProvider = (typeof paymentProviders)[number];
export const providerNames: Record<PaymentProvider, string> = {
  alipay: 'Alipay',
  wechat_pay: 'WeChat Pay',
};

export const paymentStatuses = ['pending', 'captured', 'failed'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

/**
 * requested: a customer asked, staff decide. approved: the amount is set aside against the
 * capture and the provider is being asked. succeeded / rejected / failed: ended.
 */
export const refundStatuses = ['requested', 'approved', 'succeeded', 'rejected', 'failed'] as const;
export type RefundStatus = (typeof refundStatuses)[number];

/** How long after delivery a customer may ask to return goods. */
export const RETURN_WINDOW_DAYS = 14;
/** How old a signed notification may be. */
export const NOTIFICATION_MAX_AGE_MS = 5 * 60_000;

const reasonText = safeString().trim().min(3, say('refund.why')).max(500, say('refund.whyTooLong'));

export const startPaymentInput = z.strictObject({
  orderId: z.uuid(),
  provider: z.enum(paymentProviders, say('payment.provider')),
});

export const paymentStatusInput = z.strictObject({ orderId: z.uuid() });

const refundLines = z
  .array(
    z.strictObject({
      orderLineId: z.uuid(),
      quantity: z.number().int(say('items.whole')).min(1, say('items.atLeastOne')).max(999),
    }),
  )
  .min(1, say('items.choose'))
  .max(100);

/** A customer's request: everything (cancel after payment) or some lines (a return). */
export const requestRefundInput = z.strictObject({
  orderId: z.uuid(),
  reason: reasonText,
  /** Omitted: the whole order. */
  lines: refundLines.optional(),
});

/** Staff refund without a request: by lines, by an amount, or (neither) all that is left. */
export const staffRefundInput = z
  .strictObject({
    orderId: z.uuid(),
    reason: reasonText,
    lines: refundLines.optional(),
    amount: z.number().int(say('refund.amountMinor')).positive(say('refund.amountPositive')).optional(),
    /** Sent again on retries: the same key never refunds twice. */
    idempotencyKey: safeString().regex(/^[A-Za-z0-9_-]{16,100}$/, say('code.idempotency')),
  })
  .refine((v) => !(v.lines && v.amount), say('refund.itemsOrAmount'));

export const decideRefundInput = z.strictObject({
  refundId: z.uuid(),
  note: safeString().trim().max(500).optional(),
});

export interface RefundableLine {
  id: string;
  title: string;
  quantity: number;
  /** The line's total after discounts, as charged (tax included when prices exclude it). */
  charged: number;
  refundedQuantity: number;
  refundedAmount: number;
}

export interface RefundPlan {
  amount: number;
  lines: { orderLineId: string; quantity: number; amount: number }[];
}

/** What a line costs when it is charged: its total, plus its tax when prices exclude tax. */
export const chargedFor = (line: { total: number; tax: number }, taxInclusive: boolean) =>
  line.total + (taxInclusive ? 0 : line.tax);

/**
 * Prices a refund of some units of some lines. Each unit refunds its share of what the line was
 * charged, rounded down, and the line's last unit takes what is left, so refunding a line in
 * parts adds up exactly to refunding it at once. Never more than `refundable` (captured minus
 * refunded so far).
 */
export function planLineRefund(
  lines: readonly RefundableLine[],
  wanted: readonly { orderLineId: string; quantity: number }[],
  refundable: number,
): RefundPlan {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const seen = new Set<string>();
  const planned = wanted.map(({ orderLineId, quantity }) => {
    const line = byId.get(orderLineId);
    if (!line) throw new DomainError('NOT_FOUND', 'That item is not on this order');
    if (seen.has(orderLineId)) throw new DomainError('VALIDATION_FAILED', 'Each item once');
    seen.add(orderLineId);
    const left = line.quantity - line.refundedQuantity;
    if (left === 0) {
      throw new DomainError('LINE_ALREADY_REFUNDED', `${line.title} has already been refunded`, {
        orderLineId,
      });
    }
    if (quantity > left) {
      throw new DomainError('REFUND_TOO_LARGE', `Only ${left} of ${line.title} can still be refunded`, {
        orderLineId,
        left,
      });
    }
    const after = line.refundedQuantity + quantity;
    const amount =
      after === line.quantity
        ? line.charged - line.refundedAmount
        : Math.floor((line.charged * after) / line.quantity) - line.refundedAmount;
    return { orderLineId, quantity, amount };
  });
  const amount = planned.reduce((sum, l) => sum + l.amount, 0);
  // Zero is allowed here: items that were free (buy X get Y) can be returned for nothing.
  if (amount > refundable) assertWithin(amount, refundable);
  return { amount, lines: planned };
}

/** A refund of a plain amount (a goodwill gesture, a shipping refund): within what is left. */
export function planAmountRefund(amount: number, refundable: number): RefundPlan {
  assertWithin(amount, refundable);
  return { amount, lines: [] };
}

function assertWithin(amount: number, refundable: number) {
  if (refundable <= 0) throw new DomainError('REFUND_TOO_LARGE', 'Everything paid has already been refunded');
  if (amount > refundable) {
    throw new DomainError('REFUND_TOO_LARGE', 'That is more than is left to refund', {
      refundable,
    });
  }
  if (amount <= 0) throw new DomainError('INVALID_AMOUNT', 'A refund must be more than zero');
}

/** Whether a delivered order can still be returned at `now`. */
export function returnWindowOpen(deliveredAt: Date | null, now: Date): boolean {
  return deliveredAt !== null && now.getTime() - deliveredAt.getTime() <= RETURN_WINDOW_DAYS * 86_400_000;
}

/** A signed notification's timestamp (ms) is acceptable when at most 5 minutes from now. */
export function notificationFresh(timestampMs: number, now: Date): boolean {
  return Number.isFinite(timestampMs) && Math.abs(now.getTime() - timestampMs) <= NOTIFICATION_MAX_AGE_MS;
}
