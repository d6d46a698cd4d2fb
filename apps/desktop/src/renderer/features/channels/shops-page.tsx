// Marketplace shops: the list (platform, marketplace, account, warehouse, status) and the editor.
// An Amazon shop picks one of Amazon's marketplaces, which sets its currency and time zone;
// credentials are asked in the platform's own terms, sent once and never shown again — editing
// a shop leaves them as they are unless staff choose to replace them.
import {
  amazonMarketplaces,
  createShopInput,
  type Platform,
  platformNames,
  platforms,
  updateShopInput,
} from '@crossdock/domain/channels';
import { failureMessage } from '@crossdock/domain/messages';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { FormDialog } from '../../components/form-dialog';
import { KeysetPager, useKeysetPages } from '../../components/keyset-pager';
import { ScreenHeader } from '../../components/screen-header';
import type { RouterOutputs } from '../../lib/api';
import { useCommand } from '../../lib/commands';
import { clearEditedErrors, validateForm } from '../../lib/form-errors';
import { usePrefs } from '../../lib/i18n';
import { countryName } from '../../lib/names';
import { useApi, useSession } from '../../lib/session';
import { SyncHistory, SyncNow } from './sync-history';

type Shop = RouterOutputs['channels']['shops']['list']['items'][number];
type Key = Parameters<ReturnType<typeof usePrefs>['t']>[0];

/** The credential fields each platform signs in with (the contract's names). */
const credentialFields: Record<Platform, { name: string; label: Key; secret: boolean }[]> = {
  amazon: [
    { name: 'sellingPartnerId', label: 'shops.sellingPartnerId', secret: false },
    { name: 'clientId', label: 'shops.clientId', secret: false },
    { name: 'clientSecret', label: 'shops.clientSecret', secret: true },
    { name: 'refreshToken', label: 'shops.refreshToken', secret: true },
  ],
  shopify: [
    { name: 'shopDomain', label: 'shops.shopDomain', secret: false },
    { name: 'accessToken', label: 'shops.accessToken', secret: true },
    { name: 'webhookSecret', label: 'shops.webhookSecret', secret: true },
  ],
  ebay: [{ name: 'oauthToken', label: 'shops.oauthToken', secret: true }],
  aliexpress: [],
  shopee: [],
  tiktok_shop: [],
  other: [],
};

const statusColour = { active: 'green', paused: 'gold', needs_reauth: 'red' } as const;

interface Values {
  name?: string;
  platform?: Platform;
  marketplace?: string;
  currency?: string;
  timeZone?: string;
  warehouseId?: string;
  stockBuffer?: number;
  syncIntervalMinutes?: number;
  status?: 'active' | 'paused';
  replaceCredentials?: boolean;
  credentials?: Record<string, string>;
}

function marketplaceLabel(shop: { platform: Platform; marketplace: string }) {
  const amazon =
    shop.platform === 'amazon'
      ? amazonMarketplaces[shop.marketplace as keyof typeof amazonMarketplaces]
      : null;
  return amazon ? amazon.site : shop.marketplace;
}

function ShopDialog({ shop, onClose }: { shop: Shop | null; onClose(): void }) {
  const { t, locale } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const platform = Form.useWatch('platform', form) ?? shop?.platform;
  const replacing = Form.useWatch('replaceCredentials', form) ?? !shop;
  const warehouses = useQuery({ queryKey: ['warehouses'], queryFn: () => api.inventory.warehouses.query() });
  const save = useMutation({
    mutationFn: (input: object) =>
      shop
        ? api.channels.shops.update.mutate(input as Parameters<typeof api.channels.shops.update.mutate>[0])
        : api.channels.shops.create.mutate(input as Parameters<typeof api.channels.shops.create.mutate>[0]),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['shops'] });
      void message.success(t('shops.saved'));
      onClose();
    },
  });
  useCommand('save', () => form.submit());
  const fields = platform ? credentialFields[platform] : [];
  const credentials = (values: Values) =>
    platform
      ? { platform, ...Object.fromEntries(fields.map((f) => [f.name, values.credentials?.[f.name] ?? ''])) }
      : {};
  return (
    <FormDialog title={shop ? shop.name : t('shops.new')} onClose={onClose} width={720}>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          shop
            ? { ...shop, replaceCredentials: false }
            : {
                stockBuffer: 0,
                syncIntervalMinutes: 15,
                timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
              }
        }
        onValuesChange={(changed: Values) => {
          clearEditedErrors(form, changed);
          // An Amazon marketplace decides the currency and the day's time zone.
          const amazon =
            platform === 'amazon' && changed.marketplace
              ? amazonMarketplaces[changed.marketplace as keyof typeof amazonMarketplaces]
              : null;
          if (amazon) form.setFieldsValue({ currency: amazon.currency, timeZone: amazon.timeZone });
        }}
        onFinish={(values) => {
          const common = {
            name: values.name?.trim() ?? '',
            currency: values.currency?.trim() ?? '',
            timeZone: values.timeZone?.trim() ?? '',
            warehouseId: values.warehouseId ?? '',
            stockBuffer: values.stockBuffer ?? 0,
            syncIntervalMinutes: values.syncIntervalMinutes ?? 15,
          };
          const input = shop
            ? {
                id: shop.id,
                ...common,
                status: values.status,
                ...(replacing ? { credentials: credentials(values) } : {}),
              }
            : {
                ...common,
                platform: values.platform,
                marketplace: values.marketplace?.trim() ?? '',
                credentials: credentials(values),
              };
          const errors = validateForm(form, shop ? updateShopInput : createShopInput, input);
          if (errors.length === 0) save.mutate(input);
        }}
      >
        <Space align="start" wrap>
          <Form.Item name="name" label={t('shops.name')} required>
            <Input autoFocus style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="platform" label={t('shops.platform')} required>
            <Select
              disabled={Boolean(shop)}
              style={{ width: 200 }}
              options={platforms.map((p) => ({ value: p, label: platformNames[p] }))}
            />
          </Form.Item>
          <Form.Item
            name="marketplace"
            label={t('shops.marketplace')}
            required
            extra={platform === 'amazon' ? undefined : t('shops.marketplaceHint')}
          >
            {platform === 'amazon' ? (
              <Select
                disabled={Boolean(shop)}
                style={{ width: 220 }}
                showSearch={{ optionFilterProp: 'label' }}
                options={Object.entries(amazonMarketplaces).map(([id, m]) => ({
                  value: id,
                  label: `${m.site} · ${countryName(m.country, locale)}`,
                }))}
              />
            ) : (
              <Input disabled={Boolean(shop)} style={{ width: 220 }} />
            )}
          </Form.Item>
        </Space>
        <Space align="start" wrap>
          <Form.Item name="currency" label={t('shops.currency')} required>
            <Input style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="timeZone" label={t('shops.timeZone')} required>
            <Input style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="warehouseId" label={t('shops.warehouse')} required>
            <Select
              style={{ width: 260 }}
              loading={warehouses.isLoading}
              options={(warehouses.data ?? []).map((w) => ({ value: w.id, label: `${w.code} · ${w.name}` }))}
            />
          </Form.Item>
        </Space>
        <Space align="start" wrap>
          <Form.Item name="stockBuffer" label={t('shops.stockBuffer')} extra={t('shops.stockBufferHint')}>
            <InputNumber min={0} max={10_000} precision={0} />
          </Form.Item>
          <Form.Item name="syncIntervalMinutes" label={t('shops.syncInterval')}>
            <InputNumber min={5} max={1_440} precision={0} />
          </Form.Item>
          {shop && shop.status !== 'needs_reauth' ? (
            <Form.Item name="status" label={t('shops.status')}>
              <Select
                style={{ width: 160 }}
                options={(['active', 'paused'] as const).map((s) => ({
                  value: s,
                  label: t(`shops.status.${s}`),
                }))}
              />
            </Form.Item>
          ) : null}
        </Space>
        <Typography.Title level={5}>{t('shops.credentials')}</Typography.Title>
        {platform && fields.length === 0 ? (
          <Alert type="info" title={t('shops.noCredentials')} style={{ marginBottom: 16 }} />
        ) : (
          <>
            <Typography.Paragraph type="secondary">{t('shops.credentialsHint')}</Typography.Paragraph>
            {shop ? (
              <Form.Item name="replaceCredentials" valuePropName="checked">
                <Checkbox>{t('shops.replaceCredentials')}</Checkbox>
              </Form.Item>
            ) : null}
            {replacing
              ? fields.map((f) => (
                  <Form.Item key={f.name} name={['credentials', f.name]} label={t(f.label)} required>
                    {f.secret ? <Input.Password autoComplete="off" /> : <Input autoComplete="off" />}
                  </Form.Item>
                ))
              : null}
          </>
        )}
        <ErrorAlert error={save.error} />
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </FormDialog>
  );
}

/** Signs in to the shop's platform and says what came back. */
function TestConnection({ shop }: { shop: Shop }) {
  const { t } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const { message } = App.useApp();
  const test = useMutation({
    mutationFn: () => api.channels.shops.testConnection.mutate({ id: shop.id }),
    onSuccess: ({ check }) => {
      void client.invalidateQueries({ queryKey: ['shops'] });
      if (check.ok) void message.success(t('shops.connected', check.account));
      else if (check.problem === 'unauthorized') void message.error(t('shops.unauthorized'));
      else void message.warning(t('shops.unreachable', { detail: check.detail }));
    },
    onError: (error) => void message.error(failureMessage(error)),
  });
  return (
    <Button size="small" loading={test.isPending} onClick={() => test.mutate()}>
      {t('shops.test')}
    </Button>
  );
}

export function ShopsPage() {
  const { t, locale } = usePrefs();
  const api = useApi();
  const { user } = useSession();
  const canWrite = user?.permissions.has('channels:write') ?? false;
  const [editing, setEditing] = useState<Shop | 'new' | null>(null);
  const [history, setHistory] = useState<Shop | null>(null);
  const pages = useKeysetPages();
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
  const list = useQuery({
    queryKey: ['shops', pages.cursor],
    queryFn: () => api.channels.shops.list.query({ limit: 50, cursor: pages.cursor }),
  });
  return (
    <section aria-labelledby="shops-title">
      <ScreenHeader
        id="shops-title"
        title={t('shops.heading')}
        action={canWrite ? { label: t('shops.new'), onClick: () => setEditing('new') } : null}
      />
      <ErrorAlert error={list.error} />
      <Table<Shop>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('shops.none') }}
        columns={[
          { title: t('shops.name'), dataIndex: 'name' },
          { title: t('shops.platform'), dataIndex: 'platform', render: (p: Platform) => platformNames[p] },
          { title: t('shops.marketplace'), key: 'marketplace', render: (_v, s) => marketplaceLabel(s) },
          { title: t('shops.account'), dataIndex: 'account', render: (a: string | null) => a ?? '—' },
          { title: t('shops.currency'), dataIndex: 'currency' },
          {
            title: t('shops.warehouse'),
            key: 'warehouse',
            render: (_v, s) => (s.warehouse ? `${s.warehouse.code} · ${s.warehouse.name}` : '—'),
          },
          { title: t('shops.stockBuffer'), dataIndex: 'stockBuffer', align: 'right' },
          {
            title: t('shops.status'),
            dataIndex: 'status',
            render: (s: Shop['status']) => <Tag color={statusColour[s]}>{t(`shops.status.${s}`)}</Tag>,
          },
          {
            title: t('shops.lastCheck'),
            key: 'lastCheck',
            render: (_v, s) =>
              s.lastCheckedAt ? (
                <span title={s.lastCheckError ?? undefined}>
                  {when.format(s.lastCheckedAt)} {s.lastCheckError ? '⚠' : '✓'}
                </span>
              ) : (
                <Typography.Text type="secondary">{t('shops.never')}</Typography.Text>
              ),
          },
          {
            title: t('shops.lastSync'),
            key: 'lastSync',
            render: (_v, s) =>
              s.lastSyncError ? (
                <Typography.Text type="danger" title={s.lastSyncError}>
                  ⚠ {t('shops.syncFailed')}
                </Typography.Text>
              ) : s.lastSyncedAt ? (
                when.format(s.lastSyncedAt)
              ) : (
                <Typography.Text type="secondary">{t('shops.never')}</Typography.Text>
              ),
          },
          {
            title: '',
            key: 'actions',
            render: (_v: unknown, s: Shop) => (
              <Space>
                {canWrite ? (
                  <Button size="small" onClick={() => setEditing(s)}>
                    {t('common.edit')}
                  </Button>
                ) : null}
                {canWrite ? <TestConnection shop={s} /> : null}
                {canWrite && s.syncable ? <SyncNow shop={s} /> : null}
                {s.syncable ? (
                  <Button size="small" onClick={() => setHistory(s)}>
                    {t('shops.history')}
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <KeysetPager pages={pages} nextCursor={list.data?.nextCursor ?? null} />
      {history ? <SyncHistory shop={history} onClose={() => setHistory(null)} /> : null}
      {editing ? (
        <ShopDialog shop={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </section>
  );
}
