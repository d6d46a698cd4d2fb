// The currencies the store sells in: exchange rates from the base currency and rounding rules.
// Staff see the rate a converted price used; changing one re-prices every converted price.

import type { Executor } from '@crossdock/db/client';
import { currencies } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import {
  assertRoundingRule,
  type CurrencySetting,
  parseRate,
  type RoundingRule,
} from '@crossdock/domain/prices';
import { asc, eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { type Actor, writeAudit } from '../identity/audit';
import { refreshAllProducts } from './listing';
import { catalogWrite, SHARED } from './write';

type CurrencyRow = typeof currencies.$inferSelect;

function ruleOf(row: CurrencyRow): RoundingRule {
  return row.roundingMode === 'charm'
    ? { mode: 'charm', period: row.roundingStep, ending: row.roundingEnding }
    : { mode: 'nearest', increment: row.roundingStep };
}

function view(row: CurrencyRow) {
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
  return rows.map(view);
}

export interface PricingContext {
  base: string;
  settings: Map<string, CurrencySetting>;
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
  return {
    base: base.code,
    settings: new Map(
      rows
        .filter((r) => r.enabled)
        .map((r) => [r.code, { code: r.code, rate: parseRate(r.rate), rounding: ruleOf(r) }]),
    ),
  };
}

export function settingFor(pricing: PricingContext, code: string): CurrencySetting {
  const setting = pricing.settings.get(code);
  if (!setting) throw new DomainError('UNKNOWN_CURRENCY', `The store does not sell in ${code}`);
  return setting;
}

export async function updateCurrency(
  deps: AppDeps,
  actor: Actor,
  input: { code: string; rate?: string; rounding?: RoundingRule; enabled?: boolean },
) {
  if (input.rate !== undefined) parseRate(input.rate);
  if (input.rounding) assertRoundingRule(input.rounding);
  return catalogWrite(deps, SHARED, async (tx) => {
    const [before] = await tx.select().from(currencies).where(eq(currencies.code, input.code)).for('update');
    if (!before) throw new DomainError('UNKNOWN_CURRENCY', `The store does not sell in ${input.code}`);
    if (
      before.isBase &&
      ((input.rate !== undefined && parseRate(input.rate) !== parseRate('1')) || input.enabled === false)
    ) {
      throw new DomainError('VALIDATION_FAILED', 'The base currency always has rate 1 and stays enabled');
    }
    const rounding = input.rounding;
    const [after] = await tx
      .update(currencies)
      .set({
        ...(input.rate !== undefined ? { rate: input.rate } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        ...(rounding
          ? {
              roundingMode: rounding.mode,
              roundingStep: rounding.mode === 'charm' ? rounding.period : rounding.increment,
              roundingEnding: rounding.mode === 'charm' ? rounding.ending : 0,
            }
          : {}),
      })
      .where(eq(currencies.code, input.code))
      .returning();
    await refreshAllProducts(tx);
    await writeAudit(tx, actor, {
      action: 'currency.updated',
      entityType: 'currency',
      entityId: input.code,
      before: view(before),
      after: view(after!),
    });
    return view(after!);
  });
}
