// A listing with its filters: used by category pages and the search page. Filters come from the
// facet counts of the current result, and every choice is written to the URL. On a phone the
// filters are a drawer over the page, opened by a button above the results: focus goes into it,
// Escape or "Show results" closes it and focus returns to the button.

import { productSorts } from '@crossdock/domain/catalog-constants';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ProductGrid } from '../../../components/product-card';
import { Empty, ErrorState, Loading } from '../../../components/states';
import { useShopper } from '../../../lib/i18n';
import { api } from '../../../lib/trpc';
import { readListState, toListInput, toMajor, withParam } from '../api/list-params';

/** One end of the price range; the current result's lowest or highest price is the hint. */
function PriceBound(props: {
  name: 'min' | 'max';
  label: string;
  value: string;
  hint: { amount: number } | null | undefined;
  currency: string;
}) {
  return (
    <label>
      {props.label}
      <input
        name={props.name}
        inputMode="decimal"
        defaultValue={props.value}
        placeholder={props.hint ? toMajor(props.hint.amount, props.currency) : ''}
        // A new value in the URL (e.g. after "Clear filters") resets the field.
        key={`${props.name}-${props.value}`}
      />
    </label>
  );
}

export function ProductList({ category, q }: { category?: string; q?: string }) {
  const shopper = useShopper();
  const { t } = shopper;
  const [params, setParams] = useSearchParams();
  const state = readListState(params);
  const input = toListInput(state, shopper, { category, q });
  const { cursor: _cursor, ...facetInput } = input;
  const sortId = useId();
  const filtersId = useId();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const drawerButton = useRef<HTMLButtonElement>(null);
  const drawerHeading = useRef<HTMLHeadingElement>(null);
  // Into the drawer when it opens; back to its button once it has closed (the button is
  // inert while the drawer is open, so it can take focus only after).
  const returnFocus = useRef(false);
  useEffect(() => {
    if (drawerOpen) drawerHeading.current?.focus();
    else if (returnFocus.current) drawerButton.current?.focus();
    returnFocus.current = false;
  }, [drawerOpen]);
  const closeDrawer = () => {
    returnFocus.current = true;
    setDrawerOpen(false);
  };

  const list = useQuery({
    queryKey: ['products', input],
    queryFn: () => api.shop.products.query(input),
    placeholderData: keepPreviousData,
  });
  const facets = useQuery({
    queryKey: ['facets', facetInput],
    queryFn: () => api.shop.facets.query(facetInput),
    placeholderData: keepPreviousData,
  });

  // Every change starts from the browser's current URL, not the one this render saw: two quick
  // changes in a row must both stick.
  const update = (change: (next: URLSearchParams) => void) =>
    setParams(withParam(new URLSearchParams(window.location.search), change));
  const toggle = (key: string, value: string) =>
    update((next) => {
      const values = next.getAll(key);
      next.delete(key);
      for (const v of values.includes(value) ? values.filter((x) => x !== value) : [...values, value])
        next.append(key, v);
    });

  function applyPrice(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    update((next) => {
      for (const key of ['min', 'max'] as const) {
        const value = String(form.get(key) ?? '').trim();
        if (value) next.set(key, value);
        else next.delete(key);
      }
    });
  }

  const data = facets.data;
  const hasFilters =
    state.brands.length > 0 ||
    Object.keys(state.options).length > 0 ||
    state.min ||
    state.max ||
    state.inStock;

  return (
    <div className="listing">
      <aside
        id={filtersId}
        className={drawerOpen ? 'filters open' : 'filters'}
        aria-label={t('list.filters')}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && drawerOpen) closeDrawer();
        }}
      >
        <h2 className="drawer-only drawer-heading" tabIndex={-1} ref={drawerHeading}>
          {t('list.filters')}
        </h2>
        {data && data.brands.length > 0 ? (
          <fieldset>
            <legend>{t('list.brand')}</legend>
            {data.brands.map((brand) => (
              <label key={brand.slug} className="check">
                <input
                  type="checkbox"
                  checked={state.brands.includes(brand.slug)}
                  onChange={() => toggle('brand', brand.slug)}
                />
                {brand.name} <span className="muted">({brand.count})</span>
              </label>
            ))}
          </fieldset>
        ) : null}
        {data?.options.map((option) => (
          <fieldset key={option.name}>
            <legend className="capitalize">{option.label}</legend>
            {option.values.map((value) => (
              <label key={value.code} className="check">
                <input
                  type="checkbox"
                  checked={state.options[option.name]?.includes(value.code) ?? false}
                  onChange={() => toggle(`opt.${option.name}`, value.code)}
                />
                {value.label} <span className="muted">({value.count})</span>
              </label>
            ))}
          </fieldset>
        ))}
        <form onSubmit={applyPrice} className="price-filter">
          <fieldset>
            <legend>
              {t('list.price')} ({shopper.currency})
            </legend>
            <PriceBound
              name="min"
              label={t('list.min')}
              value={state.min}
              hint={data?.price.min}
              currency={shopper.currency}
            />
            <PriceBound
              name="max"
              label={t('list.max')}
              value={state.max}
              hint={data?.price.max}
              currency={shopper.currency}
            />
            <button type="submit">{t('list.apply')}</button>
          </fieldset>
        </form>
        <label className="check">
          <input
            type="checkbox"
            checked={state.inStock}
            onChange={() =>
              update((next) => (next.get('stock') === '1' ? next.delete('stock') : next.set('stock', '1')))
            }
          />
          {t('list.inStock')} {data ? <span className="muted">({data.inStock})</span> : null}
        </label>
        {hasFilters ? (
          <button type="button" className="link-button" onClick={() => setParams(q ? { q } : {})}>
            {t('list.clear')}
          </button>
        ) : null}
        <button type="button" className="drawer-only drawer-done" onClick={closeDrawer}>
          {data ? t('list.showResults', { count: data.total }) : t('list.close')}
        </button>
      </aside>

      {/* Behind an open drawer the results are out of reach, as behind a dialog. */}
      <section className="results" aria-busy={list.isFetching} inert={drawerOpen}>
        <div className="results-bar">
          <button
            type="button"
            ref={drawerButton}
            className="drawer-toggle"
            aria-controls={filtersId}
            aria-expanded={drawerOpen}
            onClick={() => setDrawerOpen(true)}
          >
            {t('list.filters')}
            {hasFilters ? ' •' : ''}
          </button>
          <p aria-live="polite">{data ? t('list.results', { count: data.total }) : '\u00a0'}</p>
          <label htmlFor={sortId}>{t('list.sort')}</label>
          <select
            id={sortId}
            value={list.data?.sort ?? state.sort ?? (q ? 'relevance' : 'newest')}
            onChange={(e) => {
              const sort = e.target.value;
              update((next) => next.set('sort', sort));
            }}
          >
            {productSorts
              .filter((s) => q || s !== 'relevance')
              .map((sort) => (
                <option key={sort} value={sort}>
                  {t(`sort.${sort}`)}
                </option>
              ))}
          </select>
        </div>
        {list.isPending ? (
          <Loading />
        ) : list.isError ? (
          <ErrorState error={list.error} retry={() => list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <Empty>{t('list.empty')}</Empty>
        ) : (
          <>
            <ProductGrid items={list.data.items} />
            <nav className="pager" aria-label={t('list.pagination')}>
              {state.after ? (
                <Link to={`?${withParam(params, () => {}).toString()}`}>{t('list.first')}</Link>
              ) : (
                <span />
              )}
              {list.data.nextCursor ? (
                <Link
                  to={`?${(() => {
                    const next = new URLSearchParams(params);
                    next.set('after', list.data.nextCursor);
                    return next.toString();
                  })()}`}
                >
                  {t('list.next')}
                </Link>
              ) : null}
            </nav>
          </>
        )}
      </section>
    </div>
  );
}
