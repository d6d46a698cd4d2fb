import { describe, expect, it } from 'vitest';
import { detectFormat } from '../channel-imports';
import {
  amazonSettlementReader,
  SETTLEMENT_V2_COLUMNS,
  type SettlementFees,
  settlementInstant,
} from './amazon-settlement';
import { readRecords } from './read-records';

// A settlement of Amazon.de as the V2 flat file lays it out: the settlement's own row, an order
// shipped (its price, tax, shipping, a promotion, and Amazon's fees), a refund of an earlier
// order (a fee given back, one charged for the refund), and the account's subscription.
const header = [...SETTLEMENT_V2_COLUMNS];
const line = (fields: Record<string, string>) => header.map((h) => fields[h] ?? '');
const order = (amountType: string, description: string, amount: string) =>
  line({
    'settlement-id': '11223344556',
    'transaction-type': 'Order',
    'order-id': '302-1234567-7654321',
    'shipment-id': 'DSnqRWhBF',
    'marketplace-name': 'Amazon.de',
    'amount-type': amountType,
    'amount-description': description,
    amount,
    'fulfillment-id': 'MFN',
    'posted-date': '02.11.2026',
    'posted-date-time': '02.11.2026 10:15:30 UTC',
    'order-item-code': '61234567890123',
    sku: 'LAMP-ARC',
    'quantity-purchased': '1',
  });
const refund = (description: string, amount: string, amountType = 'ItemFees') =>
  line({
    'settlement-id': '11223344556',
    'transaction-type': 'Refund',
    'order-id': '302-7654321-1234567',
    'adjustment-id': 'amzn1:crow:Ab12',
    'amount-type': amountType,
    'amount-description': description,
    amount,
    'posted-date': '03.11.2026',
    'order-item-code': '61234567890999',
    sku: 'LAMP-ARC',
  });
const records = [
  header,
  line({
    'settlement-id': '11223344556',
    'settlement-start-date': '01.11.2026 00:00:00 UTC',
    'settlement-end-date': '15.11.2026 00:00:00 UTC',
    'deposit-date': '17.11.2026 00:00:00 UTC',
    'total-amount': '81,35',
    currency: 'EUR',
  }),
  order('ItemPrice', 'Principal', '99,00'),
  order('ItemPrice', 'Tax', '15,81'),
  order('ItemPrice', 'Shipping', '4,90'),
  order('Promotion', 'Principal', '-5,00'),
  order('ItemFees', 'Commission', '-14,85'),
  order('ItemFees', 'FixedClosingFee', '-0,81'),
  refund('Commission', '11,88'),
  refund('RefundCommission', '-2,97'),
  refund('Principal', '-99,00', 'ItemPrice'),
  line({
    'settlement-id': '11223344556',
    'transaction-type': 'other-transaction',
    'amount-type': 'other-transaction',
    'amount-description': 'Subscription Fee',
    amount: '-39,00',
    'posted-date': '01.11.2026',
  }),
].map((values, i) => ({ row: i + 1, values }));

const context = { shopCurrency: 'EUR', shopTimeZone: 'Europe/Berlin', now: new Date('2026-12-01T00:00:00Z') };

function readAll(rows = records) {
  const read = readRecords(amazonSettlementReader, rows, { ...context, pricesIncludeTax: true });
  if ('missing' in read) throw new Error('header');
  const items = read.done.flatMap((d): SettlementFees[] => ('item' in d && d.item ? [d.item] : []));
  return { items, problems: read.problems };
}

describe('Amazon’s settlement report (V2)', () => {
  it('is recognised by its columns', () => {
    expect(detectFormat([{ row: 1, values: header }])).toEqual({
      format: 'amazon_settlement_v2',
      headerRow: 1,
    });
  });

  it('gives what Amazon kept of each order’s transactions: its fees, a refund’s given back', () => {
    const { items, problems } = readAll();
    expect(problems).toEqual([]);
    expect(items).toEqual([
      {
        settlementId: '11223344556',
        transaction: 'Order/302-1234567-7654321/DSnqRWhBF',
        orderId: '302-1234567-7654321',
        // 14.85 commission and 0.81 closing fee.
        fees: 1566,
        postedAt: '2026-11-02T10:15:30.000Z',
      },
      {
        settlementId: '11223344556',
        transaction: 'Refund/302-7654321-1234567/amzn1:crow:Ab12',
        orderId: '302-7654321-1234567',
        // 11.88 of commission given back, 2.97 kept for the refund.
        fees: -891,
        postedAt: '2026-11-03T00:00:00.000Z',
      },
    ]);
  });

  it('names the cell at fault, and refuses a settlement in another currency than the shop’s', () => {
    const broken = records.map((r) =>
      r.row === 2
        ? { ...r, values: r.values.map((v, i) => (header[i] === 'currency' ? 'GBP' : v)) }
        : r.row === 7
          ? { ...r, values: r.values.map((v, i) => (header[i] === 'amount' ? '-14.85.0' : v)) }
          : r,
    );
    const { items, problems } = readAll(broken);
    expect(problems.map((p) => [p.row, p.column, p.key])).toEqual([
      [2, 'currency', 'import.otherCurrency'],
      [7, 'amount', 'import.amount'],
    ]);
    // The order with the bad row is left out whole; the refund is read.
    expect(items.map((i) => i.orderId)).toEqual(['302-7654321-1234567']);
  });

  it('reads the times the marketplaces write', () => {
    expect(settlementInstant('2026-11-02T10:15:30+00:00')).toBe('2026-11-02T10:15:30.000Z');
    expect(settlementInstant('2026-11-02 10:15:30 UTC')).toBe('2026-11-02T10:15:30.000Z');
    expect(settlementInstant('02.11.2026 10:15:30 UTC')).toBe('2026-11-02T10:15:30.000Z');
    expect(settlementInstant('2026-11-02T10:15:30-0700')).toBe('2026-11-02T17:15:30.000Z');
    expect(settlementInstant('2026-11-02')).toBe('2026-11-02T00:00:00.000Z');
    expect(settlementInstant('Nov 2, 2026')).toBeNull();
  });
});
