/**
 * Linear regression with AR(1) errors, fitted by generalised least squares and integrated over the AR coefficient:
 * the error model the linear baselines share.
 *
 * Model: y_k = x_kᵀβ + e_k at integer times t_k (gaps allowed), e stationary AR(1) with coefficient ρ and marginal
 * variance σ². With the reference prior p(β, σ²) ∝ 1/σ² and a uniform prior on ρ, the marginal posterior of ρ is the
 * restricted (REML) likelihood
 *
 *   p(ρ | y) ∝ |Σ_ρ|^{-1/2} |XᵀΣ_ρ⁻¹X|^{-1/2} RSS_ρ^{-(n-p)/2},
 *
 * with Σ_ρ the correlation matrix and RSS_ρ the GLS residual sum of squares (Harville 1974; the same criterion as
 * `nlme::gls(method = "REML")`). It is evaluated on a grid of ρ; given ρ, σ² is scaled-inverse-χ² with n − p
 * degrees of freedom and β is normal around the GLS estimate. Predictive paths draw (ρ, σ², β) from that posterior
 * and the future errors from the AR(1) conditional on the last observed residual, so a sum over a long horizon
 * carries the autocorrelation, the trend's uncertainty under that autocorrelation, ρ's own uncertainty (which
 * matters most for short windows, where the plug-in estimate is biased towards zero) and the small-sample t tails.
 *
 * Gaps: the exact AR(1) transition over d steps is e_k = ρ^d e_{k−1} + √(1 − ρ^{2d}) σ u_k, so missing months and
 * excluded periods whiten exactly (Prais–Winsten with gaps).
 *
 * Internal: not part of the public API.
 *
 * @module
 */
import { InsufficientDataError } from '../errors.js';
import { simulateAr1 } from './ar1.js';
import { fitOls, type OlsFit } from './least-squares.js';
import type { Rng } from './rng.js';

/** One node of the ρ grid: the GLS fit at that ρ and its posterior weight. */
export interface Ar1Node {
  readonly rho: number;
  /** Normalised posterior weight. */
  readonly weight: number;
  /** The GLS fit on whitened data (its `s` is the estimate of the marginal σ, its `rInv` the whitened R⁻¹). */
  readonly fit: OlsFit;
}

/** A regression with AR(1) errors, integrated over ρ. */
export interface Ar1GlsFit {
  readonly n: number;
  readonly p: number;
  /** Residual degrees of freedom, n − p. */
  readonly df: number;
  /** Observation times, ascending. */
  readonly t: Int32Array;
  /** Design (row-major n × p) and response, unwhitened. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Grid nodes with positive weight. */
  readonly nodes: readonly Ar1Node[];
  /** The node of highest posterior weight. */
  readonly mode: Ar1Node;
  /** Posterior mean of ρ. */
  readonly rhoMean: number;
  /** Central 90% posterior interval of ρ (from the grid). */
  readonly rhoInterval: readonly [number, number];
}

/** The default ρ grid: −0.95 to 0.975 in steps of 0.025 (78 nodes). */
export const RHO_GRID: readonly number[] = Array.from(
  { length: 78 },
  (_, j) => Math.round((-0.95 + 0.025 * j) * 1000) / 1000,
);

function whiten(
  x: Float64Array,
  y: Float64Array,
  t: Int32Array,
  n: number,
  p: number,
  rho: number,
  xw: Float64Array,
  yw: Float64Array,
): number {
  let logDet = 0;
  for (let j = 0; j < p; j++) xw[j] = x[j]!;
  yw[0] = y[0]!;
  for (let k = 1; k < n; k++) {
    const d = t[k]! - t[k - 1]!;
    const phi = rho ** d;
    const v = 1 - phi * phi;
    const c = 1 / Math.sqrt(v);
    logDet += Math.log(v);
    for (let j = 0; j < p; j++) xw[k * p + j] = (x[k * p + j]! - phi * x[(k - 1) * p + j]!) * c;
    yw[k] = (y[k]! - phi * y[k - 1]!) * c;
  }
  return logDet;
}

/**
 * The GLS fit at one ρ and the log restricted likelihood up to a constant,
 * −½ log|Σ_ρ| − ½ log|XᵀΣ_ρ⁻¹X| − (n − p)/2 log RSS_ρ (−∞ for an exact fit).
 */
export function glsAt(
  name: string,
  x: Float64Array,
  y: Float64Array,
  t: Int32Array,
  p: number,
  rho: number,
  xw = new Float64Array(x.length),
  yw = new Float64Array(y.length),
): { fit: OlsFit; logLik: number } {
  const n = y.length;
  const logDet = whiten(x, y, t, n, p, rho, xw, yw);
  const fit = fitOls(name, xw, yw, n, p);
  // log|XᵀΣ⁻¹X| = 2 Σ log|R_jj| = −2 Σ log|R⁻¹_jj|.
  let logDetXtX = 0;
  for (let j = 0; j < p; j++) logDetXtX -= 2 * Math.log(Math.abs(fit.rInv[j * p + j]!));
  const rss = fit.s * fit.s * (n - p);
  const lp = rss > 0 ? -0.5 * logDet - 0.5 * logDetXtX - 0.5 * (n - p) * Math.log(rss) : 0;
  return { fit, logLik: Number.isFinite(lp) ? lp : Number.NEGATIVE_INFINITY };
}

/**
 * Fit y = Xβ + e with AR(1) errors at times `t`; `rhoGrid` defaults to {@link RHO_GRID}; pass `[0]` for
 * independent errors (then the fit is ordinary least squares exactly).
 *
 * @throws {InsufficientDataError} if n ≤ p or X is rank deficient
 */
export function fitAr1Gls(
  name: string,
  x: Float64Array,
  y: Float64Array,
  t: Int32Array,
  p: number,
  rhoGrid: readonly number[] = RHO_GRID,
): Ar1GlsFit {
  const n = y.length;
  if (n <= p) {
    throw new InsufficientDataError(`${name} requires more observations than parameters, got ${n} for ${p}`);
  }
  const xw = new Float64Array(n * p);
  const yw = new Float64Array(n);
  const fits: OlsFit[] = [];
  const logPost: number[] = [];
  const df = n - p;
  for (const rho of rhoGrid) {
    const { fit, logLik } = glsAt(name, x, y, t, p, rho, xw, yw);
    fits.push(fit);
    logPost.push(logLik);
  }
  const max = Math.max(...logPost);
  const w = logPost.map((l) => (Number.isFinite(max) ? Math.exp(l - max) : 1));
  const total = w.reduce((a, b) => a + b, 0);
  const nodes: Ar1Node[] = [];
  rhoGrid.forEach((rho, j) => {
    const weight = w[j]! / total;
    if (weight > 1e-9) nodes.push({ rho, weight, fit: fits[j]! });
  });
  const wsum = nodes.reduce((a, nd) => a + nd.weight, 0);
  const normalised = nodes.map((nd) => ({ ...nd, weight: nd.weight / wsum }));
  let mode = normalised[0]!;
  let rhoMean = 0;
  for (const nd of normalised) {
    if (nd.weight > mode.weight) mode = nd;
    rhoMean += nd.weight * nd.rho;
  }
  let cum = 0;
  let lo = normalised[0]!.rho;
  let hi = normalised[normalised.length - 1]!.rho;
  let loSet = false;
  for (const nd of normalised) {
    cum += nd.weight;
    if (!loSet && cum >= 0.05) {
      lo = nd.rho;
      loSet = true;
    }
    if (cum >= 0.95) {
      hi = nd.rho;
      break;
    }
  }
  return { n, p, df, t, x, y, nodes: normalised, mode, rhoMean, rhoInterval: [lo, hi] };
}

/** Pick a node by its posterior weight. */
export function drawNode(fit: Ar1GlsFit, rng: Rng): Ar1Node {
  let u = rng.uniform();
  for (const nd of fit.nodes) {
    u -= nd.weight;
    if (u <= 0) return nd;
  }
  return fit.nodes[fit.nodes.length - 1]!;
}

/** x'β for one row. */
function dot(row: Float64Array, o: number, b: Float64Array, p: number): number {
  let f = 0;
  for (let j = 0; j < p; j++) f += row[o + j]! * b[j]!;
  return f;
}

/**
 * Simulate `draws` predictive paths at future times `times` (ascending, after the last observation) with design
 * rows `rows` (row-major H × p) into `out` (draws × H): (ρ, σ², β) from the posterior, future errors from the
 * AR(1) conditional on the last observed residual.
 */
export function simulateAr1Gls(
  fit: Ar1GlsFit,
  rows: Float64Array,
  times: Int32Array,
  draws: number,
  rng: Rng,
  out: Float64Array,
): void {
  const { p, df, n, x, y, t } = fit;
  const h = times.length;
  const b = new Float64Array(p);
  const z = new Float64Array(p);
  const tLast = t[n - 1]!;
  for (let d = 0; d < draws; d++) {
    const node = drawNode(fit, rng);
    const { beta, rInv, s } = node.fit;
    let sd = 0;
    if (s > 0) {
      const chi = rng.chiSquare(df);
      sd = chi > 0 ? s * Math.sqrt(df / chi) : s;
    }
    for (let j = 0; j < p; j++) z[j] = rng.normal();
    for (let i = 0; i < p; i++) {
      let v = 0;
      for (let j = i; j < p; j++) v += rInv[i * p + j]! * z[j]!;
      b[i] = beta[i]! + sd * v;
    }
    const o = d * h;
    const eLast = y[n - 1]! - dot(x, (n - 1) * p, b, p);
    simulateAr1(node.rho, sd, rng, out, o, h, { value: eLast, time: tLast, times });
    for (let k = 0; k < h; k++) out[o + k] = dot(rows, k * p, b, p) + out[o + k]!;
  }
}

/**
 * The plug-in predictive mean and variance at the posterior mode for one future row at time `time`: mean
 * x_fᵀβ̂ + ρ^d ê_T and variance s²[(1 − ρ^{2d}) + ‖R⁻ᵀ(x_f − ρ^d x_T)‖²].
 */
export function predictAt(
  fit: Ar1GlsFit,
  node: Ar1Node,
  row: Float64Array,
  time: number,
): { mean: number; variance: number } {
  const { p, n, x, y, t } = fit;
  const { beta, rInv, s } = node.fit;
  const d = time - t[n - 1]!;
  const phi = d > 0 ? node.rho ** d : 0;
  const eT = y[n - 1]! - dot(x, (n - 1) * p, beta, p);
  const a = new Float64Array(p);
  for (let j = 0; j < p; j++) a[j] = row[j]! - phi * x[(n - 1) * p + j]!;
  let h = 0;
  for (let j = 0; j < p; j++) {
    let v = 0;
    for (let i = 0; i <= j; i++) v += rInv[i * p + j]! * a[i]!;
    h += v * v;
  }
  return { mean: dot(row, 0, beta, p) + phi * eT, variance: s * s * (1 - phi * phi + h) };
}
