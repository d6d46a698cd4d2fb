import { describe, expect, it } from 'vitest';
import { detectFormat } from '../channel-imports';
import { dayStartIn, EBAY_ORDERS_COLUMNS, ebayAmount, ebayDay, ebayOrdersReader } from './ebay-orders';
import { readRecords } from './read-records';

// Seller Hub's "All orders" report as eBay.com writes it: a blank line, the header, a blank line,
// an order of one item, an order of two (its own row, then a row per item), and the trailer.
const header = [...EBAY_ORDERS_COLUMNS];
const blank = header.map(() => '');
const line = (fields: Record<string, string>) => header.map((h) => fields[h] ?? '');
const records = [
  blank,
  header,
  blank,
  line({
    'Sales Record Number': '1001',
    'Order Number': '12-34567-89012',
    'Buyer Username': 'ada_l',
    'Buyer Name': 'Ada Lovelace',
    'Buyer Email': 'ada@example.com',
    'Ship To Name': 'Ada Lovelace',
    'Ship To Address 1': '1 Harbour St',
    'Ship To City': 'Boston',
    'Ship To State': 'MA',
    'Ship To Zip': '02110',
    'Ship To Country': 'United States',
    'Item Number': '335001234567',
    'Item Title': 'Arc lamp, brass',
    'Custom Label': 'LAMP-ARC',
    Quantity: '2',
    'Sold For': '$45.99',
    'Shipping And Handling': '$5.00',
    'Seller Collected Tax': '$0.00',
    'eBay Collected Tax': '$5.98',
    'Total Price': '$102.96',
    'Sale Date': 'Jul-21-25',
    'Paid On Date': 'Jul-21-25',
    'Shipped On Date': 'Jul-23-25',
    'Shipping Service': 'USPS Ground Advantage',
    'Transaction ID': '2345678901001',
  }),
  line({
    'Sales Record Number': '1002',
    'Order Number': '12-34567-89013',
    'Buyer Username': 'jonas_m',
    'Buyer Name': 'Jonas Miller',
    'Ship To Name': 'Jonas Miller',
    'Ship To Address 1': '5 Main St',
    'Ship To City': 'Austin',
    'Ship To State': 'TX',
    'Ship To Zip': '73301',
    'Ship To Country': 'US',
    Quantity: '3',
    'Shipping And Handling': '$7.50',
    'Seller Collected Tax': '$8.25',
    'Total Price': '$1,105.74',
    'Sale Date': 'Aug-02-25',
    'Paid On Date': 'Aug-02-25',
  }),
  line({
    'Sales Record Number': '1002',
    'Order Number': '12-34567-89013',
    'Item Number': '335001234568',
    'Item Title': 'Floor lamp',
    'Custom Label': 'LAMP-FLOOR',
    Quantity: '1',
    'Sold For': '$1,000.00',
    'Transaction ID': '2345678901002',
  }),
  line({
    'Sales Record Number': '1002',
    'Order Number': '12-34567-89013',
    'Item Number': '335001234569',
    'Item Title': 'Bulb',
    'Custom Label': 'BULB',
    Quantity: '2',
    'Sold For': '$44.99',
    'Transaction ID': '2345678901003',
    'Variation Details': '[Colour:Warm]',
  }),
  blank,
  ['2 record(s) downloaded', ...blank.slice(1)],
  blank,
  ['Seller ID: crossdock-demo', ...blank.slice(1)],
].map((values, i) => ({ row: i + 1, values }));

const now = new Date('2026-12-01T00:00:00Z');
const context = { shopCurrency: 'USD', shopTimeZone: 'America/Los_Angeles', now };

function readAll(rows = records) {
  const read = readRecords(ebayOrdersReader, rows.slice(1), { ...context, pricesIncludeTax: false });
  if ('missing' in read) throw new Error('header');
  return { orders: read.done, problems: read.problems };
}

describe('eBay’s Seller Hub orders report', () => {
  it('is recognised after its blank first line', () => {
    expect(detectFormat(records.slice(0, 3))).toEqual({ format: 'ebay_orders', headerRow: 2 });
  });

  it('reads an order of one item and one of several, its trailer passed over', () => {
    const { orders, problems } = readAll();
    expect(problems).toEqual([]);
    expect(orders).toHaveLength(2);
    expect(orders[0]).toMatchObject({
      item: {
        externalId: '12-34567-89012',
        status: 'shipped',
        currency: 'USD',
        // The site's day, in its time zone (Los Angeles, summer: UTC−7).
        purchasedAt: '2025-07-21T07:00:00.000Z',
        // Shipped on the 23rd, the latest step.
        updatedAt: '2025-07-23T07:00:02.000Z',
        buyer: { name: 'Ada Lovelace', email: 'ada@example.com' },
        shippingAddress: { line1: '1 Harbour St', city: 'Boston', region: 'MA', country: 'US' },
        shipping: 500,
        taxIncluded: false,
        lines: [
          {
            externalId: '335001234567-2345678901001',
            sellerSku: 'LAMP-ARC',
            listingExternalId: '335001234567',
            quantity: 2,
            unitPrice: 4599,
            tax: 0,
          },
        ],
      },
    });
    expect(orders[1]).toMatchObject({
      item: {
        externalId: '12-34567-89013',
        status: 'unshipped',
        shipping: 750,
        // 8.25 of tax shared over 1,000.00 and 89.98.
        lines: [
          { sellerSku: 'LAMP-FLOOR', quantity: 1, unitPrice: 100_000, tax: 757 },
          { sellerSku: 'BULB', title: 'Bulb ([Colour:Warm])', quantity: 2, unitPrice: 4499, tax: 68 },
        ],
      },
    });
  });

  it('names the cell at fault: an amount in another currency, a bad day, a bad order number', () => {
    const broken = records.map((r) =>
      r.row === 4
        ? { ...r, values: r.values.map((v, i) => (header[i] === 'Sold For' ? '£45.99' : v)) }
        : r.row === 6
          ? { ...r, values: r.values.map((v, i) => (header[i] === 'Quantity' ? '1.5' : v)) }
          : r,
    );
    const withDay = broken.map((r) =>
      r.row === 5
        ? { ...r, values: r.values.map((v, i) => (header[i] === 'Sale Date' ? '31-Feb-25' : v)) }
        : r,
    );
    const { orders, problems } = readAll(withDay);
    expect(problems.map((p) => [p.row, p.column, p.key])).toEqual([
      [4, 'sold-for', 'import.otherCurrency'],
      [5, 'sale-date', 'import.day'],
      [6, 'quantity', 'import.quantity'],
    ]);
    // Both orders are held back whole.
    expect(orders.every((o) => o && 'skipped' in o)).toBe(true);
  });

  it('reads eBay’s days and amounts in each site’s style', () => {
    expect(ebayDay('Jul-21-25')).toEqual({ year: 2025, month: 7, day: 21 });
    expect(ebayDay('21-Jul-25')).toEqual({ year: 2025, month: 7, day: 21 });
    expect(ebayDay('Feb-29-2024')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(ebayDay('Feb-29-25')).toBeNull();
    expect(ebayDay('2025-07-21')).toBeNull();
    expect(dayStartIn({ year: 2025, month: 1, day: 15 }, 'Europe/London')).toBe('2025-01-15T00:00:00.000Z');
    expect(dayStartIn({ year: 2025, month: 3, day: 30 }, 'Europe/Berlin')).toBe('2025-03-29T23:00:00.000Z');
    expect(dayStartIn({ year: 2025, month: 3, day: 31 }, 'Europe/Berlin')).toBe('2025-03-30T22:00:00.000Z');
    expect(ebayAmount('$45.99', 'USD')).toBe(4599);
    expect(ebayAmount('US $1,234.50', 'USD')).toBe(123_450);
    expect(ebayAmount('£12.00', 'GBP')).toBe(1200);
    expect(ebayAmount('EUR 1.234,50', 'EUR')).toBe(123_450);
    expect(ebayAmount('-$5.00', 'USD')).toBe(-500);
    expect(ebayAmount('C $5.00', 'USD')).toEqual({ other: 'CAD' });
    expect(ebayAmount('$4.5.6', 'USD')).toBeNull();
    expect(ebayAmount('¥500', 'JPY')).toBeNull();
  });
});
