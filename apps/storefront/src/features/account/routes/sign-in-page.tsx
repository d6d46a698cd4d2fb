// Sign in or create an account. Either way the cart filled as a guest comes along (the API
// merges it), and the shopper returns to where they were going (`?next=`).
import { failureMessage } from '@crossdock/domain/messages';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useShopper } from '../../../lib/i18n';
import { session } from '../../../lib/session';

/** Only paths on this site, so `next` cannot send anyone elsewhere. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/account';
}

interface FieldErrors {
  [field: string]: string[] | undefined;
}

export function SignInPage() {
  const { t, locale } = useShopper();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const registering = params.get('mode') === 'register';
  const next = safeNext(params.get('next'));
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const ids = { name: useId(), email: useId(), password: useId(), hint: useId(), error: useId() };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '');
    const password = String(form.get('password') ?? '');
    setBusy(true);
    setError(null);
    setFields({});
    try {
      if (registering)
        await session.register({ name: String(form.get('name') ?? ''), email, password, locale });
      else await session.signIn(email, password);
      await client.invalidateQueries({ queryKey: ['cart'] });
      navigate(next, { replace: true });
    } catch (cause) {
      const data = (cause as { data?: { fieldErrors?: FieldErrors } }).data;
      setFields(data?.fieldErrors ?? {});
      setError(failureMessage(cause));
    } finally {
      setBusy(false);
    }
  }

  const other = new URLSearchParams(params);
  if (registering) other.delete('mode');
  else other.set('mode', 'register');
  const fieldError = (name: string) => fields[name]?.[0];

  return (
    <section className="narrow" aria-labelledby="auth-title">
      <h1 id="auth-title">{registering ? t('auth.registerTitle') : t('auth.signInTitle')}</h1>
      <p className="muted">{t('auth.cartKept')}</p>
      <form
        onSubmit={submit}
        className="stack-form"
        noValidate
        aria-describedby={error ? ids.error : undefined}
      >
        {registering ? (
          <div className="field">
            <label htmlFor={ids.name}>{t('auth.name')}</label>
            <input
              id={ids.name}
              name="name"
              autoComplete="name"
              required
              maxLength={120}
              aria-invalid={!!fieldError('name')}
            />
            {fieldError('name') ? <p className="warning small">{fieldError('name')}</p> : null}
          </div>
        ) : null}
        <div className="field">
          <label htmlFor={ids.email}>{t('auth.email')}</label>
          <input
            id={ids.email}
            name="email"
            type="email"
            autoComplete="email"
            required
            aria-invalid={!!fieldError('email')}
          />
          {fieldError('email') ? <p className="warning small">{fieldError('email')}</p> : null}
        </div>
        <div className="field">
          <label htmlFor={ids.password}>{t('auth.password')}</label>
          <input
            id={ids.password}
            name="password"
            type="password"
            autoComplete={registering ? 'new-password' : 'current-password'}
            required
            aria-invalid={!!fieldError('password')}
            aria-describedby={registering ? ids.hint : undefined}
          />
          {registering ? (
            <p id={ids.hint} className="muted small">
              {t('auth.passwordHint')}
            </p>
          ) : null}
          {fieldError('password') ? <p className="warning small">{fieldError('password')}</p> : null}
        </div>
        {error && Object.keys(fields).length === 0 ? (
          <p id={ids.error} className="warning" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {registering ? t('auth.submitRegister') : t('auth.submitSignIn')}
        </button>
      </form>
      {registering ? null : (
        <p>
          <Link to="/reset-password">{t('auth.forgot')}</Link>
        </p>
      )}
      <p>
        <Link to={`/account/sign-in?${other.toString()}`}>
          {registering ? t('auth.haveAccount') : t('auth.noAccount')}
        </Link>
      </p>
    </section>
  );
}

export default SignInPage;
