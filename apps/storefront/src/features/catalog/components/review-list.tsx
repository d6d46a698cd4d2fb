// A product's approved reviews under its rating summary: newest or most helpful first, more on
// demand, each marked as a verified purchase; signed-in customers can mark one helpful.
import { failureMessage } from '@crossdock/domain/messages';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useShopper } from '../../../lib/i18n';
import { useSession } from '../../../lib/session';
import { api } from '../../../lib/trpc';

export function ReviewList({ slug }: { slug: string }) {
  const { t, locale } = useShopper();
  const { user } = useSession();
  const client = useQueryClient();
  const [sort, setSort] = useState<'newest' | 'helpful'>('newest');
  const reviews = useInfiniteQuery({
    queryKey: ['reviews', slug, sort],
    queryFn: ({ pageParam }) => api.reviews.forProduct.query({ slug, sort, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const helpful = useMutation({
    mutationFn: (reviewId: string) => api.reviews.markHelpful.mutate({ reviewId }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['reviews', slug] }),
  });
  const items = reviews.data?.pages.flatMap((p) => p.items) ?? [];
  if (reviews.isPending || items.length === 0) return null;
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  return (
    <div className="review-list">
      <label>
        {t('reviews.sort')}{' '}
        <select value={sort} onChange={(e) => setSort(e.target.value as 'newest' | 'helpful')}>
          <option value="newest">{t('reviews.newest')}</option>
          <option value="helpful">{t('reviews.helpful')}</option>
        </select>
      </label>
      <ul className="plain-list">
        {items.map((r) => (
          <li key={r.id} className="review" data-testid="review">
            <p>
              <span className="stars" role="img" aria-label={t('review.stars', { n: r.rating })}>
                {'★'.repeat(r.rating)}
                <span className="star">{'★'.repeat(5 - r.rating)}</span>
              </span>{' '}
              <strong>{r.title}</strong>
            </p>
            <p className="muted small">
              {t('reviews.by', { name: r.authorName })} · {when.format(r.createdAt)}
              {r.verifiedPurchase ? <span className="text-tag"> {t('reviews.verified')}</span> : null}
            </p>
            <p>{r.body}</p>
            {r.images.length ? (
              <div className="review-photos">
                {r.images.map((urls) => (
                  <a key={urls.zoom} href={urls.zoom}>
                    <img src={urls.thumb} alt="" width={80} height={80} loading="lazy" />
                  </a>
                ))}
              </div>
            ) : null}
            {user ? (
              <button
                type="button"
                className="link-button small"
                onClick={() => helpful.mutate(r.id)}
                disabled={helpful.isPending}
              >
                {t('reviews.helpfulButton', { count: r.helpfulCount })}
              </button>
            ) : (
              <span className="muted small">{t('reviews.helpfulButton', { count: r.helpfulCount })}</span>
            )}
          </li>
        ))}
      </ul>
      {helpful.error ? <p className="warning">{failureMessage(helpful.error)}</p> : null}
      {reviews.hasNextPage ? (
        <button type="button" onClick={() => reviews.fetchNextPage()} disabled={reviews.isFetchingNextPage}>
          {t('reviews.more')}
        </button>
      ) : null}
    </div>
  );
}
