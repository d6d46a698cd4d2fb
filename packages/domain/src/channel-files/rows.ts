// What every reader of a marketplace file shares: how header cells are compared and matched to
// the columns a reader wants, a row's problem named by its column, and the gathering of an order
// file's rows into the platform's orders as they stream by — never half an order.
import type { ChannelOrder } from '../channel-orders';

/** A header cell as compared: lower case, spaces and underscores as hyphens. */
export const columnKey = (cell: string) =>
  cell
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');

/** How far ahead of now a date may be and still be a clock's difference, not a wrong date. */
export const CLOCK_SKEW_MS = 15 * 60_000;

/** What a row is read against: the shop it is imported into, and when. */
export interface RowContext {
  shopCurrency: string;
  shopTimeZone: string;
  now: Date;
}

/** A problem with one row of a file: which column, and what, as a message key and its values. */
export interface RowProblem {
  column: string | null;
  key: string;
  values?: Record<string, string | number>;
}

/** What an order's rows came to: what the reader makes of them, or its good rows skipped for a bad one. */
export type Assembled<Item> =
  | { item: Item }
  | { skipped: { orderId: string; rows: number[]; badRow: number; reason?: RowProblem } }
  | null;
export type AssembledOrder = Assembled<ChannelOrder>;

/**
 * The least a row of any file carries: where it is, the order it belongs to (for a settlement,
 * the order's transaction), and what it is of that order (its SKU: two rows alike are a repeat).
 */
export interface OrderFileRow {
  row: number;
  orderId: string;
  sku: string;
}

export type OrderAssembler<Row extends OrderFileRow, Item = ChannelOrder> = ReturnType<
  typeof orderAssembler<Row, Item>
>;

/**
 * Gathers a file's rows into orders as they stream by: an order's rows come together, so an
 * order is complete when the next starts. An order with a bad row is not taken in at all (never
 * half an order): its good rows are skipped, naming the bad one; so is one `build` cannot make
 * (it throws a RowProblem). A row that repeats one already read (the same order and SKU) is a
 * problem, as is an order whose rows are split by another's.
 */
export function orderAssembler<Row extends OrderFileRow, Item = ChannelOrder>(
  build: (rows: Row[]) => Item,
  idColumn: string,
) {
  let current: { orderId: string; rows: Row[]; badRow: number | null } | null = null;
  const finished = new Map<string, number>();
  const flush = (): Assembled<Item> => {
    const done = current;
    current = null;
    if (!done) return null;
    finished.set(done.orderId, done.rows[0]?.row ?? done.badRow ?? 0);
    const rows = done.rows.map((r) => r.row);
    if (done.badRow !== null) return { skipped: { orderId: done.orderId, rows, badRow: done.badRow } };
    try {
      return { item: build(done.rows) };
    } catch (error) {
      if (!isRowProblem(error)) throw error;
      return { skipped: { orderId: done.orderId, rows, badRow: rows[0]!, reason: error } };
    }
  };
  /** The order this row belongs to, starting it (and completing the one before) if it is new. */
  const enter = (orderId: string): { completed: Assembled<Item> } | { problem: RowProblem } => {
    const earlier = finished.get(orderId);
    if (earlier !== undefined) {
      return { problem: { column: idColumn, key: 'import.orderSplit', values: { row: earlier } } };
    }
    let completed: Assembled<Item> = null;
    if (current && current.orderId !== orderId) completed = flush();
    current ??= { orderId, rows: [], badRow: null };
    return { completed };
  };
  return {
    /** A good row; returns the order it completed (the one before), or a problem with the row. */
    add(row: Row): { completed: Assembled<Item> } | { problem: RowProblem } {
      const entered = enter(row.orderId);
      if ('problem' in entered) return entered;
      const repeat = current!.rows.find((r) => r.sku === row.sku);
      if (repeat)
        return { problem: { column: 'sku', key: 'import.duplicateRow', values: { row: repeat.row } } };
      current!.rows.push(row);
      return entered;
    },
    /** A row of `orderId` that had problems: the whole order is held back. */
    reject(orderId: string, row: number): Assembled<Item> {
      const entered = enter(orderId);
      if ('problem' in entered) return null;
      current!.badRow ??= row;
      return entered.completed;
    },
    /** The last order, at the end of the file. */
    end: (): Assembled<Item> => flush(),
  };
}

export const isRowProblem = (value: unknown): value is RowProblem =>
  typeof value === 'object' && value !== null && 'key' in value && 'column' in value;

/** A header read, with what the rows under it are asked. */
export interface OrderFileHeader {
  readRow(
    record: { row: number; values: readonly string[] },
    context: RowContext,
  ): { row: OrderFileRow } | { problems: RowProblem[] };
  /** The order a row belongs to, even a bad row, when its id cell reads as one. */
  orderIdOf(record: { values: readonly string[] }): string | null;
  /** The preview's cells of a row, by the preview's columns. */
  cells(record: { values: readonly string[] }): Record<string, string>;
  /** Whether a line is no row at all (a blank line, a report's trailer): it is passed over. */
  isFiller?(record: { values: readonly string[] }): boolean;
}

/** A reader of one kind of file: its header, its rows, and what its rows come to (`Item`). */
export interface FileReaderOf<Item> {
  /** What the file brings in: orders, what the platform kept of them, or listings. */
  kind: 'orders' | 'fees' | 'listings';
  previewColumns: readonly string[];
  readHeader(values: readonly string[]): { header: OrderFileHeader } | { missing: string[] };
  assembler(context: { pricesIncludeTax: boolean; currency: string }): OrderAssembler<OrderFileRow, Item>;
}
export type OrderFileReader = FileReaderOf<ChannelOrder>;

/** Where each of a reader's columns is in the file's header, and the name it is reported by. */
export type ColumnsAt<C extends string> = Partial<Record<C, number>> & { names: Record<C, string> };

/**
 * One record as a reader reads it: a cell by the reader's column (trimmed; empty when the file
 * has no such column), and the row's problems, each named by its column.
 */
export function recordCells<C extends string>(header: ColumnsAt<C>, record: { values: readonly string[] }) {
  const problems: RowProblem[] = [];
  return {
    cell: (column: C) => {
      const index = header[column];
      return index === undefined ? '' : (record.values[index] ?? '').trim();
    },
    problems,
    problem: (column: C, key: string, values?: RowProblem['values']) => {
      problems.push({ column: header.names[column], key, values });
    },
  };
}

/** A header's columns matched by name (in any order), or the required ones it lacks. */
export function matchColumns<C extends string>(
  values: readonly string[],
  columns: Readonly<Record<C, readonly string[]>>,
  required: readonly C[],
): { header: ColumnsAt<C> } | { missing: string[] } {
  const keys = values.map(columnKey);
  const header = { names: {} } as ColumnsAt<C>;
  for (const [column, names] of Object.entries(columns) as [C, readonly string[]][]) {
    const index = keys.findIndex((k) => names.includes(k));
    header.names[column] = names[0]!;
    if (index >= 0) (header as Record<string, unknown>)[column] = index;
  }
  const missing = required.filter((c) => header[c] === undefined).map((c) => columns[c][0]!);
  return missing.length ? { missing } : { header };
}

export const cellsOf =
  <C extends string>(header: Partial<Record<C, number>>, preview: readonly [string, C][]) =>
  (record: { values: readonly string[] }) =>
    Object.fromEntries(
      preview.map(([label, column]) => [
        label,
        header[column] === undefined ? '' : (record.values[header[column]!] ?? ''),
      ]),
    );

/**
 * A reader from its parts: the columns it knows (and the ones it needs), the preview's, how a
 * row is read, which order a row — even a bad one — belongs to, which lines are no rows at all,
 * and how rows are gathered.
 */
export function fileReader<C extends string, Item, K extends FileReaderOf<Item>['kind']>(spec: {
  kind: K;
  columns: Readonly<Record<C, readonly string[]>>;
  required: readonly C[];
  preview: readonly [string, C][];
  readRow(
    header: ColumnsAt<C>,
    record: { row: number; values: readonly string[] },
    context: RowContext,
  ): { row: OrderFileRow } | { problems: RowProblem[] };
  orderIdOf(cell: (column: C) => string): string | null;
  isFiller?(cell: (column: C) => string, values: readonly string[]): boolean;
  assembler: FileReaderOf<Item>['assembler'];
}): FileReaderOf<Item> & { kind: K } {
  const { isFiller } = spec;
  return {
    kind: spec.kind,
    previewColumns: spec.preview.map(([label]) => label),
    readHeader(values) {
      const read = matchColumns(values, spec.columns, spec.required);
      if ('missing' in read) return read;
      const header = read.header;
      const cellOf = (record: { values: readonly string[] }) => recordCells(header, record).cell;
      return {
        header: {
          readRow: (record, context) => spec.readRow(header, record, context),
          orderIdOf: (record) => spec.orderIdOf(cellOf(record)),
          cells: cellsOf(header, spec.preview),
          ...(isFiller ? { isFiller: (record) => isFiller(cellOf(record), record.values) } : {}),
        },
      };
    },
    assembler: spec.assembler,
  };
}
