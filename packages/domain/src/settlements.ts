// Settlement files: what a payment provider says it paid out for a day, one line per payment or
// refund (transaction, type, amount, fee, net, currency, date). Checking one is pure: each line is
// checked on its own, and bad lines are reported with their line number rather than
// failing the whole file. Matching them to our payments and refunds happens in the API.
import { z } from 'zod';
import { DomainError } from './errors';
import { message, refusalMessage, say } from './messages';
import { fromDecimalString, isCurrencyCode } from './money';
import { paymentProviders } from './payments';
import { safeString } from './text';

export const SETTLEMENT_HEADER = [
  'transaction_id',
  'type',
  'amount',
  'fee',
  'net',
  'currency',
  'date',
] as const;

export interface SettlementLine {
  lineNo: number;
  transactionId: string;
  type: 'payment' | 'refund';
  /** Minor units; refunds are positive amounts of type refund. */
  amount: number;
  fee: number;
  net: number;
  currency: string;
  date: string;
}

export interface ParsedSettlement {
  lines: SettlementLine[];
  errors: { lineNo: number; message: string }[];
}

/** A line's problem in words: a refused amount by its reason, anything else as it was said. */
function lineProblem(error: unknown): string {
  if (error instanceof DomainError) return refusalMessage(error);
  return error instanceof Error ? error.message : String(error);
}

/**
 * Checks a settlement file's records (read by the API's CSV reader: quotes, newlines in fields
 * and a BOM are its business): the header first, then each line on its own.
 */
export function readSettlement(
  records: Iterable<{ row: number; values: readonly string[] }>,
): ParsedSettlement {
  const [first, ...rest] = [...records];
  const header = (first?.values ?? []).map((h) => h.toLowerCase());
  if (SETTLEMENT_HEADER.some((h, i) => header[i] !== h)) {
    return {
      lines: [],
      errors: [
        {
          lineNo: first?.row ?? 1,
          message: message('settlement.header', { header: SETTLEMENT_HEADER.join(',') }),
        },
      ],
    };
  }
  const lines: SettlementLine[] = [];
  const errors: ParsedSettlement['errors'] = [];
  for (const { row: lineNo, values } of rest) {
    const [transactionId = '', type = '', amount = '', fee = '', net = '', currency = '', date = ''] = values;
    try {
      if (!transactionId) throw new Error(message('settlement.noTransaction'));
      if (type !== 'payment' && type !== 'refund')
        throw new Error(message('settlement.unknownType', { type }));
      if (!isCurrencyCode(currency)) throw new Error(message('settlement.unknownCurrency', { currency }));
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(message('settlement.badDate', { date }));
      const minor = (text: string) => fromDecimalString(text, currency).amount;
      const line = {
        lineNo,
        transactionId,
        type,
        amount: minor(amount),
        fee: minor(fee),
        net: minor(net),
        currency,
        date,
      } as const;
      if (line.amount <= 0) throw new Error(message('settlement.amountPositive'));
      lines.push(line);
    } catch (error) {
      errors.push({ lineNo, message: lineProblem(error) });
    }
  }
  return { lines, errors };
}

export const settlementStatuses = ['matched', 'amount_differs', 'unknown', 'missing'] as const;
export type SettlementStatus = (typeof settlementStatuses)[number];

export const importSettlementInput = z.strictObject({
  provider: z.enum(paymentProviders),
  /** The day the file covers (UTC). */
  date: z.iso.date(),
  csv: safeString().min(1, say('settlement.fileEmpty')).max(5_000_000, say('settlement.fileTooLarge')),
});

export const settlementRefInput = z.strictObject({ id: z.uuid() });

export const resolveSettlementLineInput = z.strictObject({
  lineId: z.uuid(),
  note: safeString().trim().min(3, say('settlement.note')).max(500),
});
