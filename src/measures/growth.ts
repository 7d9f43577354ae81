import type { z } from 'zod';
import { OptionsError, UnitMismatchError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import { addPeriods, frequencyOf, type Period, periodRange } from '../model/period.js';
import type { Counterfactual } from '../model/result.js';
import type { Series } from '../model/series.js';
import { lazySchema } from '../shared/zod.js';
import { assertCounterfactualFor, resolveWindow } from './excess.js';
import { growthRate, listPeriods, overflowGuard, sum } from './numeric.js';
import { CurrencySchema, PeriodSchema, SeriesKeySchema, WarningsSchema } from './schemas.js';

/** Growth of a window against a baseline window of the same series. */
export interface GrowthWindowOptions {
  /** First period of the window of interest. */
  readonly from: Period;
  /** Last period of the window of interest. */
  readonly to: Period;
  /** First period of the baseline window (e.g. `2019-01`). */
  readonly baseFrom: Period;
  /** Last period of the baseline window. */
  readonly baseTo: Period;
}

/** Growth of a window against a counterfactual's expected values. */
export interface GrowthVsOptions<C extends Currency = Currency> {
  /** The counterfactual (same series key, currency and frequency). */
  readonly vs: Counterfactual<C>;
  /** First period (default: the counterfactual's first simulated period, else the period after its fit window). */
  readonly from?: Period;
  /** Last period (default: the last period with an actual value). */
  readonly to?: Period;
}

/** Options of {@link growth}: a baseline window, or a counterfactual. */
export type GrowthOptions<C extends Currency = Currency> = GrowthWindowOptions | GrowthVsOptions<C>;

const WindowSummarySchema = lazySchema((z) =>
  z.object({
    /** First period. */
    from: PeriodSchema,
    /** Last period. */
    to: PeriodSchema,
    /** Sum of the observed values (series currency); `null` if none. */
    sum: z.number().nullable(),
    /** Mean per observed period; `null` if none. */
    mean: z.number().nullable(),
    /** Number of periods with a value. */
    n: z.number().int(),
    /** Periods without a value. */
    missing: z.array(PeriodSchema),
  }),
);

/**
 * zod schema of one row of `GrowthResult.byPeriod`.
 *
 * @example
 * const s = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
 *   currency: 'EUR', start: '2019', values: [329.4e6, 234.5e6, 263.2e6, 1170.9e6] });
 * const g = growth(s, { from: '2022', to: '2022', baseFrom: '2019', baseTo: '2021' });
 * GrowthPeriodSchema.safeParse(g.byPeriod[0]).success; // => true
 */
export const GrowthPeriodSchema = lazySchema((z) =>
  z.object({
    period: PeriodSchema,
    /** The value (series currency); `null` if missing. */
    value: z.number().nullable(),
    /** The value of the previous period. */
    prior: z.number().nullable(),
    /** `value / prior − 1` (fraction); `null` from a zero, negative or absent base. */
    growthVsPrior: z.number().nullable(),
    /** The value one year earlier (12 months back for monthly series, the prior year for annual ones). */
    yearAgo: z.number().nullable(),
    /** `value / yearAgo − 1` (fraction); `null` from a zero, negative or absent base. */
    growthYoY: z.number().nullable(),
    /** The baseline for this period: the counterfactual's expected value (`vs` mode) or `null` (window mode). */
    base: z.number().nullable(),
    /** `value / base − 1` (fraction), `vs` mode only. */
    growthVsBase: z.number().nullable(),
  }),
);

/**
 * zod schema of {@link GrowthResult}.
 *
 * @example
 * const s = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
 *   currency: 'EUR', start: '2019', values: [329.4e6, 234.5e6, 263.2e6, 1170.9e6] });
 * const g = growth(s, { from: '2022', to: '2022', baseFrom: '2019', baseTo: '2021' });
 * GrowthResultSchema.safeParse(g).success; // => true
 */
export const GrowthResultSchema = lazySchema((z) =>
  z.object({
    method: z.literal('growth'),
    settings: z.object({
      mode: z.enum(['window', 'counterfactual']),
      from: PeriodSchema,
      to: PeriodSchema,
      baseFrom: PeriodSchema.nullable(),
      baseTo: PeriodSchema.nullable(),
      baseline: z.string().nullable(),
    }),
    key: SeriesKeySchema,
    currency: CurrencySchema,
    /** The window of interest. */
    current: WindowSummarySchema,
    /**
     * The base: the baseline window (window mode; growth compares means per observed period, which equals the ratio
     * of sums when both windows are complete and of equal length), or the counterfactual's expected values over the
     * periods with an actual value (counterfactual mode; growth compares sums over those periods).
     */
    base: z.object({
      from: PeriodSchema,
      to: PeriodSchema,
      sum: z.number().nullable(),
      mean: z.number().nullable(),
      n: z.number().int(),
    }),
    /** Growth against the base as a fraction (0.25 = +25%); `null` from a zero, negative or absent base. */
    growthRate: z.number().nullable(),
    /** The equally long window just before `from`, and the growth against it (means per observed period). */
    priorPeriod: z.object({
      from: PeriodSchema.nullable(),
      to: PeriodSchema.nullable(),
      mean: z.number().nullable(),
      n: z.number().int(),
      growthRate: z.number().nullable(),
    }),
    byPeriod: z.array(GrowthPeriodSchema),
    warnings: WarningsSchema,
  }),
);

/** Result of {@link growth}: plain and JSON-serialisable; rates are fractions. */
export type GrowthResult = z.infer<typeof GrowthResultSchema>;

function isVs<C extends Currency>(o: GrowthOptions<C>): o is GrowthVsOptions<C> {
  return (o as GrowthVsOptions<C>).vs !== undefined;
}

function summarise(series: Series<Currency>, from: Period, to: Period) {
  const values: number[] = [];
  const missing: Period[] = [];
  for (const p of periodRange(from, to)) {
    const i = series.periods.indexOf(p);
    const v = i < 0 ? null : (series.values[i] ?? null);
    if (v === null) missing.push(p);
    else values.push(v);
  }
  const s = values.length === 0 ? null : sum(values);
  return { from, to, sum: s, mean: s === null ? null : s / values.length, n: values.length, missing };
}

function checkPeriod(series: Series<Currency>, p: Period, name: string): void {
  if (frequencyOf(p) !== series.frequency) {
    throw new UnitMismatchError(
      `growth requires ${name} of the series' frequency (${series.frequency}), got ${p}`,
    );
  }
  const first = series.periods[0];
  const last = series.periods[series.periods.length - 1];
  if (first === undefined || last === undefined || p < first || p > last) {
    throw new OptionsError(`growth requires ${name} within the series (${first} to ${last}), got ${p}`);
  }
}

/**
 * Growth of a series over a window: against a baseline window or a counterfactual, against the window just
 * before it, and period by period (against the prior period and the same period a year earlier).
 *
 * Rates are fractions (`0.25` = +25%). Missing values are skipped: window growth compares means per observed
 * period (equal to the ratio of sums when both windows are complete and equally long) and names the gaps in a
 * warning. Growth from a zero, negative or absent base is `null` with a warning, never NaN or Infinity.
 *
 * @param series - the series
 * @param options - `{ from, to, baseFrom, baseTo }` or `{ vs: counterfactual, from?, to? }`
 * @returns a {@link GrowthResult}
 * @throws {OptionsError} if a window lies outside the series or is reversed, or the counterfactual belongs to
 *   another series
 * @throws {UnitMismatchError} if a period or the counterfactual is of another frequency or currency
 * @example
 * const s = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
 *   currency: 'EUR', start: '2019', values: [329.4e6, 234.5e6, 263.2e6, 1170.9e6] });
 * const g = growth(s, { from: '2022', to: '2022', baseFrom: '2019', baseTo: '2021' });
 * g.growthRate; // => 1170.9 / ((329.4 + 234.5 + 263.2) / 3) - 1 ≈ 3.247
 * g.priorPeriod.growthRate; // => 1170.9 / 263.2 - 1 ≈ 3.449
 */
export function growth<C extends Currency>(
  series: Series<C>,
  options: GrowthOptions<NoInfer<C>>,
): GrowthResult {
  const warnings: string[] = [];
  const fin = overflowGuard(warnings);
  let from: Period;
  let to: Period;
  let base: GrowthResult['base'];
  let rate: number | null;
  let current: ReturnType<typeof summarise>;
  const expectedByPeriod = new Map<Period, number | null>();
  let mode: 'window' | 'counterfactual';
  let baseFrom: Period | null = null;
  let baseTo: Period | null = null;

  if (isVs(options)) {
    mode = 'counterfactual';
    const cf = options.vs;
    assertCounterfactualFor('growth', series, cf);
    let start = options.from ?? cf.pathPeriods[0];
    if (start === undefined) {
      start = series.periods.find((p) => p > cf.fitWindow.to);
      if (start === undefined)
        throw new OptionsError('growth requires a period after the fit window, or from');
    }
    const win = resolveWindow('growth', series, start, options.to, warnings);
    from = win.from;
    to = win.to;
    current = summarise(series, from, to);
    cf.periods.forEach((p, i) => {
      expectedByPeriod.set(p, cf.expected[i] ?? null);
    });
    const a: number[] = [];
    const e: number[] = [];
    const noExpected: Period[] = [];
    for (const p of periodRange(from, to)) {
      const i = series.periods.indexOf(p);
      const v = series.values[i] ?? null;
      const x = expectedByPeriod.get(p) ?? null;
      if (v !== null && x !== null) {
        a.push(v);
        e.push(x);
      } else if (v !== null) noExpected.push(p);
    }
    if (noExpected.length > 0) {
      warnings.push(`the counterfactual gives no expected value in ${listPeriods(noExpected)}; left out`);
    }
    const sa = a.length === 0 ? null : fin(sum(a));
    const se = e.length === 0 ? null : fin(sum(e));
    base = { from, to, sum: se, mean: se === null ? null : fin(se / e.length), n: e.length };
    rate = growthRate(sa, se);
  } else {
    mode = 'window';
    checkPeriod(series, options.from, 'from');
    checkPeriod(series, options.to, 'to');
    checkPeriod(series, options.baseFrom, 'baseFrom');
    checkPeriod(series, options.baseTo, 'baseTo');
    if (options.to < options.from) throw new OptionsError(`growth requires from <= to, got ${options.from}`);
    if (options.baseTo < options.baseFrom) {
      throw new OptionsError(
        `growth requires baseFrom <= baseTo, got ${options.baseFrom} and ${options.baseTo}`,
      );
    }
    from = options.from;
    to = options.to;
    baseFrom = options.baseFrom;
    baseTo = options.baseTo;
    current = summarise(series, from, to);
    const b = summarise(series, baseFrom, baseTo);
    if (b.missing.length > 0) warnings.push(`gaps in the base window: ${listPeriods(b.missing)}`);
    base = { from: b.from, to: b.to, sum: fin(b.sum), mean: fin(b.mean), n: b.n };
    rate = growthRate(fin(current.mean), fin(b.mean));
    if (current.n !== b.n || current.missing.length > 0 || b.missing.length > 0) {
      warnings.push('the windows differ in observed length: growth compares means per observed period');
    }
  }
  if (current.missing.length > 0) warnings.push(`gaps in the window: ${listPeriods(current.missing)}`);
  if (rate === null) {
    warnings.push(
      base.sum === null ? 'no base value: growth is null' : 'zero or negative base: growth is null',
    );
  }

  // The equally long window just before `from`.
  const length = periodRange(from, to).length;
  const priorFrom = addPeriods(from, -length);
  const priorTo = addPeriods(from, -1);
  const first = series.periods[0]!;
  let priorPeriod: GrowthResult['priorPeriod'];
  if (priorFrom < first) {
    warnings.push(
      `the prior window (${priorFrom} to ${priorTo}) starts before the series: prior growth is null`,
    );
    priorPeriod = { from: priorFrom, to: priorTo, mean: null, n: 0, growthRate: null };
  } else {
    const pw = summarise(series, priorFrom, priorTo);
    if (pw.missing.length > 0) warnings.push(`gaps in the prior window: ${listPeriods(pw.missing)}`);
    const g = growthRate(fin(current.mean), fin(pw.mean));
    if (g === null) warnings.push('zero, negative or absent prior-window base: prior growth is null');
    priorPeriod = { from: priorFrom, to: priorTo, mean: fin(pw.mean), n: pw.n, growthRate: g };
  }

  const valueAt = (p: Period): number | null => {
    const i = series.periods.indexOf(p);
    return i < 0 ? null : (series.values[i] ?? null);
  };
  const yearLag = series.frequency === 'monthly' ? 12 : 1;
  const byPeriod = periodRange(from, to).map((period) => {
    const value = valueAt(period);
    const prior = valueAt(addPeriods(period, -1));
    const yearAgo = valueAt(addPeriods(period, -yearLag));
    const b = mode === 'counterfactual' ? (expectedByPeriod.get(period) ?? null) : null;
    return {
      period,
      value,
      prior,
      growthVsPrior: growthRate(value, prior),
      yearAgo,
      growthYoY: growthRate(value, yearAgo),
      base: b,
      growthVsBase: growthRate(value, b),
    };
  });

  return {
    method: 'growth',
    settings: { mode, from, to, baseFrom, baseTo, baseline: isVs(options) ? options.vs.method : null },
    key: { ...series.key },
    currency: series.currency,
    current: { ...current, sum: fin(current.sum), mean: fin(current.mean) },
    base,
    growthRate: rate,
    priorPeriod,
    byPeriod,
    warnings,
  };
}
