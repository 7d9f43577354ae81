/**
 * Calibration of the time-series break tests and of `excess()`'s interval on SYNTHETIC trade-like series
 * (bench/calibration/dgp.ts): size at nominal 5% and power against a stated level break for `chowTest` (known
 * date) and `supF` (unknown date), each with independent (`errors: 'iid'`) and AR(1) (`errors: 'ar1'`, the monthly
 * default) error models, and the coverage of `excess().total.interval` (seasonalTrend baseline) of the true
 * cumulative excess, with and without an effect. A base case plus one-factor-at-a-time variations.
 *
 * @module
 */
import { seasonalTrend } from '../../src/baselines/index.js';
import { chowTest } from '../../src/measures/chow-test.js';
import { excess } from '../../src/measures/excess.js';
import { supF } from '../../src/measures/sup-f.js';
import { makeSeries } from '../../src/model/series.js';
import { createRng, drawSeries, monthAt, type TradeDgp } from './dgp.js';
import type { CalibrationRow, CalibrationSection } from './types.js';

/** One case: the DGP and the number of months the test sees (or the baseline's fit window). */
export interface BreakCase {
  readonly label: string;
  /** Months in the tested series / the baseline's fit window. */
  readonly months: number;
  readonly dgp: Omit<TradeDgp, 'months' | 'start'>;
  /** Outside what the methods claim (a near-unit-root short window). */
  readonly misspecified?: boolean;
}

const BASE = { rho: 0.5, trendPerYear: 0.05, seasonalAmplitude: 0.3, sigma: 0.12 } as const;

/** Base case plus one-factor-at-a-time variations. */
export const BREAK_GRID: readonly BreakCase[] = [
  { label: 'base: ρ=0.5, 48 m, Gaussian', months: 48, dgp: BASE },
  { label: 'ρ=0', months: 48, dgp: { ...BASE, rho: 0 } },
  { label: 'ρ=0.8', months: 48, dgp: { ...BASE, rho: 0.8 } },
  { label: 't(5) shocks', months: 48, dgp: { ...BASE, tDf: 5 } },
  { label: '24 m', months: 24, dgp: BASE },
  { label: '60 m', months: 60, dgp: BASE },
  { label: '24 m at ρ=0.8', months: 24, dgp: { ...BASE, rho: 0.8 }, misspecified: true },
];

/** The stated effect for power rows: a permanent level break of this many log points. */
export const BREAK_EFFECT = 0.3;

/** The methods of this section. */
export type BreakMethod = 'chowTest iid' | 'chowTest ar1' | 'supF iid' | 'supF ar1';

/** Draws for supF's simulated p-value in the harness (its Monte Carlo error is small against the bands). */
const SUPF_DRAWS = 500;

const KEY = { reporter: 'SYNTHETIC', partner: 'XX', flow: 'export', product: 'TOTAL' } as const;

/** Index of the break: two thirds of the way through the series. */
function breakIndex(months: number): number {
  return Math.round((2 * months) / 3);
}

/**
 * Rejection count of one break test at 5% on one case, without (`effect` 0) or with a level break of `effect`
 * log points at two thirds of the series.
 */
export function runBreakCase(
  c: BreakCase,
  method: BreakMethod,
  effect: number,
  reps: number,
  seed: number,
): { rejected: number; reps: number; failed: number; warned: number } {
  const rng = createRng(seed);
  const at = breakIndex(c.months);
  const dgp: TradeDgp = {
    ...c.dgp,
    months: c.months,
    start: '2019-01',
    ...(effect !== 0 ? { effect: { at, size: effect } } : {}),
  };
  const errors = method.endsWith('ar1') ? 'ar1' : 'iid';
  let rejected = 0;
  let done = 0;
  let failed = 0;
  let warned = 0;
  for (let r = 0; r < reps; r++) {
    const s = drawSeries(dgp, rng);
    const series = makeSeries({ key: KEY, currency: 'EUR', start: dgp.start, values: Array.from(s.values) });
    let p: number | null;
    let warnings: readonly string[];
    if (method.startsWith('chowTest')) {
      const t = chowTest(series, { breakAt: s.periods[at]!, breakIn: 'level', errors });
      p = t.p;
      warnings = t.warnings;
    } else {
      const t = supF(series, { breakIn: 'level', errors, simulate: { draws: SUPF_DRAWS, seed: seed + r } });
      p = t.p;
      warnings = t.warnings;
    }
    if (p === null) {
      failed++;
      continue;
    }
    done++;
    if (warnings.some((w) => /autocorrelated|unit root|too few residual|residual degrees of freedom/.test(w)))
      warned++;
    if (p <= 0.05) rejected++;
  }
  return { rejected, reps: done, failed, warned };
}

/**
 * Coverage of `excess().total.interval` (seasonalTrend baseline, fit window of `c.months` ending 2022-01, 30
 * months summed from 2022-03) of the true cumulative excess: the sum over the window of the actual value minus
 * the same draw without the effect.
 */
export function runExcessCase(
  c: BreakCase,
  effect: number,
  reps: number,
  seed: number,
): { covered: number; reps: number; failed: number } {
  const rng = createRng(seed);
  const horizon = 30;
  const start = monthAt('2022-01', -(c.months - 1));
  const at = c.months + 1;
  const dgp: TradeDgp = {
    ...c.dgp,
    months: c.months + 1 + horizon,
    start,
    ...(effect !== 0 ? { effect: { at, size: effect } } : {}),
  };
  const baseline = seasonalTrend();
  let covered = 0;
  let done = 0;
  let failed = 0;
  for (let r = 0; r < reps; r++) {
    const s = drawSeries(dgp, rng);
    const series = makeSeries({ key: KEY, currency: 'EUR', start, values: Array.from(s.values) });
    let truth = 0;
    for (let i = at; i < dgp.months; i++) truth += s.values[i]! * (1 - Math.exp(-effect));
    try {
      const cf = baseline.fit(series);
      const ex = excess(series, cf, { from: '2022-03', to: monthAt('2022-03', horizon - 1) });
      const iv = ex.total.interval;
      if (iv === null || iv.lower === null || iv.upper === null) {
        failed++;
        continue;
      }
      done++;
      if (iv.lower <= truth && truth <= iv.upper) covered++;
    } catch {
      failed++;
    }
  }
  return { covered, reps: done, failed };
}

const METHODS: readonly BreakMethod[] = ['chowTest iid', 'chowTest ar1', 'supF iid', 'supF ar1'];

export const section: CalibrationSection = {
  title: 'Break tests (chowTest, supF) and the excess interval',
  description:
    'SYNTHETIC monthly log series: trend 5%/yr, seasonal amplitude 0.3, AR(1) errors with marginal sd 0.12 ' +
    '(Gaussian unless stated). `chowTest` tests a level break (`breakIn: level`, seasonalTrend design) at two ' +
    'thirds of the series, `supF` scans for one (15% trimming, simulated p-value, 500 draws); size without a ' +
    `break, power against a level break of ${BREAK_EFFECT} log points there. \`iid\` is \`errors: 'iid'\` (the ` +
    "classic F), `ar1` the default `errors: 'ar1'` (REML AR(1), feasible GLS). `excess` rows: coverage of the " +
    'true cumulative excess by `excess().total.interval` of a seasonalTrend counterfactual fitted on the window ' +
    `(30 months summed), with no effect and with a +${BREAK_EFFECT} effect.`,
  defaultReps: 200,
  async run({ reps, seed, progress }) {
    const rows: CalibrationRow[] = [];
    for (const method of METHODS) {
      for (const [ci, c] of BREAK_GRID.entries()) {
        // The classic F claims independent Gaussian errors only.
        const claimed = !c.misspecified && (method.endsWith('ar1') || (c.dgp.rho === 0 && !c.dgp.tDf));
        const size = runBreakCase(c, method, 0, reps, seed + 100 * ci);
        const power = runBreakCase(c, method, BREAK_EFFECT, reps, seed + 100 * ci + 50);
        progress(
          `${method} · ${c.label}: size ${size.rejected}/${size.reps}, power ${power.rejected}/${power.reps}`,
        );
        const note = (r: { failed: number; warned: number }) =>
          [r.failed ? `${r.failed} without p` : '', r.warned ? `warned in ${r.warned}` : '']
            .filter(Boolean)
            .join('; ');
        rows.push({
          method,
          dgp: `${c.label}${method.endsWith('iid') && c.dgp.rho !== 0 ? ' (iid assumed)' : ''}`,
          claimed,
          kind: 'size',
          nominal: 0.05,
          reps: size.reps,
          hits: size.rejected,
          note: note(size) || 'no break',
        });
        rows.push({
          method,
          dgp: c.label,
          claimed,
          kind: 'power',
          nominal: 0.05,
          reps: power.reps,
          hits: power.rejected,
          note: [`level break ${BREAK_EFFECT}`, note(power)].filter(Boolean).join('; '),
        });
      }
    }
    for (const [ci, c] of BREAK_GRID.entries()) {
      for (const effect of [0, BREAK_EFFECT]) {
        const r = runExcessCase(c, effect, reps, seed + 7000 + 100 * ci + (effect === 0 ? 0 : 50));
        progress(`excess · ${c.label} · effect ${effect}: ${r.covered}/${r.reps}`);
        rows.push({
          method: 'excess (seasonalTrend)',
          dgp: `${c.label}, fit ${c.months} m`,
          claimed: !c.misspecified,
          kind: 'coverage',
          nominal: 0.95,
          reps: r.reps,
          hits: r.covered,
          note: [`effect ${effect}`, r.failed ? `${r.failed} failed` : ''].filter(Boolean).join('; '),
        });
      }
    }
    return rows;
  },
};
