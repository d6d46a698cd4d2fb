// Reading the currencies the store sells in: the list staff see, and the pricing context
// (base currency, rates and rounding) every price conversion uses.
import type { Executor } from '@crossdock/db/client';
import { currencies } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import { type CurrencySetting, parseRate, type RoundingRule } from '@crossdock/domain/prices';
import { asc } from 'drizzle-orm';

export type CurrencyRow = typeof currencies.$inferSelect;

function ruleOf(row: CurrencyRow): RoundingRule {
  return row.roundingMode === 'charm'
    ? { mode: 'charm', period: row.roundingStep, ending: row.roundingEnding }
    : { mode: 'nearest', increment: row.roundingStep };
}

export function currencyView(row: CurrencyRow) {
  return {
    code: row.code,
    rate: row.rate,
    rounding: ruleOf(row),
    isBase: row.isBase,
    enabled: row.enabled,
    updatedAt: row.updatedAt,
  };
}

export async function listCurrencies(db: Executor) {
  const rows = await db.select().from(currencies).orderBy(asc(currencies.code));
  return rows.map(currencyView);
}

export interface PricingContext {
  base: string;
  /** The currencies the store sells in. */
  settings: Map<string, CurrencySetting>;
  /**
   * Every currency the store holds a rate for, sold in or not: what reports convert with (an
   * order in a currency since switched off, a marketplace shop's own currency).
   */
  rates: Map<string, CurrencySetting>;
}

/** Everything price conversion needs, read once per request. */
const currencyQueries = new WeakMap<Executor, ReturnType<typeof prepareCurrencies>>();
const prepareCurrencies = (db: Executor) => db.select().from(currencies).prepare('store_currencies');

export async function loadPricing(db: Executor): Promise<PricingContext> {
  let query = currencyQueries.get(db);
  if (!query) {
    query = prepareCurrencies(db);
    currencyQueries.set(db, query);
  }
  const rows = await query.execute();
  const base = rows.find((r) => r.isBase);
  if (!base) throw new Error('No base currency configured');
  const setting = (r: CurrencyRow) => ({ code: r.code, rate: parseRate(r.rate), rounding: ruleOf(r) });
  return {
    base: base.code,
    settings: new Map(rows.filter((r) => r.enabled).map((r) => [r.code, setting(r)])),
    rates: new Map(rows.map((r) => [r.code, setting(r)])),
  };
}

export function settingFor(pricing: PricingContext, code: string): CurrencySetting {
  const setting = pricing.settings.get(code);
  if (!setting) throw new DomainError('UNKNOWN_CURRENCY', `The store does not sell in ${code}`);
  return setting;
}
