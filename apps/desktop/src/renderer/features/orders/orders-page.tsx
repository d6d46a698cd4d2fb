// Orders for staff, from the storefront and every marketplace shop: filters (number — ours or the
// marketplace's — email or SKU, statuses, days placed, channel, shop) kept in the URL and
// saveable under a name, server-side sort and keyset pages, each row opening the order. The
// search in the top bar lands here with ?q=.

import { platformNames } from '@crossdock/domain/channels';
import { failureMessage } from '@crossdock/domain/messages';
import { toDecimalString } from '@crossdock/domain/money';
import type { OrderStatus } from '@crossdock/domain/order-states';
import { orderStatuses } from '@crossdock/domain/order-states';
import { orderStatusWords } from '@crossdock/domain/order-words';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Input, Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ExportButton } from '../../components/export-button';
import { KeysetPager, useKeysetPages } from '../../components/keyset-pager';
import { OrderStatusTag } from '../../components/order-status-tag';
import { rowKeys } from '../../components/row-keys';
import type { RouterOutputs } from '../../lib/api';
import { usePrefs } from '../../lib/i18n';
import { formatMoney } from '../../lib/money';
import { useApi, useSession } from '../../lib/session';
import {
  listInput,
  type OrderChannel,
  type OrderFilters,
  type OrderSort,
  orderChannels,
  readFilters,
  savedFilters,
  writeFilters,
} from './order-filters';

type Row = RouterOutputs['orders']['list']['items'][number];

export function OrdersPage() {
  const { t, locale } = usePrefs();
  const api = useApi();
  const { user, serverUrl } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const input = listInput(filters);
  // Keyset pages: the cursors of the pages before this one.
  const pages = useKeysetPages();
  const { cursor } = pages;
  const query = useQuery({
    queryKey: ['orders', input, cursor],
    queryFn: () => api.orders.list.query({ limit: 25, cursor, ...input }),
  });
  const apply = (next: OrderFilters) => {
    setParams(writeFilters(next));
    pages.reset();
  };
  const store = useMemo(
    () => savedFilters(localStorage, `cd.orderFilters:${serverUrl}:${user?.id}`),
    [serverUrl, user?.id],
  );
  const [saved, setSaved] = useState(() => store.list());
  const [naming, setNaming] = useState<string | null>(null);
  const current = writeFilters(filters).toString();
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const canSeeShops = user?.permissions.has('channels:read') ?? false;
  const shops = useQuery({
    queryKey: ['shops', 'all'],
    queryFn: () => api.channels.shops.list.query({ limit: 100 }),
    enabled: canSeeShops,
  });
  const shopNames = new Map((shops.data?.items ?? []).map((s) => [s.id, s.name]));
  const channelName = (channel: OrderChannel) =>
    channel === 'storefront' ? t('orders.storefront') : platformNames[channel];
  return (
    <section aria-labelledby="orders-title">
      <Typography.Title id="orders-title" level={3}>
        {t('orders.title')}
      </Typography.Title>
      <Space style={{ marginBottom: 16 }} wrap>
        <Select<string>
          aria-label={t('orders.savedFilters')}
          placeholder={t('orders.savedFilters')}
          value={saved.find((f) => f.query === current)?.name ?? null}
          onChange={(name) => {
            const chosen = saved.find((f) => f.name === name);
            if (chosen) apply(readFilters(new URLSearchParams(chosen.query)));
          }}
          style={{ width: 180 }}
          options={saved.map((f) => ({ value: f.name, label: f.name }))}
          notFoundContent={t('orders.noSaved')}
          optionRender={(option) => (
            <Space style={{ display: 'flex', justifyContent: 'space-between' }}>
              {option.label}
              <Button
                size="small"
                type="text"
                aria-label={`${t('orders.deleteFilter')} ${option.value}`}
                onClick={(e) => {
                  e.stopPropagation();
                  setSaved(store.remove(String(option.value)));
                }}
              >
                ✕
              </Button>
            </Space>
          )}
        />
        <Input.Search
          aria-label={t('orders.search')}
          placeholder={t('orders.search')}
          defaultValue={filters.q}
          key={filters.q}
          allowClear
          onSearch={(value) => apply({ ...filters, q: value.trim() })}
          style={{ width: 260 }}
        />
        <Select<OrderStatus[]>
          aria-label={t('orders.status')}
          mode="multiple"
          allowClear
          placeholder={t('orders.allStatuses')}
          value={filters.status}
          onChange={(status) => apply({ ...filters, status })}
          style={{ minWidth: 200 }}
          maxTagCount="responsive"
          options={orderStatuses.map((s) => ({ value: s, label: orderStatusWords(s, locale) }))}
        />
        <Select<OrderChannel>
          aria-label={t('orders.channel')}
          allowClear
          placeholder={t('orders.allChannels')}
          value={filters.channel ?? undefined}
          onChange={(channel) => apply({ ...filters, channel: channel ?? null, shop: null })}
          style={{ width: 160 }}
          options={orderChannels.map((c) => ({ value: c, label: channelName(c) }))}
        />
        {canSeeShops ? (
          <Select<string>
            aria-label={t('orders.shop')}
            allowClear
            placeholder={t('orders.allShops')}
            value={filters.shop ?? undefined}
            onChange={(shop) => apply({ ...filters, shop: shop ?? null })}
            style={{ width: 220 }}
            options={(shops.data?.items ?? [])
              .filter((s) => !filters.channel || s.platform === filters.channel)
              .map((s) => ({ value: s.id, label: s.name }))}
          />
        ) : null}
        <DatePicker.RangePicker
          aria-label={t('orders.placed')}
          allowEmpty={[true, true]}
          value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]}
          onChange={(range) =>
            apply({
              ...filters,
              from: range?.[0]?.format('YYYY-MM-DD') ?? null,
              to: range?.[1]?.format('YYYY-MM-DD') ?? null,
            })
          }
        />
        {naming === null ? (
          <Button onClick={() => setNaming('')} disabled={!current}>
            {t('orders.saveFilter')}
          </Button>
        ) : (
          <Input
            autoFocus
            aria-label={t('orders.filterName')}
            placeholder={t('orders.filterName')}
            value={naming}
            onChange={(e) => setNaming(e.target.value)}
            onBlur={() => setNaming(null)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setNaming(null);
              if (e.key === 'Enter' && naming.trim()) {
                setSaved(store.save(naming, current));
                setNaming(null);
                message.success(t('product.saved'));
              }
            }}
            style={{ width: 200 }}
          />
        )}
        {/* One row per order line, with what a bookkeeper needs beside it. */}
        <ExportButton
          name="orders"
          page={(c) => api.orders.exportLines.query({ limit: 100, cursor: c, ...input })}
          columns={[
            { header: t('orders.number'), value: (r) => r.number },
            { header: t('orders.placed'), value: (r) => r.placedAt.toISOString() },
            { header: t('orders.status'), value: (r) => r.status },
            { header: t('export.channel'), value: (r) => r.channel },
            { header: t('orders.customer'), value: (r) => r.email },
            { header: t('export.country'), value: (r) => r.country },
            { header: t('export.currency'), value: (r) => r.currency },
            { header: t('export.sku'), value: (r) => r.sku },
            { header: t('export.item'), value: (r) => r.item },
            { header: t('export.quantity'), value: (r) => r.quantity },
            { header: t('export.unitPrice'), value: (r) => toDecimalString(r.unitPrice) },
            { header: t('export.lineDiscount'), value: (r) => toDecimalString(r.lineDiscount) },
            { header: t('export.lineTax'), value: (r) => toDecimalString(r.lineTax) },
            { header: t('export.lineTotal'), value: (r) => toDecimalString(r.lineTotal) },
            { header: t('export.orderSubtotal'), value: (r) => toDecimalString(r.orderSubtotal) },
            { header: t('export.orderDiscount'), value: (r) => toDecimalString(r.orderDiscount) },
            { header: t('export.coupon'), value: (r) => r.coupon ?? '' },
            { header: t('export.points'), value: (r) => toDecimalString(r.pointsDiscount) },
            { header: t('export.shippingMethod'), value: (r) => r.shippingMethod },
            { header: t('export.shipping'), value: (r) => toDecimalString(r.shipping) },
            { header: t('export.shippingDiscount'), value: (r) => toDecimalString(r.shippingDiscount) },
            { header: t('export.tax'), value: (r) => toDecimalString(r.tax) },
            {
              header: t('export.taxIncluded'),
              value: (r) => (r.taxInclusive ? t('common.yes') : t('common.no')),
            },
            { header: t('orders.total'), value: (r) => toDecimalString(r.total) },
            { header: t('export.refunded'), value: (r) => toDecimalString(r.refunded) },
            { header: t('export.payment'), value: (r) => r.paymentProvider ?? '' },
            { header: t('export.paidAt'), value: (r) => r.paidAt?.toISOString() ?? '' },
          ]}
        />
      </Space>
      {query.isError ? (
        <Alert
          type="error"
          title={failureMessage(query.error)}
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
            const sort: OrderSort =
              s?.field === 'total'
                ? s.order === 'ascend'
                  ? 'total_asc'
                  : 'total_desc'
                : s?.order === 'ascend'
                  ? 'oldest'
                  : 'newest';
            apply({ ...filters, sort });
          }}
          columns={[
            { title: t('orders.number'), dataIndex: 'number', key: 'number' },
            {
              title: t('orders.channel'),
              key: 'channel',
              render: (_v, row) =>
                row.channel === 'storefront' ? (
                  t('orders.storefront')
                ) : (
                  <span>
                    {(row.shopId && shopNames.get(row.shopId)) ?? channelName(row.channel)}
                    {row.externalNumber ? (
                      <Typography.Text type="secondary"> · {row.externalNumber}</Typography.Text>
                    ) : null}
                  </span>
                ),
            },
            { title: t('orders.customer'), dataIndex: 'email', key: 'email' },
            {
              title: t('orders.status'),
              dataIndex: 'status',
              key: 'status',
              render: (value: OrderStatus) => <OrderStatusTag status={value} />,
            },
            {
              title: t('orders.total'),
              dataIndex: 'total',
              key: 'total',
              align: 'right',
              sorter: true,
              sortOrder:
                filters.sort === 'total_asc' ? 'ascend' : filters.sort === 'total_desc' ? 'descend' : null,
              render: (value: Row['total']) => formatMoney(value, locale),
            },
            {
              title: t('orders.placed'),
              dataIndex: 'placedAt',
              key: 'placedAt',
              sorter: true,
              sortOrder: filters.sort === 'oldest' ? 'ascend' : filters.sort === 'newest' ? 'descend' : null,
              render: (value: Date) => when.format(value),
            },
          ]}
        />
      )}
      <KeysetPager pages={pages} nextCursor={query.data?.nextCursor} />
    </section>
  );
}
