// Creating or changing a promotion: its benefit (percent or amount off, spend-more-save-more
// tiers, buy X get Y, free shipping), what it applies to (the whole order, categories or
// products), whether it needs a coupon code, how it combines with others, its window, minimum
// spend, first-order rule, limits and budget. Checked with the API's own contract.
import { createPromotionInput, updatePromotionInput } from '@crossdock/domain/promotions';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Switch,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { CategoriesSelect, ProductSelect } from '../../components/catalog-pickers';
import { ErrorAlert } from '../../components/error-alert';
import { LocalizedInput } from '../../components/localized-input';
import type { RouterOutputs } from '../../lib/api';
import { useCommand } from '../../lib/commands';
import { clearEditedErrors, validateForm } from '../../lib/form-errors';
import { textIn, usePrefs } from '../../lib/i18n';
import { useApi, useSession } from '../../lib/session';
import { type PromotionFormValues, promotionFormValues, promotionInput } from './promotion-form';

type Promotion = RouterOutputs['promotions']['list']['items'][number];
type Values = Omit<PromotionFormValues, 'startsAt' | 'endsAt'> & {
  window?: [Dayjs | null, Dayjs | null] | null;
};

export function PromotionEditor({
  promotion,
  base,
  onClose,
}: {
  promotion: Promotion | null;
  base: string;
  onClose(): void;
}) {
  const { t, locale } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch(['benefit', 'kind'], form);
  const { user } = useSession();
  const methods = useQuery({
    queryKey: ['shipping-methods'],
    queryFn: () => api.logistics.shippingMethods.query(),
    enabled: kind === 'free_shipping' && (user?.permissions.has('logistics:read') ?? false),
  });
  const target = Form.useWatch(['target', 'kind'], form);
  const save = useMutation({
    mutationFn: (input: ReturnType<typeof promotionInput>['input']) =>
      promotion
        ? api.promotions.update.mutate({ id: promotion.id, ...input } as Parameters<
            typeof api.promotions.update.mutate
          >[0])
        : api.promotions.create.mutate(input as Parameters<typeof api.promotions.create.mutate>[0]),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['promotions'] });
      message.success(t('product.saved'));
      onClose();
    },
  });
  const submit = (values: Values) => {
    const { window, ...rest } = values;
    const { input, errors } = promotionInput(
      { ...rest, startsAt: window?.[0]?.toDate() ?? null, endsAt: window?.[1]?.toDate() ?? null },
      base,
    );
    const contract = promotion
      ? validateForm(form, updatePromotionInput, { id: promotion.id, ...input })
      : validateForm(form, createPromotionInput, input);
    // The window is one field here; the contract names its ends.
    const moved = contract
      .filter((e) => e.name[0] === 'startsAt' || e.name[0] === 'endsAt')
      .map((e) => ({ name: ['window'], errors: e.errors }));
    if (errors.length || moved.length)
      form.setFields([...errors, ...moved] as Parameters<typeof form.setFields>[0]);
    if (errors.length === 0 && contract.length === 0) save.mutate(input);
  };
  useCommand('save', () => form.submit());

  const initial: Values = promotion
    ? (() => {
        const { startsAt, endsAt, ...rest } = promotionFormValues(promotion, base);
        return { ...rest, window: [startsAt ? dayjs(startsAt) : null, endsAt ? dayjs(endsAt) : null] };
      })()
    : {
        requiresCoupon: false,
        benefit: { kind: 'percent_off', basisPoints: 10, tiers: [{}] },
        target: { kind: 'order', ids: [] },
        stacking: 'stackable',
        priority: 0,
        firstOrderOnly: false,
      };
  const money = { suffix: base, style: { width: '100%' } };

  return (
    <Modal
      open
      // An editor: a click beside it must not throw the typing away.
      mask={{ closable: false }}
      width={760}
      title={promotion ? textIn(promotion.name, locale) : t('promotions.new')}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initial}
        onValuesChange={(changed) => clearEditedErrors(form, changed)}
        onFinish={submit}
      >
        <LocalizedInput name={['name']} label={t('promotions.name')} required autoFocus />
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="requiresCoupon" label={t('promotions.needsCode')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name={['benefit', 'kind']} label={t('promotions.benefit')}>
              <Select
                options={(
                  ['percent_off', 'amount_off', 'tiered', 'buy_x_get_y', 'free_shipping'] as const
                ).map((k) => ({ value: k, label: t(`promotions.kind.${k}`) }))}
              />
            </Form.Item>
          </Col>
          {kind === 'percent_off' || kind === 'buy_x_get_y' ? (
            <Col span={5}>
              <Form.Item name={['benefit', 'basisPoints']} label={t('promotions.percent')}>
                <InputNumber min={0} max={100} step={5} suffix="%" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ) : null}
          {kind === 'buy_x_get_y' ? (
            <>
              <Col span={5}>
                <Form.Item name={['benefit', 'buy']} label={t('promotions.buy')}>
                  <InputNumber min={1} max={100} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={5}>
                <Form.Item name={['benefit', 'get']} label={t('promotions.get')}>
                  <InputNumber min={1} max={100} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </>
          ) : null}
          {kind === 'amount_off' ? (
            <Col span={8}>
              <Form.Item name={['benefit', 'amount']} label={t('promotions.amountOff')}>
                <Input {...money} />
              </Form.Item>
            </Col>
          ) : null}
          {kind === 'free_shipping' ? (
            <Col span={16}>
              <Form.Item
                name={['benefit', 'methodCodes']}
                label={t('promotions.methods')}
                extra={t('promotions.methodsHint')}
              >
                {/* Tags: without logistics:read the methods are not listed, and codes can be typed. */}
                <Select
                  mode="tags"
                  allowClear
                  loading={methods.isLoading}
                  options={(methods.data ?? []).map((m) => ({
                    value: m.code,
                    label: `${textIn(m.name, locale)} (${m.code})`,
                  }))}
                />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
        {kind === 'tiered' ? (
          <Form.List name={['benefit', 'tiers']}>
            {(tiers, { add, remove }) => (
              <>
                {tiers.map((tier) => (
                  <Space key={tier.key} align="start" style={{ display: 'flex' }}>
                    <Form.Item name={[tier.name, 'threshold']} label={t('promotions.spend')}>
                      <Input {...money} />
                    </Form.Item>
                    <Form.Item name={[tier.name, 'amount']} label={t('promotions.save')}>
                      <Input {...money} />
                    </Form.Item>
                    <Button
                      style={{ marginTop: 30 }}
                      aria-label={t('promotions.removeTier')}
                      onClick={() => remove(tier.name)}
                    >
                      ✕
                    </Button>
                  </Space>
                ))}
                <Button
                  size="small"
                  onClick={() => add({})}
                  disabled={tiers.length >= 10}
                  style={{ marginBottom: 16 }}
                >
                  {t('promotions.addTier')}
                </Button>
              </>
            )}
          </Form.List>
        ) : null}
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name={['target', 'kind']} label={t('promotions.appliesTo')}>
              <Select
                options={[
                  { value: 'order', label: t('promotions.target.order') },
                  { value: 'categories', label: t('promotions.target.categories') },
                  { value: 'products', label: t('promotions.target.products') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={16}>
            {target === 'categories' ? (
              <Form.Item name={['target', 'ids']} label={t('promotions.target.categories')}>
                <CategoriesSelect />
              </Form.Item>
            ) : target === 'products' ? (
              <Form.Item name={['target', 'ids']} label={t('promotions.target.products')}>
                <ProductSelect placeholder={t('products.search')} />
              </Form.Item>
            ) : null}
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="window" label={t('promotions.window')} extra={t('promotions.windowHint')}>
              <DatePicker.RangePicker showTime allowEmpty={[true, true]} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="stacking" label={t('promotions.stacking')}>
              <Select
                options={[
                  { value: 'stackable', label: t('promotions.stackable') },
                  { value: 'exclusive', label: t('promotions.exclusive') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="priority" label={t('promotions.priority')}>
              <InputNumber min={0} max={1000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={6}>
            <Form.Item name="minSpend" label={t('promotions.minSpend')}>
              <Input {...money} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="usageLimit" label={t('promotions.usageLimit')}>
              <InputNumber min={1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="perCustomerLimit" label={t('promotions.perCustomer')}>
              <InputNumber min={1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="budget" label={t('promotions.budgetLimit')}>
              <Input {...money} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="firstOrderOnly" valuePropName="checked">
          <Checkbox>{t('promotions.firstOrder')}</Checkbox>
        </Form.Item>
        <ErrorAlert error={save.error} />
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('product.save')}
          </Button>
        </Space>
      </Form>
    </Modal>
  );
}
