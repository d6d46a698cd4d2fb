// The address form used at checkout and in the address book. It validates with the API's own
// contract (addressInput) and shows each field's message next to the field, and offers the
// countries the shop ships to.
import { failureMessage } from '@crossdock/domain/messages';
import { addressInput } from '@crossdock/domain/orders';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { type MessageKey, useShopper } from '../lib/i18n';
import { api } from '../lib/trpc';

const FIELDS = [
  ['name', 'address.name', 'name', true],
  ['line1', 'address.line1', 'address-line1', true],
  ['line2', 'address.line2', 'address-line2', false],
  ['city', 'address.city', 'address-level2', true],
  ['region', 'address.region', 'address-level1', false],
  ['postalCode', 'address.postalCode', 'postal-code', false],
  ['phone', 'address.phone', 'tel', false],
] as const;

export type AddressValue = ReturnType<typeof addressInput.parse>;

export function AddressForm({
  onSave,
  onCancel,
  busy,
  error,
}: {
  onSave(address: AddressValue, isDefault: boolean): void;
  onCancel?: () => void;
  busy?: boolean;
  error?: string | null;
}) {
  const { t, locale } = useShopper();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const base = useId();
  // The countries some shipping method serves (staff set the zones); names from the browser.
  const shipsTo = useQuery({
    queryKey: ['shipping-countries'],
    queryFn: () => api.checkout.countries.query(),
    staleTime: 5 * 60_000,
  });
  const names = new Intl.DisplayNames([locale], { type: 'region' });
  const countries = (shipsTo.data ?? [])
    .map((code) => ({ code, name: names.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const raw = Object.fromEntries(
      [...FIELDS.map(([name]) => name), 'country'].map((name) => {
        const value = String(form.get(name) ?? '').trim();
        return [name, value === '' && !['name', 'line1', 'city', 'country'].includes(name) ? null : value];
      }),
    );
    const parsed = addressInput.safeParse(raw);
    if (!parsed.success) {
      setErrors(
        Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message])),
      );
      return;
    }
    setErrors({});
    onSave(parsed.data, form.get('isDefault') === 'on');
  }

  return (
    <form onSubmit={submit} className="stack-form address-form" noValidate>
      {/* The country first: it decides what the rest of an address looks like (postal codes). */}
      <div className="field">
        <label htmlFor={`${base}-country`}>
          {t('address.country')}
          <span aria-hidden="true"> *</span>
        </label>
        <select
          id={`${base}-country`}
          name="country"
          required
          defaultValue=""
          aria-busy={shipsTo.isLoading || undefined}
          aria-invalid={errors.country ? true : undefined}
          aria-describedby={errors.country ? `${base}-country-error` : undefined}
        >
          <option value="" disabled>
            {t('address.chooseCountry')}
          </option>
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
        {errors.country ? (
          <p id={`${base}-country-error`} className="warning small">
            {errors.country}
          </p>
        ) : null}
        {shipsTo.isError ? (
          <p className="warning small" role="alert">
            {failureMessage(shipsTo.error)}
          </p>
        ) : null}
      </div>
      {FIELDS.map(([name, label, autoComplete, required]) => (
        <div className="field" key={name}>
          <label htmlFor={`${base}-${name}`}>
            {t(label as MessageKey)}
            {required ? <span aria-hidden="true"> *</span> : null}
          </label>
          <input
            id={`${base}-${name}`}
            name={name}
            autoComplete={autoComplete}
            required={required}
            aria-invalid={errors[name] ? true : undefined}
            aria-describedby={errors[name] ? `${base}-${name}-error` : undefined}
          />
          {errors[name] ? (
            <p id={`${base}-${name}-error`} className="warning small">
              {errors[name]}
            </p>
          ) : null}
        </div>
      ))}
      <label className="checkbox">
        <input type="checkbox" name="isDefault" /> {t('address.makeDefault')}
      </label>
      {error ? (
        <p className="warning" role="alert">
          {error}
        </p>
      ) : null}
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy}>
          {t('address.save')}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            {t('address.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
