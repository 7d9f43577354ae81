/**
 * CSV records with the physical line each starts on, from a string (sync) or a stream of text chunks, both
 * through csv-parse with the same options so `from*` and `load*` see identical records.
 *
 * Line endings are normalised to `\n` before parsing because csv-parse miscounts lines when a quoted field
 * contains `\r\n`; the start line of a record is then its end line minus the newlines inside its fields.
 *
 * @module
 */
import { pipeline } from 'node:stream/promises';
import { type CsvError, type Options, parse as parseStream } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { DataValidationError } from '../../errors.js';
import { normaliseNewlines } from './text.js';

/** One CSV record: raw fields and the 1-based physical line it starts on. */
export interface CsvRecord {
  readonly fields: readonly string[];
  readonly line: number;
}

/** Longest record accepted (characters); a longer one is almost always an unclosed quote. */
const MAX_RECORD_CHARS = 4 * 1024 * 1024;

interface ParsedRow {
  readonly record: string[];
  /** The line the record ends on. */
  readonly lines: number;
}

function parserOptions(delimiter: string, onLine: (line: number) => void): Options {
  return {
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
    // The live context is read here instead of `info: true`, which copies it for every record (3× slower).
    on_record: (record: string[], context: { lines: number }): ParsedRow => {
      onLine(context.lines);
      return { record, lines: context.lines };
    },
  } as unknown as Options;
}

function startLine(row: ParsedRow): number {
  let inner = 0;
  for (const f of row.record) for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) inner++;
  return row.lines - inner;
}

function isCsvError(e: unknown): e is CsvError {
  const code = e instanceof Error ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' && (code.startsWith('CSV_') || code === 'INVALID_OPENING_QUOTE');
}

function toValidationError(e: unknown, file: string, lastLine: number): unknown {
  if (!isCsvError(e)) return e;
  const why =
    e.code === 'CSV_QUOTE_NOT_CLOSED' || e.code === 'CSV_MAX_RECORD_SIZE'
      ? 'a quoted field is never closed'
      : e.message;
  return new DataValidationError(
    `malformed CSV: ${why}`,
    { file, line: lastLine + 1 },
    [{ code: 'malformed_csv', path: [], message: e.message }],
    { cause: e },
  );
}

/**
 * Parse CSV text into records.
 *
 * @throws {DataValidationError} on a quote that is never closed (naming the line after the last good record)
 */
export function csvRecordsFromText(text: string, delimiter: string, file: string): CsvRecord[] {
  let lastLine = 0;
  let rows: ParsedRow[];
  try {
    rows = parseSync(
      normaliseNewlines(text),
      parserOptions(delimiter, (l) => {
        lastLine = l;
      }),
    ) as unknown as ParsedRow[];
  } catch (e) {
    throw toValidationError(e, file, lastLine);
  }
  return rows.map((r) => ({ fields: r.record, line: startLine(r) }));
}

/**
 * Stream CSV records from text chunks (already decoded; line endings may be CRLF) into `onRecord`.
 *
 * @throws {DataValidationError} as {@link csvRecordsFromText}
 */
export async function csvRecordsFromChunks(
  chunks: AsyncIterable<string>,
  delimiter: string,
  file: string,
  onRecord: (record: CsvRecord) => void,
): Promise<void> {
  let lastLine = 0;
  const parser = parseStream(
    parserOptions(delimiter, (l) => {
      lastLine = l;
    }),
  );
  try {
    await pipeline(normaliseChunks(chunks), parser, async (rows: AsyncIterable<ParsedRow>) => {
      for await (const r of rows) onRecord({ fields: r.record, line: startLine(r) });
    });
  } catch (e) {
    throw toValidationError(e, file, lastLine);
  }
}

/** Normalise CRLF / CR to LF across chunk boundaries. */
export async function* normaliseChunks(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let pendingCr = false;
  for await (const chunk of chunks) {
    let text: string = pendingCr ? `\r${chunk}` : chunk;
    pendingCr = text.endsWith('\r');
    if (pendingCr) text = text.slice(0, -1);
    if (text.length > 0) yield normaliseNewlines(text);
  }
  if (pendingCr) yield '\n';
}
