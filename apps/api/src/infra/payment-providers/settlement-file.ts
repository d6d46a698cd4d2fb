// The simulated providers' daily settlement file, as their merchant portal would offer it: every
// payment settled and every refund made that day (UTC), with the provider's fee and the net.
import type { Db } from '@crossdock/db/client';
import { simRefunds, simTransactions } from '@crossdock/db/schema';
import { money, toDecimalString } from '@crossdock/domain/money';
import type { PaymentProvider } from '@crossdock/domain/payments';
import { SETTLEMENT_HEADER } from '@crossdock/domain/settlements';
import { and, asc, eq, sql } from 'drizzle-orm';

export async function settlementFile(db: Db, provider: PaymentProvider, day: string): Promise<string> {
  const onDay = (column: unknown) => sql`(${column} at time zone 'UTC')::date = ${day}::date`;
  const [paid, refunded] = await Promise.all([
    db
      .select()
      .from(simTransactions)
      .where(
        and(
          eq(simTransactions.provider, provider),
          eq(simTransactions.status, 'paid'),
          onDay(simTransactions.settledAt),
        ),
      )
      .orderBy(asc(simTransactions.settledAt)),
    db
      .select({ refund: simRefunds, currency: simTransactions.currency })
      .from(simRefunds)
      .innerJoin(simTransactions, eq(simTransactions.id, simRefunds.transactionId))
      .where(and(eq(simTransactions.provider, provider), onDay(simRefunds.createdAt)))
      .orderBy(asc(simRefunds.createdAt)),
  ]);
  const d = (amount: number, currency: string) => toDecimalString(money(amount, currency));
  const rows = [
    SETTLEMENT_HEADER.join(','),
    ...paid.map((t) =>
      [
        t.id,
        'payment',
        d(t.amount, t.currency),
        d(t.fee, t.currency),
        d(t.amount - t.fee, t.currency),
        t.currency,
        day,
      ].join(','),
    ),
    ...refunded.map(({ refund, currency }) =>
      [
        refund.id,
        'refund',
        d(refund.amount, currency),
        d(0, currency),
        d(-refund.amount, currency),
        currency,
        day,
      ].join(','),
    ),
  ];
  return `${rows.join('\n')}\n`;
}
