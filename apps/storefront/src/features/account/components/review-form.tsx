// Reviewing a delivered item: stars, a title, the text and up to five photos (uploaded first,
// then named in the review). Reviews appear once staff have checked them.
import { currentLocale, failureMessage, message as word } from '@crossdock/domain/messages';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useShopper } from '../../../lib/i18n';
import { authorization } from '../../../lib/session';
import { api, type OrderDetail } from '../../../lib/trpc';

async function uploadPhoto(file: File): Promise<string> {
  const body = new FormData();
  body.append('file', file);
  const response = await fetch('/uploads/reviews/images', {
    method: 'POST',
    headers: { ...(await authorization()), 'accept-language': currentLocale() },
    body,
  });
  const json = (await response.json().catch(() => ({}))) as { imageId?: string; error?: { message: string } };
  if (!response.ok || !json.imageId) {
    // Worded by the API in the shopper's language; `data` marks it as the API's answer.
    throw Object.assign(new Error(json.error?.message ?? word('error.INTERNAL')), { data: json.error ?? {} });
  }
  return json.imageId;
}

export function ReviewForm({ order, line }: { order: OrderDetail; line: OrderDetail['lines'][number] }) {
  const { t } = useShopper();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [rating, setRating] = useState(0);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const send = useMutation({
    mutationFn: async () => {
      const images = await Promise.all(files.slice(0, 5).map(uploadPhoto));
      return api.reviews.create.mutate({ orderLineId: line.id, rating, title, body, images });
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: ['order', order.id] }),
  });
  if (!['delivered', 'completed'].includes(order.status)) return null;
  if (line.reviewed || send.isSuccess) {
    return <p className="muted small">{send.isSuccess ? t('review.sent') : t('review.done')}</p>;
  }
  if (!open) {
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        {t('review.write')}
      </button>
    );
  }
  return (
    <form
      className="review-form"
      aria-label={t('review.write')}
      onSubmit={(event) => {
        event.preventDefault();
        send.mutate();
      }}
    >
      <fieldset className="star-input">
        <legend>{t('review.rating')}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} title={t('review.stars', { n })}>
            <input
              type="radio"
              name={`rating-${line.id}`}
              value={n}
              checked={rating === n}
              onChange={() => setRating(n)}
              required
            />
            <span aria-hidden="true" className={n <= rating ? 'star on' : 'star'}>
              ★
            </span>
            <span className="visually-hidden">{t('review.stars', { n })}</span>
          </label>
        ))}
      </fieldset>
      <label>
        {t('review.title')}
        <input
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          required
          minLength={2}
          maxLength={120}
        />
      </label>
      <label>
        {t('review.body')}
        <textarea
          value={body}
          onChange={(e) => setBody(e.target.value)}
          required
          minLength={10}
          maxLength={4000}
        />
      </label>
      <label>
        {t('review.photos')}
        <input
          type="file"
          accept="image/jpeg,image/png,image/webp"
          multiple
          onChange={(e) => setFiles([...(e.target.files ?? [])].slice(0, 5))}
        />
      </label>
      <button type="submit" className="primary" disabled={send.isPending || rating === 0}>
        {send.isPending && files.length ? t('review.uploading') : t('review.send')}
      </button>
      {send.error ? <p className="warning">{failureMessage(send.error)}</p> : null}
    </form>
  );
}
