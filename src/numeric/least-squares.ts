/**
 * The one least-squares solver of the library, and the covariance estimators built on it.
 *
 * {@link qrLeastSquares} is a Householder QR (Golub & Van Loan, Algorithm 5.2.1) that reveals the rank the way R's
 * `lm()` does: a column whose remainder, after projecting out the columns already kept, is negligible next to its own
 * scale is dropped (aliased) and the later columns move up. Coefficients come by back substitution, R⁻¹ gives
 * (XᵀWX)⁻¹ = R⁻¹R⁻ᵀ for every variance estimator, and the residuals are y − Xβ on the original (unweighted) scale.
 * Its users: the baselines' OLS and GLS fits ({@link fitOls}), the break tests' F statistics (SSR and rank) and the
 * fixed-effect linear models of `inference/` (weighted fits and the HC / cluster sandwiches below).
 *
 * Internal: not part of the public API.
 *
 * @module
 */
import { InsufficientDataError } from '../errors.js';
import { tQuantile as tInv } from '../inference/distributions.js';

/** Options of {@link qrLeastSquares}. */
export interface QrOptions {
  /**
   * Drop a column when the norm of what is left of it, after projecting out the columns kept before it, is at most
   * `tolerance` × its scale. 0 (the default) drops only columns with nothing left at all.
   */
  readonly tolerance?: number;
  /** The scale of each column that `tolerance` is relative to; default its (weighted) Euclidean norm. */
  readonly scale?: ArrayLike<number>;
  /** Observation weights (weighted least squares: minimise Σ wᵢ rᵢ²); `null` or absent for ordinary. */
  readonly weights?: ArrayLike<number> | null;
}

/** A least-squares fit of y on the columns of X. Index `a` of the per-coefficient arrays is column `kept[a]`. */
export interface QrFit {
  /** Observations. */
  readonly n: number;
  /** Columns given. */
  readonly p: number;
  /** Numerical rank: the number of columns kept. */
  readonly rank: number;
  /** The kept columns, in order. */
  readonly kept: readonly number[];
  /** Per given column: kept (true) or dropped as dependent on earlier ones or negligible (false). */
  readonly keptMask: readonly boolean[];
  /** Coefficients of the kept columns (length `rank`). */
  readonly beta: Float64Array;
  /** Diagonal of R (length `rank`). */
  readonly rDiag: Float64Array;
  /** R⁻¹, upper triangular, row-major `rank` × `rank`: (XᵀWX)⁻¹ = R⁻¹R⁻ᵀ over the kept columns. */
  readonly rInv: Float64Array;
  /** Residuals y − Xβ, unweighted, in row order. */
  readonly residuals: Float64Array;
  /** Weighted residual sum of squares Σ wᵢ rᵢ². */
  readonly ssr: number;
}

/**
 * Least squares of `y` on the columns of a column-major n × p design `x` (not modified), by Householder QR with
 * the rank revealed as in R's `lm()` (see the module notes and {@link QrOptions}).
 *
 * @param x - the design, column-major: column j is x[j·n .. j·n + n)
 * @example
 * // y = 1 + 2t on t = 0, 1, 2
 * qrColumnMajor(Float64Array.of(1, 1, 1, 0, 1, 2), 3, 2, Float64Array.of(1, 3, 5)).beta; // => Float64Array [1, 2] (to rounding)
 */
export function qrColumnMajor(
  x: Float64Array,
  n: number,
  p: number,
  y: ArrayLike<number>,
  options: QrOptions = {},
): QrFit {
  const tol = options.tolerance ?? 0;
  const w = options.weights ?? null;
  const a = new Float64Array(n * p);
  const qty = new Float64Array(n);
  if (w === null) {
    a.set(x.subarray(0, n * p));
    for (let i = 0; i < n; i++) qty[i] = y[i]!;
  } else {
    const sw = new Float64Array(n);
    for (let i = 0; i < n; i++) sw[i] = Math.sqrt(w[i]!);
    for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) a[j * n + i] = sw[i]! * x[j * n + i]!;
    for (let i = 0; i < n; i++) qty[i] = sw[i]! * y[i]!;
  }
  const kept: number[] = [];
  const keptMask: boolean[] = [];
  const diag: number[] = [];
  let k = 0; // rows k..n−1 are still free; kept column r has its Householder vector in rows r..n−1
  for (let j = 0; j < p; j++) {
    const cj = j * n;
    let norm2 = 0;
    for (let i = k; i < n; i++) norm2 += a[cj + i]! * a[cj + i]!;
    const norm = Math.sqrt(norm2);
    let scale: number;
    if (options.scale !== undefined) scale = options.scale[j]!;
    else if (tol === 0) scale = 0;
    else {
      let s = 0;
      for (let i = 0; i < n; i++) s += a[cj + i]! * a[cj + i]!;
      // The remainder is measured after earlier reflections; the scale is the column's own norm, before them. A
      // column is orthogonally transformed as a whole, so its norm is the norm of the original column.
      scale = Math.sqrt(s);
    }
    if (k >= n || !(norm > tol * scale)) {
      keptMask.push(false);
      continue;
    }
    keptMask.push(true);
    kept.push(j);
    const alpha = a[cj + k]! > 0 ? -norm : norm;
    // v = x − αe₁ in place of the column (rows k..); R_kk = α.
    a[cj + k] = a[cj + k]! - alpha;
    diag.push(alpha);
    let vv = 0;
    for (let i = k; i < n; i++) vv += a[cj + i]! * a[cj + i]!;
    if (vv > 0) {
      for (let jj = j + 1; jj < p; jj++) {
        const cjj = jj * n;
        let dot = 0;
        for (let i = k; i < n; i++) dot += a[cj + i]! * a[cjj + i]!;
        const f = (2 * dot) / vv;
        for (let i = k; i < n; i++) a[cjj + i] = a[cjj + i]! - f * a[cj + i]!;
      }
      let dot = 0;
      for (let i = k; i < n; i++) dot += a[cj + i]! * qty[i]!;
      const f = (2 * dot) / vv;
      for (let i = k; i < n; i++) qty[i] = qty[i]! - f * a[cj + i]!;
    }
    k++;
  }
  const q = kept.length;
  // R over the kept columns: R[r][c] (r < c) sits in row r of column kept[c].
  const r = (i: number, c: number): number => (i === c ? diag[i]! : a[kept[c]! * n + i]!);
  const beta = new Float64Array(q);
  for (let i = q - 1; i >= 0; i--) {
    let v = qty[i]!;
    for (let c = i + 1; c < q; c++) v -= r(i, c) * beta[c]!;
    beta[i] = v / diag[i]!;
  }
  const rInv = new Float64Array(q * q);
  for (let c = 0; c < q; c++) {
    for (let i = c; i >= 0; i--) {
      let v = i === c ? 1 : 0;
      for (let m = i + 1; m <= c; m++) v -= r(i, m) * rInv[m * q + c]!;
      rInv[i * q + c] = v / diag[i]!;
    }
  }
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) residuals[i] = y[i]!;
  for (let c = 0; c < q; c++) {
    const cj = kept[c]! * n;
    const b = beta[c]!;
    for (let i = 0; i < n; i++) residuals[i] = residuals[i]! - b * x[cj + i]!;
  }
  let ssr = 0;
  for (let i = 0; i < n; i++) ssr += (w === null ? 1 : w[i]!) * residuals[i]! * residuals[i]!;
  return { n, p, rank: q, kept, keptMask, beta, rDiag: Float64Array.from(diag), rInv, residuals, ssr };
}

/**
 * {@link qrColumnMajor} for a design given as one array per column.
 *
 * @param columns - the design, one array of length n per column
 * @example
 * // the second column repeats the first: it is dropped and the rank is 1
 * qrLeastSquares([Float64Array.of(1, 1), Float64Array.of(2, 2)], Float64Array.of(1, 3), { tolerance: 1e-9 }).rank; // => 1
 */
export function qrLeastSquares(
  columns: readonly ArrayLike<number>[],
  y: ArrayLike<number>,
  options: QrOptions = {},
): QrFit {
  const n = y.length;
  const p = columns.length;
  const x = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    const c = columns[j]!;
    for (let i = 0; i < n; i++) x[j * n + i] = c[i]!;
  }
  return qrColumnMajor(x, n, p, y, options);
}

/**
 * (XᵀWX)⁻¹ = R⁻¹R⁻ᵀ over the kept columns, row-major `rank` × `rank`: the "bread" of every sandwich, and the
 * classical covariance once multiplied by σ².
 *
 * @example
 * gramInverse(qrLeastSquares([Float64Array.of(1, 1, 1, 1)], Float64Array.of(1, 2, 3, 4))); // => Float64Array [0.25]
 */
export function gramInverse(fit: QrFit): Float64Array {
  const q = fit.rank;
  const out = new Float64Array(q * q);
  for (let i = 0; i < q; i++) {
    for (let j = i; j < q; j++) {
      let s = 0;
      for (let m = j; m < q; m++) s += fit.rInv[i * q + m]! * fit.rInv[j * q + m]!;
      out[i * q + j] = s;
      out[j * q + i] = s;
    }
  }
  return out;
}

/**
 * Meat of the heteroskedasticity-robust (HC0, White 1980) sandwich over the kept columns:
 * Σᵢ (wᵢ eᵢ)² xᵢxᵢᵀ, with e the fit's residuals and w its weights (1 without).
 *
 * @param columns - the design the fit was computed from (all p columns)
 * @example
 * hcMeat(qrLeastSquares([Float64Array.of(1, 1)], Float64Array.of(0, 2)), [Float64Array.of(1, 1)]); // => Float64Array [2]
 */
export function hcMeat(
  fit: QrFit,
  columns: readonly ArrayLike<number>[],
  weights: ArrayLike<number> | null = null,
): Float64Array {
  const q = fit.rank;
  const meat = new Float64Array(q * q);
  const e = fit.residuals;
  for (let i = 0; i < fit.n; i++) {
    const u = (weights === null ? 1 : weights[i]!) * e[i]!;
    const u2 = u * u;
    for (let a = 0; a < q; a++) {
      const xa = columns[fit.kept[a]!]![i]! * u2;
      for (let b = 0; b < q; b++) meat[a * q + b] = meat[a * q + b]! + xa * columns[fit.kept[b]!]![i]!;
    }
  }
  return meat;
}

/**
 * Meat of the cluster-robust (Liang–Zeger) sandwich over the kept columns: Σ_g s_g s_gᵀ with cluster scores
 * s_g = Σ_{i ∈ g} xᵢ wᵢ eᵢ.
 *
 * @param codes - cluster of each observation, 0..clusters−1
 * @example
 * // one cluster: the scores sum to zero at the least-squares fit
 * clusterMeat(qrLeastSquares([Float64Array.of(1, 1)], Float64Array.of(0, 2)), [Float64Array.of(1, 1)], Int32Array.of(0, 0), 1); // => Float64Array [0]
 */
export function clusterMeat(
  fit: QrFit,
  columns: readonly ArrayLike<number>[],
  codes: ArrayLike<number>,
  clusters: number,
  weights: ArrayLike<number> | null = null,
): Float64Array {
  const q = fit.rank;
  const e = fit.residuals;
  const scores = new Float64Array(clusters * q);
  for (let i = 0; i < fit.n; i++) {
    const u = (weights === null ? 1 : weights[i]!) * e[i]!;
    const g = codes[i]! * q;
    for (let a = 0; a < q; a++) scores[g + a] = scores[g + a]! + columns[fit.kept[a]!]![i]! * u;
  }
  const meat = new Float64Array(q * q);
  for (let g = 0; g < clusters; g++) {
    for (let a = 0; a < q; a++) {
      const sa = scores[g * q + a]!;
      for (let b = 0; b < q; b++) meat[a * q + b] = meat[a * q + b]! + sa * scores[g * q + b]!;
    }
  }
  return meat;
}

/**
 * The sandwich B M B of a bread B and a meat M (both row-major q × q).
 *
 * @example
 * sandwich(Float64Array.of(0.5), Float64Array.of(8), 1); // => Float64Array [2]
 */
export function sandwich(bread: Float64Array, meat: Float64Array, q: number): Float64Array {
  return multiply(multiply(bread, meat, q), bread, q);
}

/** The product of two row-major q × q matrices. */
function multiply(a: Float64Array, b: Float64Array, q: number): Float64Array {
  const out = new Float64Array(q * q);
  for (let i = 0; i < q; i++)
    for (let j = 0; j < q; j++) {
      let s = 0;
      for (let m = 0; m < q; m++) s += a[i * q + m]! * b[m * q + j]!;
      out[i * q + j] = s;
    }
  return out;
}

/**
 * The Wald quadratic form bᵀV⁻¹b of a symmetric covariance V (row-major q × q), solved by {@link qrColumnMajor};
 * `null` when V is numerically singular: a column of V whose remainder, after projecting out the columns before
 * it, is at most `tolerance` × its norm. (A cluster-robust covariance of rank below q leaves a remainder of about
 * 1e-12 of the norm from rounding alone; a regular one, orders of magnitude above the default 1e-9.)
 *
 * @example
 * waldForm(Float64Array.of(2, 0, 0, 4), Float64Array.of(2, 4), 2); // => 6
 * waldForm(Float64Array.of(1, 1, 1, 1), Float64Array.of(1, 1), 2); // => null
 */
export function waldForm(v: Float64Array, b: ArrayLike<number>, q: number, tolerance = 1e-9): number | null {
  const fit = qrColumnMajor(v, q, q, b, { tolerance });
  if (fit.rank < q) return null;
  let s = 0;
  for (let i = 0; i < q; i++) s += b[i]! * fit.beta[i]!;
  return s;
}

/** An ordinary least-squares fit of full rank, with what prediction intervals and parameter draws need. */
export interface OlsFit {
  /** Rows and columns of the design. */
  readonly n: number;
  readonly p: number;
  /** Residual degrees of freedom, n − p. */
  readonly df: number;
  /** Coefficients. */
  readonly beta: Float64Array;
  /** Residual standard error, sqrt(RSS / df). */
  readonly s: number;
  /** R⁻¹ of the QR decomposition (p × p, row-major, upper triangular): (XᵀX)⁻¹ = R⁻¹R⁻ᵀ. */
  readonly rInv: Float64Array;
  /** Residuals, in row order. */
  readonly residuals: Float64Array;
}

/**
 * Fit y = Xβ + ε by least squares ({@link qrColumnMajor}) and require full rank: every |R_jj| above 1e-10 of the
 * largest.
 *
 * @param x - design, row-major n × p
 * @throws {InsufficientDataError} if X is rank deficient or n ≤ p
 * @example
 * fitOls('demo', Float64Array.of(1, 0, 1, 1, 1, 2), Float64Array.of(1, 3, 5.5), 3, 2).df; // => 1
 */
export function fitOls(name: string, x: Float64Array, y: Float64Array, n: number, p: number): OlsFit {
  if (n <= p) {
    throw new InsufficientDataError(`${name} requires more observations than parameters, got ${n} for ${p}`);
  }
  const cm = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) cm[j * n + i] = x[i * p + j]!;
  const fit = qrColumnMajor(cm, n, p, y);
  let maxDiag = 0;
  for (let j = 0; j < fit.rank; j++) maxDiag = Math.max(maxDiag, Math.abs(fit.rDiag[j]!));
  let full = fit.rank === p;
  for (let j = 0; j < fit.rank; j++) if (!(Math.abs(fit.rDiag[j]!) > 1e-10 * maxDiag)) full = false;
  if (!full) {
    throw new InsufficientDataError(
      `${name} cannot identify its ${p} parameters from the fit window (the design is rank deficient)`,
    );
  }
  const df = n - p;
  return { n, p, df, beta: fit.beta, s: Math.sqrt(fit.ssr / df), rInv: fit.rInv, residuals: fit.residuals };
}

/**
 * Leverage x'(XᵀX)⁻¹x = ‖R⁻ᵀx‖² of one design row.
 *
 * @example
 * leverage(fitOls('demo', Float64Array.of(1, 1, 1, 1), Float64Array.of(1, 2, 3, 4), 4, 1), Float64Array.of(1)); // => 0.25
 */
export function leverage(fit: OlsFit, row: Float64Array, offset = 0): number {
  const p = fit.p;
  let h = 0;
  // (R⁻ᵀx)_j = Σ_{i ≤ j} R⁻¹[i][j] x_i
  for (let j = 0; j < p; j++) {
    let v = 0;
    for (let i = 0; i <= j; i++) v += fit.rInv[i * p + j]! * row[offset + i]!;
    h += v * v;
  }
  return h;
}

/**
 * The two-sided t quantile for a band at `level` with `df` degrees of freedom.
 *
 * @example
 * tQuantile(0.95, 1e9); // => 1.959963984540054 (to rounding)
 */
export function tQuantile(level: number, df: number): number {
  return tInv((1 + level) / 2, df);
}

/**
 * Lag-1 autocorrelation of residuals observed at integer times `t` (only consecutive pairs count), clipped to
 * [0, 0.95]; 0 when undefined. Negative values are clipped to 0 because they would narrow cumulative intervals on
 * the strength of a noisy estimate.
 *
 * @example
 * lag1(Float64Array.of(1, -1, 1, -1), Int32Array.of(0, 1, 2, 3)); // => 0
 */
export function lag1(residuals: Float64Array, t: Int32Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < residuals.length; i++) {
    const r = residuals[i]!;
    den += r * r;
    if (i > 0 && t[i] === t[i - 1]! + 1) num += r * residuals[i - 1]!;
  }
  if (!(den > 0)) return 0;
  const rho = num / den;
  return Number.isFinite(rho) ? Math.min(0.95, Math.max(0, rho)) : 0;
}
