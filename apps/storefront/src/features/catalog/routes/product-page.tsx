// A product: gallery, options that pick the SKU (its price and availability follow), details,
// and adding the chosen SKU to the cart.
import { failureMessage } from '@crossdock/domain/messages';
import { useQuery } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useId, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { RatingLine, RatingSummary } from '../../../components/rating';
import { ErrorState, Loading } from '../../../components/states';
import { cartChanges, useCartChange } from '../../../lib/cart';
import { useShopper } from '../../../lib/i18n';
import { formatPrice } from '../../../lib/money';
import { api, type ProductPage as Product } from '../../../lib/trpc';
import { NotFoundPage } from '../../../routes/not-found-page';
import { ReviewList } from '../components/review-list';

type Sku = Product['skus'][number];

/** Quantity and the add button; says when it worked and links to the cart, or why it did not. */
function AddToCart({ sku }: { sku: Sku | undefined }) {
  const { t } = useShopper();
  const add = useCartChange(cartChanges.add);
  const [quantity, setQuantity] = useState(1);
  const quantityId = useId();
  const soldOut = !sku || sku.availability === 'out';
  return (
    <div className="add-to-cart">
      <label htmlFor={quantityId}>{t('product.quantity')}</label>
      <input
        id={quantityId}
        type="number"
        inputMode="numeric"
        min={1}
        max={999}
        value={quantity}
        onChange={(e) => setQuantity(Math.max(1, Math.min(999, Math.floor(Number(e.target.value) || 1))))}
      />
      <button
        type="button"
        className="primary"
        // Busy, not disabled, while adding: a disabled button drops keyboard focus to the page.
        disabled={soldOut}
        aria-disabled={add.isPending || undefined}
        onClick={() => sku && !add.isPending && add.mutate({ skuId: sku.id, quantity })}
      >
        {t('product.addToCart')}
      </button>
      <p className="small" role="status" aria-live="polite">
        {add.isSuccess ? (
          <>
            {t('product.added')} <Link to="/cart">{t('product.viewCart')}</Link>
          </>
        ) : null}
        {add.error ? <span className="warning">{failureMessage(add.error)}</span> : null}
      </p>
    </div>
  );
}

/** The SKU in the URL, else the first one in stock, else the first one. */
function initialSku(product: Product, skuId: string | null): Sku | undefined {
  return (
    product.skus.find((s) => s.id === skuId) ??
    product.skus.find((s) => s.availability !== 'out') ??
    product.skus[0]
  );
}

/** The selected photo large, the others as buttons below it (arrow keys move between them). */
function Gallery({ images, title, noImage }: { images: Product['images']; title: string; noImage: string }) {
  const [index, setIndex] = useState(0);
  const current = images[Math.min(index, images.length - 1)];
  if (!current) {
    return (
      <div className="gallery" role="img" aria-label={`${title} — ${noImage}`}>
        <span aria-hidden="true">{title.slice(0, 1)}</span>
        <small>{noImage}</small>
      </div>
    );
  }
  return (
    <div className="gallery-frame">
      <img
        className="gallery-main"
        src={current.urls.detail}
        srcSet={`${current.urls.detail} 960w, ${current.urls.zoom} 1600w`}
        sizes="(max-width: 760px) 100vw, 50vw"
        alt={current.alt}
        width={current.width}
        height={current.height}
      />
      {images.length > 1 ? (
        <fieldset className="thumbs">
          <legend className="visually-hidden">{title}</legend>
          {images.map((image, i) => (
            <button
              key={image.id}
              type="button"
              aria-pressed={i === index}
              onClick={() => setIndex(i)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowRight') setIndex((i + 1) % images.length);
                if (e.key === 'ArrowLeft') setIndex((i - 1 + images.length) % images.length);
              }}
            >
              <img src={image.urls.thumb} alt={image.alt} width={80} height={80} />
            </button>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}

export function ProductPage() {
  const { slug = '' } = useParams();
  const { locale, currency, t } = useShopper();
  const [params, setParams] = useSearchParams();
  const query = useQuery({
    queryKey: ['product', slug, locale, currency],
    queryFn: () => api.shop.product.query({ slug, locale, currency }),
    retry: (count, error) =>
      !(error instanceof TRPCClientError && error.data?.code === 'NOT_FOUND') && count < 2,
  });

  if (query.isPending) return <Loading />;
  if (query.isError) {
    if (query.error instanceof TRPCClientError && query.error.data?.code === 'NOT_FOUND')
      return <NotFoundPage />;
    return <ErrorState error={query.error} retry={() => query.refetch()} />;
  }
  const product = query.data;
  const selected = initialSku(product, params.get('sku'));
  const chosen = new Set(selected?.optionValueIds ?? []);

  /** Picks a value: the SKU with it that keeps the most of the other choices. */
  function choose(valueId: string, optionValueIds: string[]) {
    const others = [...chosen].filter((id) => !optionValueIds.includes(id));
    const candidates = product.skus.filter((s) => s.optionValueIds.includes(valueId));
    const best = candidates.sort(
      (a, b) =>
        b.optionValueIds.filter((id) => others.includes(id)).length -
        a.optionValueIds.filter((id) => others.includes(id)).length,
    )[0];
    if (best) setParams({ sku: best.id }, { replace: true });
  }

  // The customs code (HS) is for staff and customs declarations, not shoppers; the country of
  // origin is shown by its name in the shopper's language, never as a raw code ("PT").
  const origin = product.attributes.countryOfOrigin;
  const attributes = [
    [t('product.material'), product.attributes.material],
    [t('product.care'), product.attributes.care],
    [
      t('product.origin'),
      origin ? (new Intl.DisplayNames([locale], { type: 'region' }).of(origin) ?? origin) : null,
    ],
    [t('product.sku'), selected?.code],
  ].filter(([, value]) => value);

  return (
    <article className="product">
      <nav aria-label={t('breadcrumbs')} className="breadcrumbs">
        <ol>
          <li>
            <Link to="/">{t('home')}</Link>
          </li>
          {product.breadcrumbs.map((crumb) => (
            <li key={crumb.slug}>
              <Link to={`/c/${crumb.slug}`}>{crumb.name}</Link>
            </li>
          ))}
          <li>
            <span aria-current="page">{product.title}</span>
          </li>
        </ol>
      </nav>
      <div className="product-body">
        <Gallery images={product.images} title={product.title} noImage={t('product.noImage')} />
        <div className="buy-box">
          {product.brand ? <p className="muted">{product.brand.name}</p> : null}
          <h1>{product.title}</h1>
          <RatingLine rating={product.rating} />
          {selected ? (
            <p className="price big" data-testid="price" aria-live="polite">
              {formatPrice(selected.price, locale)}
              {selected.compareAtPrice ? (
                <s className="muted"> {formatPrice(selected.compareAtPrice, locale)}</s>
              ) : null}
            </p>
          ) : (
            <p>{t('product.unavailable')}</p>
          )}
          {product.options.map((option) => {
            const ids = option.values.map((v) => v.id);
            return (
              <fieldset key={option.id} className="picker">
                <legend>{t('product.choose', { option: option.name })}</legend>
                {option.values.map((value) => {
                  const purchasable = product.skus.some((s) => s.optionValueIds.includes(value.id));
                  return (
                    <label key={value.id} className={`pick${chosen.has(value.id) ? ' picked' : ''}`}>
                      <input
                        type="radio"
                        name={option.id}
                        value={value.id}
                        checked={chosen.has(value.id)}
                        disabled={!purchasable}
                        onChange={() => choose(value.id, ids)}
                      />
                      {value.label}
                    </label>
                  );
                })}
              </fieldset>
            );
          })}
          {selected ? (
            <p className={`availability ${selected.availability}`} data-testid="availability">
              {t(`product.availability.${selected.availability}`)}
            </p>
          ) : null}
          <AddToCart sku={selected} />
        </div>
      </div>
      <section aria-labelledby="details">
        <h2 id="details">{t('product.details')}</h2>
        {product.description ? <p>{product.description}</p> : null}
        <dl className="attributes">
          {attributes.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="reviews">
        <h2 id="reviews">{t('rating.title')}</h2>
        <RatingSummary rating={product.rating} />
        <ReviewList slug={product.slug} />
      </section>
    </article>
  );
}

export default ProductPage;
