// Listing filters, sort and page live in the URL, so a filtered page can be shared, bookmarked
// and reloaded. This maps between the query string and the API's listing input.

import type { ProductListInput } from '@crossdock/domain/catalog';
import { type ProductSort, productSorts } from '@crossdock/domain/catalog-constants';
import {
  fromDecimalString,
  minorUnitDigits,
  money,
  currency as toCurrency,
  toDecimalString,
} from '@crossdock/domain/money';

export interface ListState {
  brands: string[];
  options: Record<string, string[]>;
  min: string;
  max: string;
  inStock: boolean;
  sort: ProductSort | undefined;
  after: string | undefined;
}

export function readListState(params: URLSearchParams): ListState {
  const options: Record<string, string[]> = {};
  for (const [key, value] of params) {
    if (key.startsWith('opt.')) options[key.slice(4)] = [...(options[key.slice(4)] ?? []), value];
  }
  const sort = params.get('sort');
  return {
    brands: params.getAll('brand'),
    options,
    min: params.get('min') ?? '',
    max: params.get('max') ?? '',
    inStock: params.get('stock') === '1',
    sort: productSorts.includes(sort as ProductSort) ? (sort as ProductSort) : undefined,
    after: params.get('after') ?? undefined,
  };
}

/** Major units in the URL ("19.99"), minor units for the API; an unreadable value is ignored. */
function toMinor(text: string, code: string): number | undefined {
  if (!text) return undefined;
  try {
    const digits = minorUnitDigits(toCurrency(code));
    const [whole = '0', fraction = ''] = text.split('.');
    return fromDecimalString(
      `${whole}${digits ? `.${fraction.padEnd(digits, '0').slice(0, digits)}` : ''}`,
      code,
    ).amount;
  } catch {
    return undefined;
  }
}

export function toMajor(minor: number, code: string): string {
  return toDecimalString(money(minor, code)).replace(/\.0+$/, '');
}

export function toListInput(
  state: ListState,
  shopper: { locale: 'en' | 'zh-CN'; currency: ProductListInput['currency'] },
  scope: { category?: string; q?: string },
): ProductListInput {
  const options = Object.keys(state.options).length ? state.options : undefined;
  return {
    locale: shopper.locale,
    currency: shopper.currency,
    ...scope,
    brands: state.brands.length ? state.brands : undefined,
    options,
    minPrice: toMinor(state.min, shopper.currency),
    maxPrice: toMinor(state.max, shopper.currency),
    inStock: state.inStock || undefined,
    sort: state.sort,
    limit: 24,
    cursor: state.after,
  };
}

/** The same page with one parameter changed; any filter change goes back to the first page. */
export function withParam(params: URLSearchParams, change: (next: URLSearchParams) => void): URLSearchParams {
  const next = new URLSearchParams(params);
  change(next);
  next.delete('after');
  return next;
}
