import { DataValidationError, InsufficientDataError, OptionsError } from '../errors.js';
import { checkLevel, coefficientOf, percentEffectOf } from './design.js';
import { encodeFactor, type Factor, fitLinear, fixedEffectRank, type LinearFit } from './linear.js';
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
  /** Field holding the cluster label; when given, `vcov` defaults to `cluster`. */
  readonly cluster?: string;
  /** `HC0` (default without `cluster`) or `cluster` (CR1 with statsmodels' G/(G−1)·(n−1)/(n−k) correction). */
  readonly vcov?: 'HC0' | 'cluster';
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
 * counting the fixed effects in k as statsmodels does with dummies). Inference is normal (z), as statsmodels' GLM.
 * A coefficient β is a semi-elasticity: exp(β) − 1 is the proportional effect, reported for the headline regressor.
 *
 * @param records - plain rows (untrusted: every used field is validated)
 * @param options - outcome, regressors, fixed effects, covariance, convergence settings
 * @returns coefficients with se, z, p, interval; the first regressor also at top level with its % effect;
 *   iterations, deviance, dropped rows, warnings
 * @throws {DataValidationError} naming the row and field of a negative or non-numeric outcome or regressor
 * @throws {OptionsError} on no regressors, a bad level, or `cluster` vcov without a cluster field
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
 */
export function ppml(
  records: readonly Readonly<Record<string, unknown>>[],
  options: PpmlOptions,
): PpmlResult {
  const fn = 'ppml';
  const level = checkLevel(options.level ?? 0.95, fn);
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 100;
  if (options.regressors.length === 0) throw new OptionsError(`${fn} requires at least 1 regressor, got 0`);
  const vcov = options.vcov ?? (options.cluster === undefined ? 'HC0' : 'cluster');
  if (vcov === 'cluster' && options.cluster === undefined)
    throw new OptionsError(`${fn} requires a cluster field for vcov cluster`);
  const feSpecs = (options.fixedEffects ?? []).map((f) => (typeof f === 'string' ? [f] : [...f]));
  const feNames = feSpecs.map((f) => f.join('×'));
  // Validate and collect the complete rows.
  const file = '<records>';
  const ys: number[] = [];
  const xs: number[][] = options.regressors.map(() => []);
  const feLabels: string[][] = feSpecs.map(() => []);
  const clusterLabels: string[] = [];
  let missing = 0;
  records.forEach((row, i) => {
    const yv = row[options.outcome];
    if (yv === null || yv === undefined) {
      missing++;
      return;
    }
    if (typeof yv !== 'number' || !Number.isFinite(yv) || yv < 0)
      throw new DataValidationError(`outcome must be a non-negative finite number, got ${String(yv)}`, {
        file,
        field: `[${i}].${options.outcome}`,
      });
    const xrow: number[] = [];
    for (const name of options.regressors) {
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
    const labels: string[] = [];
    for (const spec of feSpecs) {
      const parts: string[] = [];
      for (const f of spec) {
        const v = row[f];
        if (v === null || v === undefined) {
          missing++;
          return;
        }
        parts.push(String(v));
      }
      labels.push(parts.join('\u0000'));
    }
    let cl = '';
    if (vcov === 'cluster') {
      const v = row[options.cluster!];
      if (v === null || v === undefined) {
        missing++;
        return;
      }
      cl = String(v);
    }
    ys.push(yv);
    xrow.forEach((v, j) => {
      xs[j]!.push(v);
    });
    labels.forEach((l, j) => {
      feLabels[j]!.push(l);
    });
    clusterLabels.push(cl);
  });
  const warnings: string[] = [];
  if (missing > 0)
    warnings.push(`${fn}: ${missing} row(s) with a missing outcome, regressor or label dropped`);
  // Separation by fixed effects: drop levels whose outcome is all zero, until none remain.
  let keep = ys.map(() => true);
  let separated = 0;
  for (let changed = true; changed && feSpecs.length > 0; ) {
    changed = false;
    for (let f = 0; f < feSpecs.length; f++) {
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
  const idx = keep.flatMap((k, i) => (k ? [i] : []));
  const n = idx.length;
  const y = Float64Array.from(idx, (i) => ys[i]!);
  if (!y.some((v) => v > 0)) throw new InsufficientDataError(`${fn} requires a positive outcome, got none`);
  const factors: Factor[] = feSpecs.map((_, f) =>
    encodeFactor(
      feNames[f]!,
      idx.map((i) => feLabels[f]![i]!),
    ),
  );
  const names = [...options.regressors];
  const X = options.regressors.map((_, j) => Float64Array.from(idx, (i) => xs[j]![i]!));
  if (factors.length === 0) {
    names.push('const');
    X.push(new Float64Array(n).fill(1));
  }
  const feRank = fixedEffectRank(factors).rank;
  const cluster =
    vcov === 'cluster'
      ? encodeFactor(
          'cluster',
          idx.map((i) => clusterLabels[i]!),
        )
      : null;
  // IRLS.
  let ybar = 0;
  for (let i = 0; i < n; i++) ybar += y[i]!;
  ybar /= n;
  const mu = Float64Array.from(y, (v) => (v + ybar) / 2);
  const eta = Float64Array.from(mu, Math.log);
  const z = new Float64Array(n);
  let dev = deviance(y, mu);
  let iterations = 0;
  let converged = false;
  let fit: LinearFit | null = null;
  for (let it = 1; it <= maxIterations; it++) {
    iterations = it;
    for (let i = 0; i < n; i++) z[i] = eta[i]! + (y[i]! - mu[i]!) / mu[i]!;
    fit = fitLinear({ y: z, X, names, factors, weights: mu, vcov: 'hc0', fixedEffectRank: feRank });
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
  // Final covariance at the converged weights (HC0 or CR1 GLM sandwich, via the working-response WLS).
  for (let i = 0; i < n; i++) z[i] = eta[i]! + (y[i]! - mu[i]!) / mu[i]!;
  fit = fitLinear({
    y: z,
    X,
    names,
    factors,
    weights: mu,
    vcov: vcov === 'cluster' ? 'cluster' : 'hc0',
    cluster,
    fixedEffectRank: feRank,
  });
  if (!converged) warnings.push(`${fn}: IRLS did not converge in ${maxIterations} iterations`);
  for (const w of fit.warnings) warnings.push(`${fn}: ${w}`);
  if (cluster !== null && cluster.levels < 10)
    warnings.push(`${fn}: only ${cluster.levels} clusters; cluster-robust standard errors are unreliable`);
  const coefficients = names.map((t, j) => coefficientOf(fit, j, t, level, true));
  const head = coefficients[0]!;
  return {
    method: 'ppml',
    ...head,
    n,
    percentEffect: percentEffectOf(head),
    coefficients,
    settings: {
      outcome: options.outcome,
      regressors: [...options.regressors],
      fixedEffects: feNames,
      vcov,
      cluster: options.cluster ?? null,
      level,
      tolerance,
      maxIterations,
    },
    diagnostics: {
      iterations,
      converged,
      deviance: Number.isFinite(dev) ? dev : null,
      separated,
      missing,
      fixedEffectLevels: factors.map((f) => f.levels),
      clusters: cluster === null ? null : cluster.levels,
    },
    warnings,
  };
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
