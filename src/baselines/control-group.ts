import { InsufficientDataError } from '../errors.js';
import { fitAr1Gls, RHO_GRID, simulateAr1Gls } from '../numeric/ar1-gls.js';
import { tQuantile } from '../numeric/least-squares.js';
import { createRng } from '../numeric/rng.js';
import type { Baseline, BaselineOptions, PathNoise } from './baseline.js';
import { alignTo, requireSeries, seriesLabels } from './internal/align.js';
import { commonSettings, defineBaseline } from './internal/define.js';
import { errorModelWarnings, MIN_AR_OBS } from './internal/linear.js';
import { COMMON_KEYS, checkEnum, checkKeys, resolveCommon, resolveNoise } from './internal/options.js';
import { horizon, prepareFit } from './internal/prepare.js';
import { pathBands } from './internal/quantiles.js';
import { buildCounterfactual, nanArray } from './internal/result.js';

/** Options of {@link controlGroup}. */
export interface ControlGroupOptions extends BaselineOptions {
  /**
   * `'log'` (default): means are geometric and the gap is log(treated) − log(control index), so the counterfactual
   * follows the controls' percentage change; `'level'`: arithmetic means and a relative gap in levels.
   */
  readonly scale?: 'log' | 'level';
  /**
   * How several controls make one control index: `'mean'` (default) averages each control rebased to its own
   * fit-window mean (every control counts equally, available controls only); `'sum'` adds their values (big
   * partners dominate; a period needs every control).
   */
  readonly combine?: 'mean' | 'sum';
  /** Path noise between periods (default `'ar1'`, from the gap's autocorrelation); see {@link PathNoise}. */
  readonly noise?: PathNoise;
}

const NAME = 'controlGroup';

/**
 * Control-group (difference-in-differences) baseline: the target is expected to follow the controls' change from
 * the fit window, expected_t = treated pre-mean × control_t / control pre-mean — in logs (geometric means,
 * default) or levels. `context.controls` carries the control series (same currency and frequency).
 *
 * Uncertainty comes from the fit-window dispersion of the treated − control gap (log or relative): per-period
 * bands are t prediction intervals, expected × exp(± t·s·√(1 + 1/n)) in logs, expected ± t·s·√(1 + 1/n)·pre-mean
 * in levels. After the window, the gap is modelled as a constant with AR(1) errors (default; GLS with ρ
 * integrated over its REML posterior, as the linear baselines; independent errors with `noise: 'iid'` or fewer
 * than 24 observed months): paths draw (ρ, σ², constant) from that posterior and the future gaps from the AR(1)
 * conditional on the last observed gap, and the per-period bands after the window are the paths' quantiles. This
 * carries the pre-mean's uncertainty under autocorrelation into a cumulative interval (before, with plug-in
 * lag-1 noise and an independent-errors pre-mean, a nominal 95% interval of a 30-month sum covered 90% / 86.5% /
 * 78.5% at ρ = 0 / 0.5 / 0.7; see `bench/README.md`). The claimed data: log target − log control index is
 * stationary AR(1) around a constant (parallel trends and seasonality). Periods where the control index is undefined get `null`; then no paths if any is after the window.
 * Zero or negative values are dropped (with a warning) in logs.
 *
 * @param options - fit window, level, seed, draws, scale, combine, noise
 * @returns a {@link Baseline}
 * @throws {OptionsError} for an unknown option or invalid value; at fit time without `context.controls`
 * @throws {UnitMismatchError} at fit time if a control has another frequency or currency
 * @example
 * const months = (f: (t: number) => number) => Array.from({ length: 48 }, (_, t) => f(t)); // 2019-01..2022-12
 * const kg = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
 *   currency: 'EUR', start: '2019-01', values: months((t) => 2e7 * (1.1 + Math.sin(t / 1.9)) * (t >= 38 ? 3 : 1)) });
 * const ge = makeSeries({ key: { ...kg.key, partner: 'GE' }, currency: 'EUR', start: '2019-01',
 *   values: months((t) => 9e7 * (1.2 + Math.sin(t / 1.9)) * (1 + 0.01 * t)) });
 * const cf = controlGroup().fit(kg, { controls: [ge] });
 * (cf.settings.model as { controls: string[] }).controls; // => ['GE']
 */
export function controlGroup(options: ControlGroupOptions = {}): Baseline {
  checkKeys(NAME, options, [...COMMON_KEYS, 'scale', 'combine', 'noise']);
  const common = resolveCommon(NAME, options);
  const scale = checkEnum(NAME, 'scale', options.scale, ['log', 'level'], 'log');
  const combine = checkEnum(NAME, 'combine', options.combine, ['mean', 'sum'], 'mean');
  const noise = resolveNoise(NAME, options.noise);
  const settings = { ...commonSettings(common), scale, combine, noise };
  const log = scale === 'log';
  return defineBaseline(NAME, settings, (target, context) => {
    const controls = requireSeries(NAME, 'controls', context?.controls);
    const aligned = controls.map((c) => alignTo(NAME, 'controls', target, c));
    const data = prepareFit(NAME, target, common, { minObs: 3, positive: log });
    const { values, periods } = data;
    const n = periods.length;
    const warnings: string[] = [];
    if (log) {
      let dropped = 0;
      for (const a of aligned) {
        for (let i = 0; i < n; i++) {
          if (a[i]! <= 0) {
            a[i] = Number.NaN;
            dropped++;
          }
        }
      }
      if (dropped > 0)
        warnings.push(`${dropped} zero or negative control value(s) treated as missing (log scale)`);
    }
    // Each control's own fit-window mean (geometric in logs), over the target's usable fit periods.
    const mean = (x: Float64Array, idx: Iterable<number>): number => {
      let s = 0;
      let k = 0;
      for (const i of idx) {
        const v = x[i]!;
        if (Number.isNaN(v)) continue;
        s += log ? Math.log(v) : v;
        k++;
      }
      return k === 0 ? Number.NaN : log ? Math.exp(s / k) : s / k;
    };
    const index = new Float64Array(n).fill(Number.NaN);
    let partial = 0;
    if (combine === 'mean') {
      const base = aligned.map((a) => mean(a, data.obs));
      for (let i = 0; i < n; i++) {
        let s = 0;
        let k = 0;
        aligned.forEach((a, j) => {
          const v = a[i]!;
          const b = base[j]!;
          if (Number.isNaN(v) || !(b > 0 || (!log && b !== 0))) return;
          s += log ? Math.log(v / b) : v / b;
          k++;
        });
        if (k > 0) index[i] = log ? Math.exp(s / k) : s / k;
        if (k > 0 && k < aligned.length) partial++;
      }
    } else {
      for (let i = 0; i < n; i++) {
        let s = 0;
        let ok = true;
        for (const a of aligned) {
          if (Number.isNaN(a[i]!)) ok = false;
          else s += a[i]!;
        }
        if (ok && (!log || s > 0)) index[i] = s;
      }
    }
    if (partial > 0) {
      warnings.push(
        `the control index rests on only some controls in ${partial} period(s) where others are missing`,
      );
    }
    const pre: number[] = [];
    for (const i of data.obs) if (!Number.isNaN(index[i]!) && (!log || index[i]! > 0)) pre.push(i);
    const m = pre.length;
    if (m < 3) {
      throw new InsufficientDataError(
        `${NAME} requires at least 3 fit-window periods where both the target and the controls are observed, got ${m}`,
      );
    }
    const treatedMean = mean(values, pre);
    const controlMean = mean(index, pre);
    if (!(Math.abs(controlMean) > 0) || !(Math.abs(treatedMean) > 0)) {
      throw new InsufficientDataError(
        `${NAME} requires non-zero fit-window means of the target and the controls`,
      );
    }
    const gaps = new Float64Array(m);
    let ss = 0;
    pre.forEach((i, k) => {
      const g = log
        ? Math.log(values[i]! / treatedMean) - Math.log(index[i]! / controlMean)
        : values[i]! / treatedMean - index[i]! / controlMean;
      gaps[k] = g;
      ss += g * g;
    });
    const df = m - 1;
    const sd = Math.sqrt(ss / df);
    const inflate = Math.sqrt(1 + 1 / m);
    const half = tQuantile(common.level, df) * sd * inflate;
    const expected = nanArray(n);
    const lower = nanArray(n);
    const upper = nanArray(n);
    for (let i = 0; i < n; i++) {
      const c = index[i]!;
      if (Number.isNaN(c)) continue;
      const e = (treatedMean * c) / controlMean;
      expected[i] = e;
      lower[i] = log ? e * Math.exp(-half) : e - half * treatedMean;
      upper[i] = log ? e * Math.exp(half) : e + half * treatedMean;
    }
    // The gap's error model: a constant with AR(1) errors by GLS, ρ integrated over its REML posterior (the stated
    // order rule of the linear baselines: AR(1) on monthly windows of at least MIN_AR_OBS observations).
    const times = Int32Array.from(pre);
    const canAr = data.frequency === 'monthly' && m >= MIN_AR_OBS;
    const useAr = noise === 'ar1' && canAr;
    const ones = new Float64Array(m).fill(1);
    const gapFit = fitAr1Gls(NAME, ones, gaps, times, 1, useAr ? RHO_GRID : [0]);
    if (noise === 'ar1' && !canAr && data.frequency === 'monthly') {
      warnings.push(
        `${NAME}: only ${m} observed months in the fit window, too few to estimate the gap's autocorrelation ` +
          `(needs ${MIN_AR_OBS}); the interval assumes independent errors and is too narrow if they are correlated`,
      );
    }
    const failedChecks = useAr ? errorModelWarnings(gapFit, NAME) : [];
    warnings.push(...failedChecks);
    const rho = gapFit.rhoMean;
    const H = horizon(data);
    let paths: Float64Array | null = null;
    if (H > 0) {
      let missing = 0;
      for (let k = 0; k < H; k++) if (Number.isNaN(expected[data.end + 1 + k]!)) missing++;
      if (missing > 0) {
        warnings.push(
          `the control index is missing in ${missing} period(s) after the fit window, so no paths`,
        );
      } else {
        paths = new Float64Array(common.draws * H);
        const rows = new Float64Array(H).fill(1);
        const future = new Int32Array(H);
        for (let k = 0; k < H; k++) future[k] = data.end + 1 + k;
        simulateAr1Gls(gapFit, rows, future, common.draws, createRng(common.seed), paths);
        for (let d = 0; d < common.draws; d++) {
          for (let k = 0; k < H; k++) {
            const ex = expected[data.end + 1 + k]!;
            const g = paths[d * H + k]!;
            paths[d * H + k] = log ? ex * Math.exp(g) : ex + treatedMean * g;
          }
        }
        if (useAr) {
          const lo = (1 - common.level) / 2;
          pathBands(paths, common.draws, H, lo, 1 - lo, lower, upper, data.end + 1);
        }
      }
    }
    return buildCounterfactual(target, data, common, {
      expected,
      lower,
      upper,
      paths,
      draws: common.draws,
      warnings,
      failedChecks,
      settings: {
        ...settings,
        fit: data.requested,
        model: {
          controls: seriesLabels(controls.map((c) => c.key)),
          treatedPreMean: treatedMean,
          controlPreMean: controlMean,
          gapSd: sd,
          df,
          ar1: rho,
          ar1Interval: gapFit.rhoInterval,
          errors: useAr
            ? 'gap: constant with AR(1) errors, GLS, integrated over the REML posterior of ρ'
            : 'gap: constant with independent errors',
        },
      },
    });
  });
}
