// The review moderation queue: pending reviews oldest first, each approved (its stars then count
// on the product) or rejected with an optional note.

import { failureMessage } from '@crossdock/domain/messages';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Input, Rate, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import type { RouterOutputs } from '../../lib/api';
import { usePrefs } from '../../lib/i18n';
import { useApi } from '../../lib/session';

type Review = RouterOutputs['reviews']['queue']['items'][number];

export function ReviewsPage() {
  const { t, locale } = usePrefs();
  const api = useApi();
  const client = useQueryClient();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const queue = useQuery({
    queryKey: ['reviews', 'pending'],
    queryFn: () => api.reviews.queue.query({ limit: 50 }),
  });
  const decide = useMutation({
    mutationFn: ({ id, approve }: { id: string; approve: boolean }) => {
      const input = { reviewId: id, ...(notes[id] ? { note: notes[id] } : {}) };
      return approve ? api.reviews.approve.mutate(input) : api.reviews.reject.mutate(input);
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['reviews'] }),
  });
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  return (
    <section aria-labelledby="reviews-title">
      <Typography.Title id="reviews-title" level={3}>
        {t('reviews.title')}
      </Typography.Title>
      {queue.isError ? <Alert type="error" title={failureMessage(queue.error)} /> : null}
      <ErrorAlert error={decide.error} />
      <Table<Review>
        rowKey="id"
        size="small"
        loading={queue.isFetching}
        dataSource={queue.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('reviews.empty') }}
        columns={[
          { title: t('reviews.product'), key: 'product', render: (_v, r) => r.product.title },
          {
            title: t('reviews.rating'),
            dataIndex: 'rating',
            render: (v: number) => <Rate disabled value={v} />,
          },
          {
            title: t('reviews.review'),
            key: 'text',
            render: (_v, r) => (
              <div data-testid="review-row">
                <Typography.Text strong>{r.title}</Typography.Text>
                <div>{r.body}</div>
                <Typography.Text type="secondary">
                  {r.authorName} · {when.format(r.createdAt)}
                </Typography.Text>
              </div>
            ),
          },
          {
            title: '',
            key: 'actions',
            render: (_v, r) => (
              <Space orientation="vertical">
                <Input
                  size="small"
                  placeholder={t('reviews.note')}
                  aria-label={t('reviews.note')}
                  value={notes[r.id] ?? ''}
                  onChange={(e) => setNotes({ ...notes, [r.id]: e.target.value })}
                />
                <Space>
                  <Button
                    type="primary"
                    size="small"
                    onClick={() => decide.mutate({ id: r.id, approve: true })}
                  >
                    {t('reviews.approve')}
                  </Button>
                  <Button size="small" onClick={() => decide.mutate({ id: r.id, approve: false })}>
                    {t('reviews.reject')}
                  </Button>
                </Space>
              </Space>
            ),
          },
        ]}
      />
    </section>
  );
}
