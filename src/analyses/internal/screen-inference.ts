/**
 * The screen's inference on the kernel's per-ρ statistics: the ρ grid, the empirical-Bayes prior on ρ pooled
 * across the screened series, and each series' p-value integrated over its posterior of ρ.
 *
 * Internal: not part of the public API.
 *
 * @module
 */
import { twoSidedP } from '../../inference/distributions.js';

/**
 * The ρ grid: −0.3 to 0.95 in steps of 0.05 (26 nodes). Negative autocorrelation below −0.3 is rare in monthly
 * trade and only makes a post-period mean less variable, so truncating there errs on the safe side; above 0.95 a
 * 37-month window cannot tell an AR(1) from a random walk (`screen` warns when the posterior piles up there).
 */
export const RHO_GRID: Float64Array = Float64Array.from(
  { length: 26 },
  (_, i) => Math.round(-30 + 5 * i) / 100,
);

/** Dirichlet pseudo-count that smooths the pooled prior towards the uniform one (in series). */
export const PRIOR_PSEUDO_COUNT = 10;

/** Series the prior is estimated on, at most (a deterministic, order-free subsample beyond). */
export const PRIOR_MAX_SERIES = 4000;

/** EM iterations for the pooled prior (from the uniform prior). */
export const PRIOR_ITERATIONS = 100;

/**
 * The series' likelihood of each ρ node relative to its best node, exp(ℓ_g − max ℓ), from the kernel's REML
 * log-likelihoods at `stats[offset .. offset + G)`; 0 where a node is undefined. Returns false if no node is.
 */
export function relativeLikelihood(
  stats: Float64Array,
  offset: number,
  G: number,
  into: Float64Array,
): boolean {
  let max = Number.NEGATIVE_INFINITY;
  for (let g = 0; g < G; g++) {
    const l = stats[offset + g]!;
    if (l > max) max = l;
  }
  if (!Number.isFinite(max)) return false;
  for (let g = 0; g < G; g++) {
    const l = stats[offset + g]!;
    into[g] = Number.isFinite(l) ? Math.exp(l - max) : 0;
  }
  return true;
}

/** FNV-1a hash of a string, for an order-free subsample. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The empirical-Bayes prior of ρ on the grid: the maximum-likelihood mixing distribution of the series' REML
 * likelihoods (the nonparametric MLE of Kiefer & Wolfowitz 1956 on a fixed grid, by the EM of Laird 1978), with a
 * Dirichlet pseudo-count of {@link PRIOR_PSEUDO_COUNT} series spread uniformly so that a screen of one or a few
 * series falls back on the uniform prior of the baselines' error model. Beyond {@link PRIOR_MAX_SERIES} series
 * it is estimated on an order-free subsample (by a hash of the series key), so the result does not depend on the
 * input order.
 *
 * @param stats - the kernel's `stats` (n × 2G)
 * @param G - grid nodes
 * @param use - indices of the series to pool
 * @param keys - the series' keys (for the subsample)
 * @returns the prior weights, summing to 1
 */
export function pooledRhoPrior(
  stats: Float64Array,
  G: number,
  use: readonly number[],
  keys: readonly string[],
): Float64Array {
  let pick = use;
  if (use.length > PRIOR_MAX_SERIES) {
    const every = Math.ceil(use.length / PRIOR_MAX_SERIES);
    pick = use.filter((i) => hash(keys[i]!) % every === 0);
  }
  const L = new Float64Array(pick.length * G);
  let m = 0;
  const tmp = new Float64Array(G);
  for (const i of pick) {
    if (!relativeLikelihood(stats, i * 2 * G, G, tmp)) continue;
    L.set(tmp, m * G);
    m++;
  }
  const prior = new Float64Array(G).fill(1 / G);
  const acc = new Float64Array(G);
  const c = PRIOR_PSEUDO_COUNT;
  for (let iter = 0; iter < PRIOR_ITERATIONS && m > 0; iter++) {
    acc.fill(0);
    for (let r = 0; r < m; r++) {
      const o = r * G;
      let den = 0;
      for (let g = 0; g < G; g++) den += prior[g]! * L[o + g]!;
      if (!(den > 0)) continue;
      const inv = 1 / den;
      for (let g = 0; g < G; g++) acc[g] = acc[g]! + prior[g]! * L[o + g]! * inv;
    }
    let change = 0;
    for (let g = 0; g < G; g++) {
      const next = (acc[g]! + c / G) / (m + c);
      change = Math.max(change, Math.abs(next - prior[g]!));
      prior[g] = next;
    }
    if (change < 1e-6) break;
  }
  return prior;
}

/**
 * P(T ≤ −x) for x ≥ 0, T Student t with `df` degrees of freedom, from `twoSidedP` — tabulated lazily per df on
 * [0, 40) in steps of 1/256 and interpolated linearly in log (relative error below 1e-5), because the screen
 * needs one tail per ρ node per series (26 × 100,000 at full scale) and each direct evaluation costs microseconds.
 * Beyond 40 (or where the table underflows) it calls `twoSidedP` directly.
 */
export function createTTail(): (x: number, df: number) => number {
  const STEPS = 256;
  const XMAX = 40;
  const tables = new Map<number, (Float64Array | undefined)[]>();
  const direct = (x: number, df: number): number => (twoSidedP(x, df) ?? Number.NaN) / 2;
  return (x: number, df: number): number => {
    if (!(x >= 0) || x >= XMAX) return direct(x, df);
    let chunks = tables.get(df);
    if (chunks === undefined) {
      chunks = new Array<Float64Array | undefined>(XMAX);
      tables.set(df, chunks);
    }
    const c = Math.floor(x);
    let tab = chunks[c];
    if (tab === undefined) {
      tab = new Float64Array(STEPS + 1);
      for (let j = 0; j <= STEPS; j++) tab[j] = Math.log(direct(c + j / STEPS, df));
      chunks[c] = tab;
    }
    const u = (x - c) * STEPS;
    const j = Math.min(STEPS - 1, Math.floor(u));
    const lo = tab[j]!;
    const hi = tab[j + 1]!;
    if (!(Number.isFinite(lo) && Number.isFinite(hi))) return direct(x, df);
    return Math.exp(lo + (u - j) * (hi - lo));
  };
}

/** What {@link integrate} gives for one series. */
export interface Integrated {
  /** p-value integrated over the posterior of ρ. */
  readonly p: number;
  /** Posterior mean of the t statistic. */
  readonly t: number;
  /** Posterior mean of ρ. */
  readonly rho: number;
  /** Posterior probability of the top two grid nodes (ρ ≥ 0.9). */
  readonly high: number;
}

/**
 * One series' p-value integrated over its posterior of ρ: p = Σ_g π(ρ_g | data) p(t_g), the posterior the
 * pooled prior times the series' REML likelihood, p(t_g) the t-tail of the node's statistic for `alternative`.
 *
 * @returns null where no node is defined
 */
export function integrate(
  stats: Float64Array,
  i: number,
  G: number,
  prior: Float64Array,
  df: number,
  alternative: 'greater' | 'less' | 'two-sided',
  tail: (x: number, df: number) => number,
  scratch: Float64Array,
): Integrated | null {
  const o = i * 2 * G;
  if (!relativeLikelihood(stats, o, G, scratch)) return null;
  let wsum = 0;
  for (let g = 0; g < G; g++) {
    const t = stats[o + G + g]!;
    const w = Number.isFinite(t) ? prior[g]! * scratch[g]! : 0;
    scratch[g] = w;
    wsum += w;
  }
  if (!(wsum > 0)) return null;
  let p = 0;
  let tm = 0;
  let rho = 0;
  let high = 0;
  for (let g = 0; g < G; g++) {
    const w = scratch[g]! / wsum;
    if (w === 0) continue;
    const t = stats[o + G + g]!;
    const pg =
      alternative === 'greater'
        ? t >= 0
          ? tail(t, df)
          : 1 - tail(-t, df)
        : alternative === 'less'
          ? t <= 0
            ? tail(-t, df)
            : 1 - tail(t, df)
          : Math.min(1, 2 * tail(Math.abs(t), df));
    p += w * pg;
    tm += w * t;
    rho += w * RHO_GRID[g]!;
    if (RHO_GRID[g]! >= 0.9 - 1e-9) high += w;
  }
  return { p: Math.min(1, Math.max(0, p)), t: tm, rho, high };
}
