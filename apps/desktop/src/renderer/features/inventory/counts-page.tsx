// Stock counts: the list, a new count (a warehouse, or some of its SKUs), and a count's page
// where counters enter what they find blind — a barcode or SKU code, Enter, the quantity, Enter,
// and the cursor is back for the next scan (a keyboard-wedge scanner types and presses Enter by
// itself) — then the variance review with values, and posting (asked first) or cancelling.
import { type CountStatus, countStatuses } from '@crossdock/domain/counts';
import { money } from '@crossdock/domain/money';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Form,
  Input,
  InputNumber,
  type InputRef,
  Popconfirm,
  Result,
  Segmented,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { type ComponentRef, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../components/error-alert';
import { FormDialog } from '../../components/form-dialog';
import { KeysetPager, useKeysetPages } from '../../components/keyset-pager';
import { rowKeys } from '../../components/row-keys';
import { ScreenHeader } from '../../components/screen-header';
import { type RouterOutputs, reasonOf } from '../../lib/api';
import { useCommand } from '../../lib/commands';
import { usePrefs } from '../../lib/i18n';
import { formatMoney } from '../../lib/money';
import { useApi, useSession } from '../../lib/session';

type Row = RouterOutputs['inventory']['counts']['list']['items'][number];

const colour: Record<CountStatus, string> = { counting: 'blue', posted: 'green', cancelled: 'red' };

function StatusTag({ status }: { status: CountStatus }) {
  const { t } = usePrefs();
  return (
    <Tag color={colour[status]} data-testid="count-status">
      {t(`sc.status.${status}`)}
    </Tag>
  );
}

function NewCount({ onClose }: { onClose(): void }) {
  const { t } = usePrefs();
  const api = useApi();
  const navigate = useNavigate();
  const warehouses = useQuery({ queryKey: ['warehouses'], queryFn: () => api.inventory.warehouses.query() });
  const [warehouseId, setWarehouseId] = useState<string | null>(null);
  const [skus, setSkus] = useState<{ value: string; label: string }[]>([]);
  const [search, setSearch] = useState('');
  const found = useQuery({
    queryKey: ['stock-skus', search],
    queryFn: () => api.stock.overview.query({ search, limit: 20 }),
    enabled: search.trim().length > 0,
  });
  const start = useMutation({
    mutationFn: () =>
      api.inventory.counts.start.mutate({
        warehouseId: warehouseId ?? '',
        ...(skus.length ? { skuIds: skus.map((s) => s.value) } : {}),
      }),
    onSuccess: (count) => {
      onClose();
      void navigate(`/counts/${count.id}`);
    },
  });
  useCommand('save', () => start.mutate());
  return (
    <FormDialog title={t('sc.new')} onClose={onClose} width={640}>
      <Form layout="vertical" onFinish={() => start.mutate()}>
        <Form.Item label={t('sc.warehouse')} required>
          <Select
            autoFocus
            aria-label={t('sc.warehouse')}
            value={warehouseId}
            onChange={setWarehouseId}
            options={(warehouses.data ?? []).map((w) => ({ value: w.id, label: `${w.code} · ${w.name}` }))}
          />
        </Form.Item>
        <Form.Item label={t('sc.skus')}>
          <Select
            aria-label={t('sc.skus')}
            mode="multiple"
            labelInValue
            showSearch={{ filterOption: false, onSearch: setSearch }}
            value={skus}
            onChange={setSkus}
            options={(found.data?.items ?? []).map((s) => ({
              value: s.skuId,
              label: `${s.code} · ${s.title}`,
            }))}
          />
        </Form.Item>
        <ErrorAlert error={start.error} />
        <Button type="primary" htmlType="submit" loading={start.isPending}>
          {t('sc.start')}
        </Button>
      </Form>
    </FormDialog>
  );
}

export function CountsPage() {
  const { t, locale } = usePrefs();
  const api = useApi();
  const navigate = useNavigate();
  const canWrite = useSession().user?.permissions.has('inventory:write') ?? false;
  const [creating, setCreating] = useState(false);
  const [status, setStatus] = useState<CountStatus | 'all'>('all');
  const pages = useKeysetPages();
  const list = useQuery({
    queryKey: ['counts', status, pages.cursor],
    queryFn: () =>
      api.inventory.counts.list.query({
        limit: 50,
        cursor: pages.cursor,
        status: status === 'all' ? undefined : status,
      }),
  });
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  useCommand('new', () => setCreating(true), canWrite);
  return (
    <section aria-labelledby="counts-title">
      <ScreenHeader
        id="counts-title"
        title={t('sc.heading')}
        action={canWrite ? { label: t('sc.new'), onClick: () => setCreating(true) } : null}
      />
      <Segmented<CountStatus | 'all'>
        aria-label={t('sc.status')}
        style={{ marginBottom: 12 }}
        value={status}
        onChange={(v) => {
          pages.reset();
          setStatus(v);
        }}
        options={[
          { value: 'all', label: t('sc.all') },
          ...countStatuses.map((s) => ({ value: s, label: t(`sc.status.${s}`) })),
        ]}
      />
      <ErrorAlert error={list.error} />
      <Table<Row>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('sc.none') }}
        onRow={(row) => ({
          onClick: () => void navigate(`/counts/${row.id}`),
          ...rowKeys(() => void navigate(`/counts/${row.id}`)),
          style: { cursor: 'pointer' },
        })}
        columns={[
          { title: t('sc.number'), dataIndex: 'number' },
          { title: t('sc.warehouse'), dataIndex: 'warehouse' },
          {
            title: t('sc.status'),
            dataIndex: 'status',
            render: (s: CountStatus) => <StatusTag status={s} />,
          },
          { title: t('sc.created'), dataIndex: 'createdAt', render: (d: Date) => when.format(d) },
        ]}
      />
      <KeysetPager pages={pages} nextCursor={list.data?.nextCursor ?? null} />
      {creating ? <NewCount onClose={() => setCreating(false)} /> : null}
    </section>
  );
}

/** Blind entry: code, Enter, quantity, Enter — and back to the code for the next scan. */
function CountEntry({ countId }: { countId: string }) {
  const { t } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const codeRef = useRef<InputRef>(null);
  const quantityRef = useRef<ComponentRef<typeof InputNumber>>(null);
  const [code, setCode] = useState('');
  const [quantity, setQuantity] = useState<number | null>(null);
  const [entered, setEntered] = useState<{ code: string; counted: number }[]>([]);
  const enter = useMutation({
    mutationFn: () =>
      api.inventory.counts.enter.mutate({ countId, code: code.trim(), quantity: quantity ?? -1 }),
    onSuccess: (line) => {
      setEntered((list) =>
        [{ code: line.code, counted: line.counted }, ...list.filter((l) => l.code !== line.code)].slice(
          0,
          20,
        ),
      );
      setCode('');
      setQuantity(null);
      void client.invalidateQueries({ queryKey: ['count', countId] });
      codeRef.current?.focus();
    },
  });
  return (
    <section aria-label={t('sc.enter')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('sc.hint')}</Typography.Paragraph>
      <Space align="start" wrap>
        <Input
          ref={codeRef}
          autoFocus
          aria-label={t('sc.code')}
          placeholder={t('sc.code')}
          style={{ width: 260 }}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          onPressEnter={() => {
            if (code.trim()) quantityRef.current?.focus();
          }}
        />
        <InputNumber
          ref={quantityRef}
          aria-label={t('sc.quantity')}
          placeholder={t('sc.quantity')}
          min={0}
          precision={0}
          value={quantity}
          onChange={setQuantity}
          onPressEnter={() => {
            if (code.trim() && quantity !== null) enter.mutate();
          }}
        />
        <Button
          type="primary"
          loading={enter.isPending}
          disabled={!code.trim() || quantity === null}
          onClick={() => enter.mutate()}
        >
          {t('sc.enter')}
        </Button>
      </Space>
      <ErrorAlert error={enter.error} />
      {entered.length ? (
        <ul aria-label={t('sc.entered')} data-testid="count-entered">
          {entered.map((l) => (
            <li key={l.code}>
              {l.code} × {l.counted}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function CountReview({ countId }: { countId: string }) {
  const { t, locale } = usePrefs();
  const api = useApi();
  const review = useQuery({
    queryKey: ['count-review', countId],
    queryFn: () => api.inventory.counts.review.query({ id: countId }),
  });
  const currencies = useQuery({
    queryKey: ['currencies'],
    queryFn: () => api.catalog.currencies.list.query(),
  });
  const base = currencies.data?.find((c) => c.isBase)?.code ?? 'USD';
  if (review.isPending) return <Spin />;
  if (review.isError) return <ErrorAlert error={review.error} />;
  const r = review.data;
  const value = (v: number | null) => (v === null ? '—' : formatMoney(money(v, base), locale));
  return (
    <section aria-label={t('sc.review')} style={{ marginBottom: 16 }}>
      <Alert
        type={r.summary.differing ? 'warning' : 'success'}
        style={{ marginBottom: 12 }}
        title={
          r.summary.differing
            ? t('sc.summary', {
                differing: r.summary.differing,
                counted: r.summary.counted,
                value: value(r.summary.value),
              })
            : t('sc.noDifferences')
        }
        description={r.uncounted.length ? t('sc.uncounted', { count: r.uncounted.length }) : undefined}
      />
      <Table
        rowKey="skuId"
        size="small"
        pagination={false}
        dataSource={r.differences}
        columns={[
          { title: 'SKU', dataIndex: 'code' },
          { title: t('sc.expected'), dataIndex: 'expected', align: 'right' },
          { title: t('sc.counted'), dataIndex: 'counted', align: 'right' },
          { title: t('sc.variance'), dataIndex: 'variance', align: 'right' },
          { title: t('sc.value'), dataIndex: 'value', align: 'right', render: value },
        ]}
      />
    </section>
  );
}

export function CountPage() {
  const { id = '' } = useParams();
  const { t } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const canWrite = useSession().user?.permissions.has('inventory:write') ?? false;
  const [reviewing, setReviewing] = useState(false);
  const count = useQuery({ queryKey: ['count', id], queryFn: () => api.inventory.counts.get.query({ id }) });
  const act = useMutation({
    mutationFn: (action: 'post' | 'cancel') =>
      action === 'post'
        ? api.inventory.counts.post.mutate({ id })
        : api.inventory.counts.cancel.mutate({ id }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['count', id] });
      await client.invalidateQueries({ queryKey: ['count-review', id] });
      void client.invalidateQueries({ queryKey: ['counts'] });
    },
  });
  if (count.isPending)
    return (
      <div role="status" aria-label={t('common.loading')}>
        <Spin />
      </div>
    );
  if (count.isError) {
    return reasonOf(count.error) === 'UNKNOWN_COUNT' || reasonOf(count.error) === 'VALIDATION_FAILED' ? (
      <Result status="404" title={t('sc.notFound')} extra={<Link to="/counts">{t('sc.back')}</Link>} />
    ) : (
      <ErrorAlert error={count.error} />
    );
  }
  const c = count.data;
  const status = c.status as CountStatus;
  const open = status === 'counting';
  return (
    <article aria-labelledby="count-number">
      <Link to="/counts">{t('sc.back')}</Link>
      <Space align="center" style={{ display: 'flex', margin: '8px 0 16px' }}>
        <Typography.Title id="count-number" level={3} style={{ margin: 0 }}>
          {c.number}
        </Typography.Title>
        <StatusTag status={status} />
        <Typography.Text type="secondary">
          {c.warehouse.code} · {c.warehouse.name} ·{' '}
          <span data-testid="count-progress">{t('sc.progress', { counted: c.counted, lines: c.lines })}</span>
        </Typography.Text>
        <div style={{ flex: 1 }} />
        {open ? (
          <Button onClick={() => setReviewing(!reviewing)}>
            {reviewing ? t('sc.hideReview') : t('sc.review')}
          </Button>
        ) : null}
        {canWrite && open ? (
          <Popconfirm title={t('sc.postConfirm', { number: c.number })} onConfirm={() => act.mutate('post')}>
            <Button type="primary" loading={act.isPending}>
              {t('sc.post')}
            </Button>
          </Popconfirm>
        ) : null}
        {canWrite && open ? (
          <Popconfirm
            title={t('sc.cancelConfirm', { number: c.number })}
            okButtonProps={{ danger: true }}
            onConfirm={() => act.mutate('cancel')}
          >
            <Button danger>{t('sc.cancel')}</Button>
          </Popconfirm>
        ) : null}
      </Space>
      <ErrorAlert error={act.error} />
      {open && canWrite && !reviewing ? <CountEntry countId={c.id} /> : null}
      {reviewing || !open ? <CountReview countId={c.id} /> : null}
    </article>
  );
}
