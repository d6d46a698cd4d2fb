// What the shop needs from a payment provider. The two providers here are simulators shaped
// like Alipay and WeChat Pay (simulator.ts); a real one implements the same interface over the
// provider's HTTP API.
import type { PaymentProvider } from '@crossdock/domain/payments';

/** A verified notification: the provider says this payment was paid (or failed). */
export interface ProviderNotification {
  /** Our payment id, which we gave the provider as its merchant reference. */
  merchantRef: string;
  transactionId: string;
  status: 'paid' | 'failed';
  amount: number;
  currency: string;
}

export interface ProviderPaymentStatus {
  status: 'open' | 'paid' | 'failed';
  transactionId: string;
  amount: number;
  currency: string;
}

export interface PaymentProviderClient {
  readonly id: PaymentProvider;
  /** Opens a payment; the shopper is sent to `cashierUrl`. Asking again for the same ref reuses it. */
  createPayment(input: {
    merchantRef: string;
    amount: number;
    currency: string;
    subject: string;
    notifyUrl: string;
    returnUrl: string;
  }): Promise<{ cashierUrl: string }>;
  /** The provider's view of a payment; null if it never heard of it. */
  queryStatus(merchantRef: string): Promise<ProviderPaymentStatus | null>;
  /** Refunds part or all of a paid transaction; the same `merchantRefundRef` refunds once. */
  refund(input: { transactionId: string; merchantRefundRef: string; amount: number }): Promise<{
    refundId: string;
  }>;
  /**
   * Checks a notification's signature (constant time) and age, and reads it. Throws a
   * DomainError (SIGNATURE_INVALID, NOTIFICATION_EXPIRED, NOTIFICATION_MALFORMED) otherwise.
   */
  verifyNotification(
    headers: Record<string, string | undefined>,
    rawBody: string,
    now: Date,
  ): ProviderNotification;
}

export type PaymentProviders = Record<PaymentProvider, PaymentProviderClient>;
