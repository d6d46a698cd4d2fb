// Purchase orders: the list (by status), and a new order — a supplier, where the goods go, SKUs
// with quantities (each at the supplier's price for its quantity unless a price is typed),
// freight, duties and when it is expected. It is made a draft, and opens.
import { money } from '@crossdock/domain/money';
import {
  createPurchaseOrderInput,
  type PurchaseOrderStatus,
  purchaseOrderStatuses,
} from '@crossdock/domain/purchasing';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/error-alert';
import { FormDialog } from '../../components/form-dialog';
import { KeysetPager, useKeysetPages } from '../../components/keyset-pager';
import { rowKeys } from '../../components/row-keys';
import { ScreenHeader } from '../../components/screen-header';
import type { RouterOutputs } from '../../lib/api';
import { useCommand } from '../../lib/commands';
import { usePrefs } from '../../lib/i18n';
import { formatMoney } from '../../lib/money';
import { useApi, useSession } from '../../lib/session';
import { minorOf } from './suppliers-page';

type Row = RouterOutputs['purchasing']['orders']['list']['items'][number];

export const poStatusColour: Record<PurchaseOrderStatus, string> = {
  draft: 'default',
  approved: 'blue',
  sent: 'geekblue',
  partially_received: 'gold',
  received: 'green',
  closed: 'default',
  cancelled: 'red',
};

export function PoStatusTag({ status }: { status: PurchaseOrderStatus }) {
  const { t } = usePrefs();
  return (
    <Tag color={poStatusColour[status]} data-testid="po-status">
      {t(`po.status.${status}`)}
    </Tag>
  );
}

interface Line {
  skuId: string;
  code: string;
  quantity: number | null;
  unitPrice: string;
}

function NewPurchaseOrder({ onClose }: { onClose(): void }) {
  const { t } = usePrefs();
  const api = useApi();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [supplierSearch, setSupplierSearch] = useState('');
  const suppliers = useQuery({
    queryKey: ['suppliers', supplierSearch, undefined],
    queryFn: () => api.purchasing.suppliers.list.query({ limit: 50, search: supplierSearch || undefined }),
  });
  const warehouses = useQuery({ queryKey: ['warehouses'], queryFn: () => api.inventory.warehouses.query() });
  const [supplierId, setSupplierId] = useState<string | null>(null);
  const [warehouseId, setWarehouseId] = useState<string | null>(null);
  const [expected, setExpected] = useState<Dayjs | null>(null);
  const [freight, setFreight] = useState('');
  const [duties, setDuties] = useState('');
  const [notes, setNotes] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [skuSearch, setSkuSearch] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const found = useQuery({
    queryKey: ['purchasing-skus', skuSearch],
    queryFn: () => api.purchasing.skus.query({ search: skuSearch }),
    enabled: skuSearch.trim().length > 0,
  });
  const supplier = suppliers.data?.items.find((s) => s.id === supplierId);
  const currency = supplier?.currency ?? '';
  const create = useMutation({
    mutationFn: (input: Parameters<typeof api.purchasing.orders.create.mutate>[0]) =>
      api.purchasing.orders.create.mutate(input),
    onSuccess: (po) => {
      void message.success(t('po.created.toast', { number: po.number }));
      onClose();
      void navigate(`/purchase-orders/${po.id}`);
    },
  });
  const submit = () => {
    const amountProblem = t('po.amountIn', { currency: currency || '—' });
    const wrong: string[] = [];
    const charge = (text: string) => {
      const minor = currency ? minorOf(text, currency) : 0;
      if (minor === null) wrong.push(amountProblem);
      return minor ?? 0;
    };
    const input = {
      supplierId: supplierId ?? '',
      warehouseId: warehouseId ?? '',
      expectedAt: expected ? expected.toDate() : null,
      freight: charge(freight),
      duties: charge(duties),
      notes: notes.trim() || null,
      lines: lines.map((l) => {
        const typed = l.unitPrice.trim() ? minorOf(l.unitPrice, currency) : undefined;
        if (typed === null) wrong.push(amountProblem);
        return { skuId: l.skuId, quantity: l.quantity ?? 0, ...(typed != null ? { unitPrice: typed } : {}) };
      }),
    };
    if (lines.length === 0) wrong.push(t('po.noLines'));
    const parsed = createPurchaseOrderInput.safeParse(input);
    if (!parsed.success) wrong.push(...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    setProblems([...new Set(wrong)]);
    if (wrong.length === 0) create.mutate(input);
  };
  useCommand('save', submit);
  return (
    <FormDialog title={t('po.new')} onClose={onClose} width={860}>
      <Form layout="vertical" onFinish={submit}>
        <Space align="start" wrap>
          <Form.Item label={t('po.supplier')} required>
            <Select
              autoFocus
              aria-label={t('po.supplier')}
              showSearch={{ filterOption: false, onSearch: setSupplierSearch }}
              style={{ width: 300 }}
              value={supplierId}
              onChange={setSupplierId}
              loading={suppliers.isFetching}
              options={(suppliers.data?.items ?? []).map((s) => ({
                value: s.id,
                label: `${s.code} · ${s.name} (${s.currency})`,
              }))}
            />
          </Form.Item>
          <Form.Item label={t('po.warehouse')} required>
            <Select
              aria-label={t('po.warehouse')}
              style={{ width: 260 }}
              value={warehouseId}
              onChange={setWarehouseId}
              options={(warehouses.data ?? []).map((w) => ({ value: w.id, label: `${w.code} · ${w.name}` }))}
            />
          </Form.Item>
          <Form.Item label={t('po.expected')}>
            <DatePicker aria-label={t('po.expected')} value={expected} onChange={setExpected} />
          </Form.Item>
        </Space>
        <Typography.Title level={5}>{t('po.lines')}</Typography.Title>
        <Select
          aria-label={t('po.addLine')}
          placeholder={t('po.addLine')}
          showSearch={{ filterOption: false, onSearch: setSkuSearch }}
          style={{ width: '100%', marginBottom: 8 }}
          value={null}
          loading={found.isFetching}
          options={(found.data ?? []).map((s) => ({ value: s.skuId, label: `${s.code} · ${s.title}` }))}
          onChange={(skuId: string) => {
            const sku = found.data?.find((s) => s.skuId === skuId);
            if (sku && !lines.some((l) => l.skuId === skuId))
              setLines([...lines, { skuId, code: sku.code, quantity: 1, unitPrice: '' }]);
          }}
        />
        <Table<Line>
          rowKey="skuId"
          size="small"
          pagination={false}
          dataSource={lines}
          locale={{ emptyText: t('po.noLines') }}
          columns={[
            { title: 'SKU', dataIndex: 'code' },
            {
              title: t('po.quantity'),
              key: 'quantity',
              render: (_v, l) => (
                <InputNumber
                  aria-label={`${t('po.quantity')} ${l.code}`}
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
              title: t('po.unitPrice', { currency: currency || '—' }),
              key: 'unitPrice',
              render: (_v, l) => (
                <Input
                  aria-label={`${t('po.unitPrice', { currency: currency || '—' })} ${l.code}`}
                  placeholder={t('po.unitPriceHint')}
                  inputMode="decimal"
                  style={{ width: 180 }}
                  value={l.unitPrice}
                  onChange={(e) =>
                    setLines(
                      lines.map((x) => (x.skuId === l.skuId ? { ...x, unitPrice: e.target.value } : x)),
                    )
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
          <Form.Item label={`${t('po.freight')} (${currency || '—'})`}>
            <Input
              aria-label={t('po.freight')}
              inputMode="decimal"
              value={freight}
              onChange={(e) => setFreight(e.target.value)}
            />
          </Form.Item>
          <Form.Item label={`${t('po.duties')} (${currency || '—'})`}>
            <Input
              aria-label={t('po.duties')}
              inputMode="decimal"
              value={duties}
              onChange={(e) => setDuties(e.target.value)}
            />
          </Form.Item>
        </Space>
        <Form.Item label={t('po.notes')}>
          <Input.TextArea
            aria-label={t('po.notes')}
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
          {t('po.create')}
        </Button>
      </Form>
    </FormDialog>
  );
}

export function PurchaseOrdersPage() {
  const { t, locale } = usePrefs();
  const api = useApi();
  const navigate = useNavigate();
  const canWrite = useSession().user?.permissions.has('purchasing:write') ?? false;
  const [creating, setCreating] = useState(false);
  const [status, setStatus] = useState<PurchaseOrderStatus | 'all'>('all');
  const pages = useKeysetPages();
  const list = useQuery({
    queryKey: ['purchase-orders', status, pages.cursor],
    queryFn: () =>
      api.purchasing.orders.list.query({
        limit: 50,
        cursor: pages.cursor,
        status: status === 'all' ? undefined : status,
      }),
  });
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  useCommand('new', () => setCreating(true), canWrite);
  return (
    <section aria-labelledby="po-title">
      <ScreenHeader
        id="po-title"
        title={t('po.heading')}
        action={canWrite ? { label: t('po.new'), onClick: () => setCreating(true) } : null}
      />
      <Segmented<PurchaseOrderStatus | 'all'>
        aria-label={t('po.status')}
        style={{ marginBottom: 12 }}
        value={status}
        onChange={(v) => {
          pages.reset();
          setStatus(v);
        }}
        options={[
          { value: 'all', label: t('po.all') },
          ...purchaseOrderStatuses.map((s) => ({ value: s, label: t(`po.status.${s}`) })),
        ]}
      />
      <ErrorAlert error={list.error} />
      <Table<Row>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('po.none') }}
        onRow={(row) => ({
          onClick: () => void navigate(`/purchase-orders/${row.id}`),
          ...rowKeys(() => void navigate(`/purchase-orders/${row.id}`)),
          style: { cursor: 'pointer' },
          'data-testid': 'po-row',
        })}
        columns={[
          { title: t('po.number'), dataIndex: 'number' },
          { title: t('po.supplier'), dataIndex: 'supplierName' },
          {
            title: t('po.status'),
            dataIndex: 'status',
            render: (s: PurchaseOrderStatus) => <PoStatusTag status={s} />,
          },
          {
            title: t('po.total'),
            key: 'total',
            align: 'right',
            render: (_v, r) => formatMoney(money(r.goodsTotal + r.freight + r.duties, r.currency), locale),
          },
          {
            title: t('po.expected'),
            dataIndex: 'expectedAt',
            render: (d: Date | null) => (d ? when.format(d) : '—'),
          },
          { title: t('po.created'), dataIndex: 'createdAt', render: (d: Date) => when.format(d) },
        ]}
      />
      <KeysetPager pages={pages} nextCursor={list.data?.nextCursor ?? null} />
      {creating ? <NewPurchaseOrder onClose={() => setCreating(false)} /> : null}
    </section>
  );
}
