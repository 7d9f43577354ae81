import { InsufficientDataError, OptionsError } from '../errors.js';
import { createRng } from '../numeric/rng.js';
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
}

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
 * @param options - fit window, level, seed, draws, scale, block
 * @returns a {@link Baseline}
 * @throws {OptionsError} for an unknown option or invalid value; at fit time without `context.donors`
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
  checkKeys(NAME, options, [...COMMON_KEYS, 'scale', 'block']);
  const common = resolveCommon(NAME, options);
  const scale = checkEnum(NAME, 'scale', options.scale, ['index', 'level'], 'index');
  const block = options.block ?? 3;
  if (!Number.isInteger(block) || block < 1 || block > 24) {
    throw new OptionsError(`${NAME} requires block to be an integer from 1 to 24, got ${String(block)}`);
  }
  const settings = {
    ...commonSettings(common),
    scale,
    block,
    intervals: `in-time placebo: leave-${block}-periods-out residuals; split-conformal bands; moving-block bootstrap paths`,
  };
  return defineBaseline(NAME, settings, (target, context) => {
    const donors = requireSeries(NAME, 'donors', context?.donors);
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
    const labels = seriesLabels(donors.map((d) => d.key));
    const weightRecord: Record<string, number> = {};
    labels.forEach((label, j) => {
      weightRecord[label] = weights[j]!;
    });
    let sse = 0;
    for (const i of pre) sse += (Y[i]! - predict(i, weights)) ** 2;
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
        },
      },
    });
  });
}
