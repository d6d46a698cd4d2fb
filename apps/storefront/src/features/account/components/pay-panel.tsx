// Paying for an unpaid order: choose Alipay or WeChat Pay and go to their cashier. The order is
// marked paid only when the provider confirms it; coming back from the cashier proves nothing.
import { failureMessage } from '@crossdock/domain/messages';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useShopper } from '../../../lib/i18n';
import { formatPrice } from '../../../lib/money';
import { api, type OrderDetail } from '../../../lib/trpc';

const providers = ['alipay', 'wechat_pay'] as const;
type Provider = (typeof providers)[number];

export function PayPanel({ order }: { order: OrderDetail }) {
  const { t, locale } = useShopper();
  const [provider, setProvider] = useState<Provider>('alipay');
  const start = useMutation({
    mutationFn: () => api.payments.start.mutate({ orderId: order.id, provider }),
    onSuccess: ({ cashierUrl }) => window.location.assign(cashierUrl),
  });
  if (order.status !== 'pending_payment') return null;
  return (
    <form
      className="pay-panel"
      aria-labelledby="pay-title"
      onSubmit={(event) => {
        event.preventDefault();
        start.mutate();
      }}
    >
      <h2 id="pay-title">{t('pay.title')}</h2>
      <fieldset>
        <legend>{t('pay.with')}</legend>
        {providers.map((p) => (
          <label key={p} className={`pay-choice pay-${p}`}>
            <input
              type="radio"
              name="provider"
              value={p}
              checked={provider === p}
              onChange={() => setProvider(p)}
            />{' '}
            {t(`pay.${p}`)}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="primary" disabled={start.isPending || start.isSuccess}>
        {start.isPending || start.isSuccess
          ? t('pay.redirecting')
          : t('pay.now', { amount: formatPrice(order.total, locale) })}
      </button>
      {start.error ? <p className="warning">{failureMessage(start.error)}</p> : null}
    </form>
  );
}

/** What was paid and what went back. */
export function PaymentsSection({ order }: { order: OrderDetail }) {
  const { t, locale } = useShopper();
  if (order.payments.length === 0 && order.refunds.length === 0) return null;
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section aria-labelledby="payments-title">
      <h2 id="payments-title">{t('payments.title')}</h2>
      <ul className="plain-list">
        {order.payments.map((p) => (
          <li key={p.id} data-testid="payment">
            {t(`pay.${p.provider}`)} · {formatPrice(p.amount, locale)} · {t(`payments.status.${p.status}`)}
            <span className="muted small"> {when.format(p.capturedAt ?? p.createdAt)}</span>
          </li>
        ))}
        {order.refunds.map((r) => (
          <li key={r.id} data-testid="refund">
            {t('refund.line', {
              amount: formatPrice(r.amount, locale),
              status: t(`refund.status.${r.status}`),
            })}
            <span className="muted small"> — {r.reason}</span>
          </li>
        ))}
      </ul>
      {order.refunded.amount > 0 ? (
        <p className="muted">{t('refund.refunded', { amount: formatPrice(order.refunded, locale) })}</p>
      ) : null}
    </section>
  );
}
