// The front page: the category tree's top level and the newest products.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ProductGrid } from '../../../components/product-card';
import { ErrorState, Loading } from '../../../components/states';
import { useShopper } from '../../../lib/i18n';
import { api } from '../../../lib/trpc';

export function HomePage() {
  const { locale, currency, t } = useShopper();
  const categories = useQuery({
    queryKey: ['categories', locale],
    queryFn: () => api.shop.categories.query({ locale }),
  });
  const arrivals = useQuery({
    queryKey: ['products', 'new', locale, currency],
    queryFn: () => api.shop.products.query({ locale, currency, sort: 'newest', limit: 8 }),
  });

  return (
    <>
      <h1 className="hero">{t('home.title')}</h1>
      <section aria-labelledby="home-categories">
        <h2 id="home-categories">{t('home.categories')}</h2>
        {categories.isPending ? (
          <Loading />
        ) : categories.isError ? (
          <ErrorState error={categories.error} retry={() => categories.refetch()} />
        ) : (
          <ul className="tiles">
            {categories.data.map((category) => (
              <li key={category.id}>
                <Link to={`/c/${category.slug}`} className="tile">
                  <strong>{category.name}</strong>
                  <span className="muted">{category.children.map((c) => c.name).join(' · ')}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="home-new">
        <h2 id="home-new">{t('home.newArrivals')}</h2>
        {arrivals.isPending ? (
          <Loading />
        ) : arrivals.isError ? (
          <ErrorState error={arrivals.error} retry={() => arrivals.refetch()} />
        ) : (
          <ProductGrid items={arrivals.data.items} />
        )}
      </section>
    </>
  );
}

export default HomePage;
