// Case: the library's ClickHouse engine on the 2-shard cluster of scripts/clickhouse-cluster.sh — the benchmark
// question with the file loaded by the engine itself (files mode, into the Distributed table rb.files), then the
// same question again on the loaded table (table mode), in one process.
//   node --import tsx bench/cases/library-clickhouse.ts <file> <url> <cluster dir>
// Prints the wall and CPU time of each phase, this process's and the two servers' (read from /proc by their PIDs).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clickhouse, queryComextBulk } from '../../src/engine/index.js';
import { peakRssMB, QUESTION, report } from './question.js';

await import('@duckdb/node-api');
await import('@clickhouse/client');
const [file, url, dir] = process.argv.slice(2) as [string, string, string];
const pids = [1, 2].map((s) => Number(readFileSync(join(dir, `shard${s}`, 'pid'), 'utf8').trim()));
const ticks = 100; // USER_HZ on Linux
/** CPU seconds (user + system) of the two servers so far. */
const serverCpu = () =>
  pids.reduce((sum, pid) => {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return sum + (Number(f[11]) + Number(f[12])) / ticks;
  }, 0);
/** Peak RSS of the two servers since they started, MB (VmHWM). */
const serverPeak = () =>
  pids.map((pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024);
const ownCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

execFileSync('bash', ['scripts/clickhouse-cluster.sh', 'reset', dir], { stdio: 'pipe' });
const phase = async (engine: ReturnType<typeof clickhouse>) => {
  const s0 = serverCpu();
  const c0 = ownCpu();
  const t0 = performance.now();
  const { stats } = await queryComextBulk([], { ...QUESTION, engine });
  return {
    ms: performance.now() - t0,
    cpu: ownCpu() - c0,
    server: serverCpu() - s0,
    stats,
  };
};
const loaded = await phase(clickhouse({ url, cluster: 'rb_cluster', table: 'rb.files', files: [file] }));
const query = await phase(clickhouse({ url, cluster: 'rb_cluster', table: 'rb.files' }));
report({
  ms: loaded.ms,
  rssMB: peakRssMB(),
  cells: loaded.stats.cells,
  queryMs: query.ms,
  clientCpuS: loaded.cpu,
  serverCpuS: loaded.server,
  queryClientCpuS: query.cpu,
  queryServerCpuS: query.server,
  serverPeakMB: serverPeak(),
  rowsKept: loaded.stats.rowsKept,
  rowsRejected: loaded.stats.rowsRejected,
  sameAsQuery: loaded.stats.cells === query.stats.cells && loaded.stats.rowsKept === query.stats.rowsKept,
});
