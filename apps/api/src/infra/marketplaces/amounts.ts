// Amounts as platforms write them: decimal text in the order's currency, sometimes with more
// zeros than the currency has places (Shopify's "4500.0" yen, Amazon's "1980.00" yen).
import { fromDecimalString } from '@crossdock/domain/money';

/** A platform's decimal amount in minor units of `currency`; trailing zeros past its places are dropped. */
export function platformAmount(decimal: string, currency: string): number {
  const text = decimal
    .trim()
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
  return fromDecimalString(text, currency).amount;
}
