/**
 * File loaders: `from*` parsers (text or bytes → {@link LoadResult}) and streaming `load*` readers (path or paths
 * → `Promise<LoadResult>`, with progress), for Eurostat Comext (relational-view exports, bulk files, SDMX-CSV,
 * JSON-stat), HMRC Overseas Trade Statistics, UN Comtrade, and any tidy CSV with a column mapping.
 *
 * Every loader returns observations in base units of a typed currency, every record it did not keep in `rejects`
 * (file, line, field, reason), and a provenance record per input with the SHA-256 of the bytes read;
 * `rowsRead === rowsKept + rejects.length` always. Structural problems throw a `DataValidationError` naming file,
 * line and field. CSV is read by one tokenizer of ours (RFC 4180 quotes, any mix of `\r\n`/`\r`/`\n`): a record
 * longer than `maxRecordBytes` (default 4 MiB) is a `record-too-long` reject and reading goes on; a quote that is
 * never closed is a `DataValidationError` naming the line it opened on.
 *
 * What a record is: a CSV data row (the header, empty lines and lines whose fields are all blank are not
 * records; a repeated header line mid-file is a record, and rejected); a JSON array element (HMRC, Comtrade); a
 * JSON-stat cell present in `value` or `status`. Reject lines are 1-based physical lines where the record starts
 * (header = line 1), or the 1-based index of the element or cell in JSON. `from*` and `load*` read the same bytes
 * to the same result; `load*` also reads gzip files and reports progress.
 *
 * @module
 */
export { type ComextBulkOptions, type ComextBulkRow, fromComextBulk, loadComextBulk } from './comext-bulk.js';
export {
  type ComextRelationalOptions,
  fromComextRelational,
  loadComextRelational,
} from './comext-relational.js';
export { type ComtradeOptions, fromComtrade, loadComtrade } from './comtrade.js';
export { type ColumnRef, type CsvColumns, type CsvOptions, type FieldSpec, fromCsv, loadCsv } from './csv.js';
export { fromHmrcOts, type HmrcOtsOptions, loadHmrcOts } from './hmrc-ots.js';
export { fromJsonStat, type JsonStatOptions, loadJsonStat } from './json-stat.js';
export type {
  CsvRecordOptions,
  DecompressionLimits,
  LoadOptions,
  ProvenanceOverrides,
  SourceOptions,
} from './options.js';
export { fromSdmxCsv, loadSdmxCsv, type SdmxCsvOptions } from './sdmx-csv.js';
