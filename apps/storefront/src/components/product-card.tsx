// One product in a grid: title, brand and its price (a range when SKUs differ).
import { Link } from 'react-router';
import { useShopper } from '../lib/i18n';
import { formatPrice } from '../lib/money';
import type { ProductList } from '../lib/trpc';
import { RatingLine } from './rating';

type Item = ProductList['items'][number];

export function ProductCard({ product }: { product: Item }) {
  const { locale } = useShopper();
  const from = formatPrice(product.minPrice, locale);
  const to =
    product.maxPrice.amount !== product.minPrice.amount ? ` – ${formatPrice(product.maxPrice, locale)}` : '';
  return (
    <li className="card">
      <Link to={`/p/${product.slug}`} className="card-link">
        {product.image ? (
          <img
            className="card-image"
            src={product.image}
            alt=""
            width={480}
            height={480}
            loading="lazy"
            decoding="async"
          />
        ) : (
          <div className="card-image" aria-hidden="true">
            {product.title.slice(0, 1)}
          </div>
        )}
        <span className="card-title">{product.title}</span>
      </Link>
      {product.brand ? <span className="muted">{product.brand}</span> : null}
      <RatingLine rating={product.rating} />
      <span className="price" data-testid="card-price">
        {from}
        {to}
      </span>
    </li>
  );
}

export function ProductGrid({ items }: { items: Item[] }) {
  return (
    <ul className="grid" aria-label="Products">
      {items.map((item) => (
        <ProductCard key={item.id} product={item} />
      ))}
    </ul>
  );
}
