// The product editor: details in both languages, options, the SKU matrix with prices per
// currency, and photos — each tab saved on its own (Save or Ctrl+S saves the tab in front) — and
// publishing for staff with catalog:publish. The API refuses to publish a product that cannot be
// sold yet and lists what is missing; that message is shown as it comes.
import { updateProductInput } from '@crossdock/domain/catalog';
import { failureMessage } from '@crossdock/domain/messages';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Result, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/error-alert';
import { cleanLocalized } from '../../components/localized-input';
import type { RouterOutputs } from '../../lib/api';
import { reasonOf } from '../../lib/api';
import { useCommand } from '../../lib/commands';
import { clearEditedErrors, validateForm } from '../../lib/form-errors';
import { textIn, usePrefs } from '../../lib/i18n';
import { useLeaveGuard } from '../../lib/leave-guard';
import { useApi, useSession } from '../../lib/session';
import { type DetailsValues, detailsInput, ProductDetailsFields } from './product-fields';
import { ProductImages } from './product-images';
import { ProductOptions } from './product-options';
import { SkuMatrix } from './sku-matrix';

type Product = RouterOutputs['catalog']['products']['get'];
type Tab = 'details' | 'options' | 'skus' | 'images';

function DetailsTab({
  product,
  active,
  onDirty,
}: {
  product: Product;
  active: boolean;
  onDirty(dirty: boolean): void;
}) {
  const { t } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<DetailsValues>();
  const save = useMutation({
    mutationFn: (input: ReturnType<typeof detailsInput> & { id: string }) =>
      api.catalog.products.update.mutate(input),
    onSuccess: (saved) => {
      onDirty(false);
      client.setQueryData(['product', product.id], saved);
      void client.invalidateQueries({ queryKey: ['products'] });
      message.success(t('product.saved'));
    },
  });
  useCommand('save', () => form.submit(), active);
  return (
    <Form<DetailsValues>
      form={form}
      onValuesChange={(changed) => {
        clearEditedErrors(form, changed);
        onDirty(true);
      }}
      layout="vertical"
      initialValues={{
        title: product.title,
        slug: product.slug,
        categoryId: product.categoryId,
        brandId: product.brandId,
        description: product.description ?? undefined,
        attributes: product.attributes,
        seo: { title: product.seoTitle ?? undefined, description: product.seoDescription ?? undefined },
      }}
      onFinish={(values) => {
        const input = {
          id: product.id,
          ...detailsInput(values),
          description: cleanLocalized(values.description) ?? null,
        };
        if (validateForm(form, updateProductInput, input).length === 0) save.mutate(input);
      }}
    >
      <ProductDetailsFields />
      <ErrorAlert error={save.error} />
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('product.save')}
        </Button>
        <Typography.Text type="secondary">Ctrl+S</Typography.Text>
      </Space>
    </Form>
  );
}

export function ProductPage() {
  const { id = '' } = useParams();
  const { t, locale } = usePrefs();
  const api = useApi();
  const { user } = useSession();
  const client = useQueryClient();
  const [tab, setTab] = useState<Tab>('details');
  const [detailsDirty, setDetailsDirty] = useState(false);
  const [skusDirty, setSkusDirty] = useState(false);
  useLeaveGuard(detailsDirty || skusDirty);
  const product = useQuery({
    queryKey: ['product', id],
    queryFn: () => api.catalog.products.get.query({ id }),
    retry: (count, error) => reasonOf(error) !== 'NOT_FOUND' && count < 1,
  });
  const currencies = useQuery({
    queryKey: ['currencies'],
    queryFn: () => api.catalog.currencies.list.query(),
  });
  const setStatus = useMutation({
    mutationFn: (status: 'draft' | 'active' | 'archived') =>
      api.catalog.products.setStatus.mutate({ id, status }),
    onSuccess: (saved) => {
      client.setQueryData(['product', id], saved);
      void client.invalidateQueries({ queryKey: ['products'] });
    },
  });

  // A refusal to publish is about the product as it was: once it changes, it no longer applies.
  const { reset: resetPublish } = setStatus;
  const changedAt = product.dataUpdatedAt;
  useEffect(() => {
    if (changedAt) resetPublish();
  }, [changedAt, resetPublish]);

  if (product.isLoading) return <Spin />;
  if (product.isError || !product.data) {
    return (
      <Result
        status="404"
        title={product.error ? failureMessage(product.error) : t('product.notFound')}
        extra={<Link to="/products">{t('products.heading')}</Link>}
      />
    );
  }
  const p = product.data;
  const canPublish = user?.permissions.has('catalog:publish') ?? false;
  const canWrite = user?.permissions.has('catalog:write') ?? false;

  return (
    <section aria-labelledby="product-title">
      <Link to="/products">← {t('products.heading')}</Link>
      <Space align="center" style={{ display: 'flex', justifyContent: 'space-between' }}>
        <Space align="center">
          <Typography.Title id="product-title" level={3} style={{ margin: '8px 0' }}>
            {textIn(p.title, locale)}
          </Typography.Title>
          <Tag
            data-testid="product-status"
            color={p.status === 'active' ? 'green' : p.status === 'draft' ? 'gold' : 'default'}
          >
            {t(`status.product.${p.status}`)}
          </Tag>
        </Space>
        {canPublish ? (
          <Space>
            {p.status === 'active' ? (
              <Button onClick={() => setStatus.mutate('draft')} loading={setStatus.isPending}>
                {t('products.unpublish')}
              </Button>
            ) : (
              <Button type="primary" onClick={() => setStatus.mutate('active')} loading={setStatus.isPending}>
                {t('products.publish')}
              </Button>
            )}
          </Space>
        ) : null}
      </Space>
      {setStatus.error ? (
        <Alert
          type="warning"
          role="alert"
          title={failureMessage(setStatus.error)}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {canWrite ? (
        <Card size="small">
          <Tabs
            activeKey={tab}
            onChange={(key) => setTab(key as Tab)}
            items={[
              {
                key: 'details',
                label: t('product.details'),
                children: <DetailsTab product={p} active={tab === 'details'} onDirty={setDetailsDirty} />,
              },
              { key: 'options', label: t('product.options'), children: <ProductOptions product={p} /> },
              {
                key: 'skus',
                label: t('product.skus', { n: p.skus.length }),
                children: currencies.data ? (
                  <SkuMatrix
                    // A new matrix when the SKUs change (saved, values added), not when the details do.
                    key={JSON.stringify(p.skus)}
                    product={p}
                    currencies={currencies.data}
                    active={tab === 'skus'}
                    onDirty={setSkusDirty}
                  />
                ) : (
                  <Spin />
                ),
              },
              {
                key: 'images',
                label: t('product.images', { n: p.images.length }),
                children: <ProductImages product={p} />,
              },
            ]}
          />
        </Card>
      ) : (
        <Alert type="info" title={t('product.readOnly')} />
      )}
    </section>
  );
}
