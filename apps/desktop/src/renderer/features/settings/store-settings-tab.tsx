// Store-wide settings: how long an unpaid order holds its stock, how loyalty points are earned
// and spent, and whether prices include tax where a market does not say. Checked with the
// API's own contract before it is sent.
import { storeSettingsInput } from '@crossdock/domain/settings';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, InputNumber, Skeleton, Switch } from 'antd';
import { ErrorAlert } from '../../components/error-alert';
import { PercentInput, percentOfBasisPoints } from '../../components/percent-input';
import type { RouterOutputs } from '../../lib/api';
import { useCommand } from '../../lib/commands';
import { clearEditedErrors, validateForm } from '../../lib/form-errors';
import { usePrefs } from '../../lib/i18n';
import { useApi } from '../../lib/session';

type Settings = RouterOutputs['settings']['get'];

export function StoreSettingsTab({ canWrite }: { canWrite: boolean }) {
  const { t } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Settings>();
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api.settings.get.query() });
  const currencies = useQuery({
    queryKey: ['currencies'],
    queryFn: () => api.catalog.currencies.list.query(),
    retry: false,
  });
  const base = currencies.data?.find((c) => c.isBase)?.code ?? '';
  const save = useMutation({
    mutationFn: (input: Settings) => api.settings.update.mutate(input),
    onSuccess: (saved) => {
      client.setQueryData(['settings'], saved);
      form.setFieldsValue(saved);
      void message.success(t('settings.saved'));
    },
  });
  useCommand('save', () => form.submit(), canWrite);
  if (settings.isLoading) return <Skeleton active />;
  if (settings.error) return <ErrorAlert error={settings.error} />;
  return (
    <Form<Settings>
      form={form}
      layout="vertical"
      style={{ maxWidth: 520 }}
      disabled={!canWrite}
      initialValues={settings.data}
      onValuesChange={(changed) => clearEditedErrors(form, changed)}
      onFinish={(values) => {
        const errors = validateForm(form, storeSettingsInput, values);
        if (errors.length === 0) save.mutate(values);
      }}
    >
      <Form.Item name="reservationMinutes" label={t('settings.reservationMinutes')}>
        <InputNumber min={1} max={1440} precision={0} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="pointsPerUnit" label={t('settings.pointsPerUnit', { currency: base })}>
        <InputNumber min={0} max={1000} precision={0} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="pointsPerUnitRedeemed" label={t('settings.pointsPerUnitRedeemed', { currency: base })}>
        <InputNumber min={1} max={100_000} precision={0} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item
        name="pointsMaxShareBasisPoints"
        label={t('settings.pointsMaxShare')}
        {...percentOfBasisPoints}
      >
        <PercentInput />
      </Form.Item>
      <Form.Item name="taxInclusive" label={t('settings.taxInclusive')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <ErrorAlert error={save.error} />
      {canWrite ? (
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('settings.save')}
        </Button>
      ) : null}
    </Form>
  );
}
