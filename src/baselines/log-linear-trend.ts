import type { Baseline, BaselineOptions, LogPoint, PathNoise } from './baseline.js';
import { commonSettings, defineBaseline } from './internal/define.js';
import { linearCounterfactual } from './internal/linear.js';
import { COMMON_KEYS, checkEnum, checkKeys, resolveCommon, resolveNoise } from './internal/options.js';
import { prepareFit } from './internal/prepare.js';

/** Options of {@link logLinearTrend}. */
export interface LogLinearTrendOptions extends BaselineOptions {
  /** Path noise between periods (default `'ar1'`); see {@link PathNoise}. */
  readonly noise?: PathNoise;
  /**
   * Point forecast: `'mean'` (default) is the lognormal mean exp(ŷ + s²(1 + h)/2), the expected value in
   * currency units that sums honestly; `'median'` is exp(ŷ), the back-transformed log forecast.
   */
  readonly point?: LogPoint;
}

const NAME = 'logLinearTrend';

/**
 * Log-linear trend baseline: a regression of log value on time (periods since the fit start) over the fit window,
 * with AR(1) errors on monthly windows of 24 months or more (GLS, see {@link PathNoise}), then extrapolated. Growth
 * at a constant rate, no seasonality; works on monthly and annual series.
 *
 * In the window the bands are t prediction intervals in log space, exponentiated (with `noise: 'iid'`, statsmodels'
 * `obs_ci` everywhere); after it they are quantiles of paths that draw ρ, σ², β and the AR(1) errors from their
 * posterior, so cumulative intervals carry the autocorrelation and the trend's uncertainty under it. What the
 * interval assumes: a log-linear trend without seasonality, stationary AR(1) errors, no break in the window
 * (calibration: `bench/README.md`).
 * Values must be positive: zeros and negatives in the fit window are dropped with a warning; null periods are
 * skipped (warned as gaps). Expected values cover every period of the target, before the window too.
 *
 * @param options - fit window, level, seed, draws, noise, point
 * @returns a {@link Baseline}
 * @throws {OptionsError} for an unknown option or invalid value
 * @example
 * const kg = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
 *   currency: 'EUR', start: '2019-01', values: [22.7e6, 26.1e6, 25.1e6, 26.5e6, 24.2e6, 21.6e6] });
 * const cf = logLinearTrend({ fit: ['2019-01', '2019-04'] }).fit(kg);
 * cf.pathPeriods; // => ['2019-05', '2019-06']
 */
export function logLinearTrend(options: LogLinearTrendOptions = {}): Baseline {
  checkKeys(NAME, options, [...COMMON_KEYS, 'noise', 'point']);
  const common = resolveCommon(NAME, options);
  const noise = resolveNoise(NAME, options.noise);
  const point = checkEnum(NAME, 'point', options.point, ['mean', 'median'], 'mean');
  const settings = { ...commonSettings(common), noise, point };
  return defineBaseline(NAME, settings, (target) => {
    const data = prepareFit(NAME, target, common, { minObs: 4, positive: true });
    return linearCounterfactual(target, data, common, {
      log: true,
      point,
      noise,
      paramNames: ['const', 't'],
      fillRow: (i, row, o) => {
        row[o] = 1;
        row[o + 1] = i - data.start;
      },
      settings,
    });
  });
}
