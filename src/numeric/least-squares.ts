import { InsufficientDataError } from '../errors.js';
import { tQuantile as tInv } from '../inference/distributions.js';

/** An ordinary least-squares fit, with what prediction intervals and parameter draws need. */
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
 * Fit y = Xβ + ε by least squares through a Householder QR (column-oriented, no pivoting; Golub & Van Loan,
 * Algorithm 5.2.1), then β and R⁻¹ by back substitution.
 *
 * @param x - design, row-major n × p
 * @throws {InsufficientDataError} if X is rank deficient or n ≤ p
 */
export function fitOls(name: string, x: Float64Array, y: Float64Array, n: number, p: number): OlsFit {
  if (n <= p) {
    throw new InsufficientDataError(`${name} requires more observations than parameters, got ${n} for ${p}`);
  }
  // Column-major working copy of X, and Qᵀy built alongside.
  const a = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) a[j * n + i] = x[i * p + j]!;
  const qty = Float64Array.from(y);
  const diag = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    const ck = k * n;
    let norm = 0;
    for (let i = k; i < n; i++) norm = Math.hypot(norm, a[ck + i]!);
    if (norm === 0) {
      diag[k] = 0;
      continue;
    }
    const alpha = a[ck + k]! > 0 ? -norm : norm;
    // v = x − αe₁, stored in place; R_kk = α.
    a[ck + k] = a[ck + k]! - alpha;
    let vv = 0;
    for (let i = k; i < n; i++) vv += a[ck + i]! * a[ck + i]!;
    diag[k] = alpha;
    if (vv === 0) continue;
    for (let j = k + 1; j < p; j++) {
      const cj = j * n;
      let dotv = 0;
      for (let i = k; i < n; i++) dotv += a[ck + i]! * a[cj + i]!;
      const f = (2 * dotv) / vv;
      for (let i = k; i < n; i++) a[cj + i] = a[cj + i]! - f * a[ck + i]!;
    }
    let doty = 0;
    for (let i = k; i < n; i++) doty += a[ck + i]! * qty[i]!;
    const fy = (2 * doty) / vv;
    for (let i = k; i < n; i++) qty[i] = qty[i]! - fy * a[ck + i]!;
  }
  // R: diagonal in `diag`, above it in a[j * n + i] for i < j.
  const r = (i: number, j: number): number => (i === j ? diag[i]! : a[j * n + i]!);
  let maxDiag = 0;
  for (let j = 0; j < p; j++) maxDiag = Math.max(maxDiag, Math.abs(diag[j]!));
  for (let j = 0; j < p; j++) {
    if (!(Math.abs(diag[j]!) > 1e-10 * maxDiag)) {
      throw new InsufficientDataError(
        `${name} cannot identify its ${p} parameters from the fit window (the design is rank deficient)`,
      );
    }
  }
  const beta = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let v = qty[i]!;
    for (let j = i + 1; j < p; j++) v -= r(i, j) * beta[j]!;
    beta[i] = v / diag[i]!;
  }
  // R⁻¹ (upper triangular), column by column: R · col_j = e_j.
  const rInv = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let i = j; i >= 0; i--) {
      let v = i === j ? 1 : 0;
      for (let k = i + 1; k <= j; k++) v -= r(i, k) * rInv[k * p + j]!;
      rInv[i * p + j] = v / diag[i]!;
    }
  }
  const residuals = new Float64Array(n);
  let rss = 0;
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let j = 0; j < p; j++) f += x[i * p + j]! * beta[j]!;
    const r = y[i]! - f;
    residuals[i] = r;
    rss += r * r;
  }
  const df = n - p;
  return { n, p, df, beta, s: Math.sqrt(rss / df), rInv, residuals };
}

/** Leverage x'(XᵀX)⁻¹x = ‖R⁻ᵀx‖² of one design row. */
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

/** The two-sided t quantile for a band at `level` with `df` degrees of freedom. */
export function tQuantile(level: number, df: number): number {
  return tInv((1 + level) / 2, df);
}

/**
 * Lag-1 autocorrelation of residuals observed at integer times `t` (only consecutive pairs count), clipped to
 * [0, 0.95]; 0 when undefined. Negative values are clipped to 0 because they would narrow cumulative intervals on
 * the strength of a noisy estimate.
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
