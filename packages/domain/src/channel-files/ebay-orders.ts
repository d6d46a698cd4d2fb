// eBay's Seller Hub orders report (Orders → Download report → "All orders"): comma-separated,
// a blank line before the header and after it, and a trailer ("12 record(s) downloaded",
// "Seller ID: …"). An order of one item is one row; an order of several is a row of the order's
// own fields (buyer, address, postage, tax, total, dates) without an item, then a row per item.
// Amounts carry their currency's sign ("$45.99", "£1,234.50", "EUR 12,34"); dates are days in
// the site's style ("Jul-21-25" on eBay.com, "21-Jul-25" on eBay.co.uk), without a time.
import type { ChannelOrder, ChannelOrderStatus } from '../channel-orders';
import { countryCodes } from '../countries';
import { allocate, fromPlatformDecimal, isCurrencyCode, money } from '../money';
import {
  CLOCK_SKEW_MS,
  type ColumnsAt,
  fileReader,
  type OrderAssembler,
  type OrderFileRow,
  orderAssembler,
  type RowContext,
  type RowProblem,
  recordCells,
} from './rows';

/** The report's header as eBay.com writes it (the columns around those Crossdock reads too). */
export const EBAY_ORDERS_COLUMNS = [
  'Sales Record Number',
  'Order Number',
  'Buyer Username',
  'Buyer Name',
  'Buyer Email',
  'Ship To Name',
  'Ship To Phone',
  'Ship To Address 1',
  'Ship To Address 2',
  'Ship To City',
  'Ship To State',
  'Ship To Zip',
  'Ship To Country',
  'Item Number',
  'Item Title',
  'Custom Label',
  'Quantity',
  'Sold For',
  'Shipping And Handling',
  'Seller Collected Tax',
  'eBay Collected Tax',
  'Total Price',
  'Sale Date',
  'Paid On Date',
  'Shipped On Date',
  'Shipping Service',
  'Tracking Number',
  'Transaction ID',
  'Variation Details',
] as const;

/** Its columns, with the names eBay's UK site gives them ("Post To …", "Postage And Packaging"). */
const ebayColumns = {
  salesRecord: ['sales-record-number'],
  orderNumber: ['order-number'],
  username: ['buyer-username'],
  buyerName: ['buyer-name'],
  email: ['buyer-email'],
  shipName: ['ship-to-name', 'post-to-name'],
  shipPhone: ['ship-to-phone', 'post-to-phone'],
  shipAddress1: ['ship-to-address-1', 'post-to-address-1'],
  shipAddress2: ['ship-to-address-2', 'post-to-address-2'],
  shipCity: ['ship-to-city', 'post-to-city'],
  shipState: ['ship-to-state', 'post-to-county', 'ship-to-province'],
  shipZip: ['ship-to-zip', 'post-to-postcode', 'ship-to-postal-code'],
  shipCountry: ['ship-to-country', 'post-to-country'],
  itemNumber: ['item-number'],
  itemTitle: ['item-title'],
  customLabel: ['custom-label'],
  quantity: ['quantity'],
  soldFor: ['sold-for'],
  shipping: ['shipping-and-handling', 'postage-and-packaging'],
  sellerTax: ['seller-collected-tax'],
  saleDate: ['sale-date'],
  paidOn: ['paid-on-date'],
  shippedOn: ['shipped-on-date', 'dispatched-on-date'],
  shippingService: ['shipping-service', 'postage-service'],
  transactionId: ['transaction-id'],
  variation: ['variation-details'],
} as const;
type EbayColumn = keyof typeof ebayColumns;
const requiredEbayColumns: readonly EbayColumn[] = [
  'orderNumber',
  'itemNumber',
  'customLabel',
  'quantity',
  'soldFor',
  'saleDate',
];
type EbayHeader = ColumnsAt<EbayColumn>;

/** eBay's order numbers since 2019 ("12-34567-89012"). */
const ORDER_NUMBER = /^\d{2}-\d{5}-\d{5}$/;

/** The order's own fields, from its first row that has them. Amounts in minor units. */
interface EbayOrderFields {
  buyer: string;
  email: string | null;
  address: ChannelOrder['shippingAddress'];
  shipping: number;
  sellerTax: number;
  soldAt: string;
  paidAt: string | null;
  shippedAt: string | null;
  shippingService: string | null;
}

export interface EbayOrderRow extends OrderFileRow {
  /** The item sold, when the row is an item's (not a several-item order's own row). */
  item: {
    number: string;
    /** The seller's SKU (Custom Label); the listing's number when there is none. */
    sellerSku: string;
    title: string;
    quantity: number;
    unitPrice: number;
    transactionId: string | null;
  } | null;
  order: EbayOrderFields | null;
}

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A day as eBay writes it ("Jul-21-25", "21-Jul-25", "Jul-21-2025"), or null. */
export function ebayDay(text: string): { year: number; month: number; day: number } | null {
  const t = text.trim();
  const us = /^([A-Za-z]{3})-(\d{1,2})-(\d{2}|\d{4})$/.exec(t);
  const uk = /^(\d{1,2})-([A-Za-z]{3})-(\d{2}|\d{4})$/.exec(t);
  const [monthName, dayText, yearText] = us ? [us[1]!, us[2]!, us[3]!] : uk ? [uk[2]!, uk[1]!, uk[3]!] : [];
  if (!monthName) return null;
  const month = months.indexOf(monthName.toLowerCase()) + 1;
  const year = yearText!.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  const day = Number(dayText);
  if (month === 0 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return { year, month, day };
}

/** The instant a day starts in a time zone (the site's day), as ISO 8601 UTC. */
export function dayStartIn(day: { year: number; month: number; day: number }, timeZone: string): string {
  const midnightUtc = Date.UTC(day.year, day.month - 1, day.day);
  // The zone's offset at that moment, read back from how the zone shows it; asked twice so a
  // day that starts just after a change of offset lands on its own offset.
  const offsetAt = (at: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      })
        .formatToParts(new Date(at))
        .map((p) => [p.type, Number(p.value)]),
    );
    const shown = Date.UTC(
      parts.year!,
      parts.month! - 1,
      parts.day!,
      parts.hour!,
      parts.minute!,
      parts.second!,
    );
    return shown - at;
  };
  const guess = midnightUtc - offsetAt(midnightUtc);
  return new Date(midnightUtc - offsetAt(guess)).toISOString();
}

/** The currency signs eBay writes before amounts, and the currencies each may be. */
const signs: readonly [string, readonly string[]][] = [
  ['US $', ['USD']],
  ['C $', ['CAD']],
  ['AU $', ['AUD']],
  ['$', ['USD', 'CAD', 'AUD']],
  ['£', ['GBP']],
  ['€', ['EUR']],
];

/**
 * An amount as eBay writes it, in minor units of the shop's currency: its sign must be the
 * shop's currency's; "1,234.50" and "1.234,50" are both read. Null when it is not an amount;
 * `{ other }` when it is another currency's.
 */
export function ebayAmount(text: string, currency: string): number | { other: string } | null {
  let t = text.trim();
  const negative = t.startsWith('-');
  if (negative) t = t.slice(1).trim();
  const code = /^([A-Z]{3})\s?/.exec(t);
  const sign = signs.find(([s]) => t.startsWith(s));
  let may: readonly string[] | null = null;
  if (code) {
    may = [code[1]!];
    t = t.slice(code[0].length);
  } else if (sign) {
    may = sign[1];
    t = t.slice(sign[0].length).trim();
  }
  if (may && !may.includes(currency)) return { other: may[0]! };
  // A comma before the last two digits and no point is a decimal comma ("12,34", "1.234,50").
  const number =
    /,\d{1,2}$/.test(t) && !/\.\d+$/.test(t) ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(number)) return null;
  try {
    const minor = fromPlatformDecimal(number, currency).amount;
    return negative ? -minor : minor;
  } catch {
    return null;
  }
}

/** Country names as eBay writes them ("United States", "Germany") to their ISO codes. */
let countriesByName: Map<string, string> | null = null;
function countryOf(text: string): string | null {
  const t = text.trim();
  if (/^[A-Za-z]{2}$/.test(t)) return t.toUpperCase();
  if (!countriesByName) {
    const names = new Intl.DisplayNames('en', { type: 'region' });
    countriesByName = new Map(countryCodes.map((c) => [names.of(c)!.toLowerCase(), c]));
    countriesByName.set('united states of america', 'US');
    countriesByName.set('great britain', 'GB');
  }
  return countriesByName.get(t.toLowerCase()) ?? null;
}

function readEbayOrderRow(
  header: EbayHeader,
  record: { row: number; values: readonly string[] },
  context: RowContext,
): { row: EbayOrderRow } | { problems: RowProblem[] } {
  const { cell, problems, problem } = recordCells(header, record);
  const currency = context.shopCurrency;
  const amount = (column: EbayColumn) => {
    const text = cell(column);
    if (!text || !isCurrencyCode(currency)) return 0;
    const read = ebayAmount(text, currency);
    if (read !== null && typeof read === 'object')
      problem(column, 'import.otherCurrency', { value: read.other, shop: currency });
    else if (read === null || read < 0) problem(column, 'import.amount', { value: text });
    return typeof read === 'number' ? read : 0;
  };
  const date = (column: EbayColumn) => {
    const text = cell(column);
    if (!text) return null;
    const day = ebayDay(text);
    if (!day) {
      problem(column, 'import.day', { value: text });
      return null;
    }
    const at = dayStartIn(day, context.shopTimeZone);
    if (new Date(at).getTime() > context.now.getTime() + CLOCK_SKEW_MS) problem(column, 'import.futureDate');
    return at;
  };

  const orderId = cell('orderNumber');
  if (!ORDER_NUMBER.test(orderId)) problem('orderNumber', 'import.ebayOrderNumber', { value: orderId });
  const itemNumber = cell('itemNumber');
  let item: EbayOrderRow['item'] = null;
  if (itemNumber) {
    if (!/^\d{9,15}$/.test(itemNumber)) problem('itemNumber', 'import.ebayItemNumber', { value: itemNumber });
    const quantityText = cell('quantity');
    const quantity = /^\d{1,6}$/.test(quantityText) ? Number(quantityText) : null;
    if (quantity === null) problem('quantity', 'import.quantity', { value: quantityText });
    const unitPrice = amount('soldFor');
    const variation = cell('variation');
    const title = cell('itemTitle') || itemNumber;
    item = {
      number: itemNumber,
      sellerSku: cell('customLabel') || itemNumber,
      title: variation ? `${title} (${variation})` : title,
      quantity: quantity ?? 0,
      unitPrice,
      transactionId: cell('transactionId') || null,
    };
  }
  // The order's own fields come on the row with its sale date.
  let order: EbayOrderFields | null = null;
  if (cell('saleDate')) {
    const soldAt = date('saleDate');
    const paidAt = date('paidOn');
    const shippedAt = date('shippedOn');
    const country = countryOf(cell('shipCountry'));
    if (cell('shipCountry') && !country)
      problem('shipCountry', 'import.country', { value: cell('shipCountry') });
    const address1 = cell('shipAddress1');
    const city = cell('shipCity');
    order = {
      buyer: cell('buyerName') || cell('username') || orderId,
      email: cell('email') || null,
      address:
        address1 && city && country
          ? {
              name: cell('shipName') || cell('buyerName'),
              line1: address1,
              line2: cell('shipAddress2') || null,
              city,
              region: cell('shipState') || null,
              postalCode: cell('shipZip') || null,
              country,
              phone: cell('shipPhone') || null,
            }
          : null,
      shipping: amount('shipping'),
      sellerTax: amount('sellerTax'),
      soldAt: soldAt ?? '',
      paidAt,
      shippedAt,
      shippingService: cell('shippingService') || null,
    };
  }
  if (!item && !order) problem('itemNumber', 'import.ebayEmptyRow');
  if (problems.length) return { problems };
  return {
    row: {
      row: record.row,
      orderId,
      // What the repeat check compares: the item and its sale (the order's own row has none).
      sku: item ? `${item.number}/${item.transactionId ?? item.sellerSku}` : '',
      item,
      order,
    },
  };
}

/**
 * An order's rows as one order. The report has no cancellations (a cancelled order leaves it)
 * and days without times: the order was last changed the day of its latest step, a later step
 * of the same day counting as later (so importing again after it shipped updates it).
 */
export function ebayOrderFromRows(
  rows: readonly EbayOrderRow[],
  context: { pricesIncludeTax: boolean; currency: string },
): ChannelOrder {
  const order = rows.find((r) => r.order)?.order;
  if (!order) throw { column: 'Sale Date', key: 'import.orderIncomplete' } satisfies RowProblem;
  const items = rows.flatMap((r) => (r.item && r.item.quantity > 0 ? [r.item] : []));
  const status: ChannelOrderStatus = order.shippedAt ? 'shipped' : order.paidAt ? 'unshipped' : 'pending';
  const steps = [order.soldAt, order.paidAt, order.shippedAt];
  const last = steps.reduce<{ at: string; step: number }>(
    (latest, at, step) => (at && at >= latest.at ? { at, step } : latest),
    { at: order.soldAt, step: 0 },
  );
  const updatedAt = new Date(new Date(last.at).getTime() + last.step * 1000).toISOString();
  const subtotals = items.map((i) => i.unitPrice * i.quantity);
  const taxes =
    items.length && order.sellerTax
      ? allocate(money(order.sellerTax, context.currency), subtotals).map((m) => m.amount)
      : items.map(() => 0);
  const orderId = rows[0]!.orderId;
  return {
    externalId: orderId,
    externalNumber: orderId,
    status,
    fulfilledBy: 'merchant',
    currency: context.currency,
    purchasedAt: order.soldAt,
    updatedAt,
    buyer: { name: order.buyer, email: order.email },
    shippingAddress: order.address,
    lines: items.map((item, i) => ({
      // eBay's OrderLineItemID: the listing's number and the sale's.
      externalId: item.transactionId ? `${item.number}-${item.transactionId}` : `${orderId}/line/${i + 1}`,
      sellerSku: item.sellerSku,
      listingExternalId: item.number,
      title: item.title,
      barcode: null,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      discount: 0,
      tax: taxes[i]!,
    })),
    taxIncluded: context.pricesIncludeTax,
    shippingService: order.shippingService,
    shipping: order.shipping,
    shippingTax: 0,
    fees: null,
  };
}

const ebayPreview = [
  ['Order Number', 'orderNumber'],
  ['Sale Date', 'saleDate'],
  ['Custom Label', 'customLabel'],
  ['Quantity', 'quantity'],
  ['Sold For', 'soldFor'],
  ['Shipped On Date', 'shippedOn'],
] as const satisfies readonly [string, EbayColumn][];

/** The report's lines that are not rows: blank ones and the trailer's. */
const isTrailer = (values: readonly string[]) =>
  values.slice(1).every((v) => !v.trim()) &&
  (!values[0]?.trim() || /record\(s\) downloaded|^seller id\s*:/i.test(values[0].trim()));

/** Reads eBay's Seller Hub orders report. */
export const ebayOrdersReader = fileReader({
  kind: 'orders',
  columns: ebayColumns,
  required: requiredEbayColumns,
  preview: ebayPreview,
  readRow: readEbayOrderRow,
  orderIdOf: (cell) => (ORDER_NUMBER.test(cell('orderNumber')) ? cell('orderNumber') : null),
  isFiller: (_cell, values) => isTrailer(values),
  assembler: ({ pricesIncludeTax, currency }) =>
    orderAssembler<EbayOrderRow>(
      (rows) => ebayOrderFromRows(rows, { pricesIncludeTax, currency }),
      'Order Number',
    ) as OrderAssembler<OrderFileRow>,
});
