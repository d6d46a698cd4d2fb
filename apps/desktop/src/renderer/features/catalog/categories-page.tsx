// The category tree: drag a category before, after or onto another to reorder or move it (the
// API refuses a move under itself), pick one to edit its names, slug and description in both
// languages, add a category at the top or under the chosen one, archive (hidden from the shop,
// refused while it holds active products) or delete an empty one — both after confirmation.
import { createCategoryInput, updateCategoryInput } from '@crossdock/domain/catalog';
import { slugify } from '@crossdock/domain/catalog-rules';
import { failureMessage } from '@crossdock/domain/messages';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TreeProps } from 'antd';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  Popconfirm,
  Row,
  Space,
  Spin,
  Tag,
  Tree,
  Typography,
} from 'antd';
import { useRef, useState } from 'react';
import { useCategoryTree } from '../../components/catalog-pickers';
import { ErrorAlert } from '../../components/error-alert';
import { cleanLocalized, type FormText, LocalizedInput } from '../../components/localized-input';
import type { RouterOutputs } from '../../lib/api';
import { useCommand } from '../../lib/commands';
import { clearEditedErrors, validateForm } from '../../lib/form-errors';
import { textIn, usePrefs } from '../../lib/i18n';
import { useLeaveGuard } from '../../lib/leave-guard';
import { useApi, useSession } from '../../lib/session';
import { categoryDropTarget, findInTree } from './category-drop';

type Category = RouterOutputs['catalog']['categories']['tree'][number];

interface CategoryValues {
  name?: FormText;
  description?: FormText;
  slug?: string;
}

function categoryInput(values: CategoryValues) {
  return {
    name: cleanLocalized(values.name) ?? { en: '' },
    slug: values.slug?.trim() ?? '',
    description: cleanLocalized(values.description),
  };
}

function CategoryForm({
  category,
  parent,
  onDone,
  onDirty,
}: {
  category: Category | null;
  parent: Category | null;
  onDone(id: string | null): void;
  /** Told when the form is edited (true) and when its edits are saved or dropped (false). */
  onDirty(dirty: boolean): void;
}) {
  const { t, locale } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<CategoryValues>();
  const slugTouched = useRef(Boolean(category));
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['categories'] });
    void client.invalidateQueries({ queryKey: ['products'] });
  };
  const save = useMutation({
    mutationFn: async (values: CategoryValues) => {
      const { name, slug, description } = categoryInput(values);
      if (category) {
        await api.catalog.categories.update.mutate({
          id: category.id,
          name,
          slug,
          description: description ?? null,
        });
        return category.id;
      }
      const input = { name, slug, parentId: parent?.id ?? null, ...(description ? { description } : {}) };
      return (await api.catalog.categories.create.mutate(input)).id;
    },
    onSuccess: (id) => {
      refresh();
      message.success(t('product.saved'));
      onDirty(false);
      onDone(id);
    },
  });
  const submit = (values: CategoryValues) => {
    const { name, slug, description } = categoryInput(values);
    const errors = category
      ? validateForm(form, updateCategoryInput, {
          id: category.id,
          name,
          slug,
          description: description ?? null,
        })
      : validateForm(form, createCategoryInput, { name, slug, parentId: parent?.id ?? null, description });
    if (errors.length === 0) save.mutate(values);
  };
  const archive = useMutation({
    mutationFn: (archived: boolean) => api.catalog.categories.archive.mutate({ id: category!.id, archived }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => api.catalog.categories.delete.mutate({ id: category!.id }),
    onSuccess: () => {
      refresh();
      onDirty(false);
      onDone(null);
    },
  });
  useCommand('save', () => form.submit());
  const error = [save.error, archive.error, remove.error].find((e) => e?.message);

  return (
    <Card
      size="small"
      title={
        category
          ? textIn(category.name, locale)
          : parent
            ? t('categories.newUnder', { parent: textIn(parent.name, locale) })
            : t('categories.new')
      }
    >
      <Form<CategoryValues>
        form={form}
        layout="vertical"
        initialValues={{
          name: category?.name,
          slug: category?.slug,
          description: category?.description ?? undefined,
        }}
        onValuesChange={(changed) => {
          clearEditedErrors(form, changed);
          onDirty(true);
          if ('slug' in changed) slugTouched.current = true;
          if (changed.name?.en !== undefined && !slugTouched.current)
            form.setFieldValue('slug', slugify(changed.name.en));
        }}
        onFinish={submit}
      >
        <LocalizedInput name={['name']} label={t('categories.name')} required />
        <Form.Item name="slug" label={t('product.slug')} required>
          <Input />
        </Form.Item>
        <LocalizedInput name={['description']} label={t('product.description')} area />
        <ErrorAlert error={error} />
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('product.save')}
          </Button>
          {category ? (
            <>
              <Popconfirm
                title={category.archived ? t('categories.restoreConfirm') : t('categories.archiveConfirm')}
                onConfirm={() => archive.mutate(!category.archived)}
              >
                <Button>{category.archived ? t('categories.restore') : t('categories.archive')}</Button>
              </Popconfirm>
              <Popconfirm title={t('categories.deleteConfirm')} onConfirm={() => remove.mutate()}>
                <Button danger>{t('categories.delete')}</Button>
              </Popconfirm>
            </>
          ) : null}
        </Space>
      </Form>
    </Card>
  );
}

export function CategoriesPage() {
  const { t, locale } = usePrefs();
  const api = useApi();
  const { user } = useSession();
  const client = useQueryClient();
  const canWrite = user?.permissions.has('catalog:write') ?? false;
  const tree = useCategoryTree();
  const [chosen, setChosen] = useState<string | null>(null);
  const [adding, setAdding] = useState<'top' | 'under' | null>(null);
  // Leaving the page with an edited category asks first; another category or "new" replaces the form.
  const [dirty, setDirty] = useState(false);
  useLeaveGuard(dirty);
  const startAdding = (where: 'top' | 'under') => {
    setAdding(where);
    setDirty(false);
  };
  const move = useMutation({
    mutationFn: (input: { id: string; parentId: string | null; position: number }) =>
      api.catalog.categories.move.mutate(input),
    onSuccess: (next) => {
      client.setQueryData(['categories'], next);
      void client.invalidateQueries({ queryKey: ['products'] });
    },
  });
  useCommand('new', () => startAdding(chosen ? 'under' : 'top'), canWrite);

  const roots = tree.data ?? [];
  const selected = chosen ? (findInTree(roots, chosen)?.node ?? null) : null;
  const toNode = (c: Category): NonNullable<TreeProps['treeData']>[number] => ({
    key: c.id,
    title: (
      <span>
        {textIn(c.name, locale)}{' '}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          /{c.slug}
        </Typography.Text>{' '}
        {c.archived ? <Tag>{t('categories.archived')}</Tag> : null}
      </span>
    ),
    children: c.children.map(toNode),
  });
  const onDrop: TreeProps['onDrop'] = (info) => {
    // antd gives the drop as an index relative to the target: -1 before, 1 after, else inside.
    const path = info.node.pos.split('-');
    const relative = info.dropPosition - Number(path[path.length - 1]);
    const place = !info.dropToGap ? 'inside' : relative === -1 ? 'before' : 'after';
    const target = categoryDropTarget(roots, String(info.dragNode.key), String(info.node.key), place);
    if (target) move.mutate(target);
  };

  return (
    <section aria-labelledby="categories-title">
      <Space style={{ display: 'flex', justifyContent: 'space-between' }}>
        <Typography.Title id="categories-title" level={3}>
          {t('categories.title')}
        </Typography.Title>
        {canWrite ? (
          <Space>
            <Button onClick={() => startAdding('top')}>{t('categories.new')}</Button>
            <Button type="primary" disabled={!selected} onClick={() => startAdding('under')}>
              {t('categories.addUnder')}
            </Button>
          </Space>
        ) : null}
      </Space>
      {canWrite ? <Typography.Paragraph type="secondary">{t('categories.hint')}</Typography.Paragraph> : null}
      {tree.isError ? <Alert type="error" title={failureMessage(tree.error)} /> : null}
      <ErrorAlert error={move.error} gap={12} />
      <Row gutter={16}>
        <Col span={10}>
          <Card size="small">
            {tree.isLoading ? (
              <Spin />
            ) : roots.length === 0 ? (
              <Empty description={t('categories.empty')} />
            ) : (
              <Tree
                aria-label={t('categories.title')}
                blockNode
                showLine
                defaultExpandAll
                draggable={canWrite ? { icon: false } : false}
                selectedKeys={chosen ? [chosen] : []}
                onSelect={(keys) => {
                  setChosen((keys[0] as string | undefined) ?? null);
                  setAdding(null);
                  setDirty(false);
                }}
                onDrop={onDrop}
                treeData={roots.map(toNode)}
              />
            )}
          </Card>
        </Col>
        <Col span={14}>
          {canWrite && adding ? (
            <CategoryForm
              key={`new:${adding}:${chosen}`}
              category={null}
              parent={adding === 'under' ? selected : null}
              onDone={(id) => {
                setAdding(null);
                setChosen(id);
              }}
              onDirty={setDirty}
            />
          ) : canWrite && selected ? (
            <CategoryForm
              key={selected.id}
              category={selected}
              parent={null}
              onDone={setChosen}
              onDirty={setDirty}
            />
          ) : (
            <Typography.Paragraph type="secondary">{t('categories.pick')}</Typography.Paragraph>
          )}
        </Col>
      </Row>
    </section>
  );
}
