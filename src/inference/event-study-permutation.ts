/**
 * Randomisation (permutation) reference for `eventStudy`'s joint pre-trend test with few treated units. Internal.
 *
 * @module
 */
import { createRng } from '../numeric/rng.js';

/** Result of {@link preTrendPermutation}. Internal. */
export interface PreTrendPermutation {
  /** The observed statistic S (see {@link preTrendPermutation}). */
  readonly statistic: number;
  /** Share of assignments with S* ≥ S (exact enumeration, or (1 + #)/(1 + draws) with random draws). */
  readonly p: number;
  /** Assignments compared (all of them when `exact`). */
  readonly assignments: number;
  readonly exact: boolean;
}

/** Enumerate every assignment up to this many; beyond it, draw `draws` at random. */
const MAX_EXACT = 20_000;

/**
 * Fisher randomisation test that every shown lead is zero, over assignments of the observed adoption dates to units.
 *
 * Each unit's outcome is centred on the all-unit mean of its period (r_it = y_it − ȳ_·t, which does not depend on the
 * assignment) and scaled by σ̂_i, the standard deviation of its month-on-month changes of r before the earliest
 * adoption date. A unit i given adoption date e has lead profile z_i(l) = (r_{i,e+l} − r_{i,e+ref}) / σ̂_i, and the
 * statistic is S = Σ_l (Σ_{treated i} z_i(l))² / n_l, with n_l the treated units observed at lead l. Studentising by
 * unit keeps small, noisy treated units from dominating the statistic, which is what makes a permutation test of a
 * raw statistic over-reject when treated and control units differ in noise (Ferman & Pinto 2019). The reference
 * distribution draws the treated set uniformly among the units with a σ̂ (each draw keeps the observed multiset of
 * adoption dates): every assignment when there are at most 20,000 (one cohort), else `draws` seeded random ones.
 * Valid (exact, up to the random draws) under the sharp null of no differential pre-trend when the adoption dates
 * are as good as randomly assigned across units.
 *
 * @param unitOf - unit label of each row
 * @param periodOf - period index of each row (consecutive integers for consecutive periods)
 * @param y - outcome of each row
 * @param cohortOf - adoption period index of each row's unit, `null` if never treated
 * @param leads - the shown lead relative periods (negative, without the reference)
 * @param referenceOf - the reference relative period of an adoption period index
 * @param draws - random assignments when enumeration is too large
 * @param seed - seed of the random assignments
 * @returns the test, or `null` when a treated unit has no σ̂ or no assignment has data
 * @example
 * preTrendPermutation.length; // => 8
 */
export function preTrendPermutation(
  unitOf: readonly string[],
  periodOf: readonly number[],
  y: ArrayLike<number>,
  cohortOf: readonly (number | null)[],
  leads: readonly number[],
  referenceOf: (date: number) => number,
  draws = 1999,
  seed = 1,
): PreTrendPermutation | null {
  const ids = [...new Set(unitOf)];
  const code = new Map(ids.map((u, i) => [u, i]));
  const pMin = Math.min(...periodOf);
  const pMax = Math.max(...periodOf);
  const T = pMax - pMin + 1;
  const N = ids.length;
  const Y = new Float64Array(N * T).fill(Number.NaN);
  const date: (number | null)[] = new Array<number | null>(N).fill(null);
  for (let i = 0; i < unitOf.length; i++) {
    const g = code.get(unitOf[i]!)!;
    Y[g * T + periodOf[i]! - pMin] = y[i]!;
    date[g] = cohortOf[i] ?? null;
  }
  for (let t = 0; t < T; t++) {
    let s = 0;
    let c = 0;
    for (let g = 0; g < N; g++) {
      const v = Y[g * T + t]!;
      if (!Number.isNaN(v)) {
        s += v;
        c++;
      }
    }
    const m = c > 0 ? s / c : 0;
    for (let g = 0; g < N; g++) Y[g * T + t]! -= m;
  }
  const dates = date.filter((d): d is number => d !== null);
  if (dates.length === 0) return null;
  const first = Math.min(...dates) - pMin;
  const sigma = new Float64Array(N).fill(Number.NaN);
  for (let g = 0; g < N; g++) {
    let s = 0;
    let s2 = 0;
    let c = 0;
    for (let t = 1; t < first; t++) {
      const d = Y[g * T + t]! - Y[g * T + t - 1]!;
      if (Number.isNaN(d)) continue;
      s += d;
      s2 += d * d;
      c++;
    }
    if (c >= 3) {
      const v = (s2 - (s * s) / c) / (c - 1);
      if (v > 0) sigma[g] = Math.sqrt(v);
    }
  }
  const usable = ids.map((_, g) => g).filter((g) => !Number.isNaN(sigma[g]!));
  const treated = ids.map((_, g) => g).filter((g) => date[g] !== null);
  if (treated.some((g) => Number.isNaN(sigma[g]!))) return null;
  const k = treated.length;
  if (usable.length <= k) return null;
  const treatedDates = treated.map((g) => date[g]! - pMin);
  const treatedRefs = treated.map((g) => referenceOf(date[g]!));
  const q = leads.length;
  const num = new Float64Array(q);
  const cnt = new Int32Array(q);
  const stat = (units: readonly number[]): number | null => {
    num.fill(0);
    cnt.fill(0);
    for (let j = 0; j < k; j++) {
      const g = units[j]!;
      const e = treatedDates[j]!;
      const ref = e + treatedRefs[j]!;
      if (ref < 0 || ref >= T) continue;
      const base = Y[g * T + ref]!;
      if (Number.isNaN(base)) continue;
      for (let a = 0; a < q; a++) {
        const t = e + leads[a]!;
        if (t < 0 || t >= T) continue;
        const v = Y[g * T + t]!;
        if (Number.isNaN(v)) continue;
        num[a]! += (v - base) / sigma[g]!;
        cnt[a]!++;
      }
    }
    let s = 0;
    let any = false;
    for (let a = 0; a < q; a++)
      if (cnt[a]! > 0) {
        s += num[a]! ** 2 / cnt[a]!;
        any = true;
      }
    return any ? s : null;
  };
  const observed = stat(treated);
  if (observed === null) return null;
  const tol = 1e-12 * Math.max(1, Math.abs(observed));
  const oneDate = treatedDates.every((d) => d === treatedDates[0]);
  let total = usable.length > 0 ? 1 : 0;
  for (let j = 0; j < k; j++) total = (total * (usable.length - j)) / (j + 1);
  if (oneDate && total <= MAX_EXACT) {
    let n = 0;
    let ge = 0;
    const pick = new Array<number>(k);
    const rec = (start: number, depth: number): void => {
      if (depth === k) {
        const s = stat(pick);
        if (s === null) return;
        n++;
        if (s >= observed - tol) ge++;
        return;
      }
      for (let i = start; i <= usable.length - (k - depth); i++) {
        pick[depth] = usable[i]!;
        rec(i + 1, depth + 1);
      }
    };
    rec(0, 0);
    return n > 0 ? { statistic: observed, p: ge / n, assignments: n, exact: true } : null;
  }
  const rng = createRng(seed);
  const pool = [...usable];
  let n = 0;
  let ge = 0;
  for (let b = 0; b < draws; b++) {
    for (let j = 0; j < k; j++) {
      const r = j + rng.int(pool.length - j);
      const tmp = pool[j]!;
      pool[j] = pool[r]!;
      pool[r] = tmp;
    }
    const s = stat(pool.slice(0, k));
    if (s === null) continue;
    n++;
    if (s >= observed - tol) ge++;
  }
  return n > 0 ? { statistic: observed, p: (1 + ge) / (1 + n), assignments: n, exact: false } : null;
}
