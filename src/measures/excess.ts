import type { z } from 'zod';
import { OptionsError, UnitMismatchError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import { frequencyOf, type Period } from '../model/period.js';
import type { Counterfactual } from '../model/result.js';
import type { Series, SeriesKey } from '../model/series.js';
import { lazySchema } from '../shared/zod.js';
import { assertLevel, listPeriods, overflowGuard, quantileSorted, sortedCopy, sum } from './numeric.js';
import { CurrencySchema, IntervalSchema, PeriodSchema, SeriesKeySchema, WarningsSchema } from './schemas.js';

/** Options of {@link excess}. */
export interface ExcessOptions {
  /**
   * First period of the window (default: the first simulated period of the counterfactual, `cf.pathPeriods[0]`,
   * normally `2022-03`; if the counterfactual has no paths, the period after its fit window, with a warning).
   */
  readonly from?: Period;
  /** Last period of the window (default: the last period in which the actual series has a value). */
  readonly to?: Period;
  /** Coverage of the cumulative interval (default: the counterfactual's own `level`, normally 0.95). */
  readonly level?: number;
  /**
   * A base is "near zero" when it is positive but smaller than this fraction of the actual value (default 0.01,
   * i.e. the actual is more than 100 times the expected): the relative excess is still reported but flagged.
   */
  readonly nearZeroBase?: number;
}

/**
 * zod schema of one row of `ExcessResult.byPeriod`.
 *
 * @example
 * const key = { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' } as const;
 * const kg = makeSeries({ key, currency: 'EUR', start: '2022-01', values: [10, 10, 15, 16] });
 * const cf = { method: 'flat', settings: {}, target: key, currency: 'EUR', frequency: 'monthly',
 *   fitWindow: { from: '2022-01', to: '2022-01' }, periods: kg.periods, expected: [10, 10, 10, 10],
 *   lower: [8, 8, 8, 8], upper: [12, 12, 12, 12], level: 0.95, pathPeriods: ['2022-03', '2022-04'],
 *   paths: [[9, 9], [10, 10], [11, 11]], seed: 1, fit: { n: 1, rmse: null, mape: null }, warnings: [] } as const;
 * ExcessPeriodSchema.parse(excess(kg, cf).byPeriod[0]).period; // => '2022-03'
 */
export const ExcessPeriodSchema = lazySchema((z) =>
  z.object({
    /** The period. */
    period: PeriodSchema,
    /** Actual value (series currency); `null` if not published. */
    actual: z.number().nullable(),
    /** Expected value from the counterfactual; `null` where it gives none. */
    expected: z.number().nullable(),
    /** `actual − expected`; `null` if either is missing. */
    excess: z.number().nullable(),
    /** `excess / expected` as a fraction (0.25 = +25%); `null` when the expected value is not positive. */
    pct: z.number().nullable(),
    /** Lower bound of the counterfactual's per-period prediction band for the expected value (at `periodLevel`). */
    lower: z.number().nullable(),
    /** Upper bound of that band. */
    upper: z.number().nullable(),
    /** `actual − upper`: the smallest excess consistent with the band. */
    excessLower: z.number().nullable(),
    /** `actual − lower`: the largest excess consistent with the band. */
    excessUpper: z.number().nullable(),
  }),
);

/**
 * zod schema of {@link ExcessResult}.
 *
 * @example
 * const key = { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' } as const;
 * const kg = makeSeries({ key, currency: 'EUR', start: '2022-01', values: [10, 10, 15, 16] });
 * const cf = { method: 'flat', settings: {}, target: key, currency: 'EUR', frequency: 'monthly',
 *   fitWindow: { from: '2022-01', to: '2022-01' }, periods: kg.periods, expected: [10, 10, 10, 10],
 *   lower: [8, 8, 8, 8], upper: [12, 12, 12, 12], level: 0.95, pathPeriods: ['2022-03', '2022-04'],
 *   paths: [[9, 9], [10, 10], [11, 11]], seed: 1, fit: { n: 1, rmse: null, mape: null }, warnings: [] } as const;
 * ExcessResultSchema.safeParse(excess(kg, cf)).success; // => true
 */
export const ExcessResultSchema = lazySchema((z) =>
  z.object({
    method: z.literal('excess'),
    settings: z.object({
      from: PeriodSchema,
      to: PeriodSchema,
      level: z.number(),
      nearZeroBase: z.number(),
      baseline: z.string(),
      baselineSettings: z.record(z.string(), z.unknown()),
      seed: z.number(),
      draws: z.number().int(),
      quantiles: z.literal('type 7 (linear interpolation between order statistics)'),
    }),
    key: SeriesKeySchema,
    currency: CurrencySchema,
    byPeriod: z.array(ExcessPeriodSchema),
    total: z.object({
      /** Sum of actual values over the included periods. */
      actual: z.number().nullable(),
      /** Sum of expected values over the same periods. */
      expected: z.number().nullable(),
      /** `actual − expected`. */
      excess: z.number().nullable(),
      /** `excess / expected` as a fraction; `null` if the expected sum is not positive. */
      pct: z.number().nullable(),
      /** Interval for the cumulative excess, from quantiles of `actual_sum − path_sum` over the simulated paths. */
      interval: IntervalSchema,
      /** Interval for the relative cumulative excess, from quantiles of `actual_sum / path_sum − 1`. */
      pctInterval: IntervalSchema,
      /** Two-sided Monte Carlo p-value of "no excess": `min(1, 2 min(P(path ≥ actual), P(path ≤ actual)))`. */
      pValue: z.number().nullable(),
      /** One-sided Monte Carlo p-value of "no positive excess": `(1 + #{path_sum ≥ actual_sum}) / (draws + 1)`. */
      pValueUpper: z.number().nullable(),
      /** Periods summed. */
      periods: z.array(PeriodSchema),
      /** Periods of the window left out of both sums (no actual or no expected value). */
      excluded: z.array(PeriodSchema),
    }),
    diagnostics: z.object({
      /** Coverage of the per-period bands (`lower`/`upper`), which come from the counterfactual as fitted. */
      periodLevel: z.number(),
      /** The counterfactual's fit window. */
      fitWindow: z.object({ from: PeriodSchema, to: PeriodSchema }),
      /** In-sample fit of the counterfactual. */
      fit: z.object({ n: z.number(), rmse: z.number().nullable(), mape: z.number().nullable() }),
      /** Mean of the simulated cumulative counterfactual (compare with `total.expected`). */
      pathSumMean: z.number().nullable(),
    }),
    warnings: WarningsSchema,
  }),
);

/**
 * Result of {@link excess}: a plain, JSON-serialisable record. Values in the series' currency, relative values
 * as fractions.
 */
export type ExcessResult = z.infer<typeof ExcessResultSchema>;
/** One row of `ExcessResult.byPeriod`. */
export type ExcessPeriod = z.infer<typeof ExcessPeriodSchema>;

function sameKey(a: SeriesKey, b: SeriesKey): boolean {
  return a.reporter === b.reporter && a.partner === b.partner && a.flow === b.flow && a.product === b.product;
}

function keyLabel(k: SeriesKey): string {
  return `${k.reporter}→${k.partner} ${k.flow} ${k.product}`;
}

/**
 * Check that a counterfactual belongs to a series (same key, currency and frequency).
 *
 * @throws {OptionsError} if the keys differ
 * @throws {UnitMismatchError} if the currencies or frequencies differ
 * @internal
 */
export function assertCounterfactualFor(
  fn: string,
  actual: Series<Currency>,
  cf: Counterfactual<Currency>,
): void {
  if (actual.currency !== cf.currency) {
    throw new UnitMismatchError(
      `${fn} requires a counterfactual in the series' currency, got ${cf.currency} for a ${actual.currency} series`,
    );
  }
  if (actual.frequency !== cf.frequency) {
    throw new UnitMismatchError(
      `${fn} requires a counterfactual of the series' frequency, got ${cf.frequency} for a ${actual.frequency} series`,
    );
  }
  if (!sameKey(actual.key, cf.target)) {
    throw new OptionsError(
      `${fn} requires a counterfactual fitted to the same series, got ${keyLabel(cf.target)} for ${keyLabel(actual.key)}`,
    );
  }
}

/**
 * Resolve and check an analysis window inside a series.
 *
 * @internal
 */
export function resolveWindow(
  fn: string,
  series: Series<Currency>,
  from: Period,
  to: Period | undefined,
  warnings: string[],
): { from: Period; to: Period; start: number; end: number } {
  const periods = series.periods;
  if (periods.length === 0) throw new OptionsError(`${fn} requires a series with at least one period`);
  const first = periods[0]!;
  const last = periods[periods.length - 1]!;
  const check = (p: Period, name: string) => {
    if (frequencyOf(p) !== series.frequency) {
      throw new UnitMismatchError(
        `${fn} requires ${name} of the series' frequency (${series.frequency}), got ${p}`,
      );
    }
    if (p < first || p > last) {
      throw new OptionsError(`${fn} requires ${name} within the series (${first} to ${last}), got ${p}`);
    }
  };
  check(from, 'from');
  let end: number;
  if (to === undefined) {
    end = -1;
    for (let i = periods.length - 1; i >= 0; i--) {
      if (series.values[i] !== null && periods[i]! >= from) {
        end = i;
        break;
      }
    }
    if (end < 0) {
      end = periods.length - 1;
      warnings.push(`no actual value on or after ${from}: the window runs to the end of the series`);
    }
  } else {
    check(to, 'to');
    if (to < from) throw new OptionsError(`${fn} requires from <= to, got ${from} and ${to}`);
    end = periods.indexOf(to);
  }
  const start = periods.indexOf(from);
  return { from, to: periods[end]!, start, end };
}

/**
 * Excess of a series over its counterfactual: per period and cumulated over a window, with an honest interval.
 *
 * For every period of the window it reports the actual, the expected value, the excess (`actual − expected`, in
 * the series' currency) and the relative excess as a fraction (`0.25` = +25%). The cumulative interval comes
 * from the counterfactual's simulated `paths`: for each draw `d`, `actual_sum − path_sum[d]` over the included
 * periods; the interval is its `(1 − level)/2` and `(1 + level)/2` quantiles (type 7). Per-period bands are never
 * added up (that ignores how errors co-move and is far too wide for independent errors, too narrow for
 * persistent ones). If `paths` is empty, or the window starts before the simulated periods, the interval is
 * `null` with a warning.
 *
 * Missing values: a period whose actual is `null` (or whose expected value is `null`) is left out of the actual
 * sum, the expected sum and every path sum alike, and named in a warning. An undefined quantity (relative excess
 * from a zero or negative base, an interval without paths) is `null` with a warning; the result never holds NaN
 * or Infinity. Runs in `O(draws × periods)`.
 *
 * @param actual - the observed series
 * @param cf - a counterfactual fitted to that series (same key, currency and frequency)
 * @param options - window, coverage and near-zero threshold; see {@link ExcessOptions}
 * @returns an {@link ExcessResult}
 * @throws {UnitMismatchError} if the counterfactual is in another currency or frequency, or a window end is of
 *   another frequency
 * @throws {OptionsError} if the counterfactual belongs to another series, the window lies outside the series,
 *   `level` is not in (0, 1), or the counterfactual's paths are malformed
 * @example
 * const key = { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' } as const;
 * const kg = makeSeries({ key, currency: 'EUR', start: '2022-01', values: [10, 10, 15, 16] });
 * const cf = { method: 'flat', settings: {}, target: key, currency: 'EUR', frequency: 'monthly',
 *   fitWindow: { from: '2022-01', to: '2022-01' }, periods: kg.periods, expected: [10, 10, 10, 10],
 *   lower: [8, 8, 8, 8], upper: [12, 12, 12, 12], level: 0.95, pathPeriods: ['2022-03', '2022-04'],
 *   paths: [[9, 9], [10, 10], [11, 11]], seed: 1, fit: { n: 1, rmse: null, mape: null }, warnings: [] } as const;
 * const ex = excess(kg, cf);
 * ex.total.excess; // => 11
 * ex.total.pct; // => 0.55
 */
export function excess<C extends Currency>(
  actual: Series<C>,
  cf: Counterfactual<NoInfer<C>>,
  options: ExcessOptions = {},
): ExcessResult {
  const fn = 'excess';
  assertCounterfactualFor(fn, actual, cf);
  const level = options.level ?? cf.level;
  assertLevel(level, fn);
  const nearZeroBase = options.nearZeroBase ?? 0.01;
  if (!(nearZeroBase >= 0 && Number.isFinite(nearZeroBase))) {
    throw new OptionsError(`excess requires nearZeroBase >= 0, got ${nearZeroBase}`);
  }
  validatePaths(cf);

  const warnings: string[] = [];
  const fin = overflowGuard(warnings);
  // Records the overflow warning once when a whole computation (paths, ratios) left the range of a double.
  const flagOverflow = (): void => {
    fin(Number.POSITIVE_INFINITY);
  };

  let from = options.from;
  if (from === undefined) {
    from = cf.pathPeriods[0];
    if (from === undefined) {
      const after = actual.periods.find((p) => p > cf.fitWindow.to);
      if (after === undefined) {
        throw new OptionsError('excess requires a period after the fit window, or an explicit from');
      }
      from = after;
      warnings.push(
        `the counterfactual has no simulated paths: from defaults to ${from}, the first period after its fit window`,
      );
    }
  }
  const win = resolveWindow(fn, actual, from, options.to, warnings);

  const cfIndex = new Map<Period, number>();
  cf.periods.forEach((p, i) => {
    cfIndex.set(p, i);
  });
  const pathIndex = new Map<Period, number>();
  cf.pathPeriods.forEach((p, i) => {
    pathIndex.set(p, i);
  });

  const byPeriod: ExcessPeriod[] = [];
  const included: Period[] = [];
  const includedIdx: number[] = [];
  const excluded: Period[] = [];
  const noActual: Period[] = [];
  const noExpected: Period[] = [];
  const nearZero: Period[] = [];
  const nonPositive: Period[] = [];
  const actualVals: number[] = [];
  const expectedVals: number[] = [];

  for (let i = win.start; i <= win.end; i++) {
    const period = actual.periods[i]!;
    const a = actual.values[i] ?? null;
    const j = cfIndex.get(period);
    const e = j === undefined ? null : (cf.expected[j] ?? null);
    const lo = j === undefined ? null : (cf.lower[j] ?? null);
    const hi = j === undefined ? null : (cf.upper[j] ?? null);
    const ex = a !== null && e !== null ? fin(a - e) : null;
    let pct: number | null = null;
    if (ex !== null && e !== null) {
      if (e > 0) {
        pct = fin(ex / e);
        if (a !== null && e < nearZeroBase * Math.abs(a)) nearZero.push(period);
      } else {
        nonPositive.push(period);
      }
    }
    byPeriod.push({
      period,
      actual: a,
      expected: e,
      excess: ex,
      pct,
      lower: lo,
      upper: hi,
      excessLower: a !== null && hi !== null ? fin(a - hi) : null,
      excessUpper: a !== null && lo !== null ? fin(a - lo) : null,
    });
    if (a === null) noActual.push(period);
    else if (e === null) noExpected.push(period);
    if (a !== null && e !== null) {
      included.push(period);
      includedIdx.push(i);
      actualVals.push(a);
      expectedVals.push(e);
    } else {
      excluded.push(period);
    }
  }

  if (noActual.length > 0) {
    warnings.push(
      `gaps in the post window: no actual value in ${listPeriods(noActual)}; left out of the actual, expected and simulated sums`,
    );
  }
  if (noExpected.length > 0) {
    warnings.push(
      `the counterfactual gives no expected value in ${listPeriods(noExpected)}; left out of every sum`,
    );
  }
  if (nonPositive.length > 0) {
    warnings.push(
      `zero or negative expected value in ${listPeriods(nonPositive)}: relative excess is null there`,
    );
  }
  if (nearZero.length > 0) {
    warnings.push(
      `near-zero base in ${listPeriods(nearZero)}: the expected value is below ${nearZeroBase} of the actual, so the relative excess is unstable`,
    );
  }

  const draws = cf.paths.length;
  let total: ExcessResult['total'];
  let pathSumMean: number | null = null;
  const nullInterval = { lower: null, upper: null, level };

  if (included.length === 0) {
    warnings.push('no period in the window has both an actual and an expected value: totals are null');
    total = {
      actual: null,
      expected: null,
      excess: null,
      pct: null,
      interval: nullInterval,
      pctInterval: nullInterval,
      pValue: null,
      pValueUpper: null,
      periods: [],
      excluded,
    };
  } else {
    const sa = fin(sum(actualVals));
    const se = fin(sum(expectedVals));
    const sx = sa !== null && se !== null ? fin(sa - se) : null;
    let pct: number | null = null;
    if (sx !== null && se !== null) {
      if (se > 0) {
        pct = fin(sx / se);
        if (sa !== null && se < nearZeroBase * Math.abs(sa)) {
          warnings.push('near-zero base: the expected total is tiny next to the actual total');
        }
      } else {
        warnings.push('the expected total is zero or negative: the relative excess is null');
      }
    }

    let interval: ExcessResult['total']['interval'] = nullInterval;
    let pctInterval: ExcessResult['total']['pctInterval'] = nullInterval;
    let pValue: number | null = null;
    let pValueUpper: number | null = null;

    const cols = included.map((p) => pathIndex.get(p));
    if (draws === 0) {
      warnings.push(
        'the counterfactual has no simulated paths: the cumulative interval and p-value are null',
      );
    } else if (cols.some((c) => c === undefined)) {
      const outside = included.filter((_, k) => cols[k] === undefined);
      warnings.push(
        `no simulated paths for ${listPeriods(outside)} (paths start ${cf.pathPeriods[0]}): the cumulative interval and p-value are null`,
      );
    } else if (sa !== null) {
      const pathSums: number[] = new Array(draws);
      for (let d = 0; d < draws; d++) {
        const path = cf.paths[d]!;
        const xs: number[] = new Array(cols.length);
        for (let k = 0; k < cols.length; k++) xs[k] = path[cols[k]!]!;
        pathSums[d] = sum(xs);
      }
      if (pathSums.every(Number.isFinite)) {
        pathSumMean = fin(sum(pathSums) / draws);
        const diffs = sortedCopy(pathSums.map((p) => sa - p));
        if (diffs.every(Number.isFinite)) {
          const alpha = (1 - level) / 2;
          interval = {
            lower: fin(quantileSorted(diffs, alpha)),
            upper: fin(quantileSorted(diffs, 1 - alpha)),
            level,
          };
          let ge = 0;
          let le = 0;
          for (const p of pathSums) {
            if (p >= sa) ge++;
            if (p <= sa) le++;
          }
          pValueUpper = (1 + ge) / (draws + 1);
          pValue = Math.min(1, (2 * (1 + Math.min(ge, le))) / (draws + 1));
          if (pathSums.every((p) => p > 0)) {
            const ratios = sortedCopy(pathSums.map((p) => sa / p - 1));
            if (ratios.every(Number.isFinite)) {
              pctInterval = {
                lower: fin(quantileSorted(ratios, alpha)),
                upper: fin(quantileSorted(ratios, 1 - alpha)),
                level,
              };
            } else {
              flagOverflow();
            }
          } else {
            warnings.push('some simulated paths sum to zero or less: the relative interval is null');
          }
        } else {
          flagOverflow();
        }
      } else {
        flagOverflow();
      }
    }
    total = {
      actual: sa,
      expected: se,
      excess: sx,
      pct,
      interval,
      pctInterval,
      pValue,
      pValueUpper,
      periods: included,
      excluded,
    };
  }

  return {
    method: 'excess',
    settings: {
      from: win.from,
      to: win.to,
      level,
      nearZeroBase,
      baseline: cf.method,
      baselineSettings: { ...cf.settings },
      seed: cf.seed,
      draws,
      quantiles: 'type 7 (linear interpolation between order statistics)',
    },
    key: { ...actual.key },
    currency: actual.currency,
    byPeriod,
    total,
    diagnostics: {
      periodLevel: cf.level,
      fitWindow: { from: cf.fitWindow.from, to: cf.fitWindow.to },
      fit: { n: cf.fit.n, rmse: cf.fit.rmse, mape: cf.fit.mape },
      pathSumMean,
    },
    warnings: [...warnings, ...cf.warnings.map((w) => `baseline: ${w}`)],
  };
}

function validatePaths(cf: Counterfactual<Currency>): void {
  const m = cf.pathPeriods.length;
  cf.paths.forEach((path, d) => {
    if (path.length !== m) {
      throw new OptionsError(
        `excess requires every path to have one value per path period (${m}), got ${path.length} in draw ${d}`,
      );
    }
    for (const v of path) {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new OptionsError(`excess requires finite path values, got ${String(v)} in draw ${d}`);
      }
    }
  });
}
