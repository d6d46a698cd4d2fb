// The dashboard: today's and this month's sales, orders, average order value and refunds, a
// 30-day chart, the best sellers and what waits for staff. It refreshes itself when an order
// arrives or changes (the layout listens to the live feed).

import { failureMessage } from '@crossdock/domain/messages';
import { toDecimalString } from '@crossdock/domain/money';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Row, Spin, Statistic, Typography } from 'antd';
import { Link } from 'react-router';
import { PlainList } from '../../components/plain-list';
import { SalesChart } from '../../components/sales-chart';
import { usePrefs } from '../../lib/i18n';
import { formatMoney } from '../../lib/money';
import { useApi } from '../../lib/session';

export function DashboardPage() {
  const { t, locale, theme } = usePrefs();
  const api = useApi();
  const data = useQuery({ queryKey: ['dashboard'], queryFn: () => api.analytics.dashboard.query() });
  if (data.isPending)
    return (
      <div role="status" aria-label={t('common.loading')}>
        <Spin />
      </div>
    );
  if (data.isError) {
    return (
      <Alert
        type="error"
        title={failureMessage(data.error)}
        action={<Button onClick={() => data.refetch()}>{t('common.retry')}</Button>}
      />
    );
  }
  const d = data.data;
  const kpis = (label: string, period: typeof d.today, id: string) => (
    <Card title={label} size="small">
      <Row gutter={16}>
        <Col span={6}>
          <Statistic
            title={t('dashboard.sales')}
            value={formatMoney(period.sales, locale)}
            data-testid={`${id}-sales`}
          />
        </Col>
        <Col span={6}>
          <Statistic title={t('dashboard.orders')} value={period.orders} data-testid={`${id}-orders`} />
        </Col>
        <Col span={6}>
          <Statistic title={t('dashboard.average')} value={formatMoney(period.averageOrder, locale)} />
        </Col>
        <Col span={6}>
          <Statistic title={t('dashboard.refunds')} value={formatMoney(period.refunds, locale)} />
        </Col>
      </Row>
    </Card>
  );
  return (
    <section aria-labelledby="dashboard-title">
      <Typography.Title id="dashboard-title" level={3}>
        {t('dashboard.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          {kpis(t('dashboard.today'), d.today, 'today')}
        </Col>
        <Col xs={24} xl={12}>
          {kpis(t('dashboard.month'), d.month, 'month')}
        </Col>
        <Col xs={24} xl={16}>
          <Card title={t('dashboard.last30')} size="small">
            <SalesChart
              dark={theme === 'dark'}
              labels={{ sales: `${t('dashboard.sales')} (${d.currency})`, orders: t('dashboard.orders') }}
              points={d.daily.map((p) => ({
                day: p.day,
                orders: p.orders,
                sales: Number(toDecimalString(p.sales)),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('dashboard.awaiting')} size="small" style={{ marginBottom: 16 }}>
            <PlainList
              itemKey={(item) => item.key}
              items={[
                {
                  key: 'ship',
                  label: <Link to="/orders?status=paid">{t('dashboard.toShip')}</Link>,
                  value: <strong data-testid="awaiting-ship">{d.awaiting.toShip}</strong>,
                },
                {
                  key: 'refunds',
                  label: <Link to="/orders?status=refund_requested">{t('dashboard.refundRequests')}</Link>,
                  value: <strong>{d.awaiting.refundRequests}</strong>,
                },
                {
                  key: 'reviews',
                  label: <span>{t('dashboard.pendingReviews')}</span>,
                  value: <strong>{d.awaiting.reviews}</strong>,
                },
              ]}
            >
              {(item) => (
                <>
                  {item.label}
                  {item.value}
                </>
              )}
            </PlainList>
          </Card>
          <Card title={t('dashboard.top')} size="small">
            <PlainList items={d.topProducts} itemKey={(_p, i) => String(i)} empty={t('dashboard.noSales')}>
              {(p) => (
                <>
                  <span>{p.title}</span>
                  <span>{p.units}</span>
                </>
              )}
            </PlainList>
          </Card>
        </Col>
      </Row>
    </section>
  );
}
