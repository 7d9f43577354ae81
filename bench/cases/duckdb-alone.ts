// Case: DuckDB alone — the library's own SQL and settings through @duckdb/node-api, result chunks fetched and
// dropped: the floor for the library's overhead (header sniffing, lookups, result conversion, checksum).
//   node --import tsx bench/cases/duckdb-alone.ts <file>

import { rm } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { resolveSettings, settingStatements } from '../../src/engine/internal/duckdb.js';
import { inspectInput } from '../../src/engine/internal/inputs.js';
import { resolvePlan } from '../../src/engine/internal/plan.js';
import { querySql, setupStatements } from '../../src/engine/internal/sql.js';
import { peakRssMB, QUESTION, report } from './question.js';

const file = process.argv[2]!;
// Plan outside the timing (the SQL text is what is being timed).
const settings = resolveSettings('bench', {});
const db0 = await DuckDBInstance.create(':memory:');
const c0 = await db0.connect();
const input = await inspectInput(file, c0);
const { plan } = resolvePlan('bench', [input], QUESTION);
const setup = setupStatements(plan);
const sql = querySql(plan);
c0.closeSync();
db0.closeSync();

const t0 = performance.now();
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
for (const s of settingStatements(settings)) await c.run(s);
for (const s of setup) await c.run(s);
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
