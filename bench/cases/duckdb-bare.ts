// Case: bare DuckDB — a plain GROUP BY of the benchmark question on the same file through @duckdb/node-api, with the
// library's engine settings but none of its validation or row accounting: the floor the library is measured against.
//   node --import tsx bench/cases/duckdb-bare.ts <file>

import { rm } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { resolveSettings, settingStatements } from '../../src/engine/internal/duckdb.js';
import { peakRssMB, report } from './question.js';

const file = process.argv[2]!;
const settings = resolveSettings('bench', {});
const lit = `'${file.replace(/'/g, "''")}'`;
// EU exports (FLOW 2, every reporter summed) by partner × HS6 × month: the question of every case.
const sql = `SELECT PARTNER_ISO, left(PRODUCT_NC, 6) AS hs6, PERIOD, sum(TRY_CAST(VALUE_IN_EUROS AS DOUBLE)) AS v, count(*) AS n
FROM read_csv(${lit}, header = true, all_varchar = true)
WHERE FLOW = '2'
GROUP BY ALL`;

const t0 = performance.now();
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
for (const s of settingStatements(settings)) await c.run(s);
const result = await c.run(sql);
let cells = 0;
for (;;) {
  const chunk = await result.fetchChunk();
  if (chunk === null || chunk.rowCount === 0) break;
  cells += chunk.rowCount;
}
const ms = performance.now() - t0;
c.closeSync();
db.closeSync();
await rm(settings.tempDirectory, { recursive: true, force: true });
report({ ms, rssMB: peakRssMB(), cells });
