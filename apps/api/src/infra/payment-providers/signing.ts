// Notification signatures: HMAC-SHA256 over "<timestamp>.<raw body>" with the provider's secret,
// hex encoded, compared in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@crossdock/domain/errors';
import { notificationFresh } from '@crossdock/domain/payments';

export function sign(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

export function signatureMatches(
  secret: string,
  timestamp: string,
  rawBody: string,
  signature: string,
): boolean {
  const expected = Buffer.from(sign(secret, timestamp, rawBody), 'hex');
  const given = Buffer.from(signature, 'hex');
  // Unequal lengths are refused before the constant-time compare, which requires equal ones;
  // the expected length is public (a SHA-256 digest), so nothing leaks.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A provider's secret: configured, or derived from the auth secret so a dev setup needs none. */
export function providerSecret(configured: string | null, authSecret: string, provider: string): string {
  return configured ?? createHmac('sha256', authSecret).update(`payment-provider:${provider}`).digest('hex');
}

/**
 * Checks a signed message as both kinds of simulator send them (headers named per sender):
 * signed, signature matching in constant time, timestamp within 5 minutes. Throws a DomainError.
 */
export function verifySigned(
  message: { headers: Record<string, string | undefined>; rawBody: string; now: Date },
  sender: { secret: string; timestampHeader: string; signatureHeader: string; what: string },
): void {
  const timestamp = message.headers[sender.timestampHeader];
  const signature = message.headers[sender.signatureHeader];
  if (!timestamp || !signature || !/^[0-9a-f]{64}$/i.test(signature)) {
    throw new DomainError('SIGNATURE_INVALID', `The ${sender.what} is not signed`);
  }
  if (!signatureMatches(sender.secret, timestamp, message.rawBody, signature)) {
    throw new DomainError('SIGNATURE_INVALID', `The ${sender.what}’s signature does not match`);
  }
  if (!notificationFresh(Number(timestamp), message.now)) {
    throw new DomainError('NOTIFICATION_EXPIRED', `The ${sender.what} is too old (or from the future)`);
  }
}

/** How senders retry until they get a 2xx: 2 s, 4 s, 8 s… capped at an hour, 12 attempts. */
export const MAX_DELIVERY_ATTEMPTS = 12;
export const redeliveryDelayMs = (attempts: number) => Math.min(2000 * 2 ** (attempts - 1), 3_600_000);
