// Orders for staff: filters (status, number/email/SKU), server-side sort and keyset pages, each
// row opening the order. The search in the top bar lands here with ?number=.

import { toDecimalString } from '@crossdock/domain/money';
import type { OrderStatus } from '@crossdock/domain/order-states';
import { orderStatuses } from '@crossdock/domain/order-states';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ExportButton } from '../../components/export-button';
import { KeysetPager, useKeysetPages } from '../../components/keyset-pager';
import { rowKeys } from '../../components/row-keys';
import type { RouterOutputs } from '../../lib/api';
import { usePrefs } from '../../lib/i18n';
import { formatMoney } from '../../lib/money';
import { useApi } from '../../lib/session';

type Row = RouterOutputs['orders']['list']['items'][number];
type Sort = 'newest' | 'oldest' | 'total_desc' | 'total_asc';

export const statusColor: Record<OrderStatus, string> = {
  pending_payment: 'gold',
  paid: 'blue',
  processing: 'geekblue',
  partially_shipped: 'cyan',
  shipped: 'cyan',
  delivered: 'green',
  completed: 'green',
  cancelled: 'default',
  refund_requested: 'volcano',
  refunded: 'purple',
};

export function OrdersPage() {
  const { t, locale } = usePrefs();
  const api = useApi();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const number = params.get('number') ?? '';
  const status = (params.get('status') as OrderStatus | null) ?? undefined;
  const [sort, setSort] = useState<Sort>('newest');
  // Keyset pages: the cursors of the pages before this one.
  const pages = useKeysetPages();
  const { cursor } = pages;
  const filters = {
    sort,
    ...(status ? { status: [status] } : {}),
    ...(number.includes('@') ? { customer: number } : number ? { number } : {}),
  };
  const query = useQuery({
    queryKey: ['orders', number, status, sort, cursor],
    queryFn: () => api.orders.list.query({ limit: 25, cursor, ...filters }),
  });
  const filter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
    pages.reset();
  };
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section aria-labelledby="orders-title">
      <Typography.Title id="orders-title" level={3}>
        {t('orders.title')}
      </Typography.Title>
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          aria-label={t('orders.search')}
          placeholder={t('orders.search')}
          defaultValue={number}
          key={number}
          allowClear
          onSearch={(value) => filter('number', value.trim() || undefined)}
          style={{ width: 280 }}
        />
        <ExportButton
          name="orders"
          page={(c) => api.orders.list.query({ limit: 100, cursor: c, ...filters })}
          columns={[
            { header: t('orders.number'), value: (r) => r.number },
            { header: t('orders.customer'), value: (r) => r.email },
            { header: t('orders.status'), value: (r) => r.status },
            { header: 'Currency', value: (r) => r.total.currency },
            { header: t('orders.total'), value: (r) => toDecimalString(r.total) },
            { header: t('orders.placed'), value: (r) => r.placedAt.toISOString() },
          ]}
        />
        <Select<OrderStatus | ''>
          aria-label={t('orders.status')}
          value={status ?? ''}
          onChange={(value) => filter('status', value || undefined)}
          style={{ width: 200 }}
          options={[
            { value: '', label: t('orders.allStatuses') },
            ...orderStatuses.map((s) => ({ value: s, label: s.replace(/_/g, ' ') })),
          ]}
        />
      </Space>
      {query.isError ? (
        <Alert
          type="error"
          message={query.error.message}
          action={<Button onClick={() => query.refetch()}>{t('common.retry')}</Button>}
        />
      ) : (
        <Table<Row>
          rowKey="id"
          size="small"
          loading={query.isFetching}
          dataSource={query.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('orders.empty') }}
          onRow={(row) => ({
            onClick: () => navigate(`/orders/${row.id}`),
            ...rowKeys(() => navigate(`/orders/${row.id}`)),
            style: { cursor: 'pointer' },
            'data-testid': 'order-row',
          })}
          onChange={(_pagination, _filters, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            const next: Sort =
              s?.field === 'total'
                ? s.order === 'ascend'
                  ? 'total_asc'
                  : 'total_desc'
                : s?.order === 'ascend'
                  ? 'oldest'
                  : 'newest';
            setSort(next);
            pages.reset();
          }}
          columns={[
            { title: t('orders.number'), dataIndex: 'number', key: 'number' },
            { title: t('orders.customer'), dataIndex: 'email', key: 'email' },
            {
              title: t('orders.status'),
              dataIndex: 'status',
              key: 'status',
              render: (value: OrderStatus) => (
                <Tag color={statusColor[value]}>{value.replace(/_/g, ' ')}</Tag>
              ),
            },
            {
              title: t('orders.total'),
              dataIndex: 'total',
              key: 'total',
              align: 'right',
              sorter: true,
              render: (value: Row['total']) => formatMoney(value, locale),
            },
            {
              title: t('orders.placed'),
              dataIndex: 'placedAt',
              key: 'placedAt',
              sorter: true,
              defaultSortOrder: 'descend',
              render: (value: Date) => when.format(value),
            },
          ]}
        />
      )}
      <KeysetPager pages={pages} nextCursor={query.data?.nextCursor} />
    </section>
  );
}
