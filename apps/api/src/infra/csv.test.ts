import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvRecords, MalformedCsvError } from './csv';

const all = async (source: Parameters<typeof csvRecords>[0], options?: Parameters<typeof csvRecords>[1]) => {
  const out = [];
  for await (const record of csvRecords(source, options)) out.push(record);
  return out;
};

describe('csvRecords', () => {
  it('reads quoted fields with commas, quotes and newlines, after a BOM, numbering records', async () => {
    const text = '\uFEFFid,note\r\n1,"plain"\r\n\r\n2,"two\nlines, and ""quotes"""\n3,last\n';
    expect(await all(text)).toEqual([
      { row: 1, values: ['id', 'note'] },
      { row: 2, values: ['1', 'plain'] },
      { row: 3, values: ['2', 'two\nlines, and "quotes"'] },
      { row: 4, values: ['3', 'last'] },
    ]);
  });

  it('reads tab-separated files and streams in chunks split anywhere', async () => {
    const text = 'a\tb\n"x\ty"\tz\n';
    const chunks = [...Buffer.from(text)].map((byte) => Buffer.from([byte]));
    expect(await all(Readable.from(chunks), { delimiter: '\t' })).toEqual([
      { row: 1, values: ['a', 'b'] },
      { row: 2, values: ['x\ty', 'z'] },
    ]);
  });

  it('stops at a broken quote, saying where', async () => {
    await expect(all('a,b\n1,"open\n2,3\n')).rejects.toBeInstanceOf(MalformedCsvError);
  });
});
