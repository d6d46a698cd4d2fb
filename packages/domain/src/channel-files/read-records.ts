// A file's records read as an import reads them — the header, then each row checked on its own
// and the good ones gathered — for records held in memory (fixtures, small files); the import
// job does the same as the file streams by, in batches.
import type { Assembled, FileReaderOf, RowContext, RowProblem } from './rows';

/**
 * What the rows under the header (the first record) came to — items, and orders skipped for a
 * bad row — and every row's problems; or the header's missing columns.
 */
export function readRecords<Item>(
  reader: FileReaderOf<Item>,
  records: readonly { row: number; values: readonly string[] }[],
  context: RowContext & { pricesIncludeTax: boolean },
):
  | { done: NonNullable<Assembled<Item>>[]; problems: (RowProblem & { row: number })[] }
  | { missing: string[] } {
  const [head, ...rows] = records;
  const read = reader.readHeader(head?.values ?? []);
  if ('missing' in read) return read;
  const assembler = reader.assembler({
    pricesIncludeTax: context.pricesIncludeTax,
    currency: context.shopCurrency,
  });
  const done: NonNullable<Assembled<Item>>[] = [];
  const problems: (RowProblem & { row: number })[] = [];
  const take = (completed: Assembled<Item>) => {
    if (completed) done.push(completed);
  };
  for (const record of rows) {
    if (read.header.isFiller?.(record)) continue;
    const result = read.header.readRow(record, context);
    if ('problems' in result) {
      problems.push(...result.problems.map((p) => ({ row: record.row, ...p })));
      const id = read.header.orderIdOf(record);
      if (id) take(assembler.reject(id, record.row));
      continue;
    }
    const added = assembler.add(result.row);
    if ('problem' in added) problems.push({ row: record.row, ...added.problem });
    else take(added.completed);
  }
  take(assembler.end());
  return { done, problems };
}
