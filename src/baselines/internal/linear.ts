import type { Currency } from '../../model/currency.js';
import type { Counterfactual } from '../../model/result.js';
import type { Series } from '../../model/series.js';
import {
  fitOls,
  lag1,
  leverage,
  predictRow,
  simulateLinear,
  tQuantile,
} from '../../numeric/least-squares.js';
import { createRng } from '../../numeric/rng.js';
import type { LogPoint, PathNoise } from '../baseline.js';
import type { CommonSettings } from './options.js';
import { type FitData, horizon } from './prepare.js';
import { buildCounterfactual, nanArray } from './result.js';

/** A linear-regression baseline: the design, the scale it works in and how paths move. */
export interface LinearSpec {
  /** Work in logs (values must be positive) or in levels. */
  readonly log: boolean;
  /** Point forecast of a log model. Ignored in levels. */
  readonly point: LogPoint;
  /** Path noise. */
  readonly noise: PathNoise;
  /** Names of the p coefficients. */
  readonly paramNames: readonly string[];
  /** Write the design row of series index `i` into `row` at `offset`. */
  readonly fillRow: (i: number, row: Float64Array, offset: number) => void;
  /** The baseline's resolved settings; the fit window actually requested and the fitted model are added. */
  readonly settings: Readonly<Record<string, unknown>>;
}

/**
 * Fit a linear model of the (log) values on the fit window and turn it into a counterfactual: expected values and
 * t prediction bands over every period of the target, and simulated paths (parameter and noise uncertainty) after
 * the fit window.
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
  const fit = fitOls(data.name, x, y, nObs, p);
  const q = tQuantile(common.level, fit.df);
  const n = data.periods.length;
  const expected = nanArray(n);
  const lower = nanArray(n);
  const upper = nanArray(n);
  const row = new Float64Array(p);
  const s2 = fit.s * fit.s;
  const scale = data.scale;
  for (let i = 0; i < n; i++) {
    spec.fillRow(i, row, 0);
    const mu = predictRow(fit, row);
    const h = leverage(fit, row);
    const half = q * fit.s * Math.sqrt(1 + h);
    if (spec.log) {
      expected[i] = Math.exp(spec.point === 'mean' ? mu + 0.5 * s2 * (1 + h) : mu) * scale;
      lower[i] = Math.exp(mu - half) * scale;
      upper[i] = Math.exp(mu + half) * scale;
    } else {
      expected[i] = mu * scale;
      lower[i] = (mu - half) * scale;
      upper[i] = (mu + half) * scale;
    }
  }
  const rho = spec.noise === 'ar1' ? lag1(fit.residuals, data.obs) : 0;
  const H = horizon(data);
  let paths: Float64Array | null = null;
  if (H > 0) {
    const rows = new Float64Array(H * p);
    for (let k = 0; k < H; k++) spec.fillRow(data.end + 1 + k, rows, k * p);
    paths = new Float64Array(common.draws * H);
    simulateLinear(fit, rows, H, common.draws, rho, createRng(common.seed), paths);
    if (spec.log) for (let k = 0; k < paths.length; k++) paths[k] = Math.exp(paths[k]!) * scale;
    else for (let k = 0; k < paths.length; k++) paths[k] = paths[k]! * scale;
  }
  // Report coefficients in the series' own units: undo the internal normalisation by `scale`.
  const coefficients: Record<string, number> = {};
  spec.paramNames.forEach((name, j) => {
    const b = fit.beta[j]!;
    coefficients[name] = spec.log ? (name === 'const' ? b + Math.log(scale) : b) : b * scale;
  });
  return buildCounterfactual(target, data, common, {
    expected,
    lower,
    upper,
    paths,
    draws: common.draws,
    settings: {
      ...spec.settings,
      fit: data.requested,
      model: {
        scale: spec.log ? 'log' : 'level',
        coefficients,
        residualSd: spec.log ? fit.s : fit.s * scale,
        df: fit.df,
        ar1: rho,
      },
    },
  });
}
