// Internal least squares for the break tests. Intentionally not exported from the package.
//
// Householder QR that drops a column when what is left of it after projecting out the columns already kept is
// negligible (relative tolerance), like R's lm() does with aliased coefficients. The residual sum of squares
// then depends only on the column space, and the rank gives the degrees of freedom, as statsmodels'
// compare_f_test does with its pinv-based fit.

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
 * Least squares of `y` on the columns of a design, returning SSR and rank.
 *
 * @param columns - the design, one Float64Array per column, each of length n
 * @param y - the response, length n
 */
export function leastSquares(columns: readonly Float64Array[], y: Float64Array): LeastSquaresFit {
  const n = y.length;
  const cols = columns.map((c) => Float64Array.from(c));
  const r = Float64Array.from(y);
  const kept: boolean[] = [];
  let k = 0; // rows k..n-1 are still free
  for (let j = 0; j < cols.length; j++) {
    const a = cols[j]!;
    let orig = 0;
    for (let i = 0; i < n; i++) orig = Math.max(orig, Math.abs(columns[j]![i]!));
    let norm2 = 0;
    for (let i = k; i < n; i++) norm2 += a[i]! * a[i]!;
    const norm = Math.sqrt(norm2);
    if (k >= n || orig === 0 || norm <= RANK_TOL * orig * Math.sqrt(n)) {
      kept.push(false);
      continue;
    }
    kept.push(true);
    // Householder vector v = a[k..] + sign(a_k) ||a[k..]|| e_1, reflect the later columns and y.
    const alpha = a[k]! >= 0 ? -norm : norm;
    const v = new Float64Array(n - k);
    for (let i = k; i < n; i++) v[i - k] = a[i]!;
    v[0] = v[0]! - alpha;
    let vv = 0;
    for (let i = 0; i < v.length; i++) vv += v[i]! * v[i]!;
    if (vv > 0) {
      const reflect = (x: Float64Array) => {
        let dot = 0;
        for (let i = k; i < n; i++) dot += v[i - k]! * x[i]!;
        const f = (2 * dot) / vv;
        for (let i = k; i < n; i++) x[i] = x[i]! - f * v[i - k]!;
      };
      for (let jj = j + 1; jj < cols.length; jj++) reflect(cols[jj]!);
      reflect(r);
    }
    k++;
  }
  let ssr = 0;
  for (let i = k; i < n; i++) ssr += r[i]! * r[i]!;
  return { ssr, rank: k, kept };
}
