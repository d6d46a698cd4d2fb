// Pickers for catalog things, for any form that points at them: a category from the tree, a
// brand, products found by title or SKU.
import { useQuery } from '@tanstack/react-query';
import { Select, TreeSelect } from 'antd';
import { type CSSProperties, useState } from 'react';
import type { RouterOutputs } from '../lib/api';
import { textIn, usePrefs } from '../lib/i18n';
import { useApi } from '../lib/session';

type Category = RouterOutputs['catalog']['categories']['tree'][number];

export function useCategoryTree() {
  const api = useApi();
  return useQuery({ queryKey: ['categories'], queryFn: () => api.catalog.categories.tree.query() });
}

interface PickerProps<V> {
  value?: V;
  onChange?(value: V): void;
  id?: string;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  style?: CSSProperties;
  'aria-label'?: string;
}

/** The category tree as picker options; archived categories cannot be chosen. */
function useCategoryOptions() {
  const { locale } = usePrefs();
  const tree = useCategoryTree();
  const toNode = (c: Category): object => ({
    value: c.id,
    title: textIn(c.name, locale),
    disabled: c.archived,
    children: c.children.map(toNode),
  });
  return {
    showSearch: true,
    treeNodeFilterProp: 'title',
    treeDefaultExpandAll: true,
    loading: tree.isLoading,
    treeData: (tree.data ?? []).map(toNode),
  };
}

/** One category from the tree. */
export function CategorySelect(props: PickerProps<string>) {
  return <TreeSelect<string> {...props} {...useCategoryOptions()} />;
}

/** Several categories from the tree. */
export function CategoriesSelect(props: PickerProps<string[]>) {
  return <TreeSelect<string[]> {...props} multiple {...useCategoryOptions()} />;
}

export function BrandSelect(props: PickerProps<string | null>) {
  const api = useApi();
  const brands = useQuery({
    queryKey: ['brands', 'all'],
    queryFn: () => api.catalog.brands.list.query({ limit: 100, includeArchived: false }),
  });
  return (
    <Select
      id={props.id}
      aria-label={props['aria-label']}
      placeholder={props.placeholder}
      style={props.style}
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.(v ?? null)}
      allowClear
      showSearch
      optionFilterProp="label"
      loading={brands.isLoading}
      options={(brands.data?.items ?? []).map((b) => ({ value: b.id, label: b.name }))}
    />
  );
}

/** Products chosen by searching their title or SKU (the list shows the ones already chosen). */
export function ProductSelect(props: PickerProps<string[]>) {
  const { locale } = usePrefs();
  const api = useApi();
  const [search, setSearch] = useState('');
  const found = useQuery({
    queryKey: ['products', 'picker', search],
    queryFn: () => api.catalog.products.list.query({ limit: 20, ...(search ? { search } : {}) }),
  });
  // Names of the chosen products stay known while other searches run.
  const [known, setKnown] = useState<Record<string, string>>({});
  const options = new Map(Object.entries(known));
  for (const p of found.data?.items ?? []) options.set(p.id, textIn(p.title, locale));
  return (
    <Select
      mode="multiple"
      id={props.id}
      aria-label={props['aria-label']}
      placeholder={props.placeholder}
      style={props.style}
      value={props.value ?? []}
      onChange={(ids: string[]) => {
        setKnown(Object.fromEntries(ids.map((id) => [id, options.get(id) ?? id])));
        props.onChange?.(ids);
      }}
      filterOption={false}
      showSearch
      onSearch={setSearch}
      loading={found.isFetching}
      options={[...options].map(([value, label]) => ({ value, label }))}
    />
  );
}
