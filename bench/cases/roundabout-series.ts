// Case: a Comext-layout file → the roundabout analysis' monthly series through the library's DuckDB path: EU
// exports by partner (total goods) and exports of the sanctioned CN8 codes by partner × code, as observations,
// then `roundabout` run on them (its other inputs are the shipped datasets). With a SYNTHETIC file the findings
// are meaningless; the point is the path and its peak memory.
//   node --import tsx bench/cases/roundabout-series.ts <file>
import { readFileSync } from 'node:fs';
import { roundabout } from '../../src/analyses/roundabout.js';
import { comextBulkObservations, queryComextBulk } from '../../src/engine/index.js';
import { peakRssMB, report } from './question.js';

const file = process.argv[2]!;
const cn8 = readFileSync(new URL('../../datasets/sanctions-eu-cn8.csv', import.meta.url), 'utf8')
  .split('\n')
  .slice(1)
  .map((l) => l.slice(0, 8))
  .filter((c) => /^\d{8}$/.test(c));
const t0 = performance.now();
const common = {
  flows: ['export'],
  labels: { reporter: 'EU27_2020' },
  partners: ['KZ', 'AM', 'KG', 'GE', 'UZ', 'RU'],
} as const;
const totals = await queryComextBulk(file, { ...common, groupBy: ['partner', 'period'] });
const sanctioned = await queryComextBulk(file, {
  ...common,
  groupBy: ['partner', 'product', 'period'],
  productLevel: 8,
  products: cn8,
});
const aggregateMs = performance.now() - t0;
const result = await roundabout({
  exporters: ['EU27_2020'],
  data: { monthly: [comextBulkObservations(totals)], sanctioned: comextBulkObservations(sanctioned) },
  draws: 200,
  bootstrapDraws: 499,
});
const ms = performance.now() - t0;
report({
  ms,
  aggregateMs,
  rssMB: peakRssMB(),
  cells: totals.stats.cells + sanctioned.stats.cells,
  rowsScanned: totals.stats.rowsScanned,
  findings: result.findings.length,
});
