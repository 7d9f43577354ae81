/**
 * The linear-model engine behind `did`, `tripleDiff`, `eventStudy`, `wildClusterBootstrap` and `ppml`:
 * (weighted) least squares with any number of absorbed fixed effects and cluster-robust covariance.
 *
 * Fixed effects are absorbed by the method of alternating projections (Guimarães & Portugal 2010; Gaure 2013):
 * each regressor and the outcome are demeaned by every factor in turn until nothing changes, after which the
 * Frisch–Waugh–Lovell theorem gives the slope estimates and residuals of the full dummy-variable regression.
 * The degrees of freedom the fixed effects use are counted exactly (one factor: its levels; two: levels minus
 * connected components; more: the rank of the dummy Gram matrix), so the small-sample corrections equal those of
 * statsmodels' OLS with explicit, full-rank dummies.
 *
 * Internal: not part of the public API.
 *
 * @module
 */
import { InsufficientDataError } from '../errors.js';
import { clusterMeat, gramInverse, hcMeat, qrLeastSquares, sandwich } from '../numeric/least-squares.js';

/** A factor coded as integers 0..levels−1, one code per observation. */
export interface Factor {
  readonly name: string;
  readonly codes: Int32Array;
  readonly levels: number;
  readonly labels: readonly string[];
}

/**
 * Code string labels as a {@link Factor}, levels in order of first appearance.
 *
 * @example
 * encodeFactor('unit', ['a', 'b', 'a']).codes; // => Int32Array [0, 1, 0]
 */
export function encodeFactor(name: string, labels: readonly string[]): Factor {
  const index = new Map<string, number>();
  const codes = new Int32Array(labels.length);
  const out: string[] = [];
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    let c = index.get(l);
    if (c === undefined) {
      c = out.length;
      index.set(l, c);
      out.push(l);
    }
    codes[i] = c;
  }
  return { name, codes, levels: out.length, labels: out };
}

/** Options of {@link demean}. */
export interface DemeanOptions {
  /** Stop when the largest adjustment in a sweep is below `tolerance` × (1 + scale of the column). */
  readonly tolerance?: number;
  /** Sweeps before giving up. */
  readonly maxIterations?: number;
}

/**
 * Residualise a column on the fixed effects in place by (weighted) alternating projections.
 * Returns the number of sweeps and whether it converged.
 */
export function demean(
  x: Float64Array,
  factors: readonly Factor[],
  weights: Float64Array | null,
  options: DemeanOptions = {},
): { iterations: number; converged: boolean } {
  const n = x.length;
  if (factors.length === 0) return { iterations: 0, converged: true };
  const tol = options.tolerance ?? 1e-13;
  const maxIt = options.maxIterations ?? 10_000;
  const wsums = factors.map((f) => {
    const s = new Float64Array(f.levels);
    for (let i = 0; i < n; i++) s[f.codes[i]!]! += weights === null ? 1 : weights[i]!;
    return s;
  });
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(x[i]!));
  const sums = factors.map((f) => new Float64Array(f.levels));
  for (let it = 1; it <= maxIt; it++) {
    let change = 0;
    for (let f = 0; f < factors.length; f++) {
      const { codes } = factors[f]!;
      const s = sums[f]!;
      const ws = wsums[f]!;
      s.fill(0);
      if (weights === null) for (let i = 0; i < n; i++) s[codes[i]!]! += x[i]!;
      else for (let i = 0; i < n; i++) s[codes[i]!]! += weights[i]! * x[i]!;
      for (let l = 0; l < s.length; l++) {
        const m = ws[l]! > 0 ? s[l]! / ws[l]! : 0;
        s[l] = m;
        if (Math.abs(m) > change) change = Math.abs(m);
      }
      for (let i = 0; i < n; i++) x[i]! -= s[codes[i]!]!;
    }
    // One factor is exact after one sweep; otherwise stop once a whole sweep barely moves anything.
    if (factors.length === 1 || change <= tol * (1 + scale)) return { iterations: it, converged: true };
  }
  return { iterations: maxIt, converged: false };
}

/**
 * Degrees of freedom absorbed by the fixed effects (the rank of their dummy matrix, constant included).
 * `exact` is false only beyond the size where the rank is computed directly (then a lower bound is used).
 */
export function fixedEffectRank(factors: readonly Factor[]): { rank: number; exact: boolean } {
  if (factors.length === 0) return { rank: 0, exact: true };
  if (factors.length === 1) return { rank: factors[0]!.levels, exact: true };
  if (factors.length === 2) {
    const [a, b] = factors as [Factor, Factor];
    const parent = new Int32Array(a.levels + b.levels).map((_, i) => i);
    const find = (i: number): number => {
      let r = i;
      while (parent[r]! !== r) r = parent[r]!;
      while (parent[i]! !== r) {
        const next = parent[i]!;
        parent[i] = r;
        i = next;
      }
      return r;
    };
    let components = a.levels + b.levels;
    for (let i = 0; i < a.codes.length; i++) {
      const ra = find(a.codes[i]!);
      const rb = find(a.levels + b.codes[i]!);
      if (ra !== rb) {
        parent[ra] = rb;
        components--;
      }
    }
    return { rank: a.levels + b.levels - components, exact: true };
  }
  const total = factors.reduce((s, f) => s + f.levels, 0);
  if (total > 1500) {
    return { rank: total - (factors.length - 1), exact: false };
  }
  // Gram matrix of all dummies (counts), then the rank from a Cholesky factorisation that skips dependent columns.
  const offsets: number[] = [];
  let off = 0;
  for (const f of factors) {
    offsets.push(off);
    off += f.levels;
  }
  const g = new Float64Array(total * total);
  const n = factors[0]!.codes.length;
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < factors.length; p++) {
      const cp = offsets[p]! + factors[p]!.codes[i]!;
      for (let q = 0; q < factors.length; q++) {
        const cq = offsets[q]! + factors[q]!.codes[i]!;
        g[cp * total + cq]! += 1;
      }
    }
  }
  return { rank: choleskyRank(g, total), exact: true };
}

/** Rank of a symmetric positive semi-definite matrix (row-major, size m) by Cholesky with column skipping. */
function choleskyRank(a: Float64Array, m: number): number {
  const l = new Float64Array(m * m);
  const kept: number[] = [];
  for (let j = 0; j < m; j++) {
    const ajj = a[j * m + j]!;
    // Forward-substitute the column against the kept columns.
    const col = new Float64Array(kept.length);
    let ss = 0;
    for (let r = 0; r < kept.length; r++) {
      const kr = kept[r]!;
      let s = a[kr * m + j]!;
      for (let c = 0; c < r; c++) s -= l[r * m + c]! * col[c]!;
      const v = s / l[r * m + r]!;
      col[r] = v;
      ss += v * v;
    }
    const d = ajj - ss;
    if (d > 1e-9 * Math.max(1, ajj)) {
      const r = kept.length;
      for (let c = 0; c < r; c++) l[r * m + c] = col[c]!;
      l[r * m + r] = Math.sqrt(d);
      kept.push(j);
    }
  }
  return kept.length;
}

/** Which covariance estimator to use. */
export type Vcov = 'cluster' | 'hc0' | 'hc1' | 'classical';

/** Input of {@link fitLinear}. */
export interface LinearInput {
  /** Outcome. */
  readonly y: Float64Array;
  /** Regressor columns (include a constant yourself when there are no fixed effects). */
  readonly X: readonly Float64Array[];
  /** Names of the regressors. */
  readonly names: readonly string[];
  /** Factors to absorb. */
  readonly factors: readonly Factor[];
  /** Observation weights (WLS); `null` for OLS. */
  readonly weights?: Float64Array | null;
  /** Cluster codes when `vcov` is `cluster`. */
  readonly cluster?: Factor | null;
  /** Covariance estimator. */
  readonly vcov: Vcov;
  /** Known rank of the fixed effects (skips counting it again, e.g. inside IRLS). */
  readonly fixedEffectRank?: number;
}

/** Output of {@link fitLinear}. Index `j` refers to regressor `names[j]`. */
export interface LinearFit {
  readonly names: readonly string[];
  /** Estimates; `null` for a regressor dropped as collinear (or absorbed by the fixed effects). */
  readonly beta: readonly (number | null)[];
  /** Covariance over all regressors; rows/columns of dropped regressors are `null`-filled. */
  readonly cov: readonly (readonly (number | null)[])[];
  /** Residuals of the full model. */
  readonly resid: Float64Array;
  /** Regressors after absorbing the fixed effects. */
  readonly xTilde: readonly Float64Array[];
  /** Outcome after absorbing the fixed effects. */
  readonly yTilde: Float64Array;
  /** (X̃'WX̃)⁻¹ over the kept regressors, in kept order (row-major, kept × kept). */
  readonly bread: Float64Array;
  /** Indices of the kept regressors. */
  readonly kept: readonly number[];
  readonly n: number;
  /** Parameters counted for the small-sample correction: fixed-effect rank + kept regressors. */
  readonly k: number;
  /** Clusters (when clustered), else `null`. */
  readonly clusters: number | null;
  /** Degrees of freedom of t and F reference distributions: G − 1 when clustered, else n − k. */
  readonly dfInference: number;
  /** Small-sample factor applied to the sandwich. */
  readonly correction: number;
  readonly warnings: readonly string[];
}

/**
 * Fit y = FE + Xβ + e by (weighted) least squares with the fixed effects absorbed, and a covariance of β.
 *
 * Cluster (CR1) follows statsmodels `cov_type='cluster'`: factor G/(G−1) · (n−1)/(n−k), with k counting the
 * fixed effects; `hc1` uses n/(n−k); `hc0` none.
 *
 * @throws {InsufficientDataError} if no observations remain
 */
export function fitLinear(input: LinearInput): LinearFit {
  const n = input.y.length;
  if (n === 0) throw new InsufficientDataError('fitLinear requires at least 1 observation, got 0');
  const w = input.weights ?? null;
  const warnings: string[] = [];
  const yTilde = Float64Array.from(input.y);
  const conv = demean(yTilde, input.factors, w);
  if (!conv.converged) warnings.push('fixed-effect absorption did not converge; estimates may be inaccurate');
  const origNorm: number[] = [];
  const xTilde = input.X.map((col) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (w === null ? 1 : w[i]!) * col[i]! * col[i]!;
    origNorm.push(s);
    const c = Float64Array.from(col);
    demean(c, input.factors, w);
    return c;
  });
  const p = xTilde.length;
  // The library's QR (numeric/least-squares.ts) on √w·X̃, √w·ỹ. A regressor is dropped when what is left of it after
  // projecting out the fixed effects and the regressors kept before it is at most 1e-5 of its own (weighted) norm
  // before absorption, i.e. its squared remainder at most 1e-10 of its squared norm.
  const qr = qrLeastSquares(xTilde, yTilde, {
    tolerance: 1e-5,
    scale: origNorm.map((s) => Math.sqrt(Math.max(s, 1e-300))),
    weights: w,
  });
  const kept = qr.kept;
  for (let j = 0; j < p; j++) {
    if (!qr.keptMask[j]) {
      warnings.push(
        `${input.names[j]} is collinear with the fixed effects or other regressors and was dropped`,
      );
    }
  }
  const q = qr.rank;
  const bread = gramInverse(qr);
  const bk = qr.beta;
  const resid = qr.residuals;
  const fe =
    input.fixedEffectRank === undefined
      ? fixedEffectRank(input.factors)
      : { rank: input.fixedEffectRank, exact: true };
  if (!fe.exact)
    warnings.push('fixed-effect degrees of freedom approximated (too many levels to count exactly)');
  const k = fe.rank + q;
  let clusters: number | null = null;
  let correction = 1;
  let dfInference = n - k;
  let covK: Float64Array;
  if (input.vcov === 'cluster') {
    const cl = input.cluster;
    if (!cl) throw new InsufficientDataError('fitLinear requires cluster codes for vcov cluster');
    clusters = cl.levels;
    covK = sandwich(bread, clusterMeat(qr, xTilde, cl.codes, cl.levels, w), q);
    const G = cl.levels;
    correction = G > 1 && n > k ? (G / (G - 1)) * ((n - 1) / (n - k)) : Number.NaN;
    dfInference = G - 1;
  } else if (input.vcov === 'classical') {
    covK = bread;
    correction = n > k ? qr.ssr / (n - k) : Number.NaN;
  } else {
    covK = sandwich(bread, hcMeat(qr, xTilde, w), q);
    correction = input.vcov === 'hc1' ? (n > k ? n / (n - k) : Number.NaN) : 1;
  }
  const beta: (number | null)[] = new Array<number | null>(p).fill(null);
  const cov: (number | null)[][] = [];
  for (let a = 0; a < p; a++) cov.push(new Array<number | null>(p).fill(null));
  const ok = Number.isFinite(correction);
  for (let a = 0; a < q; a++) {
    beta[kept[a]!] = bk[a]!;
    for (let b = 0; b < q; b++) {
      const v = covK[a * q + b]! * correction;
      cov[kept[a]!]![kept[b]!] = ok && Number.isFinite(v) ? v : null;
    }
  }
  return {
    names: input.names,
    beta,
    cov,
    resid,
    xTilde,
    yTilde,
    bread,
    kept,
    n,
    k,
    clusters,
    dfInference,
    correction: ok ? correction : 0,
    warnings,
  };
}
