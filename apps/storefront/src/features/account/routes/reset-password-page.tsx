// Forgotten passwords. Without a token: the shopper gives their email and is told, whatever
// the email, that a link is on its way if an account exists (the API answers alike, so nobody
// learns who has an account). With the token from that link: a new password, then sign in.
import { failureMessage } from '@crossdock/domain/messages';
import { type FormEvent, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useShopper } from '../../../lib/i18n';
import { api } from '../../../lib/trpc';

type FieldErrors = Record<string, string[] | undefined>;

function failure(cause: unknown) {
  const data = (cause as { data?: { fieldErrors?: FieldErrors } }).data;
  return {
    fields: data?.fieldErrors ?? {},
    message: failureMessage(cause),
  };
}

function RequestLink() {
  const { t } = useShopper();
  const ids = { email: useId(), error: useId() };
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ fields: FieldErrors; message: string } | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email') ?? '');
    setBusy(true);
    setError(null);
    try {
      await api.auth.requestPasswordReset.mutate({ email, kind: 'customer' });
      setSent(true);
    } catch (cause) {
      setError(failure(cause));
    } finally {
      setBusy(false);
    }
  }

  if (sent) {
    return (
      <p className="success" role="status">
        {t('reset.sent')}
      </p>
    );
  }
  const fieldError = error?.fields.email?.[0];
  return (
    <form onSubmit={submit} className="stack-form" noValidate>
      <p className="muted">{t('reset.intro')}</p>
      <div className="field">
        <label htmlFor={ids.email}>{t('auth.email')}</label>
        <input
          id={ids.email}
          name="email"
          type="email"
          autoComplete="email"
          required
          aria-invalid={!!fieldError}
          aria-describedby={fieldError ? ids.error : undefined}
        />
        {fieldError ? (
          <p id={ids.error} className="warning small">
            {fieldError}
          </p>
        ) : null}
      </div>
      {error && !fieldError ? (
        <p className="warning" role="alert">
          {error.message}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy}>
        {t('reset.send')}
      </button>
    </form>
  );
}

function ChoosePassword({ token }: { token: string }) {
  const { t } = useShopper();
  const ids = { password: useId(), hint: useId(), error: useId() };
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ fields: FieldErrors; message: string } | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const newPassword = String(new FormData(event.currentTarget).get('password') ?? '');
    setBusy(true);
    setError(null);
    try {
      await api.auth.resetPassword.mutate({ token, newPassword });
      setDone(true);
    } catch (cause) {
      setError(failure(cause));
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <p className="success" role="status">
        {t('reset.done')} <Link to="/account/sign-in">{t('auth.submitSignIn')}</Link>
      </p>
    );
  }
  const fieldError = error?.fields.newPassword?.[0];
  return (
    <form onSubmit={submit} className="stack-form" noValidate>
      <div className="field">
        <label htmlFor={ids.password}>{t('reset.newPassword')}</label>
        <input
          id={ids.password}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          aria-invalid={!!fieldError}
          aria-describedby={`${ids.hint}${fieldError ? ` ${ids.error}` : ''}`}
        />
        <p id={ids.hint} className="muted small">
          {t('auth.passwordHint')}
        </p>
        {fieldError ? (
          <p id={ids.error} className="warning small">
            {fieldError}
          </p>
        ) : null}
      </div>
      {error && !fieldError ? (
        <p className="warning" role="alert">
          {error.message} <Link to="/reset-password">{t('reset.again')}</Link>
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy}>
        {t('reset.save')}
      </button>
    </form>
  );
}

export function ResetPasswordPage() {
  const { t } = useShopper();
  const [params] = useSearchParams();
  const token = params.get('token');
  return (
    <section className="narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">{token ? t('reset.chooseTitle') : t('reset.title')}</h1>
      {token ? <ChoosePassword token={token} /> : <RequestLink />}
      <p>
        <Link to="/account/sign-in">{t('reset.back')}</Link>
      </p>
    </section>
  );
}

export default ResetPasswordPage;
