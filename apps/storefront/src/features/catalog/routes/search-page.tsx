// Search results with the same filters as a category, and a "did you mean" for typos.
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { Empty } from '../../../components/states';
import { useShopper } from '../../../lib/i18n';
import { api } from '../../../lib/trpc';
import { ProductList } from '../components/product-list';

export function SearchPage() {
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim().slice(0, 200);
  const { locale, currency, t } = useShopper();
  const facets = useQuery({
    queryKey: ['facets', { q, locale, currency }],
    queryFn: () => api.shop.facets.query({ q, locale, currency }),
    enabled: q.length > 0,
  });
  if (!q) return <Empty>{t('search.prompt')}</Empty>;
  const suggestion = facets.data?.didYouMean;
  return (
    <>
      <h1>{t('search.title', { q })}</h1>
      {suggestion ? (
        <p className="did-you-mean">
          {t('search.didYouMean')}{' '}
          <Link to={`/search?q=${encodeURIComponent(suggestion)}`}>
            <strong>{suggestion}</strong>
          </Link>
          ?
        </p>
      ) : null}
      <ProductList q={q} key={q} />
    </>
  );
}

export default SearchPage;
