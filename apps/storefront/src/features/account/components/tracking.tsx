// A parcel's journey: a progress bar through the stages, the hubs on its route as a simple
// diagram (reached ones filled), and every scan the carrier reported. A scan is told in the
// carrier's own words in English (they say more than the stage), in the shop's words otherwise.
import { journeyStages } from '@crossdock/domain/fulfilment';
import { scanWords, trackingStageWords } from '@crossdock/domain/order-words';
import { useShopper } from '../../../lib/i18n';
import type { OrderDetail } from '../../../lib/trpc';

export function Tracking({ order }: { order: OrderDetail }) {
  const { t, locale } = useShopper();
  if (order.shipments.length === 0) return null;
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section aria-labelledby="tracking-title">
      <h2 id="tracking-title">{t('tracking.title')}</h2>
      {order.shipments.map((s) => {
        const reached = journeyStages.indexOf(s.stage);
        return (
          <article key={s.id} className="parcel" data-testid="parcel">
            <h3 id={`parcel-${s.id}`}>
              {t('tracking.parcel', { carrier: s.carrierName, number: s.trackingNumber })}
            </h3>
            <div
              className="journey"
              role="progressbar"
              aria-labelledby={`parcel-${s.id}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(s.progress * 100)}
              aria-valuetext={trackingStageWords(s.stage, locale)}
            >
              <div className="journey-bar" style={{ width: `${s.progress * 100}%` }} />
            </div>
            <ol className="journey-stages">
              {journeyStages.map((stage, i) => (
                <li
                  key={stage}
                  className={i <= reached ? 'done' : ''}
                  aria-current={i === reached ? 'step' : undefined}
                >
                  {trackingStageWords(stage, locale)}
                </li>
              ))}
            </ol>
            {s.exception ? (
              <p className="warning">{t('tracking.exception', { reason: s.exception })}</p>
            ) : null}
            <h4>{t('tracking.route')}</h4>
            <ol className="route" aria-label={t('tracking.route')}>
              {s.route.map((hub) => (
                <li key={hub.location} className={hub.reached ? 'reached' : ''}>
                  <span className="hub-dot" aria-hidden="true" />
                  <span>{hub.location}</span>
                </li>
              ))}
            </ol>
            {s.events.length === 0 ? (
              <p className="muted">{t('tracking.noEvents')}</p>
            ) : (
              <ol className="timeline" data-testid="tracking-events">
                {[...s.events].reverse().map((e) => (
                  <li key={e.id}>
                    <time dateTime={e.at.toISOString()}>{when.format(e.at)}</time> {scanWords(e, locale)} ·{' '}
                    {e.location}
                  </li>
                ))}
              </ol>
            )}
          </article>
        );
      })}
    </section>
  );
}
