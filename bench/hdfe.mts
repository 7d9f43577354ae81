/**
 * Benchmark of the fixed-effects estimators `ppml` and `feols` on a generated SYNTHETIC panel.
 *
 *   npx tsx bench/hdfe.mts                         # 1M observations, 10k and 100k pair levels, both estimators
 *   npx tsx bench/hdfe.mts --rows 200000           # a smaller panel
 *   npx tsx bench/hdfe.mts --levels 10000 --only ppml
 *
 * The panel: `rows` observations of pairs (think product × destination; `levels` of them, equal sizes) over
 * T = rows / levels months (100 for 1M rows and 10k pairs, 10 for 100k pairs); two absorbed fixed effects, pair
 * (`levels` levels) and month (T levels); a 0/1 treatment D on a tenth of the pairs from month 0.6·T (true effect
 * 0.1) and a continuous regressor x (0.05); y Poisson with mean exp(1 + pair effect + month
 * effect + 0.1 D + 0.05 x), so some outcomes are zero (PPML keeps them, log-OLS drops them). Standard errors
 * clustered by pair. Fixed seed.
 *
 * Each (estimator, levels) runs in its own child process so that its peak RSS is its own; the time is the wall
 * time of the estimator call alone (the records are built before the clock starts). Peak RSS is the child's
 * `process.resourceUsage().maxRSS` (records included: they are the estimator's input).
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { feols, ppml } from '../src/inference/index.js';
import { createRng } from '../src/numeric/rng.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Poisson draw by inversion (small means) or a rounded normal (means above 50). */
function poisson(rng: { uniform(): number }, mean: number): number {
  if (mean > 50) {
    const u = Math.max(rng.uniform(), 1e-300);
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.uniform());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  let k = 0;
  let p = Math.exp(-mean);
  let s = p;
  const u = rng.uniform();
  while (u > s && k < 1000) {
    k++;
    p *= mean / k;
    s += p;
  }
  return k;
}

function panel(rows: number, levels: number): Record<string, unknown>[] {
  const rng = createRng(20261203);
  const pairEffect = Float64Array.from({ length: levels }, () => 1.2 * (rng.uniform() - 0.5));
  const months = Math.max(2, Math.floor(rows / levels));
  const start = Math.floor(0.6 * months);
  const monthEffect = Float64Array.from({ length: months }, () => 0.4 * (rng.uniform() - 0.5));
  const out: Record<string, unknown>[] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const pair = i % levels;
    const month = Math.floor(i / levels) % months;
    const D = pair % 10 === 0 && month >= start ? 1 : 0;
    const x = Math.round((rng.uniform() - 0.5) * 2e6) / 1e6;
    const mu = Math.exp(1 + pairEffect[pair]! + monthEffect[month]! + 0.1 * D + 0.05 * x);
    out[i] = { pair: `p${pair}`, month: `m${month}`, D, x, y: poisson(rng, mu) };
  }
  return out;
}

function child(estimator: 'ppml' | 'feols', rows: number, levels: number): void {
  const records = panel(rows, levels);
  const opts = {
    outcome: 'y',
    regressors: ['D', 'x'],
    fixedEffects: ['pair', 'month'],
    cluster: 'pair',
  } as const;
  const t0 = performance.now();
  const r = estimator === 'ppml' ? ppml(records, opts) : feols(records, opts);
  const seconds = (performance.now() - t0) / 1000;
  const iterations = r.method === 'ppml' ? r.diagnostics.iterations : null;
  console.log(
    JSON.stringify({
      estimator,
      rows,
      levels,
      n: r.n,
      seconds,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      estimate: r.estimate,
      se: r.se,
      iterations,
      warnings: r.warnings.length,
    }),
  );
}

const role = arg('child');
if (role === 'ppml' || role === 'feols') {
  child(role, Number(arg('rows')), Number(arg('levels')));
} else {
  const rows = Number(arg('rows') ?? 1e6);
  const levelsList = (arg('levels') ?? '10000,100000').split(',').map(Number);
  const only = (arg('only') ?? 'ppml,feols').split(',');
  const self = fileURLToPath(import.meta.url);
  console.log(`hdfe benchmark: SYNTHETIC panel, ${rows} rows, pair × rows/levels months, cluster by pair`);
  console.log(
    '| estimator | rows | pair levels | n used | time (s) | peak RSS (MB) | IRLS iterations | D estimate |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const levels of levelsList)
    for (const estimator of only) {
      const res = spawnSync(
        process.execPath,
        [...process.execArgv, self, '--child', estimator, '--rows', String(rows), '--levels', String(levels)],
        { encoding: 'utf8', maxBuffer: 1 << 24 },
      );
      const line = res.stdout.trim().split('\n').pop() ?? '';
      if (res.status !== 0 || !line.startsWith('{')) {
        console.log(
          `| ${estimator} | ${rows} | ${levels} | failed: ${res.stderr.trim().split('\n').pop()} |`,
        );
        continue;
      }
      const o = JSON.parse(line) as {
        n: number;
        seconds: number;
        maxRssMB: number;
        iterations: number | null;
        estimate: number | null;
      };
      console.log(
        `| ${estimator} | ${rows} | ${levels} | ${o.n} | ${o.seconds.toFixed(2)} | ${o.maxRssMB.toFixed(0)} | ${o.iterations ?? '—'} | ${o.estimate === null ? 'null' : o.estimate.toFixed(4)} |`,
      );
    }
}
