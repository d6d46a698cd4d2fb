// Shopify's orders export (Orders → Export, "CSV for Excel, Numbers, or other spreadsheet
// programs"): one row per line item; the order's own fields (email, statuses, currency, totals,
// addresses, dates) only on its first row. Dates are "2025-07-21 10:15:30 -0400".
import type { ChannelOrder, ChannelOrderStatus } from '../channel-orders';
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
  header: ColumnsAt<ShopifyColumn>,
  record: { row: number; values: readonly string[] },
  context: RowContext,
): { row: ShopifyOrderRow } | { problems: RowProblem[] } {
  const { cell, problems, problem } = recordCells(header, record);
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

const shopifyPreview = [
  ['Name', 'name'],
  ['Created at', 'createdAt'],
  ['Financial Status', 'financialStatus'],
  ['Lineitem sku', 'sku'],
  ['Lineitem quantity', 'quantity'],
  ['Lineitem price', 'price'],
  ['Currency', 'currency'],
] as const satisfies readonly [string, ShopifyColumn][];

/** Reads Shopify's orders export. */
export const shopifyOrdersReader = fileReader({
  kind: 'orders',
  columns: shopifyColumns,
  required: requiredShopifyColumns,
  preview: shopifyPreview,
  readRow: readShopifyOrderRow,
  orderIdOf: (cell) => cell('name') || null,
  assembler: () =>
    orderAssembler<ShopifyOrderRow>(
      (rows) => shopifyOrderFromRows(rows),
      'Name',
    ) as OrderAssembler<OrderFileRow>,
});
