// The dashboard: today's and this month's sales, orders, average order value and refunds, a
// 30-day chart, the best sellers and what waits for staff. It refreshes itself when an order
// arrives or changes (the layout listens to the live feed).

import { type Platform, platformNames } from '@crossdock/domain/channels';
import { failureMessage } from '@crossdock/domain/messages';
import { toDecimalString } from '@crossdock/domain/money';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Progress, Row, Spin, Statistic, Table, Typography } from 'antd';
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
  const total = d.byChannel.reduce((sum, c) => sum + c.sales.amount, 0);
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
          <Card title={t('dashboard.byChannel')} size="small" style={{ marginTop: 16 }}>
            <Table
              size="small"
              pagination={false}
              rowKey={(c) => c.shopId ?? c.channel}
              dataSource={d.byChannel}
              locale={{ emptyText: t('dashboard.noSales') }}
              data-testid="by-channel"
              columns={[
                {
                  title: t('dashboard.channel'),
                  key: 'channel',
                  render: (_v, c) =>
                    c.channel === 'storefront'
                      ? t('dashboard.storefront')
                      : `${platformNames[c.channel as Platform] ?? c.channel} · ${c.shop ?? ''}`,
                },
                { title: t('dashboard.orders'), dataIndex: 'orders', align: 'right' },
                {
                  title: t('dashboard.sales'),
                  key: 'sales',
                  align: 'right',
                  render: (_v, c) => formatMoney(c.sales, locale),
                },
                {
                  title: t('dashboard.share'),
                  key: 'share',
                  width: 160,
                  render: (_v, c) => (
                    <Progress
                      size="small"
                      percent={total ? Math.round((c.sales.amount / total) * 100) : 0}
                      aria-label={t('dashboard.share')}
                    />
                  ),
                },
              ]}
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
