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
 * Seasonal log-linear trend baseline, the workhorse: a regression of log value on time plus month-of-year dummies
 * (January is the reference month) over the fit window, with AR(1) errors (GLS, see {@link PathNoise}), then
 * extrapolated.
 *
 * Monthly series only. Needs every calendar month at least once in the fit window and at least 15 positive
 * values; warns below 24 months. In the window the bands are t prediction intervals in log space at the
 * posterior-mode ρ, exponentiated (with `noise: 'iid'`, exactly statsmodels'
 * `get_prediction().summary_frame()['obs_ci_*']` everywhere); after it they are quantiles of the paths, which draw
 * ρ, σ², β and the AR(1) errors from their posterior. What the interval assumes: log-linear trend, fixed seasonal
 * pattern, stationary AR(1) errors, no break in the window. It holds its level on such series for ρ from 0 to 0.8,
 * fits of 24–60 months and horizons of 6–40 months, also with t(4) shocks; it does not under a level shift or
 * outliers in the window, or a 24-month fit at ρ = 0.8 (`bench/README.md`, calibration table). Near-unit-root
 * errors are warned. Zeros and negatives in the fit window are dropped with a warning; null periods are skipped.
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
