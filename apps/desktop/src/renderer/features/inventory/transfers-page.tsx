// Transfers between warehouses: the list by status, a new transfer (from, to, SKUs and how many,
// the head-haul and how it is spread), and a transfer's page — ship it (asked first: its stock
// leaves at once), receive deliveries line by line (what arrived, what will not and why), or
// cancel a draft.
import { landedCostBases } from '@crossdock/domain/costing';
import { type CurrencyCode, minorUnitDigits, money } from '@crossdock/domain/money';
import {
  createTransferInput,
  type TransferStatus,
  transferAllows,
  transferStatuses,
} from '@crossdock/domain/transfers';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
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
import { useState } from 'react';
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

type Row = RouterOutputs['inventory']['transfers']['list']['items'][number];
type Transfer = RouterOutputs['inventory']['transfers']['get'];

const colour: Record<TransferStatus, string> = {
  draft: 'default',
  in_transit: 'blue',
  partially_received: 'gold',
  received: 'green',
  cancelled: 'red',
};

function StatusTag({ status }: { status: TransferStatus }) {
  const { t } = usePrefs();
  return (
    <Tag color={colour[status]} data-testid="transfer-status">
      {t(`tr.status.${status}`)}
    </Tag>
  );
}

/** The base currency's code, which head-haul is entered in. */
function useBase() {
  const api = useApi();
  const currencies = useQuery({
    queryKey: ['currencies'],
    queryFn: () => api.catalog.currencies.list.query(),
  });
  return currencies.data?.find((c) => c.isBase)?.code ?? 'USD';
}

function NewTransfer({ onClose }: { onClose(): void }) {
  const { t } = usePrefs();
  const api = useApi();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const base = useBase();
  const warehouses = useQuery({ queryKey: ['warehouses'], queryFn: () => api.inventory.warehouses.query() });
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [lines, setLines] = useState<{ skuId: string; code: string; quantity: number | null }[]>([]);
  const [freight, setFreight] = useState<number | null>(0);
  const [duties, setDuties] = useState<number | null>(0);
  const [basis, setBasis] = useState<(typeof landedCostBases)[number]>('weight');
  const [notes, setNotes] = useState('');
  const [search, setSearch] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const found = useQuery({
    queryKey: ['stock-skus', search],
    queryFn: () => api.stock.overview.query({ search, limit: 20 }),
    enabled: search.trim().length > 0,
  });
  const create = useMutation({
    mutationFn: (input: Parameters<typeof api.inventory.transfers.create.mutate>[0]) =>
      api.inventory.transfers.create.mutate(input),
    onSuccess: (transfer) => {
      void message.success(t('tr.createdToast', { number: transfer.number }));
      onClose();
      void navigate(`/transfers/${transfer.id}`);
    },
  });
  const options = (warehouses.data ?? []).map((w) => ({ value: w.id, label: `${w.code} · ${w.name}` }));
  const submit = () => {
    // Head-haul is typed in the base currency's units, kept in its minor units.
    const minor = (v: number | null) => Math.round((v ?? 0) * 10 ** minorUnitDigits(base as CurrencyCode));
    const input = {
      fromWarehouseId: from ?? '',
      toWarehouseId: to ?? '',
      lines: lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity ?? 0 })),
      freight: minor(freight),
      duties: minor(duties),
      basis,
      notes: notes.trim() || null,
    };
    const parsed = createTransferInput.safeParse(input);
    const wrong = lines.length === 0 ? [t('tr.noLines')] : [];
    if (!parsed.success) wrong.push(...parsed.error.issues.map((i) => i.message));
    setProblems([...new Set(wrong)]);
    if (wrong.length === 0) create.mutate(input);
  };
  useCommand('save', submit);
  return (
    <FormDialog title={t('tr.new')} onClose={onClose} width={820}>
      <Form layout="vertical" onFinish={submit}>
        <Space align="start" wrap>
          <Form.Item label={t('tr.from')} required>
            <Select
              autoFocus
              aria-label={t('tr.from')}
              style={{ width: 260 }}
              value={from}
              onChange={setFrom}
              options={options}
            />
          </Form.Item>
          <Form.Item label={t('tr.to')} required>
            <Select
              aria-label={t('tr.to')}
              style={{ width: 260 }}
              value={to}
              onChange={setTo}
              options={options}
            />
          </Form.Item>
        </Space>
        <Select
          aria-label={t('tr.addLine')}
          placeholder={t('tr.addLine')}
          showSearch={{ filterOption: false, onSearch: setSearch }}
          style={{ width: '100%', marginBottom: 8 }}
          value={null}
          loading={found.isFetching}
          options={(found.data?.items ?? []).map((s) => ({
            value: s.skuId,
            label: `${s.code} · ${s.title} (${s.warehouses.find((w) => w.warehouse.id === from)?.available ?? 0})`,
          }))}
          onChange={(skuId: string) => {
            const sku = found.data?.items.find((s) => s.skuId === skuId);
            if (sku && !lines.some((l) => l.skuId === skuId))
              setLines([...lines, { skuId, code: sku.code, quantity: 1 }]);
          }}
        />
        <Table
          rowKey="skuId"
          size="small"
          pagination={false}
          dataSource={lines}
          locale={{ emptyText: t('tr.noLines') }}
          columns={[
            { title: 'SKU', dataIndex: 'code' },
            {
              title: t('tr.quantity'),
              key: 'quantity',
              render: (_v, l) => (
                <InputNumber
                  aria-label={`${t('tr.quantity')} ${l.code}`}
                  min={1}
                  max={1_000_000}
                  precision={0}
                  value={l.quantity}
                  onChange={(v) =>
                    setLines(lines.map((x) => (x.skuId === l.skuId ? { ...x, quantity: v } : x)))
                  }
                />
              ),
            },
            {
              title: '',
              key: 'remove',
              render: (_v, l) => (
                <Button size="small" onClick={() => setLines(lines.filter((x) => x.skuId !== l.skuId))}>
                  {t('common.remove')}
                </Button>
              ),
            },
          ]}
        />
        <Space align="start" wrap style={{ marginTop: 12 }}>
          <Form.Item label={t('tr.freight', { currency: base })}>
            <InputNumber
              aria-label={t('tr.freight', { currency: base })}
              min={0}
              precision={2}
              value={freight}
              onChange={setFreight}
            />
          </Form.Item>
          <Form.Item label={t('tr.duties', { currency: base })}>
            <InputNumber
              aria-label={t('tr.duties', { currency: base })}
              min={0}
              precision={2}
              value={duties}
              onChange={setDuties}
            />
          </Form.Item>
          <Form.Item label={t('tr.basis')}>
            <Select
              aria-label={t('tr.basis')}
              style={{ width: 160 }}
              value={basis}
              onChange={setBasis}
              options={landedCostBases.map((b) => ({ value: b, label: t(`tr.basis.${b}`) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item label={t('tr.notes')}>
          <Input.TextArea
            aria-label={t('tr.notes')}
            rows={2}
            maxLength={2000}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
          />
        </Form.Item>
        {problems.map((p) => (
          <Typography.Paragraph key={p} type="danger">
            {p}
          </Typography.Paragraph>
        ))}
        <ErrorAlert error={create.error} />
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('tr.create')}
        </Button>
      </Form>
    </FormDialog>
  );
}

export function TransfersPage() {
  const { t, locale } = usePrefs();
  const api = useApi();
  const navigate = useNavigate();
  const canWrite = useSession().user?.permissions.has('inventory:write') ?? false;
  const [creating, setCreating] = useState(false);
  const [status, setStatus] = useState<TransferStatus | 'all'>('all');
  const pages = useKeysetPages();
  const list = useQuery({
    queryKey: ['transfers', status, pages.cursor],
    queryFn: () =>
      api.inventory.transfers.list.query({
        limit: 50,
        cursor: pages.cursor,
        status: status === 'all' ? undefined : status,
      }),
  });
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  useCommand('new', () => setCreating(true), canWrite);
  return (
    <section aria-labelledby="transfers-title">
      <ScreenHeader
        id="transfers-title"
        title={t('tr.heading')}
        action={canWrite ? { label: t('tr.new'), onClick: () => setCreating(true) } : null}
      />
      <Segmented<TransferStatus | 'all'>
        aria-label={t('tr.status')}
        style={{ marginBottom: 12 }}
        value={status}
        onChange={(v) => {
          pages.reset();
          setStatus(v);
        }}
        options={[
          { value: 'all', label: t('tr.all') },
          ...transferStatuses.map((s) => ({ value: s, label: t(`tr.status.${s}`) })),
        ]}
      />
      <ErrorAlert error={list.error} />
      <Table<Row>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('tr.none') }}
        onRow={(row) => ({
          onClick: () => void navigate(`/transfers/${row.id}`),
          ...rowKeys(() => void navigate(`/transfers/${row.id}`)),
          style: { cursor: 'pointer' },
        })}
        columns={[
          { title: t('tr.number'), dataIndex: 'number' },
          { title: t('tr.from'), dataIndex: 'from' },
          { title: t('tr.to'), dataIndex: 'to' },
          {
            title: t('tr.status'),
            dataIndex: 'status',
            render: (s: TransferStatus) => <StatusTag status={s} />,
          },
          {
            title: t('tr.shipped'),
            dataIndex: 'shippedAt',
            render: (d: Date | null) => (d ? when.format(d) : '—'),
          },
          { title: t('tr.created'), dataIndex: 'createdAt', render: (d: Date) => when.format(d) },
        ]}
      />
      <KeysetPager pages={pages} nextCursor={list.data?.nextCursor ?? null} />
      {creating ? <NewTransfer onClose={() => setCreating(false)} /> : null}
    </section>
  );
}

function ReceiveDialog({ transfer, onClose }: { transfer: Transfer; onClose(): void }) {
  const { t } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const { message } = App.useApp();
  const open = transfer.lines.filter((l) => l.inTransit > 0);
  const [entries, setEntries] = useState<
    Record<string, { received: number | null; missing: number | null; note: string }>
  >(Object.fromEntries(open.map((l) => [l.id, { received: l.inTransit, missing: 0, note: '' }])));
  const receive = useMutation({
    mutationFn: () =>
      api.inventory.transfers.receive.mutate({
        transferId: transfer.id,
        lines: Object.entries(entries)
          .filter(([, e]) => (e.received ?? 0) + (e.missing ?? 0) > 0)
          .map(([lineId, e]) => ({
            lineId,
            received: e.received ?? 0,
            missing: e.missing ?? 0,
            ...(e.note.trim() ? { note: e.note.trim() } : {}),
          })),
      }),
    onSuccess: (next) => {
      client.setQueryData(['transfer', transfer.id], next);
      void client.invalidateQueries({ queryKey: ['transfers'] });
      void message.success(t('tr.receivedToast'));
      onClose();
    },
  });
  useCommand('save', () => receive.mutate());
  const set = (id: string, change: Partial<(typeof entries)[string]>) =>
    setEntries({ ...entries, [id]: { ...entries[id]!, ...change } });
  return (
    <FormDialog title={`${t('tr.receive')} · ${transfer.number}`} onClose={onClose} width={760}>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={open}
        columns={[
          { title: 'SKU', dataIndex: 'skuCode' },
          { title: t('tr.inTransit'), dataIndex: 'inTransit', align: 'right' },
          {
            title: t('tr.receiveNow'),
            key: 'received',
            render: (_v, l) => (
              <InputNumber
                aria-label={`${t('tr.receiveNow')} ${l.skuCode}`}
                min={0}
                precision={0}
                value={entries[l.id]?.received}
                onChange={(v) => set(l.id, { received: v })}
              />
            ),
          },
          {
            title: t('tr.missing'),
            key: 'missing',
            render: (_v, l) => (
              <InputNumber
                aria-label={`${t('tr.missing')} ${l.skuCode}`}
                min={0}
                precision={0}
                value={entries[l.id]?.missing}
                onChange={(v) => set(l.id, { missing: v })}
              />
            ),
          },
          {
            title: t('tr.discrepancy'),
            key: 'note',
            render: (_v, l) => (
              <Input
                aria-label={`${t('tr.discrepancy')} ${l.skuCode}`}
                maxLength={500}
                value={entries[l.id]?.note}
                onChange={(e) => set(l.id, { note: e.target.value })}
              />
            ),
          },
        ]}
      />
      <ErrorAlert error={receive.error} />
      <Button
        type="primary"
        style={{ marginTop: 12 }}
        loading={receive.isPending}
        onClick={() => receive.mutate()}
      >
        {t('tr.receive')}
      </Button>
    </FormDialog>
  );
}

export function TransferPage() {
  const { id = '' } = useParams();
  const { t, locale } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const base = useBase();
  const canWrite = useSession().user?.permissions.has('inventory:write') ?? false;
  const [receiving, setReceiving] = useState(false);
  const transfer = useQuery({
    queryKey: ['transfer', id],
    queryFn: () => api.inventory.transfers.get.query({ id }),
  });
  const act = useMutation({
    mutationFn: (action: 'ship' | 'cancel') =>
      action === 'ship'
        ? api.inventory.transfers.ship.mutate({ id })
        : api.inventory.transfers.cancel.mutate({ id }),
    onSuccess: (next) => {
      client.setQueryData(['transfer', id], next);
      void client.invalidateQueries({ queryKey: ['transfers'] });
    },
  });
  if (transfer.isPending)
    return (
      <div role="status" aria-label={t('common.loading')}>
        <Spin />
      </div>
    );
  if (transfer.isError) {
    return reasonOf(transfer.error) === 'UNKNOWN_TRANSFER' ||
      reasonOf(transfer.error) === 'VALIDATION_FAILED' ? (
      <Result status="404" title={t('tr.notFound')} extra={<Link to="/transfers">{t('tr.back')}</Link>} />
    ) : (
      <ErrorAlert error={transfer.error} />
    );
  }
  const tr = transfer.data;
  const status = tr.status as TransferStatus;
  const cost = (v: number | null) => (v === null ? '—' : formatMoney(money(Math.round(v), base), locale));
  return (
    <article aria-labelledby="transfer-number">
      <Link to="/transfers">{t('tr.back')}</Link>
      <Space align="center" style={{ display: 'flex', margin: '8px 0 16px' }}>
        <Typography.Title id="transfer-number" level={3} style={{ margin: 0 }}>
          {tr.number}
        </Typography.Title>
        <StatusTag status={status} />
        <div style={{ flex: 1 }} />
        {canWrite && transferAllows(status, 'ship') ? (
          <Popconfirm
            title={t('tr.shipConfirm', { number: tr.number, from: tr.from.code })}
            onConfirm={() => act.mutate('ship')}
          >
            <Button type="primary" loading={act.isPending}>
              {t('tr.ship')}
            </Button>
          </Popconfirm>
        ) : null}
        {canWrite && transferAllows(status, 'receive') ? (
          <Button type="primary" onClick={() => setReceiving(true)}>
            {t('tr.receive')}
          </Button>
        ) : null}
        {canWrite && transferAllows(status, 'cancel') ? (
          <Popconfirm
            title={t('tr.cancelConfirm', { number: tr.number })}
            okButtonProps={{ danger: true }}
            onConfirm={() => act.mutate('cancel')}
          >
            <Button danger>{t('tr.cancel')}</Button>
          </Popconfirm>
        ) : null}
      </Space>
      <ErrorAlert error={act.error} />
      <Descriptions bordered size="small" column={2} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('tr.from')}>{tr.from.code}</Descriptions.Item>
        <Descriptions.Item label={t('tr.to')}>{tr.to.code}</Descriptions.Item>
        <Descriptions.Item label={t('tr.freight', { currency: base })}>{cost(tr.freight)}</Descriptions.Item>
        <Descriptions.Item label={t('tr.duties', { currency: base })}>{cost(tr.duties)}</Descriptions.Item>
        <Descriptions.Item label={t('tr.basis')} span={2}>
          {t(`tr.basis.${tr.basis}`)}
        </Descriptions.Item>
      </Descriptions>
      <Card title={t('tr.lines')} size="small">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={tr.lines}
          columns={[
            { title: 'SKU', dataIndex: 'skuCode' },
            { title: t('tr.quantity'), dataIndex: 'quantity', align: 'right' },
            { title: t('tr.inTransit'), dataIndex: 'inTransit', align: 'right' },
            { title: t('tr.received'), dataIndex: 'received', align: 'right' },
            { title: t('tr.missing'), dataIndex: 'missing', align: 'right' },
            {
              title: t('tr.discrepancy'),
              dataIndex: 'discrepancyNote',
              render: (v: string | null) => v ?? '',
            },
            { title: t('tr.unitCost'), dataIndex: 'unitCost', align: 'right', render: cost },
            { title: t('tr.landed'), dataIndex: 'landedPerUnit', align: 'right', render: cost },
          ]}
        />
      </Card>
      {receiving ? <ReceiveDialog transfer={tr} onClose={() => setReceiving(false)} /> : null}
    </article>
  );
}
