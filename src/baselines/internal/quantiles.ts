import { quantileSorted } from '../../numeric/quantile.js';

/**
 * Per-period quantiles of simulated paths (row-major draws × h) at probabilities `lo` and `hi`, written into
 * `lower[offset + k]` and `upper[offset + k]`. Type-7 quantiles (the library's one quantile,
 * `numeric/quantile.ts`) of each period's draws, sorted once per period; periods with a non-finite draw are left
 * as they are.
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
    let finite = true;
    for (let d = 0; d < draws; d++) {
      const v = paths[d * h + k]!;
      if (v - v !== 0) finite = false;
      col[d] = v;
    }
    if (!finite) continue;
    col.sort();
    lower[offset + k] = quantileSorted(col, lo)!;
    upper[offset + k] = quantileSorted(col, hi)!;
  }
}
