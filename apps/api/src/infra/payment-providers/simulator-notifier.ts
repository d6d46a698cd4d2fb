// The simulated providers' notification sender: every paid or failed transaction is announced
// to its notify URL, signed, and retried with growing delays until the shop answers 2xx — as
// real providers do (they give up after a day or so; this one after 12 attempts, ≈ 2.3 h).
import type { Db } from '@crossdock/db/client';
import { simTransactions } from '@crossdock/db/schema';
import type { PaymentProvider } from '@crossdock/domain/payments';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { MAX_DELIVERY_ATTEMPTS, redeliveryDelayMs, sign } from './signing';
import { wireFormats } from './simulator';

export type SendNotification = (
  url: string,
  headers: Record<string, string>,
  body: string,
) => Promise<number>;

export const httpSend: SendNotification = async (url, headers, body) => {
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
  await response.arrayBuffer();
  return response.status;
};

/** A claimed notification is not picked again for this long (a sender that died mid-way). */
const LEASE_MS = 30_000;

export interface NotifierDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  secrets: Record<PaymentProvider, string>;
}

/** Sends the notifications that are due. Returns how many got a 2xx. */
export async function sendDueNotifications(
  deps: NotifierDeps,
  send: SendNotification = httpSend,
  batch = 20,
): Promise<number> {
  const now = deps.clock.now();
  // Claim by pushing the next attempt out; another process skips what is claimed.
  const due = await deps.db
    .update(simTransactions)
    .set({ nextNotifyAt: new Date(now.getTime() + LEASE_MS) })
    .where(
      inArray(
        simTransactions.id,
        sql`(select id from ${simTransactions}
          where ${simTransactions.notifiedAt} is null and ${simTransactions.nextNotifyAt} <= ${now.toISOString()}::timestamptz
          order by ${simTransactions.nextNotifyAt} limit ${batch} for update skip locked)`,
      ),
    )
    .returning();
  let delivered = 0;
  for (const t of due) {
    const provider = t.provider as PaymentProvider;
    const format = wireFormats[provider];
    const body = format.encode(t);
    const timestamp = String(deps.clock.now().getTime());
    let status = 0;
    try {
      status = await send(
        t.notifyUrl,
        {
          'content-type': format.contentType,
          [format.timestampHeader]: timestamp,
          [format.signatureHeader]: sign(deps.secrets[provider], timestamp, body),
        },
        body,
      );
    } catch (error) {
      deps.logger.debug({ err: error, transaction: t.id }, 'notification not delivered');
    }
    const attempts = t.notifyAttempts + 1;
    const ok = status >= 200 && status < 300;
    if (ok) delivered += 1;
    await deps.db
      .update(simTransactions)
      .set({
        notifyAttempts: attempts,
        lastNotifyStatus: status || null,
        notifiedAt: ok ? deps.clock.now() : null,
        nextNotifyAt:
          ok || attempts >= MAX_DELIVERY_ATTEMPTS
            ? null
            : new Date(deps.clock.now().getTime() + redeliveryDelayMs(attempts)),
      })
      .where(and(eq(simTransactions.id, t.id), isNull(simTransactions.notifiedAt)));
  }
  return delivered;
}

export async function findTransaction(db: Db, provider: PaymentProvider, id: string) {
  const [t] = await db
    .select()
    .from(simTransactions)
    .where(and(eq(simTransactions.id, id), eq(simTransactions.provider, provider)));
  return t ?? null;
}

/** The shopper pressed a button on the cashier page. Only an open transaction can change. */
export async function cashierAction(
  db: Db,
  clock: Clock,
  provider: PaymentProvider,
  id: string,
  action: 'pay' | 'fail' | 'abandon',
) {
  const t = await findTransaction(db, provider, id);
  if (!t) return null;
  if (action !== 'abandon') {
    await db
      .update(simTransactions)
      .set({
        status: action === 'pay' ? 'paid' : 'failed',
        settledAt: action === 'pay' ? clock.now() : null,
        nextNotifyAt: clock.now(),
        notifiedAt: null,
        notifyAttempts: 0,
      })
      // A failed attempt can be paid on a second try; a paid one is final.
      .where(and(eq(simTransactions.id, id), inArray(simTransactions.status, ['open', 'failed'])));
  }
  return t;
}
