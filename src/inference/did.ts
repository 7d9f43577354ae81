import { InsufficientDataError } from '../errors.js';
import {
  type ClusterOption,
  checkLevel,
  clusterFactor,
  clusterWarnings,
  coefficientOf,
  percentEffectOf,
  selectSample,
  treatedClusterCount,
} from './design.js';
import { encodeFactor, fitLinear } from './linear.js';
import { crossSection, type Panel, type PanelRecord } from './panel.js';
import type { DidResult } from './schemas.js';

/** Options of {@link did}. */
export interface DidOptions {
  /** `log` (default): δ in log points, with exp(δ) − 1 reported as the % effect; `level`: δ in the outcome's units. */
  readonly outcome?: 'log' | 'level';
  /**
   * `twoway` (default): y_it = a_i + b_t + δ D_it + e with unit (unit × group) and period fixed effects;
   * `none`: the 2×2 regression y = a + b·treated + c·post + δ·treated·post + e.
   */
  readonly fixedEffects?: 'twoway' | 'none';
  /** Clustering: the records' `cluster` label (default, which `toPanel` sets to the unit), `unit`, `none` (HC1), or a function. */
  readonly cluster?: ClusterOption;
  /** Interval coverage (default 0.95). */
  readonly level?: number;
}

/**
 * Difference-in-differences: the effect δ of being treated in the post period, by the 2×2 regression or the
 * two-way fixed-effects panel regression, with cluster-robust (CR1) standard errors.
 *
 * CR1 follows statsmodels' `OLS(...).fit(cov_type='cluster', use_t=True)` with unit and period dummies: the sandwich
 * is scaled by G/(G−1) · (n−1)/(n−k), where k counts the fixed effects, and tests and intervals use t(G−1).
 * With fewer than ~10 clusters this is unreliable (warning): use {@link wildClusterBootstrap}. `D_it` is
 * `treated && post`, so staggered adoption is allowed, but with staggered timing and heterogeneous effects the TWFE
 * δ is a weighted average with possibly negative weights (Goodman-Bacon 2021): prefer {@link eventStudy}.
 *
 * Calibration (SYNTHETIC, `npx tsx bench/calibration.ts --only inference --reps 200`): with 3 treated units and
 * unit-clustered standard errors the nominal 5% test rejected a true null in 13.5% of panels; use
 * {@link randomizationTest} with few treated units.
 *
 * Missing outcomes are dropped (and, in logs, zeros and negatives, with a warning: see {@link ppml} for zeros).
 * Runs in O(n · sweeps) for the fixed-effect absorption.
 *
 * @param panel - a panel from {@link toPanel} or {@link panelFromRecords}
 * @param options - outcome scale, fixed effects, clustering, level
 * @returns the DiD coefficient, se, t statistic with df, p, interval, % effect (logs), sample diagnostics and warnings;
 *   with one cluster the se, p and interval are `null`
 * @throws {InsufficientDataError} if the sample has no treated unit, no control unit, no pre or no post period
 * @throws {OptionsError} if `level` is not in (0, 1)
 * @example
 * import { did, panelFromRecords } from 'trade-roundabout';
 * const rows = [];
 * for (const unit of ['A', 'B', 'C', 'D']) for (const period of ['2021', '2022']) {
 *   const treated = unit === 'A' || unit === 'B';
 *   const post = period === '2022';
 *   rows.push({ unit, period, treated, post, y: 10 + (post ? 1 : 0) + (treated && post ? 5 : 0) + (unit === 'B' || unit === 'D' ? 1 : 0) });
 * }
 * did(panelFromRecords(rows), { outcome: 'level' }).estimate; // => 5 (up to rounding)
 */
export function did(panel: Panel, options: DidOptions = {}): DidResult {
  const fn = 'did';
  const outcome = options.outcome ?? 'log';
  const fixedEffects = options.fixedEffects ?? 'twoway';
  const level = checkLevel(options.level ?? 0.95, fn);
  const sample = selectSample(panel.records, outcome, fn);
  const { rows, y } = sample;
  const n = rows.length;
  checkDidSample(rows, fn);
  const D = Float64Array.from(rows, (r) => (r.treated && r.post ? 1 : 0));
  const cluster = clusterFactor(rows, options.cluster);
  const ids = rows.map(crossSection);
  const fit =
    fixedEffects === 'twoway'
      ? fitLinear({
          y,
          X: [D],
          names: ['treated:post'],
          factors: [
            encodeFactor('unit', ids),
            encodeFactor(
              'period',
              rows.map((r) => r.period),
            ),
          ],
          cluster,
          vcov: cluster === null ? 'hc1' : 'cluster',
        })
      : fitLinear({
          y,
          X: [
            new Float64Array(n).fill(1),
            Float64Array.from(rows, (r) => (r.treated ? 1 : 0)),
            Float64Array.from(rows, (r) => (r.post ? 1 : 0)),
            D,
          ],
          names: ['const', 'treated', 'post', 'treated:post'],
          factors: [],
          cluster,
          vcov: cluster === null ? 'hc1' : 'cluster',
        });
  const j = fit.names.indexOf('treated:post');
  const coef = coefficientOf(fit, j, 'treated:post', level);
  const treatedClusters = treatedClusterCount(rows, cluster, (r) => r.treated);
  const warnings = [
    ...sample.warnings,
    ...fit.warnings.map((w) => `${fn}: ${w}`),
    ...clusterWarnings(fn, fit.clusters, treatedClusters),
  ];
  if (cluster !== null && treatedClusters !== null && treatedClusters < 10)
    warnings.push(
      `${fn}: ${treatedClusters} treated cluster(s); with 3 treated units the nominal 5% cluster-robust test rejected a true null in 13.5% of SYNTHETIC panels (bench/README) — prefer randomizationTest`,
    );
  const units = new Set(ids);
  const treatedUnits = new Set(rows.filter((r) => r.treated).map(crossSection));
  if (treatedUnits.size < 10 && cluster === null)
    warnings.push(
      `${fn}: only ${treatedUnits.size} treated unit(s); heteroskedasticity-robust inference is fragile`,
    );
  if (fixedEffects === 'twoway' && new Set(rows.filter((r) => r.treated).map((r) => r.cohort)).size > 1)
    warnings.push(
      `${fn}: treatment is staggered; the two-way fixed-effects δ can be biased with heterogeneous effects (Goodman-Bacon 2021) — see eventStudy`,
    );
  return {
    method: fixedEffects === 'twoway' ? 'did-twfe' : 'did-2x2',
    ...coef,
    n,
    percentEffect: outcome === 'log' ? percentEffectOf(coef) : null,
    settings: { outcome, fixedEffects, vcov: cluster === null ? 'hc1' : 'cluster', level },
    diagnostics: {
      units: units.size,
      treatedUnits: treatedUnits.size,
      clusters: fit.clusters,
      treatedClusters,
      periods: new Set(rows.map((r) => r.period)).size,
      prePeriods: new Set(rows.filter((r) => !r.post).map((r) => r.period)).size,
      postPeriods: new Set(rows.filter((r) => r.post).map((r) => r.period)).size,
      dropped: sample.dropped,
      parameters: fit.k,
      cellMeans: cellMeans(rows, y),
    },
    warnings,
  };
}

/** Throw unless the sample has treated and control units with pre and post observations. Internal. */
export function checkDidSample(rows: readonly PanelRecord[], fn: string): void {
  if (rows.length === 0)
    throw new InsufficientDataError(`${fn} requires observations with an outcome, got 0`);
  if (!rows.some((r) => r.treated))
    throw new InsufficientDataError(`${fn} requires at least 1 treated unit, got 0`);
  if (!rows.some((r) => !r.treated))
    throw new InsufficientDataError(`${fn} requires at least 1 control unit, got 0`);
  if (!rows.some((r) => r.treated && r.post))
    throw new InsufficientDataError(
      `${fn} requires at least 1 post-treatment observation of a treated unit, got 0`,
    );
  if (!rows.some((r) => !r.post))
    throw new InsufficientDataError(`${fn} requires at least 1 pre-treatment period, got 0`);
}

function cellMeans(
  rows: readonly PanelRecord[],
  y: Float64Array,
): {
  treatedPre: number | null;
  treatedPost: number | null;
  controlPre: number | null;
  controlPost: number | null;
} {
  const s = [0, 0, 0, 0];
  const c = [0, 0, 0, 0];
  rows.forEach((r, i) => {
    const k = (r.treated ? 0 : 2) + (r.post ? 1 : 0);
    s[k]! += y[i]!;
    c[k]! += 1;
  });
  const m = (k: number): number | null => (c[k]! > 0 ? s[k]! / c[k]! : null);
  return { treatedPre: m(0), treatedPost: m(1), controlPre: m(2), controlPost: m(3) };
}
