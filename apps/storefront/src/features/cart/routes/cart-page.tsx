// The cart: lines with quantities to change or remove, what changed since they were added, the
// coupon field with the reason a code does not apply, every discount by name, and the way on to
// checkout once nothing blocks it.
import { failureMessage } from '@crossdock/domain/messages';
import { useId, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { CouponForm, Discounts } from '../../../components/cart-summary';
import { Empty, ErrorState, Loading } from '../../../components/states';
import { cartChanges, useCart, useCartChange } from '../../../lib/cart';
import { type MessageKey, useShopper } from '../../../lib/i18n';
import { formatPrice } from '../../../lib/money';
import type { Cart } from '../../../lib/trpc';

type Line = Cart['lines'][number];

function LineRow({ line }: { line: Line }) {
  const { t, locale } = useShopper();
  const setQuantity = useCartChange(cartChanges.setQuantity);
  const remove = useCartChange(cartChanges.remove);
  const [draft, setDraft] = useState<string | null>(null);
  const inputId = useId();
  const title = line.title ?? line.code ?? '';

  function commit() {
    if (draft === null) return;
    const quantity = Number(draft);
    setDraft(null);
    if (Number.isInteger(quantity) && quantity >= 1 && quantity !== line.quantity) {
      setQuantity.mutate({ skuId: line.skuId, quantity });
    }
  }

  const problem =
    line.problem === 'insufficient_stock'
      ? t('cart.problem.insufficient_stock', { count: line.maxQuantity })
      : line.problem
        ? t(`cart.problem.${line.problem}` as MessageKey)
        : null;
  const error = setQuantity.error ?? remove.error;

  return (
    <li className="cart-line" data-testid="cart-line" aria-busy={setQuantity.isPending || remove.isPending}>
      {line.image ? (
        <img src={line.image} alt="" width={80} height={80} />
      ) : (
        <div className="thumb" aria-hidden="true" />
      )}
      <div className="cart-line-main">
        {line.slug ? <Link to={`/p/${line.slug}`}>{title}</Link> : <span>{title}</span>}
        {line.options ? <span className="muted small">{line.options}</span> : null}
        {line.unitPrice ? <span className="small">{formatPrice(line.unitPrice, locale)}</span> : null}
        {line.previousUnitPrice ? (
          <span className="notice small" role="status">
            {t('cart.priceChanged', { price: formatPrice(line.previousUnitPrice, locale) })}
          </span>
        ) : null}
        {problem ? (
          <span className="warning small" role="alert">
            {problem}
          </span>
        ) : null}
        {error ? (
          <span className="warning small" role="alert">
            {failureMessage(error)}
          </span>
        ) : null}
      </div>
      <div className="cart-line-qty">
        <label htmlFor={inputId} className="visually-hidden">
          {t('cart.quantityOf', { title })}
        </label>
        <input
          id={inputId}
          type="number"
          inputMode="numeric"
          min={1}
          max={999}
          value={draft ?? String(line.quantity)}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
          }}
          disabled={line.problem === 'unavailable'}
        />
        <button type="button" className="link-button" onClick={() => remove.mutate({ skuId: line.skuId })}>
          {t('cart.remove')}
        </button>
      </div>
      <div className="cart-line-total">
        {line.total ? (
          <>
            {line.discount && line.discount.amount > 0 ? (
              <s className="muted small">{formatPrice(line.subtotal!, locale)}</s>
            ) : null}
            <span>{formatPrice(line.total, locale)}</span>
          </>
        ) : null}
      </div>
    </li>
  );
}

export function CartPage() {
  const { t, locale } = useShopper();
  const cart = useCart();
  const accept = useCartChange(cartChanges.acceptPrices);
  const navigate = useNavigate();

  if (cart.isPending) return <Loading />;
  if (cart.isError) return <ErrorState error={cart.error} retry={() => cart.refetch()} />;
  const data = cart.data;

  return (
    <section className="cart-page" aria-labelledby="cart-title">
      <h1 id="cart-title">{t('cart.title')}</h1>
      {data.lines.length === 0 ? (
        <>
          <Empty>{t('cart.empty')}</Empty>
          <Link to="/">{t('cart.continue')}</Link>
        </>
      ) : (
        <div className="cart-grid">
          <div>
            <ul className="cart-lines" aria-label={t('cart.title')}>
              {data.lines.map((line) => (
                <LineRow key={line.skuId} line={line} />
              ))}
            </ul>
            {data.lines.some((l) => l.priceChanged) ? (
              <button type="button" onClick={() => accept.mutate(undefined)}>
                {t('cart.acceptPrices')}
              </button>
            ) : null}
          </div>
          <aside className="summary" aria-label={t('checkout.summary')}>
            <CouponForm cart={data} />
            <dl>
              <div className="summary-row">
                <dt>{t('cart.subtotal')}</dt>
                <dd>{formatPrice(data.subtotal, locale)}</dd>
              </div>
              <Discounts discounts={data.discounts} locale={locale} />
              <div className="summary-row total">
                <dt>{t('cart.total')}</dt>
                <dd data-testid="cart-total">{formatPrice(data.total, locale)}</dd>
              </div>
            </dl>
            {/* Whether prices include tax depends on the market, known once there is an address. */}
            <p className="muted small">{t('cart.taxAtCheckout')}</p>
            {data.hasProblems ? <p className="warning small">{t('cart.fixProblems')}</p> : null}
            <button
              type="button"
              className="primary"
              disabled={data.hasProblems}
              onClick={() => navigate('/checkout')}
            >
              {t('cart.checkout')}
            </button>
          </aside>
        </div>
      )}
    </section>
  );
}

export default CartPage;
