// Amazon's All Orders report (GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL and
// …BY_ORDER_DATE_GENERAL): tab-separated, one row per order item, no buyer's name or street.
import type { ChannelOrder, ChannelOrderLine, ChannelOrderStatus } from '../channel-orders';
import { fromPlatformDecimal, isCurrencyCode } from '../money';
import {
  CLOCK_SKEW_MS,
  type ColumnsAt,
  fileReader,
  matchColumns,
  type OrderAssembler,
  type OrderFileRow,
  orderAssembler,
  type RowContext,
  type RowProblem,
  recordCells,
} from './rows';

/** Its columns, by the name we use, with the other names Amazon's locales give them. */
const amazonColumns = {
  orderId: ['amazon-order-id'],
  purchaseDate: ['purchase-date'],
  updatedDate: ['last-updated-date'],
  orderStatus: ['order-status'],
  fulfillmentChannel: ['fulfillment-channel', 'fulfilment-channel'],
  shipServiceLevel: ['ship-service-level'],
  productName: ['product-name'],
  sku: ['sku'],
  asin: ['asin'],
  itemStatus: ['item-status'],
  quantity: ['quantity', 'quantity-purchased'],
  currency: ['currency'],
  itemPrice: ['item-price'],
  itemTax: ['item-tax'],
  shippingPrice: ['shipping-price'],
  shippingTax: ['shipping-tax'],
  itemDiscount: ['item-promotion-discount'],
  shipDiscount: ['ship-promotion-discount'],
  city: ['ship-city'],
  state: ['ship-state'],
  postalCode: ['ship-postal-code'],
  country: ['ship-country'],
} as const;
type AmazonColumn = keyof typeof amazonColumns;
const requiredAmazonColumns: readonly AmazonColumn[] = [
  'orderId',
  'purchaseDate',
  'updatedDate',
  'orderStatus',
  'fulfillmentChannel',
  'sku',
  'quantity',
  'currency',
  'itemPrice',
];

/** Where each column is in the file's header (matched by name, in any order). */
export type AmazonHeader = ColumnsAt<AmazonColumn>;

/** The header's columns, or the required ones it lacks. */
export function readAmazonHeader(
  values: readonly string[],
): { header: AmazonHeader } | { missing: string[] } {
  return matchColumns(values, amazonColumns, requiredAmazonColumns);
}

/** One item row of the report, checked. Amounts are minor units of its currency. */
export interface AmazonOrderRow {
  row: number;
  orderId: string;
  purchasedAt: string;
  updatedAt: string;
  status: ChannelOrderStatus;
  fulfilledBy: 'merchant' | 'platform';
  shipServiceLevel: string | null;
  sku: string;
  asin: string | null;
  title: string;
  quantity: number;
  currency: string;
  itemPrice: number;
  itemTax: number;
  shipping: number;
  shippingTax: number;
  itemDiscount: number;
  shipDiscount: number;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
}

/** The report's order statuses (Seller Central writes several words for "shipped"). */
function amazonStatus(text: string): ChannelOrderStatus | null {
  const t = text.trim().toLowerCase();
  if (t === 'pending' || t === 'pendingavailability' || t === 'pending - waiting for pick up')
    return 'pending';
  if (t === 'unshipped') return 'unshipped';
  if (t === 'shipping' || t === 'partiallyshipped' || t === 'partially shipped') return 'partially_shipped';
  if (t === 'shipped' || t === 'complete' || t.startsWith('shipped - ')) return 'shipped';
  if (t === 'cancelled' || t === 'canceled') return 'cancelled';
  return null;
}

/** The last few instants read: an order's rows repeat its dates, and a year's file has 200,000. */
const recentInstants = new Map<string, string | null>();

/** An instant the report wrote ("2025-07-21T10:15:30+00:00"), as ISO 8601 UTC; null if it is none. */
function instant(text: string): string | null {
  const known = recentInstants.get(text);
  if (known !== undefined) return known;
  const read = readInstant(text);
  if (recentInstants.size >= 8) recentInstants.delete(recentInstants.keys().next().value!);
  recentInstants.set(text, read);
  return read;
}

function readInstant(text: string): string | null {
  const compact = text.trim().replace(/\+\s*(\d\d)\s*:?\s*(\d\d)$/, '+$1:$2');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(compact)) return null;
  const at = new Date(compact);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/**
 * One item row checked on its own: every problem is named with its column, so the preview and
 * the error report can point at the cell. `shopCurrency` is what the shop sells in.
 */
export function readAmazonOrderRow(
  header: AmazonHeader,
  record: { row: number; values: readonly string[] },
  context: RowContext,
): { row: AmazonOrderRow } | { problems: RowProblem[] } {
  const { cell, problems, problem } = recordCells(header, record);

  const orderId = cell('orderId');
  if (!/^[0-9A-Z]{3}-\d{7}-\d{7}$/.test(orderId)) problem('orderId', 'import.orderId', { value: orderId });
  const purchasedAt = instant(cell('purchaseDate'));
  const updatedAt = instant(cell('updatedDate'));
  for (const [column, at] of [
    ['purchaseDate', purchasedAt],
    ['updatedDate', updatedAt],
  ] as const) {
    if (!at) problem(column, 'import.date', { value: cell(column) });
    else if (new Date(at).getTime() > context.now.getTime() + CLOCK_SKEW_MS)
      problem(column, 'import.futureDate');
  }
  const status = amazonStatus(cell('orderStatus'));
  if (!status) problem('orderStatus', 'import.status', { value: cell('orderStatus') });
  const channel = cell('fulfillmentChannel').toLowerCase();
  const fulfilledBy =
    channel === 'amazon' || channel === 'afn'
      ? 'platform'
      : channel === 'merchant' || channel === 'mfn'
        ? 'merchant'
        : null;
  if (!fulfilledBy)
    problem('fulfillmentChannel', 'import.fulfillment', { value: cell('fulfillmentChannel') });
  const sku = cell('sku');
  if (!sku) problem('sku', 'import.sku');
  const quantityText = cell('quantity');
  const quantity = /^\d{1,6}$/.test(quantityText) ? Number(quantityText) : null;
  if (quantity === null) problem('quantity', 'import.quantity', { value: quantityText });
  const currency = cell('currency').toUpperCase();
  if (!isCurrencyCode(currency)) problem('currency', 'import.currency', { value: cell('currency') });
  else if (currency !== context.shopCurrency)
    problem('currency', 'import.otherCurrency', { value: currency, shop: context.shopCurrency });
  const amount = (column: AmazonColumn, signed: 'positive' | 'discount') => {
    const text = cell(column);
    if (!text || !isCurrencyCode(currency)) return 0;
    try {
      const minor = fromPlatformDecimal(text, currency).amount;
      // Amazon writes promotions as negative amounts; a negative price is a broken row.
      if (signed === 'positive' && minor < 0) throw new Error('negative');
      return Math.abs(minor);
    } catch {
      problem(column, 'import.amount', { value: text });
      return 0;
    }
  };
  const row = {
    itemPrice: amount('itemPrice', 'positive'),
    itemTax: amount('itemTax', 'positive'),
    shipping: amount('shippingPrice', 'positive'),
    shippingTax: amount('shippingTax', 'positive'),
    itemDiscount: amount('itemDiscount', 'discount'),
    shipDiscount: amount('shipDiscount', 'discount'),
  };
  if (problems.length) return { problems };
  const optional = (column: AmazonColumn) => cell(column) || null;
  return {
    row: {
      row: record.row,
      orderId,
      purchasedAt: purchasedAt!,
      updatedAt: updatedAt!,
      status: status!,
      fulfilledBy: fulfilledBy!,
      shipServiceLevel: optional('shipServiceLevel'),
      sku,
      asin: optional('asin'),
      title: cell('productName') || sku,
      quantity: quantity!,
      currency,
      ...row,
      city: optional('city'),
      region: optional('state'),
      postalCode: optional('postalCode'),
      country: optional('country')?.toUpperCase() ?? null,
    },
  };
}

/**
 * An order's item rows gathered into the order, as the channels take orders in. The report has
 * no buyer's name or street: the order keeps where it went (city, region, postcode, country).
 * `pricesIncludeTax` is the marketplace's rule. Lines cancelled to nothing are dropped.
 */
export function amazonOrderFromRows(
  rows: readonly AmazonOrderRow[],
  pricesIncludeTax: boolean,
): ChannelOrder {
  const first = rows[0]!;
  // ISO 8601 instants in UTC sort as text: the order's last change is its latest row's.
  const updatedAt = rows
    .map((r) => r.updatedAt)
    .sort()
    .at(-1)!;
  const lines: ChannelOrderLine[] = rows
    .filter((r) => r.quantity > 0)
    .map((r, i) => {
      const unitPrice = Math.ceil(r.itemPrice / r.quantity);
      return {
        externalId: `${r.orderId}/${i + 1}`,
        sellerSku: r.sku,
        listingExternalId: r.asin,
        title: r.title,
        barcode: null,
        quantity: r.quantity,
        unitPrice,
        discount: r.itemDiscount + (unitPrice * r.quantity - r.itemPrice),
        tax: r.itemTax,
      };
    });
  return {
    externalId: first.orderId,
    externalNumber: first.orderId,
    status: first.status,
    fulfilledBy: first.fulfilledBy,
    currency: first.currency,
    purchasedAt: first.purchasedAt,
    updatedAt,
    buyer: { name: first.orderId, email: null },
    shippingAddress:
      first.city && first.country
        ? {
            name: '',
            line1: '',
            line2: null,
            city: first.city,
            region: first.region,
            postalCode: first.postalCode,
            country: first.country,
            phone: null,
          }
        : null,
    lines,
    taxIncluded: pricesIncludeTax,
    shippingService: first.shipServiceLevel,
    shipping: rows.reduce((s, r) => s + r.shipping - r.shipDiscount, 0),
    shippingTax: rows.reduce((s, r) => s + r.shippingTax, 0),
    fees: null,
  };
}

/** Amazon's report gathered into orders. */
export const amazonOrderAssembler = (pricesIncludeTax: boolean) =>
  orderAssembler<AmazonOrderRow>((rows) => amazonOrderFromRows(rows, pricesIncludeTax), 'amazon-order-id');

const amazonPreview = [
  ['amazon-order-id', 'orderId'],
  ['purchase-date', 'purchaseDate'],
  ['order-status', 'orderStatus'],
  ['sku', 'sku'],
  ['quantity', 'quantity'],
  ['item-price', 'itemPrice'],
  ['currency', 'currency'],
] as const satisfies readonly [string, AmazonColumn][];

/** Reads Amazon's All Orders report. */
export const amazonOrdersReader = fileReader({
  kind: 'orders',
  columns: amazonColumns,
  required: requiredAmazonColumns,
  preview: amazonPreview,
  readRow: readAmazonOrderRow,
  orderIdOf: (cell) => (/^[0-9A-Z]{3}-\d{7}-\d{7}$/.test(cell('orderId')) ? cell('orderId') : null),
  assembler: ({ pricesIncludeTax }) => amazonOrderAssembler(pricesIncludeTax) as OrderAssembler<OrderFileRow>,
});
