// Benchmark: fit every baseline on many SYNTHETIC monthly series (96 months, 2017-01..2024-12, generated with a
// fixed seed — not real data) and print the time per baseline and the peak resident memory. Prints, never asserts.
//
//   npx tsx bench/baselines.ts                      # 10,000 series, 1,000 draws (several minutes on 2 cores)
//   npx tsx bench/baselines.ts --series 500 --draws 200
import { resourceUsage } from 'node:process';
import { parseArgs } from 'node:util';
import {
  type Baseline,
  controlGroup,
  holtWinters,
  logLinearTrend,
  preWarMean,
  samePeriodPriorYear,
  seasonalTrend,
  stlForecast,
  syntheticControl,
} from '../src/baselines/index.js';
import { makeSeries, type Series } from '../src/model/series.js';
import { createRng } from '../src/numeric/rng.js';

const { values: args } = parseArgs({
  options: {
    series: { type: 'string', default: '10000' },
    draws: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '20240901' },
    only: { type: 'string' },
  },
});
const N = Number(args.series);
const draws = Number(args.draws);
const MONTHS = 96;

/** A SYNTHETIC positive monthly series: level × exp(trend + seasonal + AR(1) noise), with a post-2022 jump. */
function synthetic(rng: ReturnType<typeof createRng>, label: string, jump: boolean): Series<'EUR'> {
  const level = 10 ** (5 + 4 * rng.uniform());
  const slope = (rng.uniform() - 0.4) * 0.02;
  const amp = 0.3 * rng.uniform();
  const phase = 2 * Math.PI * rng.uniform();
  const sd = 0.05 + 0.25 * rng.uniform();
  const values = new Array<number>(MONTHS);
  let e = 0;
  for (let t = 0; t < MONTHS; t++) {
    e = 0.4 * e + sd * rng.normal();
    const post = jump && t >= 62 ? Math.log(1 + 2 * rng.uniform()) : 0;
    values[t] = level * Math.exp(slope * t + amp * Math.sin((2 * Math.PI * t) / 12 + phase) + e + post);
  }
  return makeSeries({
    key: { reporter: 'SYNTHETIC', partner: label, flow: 'export', product: 'TOTAL' },
    currency: 'EUR',
    start: '2017-01',
    values,
  });
}

const rng = createRng(Number(args.seed));
const targets = Array.from({ length: N }, (_, i) => synthetic(rng, `T${i}`, i % 2 === 0));
const pool = Array.from({ length: 20 }, (_, i) => synthetic(rng, `D${i}`, false));

const common = { draws };
const baselines: Baseline[] = [
  preWarMean(common),
  preWarMean({ ...common, seasonal: true }),
  samePeriodPriorYear(common),
  logLinearTrend(common),
  seasonalTrend(common),
  stlForecast(common),
  stlForecast({ ...common, robust: true }),
  holtWinters({ ...common, seasonal: 'additive' }),
  holtWinters({ ...common, seasonal: 'multiplicative', damped: true }),
  controlGroup(common),
  syntheticControl(common),
].filter((b) => args.only === undefined || b.name === args.only);

let peakRss = process.memoryUsage().rss;
const sample = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const timer = setInterval(sample, 50);
timer.unref();

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
console.log(
  `SYNTHETIC data: ${N.toLocaleString('en-US')} monthly series of ${MONTHS} months (seed ${args.seed}), ` +
    `fit window 2017-01..2022-01, ${draws} draws × 35 path periods each; node ${process.version}`,
);
console.log(
  ['baseline'.padEnd(44), 'wall s', ' cpu s', 'cpu ms/series', 'series/cpu s', 'rss after'].join('  '),
);
let grandTotal = 0;
for (const b of baselines) {
  let checksum = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    const context = {
      controls: [pool[i % 20]!, pool[(i + 7) % 20]!, pool[(i + 13) % 20]!],
      donors: [0, 3, 6, 9, 12].map((k) => pool[(i + k) % 20]!),
    };
    const cf = b.fit(targets[i]!, context);
    checksum += cf.expected[MONTHS - 1] ?? 0;
    if ((i & 255) === 0) sample();
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  // CPU time (user + system) is the fairer figure on a shared machine; it includes the garbage collector's threads.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  grandTotal += seconds;
  sample();
  const label = `${b.name} ${JSON.stringify(b.settings).replace(/"fit":"[^"]*",|"level":0.95,|"seed":1,|"draws":\d+,?/g, '')}`;
  console.log(
    [
      label.slice(0, 44).padEnd(44),
      seconds.toFixed(1).padStart(6),
      cpuSeconds.toFixed(1).padStart(6),
      ((cpuSeconds * 1000) / N).toFixed(2).padStart(13),
      (N / cpuSeconds).toFixed(0).padStart(12),
      mb(process.memoryUsage().rss).padStart(9),
    ].join('  '),
    Number.isFinite(checksum) ? '' : '(non-finite checksum!)',
  );
}
sample();
console.log(`all baselines: ${grandTotal.toFixed(1)} s wall`);
console.log(
  `peak RSS: sampled ${mb(peakRss)}; resourceUsage().maxRSS ${mb(resourceUsage().maxRSS * 1024)} (includes the inputs)`,
);
