import { InsufficientDataError, OptionsError } from '../errors.js';
import type { Period } from '../model/period.js';
import type { Series } from '../model/series.js';
import { createRng } from '../numeric/rng.js';
import { type ControlExclusion, controlExclusions } from '../reference/control-exclusions.js';
import type { Baseline, BaselineOptions } from './baseline.js';
import { alignTo, requireSeries, seriesLabels } from './internal/align.js';
import { commonSettings, defineBaseline } from './internal/define.js';
import { COMMON_KEYS, checkEnum, checkKeys, resolveCommon } from './internal/options.js';
import { horizon, prepareFit } from './internal/prepare.js';
import { buildCounterfactual, nanArray } from './internal/result.js';
import { largestEigenvalue, simplexLeastSquares } from './internal/simplex.js';

/** Options of {@link syntheticControl}. */
export interface SyntheticControlOptions extends BaselineOptions {
  /**
   * `'index'` (default): target and donors are each divided by their fit-window mean before weighting, so donors
   * of any size can match the target's path; `'level'`: raw values (the classic synthetic control; donors must
   * bracket the target's level).
   */
  readonly scale?: 'index' | 'level';
  /** Length in periods of the held-out blocks of the in-time placebo and of the bootstrap blocks. Default `3`. */
  readonly block?: number;
  /**
   * Donors left out before weighting. `'auto'` (default): the partners `controlExclusions` lists for this study —
   * the exporter is the target's reporter, the treated destination its partner, the window runs from the fit start
   * to the target's last period, and `sanctioned`/`hubs` name the sanctioned country and its hubs — so donors at war,
   * under broad sanctions or in collapse, the exporter's own customs union and open ship registries never carry
   * weight. An array leaves out exactly those partners; `'none'` keeps every donor.
   */
  readonly excludeDonors?: 'auto' | 'none' | readonly string[];
  /**
   * The sanctioned country of the study (e.g. `'RU'`), for `excludeDonors: 'auto'`: its land neighbours and transit
   * hubs are left out too. Default none: only the study-independent exclusions apply.
   */
  readonly sanctioned?: string;
  /** The sanctioned country's transit hubs, for `excludeDonors: 'auto'` (default: the reference table's). */
  readonly hubs?: readonly string[];
}

/** Warn when the pre-period fit explains less than half the target's variance: RMSPE above 1/√2 of its sd. */
const POOR_FIT_RATIO = Math.SQRT1_2;
/** Warn when one donor carries at least this share of the weight. */
const CONCENTRATED_WEIGHT = 0.8;
/** A donor is small when its fit-window mean is below this share of the target's. */
const SMALL_DONOR = 0.05;
/** Warn when small donors carry at least this share of the weight. */
const SMALL_DONOR_WEIGHT = 0.25;

/** Said whenever there are paths after the window: the measured coverage of the cumulative interval. */
const UNCALIBRATED =
  'the cumulative interval after the window does not hold its level: on SYNTHETIC donor pools a nominal 95% ' +
  'interval of a 30-month sum covered 85.0% at AR(1) ρ 0, 49.0% at ρ 0.5 and 40.0% at ρ 0.7; read it as far too narrow';
const NAME = 'syntheticControl';
const QUANTUM = 2 ** 30;

/**
 * Synthetic-control baseline (Abadie, Diamond and Hainmueller 2010): non-negative donor weights summing to one,
 * fitted on the fit window by constrained least squares (accelerated projected gradient onto the simplex), then
 * expected_t = target pre-mean × Σ w_j donor_jt / donor_j pre-mean (index scale, default).
 *
 * Intervals are in-time placebo / conformal: the fit window is cut into consecutive blocks of `block` periods;
 * each block is held out in turn, weights are refitted on the rest and the block predicted, giving out-of-sample
 * residuals. The per-period band is split-conformal — expected ± the ⌈(n + 1)·level⌉-th smallest absolute
 * residual (the largest, with a warning, when n is too small for the level) — and paths add a moving-block
 * bootstrap of the residual sequence, so cumulative intervals keep their autocorrelation. The weights are in
 * `settings.weights`. Periods where a donor is missing get `null` (no paths if that happens after the window).
 *
 * The cumulative interval does not hold its level: the paths leave out the weights' and the target's pre-period
 * level's own uncertainty, and blocks of `block` periods carry little of the autocorrelation over a long horizon.
 * On SYNTHETIC pools (a target and 20 donors sharing a trend-seasonal factor, each with its own AR(1) noise; no
 * true excess; `npx tsx bench/calibration.ts --only inference --reps 100`, seed 20221, 100 replications) the 95%
 * interval of the excess summed over 30 months covered zero 85.0% / 49.0% / 40.0% of the time at ρ = 0 / 0.5 /
 * 0.7, and 70.0% over 6 months at ρ = 0.5. A warning says so whenever there are paths after the window.
 *
 * Donors must be clean controls: by default (`excludeDonors: 'auto'`) those that `controlExclusions` lists for the
 * study — at war, under broad sanctions or in collapse during the window, in the exporter's customs union, open ship
 * registries, and with `sanctioned` the sanctioned country's neighbours and hubs — are left out before weighting,
 * with a warning naming them (an unconstrained pool put EU→KG's weight on Syria and Yemen). The donor-quality
 * diagnostics in `settings.model` are the pre-period RMSPE relative to the target's own standard deviation in the
 * fit window (`rmspeRatio`; the in-time placebo's `placeboRmspeRatio`), the largest weight and the effective number
 * of donors 1/Σw²; warnings say when the fit (or the in-time placebo) explains less than half the target's
 * pre-period variance (RMSPE > 71% of its sd), when there are at least as many donors as fit periods, when a
 * quarter or more of the weight sits on donors below 5% of the target's size, or when one donor carries 80% or more.
 *
 * @param options - fit window, level, seed, draws, scale, block, donor exclusions
 * @returns a {@link Baseline}
 * @throws {OptionsError} for an unknown option or invalid value; at fit time without `context.donors`
 * @throws {InsufficientDataError} at fit time when every donor is left out
 * @throws {UnitMismatchError} at fit time if a donor has another frequency or currency
 * @example
 * const months = (f: (t: number) => number) => Array.from({ length: 48 }, (_, t) => f(t)); // 2019-01..2022-12
 * const kg = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
 *   currency: 'EUR', start: '2019-01', values: months((t) => 2e7 * (1.1 + Math.sin(t / 1.9)) * (t >= 38 ? 3 : 1)) });
 * const donor = (partner: string, f: (t: number) => number) =>
 *   makeSeries({ key: { ...kg.key, partner }, currency: 'EUR', start: '2019-01', values: months(f) });
 * const am = donor('AM', (t) => 5e7 * (1.1 + Math.sin(t / 1.9)));
 * const uz = donor('UZ', (t) => 3e8 * (1.5 + Math.cos(t)));
 * const cf = syntheticControl().fit(kg, { donors: [am, uz] });
 * cf.settings.weights; // => about { AM: 1, UZ: 0 }
 */
export function syntheticControl(options: SyntheticControlOptions = {}): Baseline {
  checkKeys(NAME, options, [...COMMON_KEYS, 'scale', 'block', 'excludeDonors', 'sanctioned', 'hubs']);
  const common = resolveCommon(NAME, options);
  const scale = checkEnum(NAME, 'scale', options.scale, ['index', 'level'], 'index');
  const block = options.block ?? 3;
  if (!Number.isInteger(block) || block < 1 || block > 24) {
    throw new OptionsError(`${NAME} requires block to be an integer from 1 to 24, got ${String(block)}`);
  }
  const excludeDonors = options.excludeDonors ?? 'auto';
  if (
    excludeDonors !== 'auto' &&
    excludeDonors !== 'none' &&
    !(Array.isArray(excludeDonors) && excludeDonors.every((x) => typeof x === 'string'))
  ) {
    throw new OptionsError(
      `${NAME} requires excludeDonors 'auto', 'none' or a list of partner codes, got ${JSON.stringify(excludeDonors)}`,
    );
  }
  const settings = {
    ...commonSettings(common),
    scale,
    block,
    excludeDonors: typeof excludeDonors === 'string' ? excludeDonors : [...excludeDonors],
    ...(options.sanctioned === undefined ? {} : { sanctioned: options.sanctioned }),
    intervals: `in-time placebo: leave-${block}-periods-out residuals; split-conformal bands; moving-block bootstrap paths`,
  };
  return defineBaseline(NAME, settings, (target, context) => {
    const offered = requireSeries(NAME, 'donors', context?.donors);
    const left = leftOut(target, offered, excludeDonors, common.fit?.[0], options);
    const donors = offered.filter((d) => !left.has(d.key.partner));
    if (donors.length === 0) {
      throw new InsufficientDataError(
        `${NAME} requires at least one clean donor; all ${offered.length} were left out (${describeLeftOut(left)}); ` +
          `pass other donors or excludeDonors: 'none'`,
      );
    }
    const aligned = donors.map((d) => alignTo(NAME, 'donors', target, d));
    const k = aligned.length;
    const data = prepareFit(NAME, target, common, { minObs: 3 });
    const { values, periods } = data;
    const n = periods.length;
    const pre: number[] = [];
    for (const i of data.obs) if (aligned.every((a) => !Number.isNaN(a[i]!))) pre.push(i);
    const m = pre.length;
    if (m < Math.max(6, 2 * block)) {
      throw new InsufficientDataError(
        `${NAME} requires at least ${Math.max(6, 2 * block)} fit-window periods where the target and every donor ` +
          `are observed, got ${m}`,
      );
    }
    const meanOver = (x: Float64Array): number => {
      let s = 0;
      for (const i of pre) s += x[i]!;
      return s / m;
    };
    const targetMean = meanOver(values);
    if (!(Math.abs(targetMean) > 0))
      throw new InsufficientDataError(`${NAME} requires a non-zero target mean`);
    const donorDiv = aligned.map((a) => (scale === 'index' ? meanOver(a) : targetMean));
    if (donorDiv.some((v) => !(Math.abs(v) > 0))) {
      throw new InsufficientDataError(`${NAME} requires every donor to have a non-zero fit-window mean`);
    }
    // Target and donors in units of the target's pre-mean (index scale: each donor in units of its own).
    // Rounded to 2⁻³⁰ of the pre-mean (≈1e-9, far below any trade figure's precision) so that the iterative solver
    // cannot hinge on last-bit noise: the target times k then gives exactly k times the counterfactual.
    const quantise = (x: number): number => Math.round(x * QUANTUM) / QUANTUM;
    const D = new Float64Array(n * k).fill(Number.NaN);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < k; j++) D[i * k + j] = quantise(aligned[j]![i]! / donorDiv[j]!);
    const Y = new Float64Array(n);
    for (let i = 0; i < n; i++) Y[i] = quantise(values[i]! / targetMean);
    const gram = (rows: readonly number[]): { g: Float64Array; c: Float64Array } => {
      const g = new Float64Array(k * k);
      const c = new Float64Array(k);
      for (const i of rows) {
        for (let a = 0; a < k; a++) {
          const da = D[i * k + a]!;
          c[a] = c[a]! + da * Y[i]!;
          for (let b = 0; b < k; b++) g[a * k + b] = g[a * k + b]! + da * D[i * k + b]!;
        }
      }
      return { g, c };
    };
    const full = gram(pre);
    const lipschitz = largestEigenvalue(full.g, k);
    const weights = simplexLeastSquares(full.g, full.c, k, lipschitz);
    const predict = (i: number, w: Float64Array): number => {
      let s = 0;
      for (let j = 0; j < k; j++) s += w[j]! * D[i * k + j]!;
      return s;
    };
    // In-time placebo: hold out consecutive blocks of the fit window, refit, predict them.
    const resid = new Float64Array(m);
    for (let b0 = 0; b0 < m; b0 += block) {
      const b1 = Math.min(m, b0 + block);
      const rest = pre.filter((_, idx) => idx < b0 || idx >= b1);
      const sub = gram(rest);
      const w = simplexLeastSquares(sub.g, sub.c, k, lipschitz, weights);
      for (let idx = b0; idx < b1; idx++) resid[idx] = Y[pre[idx]!]! - predict(pre[idx]!, w);
    }
    const warnings: string[] = [];
    const abs = Array.from(resid, Math.abs).sort((a, b) => a - b);
    const rank = Math.ceil((m + 1) * common.level);
    if (rank > m) {
      warnings.push(
        `only ${m} placebo residuals, too few for a conformal band at level ${common.level}; the band uses the largest`,
      );
    }
    const qc = abs[Math.min(rank, m) - 1]!;
    const expected = nanArray(n);
    const lower = nanArray(n);
    const upper = nanArray(n);
    for (let i = 0; i < n; i++) {
      let ok = true;
      for (let j = 0; j < k; j++) if (Number.isNaN(D[i * k + j]!)) ok = false;
      if (!ok) continue;
      const e = predict(i, weights) * targetMean;
      expected[i] = e;
      lower[i] = e - qc * Math.abs(targetMean);
      upper[i] = e + qc * Math.abs(targetMean);
    }
    const H = horizon(data);
    let paths: Float64Array | null = null;
    if (H > 0) {
      let missing = 0;
      for (let j = 0; j < H; j++) if (Number.isNaN(expected[data.end + 1 + j]!)) missing++;
      if (missing > 0) {
        warnings.push(`a donor is missing in ${missing} period(s) after the fit window, so no paths`);
      } else {
        warnings.push(UNCALIBRATED);
        paths = new Float64Array(common.draws * H);
        const rng = createRng(common.seed);
        const L = Math.min(block, m);
        for (let d = 0; d < common.draws; d++) {
          for (let j = 0; j < H; ) {
            const s = rng.int(m - L + 1);
            for (let r = 0; r < L && j < H; r++, j++) {
              paths[d * H + j] = expected[data.end + 1 + j]! + resid[s + r]! * targetMean;
            }
          }
        }
      }
    }
    const labels = labelsOf(donors);
    const weightRecord: Record<string, number> = {};
    labels.forEach((label, j) => {
      weightRecord[label] = weights[j]!;
    });
    let sse = 0;
    for (const i of pre) sse += (Y[i]! - predict(i, weights)) ** 2;
    // Donor quality: the pre-period fit against the target's own variation, and how concentrated the weights are.
    let ssTarget = 0;
    for (const i of pre) ssTarget += (Y[i]! - 1) ** 2;
    const targetSd = Math.sqrt(ssTarget / Math.max(1, m - 1));
    const rmspe = Math.sqrt(sse / m);
    const rmspeRatio = targetSd > 0 ? rmspe / targetSd : null;
    const placeboRatio = targetSd > 0 ? Math.sqrt(abs.reduce((s, r) => s + r * r, 0) / m) / targetSd : null;
    let sumSq = 0;
    let top = 0;
    for (let j = 0; j < k; j++) {
      sumSq += weights[j]! ** 2;
      if (weights[j]! > weights[top]!) top = j;
    }
    const effectiveDonors = sumSq > 0 ? 1 / sumSq : null;
    if (left.size > 0)
      warnings.push(`left out ${left.size} donor(s) that are not clean controls: ${describeLeftOut(left)}`);
    if (rmspeRatio !== null && rmspeRatio > POOR_FIT_RATIO) {
      warnings.push(
        `the donors fit the target's pre-period poorly: RMSPE is ${(100 * rmspeRatio).toFixed(0)}% of the target's own ` +
          `standard deviation in the fit window (R² ${(1 - rmspeRatio ** 2).toFixed(2)}); the synthetic control is not a credible counterfactual`,
      );
    }
    if (placeboRatio !== null && placeboRatio > POOR_FIT_RATIO) {
      warnings.push(
        `the reweighted donors predict held-out fit-window periods poorly: in-time placebo RMSPE is ` +
          `${(100 * placeboRatio).toFixed(0)}% of the target's own standard deviation`,
      );
    }
    if (k >= m) {
      warnings.push(
        `${k} donors for ${m} fit-window periods: the weights can fit noise (see the in-time placebo RMSPE)`,
      );
    }
    const small: string[] = [];
    let smallWeight = 0;
    for (let j = 0; j < k; j++) {
      if (weights[j]! > 0 && Math.abs(meanOver(aligned[j]!)) < SMALL_DONOR * Math.abs(targetMean)) {
        smallWeight += weights[j]!;
        if (weights[j]! >= 0.01) small.push(labelsOf(donors)[j]!);
      }
    }
    if (smallWeight >= SMALL_DONOR_WEIGHT) {
      warnings.push(
        `${(100 * smallWeight).toFixed(0)}% of the weight is on donors smaller than ${100 * SMALL_DONOR}% of the target ` +
          `(${small.join(', ')}): small destinations' trade is noisy and lumpy, an implausible counterfactual`,
      );
    }
    if (k > 1 && weights[top]! >= CONCENTRATED_WEIGHT) {
      warnings.push(
        `one donor, ${labelsOf(donors)[top]}, carries ${(100 * weights[top]!).toFixed(0)}% of the weight: the counterfactual is essentially that destination's path`,
      );
    }
    return buildCounterfactual(target, data, common, {
      expected,
      lower,
      upper,
      paths,
      draws: common.draws,
      warnings,
      settings: {
        ...settings,
        fit: data.requested,
        weights: weightRecord,
        model: {
          targetPreMean: targetMean,
          preRmse: Math.sqrt(sse / m) * Math.abs(targetMean),
          placeboRmse: Math.sqrt(abs.reduce((s, r) => s + r * r, 0) / m) * Math.abs(targetMean),
          conformalHalfWidth: qc * Math.abs(targetMean),
          placeboResiduals: m,
          rmspeRatio,
          placeboRmspeRatio: placeboRatio,
          maxWeight: weights[top]!,
          effectiveDonors,
          excludedDonors: Object.fromEntries(
            [...left].map(([c, es]) => [c, es.map((e) => `${e.reason}: ${e.detail}`)]),
          ),
        },
      },
    });
  });
}

function labelsOf(series: readonly Series[]): string[] {
  return seriesLabels(series.map((d) => d.key));
}

/** Donor partners left out, each with the reasons (`excludeDonors`). */
function leftOut(
  target: Series,
  donors: readonly Series[],
  exclude: 'auto' | 'none' | readonly string[],
  fitFrom: Period | undefined,
  options: SyntheticControlOptions,
): Map<string, ControlExclusion[]> {
  const out = new Map<string, ControlExclusion[]>();
  if (exclude === 'none') return out;
  const partners = new Set(donors.map((d) => d.key.partner));
  if (exclude !== 'auto') {
    for (const c of exclude)
      if (partners.has(c))
        out.set(c, [
          { country: c, reason: 'study', detail: 'left out by the user', source: 'excludeDonors' },
        ]);
    return out;
  }
  const first = fitFrom ?? target.periods[0];
  const last = target.periods.at(-1);
  const x = controlExclusions({
    exporter: target.key.reporter,
    treated: [target.key.partner],
    ...(options.sanctioned === undefined ? {} : { sanctioned: options.sanctioned }),
    ...(options.hubs === undefined ? {} : { hubs: options.hubs }),
    ...(first === undefined || last === undefined ? {} : { window: [first, last] as const }),
  });
  for (const e of x.entries) {
    if (!partners.has(e.country)) continue;
    out.set(e.country, [...(out.get(e.country) ?? []), e]);
  }
  return out;
}

function describeLeftOut(left: ReadonlyMap<string, readonly ControlExclusion[]>): string {
  return [...left].map(([c, es]) => `${c} (${es.map((e) => e.reason).join(', ')})`).join(', ');
}
