// Suppliers: the list (found by name or code), the editor (contact, currency, terms, lead time,
// minimum order) and each supplier's prices per SKU with quantity breaks. Deleting asks first,
// and the API keeps a supplier that purchase orders name.
import { fromDecimalString, money, toDecimalString } from '@crossdock/domain/money';
import { createSupplierInput, updateSupplierInput } from '@crossdock/domain/purchasing';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { FormDialog } from '../../components/form-dialog';
import { KeysetPager, useKeysetPages } from '../../components/keyset-pager';
import { ScreenHeader } from '../../components/screen-header';
import type { RouterOutputs } from '../../lib/api';
import { useCommand } from '../../lib/commands';
import { clearEditedErrors, validateForm } from '../../lib/form-errors';
import { usePrefs } from '../../lib/i18n';
import { formatMoney } from '../../lib/money';
import { useApi, useSession } from '../../lib/session';

type Supplier = RouterOutputs['purchasing']['suppliers']['list']['items'][number];

interface Values {
  code?: string;
  name?: string;
  contactName?: string;
  email?: string;
  phone?: string;
  country?: string;
  currency?: string;
  paymentTermsDays?: number;
  leadTimeDays?: number;
  minimumOrder?: string;
  notes?: string;
}

/** A decimal the user typed in `currency`, in minor units; null when it is not one. */
export function minorOf(text: string | undefined, currency: string): number | null {
  if (!text?.trim()) return 0;
  try {
    return fromDecimalString(text.trim(), currency).amount;
  } catch {
    return null;
  }
}

function SupplierDialog({ supplier, onClose }: { supplier: Supplier | null; onClose(): void }) {
  const { t } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const currencies = useQuery({
    queryKey: ['currencies'],
    queryFn: () => api.catalog.currencies.list.query(),
  });
  const currency = Form.useWatch('currency', form) ?? supplier?.currency ?? 'USD';
  const save = useMutation({
    mutationFn: (input: object) =>
      supplier
        ? api.purchasing.suppliers.update.mutate(
            input as Parameters<typeof api.purchasing.suppliers.update.mutate>[0],
          )
        : api.purchasing.suppliers.create.mutate(
            input as Parameters<typeof api.purchasing.suppliers.create.mutate>[0],
          ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['suppliers'] });
      void message.success(t('suppliers.saved'));
      onClose();
    },
  });
  useCommand('save', () => form.submit());
  const blank = (v: string | undefined) => (v?.trim() ? v.trim() : null);
  return (
    <FormDialog title={supplier ? supplier.name : t('suppliers.new')} onClose={onClose} width={720}>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          supplier
            ? {
                ...supplier,
                contactName: supplier.contactName ?? '',
                email: supplier.email ?? '',
                phone: supplier.phone ?? '',
                notes: supplier.notes ?? '',
                minimumOrder: toDecimalString(money(supplier.minimumOrder, supplier.currency)),
              }
            : { country: 'CN', currency: 'CNY', paymentTermsDays: 30, leadTimeDays: 30, minimumOrder: '0' }
        }
        onValuesChange={(changed) => clearEditedErrors(form, changed)}
        onFinish={(values) => {
          const minimumOrder = minorOf(values.minimumOrder, values.currency ?? currency);
          if (minimumOrder === null) {
            form.setFields([{ name: 'minimumOrder', errors: [t('po.amountIn', { currency })] }]);
            return;
          }
          const fields = {
            code: values.code?.trim() ?? '',
            name: values.name?.trim() ?? '',
            contactName: blank(values.contactName),
            email: blank(values.email),
            phone: blank(values.phone),
            country: values.country?.trim() ?? '',
            currency: values.currency ?? '',
            paymentTermsDays: values.paymentTermsDays ?? 30,
            leadTimeDays: values.leadTimeDays ?? 14,
            minimumOrder,
            notes: blank(values.notes),
          };
          const input = supplier ? { id: supplier.id, ...fields } : fields;
          if (validateForm(form, supplier ? updateSupplierInput : createSupplierInput, input).length === 0)
            save.mutate(input);
        }}
      >
        <Space align="start" wrap>
          <Form.Item name="code" label={t('suppliers.code')} required>
            <Input autoFocus style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="name" label={t('suppliers.name')} required>
            <Input style={{ width: 360 }} />
          </Form.Item>
        </Space>
        <Space align="start" wrap>
          <Form.Item name="contactName" label={t('suppliers.contact')}>
            <Input style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="email" label={t('suppliers.email')}>
            <Input type="email" style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="phone" label={t('suppliers.phone')}>
            <Input style={{ width: 180 }} />
          </Form.Item>
        </Space>
        <Space align="start" wrap>
          <Form.Item name="country" label={t('suppliers.country')} required>
            <Input style={{ width: 80 }} maxLength={2} />
          </Form.Item>
          <Form.Item name="currency" label={t('suppliers.currency')} required>
            <Select
              style={{ width: 120 }}
              loading={currencies.isLoading}
              options={(currencies.data ?? []).map((c) => ({ value: c.code, label: c.code }))}
            />
          </Form.Item>
          <Form.Item name="paymentTermsDays" label={t('suppliers.terms')}>
            <InputNumber min={0} max={365} precision={0} />
          </Form.Item>
          <Form.Item name="leadTimeDays" label={t('suppliers.leadTime')}>
            <InputNumber min={0} max={365} precision={0} />
          </Form.Item>
          <Form.Item name="minimumOrder" label={t('suppliers.minimumOrder', { currency })}>
            <Input style={{ width: 140 }} inputMode="decimal" />
          </Form.Item>
        </Space>
        <Form.Item name="notes" label={t('suppliers.notes')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <ErrorAlert error={save.error} />
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </FormDialog>
  );
}

interface Break {
  minQuantity: number | null;
  unitPrice: string;
}

/** A supplier's prices: find a SKU, give its breaks (from a quantity on, a unit price), save. */
function PricesDialog({ supplier, onClose }: { supplier: Supplier; onClose(): void }) {
  const { t, locale } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const { message } = App.useApp();
  const canWrite = useSession().user?.permissions.has('purchasing:write') ?? false;
  const detail = useQuery({
    queryKey: ['supplier', supplier.id],
    queryFn: () => api.purchasing.suppliers.get.query({ id: supplier.id }),
  });
  const [search, setSearch] = useState('');
  const found = useQuery({
    queryKey: ['purchasing-skus', search],
    queryFn: () => api.purchasing.skus.query({ search }),
    enabled: search.trim().length > 0,
  });
  const [editing, setEditing] = useState<{
    skuId: string;
    code: string;
    supplierSku: string;
    breaks: Break[];
  } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (input: Parameters<typeof api.purchasing.suppliers.setPrices.mutate>[0]) =>
      api.purchasing.suppliers.setPrices.mutate(input),
    onSuccess: (prices) => {
      client.setQueryData(['supplier', supplier.id], (old: object | undefined) =>
        old ? { ...old, prices } : old,
      );
      void message.success(t('suppliers.pricesSaved'));
      setEditing(null);
    },
  });
  const submit = () => {
    if (!editing) return;
    const breaks = editing.breaks.map((b) => ({
      minQuantity: b.minQuantity ?? 0,
      unitPrice: minorOf(b.unitPrice, supplier.currency),
    }));
    if (breaks.some((b) => b.unitPrice === null || b.minQuantity < 1)) {
      setProblem(t('po.amountIn', { currency: supplier.currency }));
      return;
    }
    setProblem(null);
    save.mutate({
      supplierId: supplier.id,
      skuId: editing.skuId,
      supplierSku: editing.supplierSku.trim() || null,
      breaks: breaks as { minQuantity: number; unitPrice: number }[],
    });
  };
  useCommand('save', submit, editing !== null);
  const show = (amount: number) => formatMoney(money(amount, supplier.currency), locale);
  return (
    <FormDialog title={t('suppliers.pricesTitle', { name: supplier.name })} onClose={onClose} width={760}>
      {canWrite ? (
        <Select
          showSearch={{ filterOption: false, onSearch: setSearch }}
          aria-label={t('suppliers.findSku')}
          placeholder={t('suppliers.findSku')}
          style={{ width: '100%', marginBottom: 12 }}
          value={null}
          loading={found.isFetching}
          options={(found.data ?? []).map((s) => ({ value: s.skuId, label: `${s.code} · ${s.title}` }))}
          onChange={(skuId: string) => {
            const sku = found.data?.find((s) => s.skuId === skuId);
            const had = detail.data?.prices.find((p) => p.skuId === skuId);
            if (!sku) return;
            setEditing({
              skuId,
              code: sku.code,
              supplierSku: had?.supplierSku ?? '',
              breaks: had
                ? had.breaks.map((b) => ({
                    minQuantity: b.minQuantity,
                    unitPrice: toDecimalString(money(b.unitPrice, supplier.currency)),
                  }))
                : [{ minQuantity: 1, unitPrice: '' }],
            });
          }}
        />
      ) : null}
      {editing ? (
        <section aria-label={editing.code} style={{ marginBottom: 16 }}>
          <Typography.Title level={5}>{editing.code}</Typography.Title>
          <Space direction="vertical">
            <Input
              aria-label={t('suppliers.supplierSku')}
              placeholder={t('suppliers.supplierSku')}
              value={editing.supplierSku}
              onChange={(e) => setEditing({ ...editing, supplierSku: e.target.value })}
              style={{ width: 240 }}
            />
            {editing.breaks.map((b, i) => (
              <Space key={i}>
                <InputNumber
                  aria-label={`${t('suppliers.fromQuantity')} ${i + 1}`}
                  placeholder={t('suppliers.fromQuantity')}
                  min={1}
                  precision={0}
                  value={b.minQuantity}
                  onChange={(v) =>
                    setEditing({
                      ...editing,
                      breaks: editing.breaks.map((x, j) => (j === i ? { ...x, minQuantity: v } : x)),
                    })
                  }
                />
                <Input
                  aria-label={`${t('suppliers.unitPrice', { currency: supplier.currency })} ${i + 1}`}
                  placeholder={t('suppliers.unitPrice', { currency: supplier.currency })}
                  inputMode="decimal"
                  value={b.unitPrice}
                  style={{ width: 160 }}
                  onChange={(e) =>
                    setEditing({
                      ...editing,
                      breaks: editing.breaks.map((x, j) =>
                        j === i ? { ...x, unitPrice: e.target.value } : x,
                      ),
                    })
                  }
                />
                <Button
                  onClick={() =>
                    setEditing({ ...editing, breaks: editing.breaks.filter((_x, j) => j !== i) })
                  }
                >
                  {t('common.remove')}
                </Button>
              </Space>
            ))}
            <Button
              onClick={() =>
                setEditing({ ...editing, breaks: [...editing.breaks, { minQuantity: null, unitPrice: '' }] })
              }
            >
              {t('suppliers.addBreak')}
            </Button>
            {problem ? <Typography.Text type="danger">{problem}</Typography.Text> : null}
            <ErrorAlert error={save.error} />
            <Button type="primary" onClick={submit} loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Space>
        </section>
      ) : null}
      <ErrorAlert error={detail.error} />
      <Table
        rowKey="skuId"
        size="small"
        loading={detail.isLoading}
        pagination={false}
        dataSource={detail.data?.prices ?? []}
        locale={{ emptyText: t('suppliers.noPrices') }}
        columns={[
          { title: t('suppliers.sku'), dataIndex: 'skuCode' },
          {
            title: t('suppliers.supplierSku'),
            dataIndex: 'supplierSku',
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('suppliers.breaks'),
            key: 'breaks',
            render: (_v, p) => p.breaks.map((b) => `${b.minQuantity}+ ${show(b.unitPrice)}`).join(' · '),
          },
        ]}
      />
    </FormDialog>
  );
}

export function SuppliersPage() {
  const { t, locale } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const { message } = App.useApp();
  const canWrite = useSession().user?.permissions.has('purchasing:write') ?? false;
  const [editing, setEditing] = useState<Supplier | 'new' | null>(null);
  const [pricing, setPricing] = useState<Supplier | null>(null);
  const [search, setSearch] = useState('');
  const pages = useKeysetPages();
  const list = useQuery({
    queryKey: ['suppliers', search, pages.cursor],
    queryFn: () =>
      api.purchasing.suppliers.list.query({ limit: 50, cursor: pages.cursor, search: search || undefined }),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.purchasing.suppliers.delete.mutate({ id }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['suppliers'] });
      void message.success(t('suppliers.deleted'));
    },
  });
  useCommand('new', () => setEditing('new'), canWrite);
  return (
    <section aria-labelledby="suppliers-title">
      <ScreenHeader
        id="suppliers-title"
        title={t('suppliers.heading')}
        action={canWrite ? { label: t('suppliers.new'), onClick: () => setEditing('new') } : null}
      />
      <Input.Search
        aria-label={t('suppliers.search')}
        placeholder={t('suppliers.search')}
        allowClear
        style={{ width: 280, marginBottom: 12 }}
        onSearch={(value) => {
          pages.reset();
          setSearch(value.trim());
        }}
      />
      <ErrorAlert error={list.error ?? remove.error} />
      <Table<Supplier>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('suppliers.none') }}
        columns={[
          { title: t('suppliers.code'), dataIndex: 'code' },
          { title: t('suppliers.name'), dataIndex: 'name' },
          { title: t('suppliers.country'), dataIndex: 'country' },
          { title: t('suppliers.currency'), dataIndex: 'currency' },
          { title: t('suppliers.leadTime'), dataIndex: 'leadTimeDays', align: 'right' },
          { title: t('suppliers.terms'), dataIndex: 'paymentTermsDays', align: 'right' },
          {
            title: t('suppliers.minimum'),
            key: 'minimumOrder',
            align: 'right',
            render: (_v, s) => formatMoney(money(s.minimumOrder, s.currency), locale),
          },
          {
            title: '',
            key: 'actions',
            render: (_v, s) => (
              <Space>
                <Button size="small" onClick={() => setPricing(s)}>
                  {t('suppliers.prices')}
                </Button>
                {canWrite ? (
                  <Button size="small" onClick={() => setEditing(s)}>
                    {t('common.edit')}
                  </Button>
                ) : null}
                {canWrite ? (
                  <Popconfirm
                    title={t('suppliers.deleteConfirm', { name: s.name })}
                    okText={t('suppliers.delete')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => remove.mutate(s.id)}
                  >
                    <Button size="small" danger>
                      {t('suppliers.delete')}
                    </Button>
                  </Popconfirm>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <KeysetPager pages={pages} nextCursor={list.data?.nextCursor ?? null} />
      {editing ? (
        <SupplierDialog supplier={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
      {pricing ? <PricesDialog supplier={pricing} onClose={() => setPricing(null)} /> : null}
    </section>
  );
}
