// Star ratings: a compact line for product cards and the summary with a bar per star for the
// product page. Numbers come from approved reviews only; before the first one we say so.
import { useShopper } from '../lib/i18n';

interface Rating {
  average: number | null;
  count: number;
}

function Stars({ average }: { average: number }) {
  // Whole and half stars drawn with text so they scale with the font and need no images.
  const filled = Math.round(average * 2) / 2;
  return (
    <span className="stars" aria-hidden="true">
      {[1, 2, 3, 4, 5].map((n) => (
        <span key={n} className={n <= filled ? 'star on' : n - 0.5 === filled ? 'star half' : 'star'}>
          ★
        </span>
      ))}
    </span>
  );
}

export function RatingLine({ rating }: { rating: Rating }) {
  const { t, locale } = useShopper();
  if (rating.average === null) return null;
  const average = rating.average.toLocaleString(locale, { minimumFractionDigits: 1 });
  return (
    <span className="rating" role="img" aria-label={t('rating.label', { average, count: rating.count })}>
      <Stars average={rating.average} /> <span className="muted small">({rating.count})</span>
    </span>
  );
}

export function RatingSummary({ rating }: { rating: Rating & { stars: readonly number[] } }) {
  const { t, locale } = useShopper();
  if (rating.average === null) return <p className="muted">{t('rating.none')}</p>;
  const average = rating.average.toLocaleString(locale, { minimumFractionDigits: 1 });
  return (
    <div className="rating-summary" data-testid="rating-summary">
      <p className="rating-average">
        <strong>{average}</strong> <RatingLine rating={rating} />
      </p>
      <ul className="rating-bars" aria-label={t('rating.title')}>
        {[5, 4, 3, 2, 1].map((star) => {
          const n = rating.stars[star - 1] ?? 0;
          return (
            <li key={star}>
              <span className="small">{t('rating.stars', { n: star })}</span>
              <meter min={0} max={rating.count} value={n} aria-label={t('rating.stars', { n: star })} />
              <span className="small muted">{n}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
