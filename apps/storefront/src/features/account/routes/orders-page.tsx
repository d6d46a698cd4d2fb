// The customer's orders, newest first, a page at a time.

import { orderStatusWords } from '@crossdock/domain/order-words';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { RequireCustomer } from '../../../components/require-customer';
import { Empty, ErrorState, Loading } from '../../../components/states';
import { useShopper } from '../../../lib/i18n';
import { formatPrice } from '../../../lib/money';
import { api } from '../../../lib/trpc';
import { AccountNav } from '../components/account-nav';

function Orders() {
  const { t, locale } = useShopper();
  const orders = useInfiniteQuery({
    queryKey: ['orders'],
    queryFn: ({ pageParam }) => api.account.orders.list.query({ limit: 20, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  if (orders.isPending) return <Loading />;
  if (orders.isError) return <ErrorState error={orders.error} retry={() => orders.refetch()} />;
  const items = orders.data.pages.flatMap((p) => p.items);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return items.length === 0 ? (
    <Empty>{t('account.noOrders')}</Empty>
  ) : (
    <>
      <table className="orders-table">
        <thead>
          <tr>
            <th scope="col">{t('order.numberColumn')}</th>
            <th scope="col">{t('order.placedColumn')}</th>
            <th scope="col">{t('order.items')}</th>
            <th scope="col">{t('cart.total')}</th>
            <th scope="col">{t('order.statusColumn')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((o) => (
            <tr key={o.id} data-testid="order-row">
              <td>
                <Link to={`/account/orders/${o.id}`}>{o.number}</Link>
              </td>
              <td>{date.format(o.placedAt)}</td>
              <td>{o.items}</td>
              <td>{formatPrice(o.total, locale)}</td>
              <td>
                <span className={`status status-${o.status}`}>{orderStatusWords(o.status, locale)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {orders.hasNextPage ? (
        <button type="button" onClick={() => orders.fetchNextPage()} disabled={orders.isFetchingNextPage}>
          {t('account.more')}
        </button>
      ) : null}
    </>
  );
}

export function OrdersPage() {
  const { t } = useShopper();
  return (
    <RequireCustomer>
      <section className="account" aria-labelledby="orders-title">
        <AccountNav />
        <div>
          <h1 id="orders-title">{t('account.orders')}</h1>
          <Orders />
        </div>
      </section>
    </RequireCustomer>
  );
}

export default OrdersPage;
