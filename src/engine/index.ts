/**
 * The scale path: Eurostat Comext bulk files (millions to hundreds of millions of CN8 rows) filtered and aggregated
 * inside embedded DuckDB (`@duckdb/node-api`, no server, imported only when used), into the library's `Series`
 * with the row accounting of the pure-JS loader. Small files and environments without the native module use
 * `loadComextBulk` instead.
 *
 * @module
 */
export {
  type AggregateComextBulkResult,
  aggregateComextBulk,
  comextBulkObservations,
  comextBulkSeries,
} from './aggregate-comext-bulk.js';
export { type ClickHouseEngine, chString, clickhouse } from './internal/clickhouse.js';
export {
  BULK_CELL_STATUS,
  type BulkCellStatus,
  type BulkDimension,
  type ComextBulkStats,
  ComextBulkStatsSchema,
  type ComextBulkTable,
  type QueryComextBulkOptions,
  type QueryComextBulkResult,
  queryComextBulk,
  RECORD_TOO_LONG,
} from './query-comext-bulk.js';
