// One order: status, what was bought at what price, discounts, shipping, tax, the address, the
// history; paying while it is unpaid (or cancelling), then payments and refunds, tracking,
// confirming receipt, asking for a refund, and reviewing what arrived.
import { failureMessage } from '@crossdock/domain/messages';
import { orderEventWords, orderStatusWords } from '@crossdock/domain/order-words';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { Discounts, TaxIncludedNote, TaxRow } from '../../../components/cart-summary';
import { RequireCustomer } from '../../../components/require-customer';
import { ErrorState, Loading } from '../../../components/states';
import { useShopper } from '../../../lib/i18n';
import { formatPrice } from '../../../lib/money';
import { api, type OrderDetail } from '../../../lib/trpc';
import { NotFoundPage } from '../../../routes/not-found-page';
import { AccountNav } from '../components/account-nav';
import { ConfirmReceipt, RefundRequest } from '../components/order-actions';
import { PaymentsSection, PayPanel } from '../components/pay-panel';
import { ReviewForm } from '../components/review-form';
import { Tracking } from '../components/tracking';

function CancelOrder({ order }: { order: OrderDetail }) {
  const { t } = useShopper();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation({
    mutationFn: () => api.account.orders.cancel.mutate({ id: order.id }),
    onSuccess: async (next) => {
      await client.cancelQueries({ queryKey: ['order', order.id] });
      client.setQueryData(['order', order.id], next);
      void client.invalidateQueries({ queryKey: ['orders'] });
      setConfirming(false);
    },
  });
  if (!order.actions.includes('cancel')) return null;
  return confirming ? (
    <div className="confirm" role="alertdialog" aria-labelledby="confirm-cancel">
      <p id="confirm-cancel">{t('order.confirmCancel')}</p>
      <button type="button" className="danger" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
        {t('order.cancel')}
      </button>
      <button type="button" onClick={() => setConfirming(false)}>
        {t('order.keep')}
      </button>
      {cancel.error ? <p className="warning">{failureMessage(cancel.error)}</p> : null}
    </div>
  ) : (
    <button type="button" onClick={() => setConfirming(true)}>
      {t('order.cancel')}
    </button>
  );
}

function Order({ id }: { id: string }) {
  const { t, locale } = useShopper();
  const [params] = useSearchParams();
  const order = useQuery({ queryKey: ['order', id], queryFn: () => api.account.orders.get.query({ id }) });
  if (order.isPending) return <Loading />;
  if (order.error instanceof TRPCClientError && order.error.data?.code === 'NOT_FOUND')
    return <NotFoundPage />;
  if (order.isError) return <ErrorState error={order.error} retry={() => order.refetch()} />;
  const o = order.data;
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const address = o.shippingAddress;
  return (
    <article aria-labelledby="order-title">
      {params.get('placed') ? (
        <p className="success" role="status">
          {t('order.thanks')}
        </p>
      ) : null}
      <h1 id="order-title">{t('order.number', { number: o.number })}</h1>
      <p>
        <span className={`status status-${o.status}`} data-testid="order-status">
          {orderStatusWords(o.status, locale)}
        </span>{' '}
        <span className="muted">{t('order.placed', { date: when.format(o.placedAt) })}</span>
      </p>
      {o.reservationExpiresAt ? (
        <p className="notice">{t('order.awaitingPayment', { time: when.format(o.reservationExpiresAt) })}</p>
      ) : null}
      {o.cancelReason ? <p className="muted">{t('order.cancelReason', { reason: o.cancelReason })}</p> : null}
      <PayPanel order={o} />
      <CancelOrder order={o} />
      <ConfirmReceipt order={o} />
      <RefundRequest order={o} />
      <div className="cart-grid">
        <section aria-labelledby="order-items">
          <h2 id="order-items">{t('order.items')}</h2>
          <ul className="cart-lines">
            {o.lines.map((line) => (
              <li key={line.id} className="cart-line">
                <div className="cart-line-main">
                  <span>{line.title}</span>
                  {line.options ? <span className="muted small">{line.options}</span> : null}
                  <span className="muted small">
                    {line.skuCode} · {formatPrice(line.unitPrice, locale)} × {line.quantity}
                  </span>
                  {line.refundedQuantity > 0 ? (
                    <span className="muted small">
                      {t('refund.refunded', { amount: formatPrice(line.refunded, locale) })}
                    </span>
                  ) : null}
                  <ReviewForm order={o} line={line} />
                </div>
                <div className="cart-line-total">{formatPrice(line.total, locale)}</div>
              </li>
            ))}
          </ul>
          <h2>{t('order.shipTo')}</h2>
          <address>
            {address.name}
            <br />
            {address.line1}
            {address.line2 ? (
              <>
                <br />
                {address.line2}
              </>
            ) : null}
            <br />
            {[address.postalCode, address.city, address.region].filter(Boolean).join(' ')}
            <br />
            {new Intl.DisplayNames([locale], { type: 'region' }).of(address.country)}
          </address>
          <p className="muted">{o.shippingMethod}</p>
        </section>
        <aside className="summary">
          <dl>
            <div className="summary-row">
              <dt>{t('cart.subtotal')}</dt>
              <dd>{formatPrice(o.subtotal, locale)}</dd>
            </div>
            <Discounts discounts={o.discounts} locale={locale} />
            {o.pointsRedeemed > 0 ? (
              <div className="summary-row discount">
                <dt>{t('order.pointsLine', { points: o.pointsRedeemed.toLocaleString(locale) })}</dt>
                <dd>−{formatPrice(o.pointsDiscount, locale)}</dd>
              </div>
            ) : null}
            <div className="summary-row">
              <dt>{t('checkout.shipping')}</dt>
              <dd>{formatPrice(o.shipping, locale)}</dd>
            </div>
            <TaxRow priced={o} />
            <div className="summary-row total">
              <dt>{t('cart.total')}</dt>
              <dd data-testid="order-total">{formatPrice(o.total, locale)}</dd>
            </div>
          </dl>
          <TaxIncludedNote priced={o} />
        </aside>
      </div>
      <Tracking order={o} />
      <PaymentsSection order={o} />
      <section aria-labelledby="order-history">
        <h2 id="order-history">{t('order.history')}</h2>
        <ol className="timeline">
          {o.timeline.map((event) => {
            const label = orderEventWords(event.type, locale);
            return (
              <li key={event.id}>
                <time dateTime={event.at.toISOString()}>{when.format(event.at)}</time> {label}
                {event.note && event.actorKind !== 'system' ? `: ${event.note}` : ''}
              </li>
            );
          })}
        </ol>
      </section>
    </article>
  );
}

export function OrderPage() {
  const { id = '' } = useParams();
  return (
    <RequireCustomer>
      <section className="account">
        <AccountNav />
        <Order id={id} />
      </section>
    </RequireCustomer>
  );
}

export default OrderPage;
