// Money: an integer count of minor units plus an ISO 4217 currency code. Never floats.
//
// Rounding rule (the only place rounding happens): when an operation yields a fraction of a
// minor unit, it is rounded to the nearest minor unit, halves away from zero ("commercial"
// rounding: 0.5 → 1, -0.5 → -1). Percentages are given in basis points (1% = 100 bp) so the
// inputs stay integers, and the arithmetic runs on BigInt so no intermediate is inexact.
// `allocate` never rounds: it uses the largest-remainder method so parts sum exactly.

import { DomainError } from './errors';

export type CurrencyCode = string & { readonly __currency: unique symbol };

export interface Money {
  /** Integer minor units (cents, fen, yen…). */
  readonly amount: number;
  readonly currency: CurrencyCode;
}

const supportedCurrencies = new Set(Intl.supportedValuesOf('currency'));
const exponentCache = new Map<string, number>();

export function isCurrencyCode(code: string): code is CurrencyCode {
  return /^[A-Z]{3}$/.test(code) && supportedCurrencies.has(code);
}

export function currency(code: string): CurrencyCode {
  if (!isCurrencyCode(code)) {
    throw new DomainError('VALIDATION_FAILED', `Unknown ISO 4217 currency code: ${code}`);
  }
  return code;
}

/** Number of minor-unit digits of a currency: 2 for USD, 0 for JPY, 3 for KWD. */
export function minorUnitDigits(code: CurrencyCode): number {
  let digits = exponentCache.get(code);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
      .maximumFractionDigits as number;
    exponentCache.set(code, digits);
  }
  return digits;
}

function assertAmount(amount: number): void {
  if (!Number.isSafeInteger(amount)) {
    throw new DomainError('INVALID_AMOUNT', `Money amounts are whole minor units, got ${amount}`);
  }
}

export function money(amount: number, code: string): Money {
  assertAmount(amount);
  return { amount: amount === 0 ? 0 : amount, currency: currency(code) };
}

export function zero(code: string): Money {
  return money(0, code);
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new DomainError('CURRENCY_MISMATCH', `Cannot combine ${a.currency} with ${b.currency}`, {
      left: a.currency,
      right: b.currency,
    });
  }
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

export function sum(items: readonly Money[], code: string): Money {
  return items.reduce<Money>((total, item) => add(total, item), zero(code));
}

export function negate(m: Money): Money {
  return money(-m.amount, m.currency);
}

export function multiply(m: Money, quantity: number): Money {
  if (!Number.isSafeInteger(quantity)) {
    throw new DomainError('INVALID_AMOUNT', `Quantity must be a whole number, got ${quantity}`);
  }
  return money(m.amount * quantity, m.currency);
}

/** Divides two BigInts rounding to nearest, halves away from zero. */
function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (d * 2n);
  return negative ? -q : q;
}

/** `basisPoints` of `m` (1250 bp = 12.5%), rounded by the module's rule. */
export function percentage(m: Money, basisPoints: number): Money {
  if (!Number.isSafeInteger(basisPoints)) {
    throw new DomainError('INVALID_AMOUNT', `Basis points must be a whole number, got ${basisPoints}`);
  }
  const result = divideRounded(BigInt(m.amount) * BigInt(basisPoints), 10_000n);
  return money(Number(result), m.currency);
}

/**
 * Splits `total` into parts proportional to `weights` (non-negative integers, e.g. line
 * subtotals). Each part gets the floor of its exact share; the minor units left over go one
 * each to the parts with the largest remainders (earlier index wins a tie). The parts always
 * sum to `total`, and each has the sign of `total`. All-zero weights split evenly.
 */
export function allocate(total: Money, weights: readonly number[]): Money[] {
  if (weights.length === 0) {
    throw new DomainError('VALIDATION_FAILED', 'allocate needs at least one weight');
  }
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0) {
      throw new DomainError('VALIDATION_FAILED', `Weights must be non-negative integers, got ${w}`);
    }
  }
  const effective = weights.every((w) => w === 0) ? weights.map(() => 1) : weights;
  const sign = total.amount < 0 ? -1n : 1n;
  const amount = BigInt(Math.abs(total.amount));
  const weightSum = effective.reduce((s, w) => s + BigInt(w), 0n);

  const shares = effective.map((w, index) => {
    const exact = amount * BigInt(w);
    return { index, floor: exact / weightSum, remainder: exact % weightSum };
  });
  let leftover = amount - shares.reduce((s, share) => s + share.floor, 0n);
  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const share of byRemainder) {
    if (leftover === 0n) break;
    share.floor += 1n;
    leftover -= 1n;
  }
  return shares.map((share) => money(Number(share.floor * sign), total.currency));
}

export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

export function equals(a: Money, b: Money): boolean {
  return a.currency === b.currency && a.amount === b.amount;
}

export function isZero(m: Money): boolean {
  return m.amount === 0;
}

export function isNegative(m: Money): boolean {
  return m.amount < 0;
}

/** Exact decimal text of an amount, e.g. 12345 USD → "123.45", -5 USD → "-0.05", 500 JPY → "500". */
export function toDecimalString(m: Money): string {
  const digits = minorUnitDigits(m.currency);
  const negative = m.amount < 0;
  const abs = Math.abs(m.amount)
    .toString()
    .padStart(digits + 1, '0');
  const whole = digits === 0 ? abs : abs.slice(0, -digits);
  const fraction = digits === 0 ? '' : `.${abs.slice(-digits)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** Parses decimal text such as "19.99" into minor units; more decimals than the currency has is an error. */
export function fromDecimalString(text: string, code: string): Money {
  const cur = currency(code);
  const digits = minorUnitDigits(cur);
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new DomainError('INVALID_AMOUNT', `Not a decimal amount: "${text}"`);
  const [, minus, whole = '0', fraction = ''] = match;
  if (fraction.length > digits) {
    throw new DomainError('INVALID_AMOUNT', `${cur} has ${digits} decimal places, got "${text}"`);
  }
  const minor = Number(whole + fraction.padEnd(digits, '0'));
  return money(minus ? -minor : minor, cur);
}

/**
 * A decimal amount as platforms and their files write it, which may carry more zeros than the
 * currency has places (Shopify's "4500.0" yen, Amazon's "1980.00" yen): trailing zeros past the
 * point are dropped, then it is read as `fromDecimalString` reads it.
 */
export function fromPlatformDecimal(text: string, code: string): Money {
  return fromDecimalString(
    text
      .trim()
      .replace(/(\.\d*?)0+$/, '$1')
      .replace(/\.$/, ''),
    code,
  );
}

/** Locale-aware display, e.g. format(money(123456, 'EUR'), 'de-DE') → "1.234,56 €". */
export function format(m: Money, locale: string): string {
  const formatter = new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency });
  // A decimal string keeps the value exact: Intl formats it without a float round trip.
  return formatter.format(toDecimalString(m) as unknown as number);
}
