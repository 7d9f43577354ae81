import { InsufficientDataError, OptionsError } from '../errors.js';
import { monthIndex, type Period } from '../model/period.js';
import { waldForm } from '../numeric/least-squares.js';
import {
  type ClusterOption,
  checkLevel,
  clusterFactor,
  clusterWarnings,
  makeCoefficient,
  percentEffectOf,
  selectSample,
  treatedClusterCount,
} from './design.js';
import { fUpperP } from './distributions.js';
import { type Cr2Contrasts, cr2Contrasts } from './event-study-cr2.js';
import { preTrendPermutation } from './event-study-permutation.js';
import { encodeFactor, fitLinear } from './linear.js';
import { crossSection, type Panel, type PanelRecord } from './panel.js';
import type { EventCoefficient, EventStudyResult } from './schemas.js';

/** Below this many treated clusters eventStudy warns that its cluster-robust tests over-reject. Internal. */
const FEW_TREATED = 10;

/**
 * Harness figures quoted in the warnings (bench/README, inference section): CR1 in the base case with 3 treated
 * units; CR2 / randomisation the highest size on the claimed grid.
 */
const ES_FIGURES = { headline: '20.0%', preTrend: '72.0%', cr2Headline: '6%', cr2PreTrend: '6%' };

/** Options of {@link eventStudy}. */
export interface EventStudyOptions {
  /** Pre-treatment relative periods shown, −leads … −1 (default 6). */
  readonly leads?: number;
  /** Post-treatment relative periods shown, 0 … lags (default 12). */
  readonly lags?: number;
  /** The omitted relative period every coefficient is measured against (default −1, the last pre-period). */
  readonly reference?: number;
  /**
   * Adoption dates by unit (the regression unit `unit|group`, or the plain `unit`): first treated period, `null`
   * for never treated. Overrides the records' `cohort` (default: the records' cohorts).
   */
  readonly cohorts?: Readonly<Record<string, Period | null>>;
  /**
   * `sun-abraham` (default): the interaction-weighted estimator of Sun & Abraham (2021), valid under staggered
   * adoption with heterogeneous effects; `twfe`: one set of relative-time dummies with binned endpoints (biased
   * under staggered timing, kept as a benchmark).
   */
  readonly method?: 'sun-abraham' | 'twfe';
  /** `log` (default) or `level`. */
  readonly outcome?: 'log' | 'level';
  /** Clustering (default: the records' `cluster` label, i.e. the unit). */
  readonly cluster?: ClusterOption;
  /** Interval coverage (default 0.95). */
  readonly level?: number;
  /**
   * Small-sample inference with clusters. `cr2` (default): Bell & McCaffrey's (2002) CR2 covariance with their
   * degrees of freedom for each coefficient and the post average, and the HTZ test (Pustejovsky & Tipton 2018) for
   * the pre-trends, on a balanced panel clustered by unit (elsewhere CR1 with a warning). `cr1`: CR1 with t(G−1) and
   * F(q, G−1), which over-reject with few treated clusters.
   */
  readonly correction?: 'cr2' | 'cr1';
  /** Random assignments of the pre-trend randomisation test when they are too many to enumerate (default 1999). */
  readonly draws?: number;
  /** Seed of those random assignments (default 1). */
  readonly seed?: number;
}

/**
 * Event study: the effect by periods since treatment (leads and lags) against a reference period, a joint
 * pre-trend test, and an estimator valid under staggered adoption.
 *
 * **Why not plain TWFE.** With staggered adoption (sanctioned codes took effect on 2022-02-25, 2022-03-15,
 * 2022-04-08, 2022-06-04, 2022-10-06, 2023-02-25 …) a two-way fixed-effects regression on relative-time dummies
 * uses already-treated units as controls for later ones; with effects that differ by cohort or grow over time its
 * coefficients mix effects from other relative periods with weights that can be negative, and leads can show
 * spurious pre-trends (Sun & Abraham 2021; Goodman-Bacon 2021; de Chaisemartin & D'Haultfœuille 2020).
 *
 * **What this does (`sun-abraham`).** The regression y_it = a_i + b_t + Σ_e Σ_{l≠ref} β_{e,l} 1{E_i = e, t − e = l}
 * + ε is fully saturated in cohort × relative time (every relative period a cohort has, not only the window, so no
 * effect leaks into the reference), with never-treated units as the control cohort (or, when none exist, the
 * last-treated cohort, using only periods before it is treated). Each shown coefficient is the interaction-weighted
 * average β_l = Σ_e w_{e,l} β_{e,l}, with w_{e,l} the cohort's share of treated observations at relative time l.
 * With one cohort this is the standard dynamic TWFE regression, fully saturated.
 *
 * When a cohort has no observation at the reference period (e.g. the invasion month 2022-02 was dropped), its
 * nearest earlier observed period becomes its reference, with a warning; a cohort with no period at or before the
 * reference is left out (its effects are not identified). Terms that are still not identified are listed in a
 * warning and left out of the averages, never silently renormalised.
 *
 * The headline `estimate` is the average of the coefficients at relative times 0 … lags. `preTrend` tests that all
 * shown leads are zero. Relative time counts months (monthly panels) or years (annual). Missing outcomes are dropped.
 *
 * **Inference (default `correction: 'cr2'`).** With clusters, on a balanced panel clustered by unit, every
 * coefficient and the post average (each a fixed linear combination of the cohort × relative-time terms) get Bell &
 * McCaffrey's (2002) CR2 standard error and their degrees of freedom (Imbens & Kolesár 2016; as `did`, here for
 * general contrasts: src/inference/event-study-cr2.ts). The pre-trend test is, with 10 or more treated units, the
 * CR2 Wald test with the HTZ small-sample F of Pustejovsky & Tipton (2018), statistic (η − q + 1)/(η q)·W on
 * F(q, η − q + 1); with fewer, where HTZ's η is too small for q leads (η ≈ 2.3 with 3 treated units), a Fisher
 * randomisation test over the assignment of the adoption dates to units on studentised lead profiles (every
 * assignment when at most 20,000, else `draws` seeded ones): its `statistic` is that test's S and `df2` is `null`.
 * Elsewhere (unbalanced panels, other clusterings) and with `correction: 'cr1'`: CR1 with t(G−1) and F(q, G−1),
 * with a warning.
 *
 * Calibration (SYNTHETIC monthly panels with parallel trends: 3 treated units with KZ/AM/KG-like sizes among 40,
 * AR(1) errors with t(5) shocks; `npx tsx bench/calibration/panel-rows.ts`, the same rows as
 * `npm run calibration -- --only inference`, bench/README): on the claimed grid (ρ 0–0.8, 3 or 10 treated units,
 * 24–60 pre-period months) the nominal 5% post-average test rejected a true null in 0–6% of panels (its 95%
 * interval covered in 96–100%; conservative, so power against 0.2 log points is only 7–14% with 3 treated units (59% with 10), against 92% for
 * {@link randomizationTest}) and the pre-trend test in 0–6%; the CR1 variant rejected in 10–20% (post average) and
 * 63–73% (pre-trend, 3 treated units). With fewer than 10 treated clusters the result says so; for the effect prefer {@link randomizationTest},
 * the more powerful valid test. No test here survives treated units whose trends differ from the controls', and the
 * randomisation pre-trend test has little power against a slow differential trend (3% against +0.005 log points a
 * month on the harness): a pass is weak evidence of parallel trends.
 *
 * @param panel - a panel whose treated units have cohorts (from `toPanel`'s `cohort`/`post`, or `options.cohorts`)
 * @param options - window, reference, cohorts, method, outcome, clustering, level, correction, randomisation draws and seed
 * @returns coefficients by relative time, the pre-trend test, the post average (with % effect in logs), cohorts,
 *   diagnostics, warnings
 * @throws {OptionsError} on a bad window or reference, or a treated unit without an adoption date
 * @throws {InsufficientDataError} without treated units, or without a control cohort
 * @example
 * import { eventStudy, panelFromRecords } from 'trade-roundabout';
 * const rows = [];
 * for (let u = 0; u < 6; u++) for (let t = 1; t <= 12; t++) {
 *   const cohort = u < 2 ? null : u < 4 ? '2022-05' : '2022-08';
 *   const period = `2022-${String(t).padStart(2, '0')}`;
 *   const on = cohort !== null && period >= cohort;
 *   rows.push({ unit: `u${u}`, period, treated: cohort !== null, post: on, cohort, y: u + 0.1 * t + (on ? 2 : 0) });
 * }
 * const es = eventStudy(panelFromRecords(rows), { leads: 2, lags: 3, outcome: 'level', cluster: 'none' });
 * es.estimate; // => 2 (up to rounding)
 */
export function eventStudy(panel: Panel, options: EventStudyOptions = {}): EventStudyResult {
  const fn = 'eventStudy';
  const leads = options.leads ?? 6;
  const lags = options.lags ?? 12;
  const reference = options.reference ?? -1;
  const method = options.method ?? 'sun-abraham';
  const outcome = options.outcome ?? 'log';
  const level = checkLevel(options.level ?? 0.95, fn);
  if (!Number.isInteger(leads) || leads < 1) throw new OptionsError(`${fn} requires leads ≥ 1, got ${leads}`);
  if (!Number.isInteger(lags) || lags < 0) throw new OptionsError(`${fn} requires lags ≥ 0, got ${lags}`);
  if (!Number.isInteger(reference) || reference >= 0 || reference < -leads)
    throw new OptionsError(`${fn} requires a reference in −leads … −1, got ${reference}`);
  const index = (p: Period): number => (panel.frequency === 'monthly' ? monthIndex(p) : Number(p));
  const sample = selectSample(panel.records, outcome, fn);
  const warnings = [...sample.warnings];
  const cohortOf = (r: PanelRecord): Period | null => {
    const o = options.cohorts;
    if (o !== undefined) {
      const id = crossSection(r);
      if (id in o) return o[id] ?? null;
      if (r.unit in o) return o[r.unit] ?? null;
    }
    if (!r.treated) return null;
    if (r.cohort === null)
      throw new OptionsError(`${fn} requires an adoption date for treated unit ${crossSection(r)}`);
    return r.cohort;
  };
  let rows = [...sample.rows];
  let y = [...sample.y];
  let cohorts = rows.map(cohortOf);
  let distinct = [...new Set(cohorts.filter((c): c is Period => c !== null))].sort();
  if (distinct.length === 0) throw new InsufficientDataError(`${fn} requires at least 1 treated unit, got 0`);
  let control: 'never-treated' | 'last-treated' = 'never-treated';
  if (!cohorts.some((c) => c === null)) {
    if (method === 'twfe') {
      warnings.push(`${fn}: no never-treated units; TWFE identifies effects from timing differences only`);
    } else {
      if (distinct.length < 2)
        throw new InsufficientDataError(
          `${fn} requires never-treated units or at least 2 cohorts, got 1 cohort`,
        );
      const last = distinct[distinct.length - 1]!;
      control = 'last-treated';
      warnings.push(
        `${fn}: no never-treated units; the last-treated cohort (${last}) is the control, periods from ${last} on are dropped`,
      );
      const keep = rows.map((r) => r.period < last);
      rows = rows.filter((_, i) => keep[i]);
      y = y.filter((_, i) => keep[i]);
      cohorts = cohorts.filter((_, i) => keep[i]).map((c) => (c === last ? null : c));
      distinct.pop();
    }
  }
  // Effective reference per cohort: the requested one, or the nearest earlier observed relative period when the
  // requested one has no data (e.g. the invasion month dropped); cohorts with no period before it are left out,
  // since without a pre-period their effects are not identified (and they must not act as controls either).
  const relOf = (i: number): number | null => {
    const c = cohorts[i];
    return c === null || c === undefined ? null : index(rows[i]!.period) - index(c);
  };
  const refOf = new Map<Period, number>();
  const dropCohorts = new Set<Period>();
  const observed = new Map<Period, Set<number>>();
  rows.forEach((_, i) => {
    const c = cohorts[i];
    if (c === null || c === undefined) return;
    const set = observed.get(c) ?? new Set<number>();
    set.add(method === 'twfe' ? Math.max(-leads, Math.min(relOf(i)!, lags)) : relOf(i)!);
    observed.set(c, set);
  });
  const pickRef = (set: Set<number>): number | null => {
    if (set.has(reference)) return reference;
    const earlier = [...set].filter((l) => l < reference);
    return earlier.length === 0 ? null : Math.max(...earlier);
  };
  if (method === 'sun-abraham') {
    for (const e of distinct) {
      const ref = pickRef(observed.get(e) ?? new Set());
      if (ref === null) {
        dropCohorts.add(e);
        warnings.push(
          `${fn}: cohort ${e} has no observation at or before relative period ${reference}; left out`,
        );
      } else {
        refOf.set(e, ref);
        if (ref !== reference)
          warnings.push(
            `${fn}: cohort ${e} has no observation at relative period ${reference}; its reference is ${ref} instead`,
          );
      }
    }
  } else {
    const all = new Set<number>();
    for (const set of observed.values()) for (const l of set) all.add(l);
    const ref = pickRef(all);
    if (ref === null)
      throw new InsufficientDataError(
        `${fn} requires treated observations at or before relative period ${reference}`,
      );
    if (ref !== reference)
      warnings.push(`${fn}: no observation at relative period ${reference}; the reference is ${ref} instead`);
    for (const e of distinct) refOf.set(e, ref);
  }
  if (dropCohorts.size > 0) {
    const keep = rows.map((_, i) => !dropCohorts.has(cohorts[i] as Period));
    rows = rows.filter((_, i) => keep[i]);
    y = y.filter((_, i) => keep[i]);
    cohorts = cohorts.filter((_, i) => keep[i]);
    distinct = distinct.filter((e) => !dropCohorts.has(e));
    if (distinct.length === 0)
      throw new InsufficientDataError(`${fn} requires a cohort with a pre-treatment period`);
  }
  const n = rows.length;
  const rel = rows.map((_, i) => relOf(i));
  const shown: number[] = [];
  for (let l = -leads; l <= lags; l++) if (l !== reference) shown.push(l);
  // Regressor columns and, for each shown relative time, the (column, count) pairs that average into it.
  const names: string[] = [];
  const X: Float64Array[] = [];
  const parts = new Map<number, { col: number; count: number }[]>();
  if (method === 'sun-abraham') {
    for (const e of distinct) {
      const rels = [...new Set(rel.filter((_, i) => cohorts[i] === e) as number[])].sort((a, b) => a - b);
      for (const l of rels) {
        if (l === refOf.get(e)) continue;
        const col = new Float64Array(n);
        let count = 0;
        for (let i = 0; i < n; i++)
          if (cohorts[i] === e && rel[i] === l) {
            col[i] = 1;
            count++;
          }
        names.push(`${e}:${l}`);
        X.push(col);
        if (l >= -leads && l <= lags) {
          const list = parts.get(l) ?? [];
          list.push({ col: X.length - 1, count });
          parts.set(l, list);
        }
      }
    }
  } else {
    if (distinct.length > 1)
      warnings.push(
        `${fn}: treatment is staggered (${distinct.length} cohorts); TWFE event-study coefficients are contaminated by other periods' effects (Sun & Abraham 2021) — use method 'sun-abraham'`,
      );
    const ref = refOf.get(distinct[0]!)!;
    for (const l of shown) {
      if (l === ref) continue;
      const col = new Float64Array(n);
      let count = 0;
      for (let i = 0; i < n; i++) {
        const r = rel[i];
        if (r === null || r === undefined) continue;
        const b = Math.max(-leads, Math.min(r, lags));
        if (b === l) {
          col[i] = 1;
          count++;
        }
      }
      if (count === 0) continue;
      names.push(`rel:${l}`);
      X.push(col);
      parts.set(l, [{ col: X.length - 1, count }]);
    }
  }
  if (X.length === 0)
    throw new InsufficientDataError(`${fn} requires treated observations around the treatment date`);
  const correction = options.correction ?? 'cr2';
  if (correction !== 'cr2' && correction !== 'cr1')
    throw new OptionsError(`${fn} requires correction 'cr2' or 'cr1', got ${String(correction)}`);
  const cluster = clusterFactor(rows, options.cluster);
  const unitFactor = encodeFactor('unit', rows.map(crossSection));
  const periodFactor = encodeFactor(
    'period',
    rows.map((r) => r.period),
  );
  const fit = fitLinear({
    y: Float64Array.from(y),
    X,
    names,
    factors: [unitFactor, periodFactor],
    cluster,
    vcov: cluster === null ? 'hc1' : 'cluster',
  });
  const dropped = fit.names.filter((_, j) => fit.beta[j] === null);
  if (dropped.length > 0)
    warnings.push(
      `${fn}: ${dropped.length} relative-time term(s) not identified and left out: ${dropped.join(', ')}`,
    );
  // Weight matrix: one row per shown relative time with at least one identified part.
  const rowsW: { l: number; w: Map<number, number>; count: number }[] = [];
  for (const l of shown) {
    const ps = (parts.get(l) ?? []).filter((p) => fit.beta[p.col] !== null);
    const total = ps.reduce((s, p) => s + p.count, 0);
    const w = new Map<number, number>();
    for (const p of ps) w.set(p.col, p.count / total);
    rowsW.push({ l, w, count: total });
  }
  const combo = (w: Map<number, number>): { est: number | null; v: number | null } => {
    if (w.size === 0) return { est: null, v: null };
    let est = 0;
    let v = 0;
    let ok = true;
    for (const [a, wa] of w) {
      est += wa * fit.beta[a]!;
      for (const [b, wb] of w) {
        const c = fit.cov[a]?.[b] ?? null;
        if (c === null) ok = false;
        else v += wa * wb * c;
      }
    }
    return { est, v: ok ? v : null };
  };
  const seOf = (v: number | null): number | null => (v !== null && v > 0 ? Math.sqrt(v) : null);
  const pre = rowsW.filter((r) => r.l < 0 && r.w.size > 0);
  const post = rowsW.filter((r) => r.l >= 0 && r.w.size > 0);
  const avgW = new Map<number, number>();
  for (const r of post) for (const [a, wa] of r.w) avgW.set(a, (avgW.get(a) ?? 0) + wa / post.length);
  // CR2 / Bell–McCaffrey on every identified contrast: the shown coefficients, then the post average.
  const contrastWeights = [
    ...rowsW.filter((r) => r.w.size > 0).map((r) => r.w),
    ...(post.length > 0 ? [avgW] : []),
  ];
  const contrastIndex = new Map<Map<number, number>, number>(contrastWeights.map((w, i) => [w, i]));
  let cr2: Cr2Contrasts | null = null;
  if (cluster !== null && correction === 'cr2') {
    const unitCohort: string[] = new Array<string>(unitFactor.levels).fill('');
    rows.forEach((_, i) => {
      unitCohort[unitFactor.codes[i]!] = cohorts[i] ?? 'never';
    });
    cr2 = cr2Contrasts(
      fit,
      unitFactor.codes,
      periodFactor.codes,
      cluster.codes,
      contrastWeights.map((w) => {
        const c = new Float64Array(X.length);
        for (const [a, wa] of w) c[a] = wa;
        return c;
      }),
      unitCohort,
    );
    if (cr2 === null)
      warnings.push(
        `${fn}: CR2 needs a balanced panel clustered by unit; CR1 with t(G−1) and F(q, G−1) used instead, which over-reject with few treated clusters — prefer randomizationTest`,
      );
  }
  const inferenceOf = (w: Map<number, number>): { est: number | null; se: number | null; df: number } => {
    const { est, v } = combo(w);
    const i = contrastIndex.get(w);
    if (cr2 === null || i === undefined) return { est, se: seOf(v), df: fit.dfInference };
    const m = contrastWeights.length;
    return { est, se: seOf(cr2.cov[i * m + i]!), df: cr2.df[i]! };
  };
  const coefficients: EventCoefficient[] = rowsW.map(({ l, w, count }) => {
    const { est, se, df } = inferenceOf(w);
    return {
      ...makeCoefficient(`rel:${l}`, est, se, df, level),
      relativeTime: l,
      n: count,
    };
  });
  // Joint pre-trend test on the shown leads.
  let preTrend: EventStudyResult['preTrend'] = null;
  if (pre.length > 0) {
    const q = pre.length;
    const b = pre.map((r) => combo(r.w).est!);
    const V = new Float64Array(q * q);
    let ok = true;
    const m = contrastWeights.length;
    const idx = pre.map((r) => contrastIndex.get(r.w)!);
    for (let i = 0; i < q; i++)
      for (let j = 0; j < q; j++) {
        if (cr2 !== null) {
          V[i * q + j] = cr2.cov[idx[i]! * m + idx[j]!]!;
          continue;
        }
        let s = 0;
        for (const [a, wa] of pre[i]!.w)
          for (const [c, wc] of pre[j]!.w) {
            const cv = fit.cov[a]?.[c] ?? null;
            if (cv === null) ok = false;
            else s += wa * wc * cv;
          }
        V[i * q + j] = s;
      }
    let stat: number | null = null;
    let df2: number | null = fit.dfInference;
    const treatedUnitCount = new Set(rows.filter((_, i) => cohorts[i] !== null).map(crossSection)).size;
    const permute = cr2 !== null && treatedUnitCount < FEW_TREATED;
    // A cluster-robust covariance has rank at most G − 1: with more restrictions the Wald form is undefined.
    const tooMany = fit.clusters !== null && q > fit.clusters - 1;
    if (permute) {
      const perm = preTrendPermutation(
        rows.map(crossSection),
        rows.map((r) => index(r.period)),
        y,
        cohorts.map((c) => (c === null || c === undefined ? null : index(c))),
        pre.map((r) => r.l),
        (date) => refOf.get(distinct.find((e) => index(e) === date)!) ?? reference,
        options.draws ?? 1999,
        options.seed ?? 1,
      );
      if (perm === null)
        warnings.push(`${fn}: the pre-trend randomisation test has no usable assignment; no p-value`);
      preTrend = { statistic: perm?.statistic ?? null, df1: q, df2: null, p: perm?.p ?? null };
    } else if (ok && fit.dfInference > 0 && !tooMany) {
      const s = waldForm(V, b, q);
      const wald = s !== null && Number.isFinite(s) && s >= 0 ? s : null;
      if (cr2 === null) stat = wald === null ? null : wald / q;
      else {
        // HTZ: (η − q + 1)/(η q) · W ~ F(q, η − q + 1).
        const eta = cr2.htz(idx);
        if (wald !== null && eta !== null && eta - q + 1 > 0) {
          stat = ((eta - q + 1) / (eta * q)) * wald;
          df2 = eta - q + 1;
        } else if (wald !== null)
          warnings.push(
            `${fn}: the HTZ degrees of freedom of the pre-trend test are too small for ${q} restrictions (η = ${eta === null ? 'undefined' : eta.toFixed(2)}); no F statistic — use fewer leads`,
          );
      }
    }
    if (permute) {
      // preTrend already set by the randomisation test.
    } else if (tooMany)
      warnings.push(
        `${fn}: the pre-trend test has ${q} restrictions but only ${fit.clusters} clusters (rank ≤ G − 1); no F statistic — use fewer leads`,
      );
    else if (stat === null && ok && (cr2 === null || waldForm(V, b, q) === null))
      warnings.push(`${fn}: the pre-trend covariance is singular; no F statistic`);
    else if (cr2 === null && fit.clusters !== null && q >= fit.clusters - 1)
      warnings.push(
        `${fn}: the pre-trend test has ${q} restrictions and only ${fit.clusters} clusters; the F test is unreliable`,
      );
    if (!permute)
      preTrend = {
        statistic: stat,
        df1: q,
        df2: stat === null ? null : df2,
        p: stat === null || df2 === null ? null : fUpperP(stat, q, df2),
      };
  }
  // Post average.
  const avg = post.length > 0 ? inferenceOf(avgW) : { est: null, se: null, df: fit.dfInference };
  const headline = makeCoefficient('post-average', avg.est, avg.se, avg.df, level);
  const cohortUnits = distinct.map((e) => ({
    cohort: e,
    units: new Set(rows.filter((_, i) => cohorts[i] === e).map(crossSection)).size,
  }));
  const treatedClusters = treatedClusterCount(rows, cluster, (_, i) => cohorts[i] !== null);
  if (treatedClusters !== null && treatedClusters < FEW_TREATED) {
    if (cr2 === null) {
      warnings.push(
        `${fn}: only ${treatedClusters} treated cluster(s); the CR1 t(G−1) test of the post average rejected a true null in ${ES_FIGURES.headline} of SYNTHETIC panels with 3 treated units at nominal 5% (bench/README) — use randomizationTest for the effect`,
      );
      if (preTrend !== null && preTrend.statistic !== null)
        warnings.push(
          `${fn}: only ${treatedClusters} treated cluster(s); the pre-trend F(q, G−1) test rejected true parallel trends in ${ES_FIGURES.preTrend} of SYNTHETIC panels with 3 treated units at nominal 5% (bench/README) — its p-value is not a valid pre-trend test here; read the lead coefficients instead`,
        );
    } else
      warnings.push(
        `${fn}: only ${treatedClusters} treated cluster(s); CR2 with Bell–McCaffrey degrees of freedom (${headline.df === null ? '–' : headline.df.toFixed(1)} for the post average) and the HTZ pre-trend test: the nominal 5% tests rejected a true null in at most ${ES_FIGURES.cr2Headline} (post average) and ${ES_FIGURES.cr2PreTrend} (pre-trend) of SYNTHETIC panels with 3 treated units (bench/README) — valid under parallel trends, not if the treated units' trends differ`,
      );
  }
  return {
    method,
    estimate: headline.estimate,
    se: headline.se,
    statistic: headline.statistic,
    df: headline.df,
    p: headline.p,
    interval: headline.interval,
    n,
    percentEffect: outcome === 'log' ? percentEffectOf(headline) : null,
    coefficients,
    preTrend,
    cohorts: cohortUnits,
    settings: { outcome, leads, lags, reference, control, level },
    diagnostics: {
      units: new Set(rows.map(crossSection)).size,
      treatedUnits: cohortUnits.reduce((s, c) => s + c.units, 0),
      clusters: fit.clusters,
      treatedClusters,
      periods: new Set(rows.map((r) => r.period)).size,
      dropped: sample.dropped,
      parameters: fit.k,
    },
    warnings: [...warnings, ...clusterWarnings(fn, fit.clusters, treatedClusters)],
  };
}
