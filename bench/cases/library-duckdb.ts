// Case: the library's DuckDB path (queryComextBulk, default settings: memory limit 1GB, all cores, no SHA-256).
//   node --import tsx bench/cases/library-duckdb.ts <file> [--checksum] [--series]
import { aggregateComextBulk, queryComextBulk } from '../../src/engine/index.js';
import { peakRssMB, QUESTION, report } from './question.js';

// The native module is imported before the clock starts, as every engine's imports are (pandas, DuckDB alone);
// the library imports it lazily on its first call, once per process.
await import('@duckdb/node-api');
const file = process.argv[2]!;
const checksum = process.argv.includes('--checksum');
const series = process.argv.includes('--series');
const t0 = performance.now();
// Both return the same row accounting; with --series the cells are also turned into Series objects.
const { stats } = series
  ? await aggregateComextBulk(file, { ...QUESTION, checksum })
  : await queryComextBulk(file, { ...QUESTION, checksum });
const ms = performance.now() - t0;
report({
  ms,
  rssMB: peakRssMB(),
  cells: stats.cells,
  series: stats.series,
  rowsRejected: stats.rowsRejected,
});
