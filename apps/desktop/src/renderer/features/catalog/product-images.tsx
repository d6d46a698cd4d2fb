// A product's photos: drop files (or pick them) to upload, drag a photo onto another to reorder
// (or move it with its arrow buttons from the keyboard), remove with confirmation. The first
// photo is the one the shop shows on cards. Files over the API's limit are refused here, before
// uploading, with the limit in the message; the API checks again and its answer is shown.
import { InboxOutlined } from '@ant-design/icons';
import { MAX_IMAGE_BYTES } from '@crossdock/domain/catalog-constants';
import { currentLocale, failureMessage, message as word } from '@crossdock/domain/messages';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Popconfirm, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { RouterOutputs } from '../../lib/api';
import { textIn, usePrefs } from '../../lib/i18n';
import { useApi, useSession } from '../../lib/session';
import { moveItem } from './reorder';

type Product = RouterOutputs['catalog']['products']['get'];

const MB = MAX_IMAGE_BYTES / 1024 / 1024;

export function ProductImages({ product }: { product: Product }) {
  const { t, locale } = usePrefs();
  const api = useApi();
  const { serverUrl, authHeaders } = useSession();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<string[]>([]);
  const [uploading, setUploading] = useState(0);
  const [dragged, setDragged] = useState<string | null>(null);
  const refresh = (next?: Product) => {
    if (next) client.setQueryData(['product', product.id], next);
    else void client.invalidateQueries({ queryKey: ['product', product.id] });
  };

  const reorder = useMutation({
    mutationFn: (imageIds: string[]) =>
      api.catalog.products.reorderImages.mutate({ productId: product.id, imageIds }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (imageId: string) =>
      api.catalog.products.deleteImage.mutate({ productId: product.id, imageId }),
    onSuccess: refresh,
  });

  async function upload(file: File) {
    if (file.size > MAX_IMAGE_BYTES) {
      setProblems((p) => [...p, t('images.tooLarge', { name: file.name, mb: MB })]);
      return;
    }
    setUploading((n) => n + 1);
    try {
      const body = new FormData();
      body.append('file', file);
      const response = await fetch(`${serverUrl}/uploads/products/${product.id}/images`, {
        method: 'POST',
        headers: { ...(await authHeaders()), 'accept-language': currentLocale() },
        body,
      });
      if (!response.ok) {
        const answer = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        setProblems((p) => [...p, `${file.name}: ${answer?.error?.message ?? word('error.INTERNAL')}`]);
      } else message.success(t('images.uploaded', { name: file.name }));
    } catch {
      setProblems((p) => [...p, `${file.name}: ${t('images.network')}`]);
    } finally {
      setUploading((n) => n - 1);
      refresh();
    }
  }

  const ids = product.images.map((i) => i.id);
  const move = (from: number, to: number) => {
    const next = moveItem(ids, from, to);
    if (next.join() !== ids.join()) reorder.mutate(next);
  };

  return (
    <>
      <Upload.Dragger
        multiple
        accept="image/jpeg,image/png,image/webp,image/avif,image/gif"
        showUploadList={false}
        beforeUpload={(file) => {
          setProblems([]);
          void upload(file);
          return Upload.LIST_IGNORE;
        }}
        style={{ marginBottom: 16 }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('images.drop')}</p>
        <p className="ant-upload-hint">{t('images.hint', { mb: MB })}</p>
      </Upload.Dragger>
      {uploading ? <Typography.Text>{t('images.uploading', { n: uploading })}</Typography.Text> : null}
      {problems.length ? (
        <Alert
          type="error"
          role="alert"
          closable
          onClose={() => setProblems([])}
          title={problems.map((p) => <div key={p}>{p}</div>)}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {reorder.error || remove.error ? (
        <Alert
          type="error"
          role="alert"
          title={failureMessage(reorder.error ?? remove.error)}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {product.images.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('images.none')}</Typography.Paragraph>
      ) : null}
      <ol
        aria-label={t('images.list')}
        style={{ display: 'flex', flexWrap: 'wrap', gap: 12, listStyle: 'none', padding: 0 }}
      >
        {product.images.map((image, index) => (
          <li
            key={image.id}
            draggable
            data-testid="product-image"
            onDragStart={() => setDragged(image.id)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              if (dragged) move(ids.indexOf(dragged), index);
              setDragged(null);
            }}
            style={{ opacity: dragged === image.id ? 0.5 : 1, cursor: 'grab' }}
          >
            <Card
              size="small"
              style={{ width: 180 }}
              cover={
                <img
                  src={`${serverUrl}${image.urls.thumb}`}
                  alt={textIn(image.alt, locale) || `${t('images.photo')} ${index + 1}`}
                  width={180}
                  height={180}
                  style={{ objectFit: 'cover' }}
                />
              }
            >
              <Space>
                <Typography.Text strong>{index === 0 ? t('images.main') : `#${index + 1}`}</Typography.Text>
                <Button
                  size="small"
                  aria-label={t('images.earlier')}
                  disabled={index === 0}
                  onClick={() => move(index, index - 1)}
                >
                  ←
                </Button>
                <Button
                  size="small"
                  aria-label={t('images.later')}
                  disabled={index === product.images.length - 1}
                  onClick={() => move(index, index + 1)}
                >
                  →
                </Button>
                <Popconfirm title={t('images.removeConfirm')} onConfirm={() => remove.mutate(image.id)}>
                  <Button size="small" danger aria-label={t('images.remove')}>
                    ✕
                  </Button>
                </Popconfirm>
              </Space>
            </Card>
          </li>
        ))}
      </ol>
    </>
  );
}
