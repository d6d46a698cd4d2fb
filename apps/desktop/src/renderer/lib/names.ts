// Country and currency names in the staff member's language, from the browser's own data
// (Intl.DisplayNames), beside the code they stand for.
import { countryCodes } from '@crossdock/domain/countries';

const displayNames = new Map<string, Intl.DisplayNames>();
function names(locale: string, type: 'region' | 'currency'): Intl.DisplayNames {
  const key = `${locale}:${type}`;
  let found = displayNames.get(key);
  if (!found) {
    found = new Intl.DisplayNames([locale], { type, fallback: 'code' });
    displayNames.set(key, found);
  }
  return found;
}

/** "Germany" for DE in English, "德国" in Chinese; the code itself if the browser has no name. */
export const countryName = (code: string, locale: string) => names(locale, 'region').of(code) ?? code;

export const currencyName = (code: string, locale: string) => names(locale, 'currency').of(code) ?? code;

/** Every country as a picker option, sorted by name in this language; searchable by name or code. */
export function countryOptions(locale: string): { value: string; label: string }[] {
  return countryCodes
    .map((code) => ({ value: code, label: `${countryName(code, locale)} (${code})` }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
}
