import { quantileSorted } from 'simple-statistics';

/**
 * Per-period quantiles of simulated paths (row-major draws × h) at probabilities `lo` and `hi`, written into
 * `lower[offset + k]` and `upper[offset + k]`. Uses simple-statistics' `quantileSorted`.
 */
export function pathBands(
  paths: Float64Array,
  draws: number,
  h: number,
  lo: number,
  hi: number,
  lower: Float64Array,
  upper: Float64Array,
  offset: number,
): void {
  const col = new Float64Array(draws);
  for (let k = 0; k < h; k++) {
    for (let d = 0; d < draws; d++) col[d] = paths[d * h + k]!;
    col.sort();
    if (Number.isNaN(col[draws - 1]!)) continue;
    const sorted = Array.from(col);
    lower[offset + k] = quantileSorted(sorted, lo);
    upper[offset + k] = quantileSorted(sorted, hi);
  }
}
