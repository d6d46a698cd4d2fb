// Brands: search, keyset pages, add and rename (slug follows the name until edited), archive or
// restore after confirmation. Archived brands stay on their products but cannot be chosen anew.
import { createBrandInput, updateBrandInput } from '@crossdock/domain/catalog';
import { slugify } from '@crossdock/domain/catalog-rules';
import { failureMessage } from '@crossdock/domain/messages';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { ExportButton } from '../../components/export-button';
import { FormDialog } from '../../components/form-dialog';
import { KeysetPager, useKeysetPages } from '../../components/keyset-pager';
import { rowKeys } from '../../components/row-keys';
import type { RouterOutputs } from '../../lib/api';
import { useCommand } from '../../lib/commands';
import { clearEditedErrors, validateForm } from '../../lib/form-errors';
import { usePrefs } from '../../lib/i18n';
import { useApi, useSession } from '../../lib/session';

type Brand = RouterOutputs['catalog']['brands']['list']['items'][number];

function BrandDialog({ brand, onClose }: { brand: Brand | null; onClose(): void }) {
  const { t } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const [form] = Form.useForm<{ name: string; slug: string }>();
  const slugTouched = useRef(Boolean(brand));
  const save = useMutation({
    mutationFn: (values: { name: string; slug: string }) =>
      brand
        ? api.catalog.brands.update.mutate({ id: brand.id, ...values })
        : api.catalog.brands.create.mutate(values),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['brands'] });
      onClose();
    },
  });
  useCommand('save', () => form.submit());
  return (
    <FormDialog title={brand ? brand.name : t('brands.new')} onClose={onClose}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: brand?.name ?? '', slug: brand?.slug ?? '' }}
        onValuesChange={(changed: { name?: string; slug?: string }) => {
          clearEditedErrors(form, changed);
          if ('slug' in changed) slugTouched.current = true;
          if (changed.name !== undefined && !slugTouched.current)
            form.setFieldValue('slug', slugify(changed.name));
        }}
        onFinish={(values) => {
          const input = { name: values.name?.trim() ?? '', slug: values.slug?.trim() ?? '' };
          const errors = brand
            ? validateForm(form, updateBrandInput, { id: brand.id, ...input })
            : validateForm(form, createBrandInput, input);
          if (errors.length === 0) save.mutate(input);
        }}
      >
        <Form.Item name="name" label={t('brands.name')} required>
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="slug" label={t('product.slug')} required>
          <Input />
        </Form.Item>
        <ErrorAlert error={save.error} />
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('product.save')}
        </Button>
      </Form>
    </FormDialog>
  );
}

export function BrandsPage() {
  const { t } = usePrefs();
  const api = useApi();
  const { user } = useSession();
  const client = useQueryClient();
  const canWrite = user?.permissions.has('catalog:write') ?? false;
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Brand | 'new' | null>(null);
  const pages = useKeysetPages();
  const { cursor } = pages;
  const filters = search ? { search } : {};
  const list = useQuery({
    queryKey: ['brands', filters, cursor],
    queryFn: () => api.catalog.brands.list.query({ limit: 50, cursor, ...filters }),
  });
  const archive = useMutation({
    mutationFn: (input: { id: string; archived: boolean }) => api.catalog.brands.update.mutate(input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['brands'] }),
  });
  useCommand('new', () => setEditing('new'), canWrite && editing === null);

  return (
    <section aria-labelledby="brands-title">
      <Typography.Title id="brands-title" level={3}>
        {t('brands.title')}
      </Typography.Title>
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          aria-label={t('brands.search')}
          placeholder={t('brands.search')}
          allowClear
          style={{ width: 280 }}
          onSearch={(v) => {
            setSearch(v.trim());
            pages.reset();
          }}
        />
        {canWrite ? (
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('brands.new')}
          </Button>
        ) : null}
        <ExportButton
          name="brands"
          page={(c) => api.catalog.brands.list.query({ limit: 100, cursor: c, ...filters })}
          columns={[
            { header: t('brands.name'), value: (r) => r.name },
            { header: 'Slug', value: (r) => r.slug },
            { header: t('orders.status'), value: (r) => (r.archivedAt ? 'archived' : 'active') },
          ]}
        />
      </Space>
      {list.isError ? <Alert type="error" title={failureMessage(list.error)} /> : null}
      {archive.error ? <Alert type="error" role="alert" title={failureMessage(archive.error)} /> : null}
      <Table<Brand>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: search ? t('brands.noMatch') : t('brands.empty') }}
        onRow={(row) =>
          canWrite ? { ...rowKeys(() => setEditing(row)), onDoubleClick: () => setEditing(row) } : {}
        }
        columns={[
          { title: t('brands.name'), dataIndex: 'name' },
          { title: 'Slug', dataIndex: 'slug' },
          {
            title: t('orders.status'),
            key: 'status',
            render: (_v, r) =>
              r.archivedAt ? <Tag>{t('categories.archived')}</Tag> : <Tag color="green">active</Tag>,
          },
          {
            title: '',
            key: 'actions',
            render: (_v, r) =>
              canWrite ? (
                <Space>
                  <Button size="small" onClick={() => setEditing(r)}>
                    {t('brands.edit')}
                  </Button>
                  <Popconfirm
                    title={r.archivedAt ? t('brands.restoreConfirm') : t('brands.archiveConfirm')}
                    onConfirm={() => archive.mutate({ id: r.id, archived: !r.archivedAt })}
                  >
                    <Button size="small">
                      {r.archivedAt ? t('categories.restore') : t('categories.archive')}
                    </Button>
                  </Popconfirm>
                </Space>
              ) : null,
          },
        ]}
      />
      <KeysetPager pages={pages} nextCursor={list.data?.nextCursor} />
      {editing ? (
        <BrandDialog brand={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </section>
  );
}
