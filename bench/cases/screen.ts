// Case: screen() on N SYNTHETIC monthly series of 96 months (2017-01..2024-12; fixed seed; not real data), one in
// ten with a rise from 2022-03. Generation is not timed.
//   node --import tsx bench/cases/screen.ts <series> [threads|auto]
import { screen } from '../../src/analyses/screen.js';
import { makeSeries, type Series } from '../../src/model/series.js';
import { peakRssMB, report } from './question.js';

const n = Number(process.argv[2] ?? 10000);
const threadsArg = process.argv[3] ?? 'auto';
const threads = threadsArg === 'auto' ? 'auto' : Number(threadsArg);

let s = 12345;
const rand = () => {
  s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
  return s / 4294967296;
};
const series: Series<'EUR'>[] = [];
for (let i = 0; i < n; i++) {
  const level = 10 ** (4 + 3 * rand());
  const amp = 0.3 * rand();
  const sd = 0.05 + 0.3 * rand();
  const jump = i % 10 === 0 ? 0.2 + rand() : 0;
  const values = new Array<number>(96);
  let e = 0;
  for (let t = 0; t < 96; t++) {
    e = 0.4 * e + sd * (rand() + rand() + rand() - 1.5);
    values[t] =
      level * Math.exp(0.003 * t + amp * Math.sin((2 * Math.PI * t) / 12) + e + (t >= 62 ? jump : 0));
  }
  series.push(
    makeSeries({
      key: {
        reporter: 'SYNTHETIC',
        partner: `P${i % 250}`,
        flow: 'export',
        product: `HS:${String(i).padStart(6, '0')}`,
      },
      currency: 'EUR',
      start: '2017-01',
      values,
    }),
  );
}
const t0 = performance.now();
const r = await screen({ series, threads });
const ms = performance.now() - t0;
report({
  ms,
  rssMB: peakRssMB(),
  series: n,
  tested: r.tested,
  significant: r.significant,
  threads: threadsArg,
});
