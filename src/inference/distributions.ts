/**
 * Thin wrappers over @stdlib distribution functions that return `null` instead of NaN/Infinity, so no
 * undefined value leaks into a result. Internal.
 *
 * @module
 */
// The single-function packages, not the distribution namespaces: those load every function of a distribution
// (pdf, mgf, constructors …) and cost ~0.13 s more at import.
import chisqCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import fCdf from '@stdlib/stats-base-dists-f-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Two-sided p-value of a t statistic with `df` degrees of freedom (normal when `df` is `null`). */
export function twoSidedP(stat: number | null, df: number | null): number | null {
  if (stat === null || !Number.isFinite(stat)) return null;
  if (df !== null && !(df > 0)) return null;
  // The lower tail at −|t| keeps precision for tiny p-values (1 − cdf(|t|) would round to 0).
  const a = -Math.abs(stat);
  const tail = df === null ? normalCdf(a, 0, 1) : tCdf(a, df);
  return finite(Math.min(1, 2 * tail));
}

/** The two-sided critical value for coverage `level` (t with `df`, or normal when `df` is `null`). */
export function criticalValue(level: number, df: number | null): number | null {
  if (df !== null && !(df > 0)) return null;
  const q = 1 - (1 - level) / 2;
  return finite(df === null ? normalQuantile(q, 0, 1) : tQuantile(q, df));
}

/** Upper-tail p-value of an F statistic. */
export function fUpperP(stat: number | null, df1: number, df2: number): number | null {
  if (stat === null || !Number.isFinite(stat) || !(df1 > 0) || !(df2 > 0)) return null;
  return finite(1 - fCdf(stat, df1, df2));
}

/** Upper-tail p-value of a chi-square statistic. */
export function chisqUpperP(stat: number | null, df: number): number | null {
  if (stat === null || !Number.isFinite(stat) || !(df > 0)) return null;
  return finite(1 - chisqCdf(stat, df));
}
