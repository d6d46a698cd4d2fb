// Postal code formats of the markets the shop ships to, so "-1" is not accepted for Germany.
// The shapes national posts publish (UPU postal addressing), checked after trimming and
// upper-casing; a country not listed here is not checked (and may have no codes at all, as
// Hong Kong).
import { message } from './messages';

/** An address a parcel goes to, as orders keep it (copied when the order is placed). */
export interface PostalAddress {
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string;
  phone: string | null;
}

const FORMATS: Readonly<Record<string, { pattern: RegExp; example: string }>> = {
  AT: { pattern: /^\d{4}$/, example: '1010' },
  AU: { pattern: /^\d{4}$/, example: '2000' },
  BE: { pattern: /^\d{4}$/, example: '1000' },
  CA: { pattern: /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/, example: 'K1A 0B1' },
  CN: { pattern: /^\d{6}$/, example: '310000' },
  DE: { pattern: /^\d{5}$/, example: '10119' },
  DK: { pattern: /^\d{4}$/, example: '1050' },
  ES: { pattern: /^\d{5}$/, example: '28013' },
  FR: { pattern: /^\d{5}$/, example: '75001' },
  GB: { pattern: /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/, example: 'SW1A 1AA' },
  IE: { pattern: /^[A-Z]\d[\dW] ?[A-Z\d]{4}$/, example: 'D02 X285' },
  IT: { pattern: /^\d{5}$/, example: '00184' },
  JP: { pattern: /^\d{3}-?\d{4}$/, example: '100-0001' },
  KR: { pattern: /^\d{5}$/, example: '03187' },
  MY: { pattern: /^\d{5}$/, example: '50450' },
  NL: { pattern: /^\d{4} ?[A-Z]{2}$/, example: '1012 JS' },
  NZ: { pattern: /^\d{4}$/, example: '6011' },
  PL: { pattern: /^\d{2}-\d{3}$/, example: '00-950' },
  SE: { pattern: /^\d{3} ?\d{2}$/, example: '111 29' },
  SG: { pattern: /^\d{6}$/, example: '018956' },
  TH: { pattern: /^\d{5}$/, example: '10200' },
  TW: { pattern: /^\d{3}(\d{2,3})?$/, example: '100' },
  US: { pattern: /^\d{5}(-\d{4})?$/, example: '94105' },
};

/** Whether addresses in this country need a postal code (and in which shape). */
export function postalCodeFormat(country: string): { pattern: RegExp; example: string } | null {
  return FORMATS[country.toUpperCase()] ?? null;
}

/** Why this postal code cannot be right for the country, or null when it may be. */
export function postalCodeProblem(country: string, postalCode: string | null): string | null {
  const format = postalCodeFormat(country);
  if (!format) return null;
  const code = postalCode?.trim().toUpperCase() ?? '';
  if (!code) return message('address.postalCode');
  return format.pattern.test(code) ? null : message('address.postalCodeLike', { example: format.example });
}
