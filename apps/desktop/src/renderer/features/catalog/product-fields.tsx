import { Col, Form, Input, Row } from 'antd';
import { BrandSelect, CategorySelect } from '../../components/catalog-pickers';
import { cleanLocalized, type FormText, LocalizedInput } from '../../components/localized-input';
import { usePrefs } from '../../lib/i18n';

/** Title, slug, category, brand, description and the customs attributes. */
export function ProductDetailsFields({ onTitleChange }: { onTitleChange?(en: string): void }) {
  const { t } = usePrefs();
  return (
    <>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name={['title', 'en']} label={`${t('product.title')} · English`} required>
            <Input autoFocus onChange={(e) => onTitleChange?.(e.target.value)} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={['title', 'zh-CN']} label={`${t('product.title')} · 中文`}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="slug" label={t('product.slug')} required extra={t('product.slugHint')}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="categoryId" label={t('products.category')} required>
            <CategorySelect />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="brandId" label={t('product.brand')}>
            <BrandSelect />
          </Form.Item>
        </Col>
      </Row>
      <LocalizedInput name={['description']} label={t('product.description')} area />
      <LocalizedInput name={['seo', 'title']} label={t('product.seoTitle')} />
      <LocalizedInput name={['seo', 'description']} label={t('product.seoDescription')} />
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name={['attributes', 'hsCode']} label={t('product.hsCode')}>
            <Input placeholder="610910" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={['attributes', 'countryOfOrigin']} label={t('product.origin')}>
            <Input placeholder="CN" maxLength={2} />
          </Form.Item>
        </Col>
      </Row>
      <LocalizedInput name={['attributes', 'material']} label={t('product.material')} />
      <LocalizedInput name={['attributes', 'care']} label={t('product.care')} />
    </>
  );
}

export interface DetailsValues {
  title?: FormText;
  slug?: string;
  categoryId?: string;
  brandId?: string | null;
  description?: FormText;
  attributes?: { material?: FormText; hsCode?: string; countryOfOrigin?: string; care?: FormText };
  seo?: { title?: FormText; description?: FormText };
}

/** The details part of a create or update input, cleaned of blanks. */
export function detailsInput(values: DetailsValues) {
  const given = values.attributes ?? {};
  const attributes = Object.fromEntries(
    Object.entries({
      material: cleanLocalized(given.material),
      hsCode: given.hsCode?.trim(),
      countryOfOrigin: given.countryOfOrigin?.trim(),
      care: cleanLocalized(given.care),
    }).filter(([, v]) => v),
  );
  return {
    title: cleanLocalized(values.title) ?? { en: '' },
    slug: values.slug?.trim() ?? '',
    categoryId: values.categoryId ?? '',
    brandId: values.brandId ?? null,
    attributes,
    seo: { title: cleanLocalized(values.seo?.title), description: cleanLocalized(values.seo?.description) },
  };
}
