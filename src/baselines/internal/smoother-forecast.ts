import { simulateAr1 } from '../../numeric/ar1.js';
import { type Ar1GlsFit, drawNode, fitAr1Gls, RHO_GRID } from '../../numeric/ar1-gls.js';
import type { Rng } from '../../numeric/rng.js';
import { MIN_AR_OBS } from './linear.js';
import { type FitData, monthsOf } from './prepare.js';

/**
 * Forecast uncertainty of a procedure that is a linear map of the window's values (STL with fixed robustness
 * weights, followed by a line or a drift through the adjusted series and the last year's seasonal): its forecast
 * is f = W z, so under y = (trend + seasonal) + e with W reproducing trend and seasonal, the forecast error is
 * e_f − W e_w, whose distribution follows from the errors' AR(1) model exactly — including the seasonal
 * component's own estimation error and the smoother's overfitting of the window, which plug-in residuals miss.
 */
export interface SmootherForecast {
  /** W, row-major H × m: forecast k of the unit vector at window position j. */
  readonly w: Float64Array;
  readonly m: number;
  readonly h: number;
}

/** Build W by running `procedure` on the m unit vectors. */
export function forecastMatrix(
  m: number,
  h: number,
  procedure: (z: Float64Array) => Float64Array,
): SmootherForecast {
  const w = new Float64Array(h * m);
  const e = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    e.fill(0);
    e[j] = 1;
    const f = procedure(e);
    for (let k = 0; k < h; k++) w[k * m + j] = f[k]!;
  }
  return { w, m, h };
}

/**
 * The errors' model: a seasonal trend regression (constant, time, month dummies) with AR(1) errors on the observed
 * values of the window in the working scale — the class of series STL's trend and seasonal describe.
 */
export function errorModel(name: string, data: FitData, z: Float64Array, ar: boolean): Ar1GlsFit {
  const months = monthsOf(data.periods);
  const nObs = data.obs.length;
  const present = new Set<number>();
  for (const i of data.obs) present.add(months[i]!);
  const monthCols = [...present].sort((a, b) => a - b).slice(1);
  const p = 2 + monthCols.length;
  const x = new Float64Array(nObs * p);
  const y = new Float64Array(nObs);
  for (let k = 0; k < nObs; k++) {
    const i = data.obs[k]!;
    x[k * p] = 1;
    x[k * p + 1] = (i - data.start) / 12;
    monthCols.forEach((mm, c) => {
      x[k * p + 2 + c] = months[i] === mm ? 1 : 0;
    });
    y[k] = z[i - data.start]!;
  }
  const useAr = ar && data.frequency === 'monthly' && nObs >= MIN_AR_OBS;
  return fitAr1Gls(name, x, y, data.obs, p, useAr ? RHO_GRID : [0]);
}

/** Var(e_f,k − w_kᵀ e_w) / σ² under AR(1) with coefficient ρ, for k = 0..h−1 (future position m + k). */
export function errorVariance(sf: SmootherForecast, rho: number): Float64Array {
  const { w, m, h } = sf;
  const pow = new Float64Array(m + h + 1);
  pow[0] = 1;
  for (let d = 1; d < pow.length; d++) pow[d] = pow[d - 1]! * rho;
  const out = new Float64Array(h);
  for (let k = 0; k < h; k++) {
    let quad = 0;
    let cross = 0;
    const o = k * m;
    for (let a = 0; a < m; a++) {
      const wa = w[o + a]!;
      if (wa === 0) continue;
      let s = 0;
      for (let b = 0; b < m; b++) s += pow[Math.abs(a - b)]! * w[o + b]!;
      quad += wa * s;
      cross += wa * pow[m + k - a]!;
    }
    out[k] = Math.max(0, 1 + quad - 2 * cross);
  }
  return out;
}

/**
 * Paths f_k + (e_f,k − w_kᵀ e_w) into `out` (draws × h), with (ρ, σ²) drawn from the error model's posterior and
 * the errors over window and horizon drawn jointly from the stationary AR(1).
 */
export function simulateSmootherPaths(
  sf: SmootherForecast,
  fit: Ar1GlsFit,
  f: Float64Array,
  draws: number,
  rng: Rng,
  out: Float64Array,
): void {
  const { w, m, h } = sf;
  const e = new Float64Array(m + h);
  for (let d = 0; d < draws; d++) {
    const node = drawNode(fit, rng);
    const s = node.fit.s;
    const chi = rng.chiSquare(fit.df);
    const sd = s > 0 && chi > 0 ? s * Math.sqrt(fit.df / chi) : s;
    simulateAr1(node.rho, sd, rng, e, 0, m + h);
    for (let k = 0; k < h; k++) {
      let we = 0;
      const o = k * m;
      for (let j = 0; j < m; j++) we += w[o + j]! * e[j]!;
      out[d * h + k] = f[k]! + e[m + k]! - we;
    }
  }
}
