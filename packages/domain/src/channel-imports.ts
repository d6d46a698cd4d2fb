// Marketplace files staff import: what kind a file is (by the columns its header names, after
// any preamble), how its text is split (tabs, commas or semicolons), and — for the kinds
// Crossdock reads — each row checked on its own, with the column at fault, then rows gathered
// into the platform's orders in the channels' vocabulary. Pure: the API streams the records in.

import { z } from 'zod';
import type { ChannelOrder, ChannelOrderLine, ChannelOrderStatus } from './channel-orders';
import { say } from './messages';
import { allocate, fromPlatformDecimal, isCurrencyCode, money } from './money';
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
export const readableImportFormats = [
  'amazon_all_orders',
  'shopify_orders',
] as const satisfies readonly ImportFormat[];
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

/** What an order's rows came to: the order, or its good rows skipped for a bad one. */
export type AssembledOrder =
  | { order: ChannelOrder }
  | { skipped: { orderId: string; rows: number[]; badRow: number; reason?: RowProblem } }
  | null;

/** The least a row of any order file carries: where it is, whose order, what it sells. */
export interface OrderFileRow {
  row: number;
  orderId: string;
  sku: string;
}

export type OrderAssembler<Row extends OrderFileRow> = ReturnType<typeof orderAssembler<Row>>;

/**
 * Gathers a file's rows into orders as they stream by: an order's rows come together, so an
 * order is complete when the next starts. An order with a bad row is not taken in at all (never
 * half an order): its good rows are skipped, naming the bad one; so is one `build` cannot make
 * (it throws a RowProblem). A row that repeats one already read (the same order and SKU) is a
 * problem, as is an order whose rows are split by another's.
 */
export function orderAssembler<Row extends OrderFileRow>(
  build: (rows: Row[]) => ChannelOrder,
  idColumn: string,
) {
  let current: { orderId: string; rows: Row[]; badRow: number | null } | null = null;
  const finished = new Map<string, number>();
  const flush = (): AssembledOrder => {
    const done = current;
    current = null;
    if (!done) return null;
    finished.set(done.orderId, done.rows[0]?.row ?? done.badRow ?? 0);
    const rows = done.rows.map((r) => r.row);
    if (done.badRow !== null) return { skipped: { orderId: done.orderId, rows, badRow: done.badRow } };
    try {
      return { order: build(done.rows) };
    } catch (error) {
      if (!isRowProblem(error)) throw error;
      return { skipped: { orderId: done.orderId, rows, badRow: rows[0]!, reason: error } };
    }
  };
  /** The order this row belongs to, starting it (and completing the one before) if it is new. */
  const enter = (orderId: string): { completed: AssembledOrder } | { problem: RowProblem } => {
    const earlier = finished.get(orderId);
    if (earlier !== undefined) {
      return { problem: { column: idColumn, key: 'import.orderSplit', values: { row: earlier } } };
    }
    let completed: AssembledOrder = null;
    if (current && current.orderId !== orderId) completed = flush();
    current ??= { orderId, rows: [], badRow: null };
    return { completed };
  };
  return {
    /** A good row; returns the order it completed (the one before), or a problem with the row. */
    add(row: Row): { completed: AssembledOrder } | { problem: RowProblem } {
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

const isRowProblem = (value: unknown): value is RowProblem =>
  typeof value === 'object' && value !== null && 'key' in value && 'column' in value;

/** Amazon's report gathered into orders. */
export const amazonOrderAssembler = (pricesIncludeTax: boolean) =>
  orderAssembler<AmazonOrderRow>((rows) => amazonOrderFromRows(rows, pricesIncludeTax), 'amazon-order-id');

// ---------------------------------------------------------------------------------------------
// Shopify's orders export (Orders → Export, "CSV for Excel, Numbers, or other spreadsheet
// programs"): one row per line item; the order's own fields (email, statuses, currency, totals,
// addresses, dates) only on its first row. Dates are "2025-07-21 10:15:30 -0400".

const shopifyColumns = {
  name: ['name'],
  id: ['id'],
  email: ['email'],
  financialStatus: ['financial-status'],
  fulfillmentStatus: ['fulfillment-status'],
  currency: ['currency'],
  subtotal: ['subtotal'],
  shipping: ['shipping'],
  taxes: ['taxes'],
  total: ['total'],
  shippingMethod: ['shipping-method'],
  createdAt: ['created-at'],
  paidAt: ['paid-at'],
  fulfilledAt: ['fulfilled-at'],
  cancelledAt: ['cancelled-at'],
  quantity: ['lineitem-quantity'],
  itemName: ['lineitem-name'],
  price: ['lineitem-price'],
  sku: ['lineitem-sku'],
  discount: ['lineitem-discount'],
  shipName: ['shipping-name'],
  shipAddress1: ['shipping-address1', 'shipping-street'],
  shipAddress2: ['shipping-address2'],
  shipCity: ['shipping-city'],
  shipZip: ['shipping-zip'],
  shipProvince: ['shipping-province'],
  shipCountry: ['shipping-country'],
  shipPhone: ['shipping-phone'],
  billingName: ['billing-name'],
} as const;
type ShopifyColumn = keyof typeof shopifyColumns;
const requiredShopifyColumns: readonly ShopifyColumn[] = [
  'name',
  'id',
  'financialStatus',
  'currency',
  'createdAt',
  'quantity',
  'itemName',
  'price',
  'sku',
];

/** The order's own fields, from its first row. Amounts in minor units. */
interface ShopifyOrderFields {
  externalId: string;
  email: string | null;
  financialStatus: string;
  fulfillmentStatus: string;
  currency: string;
  subtotal: number;
  shipping: number;
  taxes: number;
  total: number;
  shippingMethod: string | null;
  createdAt: string;
  updatedAt: string;
  cancelled: boolean;
  buyer: string | null;
  address: ChannelOrder['shippingAddress'];
}

export interface ShopifyOrderRow extends OrderFileRow {
  title: string;
  quantity: number;
  unitPrice: number;
  discount: number;
  /** Only on an order's first row. */
  order: ShopifyOrderFields | null;
}

/** Shopify's export time ("2025-07-21 10:15:30 -0400") as ISO 8601 UTC; null if it is none. */
function shopifyInstant(text: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?) ?([+-]\d{2}):?(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const at = new Date(`${m[1]}T${m[2]}${m[3]}:${m[4]}`);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

function readShopifyOrderRow(
  header: Partial<Record<ShopifyColumn, number>> & { names: Record<ShopifyColumn, string> },
  record: { row: number; values: readonly string[] },
  context: { shopCurrency: string; now: Date },
): { row: ShopifyOrderRow } | { problems: RowProblem[] } {
  const cell = (column: ShopifyColumn) => {
    const index = header[column];
    return index === undefined ? '' : (record.values[index] ?? '').trim();
  };
  const problems: RowProblem[] = [];
  const problem = (column: ShopifyColumn, messageKey: string, values?: RowProblem['values']) =>
    problems.push({ column: header.names[column], key: messageKey, values });
  const name = cell('name');
  if (!name) problem('name', 'import.orderName');
  const quantityText = cell('quantity');
  const quantity = /^\d{1,6}$/.test(quantityText) ? Number(quantityText) : null;
  if (quantity === null) problem('quantity', 'import.quantity', { value: quantityText });
  // The order's own fields: a first row has its date.
  const first = cell('createdAt') !== '';
  const currency = first ? cell('currency').toUpperCase() : context.shopCurrency;
  if (first && !isCurrencyCode(currency)) problem('currency', 'import.currency', { value: cell('currency') });
  else if (first && currency !== context.shopCurrency)
    problem('currency', 'import.otherCurrency', { value: currency, shop: context.shopCurrency });
  const amount = (column: ShopifyColumn) => {
    const text = cell(column);
    if (!text || !isCurrencyCode(currency)) return 0;
    try {
      const minor = fromPlatformDecimal(text, currency).amount;
      if (minor < 0) throw new Error('negative');
      return minor;
    } catch {
      problem(column, 'import.amount', { value: text });
      return 0;
    }
  };
  const unitPrice = amount('price');
  const discount = amount('discount');
  let order: ShopifyOrderFields | null = null;
  if (first) {
    const dates = (['createdAt', 'paidAt', 'fulfilledAt', 'cancelledAt'] as const).map((column) => {
      const text = cell(column);
      if (!text) return null;
      const at = shopifyInstant(text);
      if (!at) problem(column, 'import.date', { value: text });
      else if (new Date(at).getTime() > context.now.getTime() + CLOCK_SKEW_MS)
        problem(column, 'import.futureDate');
      return at;
    });
    const id = cell('id');
    if (!/^\d{1,20}$/.test(id)) problem('id', 'import.shopifyId', { value: id });
    const financialStatus = cell('financialStatus').toLowerCase();
    if (!financialStatus) problem('financialStatus', 'import.status', { value: '' });
    const country = cell('shipCountry').toUpperCase();
    const address1 = cell('shipAddress1');
    const city = cell('shipCity');
    order = {
      externalId: `gid://shopify/Order/${id}`,
      email: cell('email') || null,
      financialStatus,
      fulfillmentStatus: cell('fulfillmentStatus').toLowerCase(),
      currency,
      subtotal: amount('subtotal'),
      shipping: amount('shipping'),
      taxes: amount('taxes'),
      total: amount('total'),
      shippingMethod: cell('shippingMethod') || null,
      createdAt: dates[0] ?? '',
      updatedAt:
        dates
          .filter((d): d is string => Boolean(d))
          .sort()
          .at(-1) ?? '',
      cancelled: Boolean(dates[3]),
      buyer: cell('shipName') || cell('billingName') || null,
      address:
        address1 && city && /^[A-Z]{2}$/.test(country)
          ? {
              name: cell('shipName') || cell('billingName'),
              line1: address1,
              line2: cell('shipAddress2') || null,
              city,
              region: cell('shipProvince') || null,
              postalCode: cell('shipZip') || null,
              country,
              phone: cell('shipPhone') || null,
            }
          : null,
    };
  }
  if (problems.length) return { problems };
  const sku = cell('sku') || cell('itemName');
  return {
    row: {
      row: record.row,
      orderId: name,
      sku,
      title: cell('itemName') || sku,
      quantity: quantity!,
      unitPrice,
      discount,
      order,
    },
  };
}

/** Shopify's statuses as the channels say them (as the Admin API's are read by the sync). */
function shopifyStatus(order: ShopifyOrderFields): ChannelOrderStatus {
  if (order.cancelled || order.financialStatus === 'voided') return 'cancelled';
  if (order.financialStatus === 'pending' || order.financialStatus === 'expired') return 'pending';
  if (order.fulfillmentStatus === 'fulfilled') return 'shipped';
  if (order.fulfillmentStatus === 'partial') return 'partially_shipped';
  return 'unshipped';
}

/** An order's rows from Shopify's export as one order; its taxes are shared over its lines. */
export function shopifyOrderFromRows(rows: readonly ShopifyOrderRow[]): ChannelOrder {
  const order = rows[0]?.order;
  if (!order) throw { column: 'created-at', key: 'import.orderIncomplete' } satisfies RowProblem;
  const lines = rows.filter((r) => r.quantity > 0);
  const subtotals = lines.map((r) => r.unitPrice * r.quantity - r.discount);
  const taxes =
    lines.length && order.taxes
      ? allocate(
          money(order.taxes, order.currency),
          subtotals.map((s) => Math.max(0, s)),
        ).map((m) => m.amount)
      : lines.map(() => 0);
  // Prices hold their tax when the total is the subtotal and shipping alone.
  const taxIncluded =
    order.taxes > 0 &&
    Math.abs(order.total - (order.subtotal + order.shipping)) <
      Math.abs(order.total - (order.subtotal + order.shipping + order.taxes));
  return {
    externalId: order.externalId,
    externalNumber: rows[0]!.orderId,
    status: shopifyStatus(order),
    fulfilledBy: 'merchant',
    currency: order.currency,
    purchasedAt: order.createdAt,
    updatedAt: order.updatedAt,
    buyer: { name: order.buyer ?? order.email ?? rows[0]!.orderId, email: order.email },
    shippingAddress: order.address,
    lines: lines.map((r, i) => ({
      externalId: `${order.externalId}/line/${i + 1}`,
      sellerSku: r.sku,
      listingExternalId: null,
      title: r.title,
      barcode: null,
      quantity: r.quantity,
      unitPrice: r.unitPrice,
      discount: r.discount,
      tax: taxes[i]!,
    })),
    taxIncluded,
    shippingService: order.shippingMethod,
    shipping: order.shipping,
    shippingTax: 0,
    fees: null,
  };
}

// ---------------------------------------------------------------------------------------------
// The readers of the files Crossdock takes orders from, by format.

/** A header read, with what the rows under it are asked. */
export interface OrderFileHeader {
  readRow(
    record: { row: number; values: readonly string[] },
    context: { shopCurrency: string; now: Date },
  ): { row: OrderFileRow } | { problems: RowProblem[] };
  /** The order a row belongs to, even a bad row, when its id cell reads as one. */
  orderIdOf(record: { values: readonly string[] }): string | null;
  /** The preview's cells of a row, by the preview's columns. */
  cells(record: { values: readonly string[] }): Record<string, string>;
}

export interface OrderFileReader {
  previewColumns: readonly string[];
  readHeader(values: readonly string[]): { header: OrderFileHeader } | { missing: string[] };
  assembler(context: { pricesIncludeTax: boolean }): OrderAssembler<OrderFileRow>;
}

/** A header's columns matched by name (in any order), or the required ones it lacks. */
function matchColumns<C extends string>(
  values: readonly string[],
  columns: Readonly<Record<C, readonly string[]>>,
  required: readonly C[],
): { header: Partial<Record<C, number>> & { names: Record<C, string> } } | { missing: string[] } {
  const keys = values.map(key);
  const header = { names: {} } as Partial<Record<C, number>> & { names: Record<C, string> };
  for (const [column, names] of Object.entries(columns) as [C, readonly string[]][]) {
    const index = keys.findIndex((k) => names.includes(k));
    header.names[column] = names[0]!;
    if (index >= 0) (header as Record<string, unknown>)[column] = index;
  }
  const missing = required.filter((c) => header[c] === undefined).map((c) => columns[c][0]!);
  return missing.length ? { missing } : { header };
}

const cellsOf =
  <C extends string>(header: Partial<Record<C, number>>, preview: readonly [string, C][]) =>
  (record: { values: readonly string[] }) =>
    Object.fromEntries(
      preview.map(([label, column]) => [
        label,
        header[column] === undefined ? '' : (record.values[header[column]!] ?? ''),
      ]),
    );

const amazonPreview = [
  ['amazon-order-id', 'orderId'],
  ['purchase-date', 'purchaseDate'],
  ['order-status', 'orderStatus'],
  ['sku', 'sku'],
  ['quantity', 'quantity'],
  ['item-price', 'itemPrice'],
  ['currency', 'currency'],
] as const satisfies readonly [string, AmazonColumn][];

const shopifyPreview = [
  ['Name', 'name'],
  ['Created at', 'createdAt'],
  ['Financial Status', 'financialStatus'],
  ['Lineitem sku', 'sku'],
  ['Lineitem quantity', 'quantity'],
  ['Lineitem price', 'price'],
  ['Currency', 'currency'],
] as const satisfies readonly [string, ShopifyColumn][];

export const orderFileReaders: Record<ReadableImportFormat, OrderFileReader> = {
  amazon_all_orders: {
    previewColumns: amazonPreview.map(([label]) => label),
    readHeader(values) {
      const read = readAmazonHeader(values);
      if ('missing' in read) return read;
      const header = read.header;
      return {
        header: {
          readRow: (record, context) => readAmazonOrderRow(header, record, context),
          orderIdOf: (record) => {
            const id = (record.values[header.orderId!] ?? '').trim();
            return /^[0-9A-Z]{3}-\d{7}-\d{7}$/.test(id) ? id : null;
          },
          cells: cellsOf(header, amazonPreview),
        },
      };
    },
    assembler: ({ pricesIncludeTax }) =>
      amazonOrderAssembler(pricesIncludeTax) as OrderAssembler<OrderFileRow>,
  },
  shopify_orders: {
    previewColumns: shopifyPreview.map(([label]) => label),
    readHeader(values) {
      const read = matchColumns(values, shopifyColumns, requiredShopifyColumns);
      if ('missing' in read) return read;
      const header = read.header;
      return {
        header: {
          readRow: (record, context) => readShopifyOrderRow(header, record, context),
          orderIdOf: (record) => (record.values[header.name!] ?? '').trim() || null,
          cells: cellsOf(header, shopifyPreview),
        },
      };
    },
    assembler: () =>
      orderAssembler<ShopifyOrderRow>(
        (rows) => shopifyOrderFromRows(rows),
        'Name',
      ) as OrderAssembler<OrderFileRow>,
  },
};

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
