// A new product: its details in both languages and up to three options with their values (a
// value's code, used in SKU codes, comes from its English label unless staff type one). The
// API creates one SKU per combination; pricing, images and publishing follow in the editor.
import { createProductInput } from '@crossdock/domain/catalog';
import { optionValueCode, slugify } from '@crossdock/domain/catalog-rules';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, Row, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/error-alert';
import { cleanLocalized, type FormText } from '../../components/localized-input';
import { useCommand } from '../../lib/commands';
import { clearEditedErrors, validateForm } from '../../lib/form-errors';
import { usePrefs } from '../../lib/i18n';
import { useLeaveGuard } from '../../lib/leave-guard';
import { useApi } from '../../lib/session';
import { type DetailsValues, detailsInput, ProductDetailsFields } from './product-fields';

interface OptionValues {
  name?: FormText;
  values?: { label?: FormText; code?: string }[];
}

interface NewProductValues extends DetailsValues {
  skuPrefix?: string;
  options?: OptionValues[];
}

/** Form values → createProduct's input (checked against the same contract afterwards). */
export function newProductInput(values: NewProductValues) {
  return {
    ...detailsInput(values),
    description: cleanLocalized(values.description),
    ...(values.skuPrefix?.trim() ? { skuPrefix: values.skuPrefix.trim() } : {}),
    options: (values.options ?? []).map((option) => ({
      name: cleanLocalized(option.name) ?? { en: '' },
      values: (option.values ?? []).map((value) => {
        const label = cleanLocalized(value.label) ?? { en: '' };
        return { code: value.code?.trim() || optionValueCode(label.en), label };
      }),
    })),
  };
}

export function NewProductPage() {
  const { t } = usePrefs();
  const api = useApi();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<NewProductValues>();
  const slugTouched = useRef(false);
  const [dirty, setDirty] = useState(false);
  const guard = useLeaveGuard(dirty);
  const create = useMutation({
    mutationFn: (input: ReturnType<typeof newProductInput>) => api.catalog.products.create.mutate(input),
    onSuccess: (product) => {
      guard.saved();
      void client.invalidateQueries({ queryKey: ['products'] });
      message.success(t('product.created'));
      navigate(`/products/${product.id}`);
    },
  });
  // Errors about a whole list (an option without values, too many options) have no field to sit on.
  const [listProblems, setListProblems] = useState<string[]>([]);
  const submit = (values: NewProductValues) => {
    const input = newProductInput(values);
    const errors = validateForm(form, createProductInput, input);
    setListProblems(
      errors.filter((e) => ['values', 'options'].includes(String(e.name.at(-1)))).flatMap((e) => e.errors),
    );
    if (errors.length === 0) create.mutate(input);
  };
  useCommand('save', () => form.submit());

  return (
    <section aria-labelledby="new-product-title">
      <Link to="/products">← {t('products.heading')}</Link>
      <Typography.Title id="new-product-title" level={3}>
        {t('product.new')}
      </Typography.Title>
      <Form<NewProductValues>
        form={form}
        layout="vertical"
        initialValues={{ options: [], brandId: null }}
        onFinish={submit}
        onValuesChange={(changed) => {
          clearEditedErrors(form, changed);
          setDirty(true);
          if ('slug' in changed) slugTouched.current = true;
        }}
      >
        <Card title={t('product.details')} size="small" style={{ marginBottom: 16 }}>
          <ProductDetailsFields
            onTitleChange={(en) => {
              if (!slugTouched.current) form.setFieldValue('slug', slugify(en));
            }}
          />
          <Form.Item name="skuPrefix" label={t('product.skuPrefix')} extra={t('product.skuPrefixHint')}>
            <Input style={{ width: 240 }} placeholder="TEE" />
          </Form.Item>
        </Card>
        <Card title={t('product.options')} size="small" style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('product.optionsHint')}</Typography.Paragraph>
          <Form.List name="options">
            {(options, { add, remove }) => (
              <>
                {options.map((option, index) => (
                  <Card
                    key={option.key}
                    size="small"
                    type="inner"
                    style={{ marginBottom: 12 }}
                    title={`${t('product.option')} ${index + 1}`}
                    extra={
                      <Button size="small" danger onClick={() => remove(option.name)}>
                        {t('product.removeOption')}
                      </Button>
                    }
                  >
                    <Row gutter={12}>
                      <Col span={12}>
                        <Form.Item
                          name={[option.name, 'name', 'en']}
                          label={`${t('product.optionName')} · English`}
                          required
                        >
                          <Input placeholder="Colour" />
                        </Form.Item>
                      </Col>
                      <Col span={12}>
                        <Form.Item
                          name={[option.name, 'name', 'zh-CN']}
                          label={`${t('product.optionName')} · 中文`}
                        >
                          <Input placeholder="颜色" />
                        </Form.Item>
                      </Col>
                    </Row>
                    <Form.List name={[option.name, 'values']}>
                      {(values, valueOps) => (
                        <>
                          {values.map((value) => (
                            <Space key={value.key} align="start" style={{ display: 'flex' }}>
                              <Form.Item name={[value.name, 'label', 'en']}>
                                <Input placeholder={`${t('product.value')} · English`} />
                              </Form.Item>
                              <Form.Item name={[value.name, 'label', 'zh-CN']}>
                                <Input placeholder={`${t('product.value')} · 中文`} />
                              </Form.Item>
                              <Form.Item name={[value.name, 'code']}>
                                <Input placeholder={t('product.valueCode')} style={{ width: 140 }} />
                              </Form.Item>
                              <Button
                                onClick={() => valueOps.remove(value.name)}
                                aria-label={t('product.removeValue')}
                              >
                                ✕
                              </Button>
                            </Space>
                          ))}
                          <Button size="small" onClick={() => valueOps.add({ label: { en: '' } })}>
                            {t('product.addValue')}
                          </Button>
                        </>
                      )}
                    </Form.List>
                  </Card>
                ))}
                <Button
                  disabled={options.length >= 3}
                  onClick={() => add({ name: { en: '' }, values: [{ label: { en: '' } }] })}
                >
                  {t('product.addOption')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>
        {listProblems.length ? (
          <Alert type="error" role="alert" title={listProblems.join(' ')} style={{ marginBottom: 16 }} />
        ) : null}
        <ErrorAlert error={create.error} />
        <Space>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {t('product.create')}
          </Button>
          <Typography.Text type="secondary">Ctrl+S</Typography.Text>
        </Space>
      </Form>
    </section>
  );
}
