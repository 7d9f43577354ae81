import { OptionsError } from '../errors.js';
import type { FdrResult } from './schemas.js';

/** Options of {@link fdr}. */
export interface FdrOptions {
  /** `bh` (default): Benjamini–Hochberg (independent or positively dependent tests); `by`: Benjamini–Yekutieli (any dependence). */
  readonly method?: 'bh' | 'by';
  /** False discovery rate to control (default 0.05). */
  readonly alpha?: number;
}

/**
 * False-discovery-rate adjusted p-values and rejections (Benjamini & Hochberg 1995; Benjamini & Yekutieli 2001),
 * for screens of many products or destinations.
 *
 * With m non-null p-values sorted p₍₁₎ ≤ … ≤ p₍ₘ₎, the adjusted value is min over j ≥ i of min(1, c·m·p₍ⱼ₎/j), where
 * c = 1 (BH) or Σ₁ᵐ 1/k (BY); a hypothesis is rejected when its adjusted p ≤ alpha. Ties get equal adjusted values.
 * `null` entries (tests that could not be run) are ignored — they do not count in m — and stay `null`. Same results
 * as statsmodels' `multipletests(method='fdr_bh' | 'fdr_by')`. Runs in O(m log m).
 *
 * @param pValues - raw p-values in [0, 1] or `null`
 * @param options - method and alpha
 * @returns adjusted p-values and rejections in input order, m and the number of rejections
 * @throws {OptionsError} if a p-value is outside [0, 1] or not finite, or alpha is not in (0, 1)
 * @example
 * import { fdr } from 'trade-roundabout';
 * fdr([0.01, 0.04, null, 0.03]).adjusted; // => [0.03, 0.04, null, 0.04]
 */
export function fdr(pValues: readonly (number | null)[], options: FdrOptions = {}): FdrResult {
  const method = options.method ?? 'bh';
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new OptionsError(`fdr requires alpha in (0, 1), got ${alpha}`);
  const idx: number[] = [];
  pValues.forEach((p, i) => {
    if (p === null) return;
    if (!(Number.isFinite(p) && p >= 0 && p <= 1))
      throw new OptionsError(`fdr requires p-values in [0, 1] or null, got ${p} at ${i}`);
    idx.push(i);
  });
  const m = idx.length;
  idx.sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  let c = 1;
  if (method === 'by') {
    c = 0;
    for (let k = 1; k <= m; k++) c += 1 / k;
  }
  const adjusted: (number | null)[] = pValues.map(() => null);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const i = idx[r]!;
    // factor ≥ 1 exactly in floating point, so adjusted ≥ raw without rounding slips.
    const v = Math.min(1, pValues[i]! * ((c * m) / (r + 1)));
    running = Math.min(running, v);
    adjusted[i] = running;
  }
  const rejected = adjusted.map((a) => (a === null ? null : a <= alpha));
  return {
    method,
    alpha,
    m,
    adjusted,
    rejected,
    rejections: rejected.filter((x) => x === true).length,
  };
}
