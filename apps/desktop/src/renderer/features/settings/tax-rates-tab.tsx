// Tax rates per destination country, for all products or for a category (and its
// subcategories), and whether the market's prices are shown with tax included. Removing one asks
// first: orders placed afterwards are taxed without it.
import { taxRateInput } from '@crossdock/domain/settings';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Popconfirm, Select, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { CategorySelect, useCategoryTree } from '../../components/catalog-pickers';
import { ErrorAlert } from '../../components/error-alert';
import { FormDialog } from '../../components/form-dialog';
import { PercentInput, percentOfBasisPoints } from '../../components/percent-input';
import type { RouterOutputs } from '../../lib/api';
import { useCommand } from '../../lib/commands';
import { clearEditedErrors, validateForm } from '../../lib/form-errors';
import { textIn, usePrefs } from '../../lib/i18n';
import { countryName, countryOptions } from '../../lib/names';
import { useApi } from '../../lib/session';

type TaxRate = RouterOutputs['settings']['taxRates'][number];
type Category = RouterOutputs['catalog']['categories']['tree'][number];

interface Values {
  country: string;
  categoryId: string | null;
  basisPoints: number;
  pricesIncludeTax: boolean;
}

function categoryNames(tree: readonly Category[], locale: string, into = new Map<string, string>()) {
  for (const c of tree) {
    into.set(c.id, textIn(c.name, locale));
    categoryNames(c.children, locale, into);
  }
  return into;
}

function TaxRateDialog({ rate, onClose }: { rate: TaxRate | null; onClose(): void }) {
  const { t, locale } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const categoryId = Form.useWatch('categoryId', form);
  const save = useMutation({
    mutationFn: (input: Parameters<typeof api.settings.setTaxRate.mutate>[0]) =>
      api.settings.setTaxRate.mutate(input),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['tax-rates'] });
      onClose();
    },
  });
  useCommand('save', () => form.submit());
  return (
    <FormDialog
      title={rate ? t('tax.edit', { country: countryName(rate.country, locale) }) : t('tax.add')}
      onClose={onClose}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          country: rate?.country,
          categoryId: rate?.categoryId ?? null,
          basisPoints: rate?.basisPoints,
          pricesIncludeTax: rate?.pricesIncludeTax ?? undefined,
        }}
        onValuesChange={(changed) => clearEditedErrors(form, changed)}
        onFinish={(values) => {
          const input = {
            country: values.country ?? '',
            categoryId: values.categoryId ?? null,
            basisPoints: values.basisPoints,
            ...(values.categoryId || values.pricesIncludeTax === undefined
              ? {}
              : { pricesIncludeTax: values.pricesIncludeTax }),
          };
          const errors = validateForm(form, taxRateInput, input);
          if (errors.length === 0) save.mutate(input);
        }}
      >
        <Form.Item name="country" label={t('tax.country')} required>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            disabled={Boolean(rate)}
            options={countryOptions(locale)}
          />
        </Form.Item>
        <Form.Item name="categoryId" label={t('tax.category')}>
          <CategorySelect allowClear disabled={Boolean(rate)} placeholder={t('tax.allProducts')} />
        </Form.Item>
        <Form.Item name="basisPoints" label={t('tax.rate')} required {...percentOfBasisPoints}>
          <PercentInput />
        </Form.Item>
        {categoryId ? null : (
          <Form.Item
            name="pricesIncludeTax"
            label={t('tax.inclusive')}
            extra={t('tax.inclusiveHint')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        )}
        <ErrorAlert error={save.error} />
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </FormDialog>
  );
}

export function TaxRatesTab({ canWrite }: { canWrite: boolean }) {
  const { t, locale } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const [editing, setEditing] = useState<TaxRate | 'new' | null>(null);
  const rates = useQuery({ queryKey: ['tax-rates'], queryFn: () => api.settings.taxRates.query() });
  const tree = useCategoryTree();
  const names = categoryNames(tree.data ?? [], locale);
  const remove = useMutation({
    mutationFn: (id: string) => api.settings.removeTaxRate.mutate({ id }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tax-rates'] }),
  });
  const rows = [...(rates.data ?? [])].sort(
    (a, b) =>
      countryName(a.country, locale).localeCompare(countryName(b.country, locale), locale) ||
      Number(a.categoryId !== null) - Number(b.categoryId !== null),
  );
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        {canWrite ? (
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('tax.add')}
          </Button>
        ) : null}
      </Space>
      <ErrorAlert error={rates.error ?? remove.error} />
      <Table<TaxRate>
        rowKey="id"
        size="small"
        loading={rates.isLoading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('tax.none') }}
        columns={[
          {
            title: t('tax.country'),
            dataIndex: 'country',
            render: (code: string) => `${countryName(code, locale)} (${code})`,
          },
          {
            title: t('tax.category'),
            dataIndex: 'categoryId',
            render: (id: string | null) =>
              id ? (
                (names.get(id) ?? id)
              ) : (
                <Typography.Text type="secondary">{t('tax.allProducts')}</Typography.Text>
              ),
          },
          {
            title: t('tax.rate'),
            dataIndex: 'basisPoints',
            align: 'right',
            render: (bp: number) =>
              new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
                bp / 10_000,
              ),
          },
          {
            title: t('tax.inclusive'),
            dataIndex: 'pricesIncludeTax',
            render: (v: boolean | null) => (v === null ? '' : v ? t('common.yes') : t('common.no')),
          },
          ...(canWrite
            ? [
                {
                  title: '',
                  key: 'actions',
                  render: (_v: unknown, r: TaxRate) => (
                    <Space>
                      <Button size="small" onClick={() => setEditing(r)}>
                        {t('common.edit')}
                      </Button>
                      <Popconfirm title={t('tax.confirmRemove')} onConfirm={() => remove.mutateAsync(r.id)}>
                        <Button size="small" danger>
                          {t('tax.remove')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? (
        <TaxRateDialog rate={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </>
  );
}
