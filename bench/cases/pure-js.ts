// Case: the pure-JS streaming loader (loadComextBulk, rows of other flows skipped by its `filter`), then a Map
// group-by partner × HS6 × month of the kept observations.
//   node --max-old-space-size=16384 --import tsx bench/cases/pure-js.ts <file>
import { loadComextBulk } from '../../src/sources/comext-bulk.js';
import { peakRssMB, report } from './question.js';

const file = process.argv[2]!;
const t0 = performance.now();
const loaded = await loadComextBulk(file, { filter: (r) => r.flow === '2' });
const sums = new Map<string, number>();
for (const o of loaded.observations) {
  if (o.period.length !== 7 || o.product.level !== 8 || o.value === null) continue;
  const k = `${o.partner}|${o.product.code.slice(0, 6)}|${o.period}`;
  sums.set(k, (sums.get(k) ?? 0) + o.value);
}
const ms = performance.now() - t0;
report({ ms, rssMB: peakRssMB(), cells: sums.size, rowsRejected: loaded.rejects.length });
