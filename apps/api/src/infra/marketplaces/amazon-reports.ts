// Amazon's All Orders report (GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL) as Seller
// Central and the Reports API write it: tab-separated, one row per order item, amounts as
// decimals of the line (not the unit), no buyer's name or street, item price empty while the
// payment is pending. The simulated Amazon writes its sellers' reports with it; tests and the
// benchmark write fixture files with it.
import { SETTLEMENT_V2_COLUMNS } from '@crossdock/domain/channel-imports';
import {
  currency,
  fromPlatformDecimal,
  minorUnitDigits,
  money,
  toDecimalString,
} from '@crossdock/domain/money';
import type { Order, OrderItem } from '@sp-api-sdk/orders-api-v0';

export const ALL_ORDERS_COLUMNS = [
  'amazon-order-id',
  'merchant-order-id',
  'purchase-date',
  'last-updated-date',
  'order-status',
  'fulfillment-channel',
  'sales-channel',
  'order-channel',
  'url',
  'ship-service-level',
  'product-name',
  'sku',
  'asin',
  'item-status',
  'quantity',
  'currency',
  'item-price',
  'item-tax',
  'shipping-price',
  'shipping-tax',
  'gift-wrap-price',
  'gift-wrap-tax',
  'item-promotion-discount',
  'ship-promotion-discount',
  'ship-city',
  'ship-state',
  'ship-postal-code',
  'ship-country',
  'promotion-ids',
] as const;

/** The report writes instants with an explicit offset: 2025-07-21T10:15:30+00:00. */
const instant = (iso: string) => `${new Date(iso).toISOString().slice(0, 19)}+00:00`;

/** Seller Central's words for an order's status in this report. */
const statusWords: Record<Order['OrderStatus'], string> = {
  Pending: 'Pending',
  PendingAvailability: 'Pending',
  Unshipped: 'Unshipped',
  PartiallyShipped: 'Shipping',
  Shipped: 'Shipped',
  InvoiceUnconfirmed: 'Shipped',
  Canceled: 'Cancelled',
  Unfulfillable: 'Cancelled',
};

/** The rows of one order, in the report's columns. */
export function allOrdersRows(order: Order, items: readonly OrderItem[]): string[][] {
  const pending = order.OrderStatus === 'Pending';
  const money = (amount: { Amount?: string } | undefined, negative = false) =>
    pending || !amount?.Amount
      ? ''
      : negative && Number(amount.Amount) !== 0
        ? `-${amount.Amount}`
        : amount.Amount;
  return items.map((item) => {
    const row: Record<(typeof ALL_ORDERS_COLUMNS)[number], string> = {
      'amazon-order-id': order.AmazonOrderId,
      'merchant-order-id': '',
      'purchase-date': instant(order.PurchaseDate),
      'last-updated-date': instant(order.LastUpdateDate),
      'order-status': statusWords[order.OrderStatus],
      'fulfillment-channel': order.FulfillmentChannel === 'AFN' ? 'Amazon' : 'Merchant',
      'sales-channel': order.SalesChannel ?? '',
      'order-channel': '',
      url: '',
      'ship-service-level': order.ShipServiceLevel ?? '',
      'product-name': (item.Title ?? '').replace(/[\t\r\n]+/g, ' '),
      sku: item.SellerSKU ?? '',
      asin: item.ASIN,
      'item-status':
        order.OrderStatus === 'Canceled'
          ? 'Cancelled'
          : (item.QuantityShipped ?? 0) > 0
            ? 'Shipped'
            : 'Unshipped',
      quantity: String(item.QuantityOrdered),
      currency: item.ItemPrice?.CurrencyCode ?? order.OrderTotal?.CurrencyCode ?? '',
      'item-price': money(item.ItemPrice),
      'item-tax': money(item.ItemTax),
      'shipping-price': money(item.ShippingPrice),
      'shipping-tax': money(item.ShippingTax),
      'gift-wrap-price': '',
      'gift-wrap-tax': '',
      'item-promotion-discount': money(item.PromotionDiscount, true),
      'ship-promotion-discount': money(item.ShippingDiscount, true),
      'ship-city': order.ShippingAddress?.City ?? '',
      'ship-state': order.ShippingAddress?.StateOrRegion ?? '',
      'ship-postal-code': order.ShippingAddress?.PostalCode ?? '',
      'ship-country': order.ShippingAddress?.CountryCode ?? '',
      'promotion-ids': (item.PromotionIds ?? []).join(','),
    };
    return ALL_ORDERS_COLUMNS.map((c) => row[c]);
  });
}

/** Rows as the report's text: a header, then tab-separated lines. */
export function allOrdersReport(rows: Iterable<readonly string[]>): string {
  const lines = [ALL_ORDERS_COLUMNS.join('\t')];
  for (const row of rows) lines.push(row.join('\t'));
  return `${lines.join('\n')}\n`;
}

/** The settlement report Amazon makes by itself every 14 days, per marketplace. */
export const SETTLEMENT_REPORT = 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2';

/** The referral fee the simulated Amazon charges: 15 % of the item price, as most categories pay. */
const REFERRAL_RATE = 0.15;
/** Its FBA fulfilment fee per unit (a small standard parcel) and the monthly subscription, in
 * a currency of cents and in one without (yen). */
const FBA_FEE_PER_UNIT = { cents: '3.50', whole: '350' };
const SUBSCRIPTION = { cents: '39.99', whole: '4900' };

/**
 * A settlement report (flat file V2) of the orders Amazon shipped in [from, to): the settlement's
 * own row, then for each shipped item its price, tax and shipping, and Amazon's fees — the
 * referral commission, and for what Amazon fulfils its per-unit fee. Amounts in the
 * marketplace's decimals; the account's subscription closes the period.
 */
export function settlementReport(
  settlement: { id: string; from: Date; to: Date; currency: string; marketplaceName: string },
  orders: readonly { order: Order; items: readonly OrderItem[] }[],
): string {
  const decimal = (minor: number) => toDecimalString(money(minor, settlement.currency));
  const scale = minorUnitDigits(currency(settlement.currency)) === 0 ? 'whole' : 'cents';
  const minor = (amount: { Amount?: string } | undefined) =>
    amount?.Amount ? fromPlatformDecimal(amount.Amount, settlement.currency).amount : 0;
  const at = (d: Date) => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  const rows: Record<string, string>[] = [];
  let total = 0;
  for (const { order, items } of orders) {
    const shipment = `S${order.AmazonOrderId.replaceAll('-', '').slice(-8)}`;
    for (const item of items) {
      const price = minor(item.ItemPrice);
      const amounts: [string, string, number][] = [
        ['ItemPrice', 'Principal', price],
        ['ItemPrice', 'Tax', minor(item.ItemTax)],
        ['ItemPrice', 'Shipping', minor(item.ShippingPrice)],
        ['ItemFees', 'Commission', -Math.round(price * REFERRAL_RATE)],
        ...(order.FulfillmentChannel === 'AFN'
          ? [
              [
                'ItemFees',
                'FBAPerUnitFulfillmentFee',
                -minor({ Amount: FBA_FEE_PER_UNIT[scale] }) * item.QuantityOrdered,
              ] as [string, string, number],
            ]
          : []),
      ];
      for (const [type, description, amount] of amounts) {
        total += amount;
        rows.push({
          'settlement-id': settlement.id,
          'transaction-type': 'Order',
          'order-id': order.AmazonOrderId,
          'shipment-id': shipment,
          'marketplace-name': settlement.marketplaceName,
          'amount-type': type,
          'amount-description': description,
          amount: decimal(amount),
          'fulfillment-id': order.FulfillmentChannel === 'AFN' ? 'AFN' : 'MFN',
          'posted-date': order.LastUpdateDate.slice(0, 10),
          'posted-date-time': at(new Date(order.LastUpdateDate)),
          'order-item-code': item.OrderItemId,
          sku: item.SellerSKU ?? '',
          'quantity-purchased': String(item.QuantityOrdered),
        });
      }
    }
  }
  const subscription = -minor({ Amount: SUBSCRIPTION[scale] });
  total += subscription;
  rows.push({
    'settlement-id': settlement.id,
    'transaction-type': 'other-transaction',
    'amount-type': 'other-transaction',
    'amount-description': 'Subscription Fee',
    amount: decimal(subscription),
    'posted-date': settlement.from.toISOString().slice(0, 10),
  });
  const head: Record<string, string> = {
    'settlement-id': settlement.id,
    'settlement-start-date': at(settlement.from),
    'settlement-end-date': at(settlement.to),
    'deposit-date': at(new Date(settlement.to.getTime() + 86_400_000)),
    'total-amount': decimal(total),
    currency: settlement.currency,
  };
  const line = (row: Record<string, string>) => SETTLEMENT_V2_COLUMNS.map((c) => row[c] ?? '').join('\t');
  return `${[SETTLEMENT_V2_COLUMNS.join('\t'), line(head), ...rows.map(line)].join('\n')}\n`;
}
