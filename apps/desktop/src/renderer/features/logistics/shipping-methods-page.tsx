// Shipping methods: what checkout offers, in which zones (sets of countries) and at what price
// by parcel weight, in the base currency (converted at checkout like product prices). Saving a
// method replaces its zones and rates; checked with the API's own contract first.

import { shippingMethodInput } from '@crossdock/domain/logistics';
import { fromDecimalString, money, toDecimalString } from '@crossdock/domain/money';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { editColumn } from '../../components/edit-column';
import { ErrorAlert } from '../../components/error-alert';
import { FormDialog } from '../../components/form-dialog';
import { cleanLocalized, type FormText, LocalizedInput } from '../../components/localized-input';
import { ScreenHeader } from '../../components/screen-header';
import type { RouterOutputs } from '../../lib/api';
import { useCommand } from '../../lib/commands';
import { clearEditedErrors, validateForm } from '../../lib/form-errors';
import { textIn, usePrefs } from '../../lib/i18n';
import { countryName, countryOptions } from '../../lib/names';
import { useApi, useSession } from '../../lib/session';

type Method = RouterOutputs['logistics']['shippingMethods'][number];

interface Values {
  code: string;
  name: FormText;
  description: FormText;
  active: boolean;
  position: number;
  zones: { name: string; countries: string[]; brackets: { maxGrams: number | null; amount: string }[] }[];
}

function formValues(m: Method | null, base: string): Values {
  if (!m) {
    return {
      code: '',
      name: { en: '' },
      description: undefined,
      active: true,
      position: 0,
      zones: [{ name: '', countries: [], brackets: [{ maxGrams: null, amount: '' }] }],
    };
  }
  return {
    code: m.code,
    name: m.name,
    description: m.description ?? undefined,
    active: m.active,
    position: m.position,
    zones: m.zones.map((z) => ({
      name: z.name,
      countries: [...z.countries],
      brackets: z.brackets.map((b) => ({
        maxGrams: b.maxGrams,
        amount: toDecimalString(money(b.amount, base)),
      })),
    })),
  };
}

/** A price typed in the base currency as minor units; NaN (refused by the contract) if it is not one. */
function minorUnits(text: string, base: string): number {
  try {
    return fromDecimalString(text.trim(), base).amount;
  } catch {
    return Number.NaN;
  }
}

function inputOf(values: Values, base: string, id?: string) {
  return {
    ...(id ? { id } : {}),
    code: values.code?.trim() ?? '',
    name: cleanLocalized(values.name) ?? { en: '' },
    description: cleanLocalized(values.description) ?? null,
    active: values.active,
    position: values.position ?? 0,
    zones: (values.zones ?? []).map((z) => ({
      name: z.name?.trim() ?? '',
      countries: z.countries ?? [],
      brackets: (z.brackets ?? []).map((b) => ({
        maxGrams: b.maxGrams ?? null,
        amount: minorUnits(b.amount ?? '', base),
      })),
    })),
  };
}

function MethodDialog({ method, base, onClose }: { method: Method | null; base: string; onClose(): void }) {
  const { t, locale } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (input: ReturnType<typeof inputOf>) => api.logistics.saveShippingMethod.mutate(input),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['shipping-methods'] });
      onClose();
    },
  });
  useCommand('save', () => form.submit());
  const countries = countryOptions(locale);
  return (
    <FormDialog
      title={method ? textIn(method.name, locale) : t('shipping.new')}
      onClose={onClose}
      width={860}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={formValues(method, base)}
        onValuesChange={(changed) => clearEditedErrors(form, changed)}
        onFinish={(values) => {
          const input = inputOf(values, base, method?.id);
          const errors = validateForm(form, shippingMethodInput, input);
          if (errors.length === 0) save.mutate(input);
        }}
      >
        <Space align="start" wrap>
          <Form.Item name="code" label={t('shipping.code')} required>
            <Input style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="position" label={t('shipping.position')}>
            <InputNumber min={0} max={1000} precision={0} />
          </Form.Item>
          <Form.Item name="active" label={t('shipping.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <LocalizedInput name={['name']} label={t('shipping.name')} required />
        <LocalizedInput name={['description']} label={t('shipping.description')} />
        <Form.List name="zones">
          {(zones, { add, remove }, { errors }) => (
            <>
              {zones.map((zone) => (
                <Card
                  key={zone.key}
                  size="small"
                  title={`${t('shipping.zone')} ${zone.name + 1}`}
                  style={{ marginBottom: 12 }}
                  extra={
                    zones.length > 1 ? (
                      <Button size="small" danger onClick={() => remove(zone.name)}>
                        {t('shipping.removeZone')}
                      </Button>
                    ) : null
                  }
                >
                  <Form.Item name={[zone.name, 'name']} label={t('shipping.zoneName')} required>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[zone.name, 'countries']} label={t('shipping.countries')} required>
                    <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={countries} />
                  </Form.Item>
                  <Typography.Text strong>{t('shipping.brackets')}</Typography.Text>
                  <Form.List name={[zone.name, 'brackets']}>
                    {(brackets, bracketOps) => (
                      <>
                        {brackets.map((bracket) => (
                          <Space key={bracket.key} align="start" style={{ display: 'flex', marginTop: 8 }}>
                            <Form.Item name={[bracket.name, 'maxGrams']} label={t('shipping.maxGrams')}>
                              <InputNumber min={1} max={1_000_000} precision={0} style={{ width: 200 }} />
                            </Form.Item>
                            <Form.Item
                              name={[bracket.name, 'amount']}
                              label={t('shipping.amount', { currency: base })}
                              required
                            >
                              <Input inputMode="decimal" style={{ width: 160 }} />
                            </Form.Item>
                            {brackets.length > 1 ? (
                              <Button
                                style={{ marginTop: 30 }}
                                aria-label={t('common.remove')}
                                onClick={() => bracketOps.remove(bracket.name)}
                              >
                                ×
                              </Button>
                            ) : null}
                          </Space>
                        ))}
                        <Button size="small" onClick={() => bracketOps.add({ maxGrams: null, amount: '' })}>
                          {t('shipping.addBracket')}
                        </Button>
                      </>
                    )}
                  </Form.List>
                </Card>
              ))}
              {/* Errors about the zones together (a country in two of them), next to Save. */}
              <div role="alert">
                <Form.ErrorList errors={errors} />
              </div>
              <Button
                onClick={() => add({ name: '', countries: [], brackets: [{ maxGrams: null, amount: '' }] })}
                style={{ display: 'block', margin: '8px 0 16px' }}
              >
                {t('shipping.addZone')}
              </Button>
            </>
          )}
        </Form.List>
        <ErrorAlert error={save.error} />
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </FormDialog>
  );
}

export function ShippingMethodsPage() {
  const { t, locale } = usePrefs();
  const api = useApi();
  const { user } = useSession();
  const canWrite = user?.permissions.has('logistics:write') ?? false;
  const [editing, setEditing] = useState<Method | 'new' | null>(null);
  const methods = useQuery({
    queryKey: ['shipping-methods'],
    queryFn: () => api.logistics.shippingMethods.query(),
  });
  const currencies = useQuery({
    queryKey: ['currencies'],
    queryFn: () => api.catalog.currencies.list.query(),
    enabled: user?.permissions.has('catalog:read') ?? false,
  });
  // Rates are kept in the base currency; without the catalog permission it is not known here.
  const base = currencies.data?.find((c) => c.isBase)?.code;
  const price = (amount: number) =>
    base ? `${toDecimalString(money(amount, base))} ${base}` : String(amount);
  return (
    <section aria-labelledby="shipping-title">
      <ScreenHeader
        id="shipping-title"
        title={t('shipping.heading')}
        action={canWrite && base ? { label: t('shipping.new'), onClick: () => setEditing('new') } : null}
      />
      <ErrorAlert error={methods.error} />
      <Table<Method>
        rowKey="id"
        size="small"
        loading={methods.isLoading}
        dataSource={methods.data ?? []}
        pagination={false}
        locale={{ emptyText: t('shipping.none') }}
        expandable={{
          expandedRowRender: (m) => (
            <ul style={{ margin: 0 }}>
              {m.zones.map((z) => (
                <li key={z.zoneId}>
                  <strong>{z.name}</strong>: {z.countries.map((c) => countryName(c, locale)).join(', ')} —{' '}
                  {z.brackets
                    .map((b) => `${b.maxGrams === null ? '∞' : `≤ ${b.maxGrams} g`}: ${price(b.amount)}`)
                    .join(' · ')}
                </li>
              ))}
            </ul>
          ),
        }}
        columns={[
          { title: t('shipping.name'), key: 'name', render: (_v, m) => textIn(m.name, locale) },
          { title: t('shipping.code'), dataIndex: 'code' },
          {
            title: t('shipping.zones'),
            key: 'zones',
            render: (_v, m) =>
              m.zones
                .map((z) => `${z.name} (${t('shipping.countriesCount', { count: z.countries.length })})`)
                .join(' · '),
          },
          {
            title: t('orders.status'),
            dataIndex: 'active',
            render: (active: boolean) =>
              active ? <Tag color="green">{t('shipping.active')}</Tag> : <Tag>{t('shipping.inactive')}</Tag>,
          },
          ...editColumn<Method>(canWrite && Boolean(base), t('common.edit'), setEditing),
        ]}
      />
      {editing && base ? (
        <MethodDialog
          method={editing === 'new' ? null : editing}
          base={base}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </section>
  );
}
