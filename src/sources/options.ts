import type { LoadProgress } from '../model/load-result.js';

/**
 * Provenance fields a caller can set or override. Every loader fills publisher, dataset, title, URL, licence and
 * units for its format; `file` and `sha256` always come from the bytes read.
 *
 * @example
 * const overrides: ProvenanceOverrides = { vintage: '2024-11-17', notes: ['extracted by hand from Easy Comext'] };
 */
export interface ProvenanceOverrides {
  /** Who published the figures, e.g. `Eurostat`. */
  readonly publisher?: string;
  /** The publisher's dataset code, e.g. `DS-045409`. */
  readonly dataset?: string;
  /** Human title of the dataset. */
  readonly title?: string;
  /** Where it can be obtained. */
  readonly url?: string;
  /** When the publisher extracted or last updated the data, ISO date. */
  readonly vintage?: string;
  /** When it was retrieved, ISO date. */
  readonly retrieved?: string;
  /** Licence or terms of reuse. */
  readonly licence?: string;
  /** Units as published, e.g. `thousand USD`. */
  readonly units?: string;
  /** Caveats a user must know (appended to the loader's own notes). */
  readonly notes?: readonly string[];
}

/**
 * Options every `from*` parser takes.
 *
 * @example
 * const options: SourceOptions = { file: 'kz-2022-02.csv', source: 'eu-kz', countryLabels: { 'High seas': 'XZ' } };
 */
export interface SourceOptions {
  /**
   * Name of the input, used in rejects and errors; its base name becomes the provenance `file`
   * (default `<string>`).
   */
  readonly file?: string;
  /**
   * Provenance id the observations point to through `source` (default `<format>:<file base name>`, e.g.
   * `eurostat-comext:Relational_View_2024-11-17T07_25_35.876Z.csv`). When a `load*` reader reads several files,
   * each file's id is `<source>:<file base name>`.
   */
  readonly source?: string;
  /** Provenance fields that override the format's defaults. */
  readonly provenance?: ProvenanceOverrides;
  /**
   * Extra country labels or codes → our codes, tried before the reference table (exact match after trimming),
   * e.g. `{ 'Northern Ireland': 'XI' }`. Use it for spellings the table does not know; unknown labels are
   * rejected, never guessed.
   */
  readonly countryLabels?: Readonly<Record<string, string>>;
}

/**
 * Options every streaming `load*` reader takes on top of its format's options.
 *
 * @example
 * const options: LoadOptions = { onProgress: (p) => console.log(`${p.bytes}/${p.totalBytes} bytes, ${p.rows} rows`) };
 */
export interface LoadOptions extends DecompressionLimits {
  /**
   * Called as the file is read, with bytes consumed (of the file as stored, before gunzip) and data records read
   * so far; `bytes` and `rows` never decrease, and the last call has `bytes === totalBytes`.
   */
  readonly onProgress?: (progress: LoadProgress) => void;
}

/**
 * Limits on decompressed input, so that a small hostile file or reply (a "decompression bomb") cannot take all
 * memory: they are checked while inflating, and inflating stops as soon as one is crossed. The remote clients
 * apply them to every reply (ZIP, gzip and `Content-Encoding` bodies); the `load*` readers to `.gz` files.
 *
 * @example
 * const limits: DecompressionLimits = { maxBodyBytes: 1024 ** 3, maxInflateRatio: 200, maxZipEntries: 10 };
 */
export interface DecompressionLimits {
  /**
   * Most bytes one body (a reply, a ZIP archive's entries together, a gzip stream) may inflate to. Default
   * 268 435 456 (256 MiB) for replies and for files read whole (JSON); no limit for files the `load*` readers
   * stream (their memory does not grow with the file), unless set. Raise it for a genuine larger extraction.
   */
  readonly maxBodyBytes?: number;
  /**
   * Most inflated bytes per compressed byte, checked once more than 1 MiB has been inflated (so small bodies
   * always pass). Default 100.
   */
  readonly maxInflateRatio?: number;
  /** Most entries a ZIP archive may hold (directories count). Default 100. */
  readonly maxZipEntries?: number;
}

/**
 * Options of every CSV reader (`from*` and `load*` alike, so both read the same bytes to the same result).
 *
 * @example
 * const options: CsvRecordOptions = { maxRecordBytes: 16 * 1024 * 1024 };
 */
export interface CsvRecordOptions {
  /**
   * Longest record, in UTF-8 bytes of the decoded text (line breaks inside quoted fields count, the terminating
   * one does not); default 4 MiB. A longer record is not held in memory: it becomes a reject with reason
   * `record-too-long: …` (counted in `rowsRead`) and reading goes on after it. An over-long header line is a
   * `DataValidationError`.
   */
  readonly maxRecordBytes?: number;
}
