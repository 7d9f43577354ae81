import { InsufficientDataError } from '../errors.js';
import { checkLevel, percentEffectOf } from './design.js';
import {
  type ClusterDf,
  type Design,
  designOf,
  hdfeDiagnostics,
  hdfeInference,
  hdfeRandomization,
  hdfeSettings,
  hdfeSetup,
  hdfeWarnings,
  type RandomizationOption,
} from './hdfe.js';
import { fitLinear, type LinearFit } from './linear.js';
import type { PpmlResult } from './schemas.js';

/** Options of {@link ppml}. */
export interface PpmlOptions {
  /** Field holding the outcome: a non-negative number (zeros are kept), or `null`/absent for missing. */
  readonly outcome: string;
  /** Fields holding the regressors (finite numbers; `null`/absent drops the row). The first is the headline. */
  readonly regressors: readonly string[];
  /**
   * Fixed effects: each entry a field name, or a list of field names whose combination is one factor (e.g.
   * `['exporter', 'period']`). Values are compared as strings. Default none (then a constant is added).
   */
  readonly fixedEffects?: readonly (string | readonly string[])[];
  /**
   * Field holding the cluster label, or two fields for two-way clustering (Cameron, Gelbach & Miller 2011); when
   * given, `vcov` defaults to `cluster`.
   */
  readonly cluster?: string | readonly [string, string];
  /**
   * `HC0` (default without `cluster`) or `cluster`: one-way CR1 with statsmodels' G/(G−1)·(n−1)/(n−k) correction
   * (k = fixed-effect rank + regressors); two-way V_a + V_b − V_ab, each term with its own G/(G−1)·(n−1)/(n−k)
   * (G_ab = non-empty a × b cells), as statsmodels' `cov_cluster_2groups`; a non-PSD V has its negative eigenvalues
   * set to 0 with a warning (fixest's `vcov_fix`). fixest's defaults differ (`ssc(fixef.K = "nested",
   * cluster.df = "min")`: fixed effects nested in a cluster are not counted in k, one min(G) for all terms).
   */
  readonly vcov?: 'HC0' | 'cluster';
  /**
   * Two-way only: `conventional` (default, statsmodels) corrects each term with its own G; `min` uses
   * min(G_a, G_b) for every term (fixest's `ssc(cluster.df = "min")`).
   */
  readonly clusterDf?: ClusterDf;
  /**
   * Randomisation inference over cluster units: re-fit with the headline regressor's unit paths reassigned across
   * units (see the function's notes). Use it when clusters are few.
   */
  readonly randomization?: RandomizationOption;
  /** Interval coverage (default 0.95). */
  readonly level?: number;
  /** Convergence tolerance on the relative change in deviance (default 1e-10). */
  readonly tolerance?: number;
  /** IRLS iterations before giving up (default 100). */
  readonly maxIterations?: number;
}

/**
 * Poisson pseudo-maximum likelihood (PPML) with high-dimensional fixed effects: the gravity literature's
 * estimator for trade flows with zeros and heteroskedasticity (Santos Silva & Tenreyro 2006).
 *
 * E[y | x] = exp(x'β + fixed effects). Fitted by iteratively reweighted least squares; in every weighted
 * least-squares step the fixed effects are absorbed by weighted alternating projections (as ppmlhdfe, Correia,
 * Guimarães & Zylkin 2020), so thousands of levels cost no dummies. Zeros are kept. Observations in a fixed-effect
 * level whose outcome is zero throughout are dropped first (their effect would be −∞: separation), repeatedly until
 * none remain, with a warning; separation caused by regressors (not by fixed effects) is not detected.
 *
 * Standard errors are robust: `HC0` (statsmodels GLM `cov_type='HC0'`) or cluster-robust (`cov_type='cluster'`,
 * one- or two-way, counting the fixed effects in k as statsmodels does with dummies; see `vcov`). Inference is
 * normal (z), as statsmodels' GLM. A coefficient β is a semi-elasticity: exp(β) − 1 is the proportional effect,
 * reported for the headline regressor. With fewer than 30 clusters, or fewer than 10 clusters where the headline
 * regressor is non-zero, a warning names the counts; `randomization` then gives a p-value that does not rest on
 * many clusters: the headline regressor's path (its value by `period`) is reassigned across the units (default the
 * cluster field) — all C(G, k) sets of k treated units when every treated unit has the same path, else seeded random
 * permutations of the paths — the model re-fitted each time, and p = share of assignments whose |statistic| is at
 * least the real one's (real assignment included).
 *
 * @param records - plain rows (untrusted: every used field is validated)
 * @param options - outcome, regressors, fixed effects, covariance, randomisation, convergence settings
 * @returns coefficients with se, z, p, interval; the first regressor also at top level with its % effect;
 *   iterations, deviance, dropped rows, the randomisation summary (or `null`), warnings
 * @throws {DataValidationError} naming the row and field of a negative or non-numeric outcome or regressor
 * @throws {OptionsError} on no regressors, a bad level, `cluster` vcov without a cluster field, or bad
 *   randomisation options
 * @throws {InsufficientDataError} if no observation with a positive outcome remains
 * @example
 * import { ppml } from 'trade-roundabout';
 * const rows = [];
 * for (const unit of ['a', 'b', 'c', 'd']) for (const period of ['2021', '2022']) {
 *   const D = (unit === 'a' || unit === 'b') && period === '2022' ? 1 : 0;
 *   rows.push({ unit, period, D, y: Math.round(100 * Math.exp((unit === 'b' ? 1 : 0) + (period === '2022' ? 0.2 : 0) + 0.5 * D)) });
 * }
 * const r = ppml(rows, { outcome: 'y', regressors: ['D'], fixedEffects: ['unit', 'period'] });
 * Math.abs(r.estimate! - 0.5) < 0.01; // => true
 * const ri = ppml(rows, { outcome: 'y', regressors: ['D'], fixedEffects: ['unit', 'period'], cluster: 'unit',
 *   randomization: { period: 'period' } });
 * ri.randomization!.assignments; // => 6
 */
export function ppml(
  records: readonly Readonly<Record<string, unknown>>[],
  options: PpmlOptions,
): PpmlResult {
  const fn = 'ppml';
  const level = checkLevel(options.level ?? 0.95, fn);
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 100;
  const s = hdfeSetup(fn, records, options, {
    outcomeRule: 'nonNegative',
    unclustered: 'HC0',
    vcovs: ['HC0', 'cluster'],
  });
  const { c, warnings } = s;
  const { ys, feLabels, missing } = c;
  // Separation by fixed effects: drop levels whose outcome is all zero, until none remain.
  let keep = ys.map(() => true);
  let separated = 0;
  for (let changed = true; changed && feLabels.length > 0; ) {
    changed = false;
    for (let f = 0; f < feLabels.length; f++) {
      const sums = new Map<string, number>();
      keep.forEach((k, i) => {
        if (k) sums.set(feLabels[f]![i]!, (sums.get(feLabels[f]![i]!) ?? 0) + ys[i]!);
      });
      keep = keep.map((k, i) => {
        if (k && sums.get(feLabels[f]![i]!) === 0) {
          separated++;
          changed = true;
          return false;
        }
        return k;
      });
    }
  }
  if (separated > 0)
    warnings.push(
      `${fn}: ${separated} observation(s) dropped because their fixed-effect group has only zero outcomes (separation)`,
    );
  const d = designOf(c, keep, options.regressors);
  if (!d.y.some((v) => v > 0)) throw new InsufficientDataError(`${fn} requires a positive outcome, got none`);
  const est = estimatePpml(d, d.X, tolerance, maxIterations);
  if (!est.converged) warnings.push(`${fn}: IRLS did not converge in ${maxIterations} iterations`);
  const { vc, coefficients } = hdfeInference(est.fit, est.mu, d, s, level, 'z');
  warnings.push(...hdfeWarnings(fn, est.fit, vc, d, s.clusterFields));
  const head = coefficients[0]!;
  // The observed coefficient is the fit's own (not the record's, which is null where it is not finite).
  const observed = { estimate: est.fit.beta[0] ?? null, statistic: head.statistic };
  const r = hdfeRandomization(fn, s, d, level, 'z', observed, (X) => {
    const e = estimatePpml(d, X, tolerance, maxIterations);
    return { fit: e.fit, weights: e.mu };
  });
  warnings.push(...r.warnings);
  return {
    method: 'ppml',
    ...head,
    n: d.n,
    percentEffect: percentEffectOf(head),
    coefficients,
    settings: {
      outcome: options.outcome,
      regressors: [...options.regressors],
      fixedEffects: c.feNames,
      ...hdfeSettings(options.cluster, s),
      level,
      tolerance,
      maxIterations,
    },
    diagnostics: {
      iterations: est.iterations,
      converged: est.converged,
      deviance: Number.isFinite(est.deviance) ? est.deviance : null,
      separated,
      missing,
      ...hdfeDiagnostics(d, vc),
    },
    randomization: r.summary,
    warnings,
  };
}

/** The converged IRLS fit: the working-response WLS at the converged weights (HC0), the weights, diagnostics. */
interface PpmlEstimate {
  readonly fit: LinearFit;
  readonly mu: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
  readonly deviance: number;
}

/** IRLS with the fixed effects absorbed in every weighted least-squares step. */
function estimatePpml(
  d: Design,
  X: readonly Float64Array[],
  tolerance: number,
  maxIterations: number,
): PpmlEstimate {
  const { y, n, names, factors, feRank } = d;
  let ybar = 0;
  for (let i = 0; i < n; i++) ybar += y[i]!;
  ybar /= n;
  const mu = Float64Array.from(y, (v) => (v + ybar) / 2);
  const eta = Float64Array.from(mu, Math.log);
  const z = new Float64Array(n);
  let dev = deviance(y, mu);
  let iterations = 0;
  let converged = false;
  for (let it = 1; it <= maxIterations; it++) {
    iterations = it;
    for (let i = 0; i < n; i++) z[i] = eta[i]! + (y[i]! - mu[i]!) / mu[i]!;
    const fit = fitLinear({ y: z, X, names, factors, weights: mu, vcov: 'hc0', fixedEffectRank: feRank });
    for (let i = 0; i < n; i++) {
      eta[i] = z[i]! - fit.resid[i]!;
      mu[i] = Math.min(Math.exp(eta[i]!), Number.MAX_VALUE);
    }
    const next = deviance(y, mu);
    const change = Math.abs(next - dev) / (Math.abs(next) + 0.1);
    dev = next;
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  // Final covariance pieces at the converged weights (the GLM sandwich via the working-response WLS).
  for (let i = 0; i < n; i++) z[i] = eta[i]! + (y[i]! - mu[i]!) / mu[i]!;
  const fit = fitLinear({ y: z, X, names, factors, weights: mu, vcov: 'hc0', fixedEffectRank: feRank });
  return { fit, mu, iterations, converged, deviance: dev };
}

function deviance(y: Float64Array, mu: Float64Array): number {
  let d = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i]!;
    const m = mu[i]!;
    d += (yi > 0 ? yi * Math.log(yi / m) : 0) - (yi - m);
  }
  return 2 * d;
}
