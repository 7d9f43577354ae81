import { quantile } from 'simple-statistics';

/**
 * Per-period quantiles of simulated paths (row-major draws × h) at probabilities `lo` and `hi`, written into
 * `lower[offset + k]` and `upper[offset + k]`. Uses simple-statistics' `quantile` (quickselect, type 7), linear in
 * the number of draws.
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
  const col: number[] = new Array(draws);
  const probs = [lo, hi];
  for (let k = 0; k < h; k++) {
    let finite = true;
    for (let d = 0; d < draws; d++) {
      const v = paths[d * h + k]!;
      if (v - v !== 0) finite = false;
      col[d] = v;
    }
    if (!finite) continue;
    const [a, b] = quantile(col, probs);
    lower[offset + k] = a!;
    upper[offset + k] = b!;
  }
}
