/**
 * The absorbing step shared by `ppml` and `feols`: row collection and validation, the estimation sample, the
 * factors to absorb, cluster-robust covariance (one- and two-way) from a fit whose fixed effects were absorbed, the
 * few-clusters warning, and randomisation inference over cluster units.
 *
 * Internal: not part of the public API.
 *
 * @module
 */
import { DataValidationError, OptionsError } from '../errors.js';
import { sandwich } from '../numeric/least-squares.js';
import { createRng } from '../numeric/rng.js';
import { coefficientOf, makeCoefficient } from './design.js';
import { encodeFactor, type Factor, fixedEffectRank, type LinearFit } from './linear.js';
import type { Coefficient, RandomizationSummary } from './schemas.js';

/** Clusters below this count, or treated clusters below {@link FEW_TREATED_CLUSTERS}, trigger a warning. */
export const FEW_CLUSTERS_HDFE = 30;
/** Treated clusters below this count trigger the few-clusters warning. */
export const FEW_TREATED_CLUSTERS = 10;

/** What to collect from the records. */
export interface CollectSpec {
  readonly fn: string;
  readonly outcome: string;
  /** `nonNegative`: negative outcomes throw (PPML); `finite`: any finite number (log-OLS decides later). */
  readonly outcomeRule: 'nonNegative' | 'finite';
  readonly regressors: readonly string[];
  readonly fixedEffects: readonly (string | readonly string[])[];
  /** Cluster fields (0, 1 or 2). */
  readonly clusterFields: readonly string[];
  /** Further label fields a row must have (e.g. the randomisation unit and period). */
  readonly labelFields: readonly string[];
}

/** Complete rows, column by column. */
export interface Collected {
  readonly ys: number[];
  readonly xs: number[][];
  readonly feNames: string[];
  readonly feLabels: string[][];
  readonly clusterLabels: string[][];
  readonly labels: string[][];
  /** Rows dropped for a missing outcome, regressor or label. */
  readonly missing: number;
}

/** Collect and validate the complete rows (untrusted input: every used field is checked). */
export function collectRows(
  records: readonly Readonly<Record<string, unknown>>[],
  spec: CollectSpec,
): Collected {
  const file = '<records>';
  const feSpecs = spec.fixedEffects.map((f) => (typeof f === 'string' ? [f] : [...f]));
  const ys: number[] = [];
  const xs: number[][] = spec.regressors.map(() => []);
  const feLabels: string[][] = feSpecs.map(() => []);
  const clusterLabels: string[][] = spec.clusterFields.map(() => []);
  const labels: string[][] = spec.labelFields.map(() => []);
  let missing = 0;
  const labelOf = (row: Readonly<Record<string, unknown>>, fields: readonly string[]): string | null => {
    const parts: string[] = [];
    for (const f of fields) {
      const v = row[f];
      if (v === null || v === undefined) return null;
      parts.push(String(v));
    }
    return parts.join('\u0000');
  };
  records.forEach((row, i) => {
    const yv = row[spec.outcome];
    if (yv === null || yv === undefined) {
      missing++;
      return;
    }
    if (typeof yv !== 'number' || !Number.isFinite(yv) || (spec.outcomeRule === 'nonNegative' && yv < 0))
      throw new DataValidationError(
        `outcome must be a ${spec.outcomeRule === 'nonNegative' ? 'non-negative ' : ''}finite number, got ${String(yv)}`,
        { file, field: `[${i}].${spec.outcome}` },
      );
    const xrow: number[] = [];
    for (const name of spec.regressors) {
      const v = row[name];
      if (v === null || v === undefined) {
        missing++;
        return;
      }
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new DataValidationError(`regressor must be a finite number, got ${String(v)}`, {
          file,
          field: `[${i}].${name}`,
        });
      xrow.push(v);
    }
    const fe: string[] = [];
    for (const s of feSpecs) {
      const l = labelOf(row, s);
      if (l === null) {
        missing++;
        return;
      }
      fe.push(l);
    }
    const cl: string[] = [];
    for (const f of spec.clusterFields) {
      const l = labelOf(row, [f]);
      if (l === null) {
        missing++;
        return;
      }
      cl.push(l);
    }
    const other: string[] = [];
    for (const f of spec.labelFields) {
      const l = labelOf(row, [f]);
      if (l === null) {
        missing++;
        return;
      }
      other.push(l);
    }
    ys.push(yv);
    for (let j = 0; j < xrow.length; j++) xs[j]!.push(xrow[j]!);
    for (let j = 0; j < fe.length; j++) feLabels[j]!.push(fe[j]!);
    for (let j = 0; j < cl.length; j++) clusterLabels[j]!.push(cl[j]!);
    for (let j = 0; j < other.length; j++) labels[j]!.push(other[j]!);
  });
  return {
    ys,
    xs,
    feNames: feSpecs.map((f) => f.join('×')),
    feLabels,
    clusterLabels,
    labels,
    missing,
  };
}

/** The estimation sample: outcome, regressors and factors of the kept rows. */
export interface Design {
  /** Positions (in the collected rows) of the kept observations. */
  readonly idx: readonly number[];
  readonly n: number;
  readonly y: Float64Array;
  /** Regressor columns; a constant `const` is appended when there are no fixed effects. */
  readonly X: Float64Array[];
  readonly names: string[];
  readonly factors: Factor[];
  /** Rank of the fixed-effect dummies (constant included). */
  readonly feRank: number;
  readonly clusters: Factor[];
  /** The extra labels of the kept rows. */
  readonly labels: string[][];
}

/** Build the design of the rows kept by `keep`, with `transform` applied to the outcome. */
export function designOf(
  c: Collected,
  keep: readonly boolean[],
  regressors: readonly string[],
  transform: (y: number) => number = (y) => y,
): Design {
  const idx = keep.flatMap((k, i) => (k ? [i] : []));
  const n = idx.length;
  const factors = c.feNames.map((name, f) =>
    encodeFactor(
      name,
      idx.map((i) => c.feLabels[f]![i]!),
    ),
  );
  const names = [...regressors];
  const X = regressors.map((_, j) => Float64Array.from(idx, (i) => c.xs[j]![i]!));
  if (factors.length === 0) {
    names.push('const');
    X.push(new Float64Array(n).fill(1));
  }
  return {
    idx,
    n,
    y: Float64Array.from(idx, (i) => transform(c.ys[i]!)),
    X,
    names,
    factors,
    feRank: fixedEffectRank(factors).rank,
    clusters: c.clusterLabels.map((l, j) =>
      encodeFactor(
        `cluster${j}`,
        idx.map((i) => l[i]!),
      ),
    ),
    labels: c.labels.map((l) => idx.map((i) => l[i]!)),
  };
}

/** How the cluster terms of a two-way covariance are corrected (the `clusterDf` option of `ppml` and `feols`). */
export type ClusterDf = 'conventional' | 'min';

/** A covariance over all regressors (`null` rows/columns for dropped ones) and what was done to it. */
export interface Covariance {
  readonly cov: (number | null)[][];
  /** True when a non-PSD two-way matrix had its negative eigenvalues set to 0. */
  readonly fixed: boolean;
  /** Smallest eigenvalue before any fix (over the kept regressors). */
  readonly minEigenvalue: number | null;
  /** Degrees of freedom of t tests: min(G) − 1. */
  readonly df: number;
  readonly warnings: string[];
}

/**
 * Cluster-robust covariance of a (weighted) least-squares fit with absorbed fixed effects.
 *
 * One-way: CR1, c · B M B with c = G/(G−1) · (n−1)/(n−k), B the bread (X̃'WX̃)⁻¹ and M = Σ_g s_g s_g' over the
 * clusters' score sums s_g = Σ_{i∈g} w_i e_i x̃_i; k = fixed-effect rank + kept regressors. This is statsmodels'
 * `cov_type='cluster'` (`use_correction=True`) with explicit dummies.
 *
 * Two-way (Cameron, Gelbach & Miller 2011): V = V_a + V_b − V_ab, each term its own CR1 with its own G (G_ab =
 * non-empty a × b cells) and the common (n−1)/(n−k) — statsmodels' `cov_cluster_2groups` (what `cov_type='cluster'`
 * with a two-column `groups` does). With `clusterDf: 'min'` every term uses min(G_a, G_b) instead (fixest's
 * `ssc(cluster.df = "min")`). When V is not positive semi-definite its negative eigenvalues are set to 0 and a
 * warning says so (fixest's `vcov_fix = TRUE`; statsmodels does not fix it).
 */
export function clusteredCovariance(
  fit: LinearFit,
  weights: Float64Array | null,
  clusters: readonly Factor[],
  clusterDf: ClusterDf = 'conventional',
): Covariance {
  const { n, k, kept } = fit;
  const q = kept.length;
  const p = fit.names.length;
  const warnings: string[] = [];
  const small = n > k ? (n - 1) / (n - k) : Number.NaN;
  const terms: { factor: Factor; sign: number }[] = clusters.map((f) => ({ factor: f, sign: 1 }));
  if (clusters.length === 2) terms.push({ factor: intersect(clusters[0]!, clusters[1]!), sign: -1 });
  const Gmin = Math.min(...clusters.map((c) => c.levels));
  const v = new Float64Array(q * q);
  for (const { factor, sign } of terms) {
    const G = clusterDf === 'min' ? Gmin : factor.levels;
    const c = G > 1 ? (G / (G - 1)) * small : Number.NaN;
    const part = sandwich(fit.bread, clusterScoreMeat(fit, weights, factor), q);
    for (let i = 0; i < q * q; i++) v[i]! += sign * c * part[i]!;
  }
  let fixed = false;
  let minEigenvalue: number | null = null;
  if (q > 0 && v.every(Number.isFinite)) {
    const { values, vectors } = symmetricEigen(v, q);
    minEigenvalue = Math.min(...values);
    const scale = Math.max(...values.map(Math.abs));
    if (clusters.length === 2 && minEigenvalue < -1e-12 * scale) {
      fixed = true;
      v.fill(0);
      for (let e = 0; e < q; e++) {
        const lam = Math.max(values[e]!, 0);
        for (let a = 0; a < q; a++)
          for (let b = 0; b < q; b++) v[a * q + b]! += lam * vectors[a * q + e]! * vectors[b * q + e]!;
      }
      warnings.push(
        `two-way cluster covariance not positive semi-definite (smallest eigenvalue ${minEigenvalue.toExponential(3)}); negative eigenvalues set to 0 (Cameron, Gelbach & Miller 2011, as fixest's vcov_fix)`,
      );
    }
  }
  const cov: (number | null)[][] = [];
  for (let a = 0; a < p; a++) cov.push(new Array<number | null>(p).fill(null));
  for (let a = 0; a < q; a++)
    for (let b = 0; b < q; b++) {
      const x = v[a * q + b]!;
      cov[kept[a]!]![kept[b]!] = Number.isFinite(x) ? x : null;
    }
  return { cov, fixed, minEigenvalue, df: Gmin - 1, warnings };
}

/** Σ_g s_g s_g' with s_g = Σ_{i∈g} w_i e_i x̃_i over the kept regressors. */
function clusterScoreMeat(fit: LinearFit, weights: Float64Array | null, cl: Factor): Float64Array {
  const q = fit.kept.length;
  const scores = new Float64Array(cl.levels * q);
  const e = fit.resid;
  for (let i = 0; i < fit.n; i++) {
    const u = (weights === null ? 1 : weights[i]!) * e[i]!;
    const g = cl.codes[i]! * q;
    for (let a = 0; a < q; a++) scores[g + a]! += fit.xTilde[fit.kept[a]!]![i]! * u;
  }
  const meat = new Float64Array(q * q);
  for (let g = 0; g < cl.levels; g++)
    for (let a = 0; a < q; a++) {
      const sa = scores[g * q + a]!;
      for (let b = 0; b < q; b++) meat[a * q + b]! += sa * scores[g * q + b]!;
    }
  return meat;
}

/** The factor of the non-empty cells of two factors. */
export function intersect(a: Factor, b: Factor): Factor {
  const labels = new Array<string>(a.codes.length);
  for (let i = 0; i < a.codes.length; i++) labels[i] = `${a.codes[i]}:${b.codes[i]}`;
  return encodeFactor(`${a.name}∩${b.name}`, labels);
}

/**
 * Eigen-decomposition of a small symmetric matrix (row-major, size m) by cyclic Jacobi rotations.
 * `vectors` holds the eigenvectors as columns (row-major m × m).
 */
export function symmetricEigen(a: Float64Array, m: number): { values: number[]; vectors: Float64Array } {
  const s = Float64Array.from(a);
  const v = new Float64Array(m * m);
  for (let i = 0; i < m; i++) v[i * m + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) {
        total += s[i * m + j]! ** 2;
        if (i !== j) off += s[i * m + j]! ** 2;
      }
    if (off <= 1e-30 * Math.max(total, 1e-300)) break;
    for (let p = 0; p < m - 1; p++)
      for (let r = p + 1; r < m; r++) {
        const apr = s[p * m + r]!;
        if (apr === 0) continue;
        const theta = (s[r * m + r]! - s[p * m + p]!) / (2 * apr);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < m; k++) {
          const akp = s[k * m + p]!;
          const akr = s[k * m + r]!;
          s[k * m + p] = c * akp - sn * akr;
          s[k * m + r] = sn * akp + c * akr;
        }
        for (let k = 0; k < m; k++) {
          const apk = s[p * m + k]!;
          const ark = s[r * m + k]!;
          s[p * m + k] = c * apk - sn * ark;
          s[r * m + k] = sn * apk + c * ark;
        }
        for (let k = 0; k < m; k++) {
          const vkp = v[k * m + p]!;
          const vkr = v[k * m + r]!;
          v[k * m + p] = c * vkp - sn * vkr;
          v[k * m + r] = sn * vkp + c * vkr;
        }
      }
  }
  return { values: Array.from({ length: m }, (_, i) => s[i * m + i]!), vectors: v };
}

/** Clusters (of the first cluster dimension) in which the headline regressor is ever non-zero. */
export function treatedClusterCount(cluster: Factor, x: Float64Array): number {
  const s = new Set<number>();
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) s.add(cluster.codes[i]!);
  return s.size;
}

/** The few-clusters warning, naming the numbers, or none. */
export function fewClustersWarning(
  fn: string,
  clusters: readonly Factor[],
  fields: readonly string[],
  headline: Float64Array,
  headName: string,
): string[] {
  if (clusters.length === 0) return [];
  const out: string[] = [];
  clusters.forEach((c, j) => {
    const treated = treatedClusterCount(c, headline);
    const advice = `cluster-robust p-values are unreliable below ${FEW_CLUSTERS_HDFE} clusters or ${FEW_TREATED_CLUSTERS} treated clusters — use the randomization option (randomisation inference over the cluster units)`;
    if (c.levels < FEW_CLUSTERS_HDFE)
      out.push(
        `${fn}: only ${c.levels} clusters in ${fields[j]} (${treated} with a non-zero ${headName}); ${advice}`,
      );
    else if (treated < FEW_TREATED_CLUSTERS)
      out.push(
        `${fn}: only ${treated} of the ${c.levels} clusters in ${fields[j]} have a non-zero ${headName}; ${advice}`,
      );
  });
  return out;
}

/** Options of randomisation inference over cluster units (the `randomization` option of `ppml` and `feols`). */
export interface RandomizationOption {
  /** Field holding the unit the treatment is assigned to; default the (first) cluster field. */
  readonly unit?: string;
  /** Field holding the period: a unit's treatment path is its headline-regressor value by period. */
  readonly period: string;
  /** `t` (default): the coefficient over its standard error under the chosen vcov; `coefficient`: the estimate. */
  readonly statistic?: 't' | 'coefficient';
  /** Enumerate every assignment when there are at most this many (default 1000); otherwise sample `draws`. */
  readonly maxAssignments?: number;
  /** Random assignments when not enumerated (default 999). */
  readonly draws?: number;
  /** Seed of the random assignments (default 1). */
  readonly seed?: number;
}

/**
 * Randomisation inference over units: re-fit with the headline regressor's unit paths reassigned and compare the
 * statistic with the real one.
 *
 * A unit's path is its headline-regressor value by period. When every treated unit (path not all zero) has the same
 * path (one adoption date), an assignment is a set A of k units among the G units, and unit u gets the common path
 * if u ∈ A and 0 otherwise; all C(G, k) sets are enumerated when at most `maxAssignments`. Otherwise (staggered paths,
 * or too many sets) `draws` seeded random permutations σ of the units are drawn and unit u gets the path of σ(u)
 * (0 at a period the donor lacks). p = #{|S| ≥ |S_real|} / M over the M assignments with the real one included
 * (enumerated), or (1 + #{|S_b| ≥ |S_real|}) / (1 + B) (sampled).
 */
export function randomizationInference(
  fn: string,
  option: RandomizationOption,
  unitLabels: readonly string[],
  periodLabels: readonly string[],
  headline: Float64Array,
  refit: (x: Float64Array) => number | null,
  observed: number | null,
): { summary: RandomizationSummary; warnings: string[] } {
  const statistic = option.statistic ?? 't';
  const maxAssignments = option.maxAssignments ?? 1000;
  const draws = option.draws ?? 999;
  const seed = option.seed ?? 1;
  if (statistic !== 't' && statistic !== 'coefficient')
    throw new OptionsError(
      `${fn} requires randomization.statistic 't' or 'coefficient', got ${String(statistic)}`,
    );
  if (!Number.isInteger(maxAssignments) || maxAssignments < 1)
    throw new OptionsError(`${fn} requires randomization.maxAssignments ≥ 1, got ${maxAssignments}`);
  if (!Number.isInteger(draws) || draws < 1)
    throw new OptionsError(`${fn} requires randomization.draws ≥ 1, got ${draws}`);
  const warnings: string[] = [];
  const unit = encodeFactor('unit', unitLabels);
  const period = encodeFactor('period', periodLabels);
  const G = unit.levels;
  // Paths: value by (unit, period).
  const paths = Array.from({ length: G }, () => new Map<number, number>());
  for (let i = 0; i < headline.length; i++) {
    const u = unit.codes[i]!;
    const t = period.codes[i]!;
    const prev = paths[u]!.get(t);
    if (prev !== undefined && prev !== headline[i])
      throw new OptionsError(
        `${fn} randomization requires one headline value per unit and period, got ${prev} and ${headline[i]} for ${unit.labels[u]} at ${period.labels[t]}`,
      );
    paths[u]!.set(t, headline[i]!);
  }
  const treated = paths.flatMap((m, u) => ([...m.values()].some((x) => x !== 0) ? [u] : []));
  const k = treated.length;
  const key = (m: Map<number, number>): string =>
    [...m.entries()]
      .filter(([, x]) => x !== 0)
      .sort((a, b) => a[0] - b[0])
      .map(([t, x]) => `${t}:${x}`)
      .join(',');
  const common = k > 0 && treated.every((u) => key(paths[u]!) === key(paths[treated[0]!]!));
  const total = binomial(G, k);
  const enumerated = common && total <= maxAssignments;
  const obsAbs = observed === null ? null : Math.abs(observed);
  const x = new Float64Array(headline.length);
  let atLeast = 0;
  let count = 0;
  let failed = 0;
  const evaluate = (pathOf: (u: number) => Map<number, number> | null): void => {
    for (let i = 0; i < x.length; i++) x[i] = pathOf(unit.codes[i]!)?.get(period.codes[i]!) ?? 0;
    const s = refit(x);
    if (s === null || !Number.isFinite(s)) {
      failed++;
      return;
    }
    count++;
    if (obsAbs !== null && Math.abs(s) >= obsAbs - 1e-10 * (1 + obsAbs)) atLeast++;
  };
  let assignments: number;
  if (k === 0 || k === G) {
    warnings.push(`${fn}: randomization needs treated and untreated units, got ${k} treated of ${G}`);
    assignments = 0;
  } else if (enumerated) {
    const commonPath = paths[treated[0]!]!;
    const inA = new Uint8Array(G);
    const idx = Int32Array.from({ length: k }, (_, j) => j);
    for (;;) {
      inA.fill(0);
      for (let j = 0; j < k; j++) inA[idx[j]!] = 1;
      const isReal = treated.every((u) => inA[u] === 1);
      if (isReal) {
        if (observed !== null) {
          count++;
          atLeast++;
        }
      } else evaluate((u) => (inA[u] === 1 ? commonPath : null));
      let j = k - 1;
      while (j >= 0 && idx[j] === G - k + j) j--;
      if (j < 0) break;
      idx[j]!++;
      for (let t = j + 1; t < k; t++) idx[t] = idx[t - 1]! + 1;
    }
    assignments = total;
  } else {
    const rng = createRng(seed);
    const perm = Int32Array.from({ length: G }, (_, i) => i);
    for (let b = 0; b < draws; b++) {
      for (let i = G - 1; i > 0; i--) {
        const r = rng.int(i + 1);
        const t = perm[i]!;
        perm[i] = perm[r]!;
        perm[r] = t;
      }
      evaluate((u) => paths[perm[u]!]!);
    }
    if (observed !== null) {
      count++;
      atLeast++;
    }
    assignments = draws + 1;
    warnings.push(
      `${fn}: randomization sampled ${draws} seeded random permutations (seed ${seed}) of ${G} units${common ? ` (C(${G}, ${k}) = ${total} assignments, more than maxAssignments)` : ' (treatment paths differ across units: staggered)'}`,
    );
  }
  const p = observed === null || count === 0 ? null : atLeast / count;
  if (assignments > 0 && p !== null && 1 / count > 0.05)
    warnings.push(
      `${fn}: only ${count} randomization assignments of ${k} treated among ${G} units; the smallest p is ${(1 / count).toFixed(3)}, so a 5% test cannot reject`,
    );
  if (failed > 0)
    warnings.push(`${fn}: ${failed} randomization assignment(s) gave no statistic and were left out`);
  return {
    summary: {
      unit: option.unit ?? '',
      statistic,
      observed,
      p,
      assignments,
      enumerated: enumerated && k > 0 && k < G,
      units: G,
      treatedUnits: k,
      failed,
      seed,
    },
    warnings,
  };
}

/** C(n, k) as a float (exact below 2^53). */
function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** The cluster covariance of a fit (one- or two-way), or `null` for the fit's own (HC) covariance. */
export function covarianceOf(
  fit: LinearFit,
  weights: Float64Array | null,
  d: Design,
  vcov: string,
  clusterDf: ClusterDf,
): Covariance | null {
  return vcov === 'cluster' ? clusteredCovariance(fit, weights, d.clusters, clusterDf) : null;
}

/** Coefficient records: HC from the fit, or cluster from `vc`; `df` `null` = normal inference. */
export function coefficientsOf(
  fit: LinearFit,
  vc: Covariance | null,
  names: readonly string[],
  level: number,
  df: number | null,
): Coefficient[] {
  return names.map((t, j) => {
    if (vc === null) return coefficientOf(fit, j, t, level, df === null);
    const v = vc.cov[j]?.[j] ?? null;
    const se = v !== null && v > 0 ? Math.sqrt(v) : null;
    return makeCoefficient(t, fit.beta[j] ?? null, se, df, level);
  });
}

/** The cluster option as a list of 0, 1 or 2 fields. */
export function clusterFieldsOf(fn: string, cluster: string | readonly string[] | undefined): string[] {
  if (cluster === undefined) return [];
  const fields = typeof cluster === 'string' ? [cluster] : [...cluster];
  if (fields.length < 1 || fields.length > 2 || fields.some((f) => typeof f !== 'string'))
    throw new OptionsError(`${fn} requires cluster to be one field or two, got ${JSON.stringify(cluster)}`);
  return fields;
}

/** The cluster setting as reported. */
export function clusterSetting(cluster: string | readonly string[] | undefined): string | string[] | null {
  return cluster === undefined ? null : typeof cluster === 'string' ? cluster : [...cluster];
}

/** The randomisation option with its unit resolved, or `null`. */
export function randomizationOf(
  fn: string,
  option: RandomizationOption | undefined,
  clusterFields: readonly string[],
): (RandomizationOption & { readonly unit: string }) | null {
  if (option === undefined) return null;
  if (typeof option.period !== 'string')
    throw new OptionsError(`${fn} requires randomization.period (the field holding the period)`);
  const unit = option.unit ?? clusterFields[0];
  if (unit === undefined)
    throw new OptionsError(`${fn} requires randomization.unit when there is no cluster field`);
  return { ...option, unit };
}

/** The small-sample correction, in words, as reported in `settings.correction`. */
export function correctionText(vcov: string, ways: number, clusterDf: ClusterDf): string {
  if (vcov === 'HC0') return 'HC0: none';
  if (vcov === 'HC1') return 'HC1: n/(n−k), k = fixed-effect rank + regressors';
  if (ways === 1) return 'CR1: G/(G−1)·(n−1)/(n−k), k = fixed-effect rank + regressors (statsmodels cluster)';
  return clusterDf === 'min'
    ? 'two-way CGM V_a + V_b − V_ab, each term min(G_a, G_b)/(min(G_a, G_b)−1)·(n−1)/(n−k) (fixest cluster.df = "min")'
    : 'two-way CGM V_a + V_b − V_ab, each term G_j/(G_j−1)·(n−1)/(n−k), G_ab = non-empty cells (statsmodels cov_cluster_2groups)';
}

/** The options `ppml` and `feols` share: what {@link hdfeSetup} reads. */
export interface HdfeOptions<V extends string> {
  readonly outcome: string;
  readonly regressors: readonly string[];
  readonly fixedEffects?: readonly (string | readonly string[])[];
  readonly cluster?: string | readonly [string, string];
  readonly vcov?: V;
  readonly clusterDf?: ClusterDf;
  readonly randomization?: RandomizationOption;
}

/** The checked covariance options and the collected rows of a `ppml` or `feols` call. */
export interface HdfeSetup<V extends string> {
  readonly clusterFields: string[];
  readonly vcov: V | 'cluster';
  readonly clusterDf: ClusterDf;
  readonly ri: (RandomizationOption & { readonly unit: string }) | null;
  readonly c: Collected;
  /** Starts with the missing-rows warning, if any; the estimator adds its own. */
  readonly warnings: string[];
}

/**
 * The set-up `ppml` and `feols` share, after their own option checks: at least one regressor, the cluster fields,
 * `vcov` (default `unclustered` without a cluster field, else `cluster`; checked against `vcovs` when given), the
 * randomisation option, then the rows collected under `outcomeRule` and the missing-rows warning.
 *
 * @throws {OptionsError} on no regressors, a bad cluster option or vcov, `cluster` vcov without a cluster field,
 *   bad randomisation options
 * @throws {DataValidationError} from {@link collectRows}
 */
export function hdfeSetup<V extends string>(
  fn: string,
  records: readonly Readonly<Record<string, unknown>>[],
  options: HdfeOptions<V>,
  spec: {
    readonly outcomeRule: CollectSpec['outcomeRule'];
    readonly unclustered: V;
    readonly vcovs?: readonly string[];
  },
): HdfeSetup<V> {
  if (options.regressors.length === 0) throw new OptionsError(`${fn} requires at least 1 regressor, got 0`);
  const clusterFields = clusterFieldsOf(fn, options.cluster);
  const vcov = options.vcov ?? (clusterFields.length === 0 ? spec.unclustered : 'cluster');
  const allowed = spec.vcovs;
  if (allowed !== undefined && !allowed.includes(vcov))
    throw new OptionsError(
      `${fn} requires vcov ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}, got ${String(vcov)}`,
    );
  if (vcov === 'cluster' && clusterFields.length === 0)
    throw new OptionsError(`${fn} requires a cluster field for vcov cluster`);
  const clusterDf = options.clusterDf ?? 'conventional';
  const ri = randomizationOf(fn, options.randomization, clusterFields);
  const c = collectRows(records, {
    fn,
    outcome: options.outcome,
    outcomeRule: spec.outcomeRule,
    regressors: options.regressors,
    fixedEffects: options.fixedEffects ?? [],
    clusterFields: vcov === 'cluster' ? clusterFields : [],
    labelFields: ri === null ? [] : [ri.unit, ri.period],
  });
  const warnings: string[] = [];
  if (c.missing > 0)
    warnings.push(`${fn}: ${c.missing} row(s) with a missing outcome, regressor or label dropped`);
  return { clusterFields, vcov, clusterDf, ri, c, warnings };
}

/**
 * The covariance of a fit under the set-up's `vcov` and its coefficient records: `t` inference with the fit's df
 * (HC) or min(G) − 1 (cluster), or normal (`z`).
 */
export function hdfeInference(
  fit: LinearFit,
  weights: Float64Array | null,
  d: Design,
  s: Pick<HdfeSetup<string>, 'vcov' | 'clusterDf'>,
  level: number,
  test: 't' | 'z',
): { readonly vc: Covariance | null; readonly coefficients: Coefficient[] } {
  const vc = covarianceOf(fit, weights, d, s.vcov, s.clusterDf);
  const df = test === 'z' ? null : vc === null ? fit.dfInference : vc.df;
  return { vc, coefficients: coefficientsOf(fit, vc, d.names, level, df) };
}

/** The warnings of a fit and of its covariance, then the few-clusters warning, each prefixed by `fn`. */
export function hdfeWarnings(
  fn: string,
  fit: LinearFit,
  vc: Covariance | null,
  d: Design,
  clusterFields: readonly string[],
): string[] {
  return [
    ...fit.warnings.map((w) => `${fn}: ${w}`),
    ...(vc?.warnings ?? []).map((w) => `${fn}: ${w}`),
    ...fewClustersWarning(fn, d.clusters, clusterFields, d.X[0]!, d.names[0]!),
  ];
}

/**
 * Randomisation inference of `ppml` or `feols` (`null` without the option): `refit` re-estimates the model with
 * the headline column replaced, and its statistic (the coefficient, or its t/z under the set-up's `vcov`) is
 * compared with `observed`'s.
 */
export function hdfeRandomization(
  fn: string,
  s: HdfeSetup<string>,
  d: Design,
  level: number,
  test: 't' | 'z',
  observed: { readonly estimate: number | null; readonly statistic: number | null },
  refit: (X: Float64Array[]) => { readonly fit: LinearFit; readonly weights: Float64Array | null },
): { readonly summary: RandomizationSummary | null; readonly warnings: string[] } {
  const { ri } = s;
  if (ri === null) return { summary: null, warnings: [] };
  const coefficient = ri.statistic === 'coefficient';
  return randomizationInference(
    fn,
    ri,
    d.labels[0]!,
    d.labels[1]!,
    d.X[0]!,
    (x) => {
      const { fit, weights } = refit([x, ...d.X.slice(1)]);
      if (coefficient) return fit.beta[0] ?? null;
      return hdfeInference(fit, weights, d, s, level, test).coefficients[0]!.statistic;
    },
    coefficient ? observed.estimate : observed.statistic,
  );
}

/** The covariance settings `ppml` and `feols` report, in their order. */
export function hdfeSettings<V extends string>(
  cluster: string | readonly string[] | undefined,
  s: HdfeSetup<V>,
): { vcov: V | 'cluster'; cluster: string | string[] | null; clusterDf: ClusterDf; correction: string } {
  return {
    vcov: s.vcov,
    cluster: clusterSetting(cluster),
    clusterDf: s.clusterDf,
    correction: correctionText(s.vcov, s.clusterFields.length, s.clusterDf),
  };
}

/** The fixed-effect and cluster diagnostics `ppml` and `feols` report, in their order. */
export function hdfeDiagnostics(
  d: Design,
  vc: Covariance | null,
): { fixedEffectLevels: number[]; clusters: number | null; clusterCounts: number[]; vcovFixed: boolean } {
  return {
    fixedEffectLevels: d.factors.map((f) => f.levels),
    clusters: d.clusters.length === 0 ? null : Math.min(...d.clusters.map((f) => f.levels)),
    clusterCounts: d.clusters.map((f) => f.levels),
    vcovFixed: vc?.fixed ?? false,
  };
}
