/**
 * The scale path, a separate entry point: `import { aggregateComextBulk } from 'trade-roundabout/bulk'`.
 *
 * Eurostat Comext bulk files (millions to hundreds of millions of CN8 rows) filtered and aggregated inside embedded
 * DuckDB. `@duckdb/node-api` is an optional peer dependency (its native binary is about 70 MB), loaded on the
 * first query and never by the core library; install it next to this package to use this entry
 * (`npm install @duckdb/node-api`). Without it every query rejects with a {@link MissingPeerDependencyError} that
 * names the package. Small files need no engine: {@link loadComextBulk} (the core's pure-JS streaming loader, with
 * the same validation rules and row accounting) reads them; it is re-exported here so the two paths sit side by side.
 *
 * @packageDocumentation
 */
export * from './engine/index.js';
export { isMissingPeerDependencyError, MissingPeerDependencyError } from './errors.js';
export { type ComextBulkOptions, loadComextBulk } from './sources/comext-bulk.js';
