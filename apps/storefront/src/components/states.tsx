// Loading, error and empty states, the same everywhere.
import { failureMessage } from '@crossdock/domain/messages';
import { useShopper } from '../lib/i18n';

export function Loading() {
  const { t } = useShopper();
  return (
    <p className="state" role="status" aria-live="polite">
      {t('state.loading')}
    </p>
  );
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useShopper();
  return (
    <div className="state state-error" role="alert">
      <p>{t('state.error')}</p>
      <p className="muted">{failureMessage(error)}</p>
      {retry ? (
        <button type="button" onClick={retry}>
          {t('state.retry')}
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="state">{children}</p>;
}
