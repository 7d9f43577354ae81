/**
 * The two ways every format is read — `from*` on in-memory text and `load*` on files — sharing one record
 * handler per format, so both give identical results on the same bytes.
 *
 * @module
 */
import { DataValidationError, OptionsError } from '../../errors.js';
import type { Currency } from '../../model/currency.js';
import type { LoadResult } from '../../model/load-result.js';
import type { CsvRecordOptions, LoadOptions, ProvenanceOverrides, SourceOptions } from '../options.js';
import { type Collector, combineResults, createCollector, finishCollector, rejectRow } from './collector.js';
import { type CsvItem, checkMaxRecordBytes, csvItemsFromChunks, csvItemsFromText } from './csv-records.js';
import { resolveDecompressionLimits } from './decompression.js';
import { buildProvenance, type ProvenanceDefaults, sha256Hex, sourceId } from './provenance.js';
import { fileSizes, pathList, progressTracker, readFileText } from './read-file.js';
import { cleanField } from './text.js';

/** What a format handler sees of the input it is reading. */
export interface InputContext<C extends Currency> {
  /** The accumulator (its `file` is the input label). */
  readonly out: Collector<C>;
  /** The provenance id observations must carry in `source`. */
  readonly source: string;
}

/** Handles the data records of one CSV input. */
export interface CsvHandler {
  /** Handle one data record: keep it, reject it, or hold it for `finish`. Fields are trimmed. */
  readonly row: (fields: readonly string[], line: number, raw: string) => void;
  /**
   * Pre-selection (a caller's filter): a record for which this returns `false` is skipped before it is counted
   * as read. The handler reports how many it skipped through `found().notes`.
   */
  readonly accept?: (fields: readonly string[]) => boolean;
  /** Called after the last record (resolve held records here). */
  readonly finish?: () => void;
  /** Provenance values found in the data (dataset code, vintage, notes). */
  readonly found?: () => ProvenanceOverrides;
}

/**
 * A CSV format: given the header, returns the record handler.
 *
 * @throws {DataValidationError} when the header lacks a required column
 */
export type CsvFormat<C extends Currency> = (
  header: readonly string[],
  headerLine: number,
  ctx: InputContext<C>,
) => CsvHandler;

/** Decode bytes as UTF-8 (keeping a BOM for the parser to strip), or pass text through. */
export function inputText(input: string | Uint8Array): string {
  if (typeof input === 'string') return input;
  if (!(input instanceof Uint8Array)) {
    throw new OptionsError(`parsers require text or bytes (a string or Uint8Array), got ${typeof input}`);
  }
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(input);
}

/** SHA-256 of the input's bytes (UTF-8 for text). */
export function inputSha256(input: string | Uint8Array): string {
  return sha256Hex(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
}

/** Feeds records to a format, tracking the header, blank records and repeated header lines. */
function csvRecordSink<C extends Currency>(
  format: CsvFormat<C>,
  ctx: InputContext<C>,
  delimiter: string,
  maxRecordBytes: number,
  onRow: () => void,
) {
  let header: string[] | undefined;
  let headerKey = '';
  let headerFirst = '';
  let handler: CsvHandler | undefined;
  return {
    push(record: CsvItem): void {
      if (record.tooLong === true) {
        const reason = `record-too-long: ${record.bytes} bytes, over maxRecordBytes (${maxRecordBytes})`;
        if (handler === undefined) {
          throw new DataValidationError(`header ${reason}`, { file: ctx.out.file, line: record.line }, [
            { code: 'record_too_long', path: [], message: reason },
          ]);
        }
        // Counted and rejected like any other record; reading goes on after it.
        onRow();
        ctx.out.rowsRead++;
        rejectRow(ctx.out, record.line, undefined, reason, record.head);
        return;
      }
      const fields = record.fields.map(cleanField);
      // A line whose fields are all blank (`,,,`, whitespace) is not a record, like an empty line.
      if (fields.every((f) => f === '')) return;
      if (handler === undefined) {
        header = fields;
        headerKey = fields.join('\u0000').toUpperCase();
        headerFirst = (fields[0] ?? '').toUpperCase();
        handler = format(fields, record.line, ctx);
        return;
      }
      onRow();
      const raw = record.fields.join(delimiter);
      if (
        (fields[0] ?? '').toUpperCase() === headerFirst &&
        fields.join('\u0000').toUpperCase() === headerKey
      ) {
        ctx.out.rowsRead++;
        rejectRow(ctx.out, record.line, undefined, 'repeated header line', raw);
        return;
      }
      const width = header?.length ?? 0;
      if (fields.length < width || fields.slice(width).some((f) => f !== '')) {
        ctx.out.rowsRead++;
        rejectRow(ctx.out, record.line, undefined, `expected ${width} fields, found ${fields.length}`, raw);
        return;
      }
      if (handler.accept !== undefined && !handler.accept(fields)) return;
      ctx.out.rowsRead++;
      handler.row(fields.length > width ? fields.slice(0, width) : fields, record.line, raw);
    },
    finish(): ProvenanceOverrides {
      if (handler === undefined || header === undefined) {
        throw new DataValidationError('empty input: no header line', { file: ctx.out.file, line: 1 }, [
          { code: 'missing_header', path: [], message: 'no header line' },
        ]);
      }
      handler.finish?.();
      return handler.found?.() ?? {};
    },
  };
}

/**
 * Run a CSV format over text inside another format (e.g. a format that accepts both JSON and CSV).
 *
 * @returns the provenance values the format found
 */
export function runCsvText<C extends Currency>(
  text: string,
  delimiter: string,
  ctx: InputContext<C>,
  format: CsvFormat<C>,
  maxRecordBytes?: number,
): ProvenanceOverrides {
  const max = checkMaxRecordBytes(maxRecordBytes);
  const sink = csvRecordSink(format, ctx, delimiter, max, () => {});
  const file = ctx.out.file;
  for (const r of csvItemsFromText(text, { file, delimiter, maxRecordBytes: max })) sink.push(r);
  return sink.finish();
}

/** Read CSV text with a format. */
export function parseCsvInput<C extends Currency>(
  input: string | Uint8Array,
  options: SourceOptions & CsvRecordOptions,
  defaults: ProvenanceDefaults,
  delimiter: string,
  format: CsvFormat<C>,
): LoadResult<C> {
  const file = options.file ?? '<string>';
  const ctx: InputContext<C> = {
    out: createCollector<C>(file),
    source: sourceId(defaults, options, file, false),
  };
  const max = checkMaxRecordBytes(options.maxRecordBytes);
  const sink = csvRecordSink(format, ctx, delimiter, max, () => {});
  for (const r of csvItemsFromText(inputText(input), { file, delimiter, maxRecordBytes: max })) sink.push(r);
  const found = sink.finish();
  return finishCollector(
    ctx.out,
    buildProvenance(defaults, options, ctx.source, file, inputSha256(input), found),
  );
}

/** Read CSV files with a format, streaming. */
export async function loadCsvInputs<C extends Currency>(
  pathOrPaths: string | readonly string[],
  options: SourceOptions & CsvRecordOptions & LoadOptions,
  defaults: ProvenanceDefaults,
  delimiter: string,
  format: CsvFormat<C>,
  fn: string,
): Promise<LoadResult<C>> {
  const max = checkMaxRecordBytes(options.maxRecordBytes);
  const paths = pathList(pathOrPaths, fn);
  resolveDecompressionLimits(options, fn);
  const progress = progressTracker(await fileSizes(paths), options.onProgress);
  const results: LoadResult<C>[] = [];
  for (const path of paths) {
    const ctx: InputContext<C> = {
      out: createCollector<C>(path),
      source: sourceId(defaults, options, path, paths.length > 1),
    };
    const sink = csvRecordSink(format, ctx, delimiter, max, () => progress.row());
    // The consumer's own error is the one to report: once it throws, the stream pipeline stops the stages
    // before it and may settle with their AbortError instead (a bare error, issue 12).
    const read = await readFileText(
      path,
      (b) => progress.fileBytes(b),
      (text) => csvItemsFromChunks(text, { file: path, delimiter, maxRecordBytes: max }, (r) => sink.push(r)),
      { limits: options, fn },
    );
    const found = sink.finish();
    results.push(
      finishCollector(ctx.out, buildProvenance(defaults, options, ctx.source, path, read.sha256, found)),
    );
    progress.nextFile();
  }
  progress.done();
  return combineResults(results);
}

/** A JSON format: reads the parsed document into the collector and returns provenance values found in it. */
export type JsonFormat<C extends Currency> = (document: unknown, ctx: InputContext<C>) => ProvenanceOverrides;

/** A text format that is not CSV-row-based (JSON, or one that sniffs its own layout). */
export type TextFormat<C extends Currency> = (text: string, ctx: InputContext<C>) => ProvenanceOverrides;

/** Read a whole-text input with a format. */
export function parseTextInput<C extends Currency>(
  input: string | Uint8Array,
  options: SourceOptions,
  defaults: ProvenanceDefaults,
  format: TextFormat<C>,
): LoadResult<C> {
  const file = options.file ?? '<string>';
  const ctx: InputContext<C> = {
    out: createCollector<C>(file),
    source: sourceId(defaults, options, file, false),
  };
  const found = format(inputText(input), ctx);
  return finishCollector(
    ctx.out,
    buildProvenance(defaults, options, ctx.source, file, inputSha256(input), found),
  );
}

/** Read whole-text files with a format (the text is streamed in for progress, then parsed). */
export async function loadTextInputs<C extends Currency>(
  pathOrPaths: string | readonly string[],
  options: SourceOptions & LoadOptions,
  defaults: ProvenanceDefaults,
  format: TextFormat<C>,
  fn: string,
): Promise<LoadResult<C>> {
  const paths = pathList(pathOrPaths, fn);
  resolveDecompressionLimits(options, fn);
  const progress = progressTracker(await fileSizes(paths), options.onProgress);
  const results: LoadResult<C>[] = [];
  for (const path of paths) {
    const ctx: InputContext<C> = {
      out: createCollector<C>(path),
      source: sourceId(defaults, options, path, paths.length > 1),
    };
    const parts: string[] = [];
    const read = await readFileText(
      path,
      (b) => progress.fileBytes(b),
      async (text) => {
        for await (const t of text) parts.push(t);
      },
      { limits: options, whole: true, fn },
    );
    const before = ctx.out.rowsRead;
    const found = format(parts.join(''), ctx);
    for (let i = before; i < ctx.out.rowsRead; i++) progress.row();
    results.push(
      finishCollector(ctx.out, buildProvenance(defaults, options, ctx.source, path, read.sha256, found)),
    );
    progress.nextFile();
  }
  progress.done();
  return combineResults(results);
}
