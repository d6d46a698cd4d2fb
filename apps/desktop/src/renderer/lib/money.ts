// Amounts from the API (integer minor units with their currency) as text for staff.
import { type Money, toDecimalString } from '@crossdock/domain/money';

export function formatMoney(m: Money, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency }).format(
    toDecimalString(m) as unknown as number,
  );
}
