// Exports of a list, exactly the rows its filters select: every page is fetched, then written as
// CSV or XLSX (exceljs) and handed to the save dialog. Progress is reported per page.
import { bridge } from './bridge';
import { type ExportColumn, toCsv, toXlsx } from './table-files';

export type { ExportColumn };

/** Fetches page after page until there is no next cursor. */
export async function allPages<Row>(
  page: (cursor: string | undefined) => Promise<{ items: Row[]; nextCursor: string | null }>,
  onProgress: (rows: number) => void,
): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    rows.push(...next.items);
    onProgress(rows.length);
    cursor = next.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}

const base64 = (bytes: Uint8Array) => {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
};

/** Writes the rows and opens the save dialog; returns where it was saved (null: cancelled). */
export async function saveExport<Row>(
  rows: Row[],
  columns: ExportColumn<Row>[],
  format: 'csv' | 'xlsx',
  name: string,
): Promise<string | null> {
  const bytes =
    format === 'csv' ? new TextEncoder().encode(toCsv(rows, columns)) : await toXlsx(rows, columns, name);
  return bridge.saveFile({
    defaultName: `${name}.${format}`,
    base64: base64(bytes),
    filters: [
      format === 'csv' ? { name: 'CSV', extensions: ['csv'] } : { name: 'Excel', extensions: ['xlsx'] },
    ],
  });
}
