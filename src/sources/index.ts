/**
 * File loaders: `from*` parsers (text or bytes → {@link LoadResult}) and streaming `load*` readers (path or paths
 * → `Promise<LoadResult>`, with progress), for Eurostat Comext (relational-view exports, bulk files, SDMX-CSV,
 * JSON-stat), HMRC Overseas Trade Statistics, UN Comtrade, and any tidy CSV with a column mapping.
 *
 * Every loader returns observations in base units of a typed currency, every record it did not keep in `rejects`
 * (file, line, field, reason), and a provenance record per input with the SHA-256 of the bytes read;
 * `rowsRead === rowsKept + rejects.length` always. Structural problems throw a `DataValidationError` naming file,
 * line and field.
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
export type { LoadOptions, ProvenanceOverrides, SourceOptions } from './options.js';
export { fromSdmxCsv, loadSdmxCsv, type SdmxCsvOptions } from './sdmx-csv.js';
