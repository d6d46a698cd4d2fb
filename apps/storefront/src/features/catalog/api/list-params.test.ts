import { describe, expect, it } from 'vitest';
import { readListState, toListInput, toMajor, withParam } from './list-params';

const shopper = { locale: 'en' as const, currency: 'USD' as const };

describe('listing state in the URL', () => {
  it('reads filters, sort and page from the query string', () => {
    const state = readListState(
      new URLSearchParams(
        'brand=fjord&brand=kumo&opt.size=M&opt.size=L&min=20&max=90.5&stock=1&sort=price_asc&after=abc',
      ),
    );
    expect(state).toEqual({
      brands: ['fjord', 'kumo'],
      options: { size: ['M', 'L'] },
      min: '20',
      max: '90.5',
      inStock: true,
      sort: 'price_asc',
      after: 'abc',
    });
  });

  it('ignores an unknown sort and turns prices into minor units of the shopper’s currency', () => {
    const state = readListState(new URLSearchParams('sort=cheapest&min=19.99&max=abc'));
    expect(state.sort).toBeUndefined();
    const input = toListInput(state, shopper, { category: 'tops' });
    expect(input).toMatchObject({ category: 'tops', minPrice: 1999, maxPrice: undefined, limit: 24 });
    expect(
      toListInput(readListState(new URLSearchParams('min=1500')), { locale: 'en', currency: 'JPY' }, {})
        .minPrice,
    ).toBe(1500);
    expect(toListInput(readListState(new URLSearchParams('min=12.345')), shopper, {}).minPrice).toBe(1234);
  });

  it('goes back to the first page when a filter changes', () => {
    const next = withParam(new URLSearchParams('brand=fjord&after=xyz'), (p) => p.set('sort', 'newest'));
    expect(next.toString()).toBe('brand=fjord&sort=newest');
  });

  it('shows minor units as major units without trailing zeros', () => {
    expect(toMajor(1999, 'USD')).toBe('19.99');
    expect(toMajor(2000, 'USD')).toBe('20');
    expect(toMajor(1500, 'JPY')).toBe('1500');
  });
});
