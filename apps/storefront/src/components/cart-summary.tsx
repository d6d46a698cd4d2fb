// Pieces of a cart summary that the cart, checkout and order pages all show: the coupon field
// (with the reason a code does not apply) and each discount by name.
import { failureMessage } from '@crossdock/domain/messages';
import { type FormEvent, useId } from 'react';
import { cartChanges, useCartChange } from '../lib/cart';
import { type MessageKey, useShopper } from '../lib/i18n';
import { formatPrice } from '../lib/money';
import { type Cart, reasonOf } from '../lib/trpc';

export function CouponForm({ cart }: { cart: Cart }) {
  const { t, locale } = useShopper();
  const apply = useCartChange(cartChanges.applyCoupon);
  const remove = useCartChange(cartChanges.removeCoupon);
  const inputId = useId();
  const messageId = useId();
  const coupon = cart.coupon;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').trim();
    if (code) apply.mutate({ code });
  }

  const reason =
    coupon && !coupon.applied && coupon.reason
      ? t(`coupon.reason.${coupon.reason}` as MessageKey, {
          missing: coupon.missing
            ? formatPrice({ amount: coupon.missing, currency: cart.currency }, locale)
            : '',
        })
      : null;
  const failure = apply.error
    ? reasonOf(apply.error) === 'COUPON_NOT_FOUND'
      ? t('coupon.reason.UNKNOWN_CODE')
      : failureMessage(apply.error)
    : null;

  return (
    <div className="coupon">
      {coupon ? (
        <p
          className={coupon.applied ? 'success' : 'warning'}
          id={messageId}
          role="status"
          data-testid="coupon-status"
        >
          {coupon.applied ? t('coupon.applied', { code: coupon.code }) : `${coupon.code}: ${reason}`}{' '}
          <button type="button" className="link-button" onClick={() => remove.mutate(undefined)}>
            {t('coupon.remove')}
          </button>
        </p>
      ) : (
        <form onSubmit={submit} className="inline-form">
          <label htmlFor={inputId}>{t('coupon.label')}</label>
          <input
            id={inputId}
            name="code"
            autoComplete="off"
            maxLength={40}
            aria-invalid={failure ? true : undefined}
            aria-describedby={failure ? messageId : undefined}
          />
          <button type="submit" disabled={apply.isPending}>
            {t('coupon.apply')}
          </button>
          {failure ? (
            <p id={messageId} className="warning small" role="alert">
              {failure}
            </p>
          ) : null}
        </form>
      )}
    </div>
  );
}

interface NamedDiscount {
  name: string;
  code: string | null;
  appliesTo: 'lines' | 'shipping';
  amount: { amount: number; currency: string };
}

export function Discounts({
  discounts,
  locale,
}: {
  discounts: readonly NamedDiscount[];
  locale: 'en' | 'zh-CN';
}) {
  return (
    <>
      {discounts.map((d) => (
        <div className="summary-row discount" key={`${d.name}-${d.appliesTo}`} data-testid="discount">
          <dt>
            {d.name}
            {d.code ? ` (${d.code})` : ''}
          </dt>
          <dd>−{formatPrice(d.amount, locale)}</dd>
        </div>
      ))}
    </>
  );
}

type Tax = { taxInclusive: boolean; tax: { amount: number; currency: string } };

/** The tax line of a summary: added on top where prices exclude it (inside the `<dl>`). */
export function TaxRow({ priced }: { priced: Tax }) {
  const { t, locale } = useShopper();
  if (priced.taxInclusive) return null;
  return (
    <div className="summary-row">
      <dt>{t('checkout.tax')}</dt>
      <dd>{formatPrice(priced.tax, locale)}</dd>
    </div>
  );
}

/** Where prices include tax, the part that is tax (after the `<dl>`). */
export function TaxIncludedNote({ priced }: { priced: Tax }) {
  const { t, locale } = useShopper();
  if (!priced.taxInclusive || priced.tax.amount <= 0) return null;
  return (
    <p className="muted small">{t('checkout.taxIncluded', { amount: formatPrice(priced.tax, locale) })}</p>
  );
}
