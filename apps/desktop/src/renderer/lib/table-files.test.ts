import { describe, expect, it } from 'vitest';
import { toCsv } from './table-files';

describe('CSV export', () => {
  it('writes a header and one line per row, quoting what needs it and defusing formulas', () => {
    const csv = toCsv(
      [
        { name: 'Plain', total: 12.5 },
        { name: 'Has, comma "and quotes"', total: 0 },
        { name: '=HYPERLINK("http://evil")', total: -1 },
      ],
      [
        { header: 'Name', value: (r) => r.name },
        { header: 'Total', value: (r) => r.total },
      ],
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      'Name,Total',
      'Plain,12.5',
      '"Has, comma ""and quotes""",0',
      `"'=HYPERLINK(""http://evil"")",-1`,
      '',
    ]);
  });
});
