// Notification signatures: HMAC-SHA256 over "<timestamp>.<raw body>" with the provider's secret,
// hex encoded, compared in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';

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
