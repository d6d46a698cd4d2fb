// The frame of every page: header with category navigation, search, language and currency,
// the page itself, and a footer.

import { type StoreCurrency, storeCurrencies } from '@crossdock/domain/catalog-constants';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId } from 'react';
import { Link, Outlet, useNavigate, useSearchParams } from 'react-router';
import { AccountLink, CartLink } from '../features/cart/components/cart-link';
import { type Locale, useShopper } from '../lib/i18n';
import { api } from '../lib/trpc';

export function Layout() {
  const { locale, currency, setLocale, setCurrency, t } = useShopper();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const searchId = useId();
  const categories = useQuery({
    queryKey: ['categories', locale],
    queryFn: () => api.shop.categories.query({ locale }),
    staleTime: 60_000,
  });

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const q = String(new FormData(event.currentTarget).get('q') ?? '').trim();
    if (q) navigate(`/search?q=${encodeURIComponent(q)}`);
  }

  return (
    <>
      <a href="#main" className="skip-link">
        {t('nav.skip')}
      </a>
      <header className="header">
        <div className="header-row">
          <Link to="/" className="logo">
            Crossdock
          </Link>
          <search className="search">
            <form onSubmit={search}>
              <label htmlFor={searchId} className="visually-hidden">
                {t('nav.search')}
              </label>
              <input
                id={searchId}
                name="q"
                type="search"
                placeholder={t('nav.search')}
                defaultValue={params.get('q') ?? ''}
                maxLength={200}
              />
              <button type="submit">{t('nav.searchButton')}</button>
            </form>
          </search>
          <AccountLink />
          <CartLink />
          <label className="switch">
            <span className="visually-hidden">{t('nav.language')}</span>
            <select
              value={locale}
              onChange={(e) => setLocale(e.target.value as Locale)}
              aria-label={t('nav.language')}
            >
              <option value="en">English</option>
              <option value="zh-CN">简体中文</option>
            </select>
          </label>
          <label className="switch">
            <span className="visually-hidden">{t('nav.currency')}</span>
            <select
              value={currency}
              onChange={(e) => setCurrency(e.target.value as StoreCurrency)}
              aria-label={t('nav.currency')}
            >
              {storeCurrencies.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
          </label>
        </div>
        <nav aria-label={t('nav.categories')} className="category-nav">
          <ul>
            {categories.data?.map((category) => (
              <li key={category.id}>
                <Link to={`/c/${category.slug}`}>{category.name}</Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="main">
        <Outlet />
      </main>
      <footer className="footer muted">© Crossdock</footer>
    </>
  );
}
