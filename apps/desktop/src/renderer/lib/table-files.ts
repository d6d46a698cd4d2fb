// Rows as files: CSV (UTF-8 with a BOM so Excel reads it, formulas defused) and XLSX (exceljs).
import ExcelJS from 'exceljs';

export interface ExportColumn<Row> {
  header: string;
  value(row: Row): string | number;
}

const csvCell = (value: string | number) => {
  const text = String(value);
  // Quote what needs it, and defuse spreadsheet formulas in text cells.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function toCsv<Row>(rows: Row[], columns: ExportColumn<Row>[]): string {
  const lines = [
    columns.map((c) => csvCell(c.header)).join(','),
    ...rows.map((r) => columns.map((c) => csvCell(c.value(r))).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function toXlsx<Row>(
  rows: Row[],
  columns: ExportColumn<Row>[],
  sheet: string,
): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet(sheet);
  ws.columns = columns.map((c) => ({ header: c.header, width: Math.max(12, c.header.length + 2) }));
  ws.getRow(1).font = { bold: true };
  for (const row of rows) ws.addRow(columns.map((c) => c.value(row)));
  return new Uint8Array(await book.xlsx.writeBuffer());
}
