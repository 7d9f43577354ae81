import type { Baseline, BaselineOptions, LogPoint, PathNoise } from './baseline.js';
import { commonSettings, defineBaseline } from './internal/define.js';
import { linearCounterfactual } from './internal/linear.js';
import { COMMON_KEYS, checkEnum, checkKeys, resolveCommon, resolveNoise } from './internal/options.js';
import { monthsOf, prepareFit, requireEveryMonth } from './internal/prepare.js';

/** Options of {@link seasonalTrend}. */
export interface SeasonalTrendOptions extends BaselineOptions {
  /** Path noise between periods (default `'ar1'`); see {@link PathNoise}. */
  readonly noise?: PathNoise;
  /** Point forecast, `'mean'` (default, lognormal mean) or `'median'` (exp of the log forecast). */
  readonly point?: LogPoint;
}

const NAME = 'seasonalTrend';
const PARAMS = ['const', 't', ...Array.from({ length: 11 }, (_, k) => `month${k + 2}`)];

/**
 * Seasonal log-linear trend baseline, the workhorse: OLS of log value on time plus month-of-year dummies
 * (January is the reference month) over the fit window, then extrapolated.
 *
 * Monthly series only. Needs every calendar month at least once in the fit window and at least 15 positive
 * values; warns below 24 months. Bands are t prediction intervals in log space (statsmodels'
 * `get_prediction().summary_frame()['obs_ci_*']`), exponentiated. Paths draw σ², β and AR(1) noise (default) from
 * the fitted model. Zeros and negatives in the fit window are dropped with a warning; null periods are skipped.
 *
 * @param options - fit window, level, seed, draws, noise, point
 * @returns a {@link Baseline}
 * @throws {OptionsError} for an unknown option or invalid value, or an annual series (at fit time)
 * @throws {InsufficientDataError} at fit time if a calendar month is missing from the fit window
 * @example
 * const months = (f: (t: number) => number) => Array.from({ length: 48 }, (_, t) => f(t)); // 2019-01..2022-12
 * const kg = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
 *   currency: 'EUR', start: '2019-01', values: months((t) => 2e7 * (1.1 + Math.sin(t / 1.9)) * (t >= 38 ? 3 : 1)) });
 * const cf = seasonalTrend({ fit: ['2019-01', '2022-01'] }).fit(kg);
 * const sums = cf.paths.map((p) => p.slice(1).reduce((a, b) => a + b, 0)); // 2022-03..2022-12, per draw
 * sums.length; // => 1000
 */
export function seasonalTrend(options: SeasonalTrendOptions = {}): Baseline {
  checkKeys(NAME, options, [...COMMON_KEYS, 'noise', 'point']);
  const common = resolveCommon(NAME, options);
  const noise = resolveNoise(NAME, options.noise);
  const point = checkEnum(NAME, 'point', options.point, ['mean', 'median'], 'mean');
  const settings = { ...commonSettings(common), noise, point };
  return defineBaseline(NAME, settings, (target) => {
    const data = prepareFit(NAME, target, common, {
      minObs: PARAMS.length + 2,
      positive: true,
      seasonal: true,
      monthlyOnly: true,
    });
    const months = monthsOf(data.periods);
    requireEveryMonth(NAME, data.obs, months);
    return linearCounterfactual(target, data, common, {
      log: true,
      point,
      noise,
      paramNames: PARAMS,
      fillRow: (i, row, o) => {
        row[o] = 1;
        row[o + 1] = i - data.start;
        const m = months[i]!;
        for (let k = 2; k <= 12; k++) row[o + k] = m === k ? 1 : 0;
      },
      settings,
    });
  });
}
