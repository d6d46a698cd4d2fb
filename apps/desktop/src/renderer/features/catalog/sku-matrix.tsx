// The SKU matrix: one row per combination of option values, every field editable in place,
// prices in the base currency and — where a market needs its own — in each other currency
// (blank = the converted price, shown as the placeholder). Bulk edit sets one field on the
// chosen rows; Save (Ctrl+S) sends only the changed rows, all or nothing.
import { toDecimalString } from '@crossdock/domain/money';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Select, Space, Table, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import type { RouterOutputs } from '../../lib/api';
import { useCommand } from '../../lib/commands';
import { textIn, usePrefs } from '../../lib/i18n';
import { useApi } from '../../lib/session';
import { type BulkField, bulkSet, draftOf, patchOf, type SkuDraft, sameDraft } from './sku-drafts';

type Product = RouterOutputs['catalog']['products']['get'];
type Sku = Product['skus'][number];
type Currency = RouterOutputs['catalog']['currencies']['list'][number];

export function SkuMatrix({
  product,
  currencies,
  active,
  onDirty,
}: {
  product: Product;
  currencies: Currency[];
  /** Whether this tab is the one in front, so Ctrl+S saves it. */
  active: boolean;
  /** Told whether some row differs from what is saved. */
  onDirty(dirty: boolean): void;
}) {
  const { t, locale } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const { message } = App.useApp();
  const base = currencies.find((c) => c.isBase)?.code ?? 'USD';
  const others = currencies.filter((c) => !c.isBase && c.enabled).map((c) => c.code);
  const initial = useMemo(
    () => Object.fromEntries(product.skus.map((s) => [s.id, draftOf(s, base)])),
    [product.skus, base],
  );
  const [drafts, setDrafts] = useState<Record<string, SkuDraft>>(initial);
  // Compared as text, not through patchOf: this runs on every keystroke, over every row.
  const dirty = useMemo(
    () => Object.entries(drafts).some(([id, draft]) => initial[id] && !sameDraft(draft, initial[id])),
    [drafts, initial],
  );
  useEffect(() => onDirty(dirty), [dirty, onDirty]);
  const [errors, setErrors] = useState<Record<string, Record<string, string>>>({});
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkField, setBulkField] = useState<BulkField>('price');
  const [bulkValue, setBulkValue] = useState('');

  const valueLabel = new Map(
    product.options.flatMap((o) => o.values.map((v) => [v.id, textIn(v.label, locale)] as const)),
  );
  const variant = (sku: Sku) =>
    sku.optionValueIds.map((id) => valueLabel.get(id) ?? '').join(' / ') || t('product.single');

  const save = useMutation({
    mutationFn: (skus: NonNullable<ReturnType<typeof patchOf>['patch']>[]) =>
      api.catalog.products.updateSkus.mutate({ productId: product.id, skus }),
    onSuccess: (saved) => {
      client.setQueryData(['product', product.id], saved);
      void client.invalidateQueries({ queryKey: ['products'] });
      setDrafts(Object.fromEntries(saved.skus.map((s) => [s.id, draftOf(s, base)])));
      message.success(t('product.saved'));
    },
  });

  const submit = () => {
    const found: Record<string, Record<string, string>> = {};
    const patches = [];
    for (const sku of product.skus) {
      const draft = drafts[sku.id];
      if (!draft) continue;
      const { patch, errors: rowErrors } = patchOf(sku, draft, base);
      if (Object.keys(rowErrors).length) found[sku.id] = rowErrors;
      else if (patch) patches.push(patch);
    }
    setErrors(found);
    if (Object.keys(found).length) return;
    if (patches.length === 0) {
      message.info(t('product.nothingChanged'));
      return;
    }
    save.mutate(patches);
  };
  useCommand('save', submit, active);

  const edit = (id: string, change: Partial<SkuDraft>) =>
    setDrafts((all) => ({ ...all, [id]: { ...all[id]!, ...change } }));

  const cell = (
    sku: Sku,
    field: string,
    value: string,
    onChange: (v: string) => void,
    placeholder?: string,
  ) => {
    const error = errors[sku.id]?.[field];
    return (
      <Tooltip title={error} open={error ? undefined : false}>
        <Input
          size="small"
          value={value}
          status={error ? 'error' : undefined}
          aria-label={`${field} ${sku.code}`}
          aria-invalid={error ? true : undefined}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
        />
      </Tooltip>
    );
  };

  const errorCount = Object.values(errors).reduce((n, e) => n + Object.keys(e).length, 0);
  const bulkFields: { value: BulkField; label: string }[] = [
    { value: 'price', label: `${t('product.price')} (${base})` },
    { value: 'compareAt', label: `${t('product.compareAt')} (${base})` },
    { value: 'weight', label: t('product.weight') },
    { value: 'status', label: t('orders.status') },
    ...others.map((c) => ({ value: `override:${c}` as BulkField, label: `${t('product.price')} (${c})` })),
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }} aria-label={t('product.bulk')}>
        <Typography.Text>{t('product.bulkLabel', { n: selected.length })}</Typography.Text>
        <Select<BulkField>
          aria-label={t('product.bulkField')}
          value={bulkField}
          onChange={setBulkField}
          options={bulkFields}
          style={{ width: 200 }}
        />
        {bulkField === 'status' ? (
          <Select
            aria-label={t('product.bulkValue')}
            value={bulkValue || 'active'}
            onChange={setBulkValue}
            options={[
              { value: 'active', label: 'active' },
              { value: 'inactive', label: 'inactive' },
            ]}
            style={{ width: 140 }}
          />
        ) : (
          <Input
            aria-label={t('product.bulkValue')}
            value={bulkValue}
            onChange={(e) => setBulkValue(e.target.value)}
            style={{ width: 140 }}
          />
        )}
        <Button
          disabled={selected.length === 0}
          onClick={() =>
            setDrafts((all) =>
              bulkSet(all, selected, bulkField, bulkField === 'status' ? bulkValue || 'active' : bulkValue),
            )
          }
        >
          {t('product.bulkApply', { n: selected.length })}
        </Button>
      </Space>
      {errorCount ? (
        <Alert
          type="error"
          role="alert"
          title={t('product.skuErrors', { n: errorCount })}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <ErrorAlert error={save.error} gap={12} />
      <Table<Sku>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={product.skus}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
        columns={[
          { title: t('product.variant'), key: 'variant', fixed: 'left', render: (_v, s) => variant(s) },
          {
            title: 'SKU',
            key: 'code',
            width: 170,
            render: (_v, s) => cell(s, 'code', drafts[s.id]?.code ?? '', (v) => edit(s.id, { code: v })),
          },
          {
            title: t('product.barcode'),
            key: 'barcode',
            width: 150,
            render: (_v, s) =>
              cell(s, 'barcode', drafts[s.id]?.barcode ?? '', (v) => edit(s.id, { barcode: v })),
          },
          {
            title: `${t('product.price')} (${base})`,
            key: 'price',
            width: 110,
            render: (_v, s) => cell(s, 'price', drafts[s.id]?.price ?? '', (v) => edit(s.id, { price: v })),
          },
          {
            title: `${t('product.compareAt')} (${base})`,
            key: 'compareAt',
            width: 110,
            render: (_v, s) =>
              cell(s, 'compareAt', drafts[s.id]?.compareAt ?? '', (v) => edit(s.id, { compareAt: v })),
          },
          {
            title: t('product.weight'),
            key: 'weight',
            width: 90,
            render: (_v, s) =>
              cell(s, 'weight', drafts[s.id]?.weight ?? '', (v) => edit(s.id, { weight: v })),
          },
          ...others.map((currency) => ({
            title: `${t('product.price')} (${currency})`,
            key: `override:${currency}`,
            width: 110,
            render: (_v: unknown, s: Sku) => {
              const converted = s.prices.find((p) => p.currency === currency && p.source !== 'override');
              return cell(
                s,
                `override:${currency}`,
                drafts[s.id]?.overrides[currency] ?? '',
                (v) => edit(s.id, { overrides: { ...drafts[s.id]!.overrides, [currency]: v } }),
                converted ? toDecimalString(converted.price) : undefined,
              );
            },
          })),
          {
            title: t('orders.status'),
            key: 'status',
            width: 120,
            render: (_v, s) => (
              <Select
                size="small"
                aria-label={`status ${s.code}`}
                value={drafts[s.id]?.status}
                onChange={(v) => edit(s.id, { status: v })}
                options={[
                  { value: 'active', label: t('status.sku.active') },
                  { value: 'inactive', label: t('status.sku.inactive') },
                ]}
                style={{ width: 100 }}
              />
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button type="primary" onClick={submit} loading={save.isPending}>
          {t('product.saveSkus')}
        </Button>
        <Button onClick={() => setDrafts(initial)}>{t('product.discard')}</Button>
        <Typography.Text type="secondary">Ctrl+S</Typography.Text>
      </Space>
    </>
  );
}
