/**
 * `screen`: every series at once (every CN8 or HS6 product × destination) through a baseline, a GLS/AR(1) test of
 * the post-period excess, Benjamini–Hochberg FDR and guards against the classic false alarms, as a ranked table.
 *
 * @module
 */
import type { z } from 'zod';
import type { Baseline } from '../baselines/baseline.js';
import { InsufficientDataError, OptionsError, UnitMismatchError } from '../errors.js';
import { fdr } from '../inference/fdr.js';
import type { Currency } from '../model/currency.js';
import { fromMonthIndex, isPeriod, monthIndex, type Period } from '../model/period.js';
import type { Series } from '../model/series.js';
import type { SeriesSet } from '../panel/to-series-set.js';
import { lazySchema } from '../shared/zod.js';
import {
  createTTail,
  type Integrated,
  integrate,
  pooledRhoPrior,
  RHO_GRID,
} from './internal/screen-inference.js';
import { FLAG, type KernelInput, OUT } from './internal/screen-kernel.js';
import { allocate, runKernel, threadsFor } from './internal/screen-workers.js';

/**
 * Flags a screen row can carry:
 * - `small-base`: the pre-period mean is below `minBase` — not tested (a near-zero base turns noise into +1000%);
 * - `few-months`: too few positive fit-window months (or a calendar month missing) to fit the baseline — not tested;
 * - `short-post`: fewer than `minPostMonths` post-period months with a value — not tested;
 * - `zero-variance`: the log fit is exact (no residual variance), so the test is undefined — not tested;
 * - `near-unit-root`: tested, but the posterior probability of ρ ≥ 0.9 exceeds one half — persistence the
 *   calibration covers only up to ρ ≈ 0.95 (a random walk is outside it): read p with care;
 * - `outlier-in-fit`: tested, but a fit-window month lies more than 5 robust standard deviations (1.4826 × the
 *   residuals' MAD) from the fitted path — one month can tilt the trend and the prediction;
 * - `near-zero-base`: tested, but the baseline expects less than `minBase` a month after the treatment, or a quarter
 *   or more of the fit-window months are zero: read the percentage with care;
 * - `zeros-in-fit`, `gaps-in-fit`, `zeros-in-post`, `gaps-in-post`: zero or missing months (zeros in the fit window
 *   are left out of the log fit; zeros after it count in the sums but not in the log excess).
 *
 * @example
 * SCREEN_FLAGS.includes('small-base'); // => true
 */
export const SCREEN_FLAGS = [
  'small-base',
  'few-months',
  'short-post',
  'zero-variance',
  'near-unit-root',
  'outlier-in-fit',
  'near-zero-base',
  'zeros-in-fit',
  'gaps-in-fit',
  'zeros-in-post',
  'gaps-in-post',
] as const;

/**
 * One of {@link SCREEN_FLAGS}.
 *
 * @example
 * const f: ScreenFlag = 'near-zero-base';
 */
export type ScreenFlag = (typeof SCREEN_FLAGS)[number];

/**
 * zod schema of one {@link ScreenRow}.
 *
 * @example
 * ScreenRowSchema.shape.flags.parse(['small-base']); // => ['small-base']
 */
export const ScreenRowSchema = lazySchema((z) => {
  const nnum = z.number().nullable();
  return z.object({
    /** 1-based position in the ranked table: tested series first, smallest p first. */
    rank: z.number().int().positive(),
    /** The series' key in the input set (for a list: reporter|partner|product|flow). */
    id: z.string(),
    reporter: z.string(),
    partner: z.string(),
    flow: z.enum(['export', 'import']),
    product: z.string(),
    /** Whether the series passed the guards and entered the FDR. */
    tested: z.boolean(),
    /** Sum of the post-period values (months with a value), in the series' currency. */
    actual: nnum,
    /** Sum of the baseline's expected values over the same months. */
    expected: nnum,
    /** actual − expected. */
    excess: nnum,
    /** excess ÷ expected, a fraction (0.25 = +25%); null when expected is not positive. */
    excessPct: nnum,
    /**
     * The standardised excess: the t statistic of the mean post-period log excess over the GLS/AR(1) prediction,
     * averaged over the series' posterior of ρ (see `screen`). Positive for a rise.
     */
    z: nnum,
    /** p-value for the alternative: the t tail with `df` degrees of freedom, integrated over the posterior of ρ. */
    p: nnum,
    /** Benjamini–Hochberg (or –Yekutieli) adjusted p-value among the tested series; null when not tested. */
    q: nnum,
    /** q ≤ alpha; null when not tested. */
    significant: z.boolean().nullable(),
    /** Mean of the observed fit-window values (zeros included). */
    preMean: nnum,
    /** Positive months the baseline was fitted on. */
    fitMonths: z.number().int().nonnegative(),
    /** Residual degrees of freedom of the test's t reference (fit months − 13); null when not fitted. */
    df: nnum,
    /** Posterior mean of the AR(1) coefficient of the log residuals; null when not fitted. */
    rho: nnum,
    /** Post-period months with a value. */
    postMonths: z.number().int().nonnegative(),
    flags: z.array(z.enum(SCREEN_FLAGS)),
  });
});

/**
 * One row of the screen table. Money is in the currency of the input series.
 *
 * @example
 * const top: ScreenRow | undefined = (await screen({ series })).rows[0];
 * top?.excessPct; // e.g. 34.2 (= +3,420%)
 */
export type ScreenRow = z.infer<typeof ScreenRowSchema>;

/**
 * zod schema of a {@link ScreenResult}.
 *
 * @example
 * const { observations } = await loadDataset('eu-sanctioned-exports-monthly');
 * const series = toSeriesSet(observations.filter((o) => o.product.level === 8 && o.partner === 'KG'),
 *   { by: ['product'], flow: 'export' });
 * const result = ScreenResultSchema.parse(await screen({ series }));
 * result.method; // => 'screen'
 */
export const ScreenResultSchema = lazySchema((z) =>
  z.object({
    method: z.literal('screen'),
    /** The baseline: `seasonalTrend` (the screen's vectorised version) or the name of the baseline given. */
    baseline: z.string(),
    /** Settings with defaults resolved. */
    settings: z.object({
      fit: z.tuple([z.string(), z.string()]),
      from: z.string(),
      to: z.string(),
      point: z.enum(['mean', 'median']),
      alternative: z.enum(['greater', 'less', 'two-sided']),
      alpha: z.number(),
      fdrMethod: z.enum(['bh', 'by']),
      minBase: z.number(),
      minMonths: z.number(),
      minPostMonths: z.number(),
    }),
    /** Currency of the money columns. */
    currency: z.string(),
    /** Series screened, series tested, tested series with q ≤ alpha. */
    series: z.number().int().nonnegative(),
    tested: z.number().int().nonnegative(),
    significant: z.number().int().nonnegative(),
    /** The ranked table. */
    rows: z.array(ScreenRowSchema),
    warnings: z.array(z.string()),
  }),
);

/**
 * What {@link screen} returns.
 *
 * @example
 * const r: ScreenResult = await screen({ series });
 * r.rows.filter((row) => row.significant).map((row) => row.id);
 */
export type ScreenResult = z.infer<typeof ScreenResultSchema>;

/**
 * Options of {@link screen}.
 *
 * @example
 * const options: ScreenOptions = { series: set, fit: ['2019-01', '2022-01'], from: '2022-03', minBase: 50_000 };
 */
export interface ScreenOptions<C extends Currency = Currency> {
  /** The series: a set (e.g. from `toSeriesSet` or `aggregateComextBulk`) or a list; monthly, one currency. */
  readonly series: SeriesSet<C> | readonly Series<C>[];
  /**
   * The baseline. `'seasonalTrend'` (default) is the screen's vectorised version of `seasonalTrend` — OLS of the
   * log value on a trend and month dummies, solved for all series sharing a design with one QR; its expected
   * values equal `seasonalTrend({ noise: 'iid' }).fit(s).expected`. Any other {@link Baseline} is fitted series by series (slower;
   * the z then leaves out the parameter-uncertainty term).
   */
  readonly baseline?: 'seasonalTrend' | Baseline;
  /** Fit window `[from, to]`. Default: the first month of the data to `2022-01`. */
  readonly fit?: readonly [Period, Period];
  /** First post-period month. Default `2022-03` (the invasion month belongs to neither side). */
  readonly from?: Period;
  /** Last post-period month. Default: the last month of the data. */
  readonly to?: Period;
  /** Expected value of the log model: `'mean'` (default, lognormal mean, as `seasonalTrend`) or `'median'`. */
  readonly point?: 'mean' | 'median';
  /** `'greater'` (default: rises), `'less'` or `'two-sided'`. */
  readonly alternative?: 'greater' | 'less' | 'two-sided';
  /** False discovery rate (default 0.05). */
  readonly alpha?: number;
  /** `'bh'` (default, Benjamini–Hochberg) or `'by'` (Benjamini–Yekutieli, any dependence). */
  readonly fdrMethod?: 'bh' | 'by';
  /** Smallest pre-period mean a month, in the series' currency, for a series to be tested. Default 10,000. */
  readonly minBase?: number;
  /** Fewest positive fit-window months for a series to be fitted (at least 15). Default 24. */
  readonly minMonths?: number;
  /** Fewest post-period months with a value (default 3). */
  readonly minPostMonths?: number;
  /** Worker threads: `'auto'` (default: one per 20,000 series, up to the machine's cores) or a number (1 = none). */
  readonly threads?: number | 'auto';
}

/** Posterior probability of ρ ≥ 0.9 above which a row is flagged `near-unit-root`. */
const NEAR_UNIT_ROOT = 0.5;

/** Standardised fit residual beyond which a row is flagged `outlier-in-fit`. */
const OUTLIER_SD = 5;

/** Share of flagged tested series above which `screen` warns (see `screen`, Calibration). */
const WARN_SHARE = 0.1;

/**
 * Run-time warnings where the screen's diagnostics see a regime its calibration does not cover (see `screen`):
 * persistence near a unit root, and outliers in the fit window.
 */
function diagnose(tested: readonly boolean[], flagLists: readonly ScreenFlag[][]): string[] {
  const warnings: string[] = [];
  let m = 0;
  let root = 0;
  let outlier = 0;
  for (let i = 0; i < tested.length; i++) {
    if (!tested[i]) continue;
    m++;
    if (flagLists[i]!.includes('near-unit-root')) root++;
    if (flagLists[i]!.includes('outlier-in-fit')) outlier++;
  }
  if (m > 0 && root / m > WARN_SHARE) {
    warnings.push(
      `${root} of ${m} tested series look close to a unit root (flag near-unit-root: posterior probability of ρ ≥ 0.9 above one half); the screen's p-values hold up to ρ ≈ 0.95 and are too small for a random walk — a longer fit window helps`,
    );
  }
  if (m > 0 && outlier / m > WARN_SHARE) {
    warnings.push(
      `${outlier} of ${m} tested series have a fit-window month beyond ${OUTLIER_SD} robust standard deviations of their residuals (flag outlier-in-fit): such months tilt the fitted trend; a common shock in the fit window (a COVID-like dip) makes the test conservative, a level shift in it can make it anti-conservative — check the fit window`,
    );
  }
  return warnings;
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

interface Prepared {
  readonly ids: string[];
  readonly list: readonly Series[];
  readonly currency: string;
  readonly first: number;
  readonly T: number;
}

function prepare(fn: string, series: ScreenOptions['series']): Prepared {
  const isList = Array.isArray(series);
  const entries: [string, Series][] = isList
    ? (series as readonly Series[]).map((s) => [
        [s.key.reporter, s.key.partner, s.key.product, s.key.flow].join('|'),
        s,
      ])
    : Object.entries(series as SeriesSet);
  if (isList && new Set(entries.map(([id]) => id)).size !== entries.length) {
    throw new OptionsError(
      `${fn} requires distinct series keys (reporter|partner|product|flow); pass a set instead`,
    );
  }
  const currencies = new Set<string>();
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const [id, s] of entries) {
    if (s.frequency !== 'monthly')
      throw new OptionsError(`${fn} requires monthly series, got ${s.frequency} ${id}`);
    if (s.periods.length !== s.values.length) {
      throw new OptionsError(`${fn} requires one value per period (${id})`);
    }
    currencies.add(s.currency);
    if (s.periods.length === 0) continue;
    lo = Math.min(lo, monthIndex(s.periods[0]!));
    hi = Math.max(hi, monthIndex(s.periods.at(-1)!));
  }
  if (currencies.size > 1) {
    throw new UnitMismatchError(
      `${fn} requires series in one currency, got ${[...currencies].sort().join(' and ')}`,
    );
  }
  return {
    ids: entries.map(([id]) => id),
    list: entries.map(([, s]) => s),
    currency: [...currencies][0] ?? 'EUR',
    first: Number.isFinite(lo) ? lo : 0,
    T: Number.isFinite(lo) ? hi - lo + 1 : 0,
  };
}

/**
 * Run a non-vectorised baseline series by series: write the money fields of the kernel's output (pre-period mean,
 * months, actual and expected sums, flags) to `out`, and the ratio value ÷ expected on the common calendar to
 * `ratio` (NaN where either is missing), for the kernel to test.
 */
function genericStats(
  list: readonly Series[],
  baseline: Baseline,
  first: number,
  T: number,
  w: { fitFrom: number; fitTo: number; postFrom: number; postTo: number; minMonths: number },
  out: Float64Array,
  ratio: Float64Array,
): void {
  const S = OUT.size;
  ratio.fill(Number.NaN);
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    const o = i * S;
    out.fill(Number.NaN, o, o + S);
    let flags = 0;
    const start = s.periods.length === 0 ? 0 : monthIndex(s.periods[0]!) - first;
    const at = (t: number) => {
      const j = t - start;
      const v = j >= 0 && j < s.values.length ? s.values[j] : null;
      return v === null || v === undefined ? Number.NaN : v;
    };
    let sum = 0;
    let obs = 0;
    let n = 0;
    for (let t = w.fitFrom; t <= w.fitTo; t++) {
      const v = at(t);
      if (Number.isNaN(v)) {
        if (obs > 0) flags |= FLAG.gapsInFit;
        continue;
      }
      sum += v;
      obs++;
      if (v > 0) n++;
      else flags |= FLAG.zerosInFit;
    }
    out[o + OUT.preMean] = obs > 0 ? sum / obs : Number.NaN;
    out[o + OUT.fitN] = n;
    let postN = 0;
    let actual = 0;
    for (let t = w.postFrom; t <= w.postTo; t++) {
      const v = at(t);
      if (Number.isNaN(v)) {
        flags |= FLAG.gapsInPost;
        continue;
      }
      postN++;
      actual += v;
      if (v <= 0) flags |= FLAG.zerosInPost;
    }
    out[o + OUT.postN] = postN;
    out[o + OUT.actual] = actual;
    let cf: ReturnType<Baseline['fit']>;
    try {
      if (n < w.minMonths) throw new InsufficientDataError('few months');
      cf = baseline.fit(s);
    } catch (e) {
      if (!(e instanceof InsufficientDataError || e instanceof OptionsError)) throw e;
      out[o + OUT.flags] = flags | FLAG.fewMonths;
      continue;
    }
    const expectedAt = (t: number) => {
      const j = t - start;
      const v = j >= 0 && j < cf.expected.length ? cf.expected[j] : null;
      return v === null || v === undefined ? Number.NaN : v;
    };
    let expected = 0;
    for (let t = 0; t < T; t++) {
      const v = at(t);
      const e = expectedAt(t);
      if (t >= w.postFrom && t <= w.postTo && !Number.isNaN(v)) expected += e;
      if (v >= 0 && e > 0) ratio[i * T + t] = v / e;
    }
    out[o + OUT.expected] = expected;
    out[o + OUT.flags] = flags;
  }
}

function checkPeriod(fn: string, name: string, p: Period): number {
  if (!isPeriod(p) || p.length !== 7)
    throw new OptionsError(`${fn} requires ${name} as YYYY-MM, got ${JSON.stringify(p)}`);
  return monthIndex(p);
}

/**
 * Screen many series at once — every CN8 or HS6 product × destination — for a rise after a date that their own
 * baseline does not explain, and rank them, with a false-discovery-rate control and guards against false alarms.
 *
 * For each series: the baseline is fitted on the fit window (default the vectorised seasonal log-linear trend, the
 * `seasonalTrend` model); `actual` and `expected` are summed over the post-period months with a value and give the
 * excess in money and as a fraction. The test asks whether the **mean post-period log excess** r̄ (log actual −
 * log predicted, over the positive post months) is larger than AR(1) noise allows. For each node ρ of a grid
 * (−0.3 to 0.95, step 0.05) the log fit is refitted by GLS with AR(1) errors; its REML likelihood, the BLUP
 * prediction of the post months (which carries the last fit-window residuals forward by ρ^h) and the prediction
 * error variance of their mean — AR(1) noise plus the parameter uncertainty of the fitted path — give a t statistic
 * with n − 13 degrees of freedom. ρ is not plugged in: an empirical-Bayes prior on the grid is estimated from all
 * screened series at once (nonparametric maximum likelihood, by EM), each series' posterior of ρ is that prior times
 * its REML likelihood, and p is the t-tail integrated over that posterior; `z` is the posterior mean of the t
 * statistics. q comes from `fdr` over the tested series only.
 *
 * Calibration (SYNTHETIC seasonal log series with AR(1) errors and no post-period change, `npm run calibration`,
 * section screen): the share of p ≤ 0.05 is 4.4–5.0% across ρ ∈ {0, 0.5, 0.7, 0.8}; Benjamini–Hochberg at q = 0.05
 * reports at least one false discovery in at most 3% of screens, 6.5% when the series share a common factor (BH
 * assumes independence or positive dependence; use `method: 'by'` for arbitrary dependence). Before this test (a
 * robust z with a plug-in ρ and a normal reference) the same series gave 10–25% and hundreds of false discoveries.
 * Near a unit root (posterior ρ ≥ 0.9) the level is not guaranteed: such rows carry `near-unit-root` and a run-time
 * warning.
 *
 * Guards: a series is tested only with a pre-period mean of at least `minBase` a month (near-zero bases are the
 * classic false alarm), at least `minMonths` positive fit-window months covering every calendar month, at least
 * `minPostMonths` post months and a log fit with residual variance; the others are listed after the tested ones
 * with their flags (and z/p where defined, for information). Tested rows are ranked by p (smallest first), then by
 * z (most extreme for the alternative), ties by id — identical whatever the number of threads.
 *
 * Fast: values sit in one typed array, series sharing a fit-window design share one QR, and above 20,000 series
 * (`threads: 'auto'`) the series are split across worker threads. O(series × months).
 *
 * @param options - the series and the settings (see {@link ScreenOptions})
 * @returns the ranked table and its counts
 * @throws {OptionsError} for annual series, bad windows or settings, duplicate keys in a list
 * @throws {UnitMismatchError} if the series mix currencies
 * @example
 * const { observations } = await loadDataset('eu-sanctioned-exports-monthly');
 * const set = toSeriesSet(observations.filter((o) => o.product.level === 8),
 *   { by: ['product', 'partner'], flow: 'export' });
 * const result = await screen({ series: set });
 * result.rows.slice(0, 5).map((r) => [r.product, r.partner, r.excessPct, r.q]);
 */
export async function screen<C extends Currency>(options: ScreenOptions<C>): Promise<ScreenResult> {
  const fn = 'screen';
  if (typeof options !== 'object' || options === null || options.series === undefined) {
    throw new OptionsError(`${fn} requires options with series`);
  }
  const point = options.point ?? 'mean';
  const alternative = options.alternative ?? 'greater';
  const alpha = options.alpha ?? 0.05;
  const fdrMethod = options.fdrMethod ?? 'bh';
  const minBase = options.minBase ?? 10_000;
  const minMonths = options.minMonths ?? 24;
  const minPostMonths = options.minPostMonths ?? 3;
  if (point !== 'mean' && point !== 'median')
    throw new OptionsError(`${fn}: point must be 'mean' or 'median'`);
  if (!['greater', 'less', 'two-sided'].includes(alternative)) {
    throw new OptionsError(
      `${fn}: alternative must be 'greater', 'less' or 'two-sided', got ${String(alternative)}`,
    );
  }
  if (!(alpha > 0 && alpha < 1)) throw new OptionsError(`${fn} requires alpha in (0, 1), got ${alpha}`);
  if (fdrMethod !== 'bh' && fdrMethod !== 'by')
    throw new OptionsError(`${fn}: fdrMethod must be 'bh' or 'by'`);
  if (!(Number.isFinite(minBase) && minBase >= 0)) throw new OptionsError(`${fn} requires minBase ≥ 0`);
  if (!(Number.isInteger(minMonths) && minMonths >= 15)) {
    throw new OptionsError(
      `${fn} requires minMonths to be an integer of at least 15 (13 parameters + 2), got ${minMonths}`,
    );
  }
  if (!(Number.isInteger(minPostMonths) && minPostMonths >= 1)) {
    throw new OptionsError(`${fn} requires minPostMonths to be a positive integer, got ${minPostMonths}`);
  }
  const threadsOption = options.threads ?? 'auto';
  if (threadsOption !== 'auto' && !(Number.isInteger(threadsOption) && threadsOption >= 1)) {
    throw new OptionsError(
      `${fn} requires threads 'auto' or a positive integer, got ${String(threadsOption)}`,
    );
  }
  const baseline = options.baseline ?? 'seasonalTrend';
  if (baseline !== 'seasonalTrend' && (typeof baseline !== 'object' || typeof baseline.fit !== 'function')) {
    throw new OptionsError(`${fn} requires baseline 'seasonalTrend' or a Baseline`);
  }

  const prep = prepare(fn, options.series);
  const N = prep.list.length;
  const last = prep.first + prep.T - 1;
  const fitFromP = options.fit?.[0] ?? (N > 0 && prep.T > 0 ? fromMonthIndex(prep.first) : '2019-01');
  const fitToP = options.fit?.[1] ?? '2022-01';
  const fromP = options.from ?? '2022-03';
  const toP = options.to ?? (N > 0 && prep.T > 0 ? fromMonthIndex(last) : fromP);
  const fitFrom = checkPeriod(fn, 'fit[0]', fitFromP);
  const fitTo = checkPeriod(fn, 'fit[1]', fitToP);
  const from = checkPeriod(fn, 'from', fromP);
  const to = checkPeriod(fn, 'to', toP);
  if (fitFrom > fitTo || fitTo >= from || from > to) {
    throw new OptionsError(
      `${fn} requires fit[0] ≤ fit[1] < from ≤ to, got ${fitFromP}..${fitToP} and ${fromP}..${toP}`,
    );
  }
  const settings = {
    fit: [fitFromP, fitToP] as [string, string],
    from: fromP,
    to: toP,
    point,
    alternative,
    alpha,
    fdrMethod,
    minBase,
    minMonths,
    minPostMonths,
  };
  const warnings: string[] = [];
  if (N > 0 && (to < prep.first || from > last)) {
    warnings.push(`the post period ${fromP}..${toP} lies outside the data (${fromP} onwards has no months)`);
  }

  // Calendar-relative windows (clipped; empty windows give no months).
  const lo = (x: number) => Math.max(0, x - prep.first);
  const hi = (x: number) => Math.min(prep.T - 1, x - prep.first);
  const w = { fitFrom: lo(fitFrom), fitTo: hi(fitTo), postFrom: lo(from), postTo: hi(to), minMonths };
  const threads = baseline === 'seasonalTrend' ? threadsFor(N, threadsOption) : 1;
  const G = RHO_GRID.length;
  const out = allocate(N * OUT.size, threads > 1);
  const stats = allocate(N * 2 * G, threads > 1);
  const kernelInput = (Y: Float64Array, into: Float64Array): Omit<KernelInput, 'begin' | 'end'> => ({
    Y,
    T: prep.T,
    month0: ((prep.first % 12) + 12) % 12,
    ...w,
    point: point === 'mean' ? 0 : 1,
    rhos: RHO_GRID,
    out: into,
    stats,
  });
  if (baseline === 'seasonalTrend') {
    const Y = allocate(N * prep.T, threads > 1);
    Y.fill(Number.NaN);
    for (let i = 0; i < N; i++) {
      const s = prep.list[i]!;
      if (s.periods.length === 0) continue;
      const off = i * prep.T + monthIndex(s.periods[0]!) - prep.first;
      const vs = s.values;
      for (let j = 0; j < vs.length; j++) {
        const v = vs[j];
        if (v !== null && v !== undefined) {
          if (!Number.isFinite(v))
            throw new OptionsError(`${fn} requires finite values or null (${prep.ids[i]})`);
          Y[off + j] = v;
        }
      }
    }
    if (N > 0 && prep.T > 0) await runKernel(kernelInput(Y, out), N, threads);
  } else {
    // The test runs the kernel on value ÷ expected: a seasonal trend refitted to the baseline's log residuals
    // (zero for `seasonalTrend` itself) carries the AR(1) model and a parameter term; the money comes from the
    // baseline.
    const ratio = new Float64Array(N * prep.T);
    genericStats(prep.list, baseline, prep.first, prep.T, w, out, ratio);
    const test = new Float64Array(N * OUT.size);
    if (N > 0 && prep.T > 0) await runKernel(kernelInput(ratio, test), N, 1);
    for (let i = 0; i < N; i++) {
      const o = i * OUT.size;
      for (const f of [OUT.k, OUT.rbar, OUT.df, OUT.s2] as const) out[o + f] = test[o + f]!;
      const own = out[o + OUT.flags]!;
      const keep = FLAG.fewMonths | FLAG.rankDeficient | FLAG.zeroVariance;
      out[o + OUT.flags] = Number.isNaN(own) ? FLAG.fewMonths : own | (test[o + OUT.flags]! & keep);
    }
  }

  // Guards.
  const S = OUT.size;
  const tested: boolean[] = new Array(N);
  const flagLists: ScreenFlag[][] = new Array(N);
  const fitMonthsAll = w.fitTo - w.fitFrom + 1;
  const candidates: number[] = [];
  for (let i = 0; i < N; i++) {
    const o = i * S;
    const bits = out[o + OUT.flags]!;
    const flags: ScreenFlag[] = [];
    const preMean = finite(out[o + OUT.preMean]!);
    const fitted = (bits & FLAG.fewMonths) === 0;
    if (preMean === null || preMean < minBase) flags.push('small-base');
    if ((bits & FLAG.fewMonths) !== 0) flags.push('few-months');
    if (out[o + OUT.postN]! < minPostMonths) flags.push('short-post');
    if (fitted && (bits & FLAG.zeroVariance) !== 0) flags.push('zero-variance');
    let hasStats = false;
    for (let g = 0; g < G && fitted; g++) if (Number.isFinite(stats[i * 2 * G + G + g]!)) hasStats = true;
    const ok =
      hasStats &&
      !flags.includes('small-base') &&
      !flags.includes('short-post') &&
      !flags.includes('zero-variance');
    if (ok) {
      const expected = out[o + OUT.expected]!;
      const postN = out[o + OUT.postN]!;
      const fitN = out[o + OUT.fitN]!;
      if (expected / postN < minBase || fitMonthsAll - fitN >= fitMonthsAll / 4) flags.push('near-zero-base');
      candidates.push(i);
    }
    if ((bits & FLAG.zerosInFit) !== 0) flags.push('zeros-in-fit');
    if ((bits & FLAG.gapsInFit) !== 0) flags.push('gaps-in-fit');
    if ((bits & FLAG.zerosInPost) !== 0) flags.push('zeros-in-post');
    if ((bits & FLAG.gapsInPost) !== 0) flags.push('gaps-in-post');
    flagLists[i] = flags;
    tested[i] = ok;
  }

  // The pooled prior of ρ, each series' posterior, and its p-value integrated over it.
  const prior = pooledRhoPrior(stats, G, candidates, prep.ids);
  const tail = createTTail();
  const scratch = new Float64Array(G);
  const res: (Integrated | null)[] = new Array(N);
  for (let i = 0; i < N; i++) {
    const df = out[i * S + OUT.df]!;
    res[i] =
      (out[i * S + OUT.flags]! & (FLAG.fewMonths | FLAG.zeroVariance)) === 0 && df > 0
        ? integrate(stats, i, G, prior, df, alternative, tail, scratch)
        : null;
    const r = res[i] ?? null;
    if (r === null) tested[i] = false;
    else if (tested[i]) {
      const f = flagLists[i]!;
      const at = f.findIndex((x) => x.startsWith('zeros-') || x.startsWith('gaps-'));
      const add: ScreenFlag[] = [];
      if (r.high > NEAR_UNIT_ROOT) add.push('near-unit-root');
      if (out[i * S + OUT.maxRes]! > OUTLIER_SD) add.push('outlier-in-fit');
      f.splice(at < 0 ? f.length : at, 0, ...add);
    }
  }
  const ps = res.map((r) => (r === null ? null : finite(r.p)));
  const zs = res.map((r) => (r === null ? null : finite(r.t)));
  const adjusted = fdr(
    ps.map((p, i) => (tested[i] ? p : null)),
    { method: fdrMethod, alpha },
  );
  warnings.push(...diagnose(tested, flagLists));

  const score = (i: number): number => {
    const zv = zs[i] ?? 0;
    return alternative === 'greater' ? zv : alternative === 'less' ? -zv : Math.abs(zv);
  };
  const order = Array.from({ length: N }, (_, i) => i);
  const byId = (a: number, b: number) =>
    prep.ids[a]! < prep.ids[b]! ? -1 : prep.ids[a]! > prep.ids[b]! ? 1 : 0;
  order.sort((a, b) => {
    if (tested[a] !== tested[b]) return tested[a] ? -1 : 1;
    if (tested[a]) return ps[a]! - ps[b]! || score(b) - score(a) || byId(a, b);
    return byId(a, b);
  });
  const rows: ScreenRow[] = new Array(N);
  let significant = 0;
  for (let r = 0; r < N; r++) {
    const i = order[r]!;
    const o = i * S;
    const s = prep.list[i]!;
    const fittedExpected =
      (out[o + OUT.flags]! & FLAG.fewMonths) === 0 && Number.isFinite(out[o + OUT.expected]!);
    const postN = out[o + OUT.postN]!;
    const actual = postN > 0 ? finite(out[o + OUT.actual]!) : null;
    const expected = fittedExpected && postN > 0 ? finite(out[o + OUT.expected]!) : null;
    const excess = actual !== null && expected !== null ? finite(actual - expected) : null;
    const q = adjusted.adjusted[i] ?? null;
    const sig = tested[i] ? q !== null && q <= alpha : null;
    if (sig === true) significant++;
    rows[r] = {
      rank: r + 1,
      id: prep.ids[i]!,
      reporter: s.key.reporter,
      partner: s.key.partner,
      flow: s.key.flow,
      product: s.key.product,
      tested: tested[i]!,
      actual,
      expected,
      excess,
      excessPct: excess !== null && expected !== null && expected > 0 ? finite(excess / expected) : null,
      z: zs[i] ?? null,
      p: ps[i] ?? null,
      q,
      significant: sig,
      preMean: finite(out[o + OUT.preMean]!),
      fitMonths: out[o + OUT.fitN]!,
      df: res[i] === null ? null : out[o + OUT.df]!,
      rho: res[i] === null ? null : finite(res[i]!.rho),
      postMonths: postN,
      flags: flagLists[i]!,
    };
  }
  return {
    method: 'screen',
    baseline: baseline === 'seasonalTrend' ? 'seasonalTrend' : baseline.name,
    settings,
    currency: prep.currency,
    series: N,
    tested: adjusted.m,
    significant,
    rows,
    warnings,
  };
}
