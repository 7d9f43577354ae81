// Case: a Comext-layout file → the roundabout analysis' inputs through the library's DuckDB path, in two scans:
//   1. exports to KZ, AM, KG, GE, UZ, RU by member state × HS chapter × month → member-state totals and HS 27
//      (roundabout's `totals`), and the EU27 total by partner (its `monthly`);
//   2. exports of the sanctioned CN8 codes (the shipped CN8 list) by partner × code × month (its `sanctioned`);
// then `roundabout` on them (mirror data, controls and FX are the shipped datasets). With a SYNTHETIC file the
// findings are meaningless; the point is the path and its peak memory.
//   node --import tsx bench/cases/roundabout-series.ts <file>
import { readFileSync } from 'node:fs';
import { roundabout } from '../../src/analyses/roundabout.js';
import { comextBulkObservations, queryComextBulk } from '../../src/engine/index.js';
import type { TradeObservation } from '../../src/model/observation.js';
import { fromMonthIndex } from '../../src/model/period.js';
import { peakRssMB, report } from './question.js';

const file = process.argv[2]!;
const cn8 = readFileSync(new URL('../../datasets/sanctions-eu-cn8.csv', import.meta.url), 'utf8')
  .split('\n')
  .slice(1)
  .map((l) => l.slice(0, 8))
  .filter((c) => /^\d{8}$/.test(c));
const partners = ['KZ', 'AM', 'KG', 'GE', 'UZ', 'RU'];
const t0 = performance.now();
const chapters = await queryComextBulk(file, {
  flows: ['export'],
  partners,
  groupBy: ['reporter', 'partner', 'product', 'period'],
  productLevel: 2,
});
const sanctioned = await queryComextBulk(file, {
  flows: ['export'],
  partners,
  groupBy: ['partner', 'product', 'period'],
  productLevel: 8,
  products: cn8,
  labels: { reporter: 'EU27_2020' },
});
const aggregateMs = performance.now() - t0;

// Chapters → member-state totals, HS 27, and the EU27 total by partner (the synthetic file has no missing cells).
const source = chapters.sources[0]!;
const sums = new Map<string, number>();
const add = (k: string, v: number) => sums.set(k, (sums.get(k) ?? 0) + v);
const t = chapters.table;
for (let s = 0; s < t.keys.length; s++) {
  const key = t.keys[s]!;
  const chapter = t.products[s]!.code;
  for (let c = t.offsets[s]!; c < t.offsets[s + 1]!; c++) {
    const period = fromMonthIndex(t.periods[c]!);
    const v = t.values[c]!;
    add(`T|${key.reporter}|${key.partner}|${period}`, v);
    add(`E|EU27_2020|${key.partner}|${period}`, v);
    if (chapter === '27') add(`F|${key.reporter}|${key.partner}|${period}`, v);
  }
}
const obs = (kind: string): TradeObservation<'EUR'>[] =>
  [...sums]
    .filter(([k]) => k.startsWith(`${kind}|`))
    .map(([k, value]) => {
      const [, reporter, partner, period] = k.split('|') as [string, string, string, string];
      return {
        reporter,
        partner,
        flow: 'export' as const,
        product:
          kind === 'F'
            ? { classification: 'HS' as const, code: '27', level: 2 }
            : { classification: 'TOTAL' as const, code: 'TOTAL', level: 0 },
        period,
        value,
        currency: 'EUR' as const,
        status: value === 0 ? ('zero' as const) : ('reported' as const),
        source,
      };
    });
const result = await roundabout({
  exporters: ['EU27_2020'],
  data: {
    monthly: [obs('E')],
    totals: [...obs('T'), ...obs('F')],
    sanctioned: comextBulkObservations(sanctioned),
  },
  draws: 200,
  bootstrapDraws: 499,
});
const ms = performance.now() - t0;
report({
  ms,
  aggregateMs,
  rssMB: peakRssMB(),
  cells: chapters.stats.cells + sanctioned.stats.cells,
  rowsScanned: chapters.stats.rowsScanned,
  findings: result.findings.length,
});
