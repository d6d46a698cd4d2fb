// Shopify's products export (Products → Export), in either header Shopify has written: the legacy
// one (`Handle, Title, Body (HTML), … Variant SKU, Variant Price, … Status`) and the 2024 one
// (`Title, URL handle, Description, … SKU, Barcode, … Price, … Inventory quantity, …`). A
// product's rows are together: its first holds the product (title, status), each holds a variant
// (options, SKU, price, count), and rows of only an image follow. Each variant with a SKU is one
// of the shop's listings, as the platform shows it.
import { fromPlatformDecimal, isCurrencyCode } from '../money';
import {
  type ColumnsAt,
  fileReader,
  type OrderAssembler,
  type OrderFileRow,
  orderAssembler,
  type RowContext,
  type RowProblem,
  recordCells,
} from './rows';

const productColumns = {
  handle: ['handle', 'url-handle'],
  title: ['title'],
  status: ['status'],
  sku: ['variant-sku', 'sku'],
  barcode: ['variant-barcode', 'barcode'],
  price: ['variant-price', 'price'],
  quantity: ['variant-inventory-qty', 'inventory-quantity'],
  tracker: ['variant-inventory-tracker', 'inventory-tracker'],
  option1: ['option1-value'],
  option2: ['option2-value'],
  option3: ['option3-value'],
} as const;
type ProductColumn = keyof typeof productColumns;
const requiredProductColumns: readonly ProductColumn[] = ['handle', 'title', 'sku', 'price'];
type ProductHeader = ColumnsAt<ProductColumn>;

/** A listing as a file shows it (no platform id: a products export has none). */
export interface FileListing {
  sellerSku: string;
  title: string;
  barcode: string | null;
  price: { amount: number; currency: string };
  /** Null when Shopify does not count it (no inventory tracker). */
  quantity: number | null;
  active: boolean;
}

export interface ProductRow extends OrderFileRow {
  /** On the product's first row only. */
  product: { title: string; active: boolean } | null;
  variant: Omit<FileListing, 'title' | 'active'> & { options: string[] };
}

const statuses = ['active', 'draft', 'archived'];

function readProductRow(
  header: ProductHeader,
  record: { row: number; values: readonly string[] },
  context: RowContext,
): { row: ProductRow } | { problems: RowProblem[] } {
  const { cell, problems, problem } = recordCells(header, record);
  const handle = cell('handle');
  if (!handle) problem('handle', 'import.handle');
  const title = cell('title');
  const statusText = cell('status').toLowerCase();
  if (title && statusText && !statuses.includes(statusText))
    problem('status', 'import.status', { value: cell('status') });
  const sku = cell('sku');
  if (!sku) problem('sku', 'import.variantSku');
  const priceText = cell('price');
  let price = 0;
  if (!isCurrencyCode(context.shopCurrency))
    problem('price', 'import.currency', { value: context.shopCurrency });
  else {
    try {
      price = fromPlatformDecimal(priceText, context.shopCurrency).amount;
      if (price < 0) throw new Error('negative');
    } catch {
      problem('price', 'import.amount', { value: priceText });
    }
  }
  const quantityText = cell('quantity');
  // Shopify lets a count run below zero when it oversells; as a count on sale, that is none.
  const quantity =
    quantityText === '' ? null : /^-?\d{1,7}$/.test(quantityText) ? Math.max(0, Number(quantityText)) : NaN;
  if (Number.isNaN(quantity)) problem('quantity', 'import.quantity', { value: quantityText });
  if (problems.length) return { problems };
  const tracked = header.tracker === undefined || cell('tracker') !== '';
  return {
    row: {
      row: record.row,
      orderId: handle,
      sku,
      product: title ? { title, active: statusText ? statusText === 'active' : true } : null,
      variant: {
        sellerSku: sku,
        barcode: cell('barcode') || null,
        price: { amount: price, currency: context.shopCurrency },
        quantity: tracked ? quantity : null,
        options: (['option1', 'option2', 'option3'] as const)
          .map((c) => cell(c))
          .filter((v) => v && v !== 'Default Title'),
      },
    },
  };
}

/** A product's rows as its variants' listings; the product's title and status on each. */
export function listingsFromProductRows(rows: readonly ProductRow[]): FileListing[] {
  const product = rows.find((r) => r.product)?.product;
  if (!product) throw { column: 'title', key: 'import.productIncomplete' } satisfies RowProblem;
  return rows.map(({ variant: { options, ...variant } }) => ({
    ...variant,
    title: options.length ? `${product.title} - ${options.join(' / ')}` : product.title,
    active: product.active,
  }));
}

const productPreview = [
  ['Handle', 'handle'],
  ['Title', 'title'],
  ['SKU', 'sku'],
  ['Price', 'price'],
  ['Inventory', 'quantity'],
  ['Status', 'status'],
] as const satisfies readonly [string, ProductColumn][];

/** Reads Shopify's products export into the shop's listings. */
export const shopifyProductsReader = fileReader({
  kind: 'listings',
  columns: productColumns,
  required: requiredProductColumns,
  preview: productPreview,
  readRow: readProductRow,
  orderIdOf: (cell) => cell('handle') || null,
  // Rows of only an image (or only a handle): no variant, so no listing.
  isFiller: (cell) => (['sku', 'price', 'option1', 'title'] as const).every((c) => !cell(c)),
  assembler: () =>
    orderAssembler<ProductRow, FileListing[]>(listingsFromProductRows, 'Handle') as OrderAssembler<
      OrderFileRow,
      FileListing[]
    >,
});
