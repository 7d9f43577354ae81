/**
 * The one sample quantile of the library: Hyndman & Fan (1996) type 7, linear interpolation between order
 * statistics — R's default `quantile(type = 7)` and numpy's `linear`.
 *
 * Internal: not part of the public API.
 *
 * @module
 */

/**
 * Quantile at probability `p` ∈ [0, 1] of an ascending-sorted array; `null` for an empty one.
 *
 * @param sorted - values in ascending order (not checked)
 * @param p - probability
 * @returns the type-7 quantile, or null for no values
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  if (n === 1) return sorted[0]!;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo]!;
  return a + (h - lo) * (sorted[hi]! - a);
}
