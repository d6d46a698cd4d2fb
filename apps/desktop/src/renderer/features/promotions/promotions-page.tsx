// Promotions: automatic ones and coupon promotions with their rules in brief, usage against
// their limit, what they gave against their budget, and their codes; staff with
// promotions:write create and edit them, add or generate codes, pause, resume or archive them
// (archiving asks first).

import { failureMessage } from '@crossdock/domain/messages';
import { money, toDecimalString } from '@crossdock/domain/money';
import { createCouponInput, generateCouponsInput } from '@crossdock/domain/promotions';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Drawer,
  Form,
  Input,
  InputNumber,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { ExportButton } from '../../components/export-button';
import { KeysetPager, useKeysetPages } from '../../components/keyset-pager';
import type { RouterOutputs } from '../../lib/api';
import { useCommand } from '../../lib/commands';
import { clearEditedErrors, validateForm } from '../../lib/form-errors';
import { textIn, usePrefs } from '../../lib/i18n';
import { useApi, useSession } from '../../lib/session';
import { PromotionEditor } from './promotion-editor';

type Promotion = RouterOutputs['promotions']['list']['items'][number];
type Status = 'active' | 'paused' | 'archived';

function benefitText(p: Promotion, base: string): string {
  const cash = (n: number) => `${toDecimalString(money(n, base))} ${base}`;
  const b = p.benefit;
  switch (b.kind) {
    case 'percent_off':
      return `${b.basisPoints / 100}% off`;
    case 'amount_off':
      return `${cash(b.amount)} off`;
    case 'tiered':
      return b.tiers.map((t) => `${cash(t.threshold)} → ${cash(t.amount)}`).join(', ');
    case 'buy_x_get_y':
      return `buy ${b.buy} get ${b.get} (${b.basisPoints / 100}% off)`;
    case 'free_shipping':
      return b.methodCodes?.length ? `free shipping (${b.methodCodes.join(', ')})` : 'free shipping';
  }
}

function Codes({ promotion, onClose }: { promotion: Promotion; onClose(): void }) {
  const { t, locale } = usePrefs();
  const api = useApi();
  const { user } = useSession();
  const client = useQueryClient();
  const canWrite = (user?.permissions.has('promotions:write') ?? false) && promotion.requiresCoupon;
  const pages = useKeysetPages();
  const { cursor } = pages;
  const codes = useQuery({
    queryKey: ['coupons', promotion.id, cursor],
    queryFn: () => api.promotions.coupons.list.query({ promotionId: promotion.id, limit: 50, cursor }),
  });
  const [single] = Form.useForm<{ code?: string; usageLimit?: number | null }>();
  const [batch] = Form.useForm<{
    prefix?: string;
    count?: number | null;
    usageLimitPerCode?: number | null;
  }>();
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['coupons', promotion.id] });
    void client.invalidateQueries({ queryKey: ['promotions'] });
  };
  const add = useMutation({
    mutationFn: (input: { promotionId: string; code: string; usageLimit: number | null }) =>
      api.promotions.coupons.create.mutate(input),
    onSuccess: () => {
      single.resetFields();
      refresh();
    },
  });
  const generate = useMutation({
    mutationFn: (input: {
      promotionId: string;
      prefix: string;
      count: number;
      usageLimitPerCode: number | null;
    }) => api.promotions.coupons.generate.mutate(input),
    onSuccess: () => {
      batch.resetFields();
      refresh();
    },
  });
  type Coupon = RouterOutputs['promotions']['coupons']['list']['items'][number];
  return (
    <Drawer open size={560} title={textIn(promotion.name, locale)} onClose={onClose}>
      {canWrite ? (
        <>
          <Form
            form={single}
            layout="inline"
            style={{ marginBottom: 12 }}
            onValuesChange={(changed) => clearEditedErrors(single, changed)}
            onFinish={(values) => {
              const input = {
                promotionId: promotion.id,
                code: values.code?.trim() ?? '',
                usageLimit: values.usageLimit ?? null,
              };
              if (validateForm(single, createCouponInput, input).length === 0) add.mutate(input);
            }}
          >
            <Form.Item name="code">
              <Input
                placeholder={t('promotions.code')}
                aria-label={t('promotions.code')}
                style={{ width: 160 }}
              />
            </Form.Item>
            <Form.Item name="usageLimit">
              <InputNumber
                min={1}
                placeholder={t('promotions.usesPerCode')}
                aria-label={t('promotions.usesPerCode')}
              />
            </Form.Item>
            <Button htmlType="submit" loading={add.isPending}>
              {t('promotions.addCode')}
            </Button>
          </Form>
          <Form
            form={batch}
            layout="inline"
            style={{ marginBottom: 12 }}
            initialValues={{ usageLimitPerCode: 1 }}
            onValuesChange={(changed) => clearEditedErrors(batch, changed)}
            onFinish={(values) => {
              const input = {
                promotionId: promotion.id,
                prefix: values.prefix?.trim() ?? '',
                count: values.count ?? 0,
                usageLimitPerCode: values.usageLimitPerCode ?? null,
              };
              if (validateForm(batch, generateCouponsInput, input).length === 0) generate.mutate(input);
            }}
          >
            <Form.Item name="prefix">
              <Input
                placeholder={t('promotions.prefix')}
                aria-label={t('promotions.prefix')}
                style={{ width: 120 }}
              />
            </Form.Item>
            <Form.Item name="count">
              <InputNumber
                min={1}
                max={10000}
                placeholder={t('promotions.count')}
                aria-label={t('promotions.count')}
              />
            </Form.Item>
            <Form.Item name="usageLimitPerCode">
              <InputNumber min={1} aria-label={t('promotions.usesPerCode')} />
            </Form.Item>
            <Button htmlType="submit" loading={generate.isPending}>
              {t('promotions.generate')}
            </Button>
          </Form>
          <ErrorAlert error={add.error ?? generate.error} gap={12} />
        </>
      ) : null}
      {codes.isError ? <Alert type="error" title={failureMessage(codes.error)} /> : null}
      <Space style={{ marginBottom: 8 }}>
        <ExportButton
          name={`coupons-${promotion.name.en}`}
          page={(c) =>
            api.promotions.coupons.list.query({ promotionId: promotion.id, limit: 100, cursor: c })
          }
          columns={[
            { header: t('promotions.code'), value: (r) => r.code },
            { header: t('promotions.uses'), value: (r) => r.timesUsed },
            { header: t('promotions.usesPerCode'), value: (r) => r.usageLimit ?? '' },
          ]}
        />
      </Space>
      <Table<Coupon>
        rowKey="id"
        size="small"
        loading={codes.isFetching}
        dataSource={codes.data?.items ?? []}
        pagination={false}
        locale={{
          emptyText: promotion.requiresCoupon ? t('promotions.noCodesYet') : t('promotions.noCodes'),
        }}
        columns={[
          { title: t('promotions.code'), dataIndex: 'code' },
          {
            title: t('promotions.uses'),
            key: 'uses',
            render: (_v, c) => `${c.timesUsed}${c.usageLimit ? ` / ${c.usageLimit}` : ''}`,
          },
          {
            title: '',
            key: 'off',
            render: (_v, c) => (c.disabledAt ? <Tag>{t('promotions.disabled')}</Tag> : null),
          },
        ]}
      />
      <KeysetPager pages={pages} nextCursor={codes.data?.nextCursor} />
    </Drawer>
  );
}

export function PromotionsPage() {
  const { t, locale } = usePrefs();
  const api = useApi();
  const { user } = useSession();
  const client = useQueryClient();
  const { modal } = App.useApp();
  const canWrite = user?.permissions.has('promotions:write') ?? false;
  const [status, setStatus] = useState<Status | ''>('');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<Promotion | null>(null);
  const [editing, setEditing] = useState<Promotion | 'new' | null>(null);
  useCommand('new', () => setEditing('new'), canWrite && editing === null);
  const list = useQuery({
    queryKey: ['promotions', status, q],
    queryFn: () =>
      api.promotions.list.query({ limit: 100, ...(status ? { status } : {}), ...(q ? { q } : {}) }),
  });
  const setPromotionStatus = useMutation({
    mutationFn: (input: { id: string; status: Status }) => api.promotions.setStatus.mutate(input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['promotions'] }),
  });
  // Promotion amounts are kept in the base currency.
  const currencies = useQuery({
    queryKey: ['currencies'],
    queryFn: () => api.catalog.currencies.list.query(),
  });
  const base = currencies.data?.find((c) => c.isBase)?.code;
  return (
    <section aria-labelledby="promotions-title">
      <Typography.Title id="promotions-title" level={3}>
        {t('promotions.title')}
      </Typography.Title>
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          aria-label={t('promotions.search')}
          placeholder={t('promotions.search')}
          allowClear
          onSearch={(v) => setQ(v.trim())}
          style={{ width: 260 }}
        />
        <Select<Status | ''>
          aria-label={t('orders.status')}
          value={status}
          onChange={setStatus}
          style={{ width: 160 }}
          options={[
            { value: '', label: t('orders.allStatuses') },
            { value: 'active', label: 'active' },
            { value: 'paused', label: 'paused' },
            { value: 'archived', label: 'archived' },
          ]}
        />
        {canWrite ? (
          <Button type="primary" disabled={!base} onClick={() => setEditing('new')}>
            {t('promotions.new')}
          </Button>
        ) : null}
      </Space>
      {list.isError ? <Alert type="error" title={failureMessage(list.error)} /> : null}
      {setPromotionStatus.error ? (
        <Alert type="error" role="alert" title={failureMessage(setPromotionStatus.error)} />
      ) : null}
      <Table<Promotion>
        rowKey="id"
        size="small"
        loading={list.isFetching || !base}
        dataSource={base ? (list.data?.items ?? []) : []}
        pagination={false}
        locale={{ emptyText: t('promotions.empty') }}
        columns={[
          {
            title: t('promotions.name'),
            key: 'name',
            render: (_v, p) => (
              <Button type="link" onClick={() => setOpen(p)}>
                {textIn(p.name, locale)}
              </Button>
            ),
          },
          {
            title: t('promotions.kind'),
            key: 'kind',
            render: (_v, p) =>
              p.requiresCoupon ? (
                <Tag color="blue">{t('promotions.coupon')}</Tag>
              ) : (
                <Tag>{t('promotions.automatic')}</Tag>
              ),
          },
          { title: t('promotions.benefit'), key: 'benefit', render: (_v, p) => benefitText(p, base!) },
          {
            title: t('promotions.uses'),
            key: 'uses',
            render: (_v, p) =>
              p.usageLimit ? (
                <Progress
                  size="small"
                  percent={Math.round((p.uses / p.usageLimit) * 100)}
                  format={() => `${p.uses} / ${p.usageLimit}`}
                />
              ) : (
                p.uses
              ),
          },
          {
            title: t('promotions.budget'),
            key: 'budget',
            render: (_v, p) =>
              p.budget
                ? `${toDecimalString(money(p.budgetUsed, base!))} / ${toDecimalString(money(p.budget, base!))}`
                : toDecimalString(money(p.given, base!)),
          },
          {
            title: t('orders.status'),
            dataIndex: 'status',
            render: (s: Status) => (
              <Tag color={s === 'active' ? 'green' : s === 'paused' ? 'gold' : 'default'}>
                {t(`status.promotion.${s}`)}
              </Tag>
            ),
          },
          {
            title: '',
            key: 'actions',
            render: (_v, p) =>
              canWrite && p.status !== 'archived' ? (
                <Space>
                  <Button size="small" onClick={() => setEditing(p)}>
                    {t('brands.edit')}
                  </Button>
                  <Button
                    size="small"
                    onClick={() =>
                      setPromotionStatus.mutate({
                        id: p.id,
                        status: p.status === 'active' ? 'paused' : 'active',
                      })
                    }
                  >
                    {p.status === 'active' ? t('promotions.pause') : t('promotions.resume')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() =>
                      modal.confirm({
                        title: t('promotions.archiveConfirm', { name: textIn(p.name, locale) }),
                        okText: t('promotions.archive'),
                        okButtonProps: { danger: true },
                        onOk: () => setPromotionStatus.mutateAsync({ id: p.id, status: 'archived' }),
                      })
                    }
                  >
                    {t('promotions.archive')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      {open ? <Codes promotion={open} onClose={() => setOpen(null)} /> : null}
      {editing && base ? (
        <PromotionEditor
          promotion={editing === 'new' ? null : editing}
          base={base}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </section>
  );
}
