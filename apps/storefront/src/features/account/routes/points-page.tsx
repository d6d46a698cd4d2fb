// The customer's loyalty points: the balance and every change, newest first.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { RequireCustomer } from '../../../components/require-customer';
import { Empty, ErrorState, Loading } from '../../../components/states';
import { useShopper } from '../../../lib/i18n';
import { api } from '../../../lib/trpc';
import { AccountNav } from '../components/account-nav';

function Points() {
  const { t, locale } = useShopper();
  const points = useInfiniteQuery({
    queryKey: ['points'],
    queryFn: ({ pageParam }) => api.account.points.query({ limit: 20, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  if (points.isPending) return <Loading />;
  if (points.isError) return <ErrorState error={points.error} retry={() => points.refetch()} />;
  const entries = points.data.pages.flatMap((p) => p.entries);
  const balance = points.data.pages[0]?.balance ?? 0;
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  return (
    <div>
      <h1>{t('points.title')}</h1>
      <p className="points-balance" data-testid="points-balance">
        {t('points.balance', { points: balance.toLocaleString(locale) })}
      </p>
      {entries.length === 0 ? (
        <Empty>{t('points.empty')}</Empty>
      ) : (
        <table className="orders-table">
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{when.format(e.at)}</td>
                <td>{t(`points.reason.${e.reason}`)}</td>
                <td className="number">{e.points > 0 ? `+${e.points}` : e.points}</td>
                <td>{e.orderId ? <Link to={`/account/orders/${e.orderId}`}>{t('pay.back')}</Link> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {points.hasNextPage ? (
        <button type="button" onClick={() => points.fetchNextPage()} disabled={points.isFetchingNextPage}>
          {t('account.more')}
        </button>
      ) : null}
    </div>
  );
}

export function PointsPage() {
  return (
    <RequireCustomer>
      <section className="account">
        <AccountNav />
        <Points />
      </section>
    </RequireCustomer>
  );
}

export default PointsPage;
