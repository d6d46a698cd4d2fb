// Search results with the same filters as a category. A search that finds nothing but looks
// like a typo shows the results for the corrected words (with a way back to what was typed); one
// that finds a few offers "did you mean"; one that finds nothing at all says what to try.
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { Empty } from '../../../components/states';
import { useShopper } from '../../../lib/i18n';
import { api } from '../../../lib/trpc';
import { ProductList } from '../components/product-list';

export function SearchPage() {
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim().slice(0, 200);
  // `exact=1`: the shopper asked for what they typed, not the correction.
  const exact = params.get('exact') === '1';
  const { locale, currency, t } = useShopper();
  const facets = useQuery({
    queryKey: ['facets', { q, locale, currency }],
    queryFn: () => api.shop.facets.query({ q, locale, currency }),
    enabled: q.length > 0,
  });
  if (!q) return <Empty>{t('search.prompt')}</Empty>;
  if (!facets.data) return <ProductList q={q} key={q} />;
  const { total, didYouMean } = facets.data;
  const corrected = total === 0 && didYouMean && !exact ? didYouMean : null;
  const shown = corrected ?? q;
  return (
    <>
      <h1>{t('search.title', { q: shown })}</h1>
      {corrected ? (
        <p className="did-you-mean" role="status">
          {t('search.noneFor', { q })} {t('search.showingFor', { q: corrected })}{' '}
          <Link to={`/search?q=${encodeURIComponent(q)}&exact=1`}>{t('search.insteadFor', { q })}</Link>
        </p>
      ) : didYouMean ? (
        <p className="did-you-mean">
          {t('search.didYouMean')}{' '}
          <Link to={`/search?q=${encodeURIComponent(didYouMean)}`}>
            <strong>{didYouMean}</strong>
          </Link>
          ?
        </p>
      ) : null}
      {total === 0 && !corrected ? (
        <div className="no-results" role="status">
          <p>{t('search.noneFor', { q })}</p>
          <ul>
            <li>{t('search.tipSpelling')}</li>
            <li>{t('search.tipFewer')}</li>
          </ul>
          <p>
            <Link to="/">{t('search.browse')}</Link>
          </p>
        </div>
      ) : (
        <ProductList q={shown} key={shown} />
      )}
    </>
  );
}

export default SearchPage;
