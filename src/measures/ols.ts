// Internal least squares for the break tests. Intentionally not exported from the package.
//
// The library's QR solver (numeric/least-squares.ts) with the break tests' rank rule: a column is dropped when what
// is left of it after projecting out the columns already kept is negligible (relative tolerance), like R's lm()
// does with aliased coefficients. The residual sum of squares then depends only on the column space, and the rank
// gives the degrees of freedom, as statsmodels' compare_f_test does with its pinv-based fit.
import { qrLeastSquares } from '../numeric/least-squares.js';

/** Residual sum of squares and rank of a least-squares fit. */
export interface LeastSquaresFit {
  /** Residual sum of squares. */
  readonly ssr: number;
  /** Numerical rank of the design (columns kept). */
  readonly rank: number;
  /** Which columns were kept (false = linearly dependent on earlier columns, or all zero). */
  readonly kept: readonly boolean[];
}

/** Relative size below which a column counts as dependent on the earlier ones. */
const RANK_TOL = 1e-9;

/**
 * Least squares of `y` on the columns of a design, returning SSR and rank. A column is dropped when its remainder
 * is at most 1e-9 · max|xⱼ| · √n.
 *
 * @param columns - the design, one Float64Array per column, each of length n
 * @param y - the response, length n
 * @example
 * leastSquares([Float64Array.of(1, 1, 1), Float64Array.of(2, 2, 2)], Float64Array.of(1, 2, 3)).rank; // => 1
 */
export function leastSquares(columns: readonly Float64Array[], y: Float64Array): LeastSquaresFit {
  const rootN = Math.sqrt(y.length);
  const scale = columns.map((c) => {
    let m = 0;
    for (let i = 0; i < c.length; i++) m = Math.max(m, Math.abs(c[i]!));
    return m * rootN;
  });
  const fit = qrLeastSquares(columns, y, { tolerance: RANK_TOL, scale });
  return { ssr: fit.ssr, rank: fit.rank, kept: fit.keptMask };
}

/**
 * An orthonormal basis of the column space of a design (the columns {@link leastSquares} keeps, by the same rank
 * rule), as Q = X_kept R⁻¹ from the library's QR: one Float64Array of length n per basis vector.
 *
 * @param columns - the design, one Float64Array per column, each of length n
 * @example
 * orthonormalBasis([Float64Array.of(2, 0), Float64Array.of(4, 0)]).length; // => 1
 */
export function orthonormalBasis(columns: readonly Float64Array[]): Float64Array[] {
  const n = columns[0]?.length ?? 0;
  const rootN = Math.sqrt(n);
  const scale = columns.map((c) => {
    let m = 0;
    for (let i = 0; i < c.length; i++) m = Math.max(m, Math.abs(c[i]!));
    return m * rootN;
  });
  const fit = qrLeastSquares(columns, new Float64Array(n), { tolerance: RANK_TOL, scale });
  const r = fit.rank;
  const out: Float64Array[] = [];
  for (let j = 0; j < r; j++) {
    const q = new Float64Array(n);
    for (let i = 0; i <= j; i++) {
      const c = columns[fit.kept[i]!]!;
      const a = fit.rInv[i * r + j]!;
      if (a !== 0) for (let k = 0; k < n; k++) q[k] = q[k]! + a * c[k]!;
    }
    out.push(q);
  }
  return out;
}
