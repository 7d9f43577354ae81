/**
 * Our CSV tokenizer: text chunks in, records out, each with the physical line it starts on. `from*` (one string)
 * and `load*` (a stream of decoded chunks) both push text through the same state machine, so they see identical
 * records by construction, however the text is split.
 *
 * The dialect (RFC 4180, read leniently where that is safe):
 * - a record ends at `\r\n`, `\n` or a lone `\r` outside quotes (mixed in one file is fine); each of these is one
 *   physical line; a line with no characters at all is not a record;
 * - a field that starts with `"` is quoted: it may hold the delimiter, line breaks (read as `\n`) and doubled
 *   quotes `""` (read as one `"`), and its closing quote must be followed by the delimiter, a line break or the
 *   end of the input; anything else after it is malformed (a {@link DataValidationError});
 * - a `"` inside an unquoted field is an ordinary character (`5" disk` stays as written);
 * - a byte-order mark at the very start of the input is dropped (the loaders remove stray ones inside fields);
 * - a quote still open at the end of the input is a {@link DataValidationError} naming the line it opened on;
 * - a record longer than `maxRecordBytes` (UTF-8 bytes of the decoded text, line breaks inside it included, the
 *   terminating one not) is not kept in memory: it comes out as a {@link CsvOverlongRecord} (line, size, its first
 *   characters) and reading goes on after it.
 *
 * @module
 */
import { DataValidationError, OptionsError } from '../../errors.js';

/** One CSV record: raw fields and the 1-based physical line it starts on. */
export interface CsvRecord {
  readonly fields: readonly string[];
  readonly line: number;
  readonly tooLong?: undefined;
}

/** A record longer than the limit: not parsed into fields, only located and measured. */
export interface CsvOverlongRecord {
  readonly tooLong: true;
  /** 1-based physical line the record starts on. */
  readonly line: number;
  /** Its size in UTF-8 bytes (without the terminating line break). */
  readonly bytes: number;
  /** Its first characters as written (at most 240), for a human to recognise it. */
  readonly head: string;
}

/** What the tokenizer emits. */
export type CsvItem = CsvRecord | CsvOverlongRecord;

/** Default longest record (UTF-8 bytes): 4 MiB. */
export const DEFAULT_MAX_RECORD_BYTES = 4 * 1024 * 1024;

/** Options of the tokenizer. */
export interface CsvTokenizerOptions {
  /** Input label for errors. */
  readonly file: string;
  /** One-character field delimiter (default `,`). */
  readonly delimiter?: string;
  /** Longest record in UTF-8 bytes (default {@link DEFAULT_MAX_RECORD_BYTES}). */
  readonly maxRecordBytes?: number;
}

/** A streaming tokenizer: `push` text chunks in order, then `end`. */
export interface CsvTokenizer {
  /**
   * Tokenize the next chunk; complete records go to the callback.
   *
   * @throws {DataValidationError} on a closing quote followed by something other than a delimiter or line break
   */
  push(chunk: string): void;
  /**
   * Finish the input: the last record (without a line break) goes to the callback.
   *
   * @throws {DataValidationError} when a quoted field is never closed
   */
  end(): void;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const BOM = 0xfeff;
const HEAD_CHARS = 240;

// States of the machine.
/** Before the first character of a field. */
const FIELD_START = 0;
/** Inside an unquoted field. */
const UNQUOTED = 1;
/** Inside a quoted field. */
const QUOTED = 2;
/** Just after a quote inside a quoted field (closing, or the first of a doubled pair). */
const QUOTE_IN_QUOTED = 3;

/**
 * Check a `maxRecordBytes` option.
 *
 * @throws {OptionsError} unless it is a positive safe integer
 */
export function checkMaxRecordBytes(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_RECORD_BYTES;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new OptionsError(
      `CSV readers require maxRecordBytes to be a positive integer, got ${String(value)}`,
    );
  }
  return value;
}

/** Extra UTF-8 bytes of a UTF-16 code unit beyond its one character (a surrogate pair is 4 bytes in all). */
function extraBytes(c: number): number {
  if (c < 0x800) return 1;
  if (c >= 0xd800 && c <= 0xdfff) return 1;
  return 2;
}

/**
 * A CSV tokenizer sending every record (or over-long record) to `onItem` as soon as it is complete.
 *
 * @throws {OptionsError} if the delimiter is not one character other than a quote or line break, or
 *   `maxRecordBytes` is not a positive integer
 */
export function createCsvTokenizer(
  options: CsvTokenizerOptions,
  onItem: (item: CsvItem) => void,
): CsvTokenizer {
  const file = options.file;
  const delimiterText = options.delimiter ?? ',';
  if (
    delimiterText.length !== 1 ||
    delimiterText === '"' ||
    delimiterText === '\n' ||
    delimiterText === '\r'
  ) {
    throw new OptionsError('CSV readers require a one-character delimiter other than a quote or line break');
  }
  const DELIM = delimiterText.charCodeAt(0);
  const maxBytes = checkMaxRecordBytes(options.maxRecordBytes);

  let state = FIELD_START;
  /** 1-based physical line of the next character. */
  let line = 1;
  /** The previous character was a CR that ended a line (a following LF belongs to it). */
  let afterCr = false;
  let started = false;
  /** Whether the current record has begun (a field or a character seen). */
  let inRecord = false;
  let recordLine = 1;
  let quoteLine = 1;
  let fields: string[] = [];
  /** The current field's text from earlier chunks (or earlier segments around doubled quotes). */
  let acc = '';
  /** Characters of the current record in earlier chunks, and extra UTF-8 bytes of its non-ASCII characters. */
  let charsBefore = 0;
  let extra = 0;
  let overlong = false;
  let head = '';
  /** The record's first characters as written, from earlier chunks. */
  let rawHead = '';

  const malformedClose = (c: number): DataValidationError => {
    const what = c === BOM ? 'a byte-order mark' : JSON.stringify(String.fromCharCode(c));
    const opened = quoteLine === line ? '' : ` (the field opened on line ${quoteLine})`;
    const message = `malformed CSV: a closing quote is followed by ${what}${opened}; a quote inside a quoted field must be doubled`;
    return new DataValidationError(message, { file, line }, [{ code: 'malformed_csv', path: [], message }]);
  };

  function emit(bytes: number): void {
    if (overlong) onItem({ tooLong: true, line: recordLine, bytes, head });
    else onItem({ fields, line: recordLine });
    fields = [];
    acc = '';
    charsBefore = 0;
    extra = 0;
    overlong = false;
    head = '';
    rawHead = '';
    inRecord = false;
    state = FIELD_START;
  }

  /** Drop the record's text from here on (only its size and first characters are kept). */
  function becomeOverlong(): void {
    overlong = true;
    fields = [];
    acc = '';
  }

  function push(chunk: string): void {
    const n = chunk.length;
    let i = 0;
    if (!started && n > 0) {
      started = true;
      if (chunk.charCodeAt(0) === BOM) i = 1;
    }
    if (afterCr && i < n) {
      afterCr = false;
      if (chunk.charCodeAt(i) === LF) i++;
    }
    /** Start, in this chunk, of the current record (0 if it began in an earlier chunk). */
    let recStart = inRecord ? 0 : i;
    /** Start of the current field's pending segment in this chunk. */
    let seg = i;
    const size = (at: number): number => charsBefore + (at - recStart) + extra;
    /** End the record at `at` (its size `bytes`). */
    const finish = (bytes: number, at: number): void => {
      if (bytes > maxBytes) {
        becomeOverlong();
        head = (rawHead + chunk.slice(recStart, Math.min(at, recStart + HEAD_CHARS))).slice(0, HEAD_CHARS);
      }
      emit(bytes);
    };
    for (; i < n; i++) {
      const c = chunk.charCodeAt(i);
      switch (state) {
        case FIELD_START: {
          if (!inRecord) {
            if (c === LF || c === CR) {
              // An empty line: not a record.
              line++;
              if (c === CR) {
                if (i + 1 < n) {
                  if (chunk.charCodeAt(i + 1) === LF) i++;
                } else afterCr = true;
              }
              continue;
            }
            inRecord = true;
            recordLine = line;
            recStart = i;
          }
          if (c === QUOTE) {
            state = QUOTED;
            quoteLine = line;
            seg = i + 1;
          } else if (c === DELIM) {
            if (!overlong) fields.push('');
          } else if (c === LF || c === CR) {
            if (!overlong) fields.push('');
            finish(size(i), i);
            line++;
            if (c === CR) {
              if (i + 1 < n) {
                if (chunk.charCodeAt(i + 1) === LF) i++;
              } else afterCr = true;
            }
          } else {
            state = UNQUOTED;
            seg = i;
            if (c >= 0x80) extra += extraBytes(c);
          }
          break;
        }
        case UNQUOTED: {
          // Tight loop to the end of the field.
          let j = i;
          let d = c;
          while (d !== DELIM && d !== LF && d !== CR) {
            if (d >= 0x80) extra += extraBytes(d);
            if (++j === n) break;
            d = chunk.charCodeAt(j);
          }
          i = j;
          if (j === n) break;
          const bytes = size(j);
          if (bytes > maxBytes) becomeOverlong();
          if (!overlong) fields.push(acc === '' ? chunk.slice(seg, j) : acc + chunk.slice(seg, j));
          acc = '';
          if (d === DELIM) {
            state = FIELD_START;
          } else {
            finish(bytes, j);
            line++;
            if (d === CR) {
              if (j + 1 < n) {
                if (chunk.charCodeAt(j + 1) === LF) i = j + 1;
              } else afterCr = true;
            }
          }
          break;
        }
        case QUOTED: {
          let j = i;
          let d = c;
          while (d !== QUOTE) {
            if (d === LF) {
              line++;
            } else if (d === CR) {
              // A CR or CRLF inside a field is read as one LF.
              line++;
              if (!overlong) acc += `${chunk.slice(seg, j)}\n`;
              if (j + 1 < n) {
                if (chunk.charCodeAt(j + 1) === LF) j++;
              } else afterCr = true;
              seg = j + 1;
            } else if (d >= 0x80) extra += extraBytes(d);
            if (++j === n) break;
            d = chunk.charCodeAt(j);
          }
          i = j;
          if (j === n) break;
          if (!overlong) acc += chunk.slice(seg, j);
          state = QUOTE_IN_QUOTED;
          break;
        }
        default: {
          // QUOTE_IN_QUOTED
          if (c === QUOTE) {
            if (!overlong) acc += '"';
            seg = i + 1;
            state = QUOTED;
          } else if (c === DELIM || c === LF || c === CR) {
            const bytes = size(i);
            if (bytes > maxBytes) becomeOverlong();
            if (!overlong) fields.push(acc);
            acc = '';
            if (c === DELIM) state = FIELD_START;
            else {
              finish(bytes, i);
              line++;
              if (c === CR) {
                if (i + 1 < n) {
                  if (chunk.charCodeAt(i + 1) === LF) i++;
                } else afterCr = true;
              }
            }
          } else {
            throw malformedClose(c);
          }
        }
      }
    }
    if (inRecord) {
      // Carry the unfinished field and record over to the next chunk.
      if ((state === UNQUOTED || state === QUOTED) && !overlong) acc += chunk.slice(seg, n);
      if (rawHead.length < HEAD_CHARS)
        rawHead += chunk.slice(recStart, recStart + HEAD_CHARS - rawHead.length);
      charsBefore += n - recStart;
      if (charsBefore + extra > maxBytes) becomeOverlong();
    }
  }

  function end(): void {
    if (state === QUOTED) {
      const message = `malformed CSV: a quoted field opened on line ${quoteLine} is never closed`;
      throw new DataValidationError(message, { file, line: quoteLine }, [
        { code: 'unclosed_quote', path: [], message },
      ]);
    }
    if (!inRecord) return;
    const bytes = charsBefore + extra;
    if (bytes > maxBytes) {
      becomeOverlong();
      head = rawHead;
    }
    if (!overlong) fields.push(acc);
    emit(bytes);
  }

  return { push, end };
}

/**
 * Tokenize CSV text whole.
 *
 * @throws {DataValidationError} on a quote that is never closed (naming the line it opened on) or a malformed
 *   closing quote
 */
export function csvItemsFromText(text: string, options: CsvTokenizerOptions): CsvItem[] {
  const items: CsvItem[] = [];
  const t = createCsvTokenizer(options, (item) => items.push(item));
  t.push(text);
  t.end();
  return items;
}

/**
 * Tokenize CSV text whole, where an over-long record is an error (our own data files).
 *
 * @throws {DataValidationError} as {@link csvItemsFromText}, or for a record longer than `maxRecordBytes`
 */
export function csvRecordsFromText(text: string, options: CsvTokenizerOptions): CsvRecord[] {
  const records: CsvRecord[] = [];
  const t = createCsvTokenizer(options, (item) => {
    if (item.tooLong === true) {
      const message = `record of ${item.bytes} bytes is longer than maxRecordBytes (${checkMaxRecordBytes(options.maxRecordBytes)})`;
      throw new DataValidationError(message, { file: options.file, line: item.line }, [
        { code: 'record_too_long', path: [], message },
      ]);
    }
    records.push(item);
  });
  t.push(text);
  t.end();
  return records;
}

/**
 * Stream CSV items from text chunks (already decoded) into `onItem`.
 *
 * @throws {DataValidationError} as {@link csvItemsFromText}
 */
export async function csvItemsFromChunks(
  chunks: AsyncIterable<string>,
  options: CsvTokenizerOptions,
  onItem: (item: CsvItem) => void,
): Promise<void> {
  const t = createCsvTokenizer(options, onItem);
  for await (const chunk of chunks) t.push(chunk);
  t.end();
}
