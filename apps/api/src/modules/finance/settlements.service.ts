// Reconciling provider settlement files with our books. Staff import a provider's file for a
// day; each line is matched to the payment or refund it names. What does not match is listed for
// action: the amount differs, the file names a transaction we do not know, or a payment or
// refund we recorded that day is missing from the file. Staff resolve each with a note.
import { payments, refunds, settlementImports, settlementLines } from '@crossdock/db/schema';
import { DomainError } from '@crossdock/domain/errors';
import { message } from '@crossdock/domain/messages';
import type { PaymentProvider } from '@crossdock/domain/payments';
import { readSettlement, type SettlementStatus } from '@crossdock/domain/settlements';
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { type CsvRecord, csvRecords, MalformedCsvError } from '../../infra/csv';
import { settlementFile } from '../../infra/payment-providers/settlement-file';
import { type Actor, writeAudit } from '../identity/audit';

/** The provider's file for a day (from its merchant portal; simulated here). */
export function downloadSettlement(deps: AppDeps, input: { provider: PaymentProvider; date: string }) {
  return settlementFile(deps.db, input.provider, input.date);
}

/** The file's records; a broken quote is the file's fault, said with its line. */
async function settlementRecords(csv: string): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  try {
    for await (const record of csvRecords(csv)) records.push(record);
  } catch (error) {
    if (!(error instanceof MalformedCsvError)) throw error;
    throw new DomainError('VALIDATION_FAILED', message('file.malformed', { line: error.line }, 'en'), {
      firstBadLine: error.line,
    });
  }
  return records;
}

export async function importSettlement(
  deps: AppDeps,
  actor: Actor,
  input: { provider: PaymentProvider; date: string; csv: string },
) {
  const parsed = readSettlement(await settlementRecords(input.csv));
  if (parsed.errors.length) {
    const first = parsed.errors[0]!;
    throw new DomainError(
      'VALIDATION_FAILED',
      `The file has ${parsed.errors.length} bad line(s); line ${first.lineNo}: ${first.message}`,
      { badLines: parsed.errors.length, firstBadLine: first.lineNo },
    );
  }
  const onDay = (column: unknown) => sql`(${column} at time zone 'UTC')::date = ${input.date}::date`;
  return deps.db.transaction(async (tx) => {
    const paymentIds = parsed.lines.filter((l) => l.type === 'payment').map((l) => l.transactionId);
    const refundIds = parsed.lines.filter((l) => l.type === 'refund').map((l) => l.transactionId);
    const [ourPayments, ourRefunds, paidThatDay, refundedThatDay] = await Promise.all([
      paymentIds.length
        ? tx
            .select()
            .from(payments)
            .where(
              and(eq(payments.provider, input.provider), inArray(payments.providerTransactionId, paymentIds)),
            )
        : [],
      refundIds.length
        ? tx
            .select({ refund: refunds })
            .from(refunds)
            .innerJoin(payments, eq(payments.id, refunds.paymentId))
            .where(and(eq(payments.provider, input.provider), inArray(refunds.providerRefundId, refundIds)))
        : [],
      tx
        .select()
        .from(payments)
        .where(
          and(
            eq(payments.provider, input.provider),
            eq(payments.status, 'captured'),
            onDay(payments.capturedAt),
          ),
        ),
      tx
        .select({ refund: refunds })
        .from(refunds)
        .innerJoin(payments, eq(payments.id, refunds.paymentId))
        .where(
          and(
            eq(payments.provider, input.provider),
            eq(refunds.status, 'succeeded'),
            isNotNull(refunds.providerRefundId),
            onDay(refunds.completedAt),
          ),
        ),
    ]);
    const paymentByTx = new Map(ourPayments.map((p) => [p.providerTransactionId!, p]));
    const refundByTx = new Map(ourRefunds.map((r) => [r.refund.providerRefundId!, r.refund]));
    const rows: (typeof settlementLines.$inferInsert)[] = parsed.lines.map((line) => {
      const ours =
        line.type === 'payment' ? paymentByTx.get(line.transactionId) : refundByTx.get(line.transactionId);
      const expected = ours ? ours.amount : null;
      const status: SettlementStatus = !ours
        ? 'unknown'
        : expected === line.amount && ours.currency === line.currency
          ? 'matched'
          : 'amount_differs';
      return {
        importId: '',
        lineNo: line.lineNo,
        transactionId: line.transactionId,
        kind: line.type,
        amount: line.amount,
        fee: line.fee,
        net: line.net,
        currency: line.currency,
        expectedAmount: status === 'matched' ? null : expected,
        status,
        paymentId: line.type === 'payment' ? (ours?.id ?? null) : null,
        refundId: line.type === 'refund' ? (ours?.id ?? null) : null,
      };
    });
    const inFile = new Set(parsed.lines.map((l) => `${l.type}:${l.transactionId}`));
    for (const p of paidThatDay) {
      if (inFile.has(`payment:${p.providerTransactionId}`)) continue;
      rows.push({
        importId: '',
        transactionId: p.providerTransactionId!,
        kind: 'payment',
        currency: p.currency,
        expectedAmount: p.amount,
        status: 'missing',
        paymentId: p.id,
      });
    }
    for (const { refund } of refundedThatDay) {
      if (inFile.has(`refund:${refund.providerRefundId}`)) continue;
      rows.push({
        importId: '',
        transactionId: refund.providerRefundId!,
        kind: 'refund',
        currency: refund.currency,
        expectedAmount: refund.amount,
        status: 'missing',
        refundId: refund.id,
      });
    }
    const matched = rows.filter((r) => r.status === 'matched').length;
    const [created] = await tx
      .insert(settlementImports)
      .values({
        provider: input.provider,
        day: input.date,
        importedBy: actor.id,
        lineCount: parsed.lines.length,
        matched,
        mismatched: rows.length - matched,
        createdAt: deps.clock.now(),
      })
      .returning();
    if (rows.length)
      await tx.insert(settlementLines).values(rows.map((r) => ({ ...r, importId: created!.id })));
    await writeAudit(tx, actor, {
      action: 'settlement.import',
      entityType: 'settlement_import',
      entityId: created!.id,
      after: { provider: input.provider, day: input.date, lines: parsed.lines.length, matched },
    });
    return created!;
  });
}

export async function listSettlements(deps: AppDeps) {
  return deps.db.select().from(settlementImports).orderBy(desc(settlementImports.createdAt)).limit(200);
}

export async function settlementDetail(deps: AppDeps, id: string) {
  const [found] = await deps.db.select().from(settlementImports).where(eq(settlementImports.id, id));
  if (!found) throw new DomainError('NOT_FOUND', 'There is no such settlement import');
  const lines = await deps.db
    .select()
    .from(settlementLines)
    .where(eq(settlementLines.importId, id))
    .orderBy(asc(settlementLines.lineNo));
  return { ...found, lines };
}

export async function resolveSettlementLine(
  deps: AppDeps,
  actor: Actor,
  input: { lineId: string; note: string },
) {
  await deps.db.transaction(async (tx) => {
    const [line] = await tx
      .update(settlementLines)
      .set({ resolvedAt: deps.clock.now(), resolvedBy: actor.id, resolutionNote: input.note })
      .where(and(eq(settlementLines.id, input.lineId), isNull(settlementLines.resolvedAt)))
      .returning();
    if (!line) throw new DomainError('NOT_FOUND', 'There is no such open settlement line');
    await writeAudit(tx, actor, {
      action: 'settlement.resolve',
      entityType: 'settlement_line',
      entityId: line.id,
      after: { status: line.status, note: input.note },
    });
  });
}
