// Listings and SKU mapping: what each shop sells under its seller SKUs, and which of our SKUs
// that is. The unmatched queue comes first — listings no SKU code or barcode matched, with the
// orders waiting on them — and "Link" opens a dialog with suggestions by title, a search over
// our SKUs, and quantities (several SKUs make a bundle). Linking lets the waiting orders in.
// Each listing also shows how its platform last showed it (price, count, on sale or not) and how
// far that was from ours; "Pull listings" asks the shop's platform again.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Input,
  InputNumber,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { FormDialog } from '../../components/form-dialog';
import { KeysetPager, useKeysetPages } from '../../components/keyset-pager';
import { PlainList } from '../../components/plain-list';
import { ScreenHeader } from '../../components/screen-header';
import type { RouterOutputs } from '../../lib/api';
import { useCommand } from '../../lib/commands';
import { usePrefs } from '../../lib/i18n';
import { formatMoney } from '../../lib/money';
import { useApi, useSession } from '../../lib/session';

type Listing = RouterOutputs['channels']['listings']['list']['items'][number];
type State = 'unmatched' | 'linked' | 'all';
interface Part {
  skuId: string;
  code: string;
  title: string;
  quantity: number;
}

function LinkDialog({ listing, onClose }: { listing: Listing; onClose(): void }) {
  const { t } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [parts, setParts] = useState<Part[]>(() => listing.components.map((c) => ({ ...c })));
  const [search, setSearch] = useState('');
  const [tried, setTried] = useState(false);
  const suggestions = useQuery({
    queryKey: ['listing-suggestions', listing.id],
    queryFn: () => api.channels.listings.suggestions.query({ listingId: listing.id }),
  });
  const found = useQuery({
    queryKey: ['listing-skus', search],
    queryFn: () => api.channels.listings.skus.query({ search }),
    enabled: search.trim().length > 0,
  });
  const add = (sku: { skuId: string; code: string; title: string }) =>
    setParts((current) =>
      current.some((p) => p.skuId === sku.skuId) ? current : [...current, { ...sku, quantity: 1 }],
    );
  const link = useMutation({
    mutationFn: () =>
      api.channels.listings.link.mutate({
        listingId: listing.id,
        components: parts.map((p) => ({ skuId: p.skuId, quantity: p.quantity })),
      }),
    onSuccess: ({ ordersAdmitted }) => {
      void client.invalidateQueries({ queryKey: ['listings'] });
      void client.invalidateQueries({ queryKey: ['orders'] });
      void message.success(t('listings.linked', { count: ordersAdmitted }));
      onClose();
    },
  });
  const save = () => {
    setTried(true);
    if (parts.length > 0) link.mutate();
  };
  useCommand('save', save);
  return (
    <FormDialog title={t('listings.linkTitle', { sku: listing.sellerSku })} onClose={onClose} width={720}>
      <Typography.Paragraph>
        <strong>{listing.title}</strong>
        {listing.barcode ? ` · ${listing.barcode}` : ''}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('listings.linkHint')}</Typography.Paragraph>
      <Typography.Title level={5}>{t('listings.suggestions')}</Typography.Title>
      <ErrorAlert error={suggestions.error} />
      {suggestions.isLoading ? (
        <Typography.Paragraph type="secondary">…</Typography.Paragraph>
      ) : (
        <PlainList
          items={suggestions.data ?? []}
          itemKey={(s) => s.skuId}
          empty={t('listings.noSuggestions')}
        >
          {(s) => (
            <>
              <span>
                <Typography.Text code>{s.code}</Typography.Text> {s.title}
              </span>
              <Button size="small" onClick={() => add(s)} aria-label={`${t('listings.use')} ${s.code}`}>
                {t('listings.use')}
              </Button>
            </>
          )}
        </PlainList>
      )}
      <Select
        showSearch={{ filterOption: false, onSearch: setSearch }}
        aria-label={t('listings.findSku')}
        placeholder={t('listings.findSku')}
        style={{ width: '100%', margin: '12px 0' }}
        value={null}
        loading={found.isFetching}
        notFoundContent={null}
        onChange={(skuId: string) => {
          const sku = found.data?.find((s) => s.skuId === skuId);
          if (sku) add(sku);
        }}
        options={(found.data ?? []).map((s) => ({ value: s.skuId, label: `${s.code} · ${s.title}` }))}
      />
      <Table<Part>
        rowKey="skuId"
        size="small"
        pagination={false}
        dataSource={parts}
        locale={{ emptyText: t('listings.noComponents') }}
        columns={[
          { title: 'SKU', dataIndex: 'code' },
          { title: t('listings.title'), dataIndex: 'title' },
          {
            title: t('listings.quantity'),
            key: 'quantity',
            render: (_v, p) => (
              <InputNumber
                aria-label={`${t('listings.quantity')} ${p.code}`}
                min={1}
                max={100}
                precision={0}
                value={p.quantity}
                onChange={(quantity) =>
                  setParts((current) =>
                    current.map((c) => (c.skuId === p.skuId ? { ...c, quantity: quantity ?? 1 } : c)),
                  )
                }
              />
            ),
          },
          {
            title: '',
            key: 'remove',
            render: (_v, p) => (
              <Button
                size="small"
                type="text"
                danger
                aria-label={`${t('listings.remove')} ${p.code}`}
                onClick={() => setParts((current) => current.filter((c) => c.skuId !== p.skuId))}
              >
                {t('listings.remove')}
              </Button>
            ),
          },
        ]}
      />
      {tried && parts.length === 0 ? (
        <Alert type="error" role="alert" title={t('listings.noComponents')} style={{ marginTop: 12 }} />
      ) : null}
      <ErrorAlert error={link.error} />
      <Button type="primary" style={{ marginTop: 12 }} loading={link.isPending} onClick={save}>
        {t('common.save')}
      </Button>
    </FormDialog>
  );
}

export function ListingsPage() {
  const { t, locale } = usePrefs();
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
  const api = useApi();
  const { user } = useSession();
  const canWrite = user?.permissions.has('channels:write') ?? false;
  const [state, setState] = useState<State>('unmatched');
  const [shopId, setShopId] = useState<string | undefined>(undefined);
  const [search, setSearch] = useState('');
  const [drifted, setDrifted] = useState(false);
  const [linking, setLinking] = useState<Listing | null>(null);
  const pages = useKeysetPages();
  const client = useQueryClient();
  const { message } = App.useApp();
  const shops = useQuery({
    queryKey: ['shops', 'all'],
    queryFn: () => api.channels.shops.list.query({ limit: 100 }),
  });
  const list = useQuery({
    queryKey: ['listings', state, shopId, search, drifted, pages.cursor],
    queryFn: () =>
      api.channels.listings.list.query({
        limit: 50,
        cursor: pages.cursor,
        state,
        drifted,
        ...(shopId ? { shopId } : {}),
        ...(search ? { search } : {}),
      }),
  });
  const reset = () => pages.reset();
  // The chosen shop's pull: watched while one runs, the list read again when it ends.
  const shop = useQuery({
    queryKey: ['shop', shopId],
    queryFn: () => api.channels.shops.get.query({ id: shopId! }),
    enabled: Boolean(shopId),
    refetchInterval: (query) => (query.state.data?.listingsPulling ? 2000 : false),
  });
  const pulling = shop.data?.listingsPulling ?? false;
  const wasPulling = useRef(false);
  useEffect(() => {
    if (wasPulling.current && !pulling) void client.invalidateQueries({ queryKey: ['listings'] });
    wasPulling.current = pulling;
  }, [pulling, client]);
  const pull = useMutation({
    mutationFn: (id: string) => api.channels.listings.pull.mutate({ shopId: id }),
    onSuccess: () => {
      void message.info(t('listings.pullAsked', { shop: shop.data?.name ?? '' }));
      wasPulling.current = true;
      void client.invalidateQueries({ queryKey: ['shop', shopId] });
    },
  });
  const money = (amount: number, currency: string) => formatMoney({ amount, currency } as never, locale);
  const signed = (text: string, n: number) => (n > 0 ? `+${text}` : text);
  return (
    <section aria-labelledby="listings-title">
      <ScreenHeader id="listings-title" title={t('listings.heading')} />
      <Space style={{ marginBottom: 16 }} wrap>
        <Segmented<State>
          value={state}
          onChange={(value) => {
            setState(value);
            reset();
          }}
          options={(['unmatched', 'linked', 'all'] as const).map((s) => ({
            value: s,
            label: t(`listings.state.${s}`),
          }))}
        />
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('listings.shop')}
          placeholder={t('listings.allShops')}
          style={{ width: 240 }}
          value={shopId}
          onChange={(value) => {
            setShopId(value);
            reset();
          }}
          options={(shops.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
        />
        <Checkbox
          checked={drifted}
          onChange={(e) => {
            setDrifted(e.target.checked);
            reset();
          }}
        >
          {t('listings.driftedOnly')}
        </Checkbox>
        <Input.Search
          allowClear
          aria-label={t('listings.search')}
          placeholder={t('listings.search')}
          style={{ width: 260 }}
          onSearch={(value) => {
            setSearch(value.trim());
            reset();
          }}
        />
        {shopId && canWrite && shop.data?.syncable ? (
          <Button
            onClick={() => pull.mutate(shopId)}
            loading={pull.isPending || shop.data.listingsPulling}
            disabled={shop.data.listingsPulling}
          >
            {t('listings.pull')}
          </Button>
        ) : null}
      </Space>
      {shopId && shop.data?.syncable ? (
        <Typography.Paragraph type="secondary" role="status">
          {shop.data.listingsPulling
            ? t('listings.pulling')
            : shop.data.listingsPulledAt
              ? t(shop.data.listingsPullError ? 'listings.lastTried' : 'listings.lastPull', {
                  at: when.format(shop.data.listingsPulledAt),
                })
              : t('listings.neverPulled')}
        </Typography.Paragraph>
      ) : null}
      {shop.data?.listingsPullError && !shop.data.listingsPulling ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('listings.pullFailed', { error: shop.data.listingsPullError })}
        />
      ) : null}
      <ErrorAlert error={pull.error} />
      <ErrorAlert error={list.error} />
      <Table<Listing>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{
          emptyText: search
            ? t('listings.noMatch', { search })
            : drifted
              ? t('listings.noneDrifted')
              : state === 'unmatched'
                ? t('listings.noneUnmatched')
                : t('listings.none'),
        }}
        columns={[
          { title: t('listings.shop'), dataIndex: 'shopName' },
          {
            title: t('listings.sellerSku'),
            dataIndex: 'sellerSku',
            render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
          },
          { title: t('listings.title'), dataIndex: 'title' },
          { title: t('listings.barcode'), dataIndex: 'barcode', render: (v: string | null) => v ?? '—' },
          {
            title: t('listings.linkedTo'),
            key: 'components',
            render: (_v, l) =>
              l.components.length ? (
                <Space size={4} wrap>
                  {l.components.map((c) => (
                    <Tag key={c.skuId}>
                      {c.quantity > 1 ? `${c.quantity} × ` : ''}
                      {c.code}
                    </Tag>
                  ))}
                  {l.linkedBy ? (
                    <Typography.Text type="secondary">{t(`listings.linkedBy.${l.linkedBy}`)}</Typography.Text>
                  ) : null}
                </Space>
              ) : (
                <Tag color="orange">{t('listings.state.unmatched')}</Tag>
              ),
          },
          {
            title: t('listings.told'),
            key: 'told',
            align: 'right',
            render: (_v: unknown, l: Listing) =>
              l.pushedQuantity === null ? (
                '—'
              ) : (
                <span title={l.pushedAt ? when.format(l.pushedAt) : undefined}>{l.pushedQuantity}</span>
              ),
          },
          {
            title: t('listings.onPlatform'),
            key: 'platform',
            render: (_v: unknown, l: Listing) =>
              l.pulledAt === null ? (
                <Typography.Text type="secondary">{t('listings.notPulled')}</Typography.Text>
              ) : (
                <Space size={4} wrap title={t('listings.pulledAt', { at: when.format(l.pulledAt) })}>
                  {l.platformPrice !== null && l.platformCurrency ? (
                    <span>{money(l.platformPrice, l.platformCurrency)}</span>
                  ) : null}
                  <Typography.Text type="secondary">
                    {l.platformQuantity === null
                      ? t('listings.ownCount')
                      : t('listings.platformCount', { count: l.platformQuantity })}
                  </Typography.Text>
                  <Tag color={l.platformActive ? 'green' : 'default'}>
                    {l.platformActive ? t('listings.onSale') : t('listings.notOnSale')}
                  </Tag>
                </Space>
              ),
          },
          {
            title: t('listings.drift'),
            key: 'drift',
            render: (_v: unknown, l: Listing) => {
              if (l.priceDrift === null && l.quantityDrift === null) return '—';
              const differences = [
                l.priceDrift && l.platformCurrency
                  ? t('listings.priceDrift', {
                      amount: signed(money(l.priceDrift, l.platformCurrency), l.priceDrift),
                    })
                  : null,
                l.quantityDrift
                  ? t('listings.countDrift', { count: signed(String(l.quantityDrift), l.quantityDrift) })
                  : null,
              ].filter((d): d is string => d !== null);
              return differences.length ? (
                <Space size={4} wrap>
                  {differences.map((d) => (
                    <Tag key={d} color="gold">
                      {d}
                    </Tag>
                  ))}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('listings.noDrift')}</Typography.Text>
              );
            },
          },
          {
            title: t('listings.waiting'),
            dataIndex: 'waitingOrders',
            align: 'right',
            render: (n: number) => (n ? <Tag color="red">{n}</Tag> : '—'),
          },
          ...(canWrite
            ? [
                {
                  title: '',
                  key: 'link',
                  render: (_v: unknown, l: Listing) => (
                    <Button
                      size="small"
                      type={l.components.length ? 'default' : 'primary'}
                      aria-label={`${l.components.length ? t('listings.relink') : t('listings.link')} ${l.sellerSku}`}
                      onClick={() => setLinking(l)}
                    >
                      {l.components.length ? t('listings.relink') : t('listings.link')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <KeysetPager pages={pages} nextCursor={list.data?.nextCursor ?? null} />
      {linking ? <LinkDialog listing={linking} onClose={() => setLinking(null)} /> : null}
    </section>
  );
}
