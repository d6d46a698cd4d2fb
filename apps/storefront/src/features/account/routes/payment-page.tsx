// Where the cashier sends the shopper back. It does not take the return as payment: it asks the
// API (which asks the provider if its notification is late) every two seconds until the order
// is paid, the payment failed, or the order was cancelled.
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { RequireCustomer } from '../../../components/require-customer';
import { ErrorState, Loading } from '../../../components/states';
import { useShopper } from '../../../lib/i18n';
import { api } from '../../../lib/trpc';

function Waiting({ orderId }: { orderId: string }) {
  const { t } = useShopper();
  const status = useQuery({
    queryKey: ['payment-status', orderId],
    queryFn: () => api.payments.status.query({ orderId }),
    refetchInterval: (query) => {
      const data = query.state.data;
      return !data || (data.orderStatus === 'pending_payment' && data.payment?.status === 'pending')
        ? 2000
        : false;
    },
  });
  if (status.isPending) return <Loading />;
  if (status.isError) return <ErrorState error={status.error} retry={() => status.refetch()} />;
  const { orderStatus, payment } = status.data;
  const back = (
    <Link to={`/account/orders/${orderId}`} className="button">
      {t('pay.back')}
    </Link>
  );
  if (orderStatus === 'cancelled') {
    return (
      <>
        <p className="warning" role="status">
          {t('pay.cancelled')}
        </p>
        {back}
      </>
    );
  }
  if (orderStatus !== 'pending_payment') {
    return (
      <>
        <p className="success" role="status" data-testid="payment-confirmed">
          {t('pay.paid')}
        </p>
        {back}
      </>
    );
  }
  if (!payment) {
    return (
      <>
        <p className="muted">{t('pay.none')}</p>
        {back}
      </>
    );
  }
  if (payment.status === 'failed') {
    return (
      <>
        <p className="warning" role="status">
          {t('pay.failed')}
        </p>
        <Link to={`/account/orders/${orderId}`} className="button primary">
          {t('pay.tryAgain')}
        </Link>
      </>
    );
  }
  return (
    <div role="status" aria-live="polite" className="waiting">
      <span className="spinner" aria-hidden="true" />
      <p>{t('pay.waiting')}</p>
      <p className="muted small">{t('pay.waitingHint', { provider: t(`pay.${payment.provider}`) })}</p>
      {back}
    </div>
  );
}

export function PaymentPage() {
  const { id = '' } = useParams();
  const { t } = useShopper();
  return (
    <RequireCustomer>
      <section className="payment-page" aria-labelledby="payment-title">
        <h1 id="payment-title">{t('pay.title')}</h1>
        <Waiting orderId={id} />
      </section>
    </RequireCustomer>
  );
}

export default PaymentPage;
