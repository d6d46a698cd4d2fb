import { describe, expect, it } from 'vitest';
import { fromShopifyOrder, shopifyApiVersion } from './shopify';

const money = (amount: string) => ({ shopMoney: { amount } });

type Order = Parameters<typeof fromShopifyOrder>[0];
type Line = Parameters<typeof fromShopifyOrder>[1][number];

const order = (over: Partial<Order> = {}): Order => ({
  id: 'gid://shopify/Order/5100000001',
  name: '#1001',
  email: 'ada@example.com',
  createdAt: '2026-11-30T10:00:00Z',
  updatedAt: '2026-11-30T10:05:00Z',
  cancelledAt: null,
  displayFinancialStatus: 'PAID',
  displayFulfillmentStatus: 'UNFULFILLED',
  currencyCode: 'USD',
  taxesIncluded: false,
  customer: { displayName: 'Ada Lovelace' },
  shippingAddress: {
    name: 'Ada Lovelace',
    address1: '1 Harbour St',
    address2: null,
    city: 'Boston',
    province: 'MA',
    zip: '02108',
    countryCodeV2: 'US',
    phone: null,
  },
  totalShippingPriceSet: money('5.0'),
  shippingLine: { title: 'Standard', taxLines: [{ priceSet: money('0.31') }] },
  lineItems: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] },
  ...over,
});

const line = (over: Partial<Line> = {}): Line => ({
  id: 'gid://shopify/LineItem/1',
  title: 'Sencha',
  sku: 'TEA-SENCHA',
  quantity: 2,
  variant: { id: 'gid://shopify/ProductVariant/7', sku: 'TEA-SENCHA', barcode: '' },
  originalUnitPriceSet: money('12.00'),
  totalDiscountSet: money('1.5'),
  taxLines: [{ priceSet: money('0.70') }, { priceSet: money('0.80') }],
  ...over,
});

describe('a Shopify order in the channels’ words', () => {
  it('takes amounts in minor units, even with the zeros Shopify writes ("5.0")', () => {
    const result = fromShopifyOrder(order(), [line()]);
    expect(result).toMatchObject({
      externalId: 'gid://shopify/Order/5100000001',
      externalNumber: '#1001',
      status: 'unshipped',
      fulfilledBy: 'merchant',
      currency: 'USD',
      taxIncluded: false,
      shippingService: 'Standard',
      shipping: 500,
      shippingTax: 31,
      fees: null,
      buyer: { name: 'Ada Lovelace', email: 'ada@example.com' },
      shippingAddress: { line1: '1 Harbour St', region: 'MA', postalCode: '02108', country: 'US' },
    });
    expect(result.lines).toEqual([
      {
        externalId: 'gid://shopify/LineItem/1',
        sellerSku: 'TEA-SENCHA',
        listingExternalId: 'gid://shopify/ProductVariant/7',
        title: 'Sencha',
        barcode: null,
        quantity: 2,
        unitPrice: 1200,
        discount: 150,
        tax: 150,
      },
    ]);
  });

  it('reads yen without minor units, written as Shopify writes them ("4500.0")', () => {
    const yen = fromShopifyOrder(
      order({ currencyCode: 'JPY', totalShippingPriceSet: money('500.0'), shippingLine: null }),
      [line({ originalUnitPriceSet: money('4500.0'), totalDiscountSet: money('0.0'), taxLines: [] })],
    );
    expect(yen).toMatchObject({ shipping: 500, shippingTax: 0, shippingService: null });
    expect(yen.lines[0]).toMatchObject({ unitPrice: 4500, discount: 0, tax: 0 });
  });

  it('puts each financial and fulfilment status where it belongs', () => {
    const status = (over: Partial<Order>) => fromShopifyOrder(order(over), [line()]).status;
    expect(status({ displayFinancialStatus: 'PENDING' })).toBe('pending');
    expect(status({ displayFinancialStatus: 'AUTHORIZED' })).toBe('unshipped');
    expect(status({ displayFulfillmentStatus: 'PARTIALLY_FULFILLED' })).toBe('partially_shipped');
    expect(status({ displayFulfillmentStatus: 'FULFILLED' })).toBe('shipped');
    expect(status({ cancelledAt: '2026-11-30T11:00:00Z', displayFinancialStatus: 'REFUNDED' })).toBe(
      'cancelled',
    );
  });

  it('keeps a line without a SKU, under its variant’s id, and an order without an address', () => {
    const result = fromShopifyOrder(order({ shippingAddress: null, customer: null }), [
      line({
        sku: null,
        variant: { id: 'gid://shopify/ProductVariant/9', sku: null, barcode: '4006381333931' },
      }),
    ]);
    expect(result.lines[0]).toMatchObject({
      sellerSku: 'gid://shopify/ProductVariant/9',
      barcode: '4006381333931',
    });
    expect(result.shippingAddress).toBeNull();
    expect(result.buyer.name).toBe('ada@example.com');
  });

  it('refuses an amount the currency cannot hold', () => {
    expect(() => fromShopifyOrder(order(), [line({ originalUnitPriceSet: money('12.005') })])).toThrow(
      /decimal places/,
    );
  });
});

describe('the Admin API version', () => {
  it('is the newest quarterly release at the clock', () => {
    expect(shopifyApiVersion(new Date('2026-12-04T00:00:00Z'))).toBe('2026-10');
    expect(shopifyApiVersion(new Date('2027-01-01T00:00:00Z'))).toBe('2027-01');
  });
});
