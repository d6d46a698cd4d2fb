// Payments and refunds. A payment is one attempt to pay an order through a provider; it is
// captured only by a verified notification or a status query, never by the shopper's return.
// A refund takes money back from a captured payment: the amount is set aside against the
// capture by a conditional update (refunded never exceeds captured), then the provider is asked.
import { paymentProviders, paymentStatuses, refundStatuses } from '@crossdock/domain/payments';
import { settlementStatuses } from '@crossdock/domain/settlements';
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id, money, updatedAt } from './columns';
import { users } from './identity';
import { orders } from './orders';

const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export const payments = pgTable(
  'payments',
  {
    id: id(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'restrict' }),
    provider: text({ enum: paymentProviders }).notNull(),
    status: text({ enum: paymentStatuses }).notNull().default('pending'),
    amount: money().notNull(),
    currency: text().notNull(),
    /** The provider's id for the money movement, known once it is paid. */
    providerTransactionId: text(),
    capturedAmount: money().notNull().default(0),
    refundedAmount: money().notNull().default(0),
    /** Why staff should look at it, e.g. paid after the order was cancelled (refunded automatically). */
    flag: text(),
    createdAt: createdAt(),
    capturedAt: at(),
    failedAt: at(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('payments_order_idx').on(t.orderId, t.createdAt),
    uniqueIndex('payments_provider_transaction_key').on(t.provider, t.providerTransactionId),
    check('payments_provider_check', sql`${t.provider} in (${list(paymentProviders)})`),
    check('payments_status_check', sql`${t.status} in (${list(paymentStatuses)})`),
    check(
      'payments_amounts_check',
      sql`${t.amount} > 0 and ${t.capturedAmount} in (0, ${t.amount})
        and ${t.refundedAmount} between 0 and ${t.capturedAmount}`,
    ),
    check(
      'payments_captured_check',
      sql`(${t.status} = 'captured') = (${t.capturedAmount} > 0 and ${t.providerTransactionId} is not null)`,
    ),
  ],
);

export interface RefundLine {
  orderLineId: string;
  quantity: number;
  amount: number;
}

export const refunds = pgTable(
  'refunds',
  {
    id: id(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'restrict' }),
    /** The captured payment it goes back to (set when it is approved). */
    paymentId: uuid().references(() => payments.id, { onDelete: 'restrict' }),
    /** request: a customer asked; staff: staff refunded; late_payment: paid after cancellation. */
    kind: text({ enum: ['request', 'staff', 'late_payment'] }).notNull(),
    status: text({ enum: refundStatuses }).notNull(),
    amount: money().notNull(),
    currency: text().notNull(),
    /** Empty for a refund of an amount, or of the whole order. */
    lines: jsonb().$type<RefundLine[]>().notNull().default([]),
    /** The whole order: on success the order becomes refunded. */
    full: boolean().notNull().default(false),
    reason: text().notNull(),
    idempotencyKey: text(),
    providerRefundId: text(),
    requestedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    decidedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    decisionNote: text(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    createdAt: createdAt(),
    decidedAt: at(),
    completedAt: at(),
  },
  (t) => [
    index('refunds_order_idx').on(t.orderId, t.createdAt),
    index('refunds_status_idx').on(t.status, t.createdAt),
    uniqueIndex('refunds_idempotency_key').on(t.orderId, t.idempotencyKey),
    // One open request per order: the order is `refund_requested` while it waits.
    uniqueIndex('refunds_one_request_key').on(t.orderId).where(sql`${t.status} = 'requested'`),
    check('refunds_kind_check', sql`${t.kind} in ('request', 'staff', 'late_payment')`),
    check('refunds_status_check', sql`${t.status} in (${list(refundStatuses)})`),
    check('refunds_amount_check', sql`${t.amount} >= 0`),
    check(
      'refunds_payment_check',
      sql`${t.status} in ('requested', 'rejected') or ${t.paymentId} is not null`,
    ),
  ],
);

/** A provider's settlement file for one day, as imported by staff. */
export const settlementImports = pgTable(
  'settlement_imports',
  {
    id: id(),
    provider: text({ enum: paymentProviders }).notNull(),
    /** The day the file covers (UTC), as YYYY-MM-DD. */
    day: text().notNull(),
    importedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    lineCount: integer().notNull(),
    matched: integer().notNull(),
    mismatched: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('settlement_imports_provider_idx').on(t.provider, t.day)],
);

/**
 * Each line of a file, matched to a payment or refund, or not: amount_differs, unknown (in the
 * file, not in our books), missing (in our books for that day, not in the file).
 */
export const settlementLines = pgTable(
  'settlement_lines',
  {
    id: id(),
    importId: uuid()
      .notNull()
      .references(() => settlementImports.id, { onDelete: 'cascade' }),
    lineNo: integer(),
    transactionId: text().notNull(),
    kind: text({ enum: ['payment', 'refund'] }).notNull(),
    amount: money(),
    fee: money(),
    net: money(),
    currency: text().notNull(),
    /** Our amount, when it differs or the line is missing from the file. */
    expectedAmount: money(),
    status: text({ enum: settlementStatuses }).notNull(),
    paymentId: uuid().references(() => payments.id, { onDelete: 'set null' }),
    refundId: uuid().references(() => refunds.id, { onDelete: 'set null' }),
    resolvedAt: at(),
    resolvedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    resolutionNote: text(),
  },
  (t) => [
    index('settlement_lines_import_idx').on(t.importId, t.status),
    check('settlement_lines_status_check', sql`${t.status} in (${list(settlementStatuses)})`),
  ],
);
