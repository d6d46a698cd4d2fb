// One order for staff: lines, payments, refunds, shipments with their tracking, the timeline,
// and only the actions the state machine allows them (the API refuses any other): cancel with a
// reason, ship some or all of it, approve or reject a refund request, add a note.

import {
  cancellableOnPlatform,
  platformCancelsOrders,
  platformNames,
  type SellerCancelReason,
  sellerCancelReasons,
} from '@crossdock/domain/channels';
import { carriers, createShipmentInput } from '@crossdock/domain/fulfilment';
import { failureMessage } from '@crossdock/domain/messages';
import { orderEventWords, trackingStageWords } from '@crossdock/domain/order-words';
import { cancelOrderInput, orderNoteInput } from '@crossdock/domain/orders';
import { providerNames } from '@crossdock/domain/payments';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  Modal,
  Result,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/error-alert';
import { OrderStatusTag } from '../../components/order-status-tag';
import { type RouterOutputs, reasonOf } from '../../lib/api';
import { clearEditedErrors, validateForm } from '../../lib/form-errors';
import { usePrefs } from '../../lib/i18n';
import { formatMoney } from '../../lib/money';
import { countryName } from '../../lib/names';
import { useApi } from '../../lib/session';

type Order = RouterOutputs['orders']['get'];

/**
 * Shows the order the API answered an action with. A reload already under way (a live update
 * arriving just before) is stopped first, or its older answer would land after this one.
 */
async function showOrder(client: QueryClient, next: Order) {
  await client.cancelQueries({ queryKey: ['order', next.id] });
  client.setQueryData(['order', next.id], next);
}

const flags = {
  paid_after_cancel: 'payment.flag.paid_after_cancel',
  paid_twice: 'payment.flag.paid_twice',
} as const;

/** Why a payment needs a look, in words (a flag this screen does not know yet shows as it is). */
function flagWords(flag: string, t: (key: (typeof flags)[keyof typeof flags]) => string): string {
  return Object.hasOwn(flags, flag) ? t(flags[flag as keyof typeof flags]) : flag;
}

/** An address as it goes on a parcel: name, street, postcode and city, region, country name. */
function postalLines(a: Order['shippingAddress'], locale: string): string[] {
  return [
    a.name,
    a.line1,
    a.line2,
    [a.postalCode, a.city].filter(Boolean).join(' '),
    a.region,
    countryName(a.country, locale),
    a.phone,
  ].filter((part): part is string => !!part);
}

function ShipDialog({ order, onClose }: { order: Order; onClose(): void }) {
  const { t } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  // Where the lines' stock is reserved, by code and name (never a raw id).
  const warehouses = [...new Map(order.lines.map((l) => [l.warehouseId, l.warehouse])).entries()];
  const ship = useMutation({
    mutationFn: (values: {
      warehouseId: string;
      carrier: (typeof carriers)[number]['code'];
      trackingNumber: string;
    }) => api.orders.createShipment.mutate({ orderId: order.id, ...values }),
    onSuccess: async (next) => {
      await showOrder(client, next);
      onClose();
    },
  });
  const [form] = Form.useForm();
  return (
    <Modal open title={t('order.ship')} onCancel={onClose} footer={null} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ warehouseId: warehouses[0]?.[0], carrier: carriers[0].code }}
        onValuesChange={(changed) => clearEditedErrors(form, changed)}
        onFinish={(values: {
          warehouseId: string;
          carrier: (typeof carriers)[number]['code'];
          trackingNumber?: string;
        }) => {
          const input = { ...values, trackingNumber: values.trackingNumber?.trim() ?? '' };
          if (validateForm(form, createShipmentInput, { orderId: order.id, ...input }).length === 0)
            ship.mutate(input);
        }}
      >
        <Form.Item label={t('order.warehouse')} name="warehouseId" required>
          <Select
            options={warehouses.map(([id, w]) => ({ value: id, label: w ? `${w.code} · ${w.name}` : id }))}
          />
        </Form.Item>
        <Form.Item label={t('order.carrier')} name="carrier" required>
          <Select options={carriers.map((c) => ({ value: c.code, label: c.name }))} />
        </Form.Item>
        <Form.Item label={t('order.tracking')} name="trackingNumber" required>
          <Input autoFocus />
        </Form.Item>
        <ErrorAlert error={ship.error} />
        <Button type="primary" htmlType="submit" loading={ship.isPending}>
          {t('order.ship')}
        </Button>
      </Form>
    </Modal>
  );
}

function CancelDialog({ order, onClose }: { order: Order; onClose(): void }) {
  const { t } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const cancel = useMutation({
    mutationFn: (reason: string) => api.orders.cancel.mutate({ id: order.id, reason }),
    onSuccess: async (next) => {
      await showOrder(client, next);
      onClose();
    },
  });
  const [form] = Form.useForm();
  return (
    <Modal open title={t('order.cancel')} onCancel={onClose} footer={null} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        onValuesChange={(changed) => clearEditedErrors(form, changed)}
        onFinish={({ reason }: { reason?: string }) => {
          if (validateForm(form, cancelOrderInput, { id: order.id, reason: reason ?? '' }).length === 0)
            cancel.mutate(reason ?? '');
        }}
      >
        <Form.Item label={t('order.cancelReason')} name="reason" required>
          <Input.TextArea autoFocus maxLength={500} />
        </Form.Item>
        <ErrorAlert error={cancel.error} />
        <Button danger type="primary" htmlType="submit" loading={cancel.isPending}>
          {t('order.cancel')}
        </Button>
      </Form>
    </Modal>
  );
}

/**
 * Cancelling on the platform refunds its buyer there and cannot be undone: the dialog says so,
 * takes the platform's reason, and sends nothing before it is confirmed.
 */
function PlatformCancelDialog({ order, onClose }: { order: Order; onClose(): void }) {
  const { t } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const platform = platformNames[order.channel as keyof typeof platformNames];
  const [reason, setReason] = useState<SellerCancelReason>('out_of_stock');
  const cancel = useMutation({
    mutationFn: () => api.channels.orders.cancel.mutate({ orderId: order.id, reason }),
    onSuccess: async (next) => {
      client.setQueryData(['order-platform-cancellation', order.id], next);
      await client.invalidateQueries({ queryKey: ['order', order.id] });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('order.cancelOnPlatform', { platform })}
      onCancel={onClose}
      destroyOnHidden
      okText={t('order.cancelOnPlatformConfirm', { platform })}
      okButtonProps={{ danger: true, loading: cancel.isPending }}
      onOk={() => cancel.mutate()}
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('order.cancelOnPlatformWarning', { platform })}
      />
      <Form layout="vertical">
        <Form.Item label={t('order.cancelReason')} required>
          <Select
            autoFocus
            aria-label={t('order.cancelReason')}
            value={reason}
            onChange={setReason}
            options={sellerCancelReasons.map((r) => ({
              value: r,
              label: t(`order.sellerCancelReason.${r}`),
            }))}
          />
        </Form.Item>
      </Form>
      <ErrorAlert error={cancel.error} />
    </Modal>
  );
}

/** Where a cancellation asked of the order's platform stands, when one was asked. */
function PlatformCancellation({ order, onAskAgain }: { order: Order; onAskAgain(): void }) {
  const { t } = usePrefs();
  const api = useApi();
  const asked = useQuery({
    queryKey: ['order-platform-cancellation', order.id],
    queryFn: () => api.channels.orders.cancellation.query({ orderId: order.id }),
    // Until the platform answers, look again now and then.
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? 10_000 : false),
  });
  if (!asked.data) return null;
  const platform = platformNames[order.channel as keyof typeof platformNames];
  const reason = t(`order.sellerCancelReason.${asked.data.reason}`);
  const { status, error } = asked.data;
  return (
    <Alert
      data-testid="platform-cancellation"
      type={status === 'failed' ? 'error' : 'info'}
      style={{ marginBottom: 16 }}
      title={t(`order.platformCancellation.${status}`, { platform, reason, error: error ?? '' })}
      action={
        status === 'failed' && cancellableOnPlatform.includes(order.status) ? (
          <Button onClick={onAskAgain}>{t('order.platformCancellation.askAgain')}</Button>
        ) : null
      }
    />
  );
}

/**
 * Approving pays money back: the decision opens a dialog that shows the amount, the customer's
 * reason and what will happen, and takes a note; nothing is sent before "Pay back" or "Reject"
 * is confirmed there.
 */
function RefundDecision({ refund }: { refund: Order['refunds'][number] }) {
  const { t, locale } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const [deciding, setDeciding] = useState<'approve' | 'reject' | null>(null);
  const [note, setNote] = useState('');
  const amount = formatMoney(refund.amount, locale);
  const decide = useMutation({
    mutationFn: (approve: boolean) => {
      const input = { refundId: refund.id, ...(note.trim() ? { note: note.trim() } : {}) };
      return approve ? api.orders.approveRefund.mutate(input) : api.orders.rejectRefund.mutate(input);
    },
    onSuccess: async (next) => {
      await showOrder(client, next);
      setDeciding(null);
      setNote('');
    },
  });
  return (
    <>
      <Space>
        <Button type="primary" onClick={() => setDeciding('approve')}>
          {t('order.approve')}
        </Button>
        <Button onClick={() => setDeciding('reject')}>{t('order.reject')}</Button>
      </Space>
      <Modal
        open={deciding !== null}
        title={deciding === 'approve' ? t('order.approveTitle', { amount }) : t('order.rejectTitle')}
        onCancel={() => setDeciding(null)}
        destroyOnHidden
        mask={{ closable: false }}
        okText={deciding === 'approve' ? t('order.payBack', { amount }) : t('order.reject')}
        okButtonProps={{ danger: deciding === 'approve', loading: decide.isPending }}
        onOk={() => decide.mutate(deciding === 'approve')}
      >
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('order.refundAmount')}>
            <span data-testid="refund-amount">{amount}</span>
            {refund.full ? ` (${t('order.refundWhole')})` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('order.refundReason')}>{refund.reason}</Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph type="secondary">
          {deciding === 'approve' ? t('order.approveHint', { amount }) : t('order.rejectHint')}
        </Typography.Paragraph>
        <Input.TextArea
          aria-label={t('order.decisionNote')}
          placeholder={t('order.decisionNote')}
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.target.value)}
          autoSize={{ minRows: 2 }}
        />
        <ErrorAlert error={decide.error} />
      </Modal>
    </>
  );
}

function NoteForm({ order }: { order: Order }) {
  const { t } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const add = useMutation({
    mutationFn: (values: { note: string; visibleToCustomer: boolean }) =>
      api.orders.addNote.mutate({
        id: order.id,
        note: values.note,
        visibleToCustomer: values.visibleToCustomer ?? false,
      }),
    onSuccess: async (next) => {
      await showOrder(client, next);
      form.resetFields();
    },
  });
  return (
    <Form
      form={form}
      layout="inline"
      onValuesChange={(changed) => clearEditedErrors(form, changed)}
      onFinish={(values: { note?: string; visibleToCustomer?: boolean }) => {
        const input = { note: values.note ?? '', visibleToCustomer: values.visibleToCustomer ?? false };
        if (validateForm(form, orderNoteInput, { id: order.id, ...input }).length === 0) add.mutate(input);
      }}
      style={{ marginTop: 16 }}
    >
      <Form.Item name="note">
        <Input
          placeholder={t('order.note')}
          aria-label={t('order.note')}
          style={{ width: 360 }}
          maxLength={2000}
        />
      </Form.Item>
      <Form.Item name="visibleToCustomer" valuePropName="checked">
        <Checkbox>{t('order.noteVisible')}</Checkbox>
      </Form.Item>
      <Button htmlType="submit" loading={add.isPending}>
        {t('order.note')}
      </Button>
    </Form>
  );
}

export function OrderPage() {
  const { id = '' } = useParams();
  const { t, locale } = usePrefs();
  const api = useApi();
  const [dialog, setDialog] = useState<'ship' | 'cancel' | 'cancel-on-platform' | null>(null);
  const order = useQuery({ queryKey: ['order', id], queryFn: () => api.orders.get.query({ id }) });
  if (order.isPending)
    return (
      <div role="status" aria-label={t('common.loading')}>
        <Spin />
      </div>
    );
  if (order.isError) {
    return reasonOf(order.error) === 'NOT_FOUND' || reasonOf(order.error) === 'VALIDATION_FAILED' ? (
      <Result status="404" title={t('order.notFound')} extra={<Link to="/orders">{t('order.back')}</Link>} />
    ) : (
      <Alert
        type="error"
        title={failureMessage(order.error)}
        action={<Button onClick={() => order.refetch()}>{t('common.retry')}</Button>}
      />
    );
  }
  const o = order.data;
  const money = (m: Order['total']) => formatMoney(m, locale);
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const canShip = o.actions.includes('ship') || o.actions.includes('ship_partially');
  const openRequest = o.refunds.find((r) => r.status === 'requested');
  // A marketplace order we ship that is not shipped yet can be cancelled on its platform.
  const canCancelOnPlatform =
    o.channel !== 'storefront' &&
    o.fulfilledBy === 'merchant' &&
    platformCancelsOrders(o.channel) &&
    cancellableOnPlatform.includes(o.status);
  return (
    <article aria-labelledby="order-title">
      <Link to="/orders">{t('order.back')}</Link>
      <Space align="center" style={{ display: 'flex', margin: '8px 0 16px' }}>
        <Typography.Title id="order-title" level={3} style={{ margin: 0 }}>
          {o.number}
        </Typography.Title>
        <OrderStatusTag status={o.status} testId="order-status" />
        <div style={{ flex: 1 }} />
        <Link to={`/orders/${o.id}/print/packing-slip`}>{t('doc.packingSlip')}</Link>
        <Link to={`/orders/${o.id}/print/invoice`}>{t('doc.invoice')}</Link>
        {canShip ? (
          <Button type="primary" onClick={() => setDialog('ship')}>
            {t('order.ship')}
          </Button>
        ) : null}
        {o.actions.includes('cancel') ? (
          <Button danger onClick={() => setDialog('cancel')}>
            {t('order.cancel')}
          </Button>
        ) : null}
        {canCancelOnPlatform ? (
          <Button danger onClick={() => setDialog('cancel-on-platform')}>
            {t('order.cancelOnPlatform', {
              platform: platformNames[o.channel as keyof typeof platformNames],
            })}
          </Button>
        ) : null}
      </Space>
      {o.channel !== 'storefront' ? (
        <PlatformCancellation order={o} onAskAgain={() => setDialog('cancel-on-platform')} />
      ) : null}
      {openRequest && o.actions.includes('approve_refund') ? (
        <Alert
          type="warning"
          style={{ marginBottom: 16 }}
          title={`${t('order.refunds')}: ${money(openRequest.amount)} — ${openRequest.reason}`}
          action={<RefundDecision refund={openRequest} />}
        />
      ) : null}
      <Descriptions bordered size="small" column={2} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('orders.customer')}>{o.email || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('orders.placed')}>{when.format(o.placedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('orders.channel')} span={o.channel === 'storefront' ? 2 : 1}>
          {o.channel === 'storefront' ? t('orders.storefront') : platformNames[o.channel]}
        </Descriptions.Item>
        {o.channel !== 'storefront' ? (
          <>
            <Descriptions.Item label={t('orders.externalNumber')}>{o.externalNumber}</Descriptions.Item>
            <Descriptions.Item label={t('shops.warehouse')}>
              {t(`orders.fulfilledBy.${o.fulfilledBy}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('orders.platformFees')}>
              {o.platformFees ? money(o.platformFees) : '—'}
            </Descriptions.Item>
          </>
        ) : null}
        <Descriptions.Item label={t('orders.total')}>{money(o.total)}</Descriptions.Item>
        <Descriptions.Item label={t('order.refunds')}>{money(o.refunded)}</Descriptions.Item>
        <Descriptions.Item label={t('order.shipTo')} span={2}>
          <address data-testid="shipping-address" style={{ fontStyle: 'normal', whiteSpace: 'pre-line' }}>
            {postalLines(o.shippingAddress, locale).join('\n')}
          </address>
        </Descriptions.Item>
        <Descriptions.Item label={t('order.shippingMethod')} span={2}>
          {o.shippingMethod}
        </Descriptions.Item>
      </Descriptions>
      <Card title={t('order.lines')} size="small" style={{ marginBottom: 16 }}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={o.lines}
          columns={[
            { title: 'SKU', dataIndex: 'skuCode' },
            { title: '', dataIndex: 'title' },
            { title: '×', dataIndex: 'quantity', align: 'right' },
            { title: t('order.shipments'), dataIndex: 'shippedQuantity', align: 'right' },
            { title: t('order.refunds'), dataIndex: 'refundedQuantity', align: 'right' },
            { title: t('orders.total'), dataIndex: 'total', align: 'right', render: money },
          ]}
        />
      </Card>
      <Card title={t('order.payments')} size="small" style={{ marginBottom: 16 }}>
        {o.payments.map((p) => (
          <div key={p.id}>
            {providerNames[p.provider]} · {money(p.amount)} · <Tag>{t(`payment.status.${p.status}`)}</Tag>{' '}
            {p.transactionId}
            {p.flag ? <Tag color="red">{flagWords(p.flag, t)}</Tag> : null}
          </div>
        ))}
        {o.refunds.map((r) => (
          <div key={r.id}>
            {t('order.refunds')} {money(r.amount)} · <Tag>{t(`refund.status.${r.status}`)}</Tag> {r.reason}
          </div>
        ))}
      </Card>
      {o.shipments.length ? (
        <Card title={t('order.shipments')} size="small" style={{ marginBottom: 16 }}>
          {o.shipments.map((s) => (
            <div key={s.id} data-testid="shipment">
              <Typography.Text strong>
                {s.carrierName} {s.trackingNumber}
              </Typography.Text>{' '}
              <Tag>{trackingStageWords(s.stage, locale)}</Tag>
              {s.exception ? <Tag color="red">{s.exception}</Tag> : null}
              <ul>
                {s.events.map((e) => (
                  <li key={e.id}>
                    {when.format(e.at)} — {e.description} · {e.location}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </Card>
      ) : null}
      <Card title={t('order.timeline')} size="small">
        <Timeline
          data-testid="timeline"
          items={o.timeline.map((e) => ({
            key: e.id,
            content: (
              <span>
                {when.format(e.at)} · {orderEventWords(e.type, locale)}
                {e.actorName ? ` · ${e.actorName}` : ''}
                {e.note ? ` — ${e.note}` : ''}
              </span>
            ),
          }))}
        />
        <NoteForm order={o} />
      </Card>
      {dialog === 'ship' ? <ShipDialog order={o} onClose={() => setDialog(null)} /> : null}
      {dialog === 'cancel' ? <CancelDialog order={o} onClose={() => setDialog(null)} /> : null}
      {dialog === 'cancel-on-platform' ? (
        <PlatformCancelDialog order={o} onClose={() => setDialog(null)} />
      ) : null}
    </article>
  );
}
