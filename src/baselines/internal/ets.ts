/**
 * Holt–Winters exponential smoothing in statsmodels' `ExponentialSmoothing` parametrisation (error-correction
 * form; Hyndman et al. 2008), on typed arrays. Additive or no trend (optionally damped), additive or
 * multiplicative seasonality:
 *
 *   L_t = l_{t−1} + φ b_{t−1};  ŷ_t = L_t + s_{t−m}  (or L_t · s_{t−m})
 *   l_t = α (y_t − s_{t−m}) + (1 − α) L_t          (or α y_t / s_{t−m} + …)
 *   b_t = β (l_t − l_{t−1}) + (1 − β) φ b_{t−1}
 *   s_t = γ (y_t − L_t) + (1 − γ) s_{t−m}          (or γ y_t / L_t + …)
 *
 * `beta` is statsmodels' `smoothing_trend` (β*, so the ETS β is α·β*).
 */

import type { Rng } from '../../numeric/rng.js';
import { nelderMead } from './nelder-mead.js';

export type SeasonalKind = 'add' | 'mul';

/** Model structure. */
export interface HwSpec {
  readonly trend: boolean;
  readonly damped: boolean;
  readonly seasonal: SeasonalKind;
  /** Seasonal period. */
  readonly m: number;
}

/** Smoothing parameters and initial states. `s0[j]` is the seasonal of observation j (j < m). */
export interface HwParams {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  readonly phi: number;
  readonly l0: number;
  readonly b0: number;
  readonly s0: Float64Array;
}

/** State after the last observation: level, trend and the seasonal ring (`s[t % m]` serves observation t). */
export interface HwState {
  readonly l: number;
  readonly b: number;
  readonly s: Float64Array;
  /** Index of the next observation. */
  readonly t: number;
}

/**
 * Run the recursions over y. Writes one-step-ahead fitted values into `fitted` (if given) and returns the sum of
 * squared errors and the final state. `y === null` runs on zeros (for the linear-response columns).
 */
export function hwFilter(
  y: Float64Array | null,
  n: number,
  spec: HwSpec,
  par: HwParams,
  fitted: Float64Array | null,
  ring: Float64Array,
): { sse: number; l: number; b: number } {
  const out = new Float64Array(2);
  const sse = filterCore(
    y,
    n,
    spec,
    par.alpha,
    par.beta,
    par.gamma,
    par.phi,
    par.l0,
    par.b0,
    par.s0,
    fitted,
    0,
    ring,
    out,
  );
  return { sse, l: out[0]!, b: out[1]! };
}

/**
 * The recursions with positional arguments (monomorphic and allocation-free for the optimiser's hot loop).
 * Fitted values go to `fitted[offset…]` when `fitted` is given; the final level and trend to `last`.
 */
function filterCore(
  y: Float64Array | null,
  n: number,
  spec: HwSpec,
  alpha: number,
  betaIn: number,
  gamma: number,
  phiIn: number,
  l0: number,
  b0: number,
  s0: Float64Array,
  fitted: Float64Array | null,
  offset: number,
  ring: Float64Array,
  last: Float64Array | null,
): number {
  const m = spec.m;
  const mul = spec.seasonal === 'mul';
  const trend = spec.trend;
  const beta = trend ? betaIn : 0;
  const phi = trend ? phiIn : 0;
  let l = l0;
  let b = trend ? b0 : 0;
  ring.set(s0);
  let sse = 0;
  for (let i = 0, j = 0; i < n; i++, j = j + 1 === m ? 0 : j + 1) {
    const L = l + phi * b;
    const si = ring[j]!;
    const yi = y === null ? 0 : y[i]!;
    const yhat = mul ? L * si : L + si;
    const e = yi - yhat;
    sse += e * e;
    if (fitted !== null) fitted[offset + i] = yhat;
    const ln = mul ? (alpha * yi) / si + (1 - alpha) * L : alpha * (yi - si) + (1 - alpha) * L;
    if (trend) b = beta * (ln - l) + (1 - beta) * phi * b;
    ring[j] = mul ? (gamma * yi) / L + (1 - gamma) * si : gamma * (yi - L) + (1 - gamma) * si;
    l = ln;
  }
  if (last !== null) {
    last[0] = l;
    last[1] = b;
  }
  return sse;
}

/** Final state of a filter run over n observations. */
export function hwState(y: Float64Array, n: number, spec: HwSpec, par: HwParams): HwState {
  const ring = new Float64Array(spec.m);
  const { l, b } = hwFilter(y, n, spec, par, null, ring);
  return { l, b, s: ring, t: n };
}

/** Point forecasts for the h observations after the state: (l + Σ_{j ≤ k} φ^j b) ⊕ s. */
export function hwForecast(state: HwState, spec: HwSpec, par: HwParams, h: number): Float64Array {
  const out = new Float64Array(h);
  const phi = spec.trend ? par.phi : 0;
  let damp = 0;
  let pk = 1;
  for (let k = 0; k < h; k++) {
    pk *= phi;
    damp += pk;
    const L = state.l + damp * state.b;
    const si = state.s[(state.t + k) % spec.m]!;
    out[k] = spec.seasonal === 'mul' ? L * si : L + si;
  }
  return out;
}

/**
 * Simulate `draws` future paths of length h from the state-space model behind the recursions: each step draws an
 * error, forms y = ŷ + σε (additive errors) or ŷ(1 + σε) (multiplicative), and updates the states with that y.
 * σ itself is drawn per path from its scaled-inverse-χ² posterior on `df` degrees of freedom.
 */
export function hwSimulate(
  state: HwState,
  spec: HwSpec,
  par: HwParams,
  sigma: number,
  df: number,
  errors: SeasonalKind,
  h: number,
  draws: number,
  rng: Rng,
  out: Float64Array,
  uncertainty: { chol: Float64Array; sens: Float64Array; p: number } | null = null,
): void {
  const { m } = spec;
  const mul = spec.seasonal === 'mul';
  const { alpha, gamma } = par;
  const beta = spec.trend ? par.beta : 0;
  const phi = spec.trend ? par.phi : 0;
  const ring = new Float64Array(m);
  const p = uncertainty?.p ?? 0;
  const zn = new Float64Array(p);
  const dz = new Float64Array(p);
  for (let d = 0; d < draws; d++) {
    let sd = 0;
    if (sigma > 0) {
      const chi = rng.chiSquare(df);
      sd = chi > 0 ? sigma * Math.sqrt(df / chi) : sigma;
    }
    ring.set(state.s);
    let l = state.l;
    let b = state.b;
    if (uncertainty !== null && sd > 0) {
      // Initial-state estimation error δz ~ N(0, σ²(AᵀA)⁻¹), carried to the final state linearly.
      const { chol, sens } = uncertainty;
      for (let c = 0; c < p; c++) zn[c] = rng.normal();
      for (let r = 0; r < p; r++) {
        let v = 0;
        for (let c = 0; c <= r; c++) v += chol[r * p + c]! * zn[c]!;
        dz[r] = sd * v;
      }
      for (let c = 0; c < p; c++) {
        l += sens[c]! * dz[c]!;
        b += sens[p + c]! * dz[c]!;
        for (let j = 0; j < m; j++) ring[j] = ring[j]! + sens[(2 + j) * p + c]! * dz[c]!;
      }
    }
    for (let k = 0; k < h; k++) {
      const j = (state.t + k) % m;
      const L = l + phi * b;
      const si = ring[j]!;
      const yhat = mul ? L * si : L + si;
      const z = rng.normal();
      const y = errors === 'mul' ? yhat * (1 + sd * z) : yhat + sd * z;
      out[d * h + k] = y;
      const ln = mul ? (alpha * y) / si + (1 - alpha) * L : alpha * (y - si) + (1 - alpha) * L;
      if (spec.trend) b = beta * (ln - l) + (1 - beta) * phi * b;
      ring[j] = mul ? (gamma * y) / L + (1 - gamma) * si : gamma * (y - L) + (1 - gamma) * si;
      l = ln;
    }
  }
}

/**
 * statsmodels' `_initialization_heuristic` (Hyndman et al. 2008, §2.6): seasonals from a centred 2×m moving
 * average over the first k cycles (k = clamp(n / m, ⌈(10 + 2⌊m/2⌋)/m⌉, 5)), level and trend from a line through
 * the first ten values of that moving average. Needs n ≥ max(2m, 10 + 2⌊m/2⌋).
 */
export function hwHeuristicInit(
  y: Float64Array,
  n: number,
  spec: HwSpec,
): { l0: number; b0: number; s0: Float64Array } {
  const { m } = spec;
  const minObs = 10 + 2 * Math.floor(m / 2);
  let cycles = Math.min(5, Math.floor(n / m));
  cycles = Math.max(cycles, Math.ceil(minObs / m));
  const len = Math.min(n, m * cycles);
  const ma = new Float64Array(len).fill(Number.NaN);
  if (m % 2 === 0) {
    const half = m / 2;
    const r = new Float64Array(len).fill(Number.NaN);
    for (let i = half; i <= len - half; i++) {
      let s = 0;
      for (let k = i - half; k < i + half; k++) s += y[k]!;
      r[i] = s / m;
    }
    for (let i = half; i < len - half; i++) ma[i] = (r[i]! + r[i + 1]!) / 2;
  } else {
    const half = (m - 1) / 2;
    for (let i = half; i < len - half; i++) {
      let s = 0;
      for (let k = i - half; k <= i + half; k++) s += y[k]!;
      ma[i] = s / m;
    }
  }
  const sums = new Float64Array(m);
  const counts = new Float64Array(m);
  for (let i = 0; i < len; i++) {
    const t = ma[i]!;
    if (Number.isNaN(t)) continue;
    const v = spec.seasonal === 'mul' ? y[i]! / t : y[i]! - t;
    sums[i % m] = sums[i % m]! + v;
    counts[i % m] = counts[i % m]! + 1;
  }
  const s0 = new Float64Array(m);
  let mean = 0;
  for (let j = 0; j < m; j++) {
    s0[j] = sums[j]! / counts[j]!;
    mean += s0[j]! / m;
  }
  for (let j = 0; j < m; j++) s0[j] = spec.seasonal === 'mul' ? s0[j]! / mean : s0[j]! - mean;
  const trend: number[] = [];
  for (let i = 0; i < len && trend.length < 10; i++) if (!Number.isNaN(ma[i]!)) trend.push(ma[i]!);
  // OLS of the first ten trend values on x = 1..10.
  const k = trend.length;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < k; i++) {
    sx += i + 1;
    sy += trend[i]!;
  }
  const mx = sx / k;
  const my = sy / k;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < k; i++) {
    sxx += (i + 1 - mx) * (i + 1 - mx);
    sxy += (i + 1 - mx) * (trend[i]! - my);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { l0: my - slope * mx, b0: spec.trend ? slope : 0, s0 };
}

// Clamped so Nelder–Mead stops at an effective boundary (σ(±15) is within 3.1e-7 of 0 or 1) instead of marching
// towards ±∞ along a flat valley.
const sig = (u: number): number => 1 / (1 + Math.exp(-Math.max(-15, Math.min(15, u))));
const logit = (p: number): number => Math.log(p / (1 - p));

/** Smoothing parameters, written by {@link unpackSmoothing}. */
interface Smoothing {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/** Map unconstrained u to α ∈ (0,1), β* ∈ (0,1), γ ∈ (0, 1−α), φ ∈ (0.8, 0.995). */
export function unpackSmoothing(u: Float64Array, spec: HwSpec, out: Smoothing = newSmoothing()): Smoothing {
  let k = 0;
  out.alpha = sig(u[k++]!);
  out.beta = spec.trend ? sig(u[k++]!) : 0;
  out.gamma = (1 - out.alpha) * sig(u[k++]!);
  out.phi = spec.trend && spec.damped ? 0.8 + 0.195 * sig(u[k++]!) : 1;
  return out;
}

const newSmoothing = (): Smoothing => ({ alpha: 0, beta: 0, gamma: 0, phi: 1 });

/** Number of smoothing parameters. */
export function smoothingCount(spec: HwSpec): number {
  return 2 + (spec.trend ? 1 : 0) + (spec.trend && spec.damped ? 1 : 0);
}

/** Number of free initial states: level, trend, m − 1 seasonals (their mean is fixed; see hwOptimize). */
export function initCount(spec: HwSpec): number {
  return 1 + (spec.trend ? 1 : 0) + spec.m - 1;
}

/**
 * Initial states from the free vector z (level, trend, m − 1 seasonals; the last seasonal closes the sum at 0, or
 * the mean at 1 for multiplicative seasonality). Seasonals go to s0, level and trend to lb.
 */
function initFromZ(
  z: Float64Array,
  spec: HwSpec,
  s0: Float64Array,
  lb: Float64Array,
  homogeneous = false,
): void {
  let k = 0;
  lb[0] = z[k++]!;
  lb[1] = spec.trend ? z[k++]! : 0;
  let sum = 0;
  for (let j = 0; j < spec.m - 1; j++) {
    s0[j] = z[k + j]!;
    sum += s0[j]!;
  }
  s0[spec.m - 1] = (spec.seasonal === 'mul' && !homogeneous ? spec.m : 0) - sum;
}

/** The free vector z of given initial states (inverse of initFromZ). */
export function zFromInit(spec: HwSpec, l0: number, b0: number, s0: Float64Array): Float64Array {
  const z = new Float64Array(initCount(spec));
  let k = 0;
  z[k++] = l0;
  if (spec.trend) z[k++] = b0;
  for (let j = 0; j < spec.m - 1; j++) z[k + j] = s0[j]!;
  return z;
}

/** Cholesky factor L (lower, row-major) of a symmetric positive-definite p × p matrix, with a tiny ridge. */
function cholesky(a: Float64Array, p: number, L: Float64Array, ridgeFactor = 1e-12): boolean {
  let trace = 0;
  for (let i = 0; i < p; i++) trace += a[i * p + i]!;
  const ridge = ridgeFactor * (trace / p || 1);
  L.fill(0);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j]! + (i === j ? ridge : 0);
      for (let k = 0; k < j; k++) s -= L[i * p + k]! * L[j * p + k]!;
      if (i === j) {
        if (!(s > 0)) return false;
        L[i * p + i] = Math.sqrt(s);
      } else L[i * p + j] = s / L[j * p + j]!;
    }
  }
  return true;
}

/** Solve L Lᵀ x = b given the Cholesky factor. */
function cholSolve(L: Float64Array, b: Float64Array, p: number, x: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * p + k]! * x[k]!;
    x[i] = s / L[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < p; k++) s -= L[k * p + i]! * x[k]!;
    x[i] = s / L[i * p + i]!;
  }
}

/** Cross products AᵀA (p × p) and Aᵀr (p) of column-major A (p columns of length n). */
function crossProducts(
  a: Float64Array,
  r: Float64Array,
  n: number,
  p: number,
  ata: Float64Array,
  atr: Float64Array,
): void {
  for (let c = 0; c < p; c++) {
    const oc = c * n;
    let s = 0;
    for (let i = 0; i < n; i++) s += a[oc + i]! * r[i]!;
    atr[c] = s;
    for (let d = 0; d <= c; d++) {
      const od = d * n;
      let t = 0;
      for (let i = 0; i < n; i++) t += a[oc + i]! * a[od + i]!;
      ata[c * p + d] = t;
      ata[d * p + c] = t;
    }
  }
}

/** Scratch space of the optimiser, allocated once per fit. */
interface Workspace {
  readonly n: number;
  readonly p: number;
  readonly y: Float64Array;
  readonly fitted: Float64Array;
  readonly ring: Float64Array;
  readonly s0: Float64Array;
  readonly lb: Float64Array;
  readonly z: Float64Array;
  readonly unit: Float64Array;
  readonly cols: Float64Array;
  readonly r0: Float64Array;
  readonly ata: Float64Array;
  readonly atr: Float64Array;
  readonly chol: Float64Array;
  readonly sm: Smoothing;
  evaluations: number;
}

function workspace(y: Float64Array, n: number, spec: HwSpec): Workspace {
  const p = initCount(spec);
  return {
    n,
    p,
    y,
    fitted: new Float64Array(n),
    ring: new Float64Array(spec.m),
    s0: new Float64Array(spec.m),
    lb: new Float64Array(2),
    z: new Float64Array(p),
    unit: new Float64Array(p),
    cols: new Float64Array(p * n),
    r0: new Float64Array(n),
    ata: new Float64Array(p * p),
    atr: new Float64Array(p),
    chol: new Float64Array(p * p),
    sm: newSmoothing(),
    evaluations: 0,
  };
}

/**
 * Additive seasonality: SSE at smoothing u with the initial states concentrated out by least squares (the fitted
 * values are affine in them: fitted = fitted(y, 0) + A z). Leaves the optimal states in w.z and A in w.cols.
 */
function concentratedSse(w: Workspace, spec: HwSpec, u: Float64Array): number {
  w.evaluations++;
  const { n, p, sm } = w;
  unpackSmoothing(u, spec, sm);
  w.s0.fill(0);
  filterCore(w.y, n, spec, sm.alpha, sm.beta, sm.gamma, sm.phi, 0, 0, w.s0, w.fitted, 0, w.ring, null);
  for (let i = 0; i < n; i++) w.r0[i] = w.y[i]! - w.fitted[i]!;
  // Responses to unit initial states (y = 0). Level and trend need a run each. The seasonals do not: with every
  // other state zero, a unit seasonal for observation j does nothing until time j and then acts exactly as a
  // unit seasonal for observation 0 does at time 0 (the recursions are time-invariant), so its response is the
  // observation-0 response delayed by j. Free seasonal column j is s_j − s_{m−1} (their sum is fixed at 0).
  const lead = spec.trend ? 2 : 1;
  for (let c = 0; c < lead; c++) {
    w.s0.fill(0);
    const { alpha, beta, gamma, phi } = sm;
    filterCore(
      null,
      n,
      spec,
      alpha,
      beta,
      gamma,
      phi,
      c === 0 ? 1 : 0,
      c === 1 ? 1 : 0,
      w.s0,
      w.cols,
      c * n,
      w.ring,
      null,
    );
  }
  w.s0.fill(0);
  w.s0[0] = 1;
  filterCore(null, n, spec, sm.alpha, sm.beta, sm.gamma, sm.phi, 0, 0, w.s0, w.fitted, 0, w.ring, null);
  const g = w.fitted;
  const last = spec.m - 1;
  for (let j = 0; j < last; j++) {
    const o = (lead + j) * n;
    for (let i = 0; i < n; i++) w.cols[o + i] = (i >= j ? g[i - j]! : 0) - (i >= last ? g[i - last]! : 0);
  }
  crossProducts(w.cols, w.r0, n, p, w.ata, w.atr);
  if (!cholesky(w.ata, p, w.chol)) return Number.POSITIVE_INFINITY;
  cholSolve(w.chol, w.atr, p, w.z);
  let sse = 0;
  for (let i = 0; i < n; i++) {
    let e = w.r0[i]!;
    for (let c = 0; c < p; c++) e -= w.cols[c * n + i]! * w.z[c]!;
    sse += e * e;
  }
  return Number.isFinite(sse) ? sse : Number.POSITIVE_INFINITY;
}

/** SSE at smoothing u and free initial states z. */
function sseAt(
  w: Workspace,
  spec: HwSpec,
  u: Float64Array,
  z: Float64Array,
  fitted: Float64Array | null,
): number {
  w.evaluations++;
  unpackSmoothing(u, spec, w.sm);
  initFromZ(z, spec, w.s0, w.lb);
  const { alpha, beta, gamma, phi } = w.sm;
  const sse = filterCore(
    w.y,
    w.n,
    spec,
    alpha,
    beta,
    gamma,
    phi,
    w.lb[0]!,
    w.lb[1]!,
    w.s0,
    fitted,
    0,
    w.ring,
    null,
  );
  return Number.isFinite(sse) ? sse : Number.POSITIVE_INFINITY;
}

const NM_OPTIONS = { step: 0.5, maxEvaluations: 400, tolF: 1e-8, tolX: 1e-3 };

/** Result of {@link hwOptimize}. */
export interface HwFit {
  readonly params: HwParams;
  readonly sse: number;
  readonly evaluations: number;
}

/** Best grid point over (α, β*, γ/(1−α)), φ at 0.98, as a start for Nelder–Mead. */
function gridStart(spec: HwSpec, objective: (u: Float64Array) => number): Float64Array {
  const ns = smoothingCount(spec);
  let best = Number.POSITIVE_INFINITY;
  let bestU = new Float64Array(ns);
  const u = new Float64Array(ns);
  for (const a of [0.1, 0.3, 0.5, 0.7, 0.9]) {
    for (const b of spec.trend ? [0.01, 0.1, 0.3] : [0]) {
      for (const g of [0.01, 0.1, 0.3]) {
        let k = 0;
        u[k++] = logit(a);
        if (spec.trend) u[k++] = logit(b);
        u[k++] = logit(g);
        if (spec.trend && spec.damped) u[k++] = logit((0.98 - 0.8) / 0.195);
        const f = objective(u);
        if (f < best) {
          best = f;
          bestU = Float64Array.from(u);
        }
      }
    }
  }
  return bestU;
}

/**
 * Estimate smoothing parameters and initial states by minimising the sum of squared one-step errors, as
 * statsmodels' `ExponentialSmoothing(..., initialization_method='estimated').fit()` does.
 *
 * Additive seasonality: the fitted values are affine in the initial states for given smoothing parameters, so the
 * states are concentrated out exactly by least squares at every evaluation and Nelder–Mead searches only the 2–4
 * smoothing parameters (from the best point of a small grid). Multiplicative seasonality: block coordinate descent
 * — Nelder–Mead on the smoothing parameters with the states fixed, then Levenberg–Marquardt on the states with the
 * smoothing fixed, up to three rounds from statsmodels' heuristic start. The seasonal states are normalised (sum 0
 * or mean 1), which loses nothing: trading level against seasonals leaves every fitted value unchanged.
 */
export function hwOptimize(y: Float64Array, n: number, spec: HwSpec): HwFit {
  const w = workspace(y, n, spec);
  let u: Float64Array;
  let sse: number;
  let z: Float64Array;
  if (spec.seasonal === 'add') {
    const objective = (v: Float64Array): number => concentratedSse(w, spec, v);
    const res = nelderMead(objective, gridStart(spec, objective), NM_OPTIONS);
    u = res.x;
    sse = concentratedSse(w, spec, u);
    z = Float64Array.from(w.z);
  } else {
    const h = hwHeuristicInit(y, n, spec);
    z = zFromInit(spec, h.l0, h.b0, h.s0);
    const zz = z;
    const objective = (v: Float64Array): number => sseAt(w, spec, v, zz, null);
    u = gridStart(spec, objective);
    sse = objective(u);
    for (let round = 0; round < 3; round++) {
      const nm = nelderMead(objective, u, NM_OPTIONS);
      if (nm.f <= sse) {
        u = nm.x;
        sse = nm.f;
      }
      const lm = levenbergMarquardt(w, spec, u, z, sse);
      const improved = lm < sse * (1 - 1e-9);
      sse = Math.min(sse, lm);
      if (!improved) break;
    }
  }
  const sm = unpackSmoothing(u, spec);
  const s0 = new Float64Array(spec.m);
  const lb = new Float64Array(2);
  initFromZ(z, spec, s0, lb);
  return {
    params: { alpha: sm.alpha, beta: sm.beta, gamma: sm.gamma, phi: sm.phi, l0: lb[0]!, b0: lb[1]!, s0 },
    sse,
    evaluations: w.evaluations,
  };
}

/**
 * Levenberg–Marquardt on the free initial states z (in place) for fixed smoothing u, with a forward-difference
 * Jacobian of the fitted values. Never increases the SSE; returns the final one.
 */
function levenbergMarquardt(
  w: Workspace,
  spec: HwSpec,
  u: Float64Array,
  z: Float64Array,
  start: number,
): number {
  const { n, p } = w;
  const f0 = new Float64Array(n);
  const f1 = new Float64Array(n);
  const r = new Float64Array(n);
  const trial = new Float64Array(p);
  const delta = new Float64Array(p);
  const damped = new Float64Array(p * p);
  let sse = sseAt(w, spec, u, z, f0);
  if (!(sse <= start * (1 + 1e-12))) return start;
  let lambda = 1e-3;
  for (let iter = 0; iter < 20; iter++) {
    jacobian(w, spec, u, z, f0, f1, trial);
    for (let i = 0; i < n; i++) r[i] = w.y[i]! - f0[i]!;
    crossProducts(w.cols, r, n, p, w.ata, w.atr);
    let accepted = false;
    for (let tries = 0; tries < 8 && !accepted; tries++) {
      damped.set(w.ata);
      for (let a = 0; a < p; a++) damped[a * p + a] = damped[a * p + a]! * (1 + lambda);
      if (!cholesky(damped, p, w.chol)) {
        lambda *= 10;
        continue;
      }
      cholSolve(w.chol, w.atr, p, delta);
      for (let a = 0; a < p; a++) trial[a] = z[a]! + delta[a]!;
      const s = sseAt(w, spec, u, trial, null);
      if (s < sse) {
        const gain = (sse - s) / sse;
        z.set(trial);
        sse = sseAt(w, spec, u, z, f0);
        lambda = Math.max(lambda / 3, 1e-9);
        accepted = true;
        if (gain < 1e-12) return sse;
      } else lambda *= 4;
    }
    if (!accepted) break;
  }
  return sse;
}

/** Forward-difference Jacobian of the fitted values in z, into w.cols (column-major); f0 = fitted at z. */
function jacobian(
  w: Workspace,
  spec: HwSpec,
  u: Float64Array,
  z: Float64Array,
  f0: Float64Array,
  f1: Float64Array,
  trial: Float64Array,
): void {
  const { n, p } = w;
  for (let c = 0; c < p; c++) {
    const h = 1e-6 * Math.max(1, Math.abs(z[c]!));
    trial.set(z);
    trial[c] = trial[c]! + h;
    sseAt(w, spec, u, trial, f1);
    for (let i = 0; i < n; i++) w.cols[c * n + i] = (f1[i]! - f0[i]!) / h;
  }
}

/**
 * Sampling uncertainty of the initial states for given smoothing parameters, mapped to the final state:
 * `cov` = (AᵀA)⁻¹ with A = ∂fitted/∂z (so Cov(ẑ) ≈ σ²·cov, exact for additive seasonality), its Cholesky factor
 * `chol`, and `sens` = ∂(l_n, b_n, s ring)/∂z ((2 + m) × p, row-major). Null if AᵀA is singular.
 */
export function hwStateUncertainty(
  y: Float64Array,
  n: number,
  spec: HwSpec,
  par: HwParams,
): { chol: Float64Array; sens: Float64Array; p: number } | null {
  const w = workspace(y, n, spec);
  const { p } = w;
  const u = new Float64Array(smoothingCount(spec));
  const z = zFromInit(spec, par.l0, par.b0, par.s0);
  const f0 = new Float64Array(n);
  const f1 = new Float64Array(n);
  const trial = new Float64Array(p);
  // Evaluate at the given smoothing parameters directly (no transform), via a fixed Smoothing.
  const run = (zz: Float64Array, fitted: Float64Array, ring: Float64Array, last: Float64Array): void => {
    initFromZ(zz, spec, w.s0, w.lb);
    filterCore(
      y,
      n,
      spec,
      par.alpha,
      par.beta,
      par.gamma,
      par.phi,
      w.lb[0]!,
      w.lb[1]!,
      w.s0,
      fitted,
      0,
      ring,
      last,
    );
  };
  const ring0 = new Float64Array(spec.m);
  const last0 = new Float64Array(2);
  const ring1 = new Float64Array(spec.m);
  const last1 = new Float64Array(2);
  run(z, f0, ring0, last0);
  const rows = 2 + spec.m;
  const sens = new Float64Array(rows * p);
  for (let c = 0; c < p; c++) {
    const h = 1e-6 * Math.max(1, Math.abs(z[c]!));
    trial.set(z);
    trial[c] = trial[c]! + h;
    run(trial, f1, ring1, last1);
    for (let i = 0; i < n; i++) w.cols[c * n + i] = (f1[i]! - f0[i]!) / h;
    sens[0 * p + c] = (last1[0]! - last0[0]!) / h;
    sens[1 * p + c] = (last1[1]! - last0[1]!) / h;
    for (let j = 0; j < spec.m; j++) sens[(2 + j) * p + c] = (ring1[j]! - ring0[j]!) / h;
  }
  void u;
  crossProducts(w.cols, f0, n, p, w.ata, w.atr);
  if (!cholesky(w.ata, p, w.chol, 1e-10)) return null;
  // chol of the inverse: solve for (AᵀA)⁻¹ column by column, then factor it.
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  const col = new Float64Array(p);
  for (let c = 0; c < p; c++) {
    e.fill(0);
    e[c] = 1;
    cholSolve(w.chol, e, p, col);
    for (let r = 0; r < p; r++) inv[r * p + c] = col[r]!;
  }
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < a; b++) {
      const v = 0.5 * (inv[a * p + b]! + inv[b * p + a]!);
      inv[a * p + b] = v;
      inv[b * p + a] = v;
    }
  }
  const chol = new Float64Array(p * p);
  if (!cholesky(inv, p, chol, 1e-12)) return null;
  return { chol, sens, p };
}
