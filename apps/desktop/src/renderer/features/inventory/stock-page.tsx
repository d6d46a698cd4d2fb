// Stock: every SKU, and under it every warehouse that holds or expects it — on hand, reserved,
// available, coming on purchase orders, in transit — found by code or title, narrowed to one
// warehouse or to what is low or out, a page of SKUs at a time, exported as shown.
import { useQuery } from '@tanstack/react-query';
import { Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { ExportButton } from '../../components/export-button';
import { KeysetPager, useKeysetPages } from '../../components/keyset-pager';
import type { RouterOutputs } from '../../lib/api';
import { usePrefs } from '../../lib/i18n';
import { useApi } from '../../lib/session';

type Sku = RouterOutputs['stock']['overview']['items'][number];
type State = 'all' | 'low' | 'out';

export function StockPage() {
  const { t } = usePrefs();
  const api = useApi();
  const pages = useKeysetPages();
  const [search, setSearch] = useState('');
  const [warehouseId, setWarehouseId] = useState<string | undefined>(undefined);
  const [state, setState] = useState<State>('all');
  const warehouses = useQuery({ queryKey: ['warehouses'], queryFn: () => api.inventory.warehouses.query() });
  const filters = {
    search: search || undefined,
    warehouseId,
    state: state === 'all' ? undefined : state,
  };
  const list = useQuery({
    queryKey: ['stock', filters, pages.cursor],
    queryFn: () => api.stock.overview.query({ limit: 50, cursor: pages.cursor, ...filters }),
  });
  const numbers = [
    { title: t('stock.onHand'), key: 'onHand' },
    { title: t('stock.reserved'), key: 'reserved' },
    { title: t('stock.available'), key: 'available' },
    { title: t('stock.incoming'), key: 'incoming' },
    { title: t('stock.inTransit'), key: 'inTransit' },
  ] as const;
  const changed = () => pages.reset();
  return (
    <section aria-labelledby="stock-title">
      <Typography.Title id="stock-title" level={3}>
        {t('stock.heading')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label={t('stock.search')}
          placeholder={t('stock.search')}
          allowClear
          style={{ width: 260 }}
          onSearch={(value) => {
            changed();
            setSearch(value.trim());
          }}
        />
        <Select
          aria-label={t('stock.warehouse')}
          style={{ width: 240 }}
          value={warehouseId ?? ''}
          onChange={(value: string) => {
            changed();
            setWarehouseId(value || undefined);
          }}
          options={[
            { value: '', label: t('stock.allWarehouses') },
            ...(warehouses.data ?? []).map((w) => ({ value: w.id, label: `${w.code} · ${w.name}` })),
          ]}
        />
        <Segmented<State>
          aria-label={t('stock.state')}
          value={state}
          onChange={(value) => {
            changed();
            setState(value);
          }}
          options={[
            { value: 'all', label: t('stock.all') },
            { value: 'low', label: t('stock.low') },
            { value: 'out', label: t('stock.out') },
          ]}
        />
        <ExportButton<
          { code: string; title: string; warehouse: string } & Record<(typeof numbers)[number]['key'], number>
        >
          name="stock"
          page={async (cursor) => {
            const page = await api.stock.overview.query({ limit: 200, cursor, ...filters });
            return {
              items: page.items.flatMap((sku) =>
                sku.warehouses.map(({ warehouse, low: _low, ...n }) => ({
                  code: sku.code,
                  title: sku.title,
                  warehouse: warehouse.code,
                  ...n,
                })),
              ),
              nextCursor: page.nextCursor,
            };
          }}
          columns={[
            { header: t('stock.sku'), value: (r) => r.code },
            { header: t('stock.title'), value: (r) => r.title },
            { header: t('stock.warehouse'), value: (r) => r.warehouse },
            ...numbers.map((n) => ({
              header: n.title,
              value: (r: Record<string, unknown>) => r[n.key] as number,
            })),
          ]}
        />
      </Space>
      <ErrorAlert error={list.error} />
      <Table<Sku>
        rowKey="skuId"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('stock.none') }}
        expandable={{
          expandedRowRender: (sku) => (
            <Table
              rowKey={(w) => w.warehouse.id}
              size="small"
              pagination={false}
              dataSource={sku.warehouses}
              columns={[
                {
                  title: t('stock.warehouse'),
                  key: 'warehouse',
                  render: (_v, w) => (
                    <span>
                      {w.warehouse.code} · {w.warehouse.name}{' '}
                      {w.low && w.onHand > 0 ? <Tag color="gold">{t('stock.lowTag')}</Tag> : null}
                    </span>
                  ),
                },
                ...numbers.map((n) => ({ title: n.title, dataIndex: n.key, align: 'right' as const })),
              ]}
            />
          ),
        }}
        columns={[
          { title: t('stock.sku'), dataIndex: 'code' },
          { title: t('stock.title'), dataIndex: 'title' },
          ...numbers.map((n) => ({
            title: n.title,
            key: n.key,
            align: 'right' as const,
            render: (_v: unknown, sku: Sku) =>
              n.key === 'available' && sku.total.available <= 0 ? (
                <Typography.Text type="danger">{sku.total.available}</Typography.Text>
              ) : (
                sku.total[n.key]
              ),
          })),
        ]}
      />
      <KeysetPager pages={pages} nextCursor={list.data?.nextCursor ?? null} />
    </section>
  );
}
