import type { z } from 'zod';
import { OptionsError, UnitMismatchError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import { addPeriods, frequencyOf, type Period, periodRange } from '../model/period.js';
import type { Series } from '../model/series.js';
import { lazySchema } from '../shared/zod.js';
import { growthRate, sum } from './numeric.js';
import { robustZ } from './robust-z.js';
import { PeriodSchema, SeriesKeySchema, WarningsSchema } from './schemas.js';
import { FEW_REFERENCE, FEW_REFERENCE_PREFIX, zCutoff, zScore } from './z-score.js';

/** Options of {@link growthZScore}: a calendar year, or a window of periods. */
export type GrowthZScoreOptions =
  | {
      /** The year to score, e.g. `'2022'` (January–December for monthly series). */
      readonly year: Period;
      /** History windows with fewer growth rates than this get a warning (default 5). */
      readonly minHistory?: number;
    }
  | {
      /** First period of the window to score (e.g. `'2022-03'`). */
      readonly from: Period;
      /** Last period of the window (at most 12 months for monthly series). */
      readonly to: Period;
      /** History windows with fewer growth rates than this get a warning (default 5). */
      readonly minHistory?: number;
    };

/**
 * zod schema of {@link GrowthZScoreResult}.
 *
 * @example
 * const s = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
 *   currency: 'EUR', start: '2016', values: [100, 104, 102, 107, 105, 110, 220] });
 * GrowthZScoreResultSchema.safeParse(growthZScore(s, { year: '2022' })).success; // => true
 */
export const GrowthZScoreResultSchema = lazySchema((z) =>
  z.object({
    method: z.literal('growthZScore'),
    settings: z.object({ from: PeriodSchema, to: PeriodSchema, minHistory: z.number().int() }),
    key: SeriesKeySchema,
    /** Year-on-year growth of the window (sum over the window vs the same window a year earlier), a fraction. */
    growth: z.number().nullable(),
    /** The earlier windows: each one's growth on the window a year before it (fractions). */
    history: z.array(
      z.object({
        from: PeriodSchema,
        to: PeriodSchema,
        sum: z.number().nullable(),
        growth: z.number().nullable(),
      }),
    ),
    /** Classical z of `growth` against the history's growth rates. */
    z: z.number().nullable(),
    /** Mean and sample sd of the history's growth rates. */
    mean: z.number().nullable(),
    sd: z.number().nullable(),
    /** Modified z (Iglewicz–Hoaglin, `0.6745 (g − median) / MAD`) against the history. */
    robustZ: z.number().nullable(),
    median: z.number().nullable(),
    mad: z.number().nullable(),
    /** |robust z| > 3.5. */
    outlier: z.boolean().nullable(),
    /** Growth rates in the history (non-null). */
    n: z.number().int(),
    warnings: WarningsSchema,
  }),
);

/** Result of {@link growthZScore}. */
export type GrowthZScoreResult = z.infer<typeof GrowthZScoreResultSchema>;

/**
 * How unusual this year's growth is for this partner: the year-on-year growth of a window (a calendar year, or
 * e.g. March–December) scored against the partner's own history of year-on-year growth for the same window in
 * earlier years, as a classical z ({@link zScore}) and a robust modified z ({@link robustZ}).
 *
 * A window's value is the sum over its periods (series currency); its growth is `sum / sum a year earlier − 1`.
 * A window with any missing period has no sum (it would compare different months), and its growth, like one
 * from a zero or negative base, is `null`, left out of the history and named in a warning. The history uses only
 * windows before the one scored, as far back as the series allows, and warns when it holds fewer than
 * `minHistory` growth rates (z-scores from two or three years are indicative at best).
 *
 * Not a test. The score claims no level, and |z| > 1.96 is not a 5% test: with no change at all (SYNTHETIC, 2,000
 * draws, `npx tsx bench/calibration.ts --only zscores`) growth of 8 annual sums scored against 6 earlier growth rates gave |z| > 1.96 in 11.5% (ρ = 0) and 10.8% (AR(1) ρ = 0.5) of draws, the robust score in 20.6% and 17.0%. The reference is a handful of values, so its spread
 * is itself uncertain; read the score as a description, and use a baseline's interval or a placebo test for
 * inference. With fewer than 10 growth rates in the history the result carries a warning that says so and gives
 * the exact two-sided 5% cut-off for independent normal growth rates, `t(0.975, n − 1) × sqrt(1 + 1/n)` (2.78
 * with 6); autocorrelated growth makes even that approximate.
 *
 * @param series - the series (monthly or annual)
 * @param options - `{ year }` or `{ from, to }`, and `minHistory`
 * @returns a {@link GrowthZScoreResult}
 * @throws {OptionsError} if the window is reversed, longer than a year, or lies outside the series
 * @throws {UnitMismatchError} if a period is of another frequency than the series
 * @example
 * const s = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
 *   currency: 'EUR', start: '2016', values: [100, 104, 102, 107, 105, 110, 220] });
 * const g = growthZScore(s, { year: '2022' });
 * g.growth; // => 1 (220 / 110 - 1)
 * g.n; // => 5 (growth in 2017 … 2021)
 */
export function growthZScore<C extends Currency>(
  series: Series<C>,
  options: GrowthZScoreOptions,
): GrowthZScoreResult {
  const minHistory = options.minHistory ?? 5;
  let from: Period;
  let to: Period;
  if ('year' in options) {
    if (frequencyOf(options.year) !== 'annual') {
      throw new OptionsError(`growthZScore requires year as YYYY, got ${options.year}`);
    }
    from = series.frequency === 'monthly' ? `${options.year}-01` : options.year;
    to = series.frequency === 'monthly' ? `${options.year}-12` : options.year;
  } else {
    from = options.from;
    to = options.to;
  }
  for (const p of [from, to]) {
    if (frequencyOf(p) !== series.frequency) {
      throw new UnitMismatchError(
        `growthZScore requires periods of the series' frequency (${series.frequency}), got ${p}`,
      );
    }
  }
  if (to < from) throw new OptionsError(`growthZScore requires from <= to, got ${from} and ${to}`);
  const step = series.frequency === 'monthly' ? 12 : 1;
  const length = periodRange(from, to).length;
  if (length > step)
    throw new OptionsError(`growthZScore requires a window of at most one year, got ${length}`);
  const first = series.periods[0];
  const last = series.periods[series.periods.length - 1];
  if (first === undefined || last === undefined || from < first || to > last) {
    throw new OptionsError(`growthZScore requires the window within the series (${first} to ${last})`);
  }

  const warnings: string[] = [];
  const index = new Map<Period, number>();
  series.periods.forEach((p, i) => {
    index.set(p, i);
  });
  const windowSum = (f: Period, t: Period): number | null => {
    const xs: number[] = [];
    for (const p of periodRange(f, t)) {
      const i = index.get(p);
      const v = i === undefined ? null : (series.values[i] ?? null);
      if (v === null) return null;
      xs.push(v);
    }
    const s = sum(xs);
    return Number.isFinite(s) ? s : null;
  };

  // k = 0 is the window scored; k = 1, 2, … are the history, as long as the window a year before still fits.
  const windows: { from: Period; to: Period; sum: number | null }[] = [];
  for (let k = 0; ; k++) {
    const f = addPeriods(from, -k * step);
    if (f < first) break;
    const t = addPeriods(to, -k * step);
    windows.push({ from: f, to: t, sum: windowSum(f, t) });
  }
  const growthOf = (k: number): number | null => {
    const w = windows[k];
    const b = windows[k + 1];
    return w === undefined || b === undefined ? null : growthRate(w.sum, b.sum);
  };
  const g = growthOf(0);
  if (g === null) {
    warnings.push(
      windows.length < 2
        ? 'no window a year earlier: growth is null'
        : 'growth is null (a gap in the window or the year before, or a zero or negative base)',
    );
  }
  const history: GrowthZScoreResult['history'] = [];
  const undefinedYears: Period[] = [];
  for (let k = 1; k + 1 < windows.length; k++) {
    const w = windows[k]!;
    const gk = growthOf(k);
    history.push({ from: w.from, to: w.to, sum: w.sum, growth: gk });
    if (gk === null) undefinedYears.push(w.from);
  }
  if (undefinedYears.length > 0) {
    warnings.push(
      `history growth undefined (gap or non-positive base) for windows starting ${undefinedYears.join(', ')}`,
    );
  }
  const rates = history.map((h) => h.growth).filter((x): x is number => x !== null);
  if (rates.length < minHistory) {
    warnings.push(`short history: ${rates.length} growth rate(s) before ${from} (fewer than ${minHistory})`);
  }
  const zs = zScore(g, rates);
  const rz = robustZ(g, rates);
  for (const w of [...zs.warnings, ...rz.warnings]) {
    if (
      !w.startsWith('short reference') &&
      !w.startsWith('no value') &&
      !w.startsWith(FEW_REFERENCE_PREFIX) &&
      !warnings.includes(w)
    )
      warnings.push(w);
  }
  const cut = zCutoff(rates.length);
  if ((zs.z !== null || rz.z !== null) && rates.length < FEW_REFERENCE && cut !== null) {
    warnings.push(
      `few growth rates in the history (n = ${rates.length}): |z| > 1.96 is not a 5% test with so few ` +
        `(11.5% and 10.8% of draws under no effect at AR(1) ρ = 0 and 0.5 with 6 growth rates, the robust ` +
        `score 20.6% and 17.0%, bench/README.md); use |z| > ${cut.toFixed(2)} for a two-sided 5% screen with ` +
        `${rates.length} independent normal growth rates (t(${rates.length - 1}) prediction cut-off)`,
    );
  }
  return {
    method: 'growthZScore',
    settings: { from, to, minHistory },
    key: { ...series.key },
    growth: g,
    history,
    z: zs.z,
    mean: zs.mean,
    sd: zs.sd,
    robustZ: rz.z,
    median: rz.median,
    mad: rz.mad,
    outlier: rz.outlier,
    n: rates.length,
    warnings,
  };
}
