/**
 * Holt–Winters with AR(1) one-step errors, estimated by restricted likelihood: the error model of
 * {@link holtWinters}' predictive paths.
 *
 * For smoothing parameters u, the one-step fitted values are (for additive seasonality exactly, for multiplicative
 * to first order around the states z₀ of the one-step SSE fit, refreshed once) affine in the free initial states
 * z. The one-step errors e = w ⊙ (y − fitted(z)) (w = 1 for additive errors, 1/fitted for multiplicative, so e is
 * relative) are a stationary AR(1). Given u that is a linear regression with AR(1) errors, fitted by
 * `numeric/ar1-gls.ts` (GLS at each ρ of a grid, REML weights). The map from y to the errors is triangular with
 * unit diagonal, so the likelihoods of different u are comparable: u is the maximiser, over a grid of 21 smoothing
 * vectors (α × β* × γ and the SSE fit's own), of the likelihood integrated over ρ — smoothing parameters and the
 * AR coefficient estimated jointly, by likelihood as in Hyndman et al. (2008, "Forecasting with Exponential
 * Smoothing", ch. 5–6), so that the AR(1) takes the short memory the one-step SSE criterion gives to a fast level.
 * Integrating over the smoothing grid too (uniform prior) was measured: 99.5–100% coverage on the harness'
 * trend-seasonal DGPs, far too wide, so the smoothing parameters are estimated, not integrated over.
 *
 * Internal: used by holtWinters only.
 *
 * @module
 */
import { simulateAr1 } from '../../numeric/ar1.js';
import { glsAt } from '../../numeric/ar1-gls.js';
import type { OlsFit } from '../../numeric/least-squares.js';
import type { Rng } from '../../numeric/rng.js';
import {
  type HwParams,
  type HwSpec,
  hwFilter,
  hwJacobian,
  hwPath,
  initCount,
  paramsFrom,
  uFromSmoothing,
  unpackSmoothing,
  zFromInit,
} from './ets.js';

/** One node of the posterior grid: smoothing parameters, ρ, and the GLS fit of the states there. */
export interface EtsAr1Node {
  /** Smoothing vector (unconstrained coordinates of ets.ts). */
  readonly u: Float64Array;
  readonly rho: number;
  /** The GLS fit of the (weighted, linearised) response on the state columns at ρ. */
  readonly fit: OlsFit;
  /** Normalised posterior weight. */
  readonly weight: number;
}

/** Holt–Winters with AR(1) one-step errors, integrated over a grid of smoothing parameters and ρ. */
export interface EtsAr1Fit {
  readonly nodes: readonly EtsAr1Node[];
  /** Residual degrees of freedom, n − (free initial states). */
  readonly df: number;
  /** α of the estimated smoothing parameters and the posterior mean of ρ. */
  readonly alphaMean: number;
  readonly rhoMean: number;
}

/** The ρ grid: denser towards 1, where short windows cannot tell an AR(1) from a random walk. */
export const ETS_RHO_GRID: readonly number[] = [
  -0.4, -0.2, 0, 0.15, 0.3, 0.45, 0.6, 0.7, 0.8, 0.87, 0.93, 0.97,
];

interface Linearised {
  readonly x: Float64Array;
  readonly r: Float64Array;
}

function linearise(y: Float64Array, n: number, spec: HwSpec, u: Float64Array, z0: Float64Array): Linearised {
  const p = initCount(spec);
  const fitted = new Float64Array(n);
  const jac = new Float64Array(n * p);
  hwJacobian(y, n, spec, u, z0, fitted, jac);
  const mul = spec.seasonal === 'mul';
  const x = new Float64Array(n * p);
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = mul ? 1 / fitted[i]! : 1;
    let az = 0;
    for (let c = 0; c < p; c++) {
      const a = jac[c * n + i]!;
      x[i * p + c] = w * a;
      az += a * z0[c]!;
    }
    r[i] = w * (y[i]! - fitted[i]! + az);
  }
  return { x, r };
}

interface Candidate {
  readonly u: Float64Array;
  readonly fits: OlsFit[];
  readonly logLik: number[];
}

/** GLS at every ρ of the grid for smoothing u, linearised at z; null where the states are not identified. */
function candidate(
  y: Float64Array,
  n: number,
  spec: HwSpec,
  u: Float64Array,
  z: Float64Array,
  t: Int32Array,
): Candidate | null {
  const p = initCount(spec);
  const { x, r } = linearise(y, n, spec, u, z);
  for (let i = 0; i < n; i++) if (!Number.isFinite(r[i]!)) return null;
  const xw = new Float64Array(n * p);
  const yw = new Float64Array(n);
  const fits: OlsFit[] = [];
  const logLik: number[] = [];
  try {
    for (const rho of ETS_RHO_GRID) {
      const g = glsAt('holtWinters', x, r, t, p, rho, xw, yw);
      fits.push(g.fit);
      logLik.push(g.logLik);
    }
  } catch {
    return null;
  }
  return { u, fits, logLik };
}

/** The smoothing parameters of the grid: α × β* × γ/(1 − α), φ as fitted; plus the one-step SSE fit's own. */
function smoothingGrid(spec: HwSpec, start: HwParams): Float64Array[] {
  const out: Float64Array[] = [uFromSmoothing(spec, start)];
  for (const alpha of [0.01, 0.1, 0.3, 0.6, 0.95]) {
    for (const beta of spec.trend ? [0.01, 0.2] : [0]) {
      for (const g of [0.01, 0.3]) {
        out.push(uFromSmoothing(spec, { ...start, alpha, beta, gamma: g * (1 - alpha) }));
      }
    }
  }
  return out;
}

/**
 * Fit Holt–Winters with AR(1) one-step errors on a grid of smoothing parameters and ρ (see the module notes),
 * linearising multiplicative seasonality at the one-step SSE fit `start` and then, for the smoothing parameters
 * that carry weight, once more at their own GLS states (a Gauss–Newton step). Null if no node is identified.
 */
export function fitEtsAr1(y: Float64Array, n: number, spec: HwSpec, start: HwParams): EtsAr1Fit | null {
  const t = new Int32Array(n);
  for (let i = 0; i < n; i++) t[i] = i;
  const z0 = zFromInit(spec, start.l0, start.b0, start.s0);
  let cands: Candidate[] = [];
  for (const u of smoothingGrid(spec, start)) {
    const c = candidate(y, n, spec, u, z0, t);
    if (c !== null) cands.push(c);
  }
  if (cands.length === 0) return null;
  if (spec.seasonal === 'mul') {
    const w = weights(cands);
    const refreshed: Candidate[] = [];
    cands.forEach((c, i) => {
      if (w[i]! < 1e-4) return;
      const best = c.logLik.indexOf(Math.max(...c.logLik));
      const again = candidate(y, n, spec, c.u, Float64Array.from(c.fits[best]!.beta), t);
      refreshed.push(again ?? c);
    });
    cands = refreshed;
  }
  const w = weights(cands);
  // The smoothing parameters are estimated (the grid's maximum of the likelihood integrated over ρ), not
  // integrated over: with a uniform prior on the grid the paths were far too wide (module notes).
  const best = w.indexOf(Math.max(...w));
  w.fill(0);
  w[best] = 1;
  const nodes: EtsAr1Node[] = [];
  let total = 0;
  cands.forEach((c, i) => {
    const max = Math.max(...c.logLik);
    const inner = c.logLik.map((l) => Math.exp(l - max));
    const sum = inner.reduce((a, b) => a + b, 0);
    inner.forEach((v, j) => {
      const weight = (w[i]! * v) / sum;
      if (weight > 1e-9) {
        nodes.push({ u: c.u, rho: ETS_RHO_GRID[j]!, fit: c.fits[j]!, weight });
        total += weight;
      }
    });
  });
  let alphaMean = 0;
  let rhoMean = 0;
  const normalised = nodes.map((nd) => ({ ...nd, weight: nd.weight / total }));
  for (const nd of normalised) {
    alphaMean += nd.weight * unpackSmoothing(nd.u, spec).alpha;
    rhoMean += nd.weight * nd.rho;
  }
  return { nodes: normalised, df: n - initCount(spec), alphaMean, rhoMean };
}

/** Normalised weights of the candidates: each one's likelihood integrated over ρ (uniform priors on both grids). */
function weights(cands: readonly Candidate[]): number[] {
  const marg = cands.map((c) => {
    const max = Math.max(...c.logLik);
    if (!Number.isFinite(max)) return Number.NEGATIVE_INFINITY;
    return max + Math.log(c.logLik.reduce((a, l) => a + Math.exp(l - max), 0));
  });
  const max = Math.max(...marg);
  const w = marg.map((m) => (Number.isFinite(max) ? Math.exp(m - max) : 1));
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / sum);
}

function drawEtsNode(fit: EtsAr1Fit, rng: Rng): EtsAr1Node {
  let v = rng.uniform();
  for (const nd of fit.nodes) {
    v -= nd.weight;
    if (v <= 0) return nd;
  }
  return fit.nodes[fit.nodes.length - 1]!;
}

/**
 * Simulate `draws` paths of h values after the window into `out` (draws × h): per path a node (ρ, GLS fit) from
 * the posterior, σ from its scaled-inverse-χ² on n − p degrees of freedom, the initial states from their GLS
 * sampling distribution given σ, the final state by running the recursions over the data from them, and the future
 * one-step errors from the AR(1) continuing the last one.
 */
export function simulateEtsAr1(
  fit: EtsAr1Fit,
  y: Float64Array,
  n: number,
  spec: HwSpec,
  h: number,
  draws: number,
  rng: Rng,
  out: Float64Array,
): void {
  const p = initCount(spec);
  const df = fit.df;
  const z = new Float64Array(p);
  const xi = new Float64Array(p);
  const fitted = new Float64Array(n);
  const errors = new Float64Array(h);
  const times = new Int32Array(h);
  for (let k = 0; k < h; k++) times[k] = n + k;
  const mul = spec.seasonal === 'mul';
  for (let d = 0; d < draws; d++) {
    const node = drawEtsNode(fit, rng);
    const { beta, rInv, s } = node.fit;
    let sd = 0;
    if (s > 0) {
      const chi = rng.chiSquare(df);
      sd = chi > 0 ? s * Math.sqrt(df / chi) : s;
    }
    for (let j = 0; j < p; j++) xi[j] = rng.normal();
    for (let i = 0; i < p; i++) {
      let v = 0;
      for (let j = i; j < p; j++) v += rInv[i * p + j]! * xi[j]!;
      z[i] = beta[i]! + sd * v;
    }
    const par = paramsFrom(spec, node.u, z);
    const ring = new Float64Array(spec.m);
    const last = hwFilter(y, n, spec, par, fitted, ring);
    const f = fitted[n - 1]!;
    const eT = mul ? (y[n - 1]! - f) / f : y[n - 1]! - f;
    simulateAr1(node.rho, sd, rng, errors, 0, h, { value: eT, time: n - 1, times });
    hwPath({ l: last.l, b: last.b, s: ring, t: n }, spec, par, spec.seasonal, errors, out, d * h);
  }
}
