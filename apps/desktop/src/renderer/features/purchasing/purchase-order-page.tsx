// One purchase order: supplier, where it goes, rate, totals, its lines with what has come and
// what is still to come, its deliveries, and only the actions its status allows. Receiving opens
// a dialog with each line's quantity to come (keyboard: Tab through, Enter receives); the API
// refuses more than the tolerance allows, and says on which line.
import { money } from '@crossdock/domain/money';
import {
  type PurchaseOrderStatus,
  purchaseOrderTransitions,
  receivableStatuses,
} from '@crossdock/domain/purchasing';
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
  Space,
  Spin,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/error-alert';
import { FormDialog } from '../../components/form-dialog';
import { type RouterOutputs, reasonOf } from '../../lib/api';
import { useCommand } from '../../lib/commands';
import { usePrefs } from '../../lib/i18n';
import { formatMoney } from '../../lib/money';
import { useApi, useSession } from '../../lib/session';
import { PoStatusTag } from './purchase-orders-page';

type Order = RouterOutputs['purchasing']['orders']['get'];

const can = (status: PurchaseOrderStatus, action: keyof typeof purchaseOrderTransitions) =>
  (purchaseOrderTransitions[action].from as readonly PurchaseOrderStatus[]).includes(status);

function ReceiveDialog({ order, onClose }: { order: Order; onClose(): void }) {
  const { t } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const { message } = App.useApp();
  const open = order.lines.filter((l) => l.received < l.quantity);
  const [quantities, setQuantities] = useState<Record<string, number | null>>(
    Object.fromEntries(open.map((l) => [l.id, l.quantity - l.received])),
  );
  const [note, setNote] = useState('');
  const receive = useMutation({
    mutationFn: () =>
      api.purchasing.orders.receive.mutate({
        purchaseOrderId: order.id,
        lines: Object.entries(quantities)
          .filter(([, q]) => (q ?? 0) > 0)
          .map(([lineId, q]) => ({ lineId, quantity: q! })),
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    onSuccess: ({ receipt, order: next }) => {
      client.setQueryData(['purchase-order', order.id], next);
      void client.invalidateQueries({ queryKey: ['purchase-orders'] });
      void message.success(t('po.receivedToast', { number: receipt.number }));
      onClose();
    },
  });
  useCommand('save', () => receive.mutate());
  // The API names the line at fault (lines.N.quantity) in the order the lines were sent.
  const sent = Object.entries(quantities).filter(([, q]) => (q ?? 0) > 0);
  const field = (receive.error as { data?: { details?: { field?: string } } } | null)?.data?.details?.field;
  const faultyLine = field?.match(/^lines\.(\d+)\./)?.[1];
  const faultyId = faultyLine !== undefined ? sent[Number(faultyLine)]?.[0] : undefined;
  return (
    <FormDialog title={`${t('po.receive')} · ${order.number}`} onClose={onClose} width={720}>
      <Form layout="vertical" onFinish={() => receive.mutate()}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={open}
          columns={[
            { title: 'SKU', dataIndex: 'skuCode' },
            { title: t('po.ordered'), dataIndex: 'quantity', align: 'right' },
            { title: t('po.received'), dataIndex: 'received', align: 'right' },
            {
              title: t('po.receiveNow'),
              key: 'now',
              render: (_v, l) => (
                <InputNumber
                  aria-label={`${t('po.receiveNow')} ${l.skuCode}`}
                  status={faultyId === l.id ? 'error' : undefined}
                  min={0}
                  max={1_000_000}
                  precision={0}
                  value={quantities[l.id]}
                  onChange={(v) => setQuantities({ ...quantities, [l.id]: v })}
                  onPressEnter={() => receive.mutate()}
                />
              ),
            },
          ]}
        />
        <Form.Item label={t('po.receiveNote')} style={{ marginTop: 12 }}>
          <Input
            aria-label={t('po.receiveNote')}
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </Form.Item>
        <ErrorAlert error={receive.error} />
        <Button type="primary" htmlType="submit" loading={receive.isPending}>
          {t('po.receiveNow')}
        </Button>
      </Form>
    </FormDialog>
  );
}

export function PurchaseOrderPage() {
  const { id = '' } = useParams();
  const { t, locale } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const { user } = useSession();
  const canWrite = user?.permissions.has('purchasing:write') ?? false;
  const canApprove = user?.permissions.has('purchasing:approve') ?? false;
  const [receiving, setReceiving] = useState(false);
  const order = useQuery({
    queryKey: ['purchase-order', id],
    queryFn: () => api.purchasing.orders.get.query({ id }),
  });
  const currencies = useQuery({
    queryKey: ['currencies'],
    queryFn: () => api.catalog.currencies.list.query(),
  });
  const base = currencies.data?.find((c) => c.isBase)?.code ?? '';
  const act = useMutation({
    mutationFn: (action: 'approve' | 'send' | 'cancel' | 'close') =>
      action === 'approve' && !canWrite
        ? api.purchasing.orders.approve.mutate({ id })
        : api.purchasing.orders.act.mutate({ id, action }),
    onSuccess: (next) => {
      client.setQueryData(['purchase-order', id], next);
      void client.invalidateQueries({ queryKey: ['purchase-orders'] });
    },
  });
  if (order.isPending)
    return (
      <div role="status" aria-label={t('common.loading')}>
        <Spin />
      </div>
    );
  if (order.isError) {
    return reasonOf(order.error) === 'UNKNOWN_PURCHASE_ORDER' ||
      reasonOf(order.error) === 'VALIDATION_FAILED' ? (
      <Result
        status="404"
        title={t('po.notFound')}
        extra={<Link to="/purchase-orders">{t('po.back')}</Link>}
      />
    ) : (
      <ErrorAlert error={order.error} />
    );
  }
  const o = order.data;
  const status = o.status as PurchaseOrderStatus;
  const show = (amount: number) => formatMoney(money(amount, o.currency), locale);
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  return (
    <article aria-labelledby="po-number">
      <Link to="/purchase-orders">{t('po.back')}</Link>
      <Space align="center" style={{ display: 'flex', margin: '8px 0 16px' }}>
        <Typography.Title id="po-number" level={3} style={{ margin: 0 }}>
          {o.number}
        </Typography.Title>
        <PoStatusTag status={status} />
        <div style={{ flex: 1 }} />
        {can(status, 'approve') && (canWrite || canApprove) ? (
          <Button type="primary" loading={act.isPending} onClick={() => act.mutate('approve')}>
            {t('po.approve')}
          </Button>
        ) : null}
        {canWrite && can(status, 'send') ? (
          <Button loading={act.isPending} onClick={() => act.mutate('send')}>
            {t('po.send')}
          </Button>
        ) : null}
        {canWrite && receivableStatuses.includes(status) ? (
          <Button type="primary" onClick={() => setReceiving(true)}>
            {t('po.receive')}
          </Button>
        ) : null}
        {canWrite && can(status, 'close') ? (
          <Popconfirm
            title={t('po.closeConfirm', { number: o.number })}
            onConfirm={() => act.mutate('close')}
          >
            <Button>{t('po.close')}</Button>
          </Popconfirm>
        ) : null}
        {canWrite && can(status, 'cancel') ? (
          <Popconfirm
            title={t('po.cancelConfirm', { number: o.number })}
            okButtonProps={{ danger: true }}
            onConfirm={() => act.mutate('cancel')}
          >
            <Button danger>{t('po.cancel')}</Button>
          </Popconfirm>
        ) : null}
      </Space>
      <ErrorAlert error={act.error} />
      <Descriptions bordered size="small" column={2} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('po.supplier')}>
          {o.supplier.code} · {o.supplier.name}
        </Descriptions.Item>
        <Descriptions.Item label={t('po.expected')}>
          {o.expectedAt ? day.format(o.expectedAt) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('po.goods')}>{show(o.totals.goods)}</Descriptions.Item>
        <Descriptions.Item label={t('po.freight')}>{show(o.totals.freight)}</Descriptions.Item>
        <Descriptions.Item label={t('po.duties')}>{show(o.totals.duties)}</Descriptions.Item>
        <Descriptions.Item label={t('po.total')}>
          <Typography.Text strong data-testid="po-total">
            {show(o.totals.total)}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('suppliers.currency')} span={2}>
          {t('po.rate', { rate: Number(o.rate).toString(), currency: o.currency, base })}
        </Descriptions.Item>
        {o.notes ? (
          <Descriptions.Item label={t('po.notes')} span={2}>
            {o.notes}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <Card title={t('po.lines')} size="small" style={{ marginBottom: 16 }}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={o.lines}
          columns={[
            { title: 'SKU', dataIndex: 'skuCode' },
            { title: t('po.ordered'), dataIndex: 'quantity', align: 'right' },
            {
              title: t('po.unitPrice', { currency: o.currency }),
              dataIndex: 'unitPrice',
              align: 'right',
              render: show,
            },
            {
              title: t('po.landed'),
              dataIndex: 'landedPerUnit',
              align: 'right',
              render: (v: number) => show(Math.round(v)),
            },
            { title: t('po.received'), dataIndex: 'received', align: 'right' },
            {
              title: t('po.remaining'),
              key: 'remaining',
              align: 'right',
              render: (_v, l) => Math.max(0, l.quantity - l.received),
            },
          ]}
        />
      </Card>
      <Card title={t('po.receipts')} size="small">
        {o.receipts.length === 0 ? (
          <Typography.Text type="secondary">{t('po.noReceipts')}</Typography.Text>
        ) : (
          <ul data-testid="po-receipts">
            {o.receipts.map((r) => (
              <li key={r.id}>
                {r.number} · {when.format(r.receivedAt)}
                {r.note ? ` — ${r.note}` : ''}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {receiving ? <ReceiveDialog order={o} onClose={() => setReceiving(false)} /> : null}
    </article>
  );
}
