// Marketplace files staff import: what kind a file is (by the columns its header names, after
// any preamble), how its text is split (tabs, commas or semicolons), and — for the kinds
// Crossdock reads — each row checked on its own, with the column at fault, then rows gathered
// into the platform's orders in the channels' vocabulary. Pure: the API streams the records in.

import { z } from 'zod';
import type { ChannelOrder, ChannelOrderLine, ChannelOrderStatus } from './channel-orders';
import { say } from './messages';
import { fromDecimalString, isCurrencyCode } from './money';
import { pageInput } from './pagination';
import { safeDate } from './text';

/** The marketplace files Crossdock knows by their columns. */
export const importFormats = [
  'amazon_all_orders',
  'amazon_settlement_v2',
  'shopify_orders',
  'shopify_products',
  'ebay_orders',
] as const;
export type ImportFormat = (typeof importFormats)[number];

/** The kinds Crossdock can take in today; the others are recognised and said so. */
export const readableImportFormats = ['amazon_all_orders'] as const satisfies readonly ImportFormat[];
export type ReadableImportFormat = (typeof readableImportFormats)[number];
export const isReadableFormat = (format: ImportFormat): format is ReadableImportFormat =>
  (readableImportFormats as readonly string[]).includes(format);

/** Files above this are refused before they are read (a year of a large seller fits; split by date). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/** A header cell as compared: lower case, spaces and underscores as hyphens. */
const key = (cell: string) =>
  cell
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');

/**
 * The columns each kind is known by (from the platforms' published layouts): a header holding
 * all of one kind's is that kind. Shopify's product export has two headers, the legacy one and
 * the 2024 one.
 */
const signatures: readonly { format: ImportFormat; columns: readonly string[] }[] = [
  {
    format: 'amazon_all_orders',
    columns: ['amazon-order-id', 'purchase-date', 'order-status', 'sku', 'currency', 'item-price'],
  },
  {
    format: 'amazon_settlement_v2',
    columns: ['settlement-id', 'settlement-start-date', 'amount-type', 'amount-description', 'amount'],
  },
  { format: 'shopify_orders', columns: ['name', 'financial-status', 'lineitem-sku', 'lineitem-quantity'] },
  { format: 'shopify_products', columns: ['handle', 'title', 'variant-sku'] },
  { format: 'shopify_products', columns: ['title', 'url-handle', 'sku'] },
  { format: 'ebay_orders', columns: ['sales-record-number', 'order-number', 'custom-label', 'quantity'] },
];

/** How many records may come before the header (eBay's reports open with a preamble). */
export const HEADER_SEARCH_ROWS = 10;

/**
 * The delimiter of a delimited text, from its first lines: the one that splits the header into
 * the most cells, tab winning ties (Amazon's reports are tab-separated, and titles hold commas).
 */
export function sniffDelimiter(start: string): '\t' | ',' | ';' {
  const lines = start
    .split(/\r\n|\n|\r/)
    .filter((l) => l.trim())
    .slice(0, HEADER_SEARCH_ROWS);
  const count = (d: string) => Math.max(0, ...lines.map((l) => l.split(d).length - 1));
  const tabs = count('\t');
  const commas = count(',');
  const semicolons = count(';');
  if (tabs > 0 && tabs >= commas && tabs >= semicolons) return '\t';
  return semicolons > commas ? ';' : ',';
}

/** Whether the start of a file is text at all: no NUL bytes, and valid UTF-8. */
export function looksLikeText(start: Uint8Array): boolean {
  if (start.includes(0)) return false;
  try {
    // A multi-byte character cut at the end of the sample is not the file's fault.
    new TextDecoder('utf-8', { fatal: true }).decode(start.subarray(0, Math.max(0, start.length - 4)));
    return true;
  } catch {
    return false;
  }
}

/** The kind of file whose header is among its first records, and which record that is. */
export function detectFormat(
  records: readonly { row: number; values: readonly string[] }[],
): { format: ImportFormat; headerRow: number } | null {
  for (const record of records.slice(0, HEADER_SEARCH_ROWS)) {
    const header = new Set(record.values.map(key));
    const match = signatures.find((s) => s.columns.every((c) => header.has(c)));
    if (match) return { format: match.format, headerRow: record.row };
  }
  return null;
}

/** A problem with one row of a file: which column, and what, as a message key and its values. */
export interface RowProblem {
  column: string | null;
  key: string;
  values?: Record<string, string | number>;
}

// ---------------------------------------------------------------------------------------------
// Amazon's All Orders report (GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL and
// …BY_ORDER_DATE_GENERAL): tab-separated, one row per order item, no buyer's name or street.

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
export type AmazonHeader = Partial<Record<AmazonColumn, number>> & { names: Record<AmazonColumn, string> };

/** The header's columns, or the required ones it lacks. */
export function readAmazonHeader(
  values: readonly string[],
): { header: AmazonHeader } | { missing: string[] } {
  const keys = values.map(key);
  const header = { names: {} } as AmazonHeader;
  for (const [column, names] of Object.entries(amazonColumns) as [AmazonColumn, readonly string[]][]) {
    const index = keys.findIndex((k) => names.includes(k));
    header.names[column] = names[0]!;
    if (index >= 0) header[column] = index;
  }
  const missing = requiredAmazonColumns
    .filter((c) => header[c] === undefined)
    .map((c) => amazonColumns[c][0]);
  return missing.length ? { missing } : { header };
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

/** An instant the report wrote ("2025-07-21T10:15:30+00:00"), as ISO 8601 UTC; null if it is none. */
function instant(text: string): string | null {
  const compact = text.trim().replace(/\+\s*(\d\d)\s*:?\s*(\d\d)$/, '+$1:$2');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(compact)) return null;
  const at = new Date(compact);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** How far ahead of now a date may be and still be a clock's difference, not a wrong date. */
const CLOCK_SKEW_MS = 15 * 60_000;

/**
 * One item row checked on its own: every problem is named with its column, so the preview and
 * the error report can point at the cell. `shopCurrency` is what the shop sells in.
 */
export function readAmazonOrderRow(
  header: AmazonHeader,
  record: { row: number; values: readonly string[] },
  context: { shopCurrency: string; now: Date },
): { row: AmazonOrderRow } | { problems: RowProblem[] } {
  const cell = (column: AmazonColumn) => {
    const index = header[column];
    return index === undefined ? '' : (record.values[index] ?? '').trim();
  };
  const problems: RowProblem[] = [];
  const problem = (column: AmazonColumn, messageKey: string, values?: RowProblem['values']) =>
    problems.push({ column: header.names[column], key: messageKey, values });

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
      const minor = fromDecimalString(text.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, ''), currency).amount;
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

/** What an order's rows came to: the order, or its good rows skipped for a bad one. */
export type AssembledOrder =
  | { order: ChannelOrder }
  | { skipped: { orderId: string; rows: number[]; badRow: number } }
  | null;

/**
 * Gathers a report's rows into orders as they stream by: an order's rows come together, so an
 * order is complete when the next one starts. An order with a bad row is not taken in at all
 * (never half an order): its good rows are skipped, naming the bad one. A row that repeats one
 * already read (the same order and SKU) is a problem, as is an order whose rows are split by
 * another's.
 */
export function amazonOrderAssembler(pricesIncludeTax: boolean) {
  let current: { orderId: string; rows: AmazonOrderRow[]; badRow: number | null } | null = null;
  const finished = new Map<string, number>();
  const flush = (): AssembledOrder => {
    const done = current;
    current = null;
    if (!done) return null;
    finished.set(done.orderId, done.rows[0]?.row ?? done.badRow ?? 0);
    if (done.badRow !== null) {
      return { skipped: { orderId: done.orderId, rows: done.rows.map((r) => r.row), badRow: done.badRow } };
    }
    return { order: amazonOrderFromRows(done.rows, pricesIncludeTax) };
  };
  /** The order this row belongs to, starting it (and completing the one before) if it is new. */
  const enter = (orderId: string): { completed: AssembledOrder } | { problem: RowProblem } => {
    const earlier = finished.get(orderId);
    if (earlier !== undefined) {
      return { problem: { column: 'amazon-order-id', key: 'import.orderSplit', values: { row: earlier } } };
    }
    let completed: AssembledOrder = null;
    if (current && current.orderId !== orderId) completed = flush();
    current ??= { orderId, rows: [], badRow: null };
    return { completed };
  };
  return {
    /** A good row; returns the order it completed (the one before), or a problem with the row. */
    add(row: AmazonOrderRow): { completed: AssembledOrder } | { problem: RowProblem } {
      const entered = enter(row.orderId);
      if ('problem' in entered) return entered;
      const repeat = current!.rows.find((r) => r.sku === row.sku);
      if (repeat)
        return { problem: { column: 'sku', key: 'import.duplicateRow', values: { row: repeat.row } } };
      current!.rows.push(row);
      return entered;
    },
    /** A row of `orderId` that had problems: the whole order is held back. */
    reject(orderId: string, row: number): AssembledOrder {
      const entered = enter(orderId);
      if ('problem' in entered) return null;
      current!.badRow ??= row;
      return entered.completed;
    },
    /** The last order, at the end of the file. */
    end: (): AssembledOrder => flush(),
  };
}

// ---------------------------------------------------------------------------------------------
// Contracts of the imports' procedures (the upload itself is a multipart HTTP route).

export const importIdInput = z.strictObject({ id: z.uuid() });

/** The longest window one platform report is asked for; a year is asked for month by month. */
export const MAX_REPORT_DAYS = 31;

/** A platform's orders report to fetch and import: a shop and a window of at most 31 days. */
export const platformImportInput = z
  .strictObject({ shopId: z.uuid(), from: safeDate(), to: safeDate() })
  .refine((p) => p.from < p.to, { ...say('window.endAfterStart'), path: ['to'] })
  .refine((p) => p.to.getTime() - p.from.getTime() <= MAX_REPORT_DAYS * 86_400_000, {
    ...say('import.windowTooLong', { days: MAX_REPORT_DAYS }),
    path: ['to'],
  });
export const importListInput = z.strictObject({ ...pageInput, shopId: z.uuid().optional() });
export const importErrorsInput = z.strictObject({
  id: z.uuid(),
  limit: z.number().int().min(1).max(1000).default(200),
  /** The last row of the page before. */
  afterRow: z.number().int().min(0).max(100_000_000).optional(),
});
