// Amazon's All Orders report (GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL) as Seller
// Central and the Reports API write it: tab-separated, one row per order item, amounts as
// decimals of the line (not the unit), no buyer's name or street, item price empty while the
// payment is pending. The simulated Amazon writes its sellers' reports with it; tests and the
// benchmark write fixture files with it.
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
