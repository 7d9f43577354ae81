// Case: the library's DuckDB path (queryComextBulk, default settings: memory limit 1GB, all cores, no SHA-256).
//   node --import tsx bench/cases/library-duckdb.ts <file> [--checksum] [--series] [--duplicates first|sum|unchecked]
import { aggregateComextBulk, queryComextBulk } from '../../src/engine/index.js';
import { peakRssMB, QUESTION, report } from './question.js';

// The native module is imported before the clock starts, as every engine's imports are (pandas, DuckDB alone);
// the library imports it lazily on its first call, once per process.
await import('@duckdb/node-api');
const file = process.argv[2]!;
const checksum = process.argv.includes('--checksum');
const series = process.argv.includes('--series');
const d = process.argv.indexOf('--duplicates');
// Duplicate-row detection (a grouping over whole rows) is on by default; `unchecked` measures the query without it.
const duplicates = (d === -1 ? 'first' : process.argv[d + 1]) as 'first' | 'sum' | 'unchecked';
const t0 = performance.now();
// Both return the same row accounting; with --series the cells are also turned into Series objects.
const { stats } = series
  ? await aggregateComextBulk(file, { ...QUESTION, checksum, duplicates })
  : await queryComextBulk(file, { ...QUESTION, checksum, duplicates });
const ms = performance.now() - t0;
report({
  ms,
  rssMB: peakRssMB(),
  cells: stats.cells,
  series: stats.series,
  rowsRejected: stats.rowsRejected,
  duplicates: stats.duplicates ?? 'unchecked',
});
