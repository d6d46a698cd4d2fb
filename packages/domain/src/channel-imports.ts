// Marketplace files staff import: what kind a file is (by the columns its header names, after
// any preamble), how its text is split (tabs, commas or semicolons), and — for the kinds
// Crossdock reads — each row checked on its own, with the column at fault, then rows gathered
// into the platform's orders in the channels' vocabulary. Pure: the API streams the records in.

import { z } from 'zod';
import { amazonOrdersReader } from './channel-files/amazon-orders';
import { amazonSettlementReader, type SettlementFees } from './channel-files/amazon-settlement';
import { ebayOrdersReader } from './channel-files/ebay-orders';
import { columnKey, type FileReaderOf } from './channel-files/rows';
import { shopifyOrdersReader } from './channel-files/shopify-orders';
import { type FileListing, shopifyProductsReader } from './channel-files/shopify-products';
import type { ChannelOrder } from './channel-orders';
import type { Platform } from './channels';
import { say } from './messages';
import { pageInput } from './pagination';
import { safeDate } from './text';

export { SETTLEMENT_V2_COLUMNS, type SettlementFees } from './channel-files/amazon-settlement';
export { EBAY_ORDERS_COLUMNS } from './channel-files/ebay-orders';
export type {
  Assembled,
  AssembledOrder,
  OrderFileHeader,
  OrderFileReader,
  OrderFileRow,
  RowProblem,
} from './channel-files/rows';
export type { FileListing } from './channel-files/shopify-products';

/** The marketplace files Crossdock knows by their columns. */
export const importFormats = [
  'amazon_all_orders',
  'amazon_settlement_v2',
  'shopify_orders',
  'shopify_products',
  'ebay_orders',
] as const;
export type ImportFormat = (typeof importFormats)[number];

/** What each kind of file brings in: orders, what the platform kept of them (fees), or listings. */
export const formatKind = {
  amazon_all_orders: 'orders',
  amazon_settlement_v2: 'fees',
  shopify_orders: 'orders',
  shopify_products: 'listings',
  ebay_orders: 'orders',
} as const satisfies Record<ImportFormat, 'orders' | 'fees' | 'listings'>;

/** The platform whose seller downloads each kind: a file is imported into a shop there. */
export const formatPlatform: Record<ImportFormat, Platform> = {
  amazon_all_orders: 'amazon',
  amazon_settlement_v2: 'amazon',
  shopify_orders: 'shopify',
  shopify_products: 'shopify',
  ebay_orders: 'ebay',
};

/** The kinds Crossdock can take in today; the others are recognised and said so. */
export const readableImportFormats = [
  'amazon_all_orders',
  'amazon_settlement_v2',
  'shopify_orders',
  'shopify_products',
  'ebay_orders',
] as const satisfies readonly ImportFormat[];
export type ReadableImportFormat = (typeof readableImportFormats)[number];
export const isReadableFormat = (format: ImportFormat): format is ReadableImportFormat =>
  (readableImportFormats as readonly string[]).includes(format);

/** Files above this are refused before they are read (a year of a large seller fits; split by date). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

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
    const header = new Set(record.values.map(columnKey));
    const match = signatures.find((s) => s.columns.every((c) => header.has(c)));
    if (match) return { format: match.format, headerRow: record.row };
  }
  return null;
}
/** A reader, by what its file brings in. */
export type FileReader =
  | (FileReaderOf<ChannelOrder> & { kind: 'orders' })
  | (FileReaderOf<SettlementFees | null> & { kind: 'fees' })
  | (FileReaderOf<FileListing[]> & { kind: 'listings' });

/** The readers of the files Crossdock takes in, by format. */
export const fileReaders: Record<ReadableImportFormat, FileReader> = {
  amazon_all_orders: amazonOrdersReader,
  amazon_settlement_v2: amazonSettlementReader,
  shopify_products: shopifyProductsReader,
  shopify_orders: shopifyOrdersReader,
  ebay_orders: ebayOrdersReader,
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
