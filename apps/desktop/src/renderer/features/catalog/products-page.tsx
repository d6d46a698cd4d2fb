// Catalog products for staff: search (title, slug or SKU) and status filter, keyset pages, and
// publishing (draft ⇄ active, archive) for staff with catalog:publish — the API refuses to
// publish a product that is not ready and says why. The list exports like every list.
import { productStatuses } from '@crossdock/domain/catalog';
import { failureMessage } from '@crossdock/domain/messages';
import { money, toDecimalString } from '@crossdock/domain/money';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { BrandSelect, CategorySelect } from '../../components/catalog-pickers';
import { ExportButton } from '../../components/export-button';
import { KeysetPager, useKeysetPages } from '../../components/keyset-pager';
import { rowKeys } from '../../components/row-keys';
import type { RouterOutputs } from '../../lib/api';
import { useCommand } from '../../lib/commands';
import { textIn, usePrefs } from '../../lib/i18n';
import { useApi, useSession } from '../../lib/session';
import { PriceChangeDialog } from './price-change-dialog';

type Row = RouterOutputs['catalog']['products']['list']['items'][number];
type Status = (typeof productStatuses)[number];

export function ProductsPage() {
  const { t, locale } = usePrefs();
  const api = useApi();
  const { user } = useSession();
  const client = useQueryClient();
  const canPublish = user?.permissions.has('catalog:publish') ?? false;
  const [params] = useSearchParams();
  const [search, setSearch] = useState(params.get('search') ?? '');
  const [selected, setSelected] = useState<string[]>([]);
  const [changingPrices, setChangingPrices] = useState(false);
  const canWrite = user?.permissions.has('catalog:write') ?? false;
  const navigate = useNavigate();
  useCommand('new', () => navigate('/products/new'), canWrite);
  // The top bar's search lands here with ?search=.
  useEffect(() => setSearch(params.get('search') ?? ''), [params]);
  const [status, setStatus] = useState<Status | ''>('');
  const pages = useKeysetPages();
  const { cursor } = pages;
  const [categoryId, setCategoryId] = useState<string | undefined>();
  const [brandId, setBrandId] = useState<string | null>(null);
  const filters = {
    ...(search ? { search } : {}),
    ...(status ? { status } : {}),
    ...(categoryId ? { categoryId } : {}),
    ...(brandId ? { brandId } : {}),
  };
  const list = useQuery({
    queryKey: ['products', filters, cursor],
    queryFn: () => api.catalog.products.list.query({ limit: 50, cursor, ...filters }),
  });
  const currencies = useQuery({
    queryKey: ['currencies'],
    queryFn: () => api.catalog.currencies.list.query(),
  });
  const base = currencies.data?.find((c) => c.isBase)?.code;
  const setProductStatus = useMutation({
    mutationFn: (input: { id: string; status: Status }) => api.catalog.products.setStatus.mutate(input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['products'] }),
  });
  return (
    <section aria-labelledby="products-title">
      <Typography.Title id="products-title" level={3}>
        {t('products.heading')}
      </Typography.Title>
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          aria-label={t('products.search')}
          placeholder={t('products.search')}
          allowClear
          defaultValue={search}
          key={search}
          style={{ width: 300 }}
          onSearch={(v) => {
            setSearch(v.trim());
            pages.reset();
          }}
        />
        <Select<Status | ''>
          aria-label={t('orders.status')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            pages.reset();
          }}
          style={{ width: 160 }}
          options={[
            { value: '', label: t('orders.allStatuses') },
            ...productStatuses.map((s) => ({ value: s, label: t(`status.product.${s}`) })),
          ]}
        />
        <CategorySelect
          aria-label={t('products.category')}
          placeholder={t('products.allCategories')}
          allowClear
          value={categoryId}
          onChange={(id: string) => {
            setCategoryId(id || undefined);
            pages.reset();
          }}
          style={{ width: 200 }}
        />
        <BrandSelect
          aria-label={t('product.brand')}
          placeholder={t('products.allBrands')}
          value={brandId}
          onChange={(id) => {
            setBrandId(id);
            pages.reset();
          }}
          style={{ width: 180 }}
        />
        {canWrite ? (
          <Button type="primary" onClick={() => navigate('/products/new')}>
            {t('product.new')}
          </Button>
        ) : null}
        {canWrite ? (
          <Button disabled={selected.length === 0 || !base} onClick={() => setChangingPrices(true)}>
            {t('prices.change')}
            {selected.length ? ` (${selected.length})` : ''}
          </Button>
        ) : null}
        <ExportButton
          name="products"
          page={(c) => api.catalog.products.list.query({ limit: 100, cursor: c, ...filters })}
          columns={[
            { header: 'Slug', value: (r) => r.slug },
            { header: t('products.title'), value: (r) => textIn(r.title, locale) },
            { header: t('orders.status'), value: (r) => r.status },
            { header: t('products.category'), value: (r) => textIn(r.categoryName, locale) },
            { header: 'SKUs', value: (r) => r.skuCount },
            {
              header: `${t('products.from')} (${base ?? ''})`,
              value: (r) => (r.minPrice === null || !base ? '' : toDecimalString(money(r.minPrice, base))),
            },
          ]}
        />
      </Space>
      {list.isError ? <Alert type="error" title={failureMessage(list.error)} /> : null}
      {setProductStatus.error ? (
        <Alert
          type="error"
          role="alert"
          title={failureMessage(setProductStatus.error)}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Table<Row>
        rowKey="id"
        size="small"
        rowSelection={
          canWrite
            ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }
            : undefined
        }
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('products.empty') }}
        onRow={(row) => ({
          ...rowKeys(() => navigate(`/products/${row.id}`)),
          onDoubleClick: () => navigate(`/products/${row.id}`),
        })}
        columns={[
          {
            title: t('products.title'),
            key: 'title',
            render: (_v, r) => <Link to={`/products/${r.id}`}>{textIn(r.title, locale)}</Link>,
          },
          {
            title: t('products.category'),
            key: 'category',
            render: (_v, r) => textIn(r.categoryName, locale),
          },
          { title: 'SKUs', dataIndex: 'skuCount', align: 'right' },
          {
            title: t('products.from'),
            key: 'price',
            align: 'right',
            render: (_v, r) =>
              r.minPrice === null || !base ? '—' : `${toDecimalString(money(r.minPrice, base))} ${base}`,
          },
          {
            title: t('orders.status'),
            dataIndex: 'status',
            render: (s: Status) => (
              <Tag color={s === 'active' ? 'green' : s === 'draft' ? 'gold' : 'default'}>
                {t(`status.product.${s}`)}
              </Tag>
            ),
          },
          {
            title: '',
            key: 'publish',
            render: (_v, r) =>
              canPublish && r.status !== 'archived' ? (
                <Button
                  size="small"
                  onClick={() =>
                    setProductStatus.mutate({ id: r.id, status: r.status === 'active' ? 'draft' : 'active' })
                  }
                >
                  {r.status === 'active' ? t('products.unpublish') : t('products.publish')}
                </Button>
              ) : null,
          },
        ]}
      />
      {changingPrices && base ? (
        <PriceChangeDialog productIds={selected} base={base} onClose={() => setChangingPrices(false)} />
      ) : null}
      <KeysetPager pages={pages} nextCursor={list.data?.nextCursor} />
    </section>
  );
}
