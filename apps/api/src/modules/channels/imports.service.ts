// File imports of a shop's orders (an Amazon All Orders report, for platforms without API access
// and for history). Upload: the file streams into blob storage, counted and hashed, refused past
// 50 MB or when it is not text; its first lines say what it is (the header's columns, after any
// preamble; tabs, commas or semicolons) and the first rows are checked for a preview, before
// anything is written but the import itself. Import: a job streams the file again, checks every
// row on its own (the column at fault goes to the error report), gathers rows into orders —
// never half an order — and takes them in as a sync does, one transaction per order, skipping
// at once what the book already holds unchanged; progress is written after every batch.
import { createHash, randomUUID } from 'node:crypto';
import { PassThrough, type Readable, Transform } from 'node:stream';
import type { Executor } from '@crossdock/db/client';
import { channelImportErrors, channelImports, shops } from '@crossdock/db/schema';
import {
  type Assembled,
  detectFormat,
  type FileListing,
  fileReaders,
  formatPlatform,
  HEADER_SEARCH_ROWS,
  type ImportFormat,
  isReadableFormat,
  looksLikeText,
  MAX_IMPORT_BYTES,
  type OrderFileHeader,
  type ReadableImportFormat,
  type RowProblem,
  type SettlementFees,
  sniffDelimiter,
} from '@crossdock/domain/channel-imports';
import type { ChannelOrder, ListingComponents } from '@crossdock/domain/channel-orders';
import { type Platform, platformNames, pricesIncludeTax } from '@crossdock/domain/channels';
import { DomainError } from '@crossdock/domain/errors';
import { type Locale, type MessageKey, message } from '@crossdock/domain/messages';
import { and, asc, desc, eq, gt, lt, or } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { csvRecords, MalformedCsvError } from '../../infra/csv';
import { afterCursor, toPage } from '../../infra/cursor';
import { ConnectorError, type MarketplaceConnector } from '../../infra/marketplaces/connector';
import { loadPricing } from '../catalog/currencies';
import { type Actor, writeAudit } from '../identity/audit';
import { connectorFor } from './adapters';
import { ingestMany, ingestShopOf } from './ingest.service';
import { keepListings } from './listings-pull.service';
import { takeSettlementFees } from './settlement-fees.service';
import { shopCredentialsFor } from './shops.service';

export const IMPORT_PREVIEW_ROWS = 20;
/** Items (orders, transactions) taken in between two progress writes. */
const BATCH_ITEMS = 1000;
/** Batches written at once. */
const WRITERS = 3;
/** The error report keeps this many rows; the count covers them all. */
const MAX_STORED_ERRORS = 10_000;
/** A running import whose worker has not written for this long has lost it. */
const IMPORT_STALE_MS = 3 * 60_000;
const SNIFF_BYTES = 64 * 1024;

type ImportRow = typeof channelImports.$inferSelect;

export function importView(row: ImportRow) {
  const { blobKey: _blob, ...rest } = row;
  return {
    ...rest,
    /** How far through the file the import is, 0–1. */
    progress: row.status === 'succeeded' ? 1 : row.fileBytes ? Math.min(1, row.bytesRead / row.fileBytes) : 0,
  };
}

/** A byte stream counted, hashed and cut off past `limit` as it passes; its start kept for a look. */
class Meter extends Transform {
  bytes = 0;
  readonly hash = createHash('sha256');
  start = Buffer.alloc(0);
  tooLarge = false;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: string, done: (error?: Error | null, data?: Buffer) => void) {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      this.tooLarge = true;
      return done(
        new DomainError('IMPORT_TOO_LARGE', `The file is larger than ${this.limit / 1024 / 1024} MB`, {
          limitMb: this.limit / 1024 / 1024,
        }),
      );
    }
    this.hash.update(chunk);
    if (this.start.length < SNIFF_BYTES) {
      this.start = Buffer.concat([this.start, chunk.subarray(0, SNIFF_BYTES - this.start.length)]);
    }
    done(null, chunk);
  }
}

/** A problem with a row, in words of `locale`. */
const words = (problem: { key: string; values?: Record<string, string | number> | null }, locale?: Locale) =>
  message(problem.key as MessageKey, problem.values ?? undefined, locale);

/** The file's records from its start, the file's fault said with its line. */
async function* recordsOf(source: Readable, delimiter: string) {
  try {
    yield* csvRecords(source, { delimiter });
  } catch (error) {
    if (!(error instanceof MalformedCsvError)) throw error;
    throw new DomainError('IMPORT_MALFORMED', `The file cannot be read near line ${error.line}`, {
      line: error.line,
    });
  }
}

interface Inspection {
  format: ReadableImportFormat;
  headerRow: number;
  preview: {
    row: number;
    cells: Record<string, string>;
    problems: { column: string | null; message: string }[];
  }[];
}

/** What the file is, and its first rows checked: nothing is written. */
async function inspect(
  source: Readable,
  delimiter: string,
  shop: { platform: string; currency: string; timeZone: string },
  now: Date,
): Promise<Inspection> {
  const head: { row: number; values: string[] }[] = [];
  let found: { format: ImportFormat; headerRow: number } | null = null;
  let header: OrderFileHeader | null = null;
  const preview: Inspection['preview'] = [];
  for await (const record of recordsOf(source, delimiter)) {
    if (!found) {
      head.push(record);
      found = detectFormat(head);
      if (!found && head.length >= HEADER_SEARCH_ROWS) break;
      if (!found) continue;
      if (!isReadableFormat(found.format) || formatPlatform[found.format] !== shop.platform) break;
      const columns = fileReaders[found.format].readHeader(record.values);
      if ('missing' in columns) {
        throw new DomainError('IMPORT_COLUMNS_MISSING', `The file lacks ${columns.missing.join(', ')}`, {
          columns: columns.missing.join(', '),
        });
      }
      header = columns.header;
      continue;
    }
    if (header!.isFiller?.(record)) continue;
    const read = header!.readRow(record, { shopCurrency: shop.currency, shopTimeZone: shop.timeZone, now });
    preview.push({
      row: record.row,
      cells: header!.cells(record),
      problems: 'problems' in read ? read.problems.map((p) => ({ column: p.column, message: words(p) })) : [],
    });
    if (preview.length >= IMPORT_PREVIEW_ROWS) break;
  }
  if (!found) {
    throw new DomainError('IMPORT_FORMAT_UNKNOWN', 'This is not a marketplace file Crossdock knows');
  }
  if (formatPlatform[found.format] !== shop.platform) {
    const kind = message(`import.format.${found.format}` as MessageKey);
    const platform = platformNames[shop.platform as Platform];
    throw new DomainError('IMPORT_WRONG_PLATFORM', `This is ${kind}, and this shop sells on ${platform}`, {
      format: kind,
      platform,
    });
  }
  if (!isReadableFormat(found.format)) {
    const kind = message(`import.format.${found.format}` as MessageKey);
    throw new DomainError('IMPORT_FORMAT_NOT_READABLE', `This is ${kind}; Crossdock cannot import it yet`, {
      format: kind,
    });
  }
  return { format: found.format, headerRow: found.headerRow, preview };
}

/**
 * A file for a shop, stored as it streams in and recognised: refusals (too large, not text, a
 * kind Crossdock does not know or cannot read, a header without the needed columns, a broken
 * quote) leave nothing behind.
 */
async function receiveFile(deps: AppDeps, shop: typeof shops.$inferSelect, blobKey: string, file: Readable) {
  const meter = new Meter(MAX_IMPORT_BYTES);
  const discard = () => deps.blobs.delete([blobKey]).catch(() => {});
  try {
    await deps.blobs.putStream(blobKey, file.pipe(meter));
  } catch (error) {
    await discard();
    file.resume();
    if (meter.tooLarge || error instanceof DomainError) {
      throw new DomainError(
        'IMPORT_TOO_LARGE',
        `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`,
        {
          limitMb: MAX_IMPORT_BYTES / 1024 / 1024,
        },
      );
    }
    throw error;
  }
  try {
    if (meter.bytes === 0) throw new DomainError('IMPORT_FORMAT_UNKNOWN', 'The file is empty');
    if (!looksLikeText(meter.start)) throw new DomainError('IMPORT_NOT_TEXT', 'This is not a text file');
    const delimiter = sniffDelimiter(meter.start.toString('utf8'));
    const source = await deps.blobs.getStream(blobKey);
    if (!source) throw new Error('the uploaded file is gone');
    const found = await inspect(source, delimiter, shop, deps.clock.now()).finally(() => source.destroy());
    return {
      file: {
        blobKey,
        fileSha256: meter.hash.digest('hex'),
        fileBytes: meter.bytes,
        delimiter,
        headerRow: found.headerRow,
      },
      found,
    };
  } catch (error) {
    await discard();
    throw error;
  }
}

/** A staff member's file for a shop: stored, recognised and previewed; nothing else is written. */
export async function uploadImport(
  deps: AppDeps,
  actor: Actor,
  input: { shopId: string; fileName: string; file: Readable },
) {
  const [shop] = await deps.db.select().from(shops).where(eq(shops.id, input.shopId));
  if (!shop) {
    input.file.resume();
    throw new DomainError('UNKNOWN_SHOP', 'There is no such shop');
  }
  const id = randomUUID();
  const { file, found } = await receiveFile(deps, shop, `imports/${id}.txt`, input.file);
  const row = await deps.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(channelImports)
      .values({
        id,
        shopId: shop.id,
        format: found.format,
        fileName: input.fileName.slice(0, 255),
        ...file,
        createdBy: actor.id,
        createdAt: actor.at,
      })
      .returning();
    await writeAudit(tx, actor, {
      action: 'channel.import_uploaded',
      entityType: 'shop',
      entityId: shop.id,
      before: null,
      after: { importId: id, fileName: created!.fileName, format: found.format, bytes: file.fileBytes },
    });
    return created!;
  });
  const [earlier] = await deps.db
    .select({ id: channelImports.id, createdAt: channelImports.createdAt })
    .from(channelImports)
    .where(
      and(
        eq(channelImports.shopId, shop.id),
        eq(channelImports.fileSha256, file.fileSha256),
        eq(channelImports.status, 'succeeded'),
      ),
    )
    .orderBy(desc(channelImports.createdAt))
    .limit(1);
  return {
    import: importView(row),
    columns: fileReaders[found.format].previewColumns,
    preview: found.preview,
    /** The same file imported before: importing it again changes only what changed since. */
    importedBefore: earlier ?? null,
  };
}

/** How often a report being made is asked about. */
const REPORT_POLL_MS = 5000;
/** How long a platform may take over a report before the import gives up. */
const REPORT_TIMEOUT_MS = 60 * 60_000;

/**
 * Asks the shop's platform for its orders report of a window (Amazon's All Orders report through
 * the Reports API) and imports it once it is made and fetched, in the background: the import is
 * `fetching` until the file is here, then runs like an uploaded one.
 */
export async function requestPlatformImport(
  deps: AppDeps,
  actor: Actor,
  input: { shopId: string; from: Date; to: Date },
) {
  const [shop] = await deps.db.select().from(shops).where(eq(shops.id, input.shopId));
  if (!shop) throw new DomainError('UNKNOWN_SHOP', 'There is no such shop');
  const connector = connectorFor(deps, await shopCredentialsFor(deps, shop.id), {
    marketplace: shop.marketplace,
  });
  if (!connector.ordersReport) {
    throw new DomainError(
      'CONNECTOR_UNAVAILABLE',
      'This platform has no orders report to fetch; upload its file',
      {
        platform: shop.platform,
      },
    );
  }
  const now = deps.clock.now();
  // A report cannot hold what has not happened yet.
  const window = { from: input.from, to: input.to > now ? now : input.to };
  if (window.to <= window.from) {
    throw new DomainError('VALIDATION_FAILED', 'The window must start in the past', { field: 'from' });
  }
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const row = await deps.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(channelImports)
      .values({
        shopId: shop.id,
        format: 'amazon_all_orders',
        source: 'platform',
        fileName: `${shop.name}: All Orders ${day(window.from)} – ${day(window.to)}`.slice(0, 255),
        status: 'fetching',
        startedAt: now,
        heartbeatAt: now,
        createdBy: actor.id,
        createdAt: now,
      })
      .returning();
    await writeAudit(tx, actor, {
      action: 'channel.import_requested',
      entityType: 'shop',
      entityId: shop.id,
      before: null,
      after: { importId: created!.id, from: window.from.toISOString(), to: window.to.toISOString() },
    });
    return created!;
  });
  await deps.jobs.enqueue(
    'channels.report',
    { importId: row.id, from: window.from.toISOString(), to: window.to.toISOString() },
    { id: `report-${row.id}` },
  );
  return importView(row);
}

/**
 * The job behind a platform import: asks for the report once, asks after it every few seconds
 * (a job again each time, so no worker waits on the platform), then fetches the document into
 * blob storage and starts the import. Returns what it did.
 */
export async function fetchPlatformReport(
  deps: AppDeps,
  data: { importId: string; from: string; to: string },
  options: { connector?: MarketplaceConnector } = {},
): Promise<'asked' | 'waiting' | 'started' | 'failed' | null> {
  const [job] = await deps.db
    .select()
    .from(channelImports)
    .where(and(eq(channelImports.id, data.importId), eq(channelImports.status, 'fetching')));
  if (!job) return null;
  const fail = async (error: string) => {
    await deps.db
      .update(channelImports)
      .set({ status: 'failed', error: error.slice(0, 500), finishedAt: deps.clock.now() })
      .where(and(eq(channelImports.id, job.id), eq(channelImports.status, 'fetching')));
    return 'failed' as const;
  };
  const again = () =>
    deps.jobs.enqueue('channels.report', data, {
      id: `report-${job.id}-${deps.clock.now().getTime()}`,
      delayMs: REPORT_POLL_MS,
    });
  const [shop] = await deps.db.select().from(shops).where(eq(shops.id, job.shopId));
  if (!shop) return fail('The shop was removed');
  try {
    const connector =
      options.connector ??
      connectorFor(deps, await shopCredentialsFor(deps, shop.id), { marketplace: shop.marketplace });
    const report = connector.ordersReport;
    if (!report) return fail('This platform has no orders report to fetch');
    if (!job.platformReportId) {
      const reportId = await report.request({ from: new Date(data.from), to: new Date(data.to) });
      await deps.db
        .update(channelImports)
        .set({ platformReportId: reportId, heartbeatAt: deps.clock.now() })
        .where(eq(channelImports.id, job.id));
      await again();
      return 'asked';
    }
    const state = await report.check(job.platformReportId);
    if (state.state === 'failed') return fail(state.detail);
    if (state.state === 'pending') {
      if (deps.clock.now().getTime() - job.createdAt.getTime() > REPORT_TIMEOUT_MS) {
        return fail('The platform took over an hour to make the report; ask for it again');
      }
      await deps.db
        .update(channelImports)
        .set({ heartbeatAt: deps.clock.now() })
        .where(eq(channelImports.id, job.id));
      await again();
      return 'waiting';
    }
    return (await startFetched(deps, shop, job.id, await report.download(state.documentId)))
      ? 'started'
      : null;
  } catch (error) {
    if (
      error instanceof ConnectorError &&
      (error.problem === 'throttled' || error.problem === 'unavailable')
    ) {
      // The platform asks us to slow down or is unwell: ask again later, within the hour.
      if (deps.clock.now().getTime() - job.createdAt.getTime() <= REPORT_TIMEOUT_MS) {
        await deps.jobs.enqueue('channels.report', data, {
          id: `report-${job.id}-${deps.clock.now().getTime()}`,
          delayMs: Math.max(error.retryAfterMs ?? 0, REPORT_POLL_MS),
        });
        return 'waiting';
      }
    }
    deps.logger.warn({ err: error, importId: job.id }, 'platform report failed');
    return fail(error instanceof Error ? error.message : String(error));
  }
}

/**
 * A platform's document, fetched for an import that was waiting for it: stored and recognised
 * as an upload is, then the import runs. False if the import was no longer waiting.
 */
async function startFetched(
  deps: AppDeps,
  shop: typeof shops.$inferSelect,
  importId: string,
  document: Readable,
) {
  const { file } = await receiveFile(deps, shop, `imports/${importId}.txt`, document);
  const now = deps.clock.now();
  // Running, not yet taken by a worker (heartbeat = start), as a started upload is.
  const [running] = await deps.db
    .update(channelImports)
    .set({ ...file, status: 'running', startedAt: now, heartbeatAt: now })
    .where(and(eq(channelImports.id, importId), eq(channelImports.status, 'fetching')))
    .returning();
  if (!running) {
    await deps.blobs.delete([file.blobKey]);
    return false;
  }
  await deps.jobs.enqueue('channels.import', { importId }, { id: `import-${importId}` });
  return true;
}

/** How far back a shop's settlements are first looked for. */
const SETTLEMENTS_LOOKBACK_MS = 90 * 86_400_000;

/**
 * Imports the settlements each active Amazon shop's platform has made that are not imported yet
 * (Amazon makes one every 14 days by itself): each becomes a platform import, fetched and run
 * as an uploaded settlement report is. Returns how many started.
 */
export async function fetchSettlements(
  deps: AppDeps,
  options: { connector?: MarketplaceConnector } = {},
): Promise<number> {
  const amazon = await deps.db
    .select()
    .from(shops)
    .where(and(eq(shops.status, 'active'), eq(shops.platform, 'amazon')));
  let started = 0;
  for (const shop of amazon) {
    try {
      const connector =
        options.connector ??
        connectorFor(deps, await shopCredentialsFor(deps, shop.id), { marketplace: shop.marketplace });
      if (!connector.settlements || !connector.ordersReport) continue;
      const now = deps.clock.now();
      for (const settlement of await connector.settlements(
        new Date(now.getTime() - SETTLEMENTS_LOOKBACK_MS),
      )) {
        const day = (d: Date) => d.toISOString().slice(0, 10);
        const [job] = await deps.db
          .insert(channelImports)
          .values({
            shopId: shop.id,
            format: 'amazon_settlement_v2',
            source: 'platform',
            platformReportId: settlement.reportId,
            fileName: `${shop.name}: settlement ${day(settlement.from)} – ${day(settlement.to)}`.slice(
              0,
              255,
            ),
            status: 'fetching',
            startedAt: now,
            heartbeatAt: now,
            createdAt: now,
          })
          // Imported already (or being fetched by another round).
          .onConflictDoNothing()
          .returning();
        if (!job) continue;
        try {
          if (
            await startFetched(
              deps,
              shop,
              job.id,
              await connector.ordersReport.download(settlement.documentId),
            )
          )
            started++;
        } catch (error) {
          // Not fetched: the next round asks again.
          await deps.db.delete(channelImports).where(eq(channelImports.id, job.id));
          throw error;
        }
      }
    } catch (error) {
      deps.logger.warn({ err: error, shopId: shop.id }, 'settlements could not be fetched');
    }
  }
  return started;
}

/** Starts a previewed import: the job that works it. */
export async function startImport(deps: AppDeps, actor: Actor, importId: string) {
  const now = deps.clock.now();
  const row = await deps.db.transaction(async (tx) => {
    const [started] = await tx
      .update(channelImports)
      .set({ status: 'running', startedAt: now, heartbeatAt: now })
      .where(and(eq(channelImports.id, importId), eq(channelImports.status, 'ready')))
      .returning();
    if (!started) {
      const [exists] = await tx
        .select({ id: channelImports.id })
        .from(channelImports)
        .where(eq(channelImports.id, importId));
      if (!exists) throw new DomainError('UNKNOWN_IMPORT', 'There is no such import');
      throw new DomainError('IMPORT_NOT_READY', 'This import has already been started');
    }
    await writeAudit(tx, actor, {
      action: 'channel.import_started',
      entityType: 'shop',
      entityId: started.shopId,
      before: null,
      after: { importId, fileName: started.fileName },
    });
    return started;
  });
  await deps.jobs.enqueue('channels.import', { importId }, { id: `import-${importId}` });
  return importView(row);
}

/** Counts of a batch of the file's items (orders, transactions) taken in. */
const emptyTally = (): Tally => ({
  itemsNew: 0,
  itemsUpdated: 0,
  itemsUnchanged: 0,
  itemsWaiting: 0,
  itemsSkipped: 0,
});
interface Tally {
  itemsNew: number;
  itemsUpdated: number;
  itemsUnchanged: number;
  itemsWaiting: number;
  itemsSkipped: number;
}

/**
 * Works a started import to its end. Safe to call twice for one import (a job delivered again):
 * only one worker takes it; one whose worker died is taken over after 3 minutes and read again
 * from the start (what it took in is unchanged by then).
 */
export async function runImport(
  deps: AppDeps,
  importId: string,
): Promise<ReturnType<typeof importView> | null> {
  const claimedAt = deps.clock.now();
  const [job] = await deps.db
    .update(channelImports)
    .set({ heartbeatAt: claimedAt })
    .where(
      and(
        eq(channelImports.id, importId),
        eq(channelImports.status, 'running'),
        or(
          eq(channelImports.heartbeatAt, channelImports.startedAt),
          lt(channelImports.heartbeatAt, new Date(claimedAt.getTime() - IMPORT_STALE_MS)),
        ),
      ),
    )
    .returning();
  if (!job) return null;
  const { blobKey, delimiter, headerRow, fileBytes } = job;
  const finish = async (fields: Partial<ImportRow>) => {
    const at = deps.clock.now();
    if (blobKey) await deps.blobs.delete([blobKey]).catch(() => {});
    const [done] = await deps.db
      .update(channelImports)
      .set({ ...fields, finishedAt: at, heartbeatAt: at })
      .where(eq(channelImports.id, importId))
      .returning();
    return done ? importView(done) : null;
  };
  try {
    const [shopRow] = await deps.db.select().from(shops).where(eq(shops.id, job.shopId));
    if (!shopRow) return finish({ status: 'failed', error: 'The shop was removed' });
    const shop = ingestShopOf(shopRow);
    // A running import's file is here (channel_imports_file_check).
    if (!blobKey || !delimiter || headerRow === null || fileBytes === null) {
      return finish({ status: 'failed', error: 'The import has no file' });
    }
    const source = await deps.blobs.getStream(blobKey);
    if (!source) return finish({ status: 'failed', error: 'The uploaded file is gone; upload it again' });
    // Counted as read, for the progress bar.
    let bytesRead = 0;
    const counted = source.pipe(
      new PassThrough({
        transform(chunk: Buffer, _encoding, done) {
          bytesRead += chunk.length;
          done(null, chunk);
        },
      }),
    );
    const now = deps.clock.now();
    if (!isReadableFormat(job.format))
      return finish({ status: 'failed', error: 'Crossdock cannot import this kind of file' });
    const reader = fileReaders[job.format];
    const assembler = reader.assembler({
      pricesIncludeTax: pricesIncludeTax(shopRow.platform as Platform, shopRow.marketplace),
      currency: shopRow.currency,
    });
    // The file's SKUs' links, read once for the whole import.
    const linked = new Map<string, ListingComponents>();
    // The store's currencies, for a products file's drift from our prices.
    const pricing = reader.kind === 'listings' ? await loadPricing(deps.db) : null;
    let header: OrderFileHeader | null = null;
    let rowsRead = 0;
    let rowsFailed = 0;
    let storedErrors = 0;
    const tally: Tally = emptyTally();
    let items: unknown[] = [];
    let errors: {
      row: number;
      column: string | null;
      messageKey: string;
      messageValues: Record<string, string | number> | null;
    }[] = [];
    const fail = (row: number, problem: RowProblem) => {
      errors.push({
        row,
        column: problem.column,
        messageKey: problem.key,
        messageValues: problem.values ?? null,
      });
    };
    const take = (completed: Assembled<unknown>) => {
      if (!completed) return;
      if ('item' in completed) {
        // A settlement's rows of no order (the account's fees) come to nothing to take.
        if (completed.item !== null) items.push(completed.item);
      } else {
        tally.itemsSkipped++;
        for (const row of completed.skipped.rows) {
          rowsFailed++;
          fail(row, {
            column: null,
            key: 'import.orderHasBadRow',
            values: { row: completed.skipped.badRow },
          });
        }
      }
    };
    // The file is read on while batches before are written, two at a time (Postgres has cores
    // of its own); the end waits for both.
    const writing: Promise<void>[] = [];
    const flush = async () => {
      const batch = items;
      const keep = errors.slice(0, Math.max(0, MAX_STORED_ERRORS - storedErrors));
      const progress = { bytesRead, rowsRead, rowsFailed };
      items = [];
      errors = [];
      storedErrors += keep.length;
      if (writing.length >= WRITERS) await writing.shift();
      const write = (async () => {
        const taken =
          reader.kind === 'orders'
            ? await takeOrders(deps, shop, batch as ChannelOrder[], linked)
            : reader.kind === 'fees'
              ? await deps.db.transaction((tx) =>
                  takeSettlementFees(tx, shop.id, batch as SettlementFees[], deps.clock.now()),
                )
              : await deps.db.transaction(async (tx) =>
                  keepListings(
                    tx,
                    shopRow,
                    (batch as FileListing[][]).flat().map((l) => ({ ...l, externalId: null })),
                    pricing!,
                    deps.clock.now(),
                  ),
                );
        for (const [k, n] of Object.entries(taken) as [keyof Tally, number][]) tally[k] += n;
        await deps.db.transaction(async (tx) => {
          if (keep.length) await tx.insert(channelImportErrors).values(keep.map((e) => ({ importId, ...e })));
          await tx
            .update(channelImports)
            .set({ ...progress, ...tally, heartbeatAt: deps.clock.now() })
            .where(eq(channelImports.id, importId));
        });
      })();
      // Not left unhandled while the file is read on; a later flush (or the end) awaits it.
      write.catch(() => {});
      writing.push(write);
    };
    // Read again from the start (a takeover): the errors of the first reading go.
    await deps.db.delete(channelImportErrors).where(eq(channelImportErrors.importId, importId));
    for await (const record of recordsOf(counted, delimiter)) {
      if (record.row < headerRow) continue;
      if (record.row === headerRow) {
        const columns = reader.readHeader(record.values);
        if ('missing' in columns)
          return finish({ status: 'failed', error: `The file lacks ${columns.missing.join(', ')}` });
        header = columns.header;
        continue;
      }
      if (!header || header.isFiller?.(record)) continue;
      rowsRead++;
      const read = header.readRow(record, {
        shopCurrency: shopRow.currency,
        shopTimeZone: shopRow.timeZone,
        now,
      });
      if ('problems' in read) {
        rowsFailed++;
        for (const problem of read.problems) fail(record.row, problem);
        const orderId = header.orderIdOf(record);
        if (orderId) take(assembler.reject(orderId, record.row));
        continue;
      }
      const added = assembler.add(read.row);
      if ('problem' in added) {
        rowsFailed++;
        fail(record.row, added.problem);
        continue;
      }
      take(added.completed);
      if (items.length >= BATCH_ITEMS) await flush();
    }
    take(assembler.end());
    await flush();
    await Promise.all(writing);
    bytesRead = fileBytes;
    return finish({ status: 'succeeded', bytesRead, rowsRead, rowsFailed, ...tally });
  } catch (error) {
    deps.logger.warn({ err: error, importId }, 'import failed');
    const text =
      error instanceof DomainError
        ? error.message
        : `The import stopped: ${(error as Error).message}`.slice(0, 500);
    return finish({ status: 'failed', error: text });
  }
}

/** Takes a batch of the file's orders in, and counts what became of them. */
async function takeOrders(
  deps: AppDeps,
  shop: ReturnType<typeof ingestShopOf>,
  batch: ChannelOrder[],
  linked: Map<string, ListingComponents>,
): Promise<Omit<Tally, 'itemsSkipped'>> {
  const tally: Tally = emptyTally();
  for (const taken of await ingestMany(deps, shop, batch, linked)) {
    if (taken.seen === 'new') tally.itemsNew++;
    else if (taken.seen === 'updated') tally.itemsUpdated++;
    else tally.itemsUnchanged++;
    if (taken.seen !== 'unchanged' && taken.waiting) tally.itemsWaiting++;
  }
  return tally;
}

export async function getImport(db: Executor, id: string) {
  const [row] = await db.select().from(channelImports).where(eq(channelImports.id, id));
  if (!row) throw new DomainError('UNKNOWN_IMPORT', 'There is no such import');
  return importView(row);
}

/** A shop's imports (or every shop's), newest first. */
export async function listImports(db: Executor, input: { shopId?: string; limit: number; cursor?: string }) {
  const rows = await db
    .select()
    .from(channelImports)
    .where(
      and(
        input.shopId ? eq(channelImports.shopId, input.shopId) : undefined,
        afterCursor(input.cursor, channelImports.createdAt, channelImports.id, 'desc'),
      ),
    )
    .orderBy(desc(channelImports.createdAt), desc(channelImports.id))
    .limit(input.limit + 1);
  const page = toPage(rows.map(importView), input.limit);
  return page;
}

/** An import's error report, by row, in the reader's language. */
export async function listImportErrors(
  db: Executor,
  input: { importId: string; limit: number; afterRow?: number },
  locale: Locale,
) {
  await getImport(db, input.importId);
  const rows = await db
    .select()
    .from(channelImportErrors)
    .where(
      and(
        eq(channelImportErrors.importId, input.importId),
        input.afterRow !== undefined ? gt(channelImportErrors.row, input.afterRow) : undefined,
      ),
    )
    .orderBy(asc(channelImportErrors.row))
    .limit(input.limit + 1);
  // A row's problems stay on one page: the page ends at a row boundary.
  let items = rows.slice(0, input.limit);
  const more = rows.length > input.limit;
  if (more) {
    const lastRow = items.at(-1)!.row;
    const whole = items.filter((e) => e.row !== lastRow);
    if (whole.length) items = whole;
  }
  return {
    items: items.map((e) => ({
      row: e.row,
      column: e.column,
      message: words({ key: e.messageKey, values: e.messageValues }, locale),
    })),
    nextAfterRow: more ? items.at(-1)!.row : null,
  };
}

/** Uploads previewed but never started are dropped after this long, their files with them. */
export const READY_IMPORT_TTL_MS = 24 * 3_600_000;

/**
 * Drops uploads that were checked but never imported, and fails platform reports whose job went
 * missing (nothing asked after them for well over the hour they may take). Returns how many.
 */
export async function sweepAbandonedImports(deps: AppDeps): Promise<number> {
  const now = deps.clock.now();
  const lost = await deps.db
    .update(channelImports)
    .set({
      status: 'failed',
      error: 'The platform report was not fetched in time; ask for it again',
      finishedAt: now,
    })
    .where(
      and(
        eq(channelImports.status, 'fetching'),
        lt(channelImports.heartbeatAt, new Date(now.getTime() - 2 * REPORT_TIMEOUT_MS)),
      ),
    )
    .returning({ id: channelImports.id });
  const before = new Date(now.getTime() - READY_IMPORT_TTL_MS);
  const dropped = await deps.db
    .delete(channelImports)
    .where(and(eq(channelImports.status, 'ready'), lt(channelImports.createdAt, before)))
    .returning({ blobKey: channelImports.blobKey });
  const keys = dropped.flatMap((d) => (d.blobKey ? [d.blobKey] : []));
  if (keys.length) await deps.blobs.delete(keys);
  return dropped.length + lost.length;
}
