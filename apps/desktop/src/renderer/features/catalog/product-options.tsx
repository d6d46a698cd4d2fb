// A product's options after creation: rename an option or its values in both languages, add
// values (the API adds the SKUs for the new combinations), remove a value (with its SKUs — the
// API refuses when they have been ordered, and says so).
import { addOptionValuesInput, updateOptionInput } from '@crossdock/domain/catalog';
import { optionValueCode } from '@crossdock/domain/catalog-rules';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, Popconfirm, Row, Space, Typography } from 'antd';
import type { z } from 'zod';
import { ErrorAlert } from '../../components/error-alert';
import { cleanLocalized, type FormText } from '../../components/localized-input';
import type { RouterOutputs } from '../../lib/api';
import { clearEditedErrors, fieldErrors, validateForm } from '../../lib/form-errors';
import { usePrefs } from '../../lib/i18n';
import { useApi } from '../../lib/session';

type Product = RouterOutputs['catalog']['products']['get'];
type Option = Product['options'][number];

function OptionCard({ product, option }: { product: Product; option: Option }) {
  const { t } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: FormText; labels: Record<string, FormText> }>();
  const [adding] = Form.useForm<{ label: FormText; code?: string }>();
  const done = () => {
    void client.invalidateQueries({ queryKey: ['product', product.id] });
    void client.invalidateQueries({ queryKey: ['products'] });
  };
  const rename = useMutation({
    mutationFn: (input: z.input<typeof updateOptionInput>) => api.catalog.products.updateOption.mutate(input),
    onSuccess: () => {
      done();
      message.success(t('product.saved'));
    },
  });
  const add = useMutation({
    mutationFn: (input: z.input<typeof addOptionValuesInput>) =>
      api.catalog.products.addOptionValues.mutate(input),
    onSuccess: () => {
      done();
      adding.resetFields();
    },
  });
  const removeValue = useMutation({
    mutationFn: (valueId: string) =>
      api.catalog.products.removeOptionValue.mutate({ productId: product.id, optionId: option.id, valueId }),
    onSuccess: done,
  });
  const error = rename.error ?? add.error ?? removeValue.error;

  return (
    <Card
      size="small"
      title={option.name.en}
      style={{ marginBottom: 16 }}
      data-testid={`option-${option.name.en}`}
    >
      <Form
        form={form}
        onValuesChange={(changed) => clearEditedErrors(form, changed)}
        layout="vertical"
        initialValues={{
          name: option.name,
          labels: Object.fromEntries(option.values.map((v) => [v.id, v.label])),
        }}
        onFinish={(values) => {
          const input = {
            productId: product.id,
            optionId: option.id,
            name: cleanLocalized(values.name) ?? { en: '' },
            labels: Object.fromEntries(
              option.values.map((v) => [v.id, cleanLocalized(values.labels?.[v.id]) ?? { en: '' }]),
            ),
          };
          if (validateForm(form, updateOptionInput, input).length === 0) rename.mutate(input);
        }}
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name={['name', 'en']} label={`${t('product.optionName')} · English`}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={['name', 'zh-CN']} label={`${t('product.optionName')} · 中文`}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        {option.values.map((value) => (
          <Space key={value.id} align="start" style={{ display: 'flex' }}>
            <Typography.Text code style={{ display: 'inline-block', width: 110, marginTop: 4 }}>
              {value.code}
            </Typography.Text>
            <Form.Item name={['labels', value.id, 'en']}>
              <Input aria-label={`${value.code} English`} />
            </Form.Item>
            <Form.Item name={['labels', value.id, 'zh-CN']}>
              <Input aria-label={`${value.code} 中文`} placeholder="中文" />
            </Form.Item>
            <Popconfirm
              title={t('product.removeValueConfirm', { value: value.label.en })}
              onConfirm={() => removeValue.mutate(value.id)}
            >
              <Button danger disabled={option.values.length === 1} aria-label={t('product.removeValue')}>
                ✕
              </Button>
            </Popconfirm>
          </Space>
        ))}
        <Button htmlType="submit" loading={rename.isPending}>
          {t('product.saveOption')}
        </Button>
      </Form>
      <Form
        form={adding}
        layout="inline"
        style={{ marginTop: 16 }}
        onFinish={(values) => {
          const label = cleanLocalized(values.label) ?? { en: '' };
          const input = {
            productId: product.id,
            optionId: option.id,
            values: [{ code: values.code?.trim() || optionValueCode(label.en), label }],
          };
          const errors = fieldErrors(addOptionValuesInput, input);
          if (errors.length) message.error(errors.flatMap((e) => e.errors).join(' '));
          else add.mutate(input);
        }}
      >
        <Form.Item name={['label', 'en']}>
          <Input placeholder={`${t('product.value')} · English`} />
        </Form.Item>
        <Form.Item name={['label', 'zh-CN']}>
          <Input placeholder={`${t('product.value')} · 中文`} />
        </Form.Item>
        <Form.Item name="code">
          <Input placeholder={t('product.valueCode')} style={{ width: 140 }} />
        </Form.Item>
        <Button htmlType="submit" loading={add.isPending}>
          {t('product.addValue')}
        </Button>
      </Form>
      <ErrorAlert error={error} gap={12} />
    </Card>
  );
}

export function ProductOptions({ product }: { product: Product }) {
  const { t } = usePrefs();
  if (product.options.length === 0)
    return <Typography.Paragraph type="secondary">{t('product.noOptions')}</Typography.Paragraph>;
  return (
    <>
      {product.options.map((option) => (
        <OptionCard key={`${option.id}:${option.values.length}`} product={product} option={option} />
      ))}
    </>
  );
}
