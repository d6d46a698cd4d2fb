// The currencies the store sells in: exchange rates from the base currency and rounding rules.
// Staff see the rate a converted price used; changing one re-prices every converted price.

import { currencies } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import { assertRoundingRule, parseRate, type RoundingRule } from '@crossdock/domain/prices';
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { type Actor, writeAudit } from '../identity/audit';
import { currencyView } from './currencies';
import { refreshAllProducts } from './listing';
import { catalogWrite, SHARED } from './write';

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
      before: currencyView(before),
      after: currencyView(after!),
    });
    return currencyView(after!);
  });
}
