// The currencies the store sells in: the rate from the base currency, how converted prices are
// rounded (to a step, or to a charm ending such as …99), and whether it is on sale. Saving
// re-prices every converted price in that currency, so the dialog says so.
import { updateCurrencyInput } from '@crossdock/domain/catalog';
import type { StoreCurrency } from '@crossdock/domain/catalog-constants';
import type { RoundingRule } from '@crossdock/domain/prices';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, InputNumber, Select, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { editColumn } from '../../components/edit-column';
import { ErrorAlert } from '../../components/error-alert';
import { FormDialog } from '../../components/form-dialog';
import type { RouterOutputs } from '../../lib/api';
import { useCommand } from '../../lib/commands';
import { clearEditedErrors, fieldErrors } from '../../lib/form-errors';
import { usePrefs } from '../../lib/i18n';
import { currencyName } from '../../lib/names';
import { useApi } from '../../lib/session';

type Currency = RouterOutputs['catalog']['currencies']['list'][number];

interface Values {
  rate: string;
  mode: 'nearest' | 'charm';
  step: number;
  ending: number;
  enabled: boolean;
}

function inputOf(code: string, v: Values) {
  return {
    // The list holds only the store's currencies; the contract checks it again.
    code: code as StoreCurrency,
    rate: v.rate?.trim() ?? '',
    rounding: (v.mode === 'charm'
      ? { mode: 'charm', period: v.step, ending: v.ending ?? 0 }
      : { mode: 'nearest', increment: v.step }) satisfies RoundingRule as RoundingRule,
    enabled: v.enabled,
  };
}

const fieldOf: Record<string, string> = { increment: 'step', period: 'step', ending: 'ending' };

function CurrencyDialog({ currency, base, onClose }: { currency: Currency; base: string; onClose(): void }) {
  const { t } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const mode = Form.useWatch('mode', form);
  const save = useMutation({
    mutationFn: (input: ReturnType<typeof inputOf>) => api.catalog.currencies.update.mutate(input),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['currencies'] });
      onClose();
    },
  });
  useCommand('save', () => form.submit());
  const r = currency.rounding;
  return (
    <FormDialog title={t('currency.edit', { code: currency.code })} onClose={onClose}>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          rate: currency.rate,
          mode: r.mode,
          step: r.mode === 'charm' ? r.period : r.increment,
          ending: r.mode === 'charm' ? r.ending : 0,
          enabled: currency.enabled,
        }}
        onValuesChange={(changed) => clearEditedErrors(form, changed)}
        onFinish={(values) => {
          const input = inputOf(currency.code, values);
          // The contract's rounding fields (rounding.increment…) are the form's step and ending.
          const errors = fieldErrors(updateCurrencyInput, input).map(renameField);
          form.setFields(errors as Parameters<typeof form.setFields>[0]);
          if (errors.length === 0) save.mutate(input);
        }}
      >
        <Form.Item name="rate" label={t('currency.rate', { base })} required>
          <Input disabled={currency.isBase} inputMode="decimal" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="mode" label={t('currency.mode')}>
          <Select
            style={{ width: 240 }}
            options={[
              { value: 'nearest', label: t('currency.modeNearest') },
              { value: 'charm', label: t('currency.modeCharm') },
            ]}
          />
        </Form.Item>
        <Form.Item name="step" label={mode === 'charm' ? t('currency.period') : t('currency.step')} required>
          <InputNumber min={1} max={100_000} precision={0} style={{ width: 160 }} />
        </Form.Item>
        {mode === 'charm' ? (
          <Form.Item name="ending" label={t('currency.ending')}>
            <InputNumber min={0} precision={0} style={{ width: 160 }} />
          </Form.Item>
        ) : null}
        <Form.Item name="enabled" label={t('currency.enabled')} valuePropName="checked">
          <Switch disabled={currency.isBase} />
        </Form.Item>
        <Alert type="info" showIcon title={t('currency.repriceHint')} style={{ marginBottom: 16 }} />
        <ErrorAlert error={save.error} />
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </FormDialog>
  );
}

function renameField<F extends { name: unknown }>(field: F): F {
  const path = field.name as (string | number)[];
  const last = path.at(-1);
  return path[0] === 'rounding' && typeof last === 'string'
    ? { ...field, name: [fieldOf[last] ?? last] }
    : field;
}

export function CurrenciesTab({ canWrite }: { canWrite: boolean }) {
  const { t, locale } = usePrefs();
  const api = useApi();
  const [editing, setEditing] = useState<Currency | null>(null);
  const currencies = useQuery({
    queryKey: ['currencies'],
    queryFn: () => api.catalog.currencies.list.query(),
  });
  const base = currencies.data?.find((c) => c.isBase)?.code ?? '';
  return (
    <>
      <ErrorAlert error={currencies.error} />
      <Table<Currency>
        rowKey="code"
        size="small"
        loading={currencies.isLoading}
        dataSource={currencies.data ?? []}
        pagination={false}
        columns={[
          {
            title: t('currency.code'),
            dataIndex: 'code',
            render: (code: string, c) => (
              <>
                {code} · {currencyName(code, locale)}{' '}
                {c.isBase ? <Tag color="blue">{t('currency.base')}</Tag> : null}
              </>
            ),
          },
          { title: t('currency.rate', { base }), dataIndex: 'rate', align: 'right' },
          {
            title: t('currency.rounding'),
            key: 'rounding',
            render: (_v, c) =>
              c.rounding.mode === 'charm'
                ? t('currency.charm', { step: c.rounding.period, ending: c.rounding.ending })
                : t('currency.nearest', { step: c.rounding.increment }),
          },
          {
            title: t('currency.enabled'),
            dataIndex: 'enabled',
            render: (on: boolean) => (on ? t('common.yes') : t('common.no')),
          },
          ...editColumn<Currency>(canWrite, t('common.edit'), setEditing),
        ]}
      />
      {editing ? <CurrencyDialog currency={editing} base={base} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
