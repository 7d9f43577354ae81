/**
 * Loader benchmark: how fast the shipped datasets load, and at what memory cost.
 *
 * Run: `npx tsx bench/load-datasets.ts [--repeat 5]`. Prints one row per dataset (rows, best and median wall time,
 * rows per second, resident memory after loading) and the process's peak RSS. Figures, never assertions: the test
 * suite does not time anything.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { type DatasetName, listDatasets, loadDataset } from '../src/index.js';

const { values } = parseArgs({ options: { repeat: { type: 'string', default: '5' } } });
const repeat = Math.max(1, Number(values.repeat));

const datasets = (await listDatasets()).sort((a, b) => b.rows - a.rows);
const rows: string[][] = [];
for (const d of datasets) {
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    const r = await loadDataset(d.name as DatasetName);
    times.push(performance.now() - t0);
    count = 'observations' in r ? r.observations.length : r.rows.length;
  }
  times.sort((a, b) => a - b);
  const best = times[0]!;
  const median = times[Math.floor(times.length / 2)]!;
  rows.push([
    d.name,
    count.toLocaleString('en-GB'),
    `${best.toFixed(0)} ms`,
    `${median.toFixed(0)} ms`,
    `${Math.round((count / best) * 1000).toLocaleString('en-GB')}`,
    `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
  ]);
}
const head = ['dataset', 'rows', 'best', 'median', 'rows/s (best)', 'RSS after'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) =>
  r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(`loadDataset, ${repeat} runs each, Node ${process.version}`);
console.log(line(head));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
