import { InsufficientDataError, OptionsError } from '../errors.js';
import {
  type ClusterOption,
  checkLevel,
  clusterFactor,
  clusterWarnings,
  coefficientOf,
  makeCoefficient,
  percentEffectOf,
  selectSample,
  treatedClusterCount,
} from './design.js';
import { encodeFactor, fitLinear } from './linear.js';
import { crossSection, type Panel, type PanelRecord } from './panel.js';
import type { DidResult } from './schemas.js';

/** Size of did's CR1 test with 3 treated units in the harness (bench/README, base case). Internal. */
const DID_CR1_SIZE = '17.0%';

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
  /**
   * Small-sample correction of the clustered covariance. `cr2` (default): Bell & McCaffrey's (2002) CR2 with their
   * degrees of freedom (Imbens & Kolesár 2016), computed in closed form for the two-way model on a balanced panel
   * clustered by unit; elsewhere (unbalanced panels, the 2×2 model, other clusterings) it falls back to `cr1` with a
   * warning. `cr1`: statsmodels' CR1 with t(G−1).
   */
  readonly correction?: 'cr2' | 'cr1';
}

/**
 * Difference-in-differences: the effect δ of being treated in the post period, by the 2×2 regression or the
 * two-way fixed-effects panel regression, with cluster-robust standard errors.
 *
 * **Inference (default `correction: 'cr2'`).** With clusters, the two-way model on a balanced panel clustered by
 * unit uses Bell & McCaffrey's (2002) CR2 covariance and their degrees of freedom, as Imbens & Kolesár (2016)
 * recommend when few clusters are treated (Stata's `vce(hc2 unit, dfadjust)`, R's `clubSandwich` with
 * `Satterthwaite`): the residuals of each cluster are rescaled by (I − H_gg)^−½, which undoes the shrinkage of the
 * high-leverage treated clusters, and the t reference has the Bell–McCaffrey df — about 2.3 with 3 treated units
 * among 40, instead of G − 1 = 39. Elsewhere (unbalanced panels, the 2×2 model, clusters other than units) it falls
 * back to CR1 with a warning. `correction: 'cr1'` gives statsmodels' `OLS(...).fit(cov_type='cluster', use_t=True)`
 * with unit and period dummies: G/(G−1) · (n−1)/(n−k), k counting the fixed effects, and t(G−1).
 *
 * Calibration (SYNTHETIC monthly panels with 3 treated units, `npx tsx bench/calibration.ts --only inference`, see
 * bench/README): CR2 kept the nominal 5% test at 1–3% across ρ 0–0.8, 3 or 10 treated units and 24–60
 * pre-period months, with 95% intervals covering in 96–99% (conservative, so it has less power than
 * {@link randomizationTest}: 60% against 92% at 0.2 log points), while CR1 with t(G−1) rejected a true null in
 * 17.0% of base-case panels. With fewer than 10 treated clusters a warning says so and points to
 * {@link randomizationTest}, the more powerful valid test. Neither survives treated units whose trends differ from
 * the controls' (the harness's misspecified rows). `D_it` is `treated && post`, so staggered adoption is allowed,
 * but with staggered timing and heterogeneous effects the TWFE δ is a weighted average with possibly negative
 * weights (Goodman-Bacon 2021): prefer {@link eventStudy}.
 *
 * Missing outcomes are dropped (and, in logs, zeros and negatives, with a warning: see {@link ppml} for zeros).
 * Runs in O(n · sweeps) for the fixed-effect absorption.
 *
 * @param panel - a panel from {@link toPanel} or {@link panelFromRecords}
 * @param options - outcome scale, fixed effects, clustering, small-sample correction, level
 * @returns the DiD coefficient, se, t statistic with df (Bell–McCaffrey under CR2), p, interval, % effect (logs), sample diagnostics and warnings;
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
  const unitFactor = encodeFactor('unit', ids);
  const periodFactor = encodeFactor(
    'period',
    rows.map((r) => r.period),
  );
  const fit =
    fixedEffects === 'twoway'
      ? fitLinear({
          y,
          X: [D],
          names: ['treated:post'],
          factors: [unitFactor, periodFactor],
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
  const treatedClusters = treatedClusterCount(rows, cluster, (r) => r.treated);
  const warnings = [
    ...sample.warnings,
    ...fit.warnings.map((w) => `${fn}: ${w}`),
    ...clusterWarnings(fn, fit.clusters, treatedClusters),
  ];
  const correction = options.correction ?? 'cr2';
  if (correction !== 'cr2' && correction !== 'cr1')
    throw new OptionsError(`${fn} requires correction 'cr2' or 'cr1', got ${String(correction)}`);
  let cr2: Cr2 | null = null;
  if (cluster !== null && correction === 'cr2') {
    cr2 =
      fixedEffects === 'twoway' && fit.beta[j] !== null
        ? cr2TwoWay(unitFactor.codes, periodFactor.codes, cluster.codes, fit.xTilde[j]!, fit.resid)
        : null;
    if (cr2 === null)
      warnings.push(
        `${fn}: CR2 needs the two-way model on a balanced panel clustered by unit; CR1 with t(G−1) used instead, which over-rejects with few treated clusters — prefer randomizationTest`,
      );
  }
  const coef =
    cr2 === null
      ? coefficientOf(fit, j, 'treated:post', level)
      : makeCoefficient('treated:post', fit.beta[j] ?? null, Math.sqrt(cr2.variance), cr2.df, level);
  if (cluster !== null && treatedClusters !== null && treatedClusters < 10)
    warnings.push(
      cr2 === null
        ? `${fn}: ${treatedClusters} treated cluster(s); with 3 treated units the nominal 5% CR1 test rejected a true null in ${DID_CR1_SIZE} of SYNTHETIC monthly panels (bench/README) — prefer randomizationTest`
        : `${fn}: ${treatedClusters} treated cluster(s); CR2 with ${cr2.df.toFixed(1)} Bell–McCaffrey degrees of freedom — valid on the harness's parallel-trend panels (bench/README), not if the treated units' trends differ`,
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
    settings: {
      outcome,
      fixedEffects,
      vcov: cluster === null ? 'hc1' : cr2 === null ? 'cluster' : 'cr2',
      level,
    },
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

/** CR2 variance of the DiD coefficient with its Bell–McCaffrey degrees of freedom. Internal. */
export interface Cr2 {
  readonly variance: number;
  readonly df: number;
}

/**
 * CR2 (Bell & McCaffrey 2002) variance and Bell–McCaffrey degrees of freedom (Imbens & Kolesár 2016, eq. 11) of the
 * single coefficient of `D` in the two-way fixed-effects model on a balanced panel clustered by unit, in closed form.
 *
 * On a balanced panel of N units and T periods the two-way annihilator is M = (I_N − J_N/N) ⊗ (I_T − J_T/T), so with
 * x̃ = M·D, S = x̃'x̃ and P = I_T − J_T/T the block of I − H for unit g is (1 − 1/N)·P − x̃_g x̃_g'/S. Its inverse square
 * root (a pseudo-inverse on the range of P, where residuals and x̃_g lie) applied to a_g = x̃_g/S is
 * b_g = x̃_g / (S·√(1 − 1/N − x̃_g'x̃_g/S)), so the CR2 variance is Σ_g (b_g'u_g)². The Bell–McCaffrey df is
 * (tr Q)² / tr(Q²) with Q = G'G, G_g = (I − H)_{·g} b_g, which the same structure reduces to
 * Q_gk = (δ_gk − 1/N)·b_g'b_k − (x̃_g'b_g)(x̃_k'b_k)/S. Returns `null` when the panel is not balanced, a cluster is
 * not exactly one unit, or a unit has leverage 1 − 1/N (CR2 undefined).
 *
 * @param unitCodes - unit (regression cross-section) code of each row, 0..N−1
 * @param periodCodes - period code of each row, 0..T−1
 * @param clusterCodes - cluster code of each row
 * @param xTilde - D residualised on the two-way fixed effects
 * @param resid - residuals of the full model
 * @example
 * // 2 units × 2 periods, one treated: leverage of each unit is 1 − 1/N, so CR2 is undefined.
 * cr2TwoWay(Int32Array.of(0, 0, 1, 1), Int32Array.of(0, 1, 0, 1), Int32Array.of(0, 0, 1, 1),
 *   Float64Array.of(-0.25, 0.25, 0.25, -0.25), new Float64Array(4)); // => null
 */
export function cr2TwoWay(
  unitCodes: Int32Array,
  periodCodes: Int32Array,
  clusterCodes: Int32Array,
  xTilde: Float64Array,
  resid: Float64Array,
): Cr2 | null {
  const n = xTilde.length;
  let N = 0;
  let T = 0;
  for (let i = 0; i < n; i++) {
    N = Math.max(N, unitCodes[i]! + 1);
    T = Math.max(T, periodCodes[i]! + 1);
  }
  if (N < 2 || T < 2 || n !== N * T) return null;
  // Dense N × T layout; every (unit, period) exactly once, and clusters one-to-one with units.
  const x = new Float64Array(N * T).fill(Number.NaN);
  const u = new Float64Array(N * T);
  const clusterOfUnit = new Int32Array(N).fill(-1);
  const unitOfCluster = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const g = unitCodes[i]!;
    const cell = g * T + periodCodes[i]!;
    if (!Number.isNaN(x[cell]!)) return null;
    x[cell] = xTilde[i]!;
    u[cell] = resid[i]!;
    const c = clusterCodes[i]!;
    if (clusterOfUnit[g] === -1) clusterOfUnit[g] = c;
    else if (clusterOfUnit[g] !== c) return null;
    const prev = unitOfCluster.get(c);
    if (prev === undefined) unitOfCluster.set(c, g);
    else if (prev !== g) return null;
  }
  let S = 0;
  for (let i = 0; i < N * T; i++) S += x[i]! * x[i]!;
  if (!(S > 0)) return null;
  const scale = new Float64Array(N); // b_g = scale_g · x̃_g
  const cg = new Float64Array(N); // x̃_g'b_g
  let variance = 0;
  for (let g = 0; g < N; g++) {
    let xx = 0;
    let xu = 0;
    for (let t = 0; t < T; t++) {
      xx += x[g * T + t]! ** 2;
      xu += x[g * T + t]! * u[g * T + t]!;
    }
    const lambda = 1 - 1 / N - xx / S;
    if (!(lambda > 1e-12)) return null;
    scale[g] = 1 / (S * Math.sqrt(lambda));
    cg[g] = scale[g]! * xx;
    variance += (scale[g]! * xu) ** 2;
  }
  let tr = 0;
  let tr2 = 0;
  for (let g = 0; g < N; g++)
    for (let k = g; k < N; k++) {
      let xk = 0;
      for (let t = 0; t < T; t++) xk += x[g * T + t]! * x[k * T + t]!;
      const q = ((g === k ? 1 : 0) - 1 / N) * scale[g]! * scale[k]! * xk - (cg[g]! * cg[k]!) / S;
      if (g === k) {
        tr += q;
        tr2 += q * q;
      } else tr2 += 2 * q * q;
    }
  const df = (tr * tr) / tr2;
  return Number.isFinite(variance) && Number.isFinite(df) && df > 0 ? { variance, df } : null;
}
