import { describe, expect, it } from 'vitest';
import {
  type AmazonHeader,
  amazonOrderAssembler,
  readAmazonHeader,
  readAmazonOrderRow,
} from './channel-files/amazon-orders';
import { shopifyOrdersReader } from './channel-files/shopify-orders';
import { detectFormat, looksLikeText, sniffDelimiter } from './channel-imports';

// The All Orders report's header as Seller Central writes it (developer-docs, help page 200547170).
const HEADER =
  'amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel\tsales-channel\torder-channel\turl\tship-service-level\tproduct-name\tsku\tasin\titem-status\tquantity\tcurrency\titem-price\titem-tax\tshipping-price\tshipping-tax\tgift-wrap-price\tgift-wrap-tax\titem-promotion-discount\tship-promotion-discount\tship-city\tship-state\tship-postal-code\tship-country\tpromotion-ids';
const columns = HEADER.split('\t');
const now = new Date('2026-12-07T12:00:00Z');

function record(row: number, fields: Record<string, string>) {
  const base: Record<string, string> = {
    'amazon-order-id': '305-1234567-7654321',
    'purchase-date': '2026-11-02T10:15:30+00:00',
    'last-updated-date': '2026-11-03T08:00:00+00:00',
    'order-status': 'Shipped',
    'fulfillment-channel': 'Amazon',
    'sales-channel': 'Amazon.de',
    'ship-service-level': 'Expedited',
    'product-name': 'Bogenleuchte',
    sku: 'LAMP-ARC',
    asin: 'B0ABCDEFGH',
    'item-status': 'Shipped',
    quantity: '2',
    currency: 'EUR',
    'item-price': '198.00',
    'item-tax': '31.61',
    'shipping-price': '4.90',
    'shipping-tax': '0.78',
    'item-promotion-discount': '-10.00',
    'ship-promotion-discount': '',
    'ship-city': 'Hamburg',
    'ship-state': '',
    'ship-postal-code': '20095',
    'ship-country': 'DE',
    ...fields,
  };
  return { row, values: columns.map((c) => base[c] ?? '') };
}

const header = (readAmazonHeader(columns) as { header: AmazonHeader }).header;
const read = (fields: Record<string, string>, row = 2) =>
  readAmazonOrderRow(header, record(row, fields), {
    shopCurrency: 'EUR',
    shopTimeZone: 'Europe/Berlin',
    now,
  });

describe('what kind of file', () => {
  it('splits by what splits the header most, tab winning a tie', () => {
    expect(sniffDelimiter(`${HEADER}\n305-1\t…`)).toBe('\t');
    expect(sniffDelimiter('Name,Email,Financial Status\n#1001,a@b.c,paid')).toBe(',');
    expect(sniffDelimiter('Name;Email;Total\n#1001;a@b.c;1,50')).toBe(';');
  });

  it('knows text from binary garbage', () => {
    expect(looksLikeText(new TextEncoder().encode('amazon-order-id\tsku\nÄpfel'))).toBe(true);
    expect(looksLikeText(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x10]))).toBe(false);
    expect(looksLikeText(Uint8Array.from([0xff, 0xfe, 0xfd, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46]))).toBe(
      false,
    );
  });

  it('finds the header among the first lines, by the columns each platform writes', () => {
    expect(detectFormat([{ row: 1, values: columns }])).toEqual({
      format: 'amazon_all_orders',
      headerRow: 1,
    });
    // eBay opens its report with a preamble and a blank-ish line.
    expect(
      detectFormat([
        { row: 1, values: ['Seller Hub Orders Report'] },
        { row: 2, values: [''] },
        {
          row: 3,
          values: [
            'Sales Record Number',
            'Order Number',
            'Buyer Username',
            'Custom Label',
            'Quantity',
            'Sold For',
          ],
        },
      ]),
    ).toEqual({ format: 'ebay_orders', headerRow: 3 });
    expect(
      detectFormat([{ row: 1, values: ['Handle', 'Title', 'Body (HTML)', 'Vendor', 'Variant SKU'] }])?.format,
    ).toBe('shopify_products');
    expect(
      detectFormat([{ row: 1, values: ['Title', 'URL handle', 'Description', 'SKU', 'Price'] }])?.format,
    ).toBe('shopify_products');
    expect(detectFormat([{ row: 1, values: ['Handle', 'Title', 'Body (HTML)'] }])).toBeNull();
    expect(detectFormat([{ row: 1, values: ['transaction_id', 'type', 'amount'] }])).toBeNull();
  });

  it('matches columns by name in any order, and names the required ones a header lacks', () => {
    const shuffled = [...columns].reverse();
    const found = readAmazonHeader(shuffled) as { header: AmazonHeader };
    expect(found.header.sku).toBe(shuffled.indexOf('sku'));
    // Some locales write quantity-purchased and fulfilment-channel.
    const british = columns.map((c) =>
      c === 'quantity' ? 'quantity-purchased' : c === 'fulfillment-channel' ? 'fulfilment-channel' : c,
    );
    expect('header' in readAmazonHeader(british)).toBe(true);
    expect(readAmazonHeader(columns.filter((c) => c !== 'sku' && c !== 'currency'))).toEqual({
      missing: ['sku', 'currency'],
    });
  });
});

describe('an All Orders row', () => {
  it('reads amounts in minor units, promotions written negative as discounts', () => {
    const result = read({});
    expect(result).toMatchObject({
      row: {
        orderId: '305-1234567-7654321',
        status: 'shipped',
        fulfilledBy: 'platform',
        quantity: 2,
        itemPrice: 19_800,
        itemTax: 3_161,
        shipping: 490,
        itemDiscount: 1_000,
        purchasedAt: '2026-11-02T10:15:30.000Z',
        country: 'DE',
      },
    });
  });

  it('names the column of every problem', () => {
    const problems = (fields: Record<string, string>) => {
      const result = read(fields);
      return 'problems' in result ? result.problems.map((p) => [p.column, p.key]) : [];
    };
    expect(problems({ quantity: '-1' })).toEqual([['quantity', 'import.quantity']]);
    expect(problems({ quantity: '1.5' })).toEqual([['quantity', 'import.quantity']]);
    expect(problems({ currency: 'XYZ' })).toEqual([['currency', 'import.currency']]);
    expect(problems({ currency: 'USD' })).toEqual([['currency', 'import.otherCurrency']]);
    expect(problems({ 'purchase-date': '2027-03-01T00:00:00+00:00' })).toEqual([
      ['purchase-date', 'import.futureDate'],
    ]);
    expect(problems({ 'last-updated-date': 'yesterday' })).toEqual([['last-updated-date', 'import.date']]);
    expect(problems({ 'order-status': 'Lost' })).toEqual([['order-status', 'import.status']]);
    expect(problems({ 'item-price': '=HYPERLINK("x")' })).toEqual([['item-price', 'import.amount']]);
    expect(problems({ 'item-price': '-3.00' })).toEqual([['item-price', 'import.amount']]);
    expect(problems({ sku: '', 'amazon-order-id': 'abc' })).toEqual([
      ['amazon-order-id', 'import.orderId'],
      ['sku', 'import.sku'],
    ]);
  });

  it('leaves a pending order’s empty prices at nothing', () => {
    expect(read({ 'order-status': 'Pending', 'item-price': '', 'item-tax': '' })).toMatchObject({
      row: { status: 'pending', itemPrice: 0 },
    });
  });
});

describe('orders from rows', () => {
  const row = (n: number, fields: Record<string, string>) => {
    const result = read(fields, n);
    if (!('row' in result)) throw new Error(JSON.stringify(result));
    return result.row;
  };

  it('gathers an order’s rows, completing it when the next order starts', () => {
    const assembler = amazonOrderAssembler(true);
    expect(assembler.add(row(2, {}))).toEqual({ completed: null });
    expect(assembler.add(row(3, { sku: 'SHADE', quantity: '1', 'item-price': '24.50' }))).toEqual({
      completed: null,
    });
    const next = assembler.add(row(4, { 'amazon-order-id': '305-0000000-0000001' }));
    expect(next).toMatchObject({
      completed: {
        item: {
          externalId: '305-1234567-7654321',
          status: 'shipped',
          fulfilledBy: 'platform',
          taxIncluded: true,
          shipping: 980,
          lines: [
            { sellerSku: 'LAMP-ARC', quantity: 2, unitPrice: 9_900, discount: 1_000 },
            { sellerSku: 'SHADE', quantity: 1, unitPrice: 2_450 },
          ],
          shippingAddress: { city: 'Hamburg', country: 'DE', line1: '' },
        },
      },
    });
    expect(assembler.end()).toMatchObject({ item: { externalId: '305-0000000-0000001' } });
  });

  it('refuses a repeated row and an order split by another, and holds back an order with a bad row', () => {
    const assembler = amazonOrderAssembler(true);
    assembler.add(row(2, {}));
    expect(assembler.add(row(3, {}))).toEqual({
      problem: { column: 'sku', key: 'import.duplicateRow', values: { row: 2 } },
    });
    assembler.add(row(4, { 'amazon-order-id': '305-0000000-0000001' }));
    expect(assembler.add(row(5, {}))).toMatchObject({
      problem: { key: 'import.orderSplit', values: { row: 2 } },
    });
    // The next order has a good row and a bad one: none of it goes in.
    expect(assembler.add(row(6, { 'amazon-order-id': '305-0000000-0000002' }))).toMatchObject({
      completed: { item: { externalId: '305-0000000-0000001' } },
    });
    expect(assembler.reject('305-0000000-0000002', 7)).toBeNull();
    expect(assembler.end()).toEqual({ skipped: { orderId: '305-0000000-0000002', rows: [6], badRow: 7 } });
  });
});

describe('a Shopify orders export', () => {
  // The export's header as Shopify writes it (Orders → Export), trimmed of columns we do not read.
  const columns =
    'Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem discount,Billing Name,Shipping Name,Shipping Address1,Shipping Address2,Shipping City,Shipping Zip,Shipping Province,Shipping Country,Shipping Phone,Cancelled at,Id'.split(
      ',',
    );
  const row = (n: number, fields: Record<string, string>) => ({
    row: n,
    values: columns.map((c) => fields[c] ?? ''),
  });
  const first = {
    Name: '#1001',
    Email: 'ada@example.com',
    'Financial Status': 'paid',
    'Paid at': '2026-11-02 10:16:00 -0500',
    'Fulfillment Status': 'fulfilled',
    'Fulfilled at': '2026-11-03 09:00:00 -0500',
    Currency: 'USD',
    Subtotal: '42.00',
    Shipping: '5.00',
    Taxes: '2.94',
    Total: '49.94',
    'Shipping Method': 'Standard',
    'Created at': '2026-11-02 10:15:30 -0500',
    'Lineitem quantity': '2',
    'Lineitem name': 'Sencha - 100 g',
    'Lineitem price': '12.00',
    'Lineitem sku': 'TEA-SENCHA',
    'Shipping Name': 'Ada Lovelace',
    'Shipping Address1': '1 Harbour St',
    'Shipping City': 'Boston',
    'Shipping Zip': '02108',
    'Shipping Province': 'MA',
    'Shipping Country': 'US',
    Id: '5100000123',
  };
  const second = {
    Name: '#1001',
    'Lineitem quantity': '1',
    'Lineitem name': 'Stoneware mug - Grey',
    'Lineitem price': '18.00',
    'Lineitem sku': 'MUG-STONE',
  };
  const reader = shopifyOrdersReader;

  it('is recognised by its header and read row by row, the order’s fields on its first row', () => {
    expect(detectFormat([{ row: 1, values: columns }])?.format).toBe('shopify_orders');
    const read = reader.readHeader(columns);
    if ('missing' in read) throw new Error('header');
    const context = { shopCurrency: 'USD', shopTimeZone: 'America/New_York', now };
    const assembler = reader.assembler({ pricesIncludeTax: false, currency: 'USD' });
    for (const [n, fields] of [
      [2, first],
      [3, second],
    ] as const) {
      const result = read.header.readRow(row(n, fields), context);
      if (!('row' in result)) throw new Error(JSON.stringify(result));
      assembler.add(result.row);
    }
    expect(assembler.end()).toMatchObject({
      item: {
        externalId: 'gid://shopify/Order/5100000123',
        externalNumber: '#1001',
        status: 'shipped',
        currency: 'USD',
        purchasedAt: '2026-11-02T15:15:30.000Z',
        updatedAt: '2026-11-03T14:00:00.000Z',
        taxIncluded: false,
        shipping: 500,
        buyer: { name: 'Ada Lovelace', email: 'ada@example.com' },
        shippingAddress: { line1: '1 Harbour St', city: 'Boston', country: 'US' },
        // 2.94 of tax shared over 24.00 and 18.00.
        lines: [
          { sellerSku: 'TEA-SENCHA', quantity: 2, unitPrice: 1200, tax: 168 },
          { sellerSku: 'MUG-STONE', quantity: 1, unitPrice: 1800, tax: 126 },
        ],
      },
    });
  });

  it('names a missing column, and holds back an order whose first row lacks its details', () => {
    expect(reader.readHeader(columns.filter((c) => c !== 'Id'))).toEqual({ missing: ['id'] });
    const read = reader.readHeader(columns);
    if ('missing' in read) throw new Error('header');
    const assembler = reader.assembler({ pricesIncludeTax: false, currency: 'USD' });
    const only = read.header.readRow(row(2, second), {
      shopCurrency: 'USD',
      shopTimeZone: 'America/New_York',
      now,
    });
    if (!('row' in only)) throw new Error('row');
    assembler.add(only.row);
    expect(assembler.end()).toMatchObject({
      skipped: { orderId: '#1001', rows: [2], reason: { key: 'import.orderIncomplete' } },
    });
    const wrong = read.header.readRow(row(2, { ...first, 'Lineitem quantity': '-1', Currency: 'EUR' }), {
      shopCurrency: 'USD',
      shopTimeZone: 'America/New_York',
      now,
    });
    expect('problems' in wrong && wrong.problems.map((p) => [p.column, p.key])).toEqual([
      ['lineitem-quantity', 'import.quantity'],
      ['currency', 'import.otherCurrency'],
    ]);
  });
});
