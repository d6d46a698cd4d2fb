// Prices as the shopper reads them, formatted for their language by the domain's one formatter.
import { format, type Money } from '@crossdock/domain/money';
import type { Locale } from './i18n';

export function formatPrice(price: { amount: number; currency: string }, locale: Locale): string {
  return format(price as Money, locale === 'zh-CN' ? 'zh-CN' : 'en-US');
}
