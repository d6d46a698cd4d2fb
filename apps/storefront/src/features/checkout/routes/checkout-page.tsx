// Checkout: where to ship (the address book, or a new address), how (methods that go there,
// priced for the parcel), and the order summary with every discount named, all priced by the
// server. Placing the order sends an idempotency key kept for this checkout, so a retry after a
// network error cannot place it twice.
import { failureMessage } from '@crossdock/domain/messages';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { AddressForm, type AddressValue } from '../../../components/address-form';
import { CouponForm, Discounts, TaxIncludedNote, TaxRow } from '../../../components/cart-summary';
import { RequireCustomer } from '../../../components/require-customer';
import { ErrorState, Loading } from '../../../components/states';
import { useCart, useCartKey } from '../../../lib/cart';
import { useShopper } from '../../../lib/i18n';
import { formatPrice } from '../../../lib/money';
import { api, type Quote } from '../../../lib/trpc';

const KEY_STORAGE = 'cd.checkoutKey';

/** One key per checkout attempt: kept across reloads, replaced once an order is placed. */
function checkoutKey(): string {
  let key = sessionStorage.getItem(KEY_STORAGE);
  if (!key) {
    key = crypto.randomUUID().replace(/-/g, '');
    sessionStorage.setItem(KEY_STORAGE, key);
  }
  return key;
}

function Summary({ quote }: { quote: Quote }) {
  const { t, locale } = useShopper();
  return (
    <>
      <dl>
        {quote.lines.map((line) => (
          <div className="summary-row" key={line.skuId}>
            <dt>
              {line.title} × {line.quantity}
              {line.options ? <span className="muted small"> · {line.options}</span> : null}
            </dt>
            <dd>{formatPrice(line.subtotal, locale)}</dd>
          </div>
        ))}
        <div className="summary-row">
          <dt>{t('cart.subtotal')}</dt>
          <dd>{formatPrice(quote.subtotal, locale)}</dd>
        </div>
        <Discounts discounts={quote.discounts.filter((d) => d.appliesTo === 'lines')} locale={locale} />
        {quote.points.used.points > 0 ? (
          <div className="summary-row discount" data-testid="points-discount">
            <dt>{t('checkout.pointsLine', { points: quote.points.used.points.toLocaleString(locale) })}</dt>
            <dd>−{formatPrice(quote.points.used.amount, locale)}</dd>
          </div>
        ) : null}
        <div className="summary-row">
          <dt>{t('checkout.shipping')}</dt>
          <dd>{quote.shippingMethodId ? formatPrice(quote.shipping, locale) : '—'}</dd>
        </div>
        <Discounts discounts={quote.discounts.filter((d) => d.appliesTo === 'shipping')} locale={locale} />
        <TaxRow priced={quote} />
        <div className="summary-row total">
          <dt>{t('cart.total')}</dt>
          <dd data-testid="checkout-total">{formatPrice(quote.total, locale)}</dd>
        </div>
      </dl>
      <TaxIncludedNote priced={quote} />
    </>
  );
}

function Checkout() {
  const { t, locale, currency } = useShopper();
  const navigate = useNavigate();
  const client = useQueryClient();
  const cartKey = useCartKey();
  const cart = useCart();
  const addresses = useQuery({ queryKey: ['addresses'], queryFn: () => api.account.addresses.list.query() });
  const [addressId, setAddressId] = useState<string | null>(null);
  const [methodId, setMethodId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [redeemPoints, setRedeemPoints] = useState(false);
  const groupId = useId();

  useEffect(() => {
    const list = addresses.data;
    if (list && !addressId && list.length) setAddressId((list.find((a) => a.isDefault) ?? list[0]!).id);
  }, [addresses.data, addressId]);

  const quote = useQuery({
    queryKey: ['quote', addressId, methodId, locale, currency, cart.data, redeemPoints],
    queryFn: () =>
      api.checkout.quote.query({
        addressId: addressId!,
        shippingMethodId: methodId ?? undefined,
        redeemPoints,
        locale,
        currency,
      }),
    enabled: !!addressId && !!cart.data?.lines.length,
    // The methods stay on screen while a new quote loads, so the radio just chosen keeps focus.
    placeholderData: keepPreviousData,
  });
  // A method that no longer serves the chosen address is dropped; the first is chosen for the shopper.
  useEffect(() => {
    const methods = quote.data?.shippingMethods;
    if (!methods) return;
    if (methodId && !methods.some((m) => m.id === methodId)) setMethodId(null);
    else if (!methodId && methods.length) setMethodId(methods[0]!.id);
  }, [quote.data, methodId]);

  // The form closes once an address is saved: focus goes to the new address, not to the page.
  const [focusAddressId, setFocusAddressId] = useState<string | null>(null);
  useEffect(() => {
    if (!focusAddressId) return;
    const radio = document.getElementById(`${groupId}-address-${focusAddressId}`);
    if (radio) {
      radio.focus();
      setFocusAddressId(null);
    }
  });
  const addAddress = useMutation({
    mutationFn: (input: { address: AddressValue; isDefault: boolean }) =>
      api.account.addresses.add.mutate(input),
    onSuccess: async (address) => {
      await client.invalidateQueries({ queryKey: ['addresses'] });
      setAddressId(address.id);
      setAdding(false);
      setFocusAddressId(address.id);
    },
  });
  const place = useMutation({
    mutationFn: () =>
      api.checkout.placeOrder.mutate({
        addressId: addressId!,
        shippingMethodId: methodId!,
        redeemPoints,
        idempotencyKey: checkoutKey(),
        locale,
        currency,
      }),
    onSuccess: async (order) => {
      sessionStorage.removeItem(KEY_STORAGE);
      await client.invalidateQueries({ queryKey: cartKey });
      navigate(`/account/orders/${order.id}?placed=1`);
    },
  });

  if (cart.isPending || addresses.isPending) return <Loading />;
  if (cart.isError) return <ErrorState error={cart.error} retry={() => cart.refetch()} />;
  if (addresses.isError) return <ErrorState error={addresses.error} retry={() => addresses.refetch()} />;
  if (!cart.data.lines.length) {
    return (
      <section className="narrow">
        <h1>{t('checkout.title')}</h1>
        <p>{t('cart.empty')}</p>
        <Link to="/">{t('cart.continue')}</Link>
      </section>
    );
  }

  const list = addresses.data;
  const q = quote.data;
  const showForm = adding || list.length === 0;

  return (
    <section className="checkout" aria-labelledby="checkout-title">
      <h1 id="checkout-title">{t('checkout.title')}</h1>
      <div className="cart-grid">
        <div>
          <fieldset className="choices">
            <legend>{t('checkout.address')}</legend>
            {list.length === 0 ? <p className="muted">{t('checkout.chooseAddress')}</p> : null}
            {list.map((a) => (
              <label key={a.id} className={`choice${a.id === addressId ? ' chosen' : ''}`}>
                <input
                  type="radio"
                  id={`${groupId}-address-${a.id}`}
                  name={`${groupId}-address`}
                  checked={a.id === addressId}
                  onChange={() => setAddressId(a.id)}
                />
                <span>
                  <strong>{a.name}</strong>, {a.line1}
                  {a.line2 ? `, ${a.line2}` : ''}, {a.postalCode ? `${a.postalCode} ` : ''}
                  {a.city}, {a.country}
                </span>
              </label>
            ))}
            {showForm ? (
              <AddressForm
                busy={addAddress.isPending}
                error={addAddress.error ? failureMessage(addAddress.error) : null}
                onSave={(address, isDefault) => addAddress.mutate({ address, isDefault })}
                onCancel={list.length ? () => setAdding(false) : undefined}
              />
            ) : (
              <button type="button" className="link-button" onClick={() => setAdding(true)}>
                {t('checkout.addAddress')}
              </button>
            )}
          </fieldset>
          {addressId ? (
            <fieldset className="choices" aria-busy={quote.isFetching}>
              <legend>{t('checkout.method')}</legend>
              {q && q.shippingMethods.length === 0 ? (
                <p className="warning">{t('checkout.noMethod')}</p>
              ) : null}
              {q?.shippingMethods.map((m) => (
                <label key={m.id} className={`choice${m.id === methodId ? ' chosen' : ''}`}>
                  <input
                    type="radio"
                    name={`${groupId}-method`}
                    checked={m.id === methodId}
                    onChange={() => setMethodId(m.id)}
                  />
                  <span>
                    <strong>{m.name}</strong> — {formatPrice(m.amount, locale)}
                    {m.description ? <span className="muted small"> · {m.description}</span> : null}
                  </span>
                </label>
              ))}
            </fieldset>
          ) : null}
        </div>
        <aside className="summary" aria-label={t('checkout.summary')}>
          <h2>{t('checkout.summary')}</h2>
          {cart.data ? <CouponForm cart={cart.data} /> : null}
          {quote.isError ? <ErrorState error={quote.error} retry={() => quote.refetch()} /> : null}
          {q && q.points.offer.points > 0 ? (
            <label className="points-choice">
              <input
                type="checkbox"
                checked={redeemPoints}
                onChange={(e) => setRedeemPoints(e.target.checked)}
              />{' '}
              {t('checkout.usePoints', {
                points: q.points.offer.points.toLocaleString(locale),
                amount: formatPrice(q.points.offer.amount, locale),
              })}
            </label>
          ) : null}
          {q ? <Summary quote={q} /> : addressId ? <Loading /> : null}
          {q?.problems.length ? <p className="warning">{t('cart.fixProblems')}</p> : null}
          {place.error ? (
            <p className="warning" role="alert">
              {failureMessage(place.error)}
            </p>
          ) : null}
          <button
            type="button"
            className="primary"
            disabled={!q?.ready || place.isPending || quote.isFetching}
            onClick={() => place.mutate()}
          >
            {place.isPending ? t('checkout.placing') : t('checkout.place')}
          </button>
          <Link to="/cart">{t('checkout.backToCart')}</Link>
        </aside>
      </div>
    </section>
  );
}

export function CheckoutPage() {
  return (
    <RequireCustomer>
      <Checkout />
    </RequireCustomer>
  );
}

export default CheckoutPage;
