// Customers: search by email or name, keyset pages; a customer's addresses, recent orders,
// points and lifetime value in a drawer.

import { failureMessage } from '@crossdock/domain/messages';
import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Drawer, Input, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { KeysetPager, useKeysetPages } from '../../components/keyset-pager';
import { OrderStatusTag } from '../../components/order-status-tag';
import { PlainList } from '../../components/plain-list';
import { rowKeys } from '../../components/row-keys';
import type { RouterOutputs } from '../../lib/api';
import { usePrefs } from '../../lib/i18n';
import { formatMoney } from '../../lib/money';
import { countryName } from '../../lib/names';
import { useApi } from '../../lib/session';

type Row = RouterOutputs['customers']['list']['items'][number];

function CustomerDrawer({ id, onClose }: { id: string; onClose(): void }) {
  const { t, locale } = usePrefs();
  const api = useApi();
  const customer = useQuery({ queryKey: ['customer', id], queryFn: () => api.customers.get.query({ id }) });
  const c = customer.data;
  return (
    <Drawer
      open
      size={560}
      onClose={onClose}
      title={c?.name ?? t('common.loading')}
      loading={customer.isPending}
    >
      {customer.isError ? <Alert type="error" title={failureMessage(customer.error)} /> : null}
      {c ? (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('customers.email')}>{c.email}</Descriptions.Item>
            <Descriptions.Item label={t('customers.lifetime')}>
              <span data-testid="lifetime-value">{formatMoney(c.lifetimeValue, locale)}</span> ({c.paidOrders}
              )
            </Descriptions.Item>
            <Descriptions.Item label={t('customers.points')}>{c.points}</Descriptions.Item>
            <Descriptions.Item label={t('customers.since')}>
              {new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(c.createdAt)}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('customers.addresses')}
          </Typography.Title>
          <PlainList items={c.addresses} itemKey={(a) => a.id}>
            {(a) => (
              <span>
                {a.name}, {a.line1}, {[a.postalCode, a.city].filter(Boolean).join(' ')},{' '}
                {countryName(a.country, locale)}
                {a.isDefault ? <Tag style={{ marginLeft: 8 }}>{t('customers.default')}</Tag> : null}
              </span>
            )}
          </PlainList>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('nav.orders')}
          </Typography.Title>
          <PlainList items={c.orders.items} itemKey={(o) => o.id}>
            {(o) => (
              <>
                <Link to={`/orders/${o.id}`}>{o.number}</Link>
                <OrderStatusTag status={o.status} />
                <span>{formatMoney(o.total, locale)}</span>
              </>
            )}
          </PlainList>
        </>
      ) : null}
    </Drawer>
  );
}

export function CustomersPage() {
  const { t, locale } = usePrefs();
  const api = useApi();
  const [params] = useSearchParams();
  const [search, setSearch] = useState(params.get('search') ?? '');
  // The top bar's search lands here with ?search=.
  useEffect(() => setSearch(params.get('search') ?? ''), [params]);
  const pages = useKeysetPages();
  const [open, setOpen] = useState<string | null>(null);
  const { cursor } = pages;
  const list = useQuery({
    queryKey: ['customers', search, cursor],
    queryFn: () => api.customers.list.query({ limit: 25, cursor, ...(search ? { search } : {}) }),
  });
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  return (
    <section aria-labelledby="customers-title">
      <Typography.Title id="customers-title" level={3}>
        {t('customers.title')}
      </Typography.Title>
      <Input.Search
        aria-label={t('customers.search')}
        placeholder={t('customers.search')}
        allowClear
        defaultValue={search}
        key={search}
        style={{ width: 320, marginBottom: 16 }}
        onSearch={(value) => {
          setSearch(value.trim());
          pages.reset();
        }}
      />
      {list.isError ? <Alert type="error" title={failureMessage(list.error)} /> : null}
      <Table<Row>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('customers.empty') }}
        onRow={(row) => ({
          onClick: () => setOpen(row.id),
          ...rowKeys(() => setOpen(row.id)),
          style: { cursor: 'pointer' },
          'data-testid': 'customer-row',
        })}
        columns={[
          { title: t('customers.name'), dataIndex: 'name' },
          { title: t('customers.email'), dataIndex: 'email' },
          { title: t('nav.orders'), dataIndex: 'orders', align: 'right' },
          { title: t('customers.since'), dataIndex: 'createdAt', render: (d: Date) => when.format(d) },
          {
            title: '',
            dataIndex: 'status',
            render: (s: 'active' | 'disabled') =>
              s === 'active' ? null : <Tag color="red">{t(`status.account.${s}`)}</Tag>,
          },
        ]}
      />
      <KeysetPager pages={pages} nextCursor={list.data?.nextCursor} />
      {open ? <CustomerDrawer id={open} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}
