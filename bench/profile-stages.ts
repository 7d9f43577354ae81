// Where the library's DuckDB query spends its time, against a bare GROUP BY of the same question (issue 15): runs
// the library's own SQL (plan, setup and query text as queryComextBulk builds them) and the bare query with DuckDB's
// profiler on, and prints each operator's time (CPU time summed over threads, as DuckDB reports it) and rows out.
//   node --import tsx bench/profile-stages.ts <file> [first|unchecked]
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { resolveSettings, settingStatements } from '../src/engine/internal/duckdb.js';
import { inspectInput } from '../src/engine/internal/inputs.js';
import { resolvePlan } from '../src/engine/internal/plan.js';
import { querySql, setupStatements } from '../src/engine/internal/sql.js';
import { QUESTION } from './cases/question.js';

const file = process.argv[2]!;
const duplicates = (process.argv[3] ?? 'first') as 'first' | 'unchecked';
const settings = resolveSettings('bench', {});
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
for (const s of settingStatements(settings)) await c.run(s);
const input = await inspectInput(file, c);
const { plan } = resolvePlan('bench', [input], { ...QUESTION, duplicates });
for (const s of setupStatements(plan)) await c.run(s);
const lit = `'${file.replace(/'/g, "''")}'`;
const bare = `SELECT PARTNER_ISO, left(PRODUCT_NC, 6) AS hs6, PERIOD, sum(TRY_CAST(VALUE_IN_EUROS AS DOUBLE)) AS v, count(*) AS n
FROM read_csv(${lit}, header = true, all_varchar = true) WHERE FLOW = '2' GROUP BY ALL`;

interface Node {
  operator_name?: string;
  operator_type?: string;
  operator_timing?: number;
  operator_cardinality?: number;
  children?: Node[];
}

async function profile(name: string, sql: string): Promise<void> {
  const out = join(tmpdir(), `rb-profile-${process.pid}.json`);
  await c.run("PRAGMA enable_profiling = 'json'");
  await c.run(`PRAGMA profiling_output = '${out}'`);
  const t0 = performance.now();
  const r = await c.run(sql);
  let rows = 0;
  for (;;) {
    const chunk = await r.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    rows += chunk.rowCount;
  }
  const ms = performance.now() - t0;
  await c.run('PRAGMA disable_profiling');
  const tree = JSON.parse(readFileSync(out, 'utf8')) as Node & { latency?: number; cpu_time?: number };
  rmSync(out, { force: true });
  process.stdout.write(`\n## ${name}: wall ${(ms / 1000).toFixed(2)} s, ${rows} rows out\n`);
  let total = 0;
  const walk = (n: Node, depth: number) => {
    const t = n.operator_timing ?? 0;
    total += t;
    if (n.operator_name !== undefined || n.operator_type !== undefined)
      process.stdout.write(
        `${'  '.repeat(depth)}${(n.operator_name ?? n.operator_type ?? '').trim()}  ${t.toFixed(2)} s  ${n.operator_cardinality ?? ''} rows\n`,
      );
    for (const ch of n.children ?? []) walk(ch, depth + 1);
  };
  walk(tree, 0);
  process.stdout.write(`operators' time, summed: ${total.toFixed(2)} s\n`);
}

await profile('bare GROUP BY', bare);
await profile(`library query (duplicates: ${duplicates})`, querySql(plan));
c.closeSync();
db.closeSync();
rmSync(settings.tempDirectory, { recursive: true, force: true });
