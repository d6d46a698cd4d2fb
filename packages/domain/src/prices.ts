// Selling prices in the currencies the store sells in. A SKU has a base price in the store's
// base currency; a currency either has an explicit override for that SKU or gets the base price
// converted with the stored exchange rate and then that currency's rounding rule.
//
// Conversion first rounds the exact product to the nearest minor unit (halves away from zero,
// as money.ts does), then applies the currency's rule:
//   - nearest: the nearest multiple of `increment` minor units (1 = exact, 100 = whole units,
//     10 = nearest 10 yen); halves away from zero.
//   - charm: the smallest amount ≥ the converted one ending in `ending` within each `period`
//     (period 100, ending 99 → x.99 endings; period 1000, ending 980 → ¥…980).
// Rates are decimals with up to 10 places, handled as scaled BigInts so nothing is inexact.

import { DomainError } from './errors';
import { type Money, minorUnitDigits, money } from './money';

export type RoundingRule =
  | { mode: 'nearest'; increment: number }
  | { mode: 'charm'; period: number; ending: number };

export const RATE_DECIMALS = 10;
const RATE_SCALE = 10n ** BigInt(RATE_DECIMALS);

/** Parses a positive decimal exchange rate ("7.1234") into a scaled integer. */
export function parseRate(text: string): bigint {
  const match = /^(\d{1,10})(?:\.(\d{1,10}))?$/.exec(text.trim());
  if (!match) throw new DomainError('INVALID_RATE', `Not a valid exchange rate: "${text}"`);
  const scaled = BigInt(match[1]!) * RATE_SCALE + BigInt((match[2] ?? '').padEnd(RATE_DECIMALS, '0'));
  if (scaled <= 0n) throw new DomainError('INVALID_RATE', 'An exchange rate must be greater than zero');
  return scaled;
}

export function formatRate(scaled: bigint): string {
  const whole = scaled / RATE_SCALE;
  const fraction = (scaled % RATE_SCALE).toString().padStart(RATE_DECIMALS, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole.toString();
}

function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (d * 2n);
  return negative ? -q : q;
}

export function assertRoundingRule(rule: RoundingRule): void {
  const ok =
    rule.mode === 'nearest'
      ? Number.isSafeInteger(rule.increment) && rule.increment >= 1
      : Number.isSafeInteger(rule.period) &&
        rule.period >= 1 &&
        Number.isSafeInteger(rule.ending) &&
        rule.ending >= 0 &&
        rule.ending < rule.period;
  if (!ok) throw new DomainError('VALIDATION_FAILED', 'The rounding rule is not valid');
}

/** Applies a currency's rounding rule to a non-negative amount in minor units. */
export function applyRounding(amount: number, rule: RoundingRule): number {
  if (amount <= 0) return 0;
  if (rule.mode === 'nearest') {
    return Number(divideRounded(BigInt(amount), BigInt(rule.increment)) * BigInt(rule.increment));
  }
  const steps = Math.ceil((amount - rule.ending) / rule.period);
  return Math.max(0, steps) * rule.period + rule.ending;
}

/** Converts a base-currency price to `target` with `rate` (target units per one base unit). */
export function convertPrice(base: Money, target: string, rate: bigint, rule: RoundingRule): Money {
  const targetMoney = money(0, target);
  const shift = minorUnitDigits(targetMoney.currency) - minorUnitDigits(base.currency);
  let numerator = BigInt(base.amount) * rate;
  let denominator = RATE_SCALE;
  if (shift > 0) numerator *= 10n ** BigInt(shift);
  if (shift < 0) denominator *= 10n ** BigInt(-shift);
  const exact = Number(divideRounded(numerator, denominator));
  return money(applyRounding(exact, rule), target);
}

/**
 * An amount that is not a price tag (a discount, a threshold, a shipping rate) from the base
 * currency into `setting`'s: to the nearest minor unit, never with charm endings.
 */
export function convertAmount(amount: number, base: string, setting: CurrencySetting): number {
  if (setting.code === base) return amount;
  return convertPrice(money(amount, base), setting.code, setting.rate, { mode: 'nearest', increment: 1 })
    .amount;
}

/** The reverse of `convertAmount`: an amount in `setting`'s currency back into the base currency. */
export function convertAmountToBase(amount: number, setting: CurrencySetting, base: string): number {
  if (setting.code === base) return amount;
  // The inverse rate, scaled like every rate: 10^(2·RATE_DECIMALS) / rate, rounded.
  const inverse = (RATE_SCALE * RATE_SCALE + setting.rate / 2n) / setting.rate;
  return convertPrice(money(amount, setting.code), base, inverse, { mode: 'nearest', increment: 1 }).amount;
}

export interface CurrencySetting {
  code: string;
  /** Units of this currency per one unit of the base currency; 1 for the base itself. */
  rate: bigint;
  rounding: RoundingRule;
}

export interface PriceQuote {
  price: Money;
  compareAtPrice: Money | null;
  /** Where the price came from: the SKU's own price in this currency, or a conversion. */
  source: 'base' | 'override' | 'converted';
  /** The rate used when converted, for staff to see. */
  rate: string | null;
}

/** The selling price of one SKU in `currency`. */
export function priceIn(
  sku: {
    basePrice: Money;
    compareAtPrice: Money | null;
    overrides: ReadonlyMap<string, { price: Money; compareAtPrice: Money | null }>;
  },
  setting: CurrencySetting,
): PriceQuote {
  if (setting.code === sku.basePrice.currency) {
    return { price: sku.basePrice, compareAtPrice: sku.compareAtPrice, source: 'base', rate: null };
  }
  const override = sku.overrides.get(setting.code);
  if (override) return { ...override, source: 'override', rate: null };
  const convert = (m: Money) => convertPrice(m, setting.code, setting.rate, setting.rounding);
  return {
    price: convert(sku.basePrice),
    compareAtPrice: sku.compareAtPrice ? convert(sku.compareAtPrice) : null,
    source: 'converted',
    rate: formatRate(setting.rate),
  };
}

/**
 * A bulk price change: a percentage (in basis points, −10000…+100000) or a fixed amount in
 * minor units, applied to a base price. Never below zero; percentages round by money.ts's rule.
 */
export type PriceChange = { kind: 'percent'; basisPoints: number } | { kind: 'amount'; minor: number };

export function changePrice(current: number, change: PriceChange): number {
  const next =
    change.kind === 'percent'
      ? current + Number(divideRounded(BigInt(current) * BigInt(change.basisPoints), 10_000n))
      : current + change.minor;
  return Math.max(0, next);
}
