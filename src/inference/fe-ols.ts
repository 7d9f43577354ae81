import { InsufficientDataError, OptionsError } from '../errors.js';
import { checkLevel, percentEffectOf } from './design.js';
import {
  type ClusterDf,
  designOf,
  hdfeDiagnostics,
  hdfeInference,
  hdfeRandomization,
  hdfeSettings,
  hdfeSetup,
  hdfeWarnings,
  type RandomizationOption,
} from './hdfe.js';
import { fitLinear } from './linear.js';
import type { FeolsResult } from './schemas.js';

/** Options of {@link feols}. */
export interface FeolsOptions {
  /** Field holding the outcome (a finite number, or `null`/absent for missing). */
  readonly outcome: string;
  /**
   * `log` (default): regress log(outcome); rows with a zero or negative outcome are dropped, counted and warned
   * about (log(0) has no value — use `ppml` to keep zeros). `none`: the outcome as it is.
   */
  readonly transform?: 'log' | 'none';
  /** Fields holding the regressors (finite numbers; `null`/absent drops the row). The first is the headline. */
  readonly regressors: readonly string[];
  /** Fixed effects to absorb, as in `ppml`: field names, or lists of fields whose combination is one factor. */
  readonly fixedEffects?: readonly (string | readonly string[])[];
  /** Cluster field, or two fields for two-way clustering; when given, `vcov` defaults to `cluster`. */
  readonly cluster?: string | readonly [string, string];
  /**
   * `HC1` (default without `cluster`; n/(n−k)), `HC0`, or `cluster`: the same one- and two-way corrections as
   * `ppml` (CR1 G/(G−1)·(n−1)/(n−k); two-way V_a + V_b − V_ab each with its own G, non-PSD fixed by zeroing
   * negative eigenvalues), with k = fixed-effect rank + regressors.
   */
  readonly vcov?: 'HC0' | 'HC1' | 'cluster';
  /** Two-way only: `conventional` (default, statsmodels) or `min` (fixest's `cluster.df = "min"`). */
  readonly clusterDf?: ClusterDf;
  /**
   * `keep` (default, as fixest's `feols`, whose `fixef.rm` defaults to `"none"`): observations alone in a
   * fixed-effect level stay (they are fitted exactly and leave β unchanged, but count in n and k). `drop`: remove
   * them in one pass over the fixed effects, not recursively (fixest's `fixef.rm = "singleton"`; reghdfe and
   * ppmlhdfe instead repeat until none remain).
   */
  readonly singletons?: 'keep' | 'drop';
  /** Randomisation inference over cluster units, as in `ppml`. */
  readonly randomization?: RandomizationOption;
  /** Interval coverage (default 0.95). */
  readonly level?: number;
}

/**
 * Least squares with any number of absorbed fixed effects — by default log-OLS, the counterpart of {@link ppml}
 * (same rows, fixed effects, covariance and randomisation options; same absorbing step: weighted alternating
 * projections, here unweighted).
 *
 * log(y) = x'β + fixed effects + e. Zeros and negative outcomes cannot be logged: they are dropped with a count in
 * `diagnostics.nonPositive` and a warning (PPML keeps them; comparing the two is the usual check of the log-linear
 * model, Santos Silva & Tenreyro 2006). Singletons are kept unless `singletons: 'drop'` (see that option). Inference
 * is t: with df n − k for `HC0`/`HC1`, min(G) − 1 when clustered (statsmodels `use_t=True`). With few clusters (below
 * 30, or below 10 where the headline regressor is non-zero) a warning names the counts.
 *
 * @param records - plain rows (untrusted: every used field is validated)
 * @param options - outcome, transform, regressors, fixed effects, covariance, singletons, randomisation, level
 * @returns coefficients with se, t, p, interval; the headline also at top level with its % effect (log only);
 *   dropped-row counts, fixed-effect levels, clusters, the randomisation summary (or `null`), warnings
 * @throws {DataValidationError} naming the row and field of a non-numeric outcome or regressor
 * @throws {OptionsError} on no regressors, a bad level or transform, `cluster` vcov without a cluster field
 * @throws {InsufficientDataError} if fewer observations remain than parameters
 * @example
 * import { feols } from 'trade-roundabout';
 * const rows = [];
 * for (const unit of ['a', 'b', 'c', 'd']) for (const period of ['2021', '2022']) {
 *   const D = (unit === 'a' || unit === 'b') && period === '2022' ? 1 : 0;
 *   rows.push({ unit, period, D, y: 100 * Math.exp((unit === 'b' ? 1 : 0) + (period === '2022' ? 0.2 : 0) + 0.5 * D) });
 * }
 * rows.push({ unit: 'e', period: '2021', D: 0, y: 0 });
 * const r = feols(rows, { outcome: 'y', regressors: ['D'], fixedEffects: ['unit', 'period'] });
 * Math.abs(r.estimate! - 0.5) < 1e-9; // => true
 * r.diagnostics.nonPositive; // => 1
 */
export function feols(
  records: readonly Readonly<Record<string, unknown>>[],
  options: FeolsOptions,
): FeolsResult {
  const fn = 'feols';
  const level = checkLevel(options.level ?? 0.95, fn);
  const transform = options.transform ?? 'log';
  if (transform !== 'log' && transform !== 'none')
    throw new OptionsError(`${fn} requires transform 'log' or 'none', got ${String(transform)}`);
  const singletons = options.singletons ?? 'keep';
  if (singletons !== 'keep' && singletons !== 'drop')
    throw new OptionsError(`${fn} requires singletons 'keep' or 'drop', got ${String(singletons)}`);
  const s = hdfeSetup(fn, records, options, {
    outcomeRule: 'finite',
    unclustered: 'HC1',
    vcovs: ['HC0', 'HC1', 'cluster'],
  });
  const { vcov, c, warnings } = s;
  const keep = c.ys.map((y) => transform === 'none' || y > 0);
  const nonPositive = keep.filter((k) => !k).length;
  if (nonPositive > 0)
    warnings.push(
      `${fn}: ${nonPositive} observation(s) with a zero or negative outcome dropped (log(0) has no value; ppml keeps zeros)`,
    );
  let singletonCount = 0;
  if (singletons === 'drop') {
    // One pass, as fixest: counts per level on the sample so far; an observation alone in any level goes.
    const counts = c.feLabels.map((labels) => {
      const m = new Map<string, number>();
      labels.forEach((l, i) => {
        if (keep[i]) m.set(l, (m.get(l) ?? 0) + 1);
      });
      return m;
    });
    for (let i = 0; i < keep.length; i++) {
      if (keep[i] && c.feLabels.some((labels, f) => counts[f]!.get(labels[i]!) === 1)) {
        keep[i] = false;
        singletonCount++;
      }
    }
    if (singletonCount > 0)
      warnings.push(`${fn}: ${singletonCount} singleton observation(s) dropped (one pass, as fixest)`);
  }
  const d = designOf(c, keep, options.regressors, transform === 'log' ? Math.log : (y) => y);
  if (d.n <= d.X.length)
    throw new InsufficientDataError(
      `${fn} requires more observations than regressors, got ${d.n} for ${d.X.length}`,
    );
  const linVcov = vcov === 'HC0' ? 'hc0' : 'hc1';
  const fitOf = (X: readonly Float64Array[]) =>
    fitLinear({ y: d.y, X, names: d.names, factors: d.factors, vcov: linVcov, fixedEffectRank: d.feRank });
  const fit = fitOf(d.X);
  const { vc, coefficients } = hdfeInference(fit, null, d, s, level, 't');
  warnings.push(...hdfeWarnings(fn, fit, vc, d, s.clusterFields));
  const head = coefficients[0]!;
  const r = hdfeRandomization(fn, s, d, level, 't', head, (X) => ({ fit: fitOf(X), weights: null }));
  warnings.push(...r.warnings);
  return {
    method: 'feols',
    ...head,
    n: d.n,
    percentEffect: transform === 'log' ? percentEffectOf(head) : null,
    coefficients,
    settings: {
      outcome: options.outcome,
      transform,
      regressors: [...options.regressors],
      fixedEffects: c.feNames,
      ...hdfeSettings(options.cluster, s),
      singletons,
      level,
    },
    diagnostics: {
      missing: c.missing,
      nonPositive,
      singletons: singletonCount,
      parameters: fit.k,
      ...hdfeDiagnostics(d, vc),
    },
    randomization: r.summary,
    warnings,
  };
}
