// Reading CSV and TSV files: csv-parse (RFC 4180, streaming) rather than splitting on newlines,
// which breaks on the first quoted field that holds one. Every importer reads its files through
// here, record by record, so a file is never held parsed in memory whole.
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';

export interface CsvRecord {
  /** The record's number in the file, the header being 1 (a record may span several lines). */
  row: number;
  values: string[];
}

export class MalformedCsvError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * The records of a CSV (or, with `delimiter: '\t'`, TSV) text or byte stream. A UTF-8 byte
 * order mark is dropped, fields are trimmed, blank lines skipped, a quote inside an unquoted field
 * is kept as a character, rows may have fewer or more
 * fields than the header (the importer says which is wrong). A broken quote stops the reading
 * with the line it was found on.
 */
export async function* csvRecords(
  source: string | Buffer | Readable,
  options: { delimiter?: string } = {},
): AsyncGenerator<CsvRecord> {
  const parser = parse({
    bom: true,
    delimiter: options.delimiter ?? ',',
    trim: true,
    skip_empty_lines: true,
    // Files that mix Windows and Unix line ends (edited by hand) read as they look.
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    // A quote inside an unquoted field is a character (15.6" screens, titles with "quotes" in
    // Amazon's unquoted reports); a field that opens with one must still close it.
    relax_quotes: true,
    info: true,
  });
  const input = typeof source === 'string' || Buffer.isBuffer(source) ? Readable.from([source]) : source;
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { records: number };
    }>) {
      yield { row: info.records, values: record };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      throw new MalformedCsvError((error as CsvError & { lines?: number }).lines ?? 0, error.code);
    }
    throw error;
  } finally {
    input.unpipe(parser);
    parser.destroy();
  }
}
