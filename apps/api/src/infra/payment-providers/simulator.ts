// Two simulated payment providers, shaped like Alipay (form-encoded notifications, decimal
// amounts, TRADE_SUCCESS) and WeChat Pay (JSON notifications, integer amounts, SUCCESS). Their
// books are the sim_* tables; the API hosts their cashier page (http/payment-simulator.ts) and a
// scheduled job sends their notifications (simulator-notifier.ts). Both sign notifications with
// HMAC-SHA256 over "<timestamp>.<raw body>" and send the signature and timestamp in headers.
import { randomBytes } from 'node:crypto';
import type { Db } from '@crossdock/db/client';
import { simRefunds, simTransactions } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import { fromDecimalString, isCurrencyCode, money, toDecimalString } from '@crossdock/domain/money';
import type { PaymentProvider } from '@crossdock/domain/payments';
import { and, eq, sql } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { PaymentProviderClient, PaymentProviders, ProviderNotification } from './provider';
import { verifySigned } from './signing';

type SimTransaction = typeof simTransactions.$inferSelect;

/** How each simulated provider writes and reads its notifications. */
export interface WireFormat {
  contentType: string;
  timestampHeader: string;
  signatureHeader: string;
  tradePrefix: string;
  /** The provider's fee in basis points of the amount (shown in the settlement file). */
  feeBasisPoints: number;
  encode(t: SimTransaction): string;
  decode(body: string): ProviderNotification;
}

const malformed = (what: string): never => {
  throw new DomainError('NOTIFICATION_MALFORMED', `The notification is malformed: ${what}`);
};

const currencyOf = (value: unknown) =>
  typeof value === 'string' && isCurrencyCode(value) ? value : malformed('currency');

export const wireFormats: Record<PaymentProvider, WireFormat> = {
  alipay: {
    contentType: 'application/x-www-form-urlencoded',
    timestampHeader: 'x-alipay-timestamp',
    signatureHeader: 'x-alipay-signature',
    tradePrefix: '2026',
    feeBasisPoints: 60,
    encode: (t) =>
      new URLSearchParams({
        notify_type: 'trade_status_sync',
        out_trade_no: t.merchantRef,
        trade_no: t.id,
        trade_status: t.status === 'paid' ? 'TRADE_SUCCESS' : 'TRADE_CLOSED',
        total_amount: toDecimalString(money(t.amount, t.currency)),
        currency: t.currency,
      }).toString(),
    decode(body) {
      const form = new URLSearchParams(body);
      const status = form.get('trade_status');
      const currency = currencyOf(form.get('currency'));
      const amountText = form.get('total_amount') ?? malformed('total_amount');
      let amount: number;
      try {
        amount = fromDecimalString(amountText, currency).amount;
      } catch {
        return malformed('total_amount');
      }
      return {
        merchantRef: form.get('out_trade_no') || malformed('out_trade_no'),
        transactionId: form.get('trade_no') || malformed('trade_no'),
        status:
          status === 'TRADE_SUCCESS'
            ? 'paid'
            : status === 'TRADE_CLOSED'
              ? 'failed'
              : malformed('trade_status'),
        amount,
        currency,
      };
    },
  },
  wechat_pay: {
    contentType: 'application/json',
    timestampHeader: 'wechatpay-timestamp',
    signatureHeader: 'wechatpay-signature',
    tradePrefix: '4200',
    feeBasisPoints: 60,
    encode: (t) =>
      JSON.stringify({
        event_type: t.status === 'paid' ? 'TRANSACTION.SUCCESS' : 'TRANSACTION.FAIL',
        resource: {
          out_trade_no: t.merchantRef,
          transaction_id: t.id,
          trade_state: t.status === 'paid' ? 'SUCCESS' : 'PAYERROR',
          amount: { total: t.amount, currency: t.currency },
        },
      }),
    decode(body) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return malformed('not JSON');
      }
      const resource = (parsed as { resource?: Record<string, unknown> } | null)?.resource;
      if (!resource || typeof resource !== 'object') return malformed('resource');
      const amount = resource.amount as { total?: unknown; currency?: unknown } | undefined;
      const total = amount?.total;
      if (typeof total !== 'number' || !Number.isSafeInteger(total) || total <= 0) malformed('amount.total');
      const state = resource.trade_state;
      return {
        merchantRef:
          typeof resource.out_trade_no === 'string' ? resource.out_trade_no : malformed('out_trade_no'),
        transactionId:
          typeof resource.transaction_id === 'string' ? resource.transaction_id : malformed('transaction_id'),
        status: state === 'SUCCESS' ? 'paid' : state === 'PAYERROR' ? 'failed' : malformed('trade_state'),
        amount: total as number,
        currency: currencyOf(amount?.currency),
      };
    },
  },
};

const tradeNo = (format: WireFormat) => `${format.tradePrefix}${Date.now()}${randomBytes(6).toString('hex')}`;

export function simulatedProvider(
  db: Db,
  clock: Clock,
  id: PaymentProvider,
  secret: string,
  publicApiUrl: string,
): PaymentProviderClient {
  const format = wireFormats[id];
  return {
    id,
    async createPayment(input) {
      const [row] = await db
        .insert(simTransactions)
        .values({
          id: tradeNo(format),
          provider: id,
          merchantRef: input.merchantRef,
          amount: input.amount,
          currency: input.currency,
          subject: input.subject,
          notifyUrl: input.notifyUrl,
          returnUrl: input.returnUrl,
          createdAt: clock.now(),
          fee: Math.round((input.amount * format.feeBasisPoints) / 10_000),
        })
        .onConflictDoUpdate({
          target: [simTransactions.provider, simTransactions.merchantRef],
          set: { returnUrl: input.returnUrl },
        })
        .returning({ id: simTransactions.id });
      return { cashierUrl: `${publicApiUrl}/sim/${id}/cashier/${row!.id}` };
    },
    async queryStatus(merchantRef) {
      const [t] = await db
        .select()
        .from(simTransactions)
        .where(and(eq(simTransactions.provider, id), eq(simTransactions.merchantRef, merchantRef)));
      return t ? { status: t.status, transactionId: t.id, amount: t.amount, currency: t.currency } : null;
    },
    async refund(input) {
      return db.transaction(async (tx) => {
        const [t] = await tx
          .select()
          .from(simTransactions)
          .where(and(eq(simTransactions.id, input.transactionId), eq(simTransactions.provider, id)))
          .for('update');
        if (t?.status !== 'paid') throw new Error(`${id}: no paid transaction ${input.transactionId}`);
        const [existing] = await tx
          .select()
          .from(simRefunds)
          .where(eq(simRefunds.merchantRefundRef, input.merchantRefundRef));
        if (existing) return { refundId: existing.id };
        const [{ refunded }] = (await tx
          .select({ refunded: sql<number>`coalesce(sum(${simRefunds.amount}), 0)::bigint` })
          .from(simRefunds)
          .where(eq(simRefunds.transactionId, t.id))) as [{ refunded: number }];
        if (Number(refunded) + input.amount > t.amount) {
          throw new Error(`${id}: refund of ${input.amount} exceeds what is left of ${t.id}`);
        }
        const refundId = `R${tradeNo(format)}`;
        await tx.insert(simRefunds).values({
          id: refundId,
          transactionId: t.id,
          merchantRefundRef: input.merchantRefundRef,
          amount: input.amount,
          createdAt: clock.now(),
        });
        return { refundId };
      });
    },
    verifyNotification(headers, rawBody, now) {
      verifySigned({ headers, rawBody, now }, { secret, ...format, what: 'notification' });
      return format.decode(rawBody);
    },
  };
}

export function simulatedProviders(
  db: Db,
  clock: Clock,
  secrets: Record<PaymentProvider, string>,
  publicApiUrl: string,
): PaymentProviders {
  return {
    alipay: simulatedProvider(db, clock, 'alipay', secrets.alipay, publicApiUrl),
    wechat_pay: simulatedProvider(db, clock, 'wechat_pay', secrets.wechat_pay, publicApiUrl),
  };
}
