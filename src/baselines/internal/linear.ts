import type { Currency } from '../../model/currency.js';
import type { Counterfactual } from '../../model/result.js';
import type { Series } from '../../model/series.js';
import { type Ar1GlsFit, fitAr1Gls, predictAt, RHO_GRID, simulateAr1Gls } from '../../numeric/ar1-gls.js';
import { tQuantile } from '../../numeric/least-squares.js';
import { createRng } from '../../numeric/rng.js';
import type { LogPoint, PathNoise } from '../baseline.js';
import type { CommonSettings } from './options.js';
import { type FitData, horizon } from './prepare.js';
import { pathBands } from './quantiles.js';
import { buildCounterfactual, nanArray } from './result.js';

/** A linear-regression baseline: the design, the scale it works in and how paths move. */
export interface LinearSpec {
  /** Work in logs (values must be positive) or in levels. */
  readonly log: boolean;
  /** Point forecast of a log model. Ignored in levels. */
  readonly point: LogPoint;
  /** Error model: AR(1) integrated over its posterior (`'ar1'`) or independent errors (`'iid'`). */
  readonly noise: PathNoise;
  /** Names of the p coefficients. */
  readonly paramNames: readonly string[];
  /** Write the design row of series index `i` into `row` at `offset`. */
  readonly fillRow: (i: number, row: Float64Array, offset: number) => void;
  /** The design has no trend: check the fit window for one and warn (the interval does not hold under a trend). */
  readonly trendCheck?: boolean;
  /** The baseline's resolved settings; the fit window actually requested and the fitted model are added. */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** Fewest observations in a monthly window for which AR(1) errors are estimated. */
export const MIN_AR_OBS = 24;
/** |t| of a trend added to the design above which a trend-free baseline warns. */
const TREND_T = 3;
/** Posterior mean of ρ above which errors are close to a unit root for the window. */
const NEAR_UNIT_ROOT = 0.9;

/** Warnings from the error model that the harness shows to mark regimes where the interval does not hold. */
export function errorModelWarnings(fit: Ar1GlsFit, name: string): string[] {
  const out: string[] = [];
  if (fit.rhoMean > NEAR_UNIT_ROOT) {
    out.push(
      `${name}: the fit-window errors are close to a unit root (AR(1) coefficient about ${fit.rhoMean.toFixed(2)}); ` +
        'a trend or level fitted to such a window is unreliable and the interval may be too narrow',
    );
  }
  return out;
}

/** The t statistic of a linear trend added to the design, under the fitted AR(1) at its posterior mode. */
function trendT(fit: Ar1GlsFit, name: string): number {
  const { n, p, x, y, t } = fit;
  const q = p + 1;
  const xt = new Float64Array(n * q);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < p; j++) xt[k * q + j] = x[k * p + j]!;
    xt[k * q + p] = (t[k]! - t[0]!) / 12;
  }
  if (n <= q + 1) return 0;
  const withTrend = fitAr1Gls(name, xt, y, t, q, [fit.mode.rho]);
  const f = withTrend.mode.fit;
  const se = f.s * Math.abs(f.rInv[p * q + p]!);
  return se > 0 ? f.beta[p]! / se : 0;
}

/**
 * Fit a linear model of the (log) values on the fit window, with AR(1) errors by GLS integrated over the AR
 * coefficient's posterior ({@link fitAr1Gls}), and turn it into a counterfactual: expected values and prediction
 * bands over every period of the target, and simulated paths after the fit window.
 *
 * In and before the fit window the band is the t prediction interval of a new observation at the posterior-mode
 * ρ; after it the bands are quantiles of the simulated paths, which condition on the last observed residual.
 */
export function linearCounterfactual<C extends Currency>(
  target: Series<C>,
  data: FitData,
  common: CommonSettings,
  spec: LinearSpec,
): Counterfactual<C> {
  const p = spec.paramNames.length;
  const nObs = data.obs.length;
  const x = new Float64Array(nObs * p);
  const y = new Float64Array(nObs);
  for (let k = 0; k < nObs; k++) {
    const i = data.obs[k]!;
    spec.fillRow(i, x, k * p);
    const v = data.values[i]! / data.scale;
    y[k] = spec.log ? Math.log(v) : v;
  }
  // The stated order rule: AR(1) errors on monthly windows of at least MIN_AR_OBS observations; shorter or annual
  // windows cannot estimate an autocorrelation and fall back to independent errors (with a warning when monthly).
  const canAr = data.frequency === 'monthly' && nObs >= MIN_AR_OBS;
  const noise: PathNoise = spec.noise === 'ar1' && canAr ? 'ar1' : 'iid';
  const fit = fitAr1Gls(data.name, x, y, data.obs, p, noise === 'iid' ? [0] : RHO_GRID);
  const mode = fit.mode;
  const q = tQuantile(common.level, fit.df);
  const n = data.periods.length;
  const expected = nanArray(n);
  const lower = nanArray(n);
  const upper = nanArray(n);
  const row = new Float64Array(p);
  const scale = data.scale;
  const back = (v: number): number => (spec.log ? Math.exp(v) : v) * scale;
  // With independent errors the predictive is exactly Student t, so every band is analytic (statsmodels'
  // obs_ci); with AR(1) errors the bands after the fit window are quantiles of the paths.
  const analyticEnd = noise === 'iid' ? n - 1 : data.end;
  for (let i = 0; i <= analyticEnd; i++) {
    spec.fillRow(i, row, 0);
    const { mean, variance } = predictAt(fit, mode, row, Number.NEGATIVE_INFINITY);
    const half = q * Math.sqrt(variance);
    expected[i] = back(spec.log && spec.point === 'mean' ? mean + 0.5 * variance : mean);
    lower[i] = back(mean - half);
    upper[i] = back(mean + half);
  }
  const H = horizon(data);
  let paths: Float64Array | null = null;
  if (H > 0) {
    const rows = new Float64Array(H * p);
    const times = new Int32Array(H);
    for (let k = 0; k < H; k++) {
      spec.fillRow(data.end + 1 + k, rows, k * p);
      times[k] = data.end + 1 + k;
      // Expected value: the plug-in predictive at the posterior-mode ρ (its lognormal mean in logs). A mixture over
      // the ρ grid would let near-unit-root nodes, whose variance is huge, dominate the lognormal mean.
      const pr = predictAt(fit, mode, rows.subarray(k * p, (k + 1) * p), times[k]!);
      const m = spec.log && spec.point === 'mean' ? pr.mean + 0.5 * pr.variance : pr.mean;
      expected[data.end + 1 + k] = back(m);
    }
    paths = new Float64Array(common.draws * H);
    simulateAr1Gls(fit, rows, times, common.draws, createRng(common.seed), paths);
    if (spec.log) for (let k = 0; k < paths.length; k++) paths[k] = Math.exp(paths[k]!) * scale;
    else for (let k = 0; k < paths.length; k++) paths[k] = paths[k]! * scale;
    if (noise !== 'iid') {
      const lo = (1 - common.level) / 2;
      pathBands(paths, common.draws, H, lo, 1 - lo, lower, upper, data.end + 1);
    }
  }
  const failedChecks = noise === 'iid' ? [] : errorModelWarnings(fit, data.name);
  if (spec.trendCheck) {
    const tt = trendT(fit, data.name);
    if (Math.abs(tt) > TREND_T) {
      failedChecks.push(
        `${data.name} assumes no trend, but the fit window has one (t = ${tt.toFixed(1)} for a linear trend under ` +
          'AR(1) errors): the counterfactual and its interval do not hold; prefer a trend baseline',
      );
    }
  }
  const warnings = [...failedChecks];
  if (spec.noise === 'ar1' && !canAr && data.frequency === 'monthly') {
    warnings.push(
      `${data.name}: only ${nObs} observed months in the fit window, too few to estimate the errors' autocorrelation ` +
        `(needs ${MIN_AR_OBS}); the interval assumes independent errors and is too narrow if they are correlated`,
    );
  }
  // Report coefficients in the series' own units: undo the internal normalisation by `scale`.
  const coefficients: Record<string, number> = {};
  spec.paramNames.forEach((name, j) => {
    const b = mode.fit.beta[j]!;
    coefficients[name] = spec.log ? (name === 'const' ? b + Math.log(scale) : b) : b * scale;
  });
  return buildCounterfactual(target, data, common, {
    expected,
    lower,
    upper,
    paths,
    draws: common.draws,
    warnings,
    failedChecks,
    settings: {
      ...spec.settings,
      fit: data.requested,
      model: {
        scale: spec.log ? 'log' : 'level',
        coefficients,
        residualSd: spec.log ? mode.fit.s : mode.fit.s * scale,
        df: fit.df,
        ar1: fit.rhoMean,
        ar1Interval: fit.rhoInterval,
        errors: noise === 'iid' ? 'independent' : 'AR(1), GLS, integrated over the REML posterior of ρ',
      },
    },
  });
}
