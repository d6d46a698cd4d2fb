// A shop's orders syncs: "Sync now", and the history of runs (started, by whom or the schedule,
// how long, orders new / updated / waiting, retries, the error), then the push log: what was
// sent to the platform (shipment confirmations, quantities listings can sell) and what it refused. While a run is going the
// history reads itself again every two seconds, so its pages and orders count up live.
import { failureMessage } from '@crossdock/domain/messages';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Table, Tag, Typography } from 'antd';
import { ErrorAlert } from '../../components/error-alert';
import { KeysetPager, useKeysetPages } from '../../components/keyset-pager';
import type { RouterOutputs } from '../../lib/api';
import { usePrefs } from '../../lib/i18n';
import { useApi } from '../../lib/session';

type Run = RouterOutputs['channels']['shops']['runs']['items'][number];
const runColour = { running: 'blue', succeeded: 'green', failed: 'red' } as const;

export function SyncNow({ shop }: { shop: { id: string; status: string } }) {
  const { t } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const { message } = App.useApp();
  const sync = useMutation({
    mutationFn: () => api.channels.shops.sync.mutate({ id: shop.id }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['sync-runs', shop.id] });
      void message.success(t('shops.syncStarted'));
    },
    onError: (error) => void message.error(failureMessage(error)),
  });
  return (
    <Button
      size="small"
      disabled={shop.status !== 'active'}
      loading={sync.isPending}
      onClick={() => sync.mutate()}
    >
      {t('shops.sync')}
    </Button>
  );
}

function seconds(ms: number | null) {
  if (ms === null) return '—';
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
}

export function SyncHistory({ shop, onClose }: { shop: { id: string; name: string }; onClose(): void }) {
  const { t, locale } = usePrefs();
  const api = useApi();
  const pages = useKeysetPages();
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' });
  const runs = useQuery({
    queryKey: ['sync-runs', shop.id, pages.cursor],
    queryFn: () => api.channels.shops.runs.query({ shopId: shop.id, limit: 20, cursor: pages.cursor }),
    refetchInterval: (query) => (query.state.data?.items.some((r) => r.status === 'running') ? 2000 : false),
  });
  const running = runs.data?.items.find((r) => r.status === 'running');
  return (
    <Drawer open title={t('shops.historyTitle', { name: shop.name })} size={960} onClose={onClose}>
      <ErrorAlert error={runs.error} />
      {running ? (
        <Alert
          type="info"
          showIcon
          role="status"
          style={{ marginBottom: 12 }}
          title={t('sync.live', { pages: running.pages, orders: running.ordersNew + running.ordersUpdated })}
        />
      ) : null}
      <Table<Run>
        rowKey="id"
        size="small"
        loading={runs.isLoading}
        dataSource={runs.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('sync.none') }}
        columns={[
          { title: t('sync.started'), dataIndex: 'startedAt', render: (d: Date) => when.format(d) },
          {
            title: t('sync.trigger'),
            dataIndex: 'trigger',
            render: (v: Run['trigger']) => t(`sync.trigger.${v}`),
          },
          {
            title: t('sync.status'),
            dataIndex: 'status',
            render: (s: Run['status']) => <Tag color={runColour[s]}>{t(`sync.status.${s}`)}</Tag>,
          },
          { title: t('sync.duration'), dataIndex: 'durationMs', align: 'right', render: seconds },
          { title: t('sync.pages'), dataIndex: 'pages', align: 'right' },
          { title: t('sync.new'), dataIndex: 'ordersNew', align: 'right' },
          { title: t('sync.updated'), dataIndex: 'ordersUpdated', align: 'right' },
          { title: t('sync.waiting'), dataIndex: 'ordersWaiting', align: 'right' },
          { title: t('sync.retries'), dataIndex: 'retries', align: 'right' },
          {
            title: '',
            dataIndex: 'error',
            render: (e: string | null) =>
              e ? (
                <Typography.Text type="danger" ellipsis={{ tooltip: e }} style={{ maxWidth: 220 }}>
                  {e}
                </Typography.Text>
              ) : null,
          },
        ]}
      />
      <KeysetPager pages={pages} nextCursor={runs.data?.nextCursor ?? null} />
      <PushLog shopId={shop.id} />
    </Drawer>
  );
}

type Push = RouterOutputs['channels']['pushes']['list']['items'][number];
const pushColour = { pending: 'blue', sent: 'green', failed: 'red' } as const;

/** What was sent to the shop's platform (shipment confirmations) and what it refused. */
function PushLog({ shopId }: { shopId: string }) {
  const { t, locale } = usePrefs();
  const api = useApi();
  const pages = useKeysetPages();
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' });
  const pushes = useQuery({
    queryKey: ['pushes', shopId, pages.cursor],
    queryFn: () => api.channels.pushes.list.query({ shopId, limit: 20, cursor: pages.cursor }),
  });
  return (
    <section aria-labelledby="push-log" style={{ marginTop: 24 }}>
      <Typography.Title id="push-log" level={5}>
        {t('pushes.title')}
      </Typography.Title>
      <ErrorAlert error={pushes.error} />
      <Table<Push>
        rowKey="id"
        size="small"
        loading={pushes.isLoading}
        dataSource={pushes.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('pushes.none') }}
        columns={[
          { title: t('pushes.when'), dataIndex: 'createdAt', render: (d: Date) => when.format(d) },
          { title: t('pushes.kind'), dataIndex: 'kind', render: (k: Push['kind']) => t(`pushes.kind.${k}`) },
          { title: t('pushes.order'), dataIndex: 'subject' },
          {
            title: t('pushes.kind.stock'),
            key: 'quantity',
            align: 'right',
            render: (_v, p) =>
              p.kind === 'stock' ? String((p.payload as { quantity?: number }).quantity ?? '') : '',
          },
          {
            title: t('pushes.status'),
            dataIndex: 'status',
            render: (s: Push['status']) => <Tag color={pushColour[s]}>{t(`pushes.status.${s}`)}</Tag>,
          },
          { title: t('pushes.attempts'), dataIndex: 'attempts', align: 'right' },
          {
            title: '',
            dataIndex: 'lastError',
            render: (e: string | null) =>
              e ? (
                <Typography.Text type="danger" ellipsis={{ tooltip: e }} style={{ maxWidth: 260 }}>
                  {e}
                </Typography.Text>
              ) : null,
          },
        ]}
      />
      <KeysetPager pages={pages} nextCursor={pushes.data?.nextCursor ?? null} />
    </section>
  );
}
