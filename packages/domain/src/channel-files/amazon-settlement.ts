// Amazon's settlement report, flat file V2 (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2): tab-
// separated, a first row of the settlement's own (its id, period, deposit, total and currency),
// then a row per amount — each of a transaction (an Order, a Refund… of an order, by shipment or
// adjustment) or of the seller's account (subscription, storage fees: no order). What Crossdock
// takes from it is what Amazon kept of each order: its fees (`amount-type` ItemFees — commission,
// FBA fulfilment, closing fees…; a refund gives some back and charges its own).
import { fromPlatformDecimal, isCurrencyCode } from '../money';
import {
  type ColumnsAt,
  fileReader,
  type OrderAssembler,
  type OrderFileRow,
  orderAssembler,
  type RowContext,
  type RowProblem,
  recordCells,
} from './rows';

/** The report's header, as Amazon writes it. */
export const SETTLEMENT_V2_COLUMNS = [
  'settlement-id',
  'settlement-start-date',
  'settlement-end-date',
  'deposit-date',
  'total-amount',
  'currency',
  'transaction-type',
  'order-id',
  'merchant-order-id',
  'adjustment-id',
  'shipment-id',
  'marketplace-name',
  'amount-type',
  'amount-description',
  'amount',
  'fulfillment-id',
  'posted-date',
  'posted-date-time',
  'order-item-code',
  'merchant-order-item-id',
  'merchant-adjustment-item-id',
  'sku',
  'quantity-purchased',
  'promotion-id',
] as const;

const settlementColumns = {
  settlementId: ['settlement-id'],
  startDate: ['settlement-start-date'],
  endDate: ['settlement-end-date'],
  depositDate: ['deposit-date'],
  totalAmount: ['total-amount'],
  currency: ['currency'],
  transactionType: ['transaction-type'],
  orderId: ['order-id'],
  adjustmentId: ['adjustment-id'],
  shipmentId: ['shipment-id'],
  amountType: ['amount-type'],
  amountDescription: ['amount-description'],
  amount: ['amount'],
  postedDate: ['posted-date'],
  postedDateTime: ['posted-date-time'],
  orderItemCode: ['order-item-code'],
  sku: ['sku'],
} as const;
type SettlementColumn = keyof typeof settlementColumns;
const requiredSettlementColumns: readonly SettlementColumn[] = [
  'settlementId',
  'transactionType',
  'orderId',
  'amountType',
  'amountDescription',
  'amount',
];
type SettlementHeader = ColumnsAt<SettlementColumn>;

/** One amount of the report, checked. */
export interface SettlementRow extends OrderFileRow {
  settlementId: string;
  /** The Amazon order it is of; null for the settlement's own row and the account's amounts. */
  amazonOrderId: string | null;
  transactionType: string;
  amountType: string;
  /** Minor units of the shop's currency, as signed as Amazon wrote it (fees are negative). */
  amount: number;
  postedAt: string | null;
}

/** What Amazon kept of an order in one of its transactions in a settlement. */
export interface SettlementFees {
  settlementId: string;
  /** The transaction: its type, the order and the shipment or adjustment ("Order/305-…/DSnq…"). */
  transaction: string;
  orderId: string;
  /** Minor units: minus the transaction's ItemFees amounts (a refund's may give fees back: below 0). */
  fees: number;
  postedAt: string | null;
}

const ORDER_ID = /^\d{3}-\d{7}-\d{7}$/;

/** A settlement's decimal ("-4.35", or "-4,35" as the European marketplaces write it). */
function settlementAmount(text: string, currency: string): number | null {
  const t = text.trim();
  const normal = /^-?\d+,\d+$/.test(t) ? t.replace(',', '.') : t;
  if (!/^-?\d+(\.\d+)?$/.test(normal)) return null;
  try {
    return fromPlatformDecimal(normal, currency).amount;
  } catch {
    return null;
  }
}

/**
 * A settlement's time as ISO 8601 UTC: "2026-11-02T10:15:30+00:00", "2026-11-02 10:15:30 UTC",
 * "02.11.2026 10:15:30 UTC" or a day alone ("2026-11-02", "02.11.2026"); null if it is none.
 */
export function settlementInstant(text: string): string | null {
  const t = text.trim();
  const european = /^(\d{2})\.(\d{2})\.(\d{4})(.*)$/.exec(t);
  const iso = european ? `${european[3]}-${european[2]}-${european[1]}${european[4]}` : t;
  const m =
    /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*(UTC|Z|[+-]\d{2}:?\d{2})?)?$/.exec(iso);
  if (!m) return null;
  const zone = !m[3] || m[3] === 'UTC' || m[3] === 'Z' ? 'Z' : m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const at = new Date(`${m[1]}T${m[2] ?? '00:00:00'}${zone}`);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

function readSettlementRow(
  header: SettlementHeader,
  record: { row: number; values: readonly string[] },
  context: RowContext,
): { row: SettlementRow } | { problems: RowProblem[] } {
  const { cell, problems, problem } = recordCells(header, record);
  const settlementId = cell('settlementId');
  if (!/^\d{1,20}$/.test(settlementId))
    problem('settlementId', 'import.settlementId', { value: settlementId });
  const transactionType = cell('transactionType');
  // The settlement's own row: its currency must be the shop's.
  if (!transactionType) {
    const currency = cell('currency').toUpperCase();
    if (currency && !isCurrencyCode(currency)) problem('currency', 'import.currency', { value: currency });
    else if (currency && currency !== context.shopCurrency)
      problem('currency', 'import.otherCurrency', { value: currency, shop: context.shopCurrency });
    if (problems.length) return { problems };
    return {
      row: {
        row: record.row,
        orderId: `settlement/${settlementId}`,
        sku: '',
        settlementId,
        amazonOrderId: null,
        transactionType: '',
        amountType: '',
        amount: 0,
        postedAt: null,
      },
    };
  }
  const orderText = cell('orderId');
  if (orderText && !ORDER_ID.test(orderText)) problem('orderId', 'import.orderId', { value: orderText });
  const amountText = cell('amount');
  const amount = settlementAmount(amountText, context.shopCurrency);
  if (amount === null) problem('amount', 'import.amount', { value: amountText });
  const postedText = cell('postedDateTime') || cell('postedDate');
  const postedAt = postedText ? settlementInstant(postedText) : null;
  if (postedText && !postedAt)
    problem(cell('postedDateTime') ? 'postedDateTime' : 'postedDate', 'import.date', { value: postedText });
  else if (postedAt && new Date(postedAt).getTime() > context.now.getTime() + 86_400_000)
    problem(cell('postedDateTime') ? 'postedDateTime' : 'postedDate', 'import.futureDate');
  if (problems.length) return { problems };
  const amountType = cell('amountType');
  return {
    row: {
      row: record.row,
      // An order's transaction is its rows together; an account's amount stands alone.
      orderId: orderText
        ? `${transactionType}/${orderText}/${cell('shipmentId') || cell('adjustmentId')}`
        : `row/${record.row}`,
      sku: `${cell('orderItemCode') || cell('sku')}/${amountType}/${cell('amountDescription')}`,
      settlementId,
      amazonOrderId: orderText || null,
      transactionType,
      amountType,
      amount: amount!,
      postedAt,
    },
  };
}

/** A transaction's rows as what Amazon kept of its order; null for rows of no order. */
export function settlementFeesFromRows(rows: readonly SettlementRow[]): SettlementFees | null {
  const first = rows[0]!;
  if (!first.amazonOrderId) return null;
  return {
    settlementId: first.settlementId,
    transaction: first.orderId,
    orderId: first.amazonOrderId,
    fees: -rows.filter((r) => r.amountType === 'ItemFees').reduce((sum, r) => sum + r.amount, 0),
    postedAt: first.postedAt,
  };
}

const settlementPreview = [
  ['settlement-id', 'settlementId'],
  ['transaction-type', 'transactionType'],
  ['order-id', 'orderId'],
  ['amount-type', 'amountType'],
  ['amount-description', 'amountDescription'],
  ['amount', 'amount'],
  ['posted-date', 'postedDate'],
] as const satisfies readonly [string, SettlementColumn][];

/** Reads Amazon's settlement report (V2) into what Amazon kept of each order's transactions. */
export const amazonSettlementReader = fileReader({
  kind: 'fees',
  columns: settlementColumns,
  required: requiredSettlementColumns,
  preview: settlementPreview,
  readRow: readSettlementRow,
  orderIdOf: (cell) =>
    ORDER_ID.test(cell('orderId')) && cell('transactionType')
      ? `${cell('transactionType')}/${cell('orderId')}/${cell('shipmentId') || cell('adjustmentId')}`
      : null,
  assembler: () =>
    orderAssembler<SettlementRow, SettlementFees | null>(
      settlementFeesFromRows,
      'order-id',
    ) as OrderAssembler<OrderFileRow, SettlementFees | null>,
});
