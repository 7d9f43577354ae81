import type { Baseline, BaselineOptions, PathNoise } from './baseline.js';
import { commonSettings, defineBaseline } from './internal/define.js';
import { linearCounterfactual } from './internal/linear.js';
import { COMMON_KEYS, checkBoolean, checkKeys, resolveCommon, resolveNoise } from './internal/options.js';
import { monthsOf, prepareFit, requireEveryMonth } from './internal/prepare.js';

/** Options of {@link preWarMean}. */
export interface PreWarMeanOptions extends BaselineOptions {
  /**
   * Monthly series: one mean per calendar month (month-of-year means) instead of one mean level.
   * Default `false`. Not available for annual series.
   */
  readonly seasonal?: boolean;
  /** Path noise between periods (default `'ar1'`); see {@link PathNoise}. */
  readonly noise?: PathNoise;
}

const NAME = 'preWarMean';
const MONTHS = Array.from({ length: 12 }, (_, k) => `month${k + 1}`);

/**
 * Pre-war mean baseline: the expected value of every period is the mean of the fit window (with `seasonal: true`,
 * the mean of the same calendar month). The EBRD (2023) used 2017–19 annual means: for annual data pass
 * `fit: ['2017', '2019']`.
 *
 * Works in levels (currency units), so zeros are fine. The mean(s) are estimated by GLS with AR(1) errors on
 * monthly windows of 24 months or more (see {@link PathNoise}; the expected value is then the GLS mean, and for the
 * first months after the window it carries a decaying share of the last residual); annual and shorter windows use
 * the plain mean with independent errors. In the window the bands are t prediction intervals for a new
 * observation (mean ± t·s·√(1 + 1/n) with independent errors); after it, quantiles of the paths, which draw ρ, σ²,
 * the mean(s) and the AR(1) errors from their posterior. They can go below zero for noisy series. What the interval
 * assumes: no trend in the window — when a linear trend is significant (|t| > 3 under the fitted AR(1); with
 * `seasonal: true`, a trend added to the month-of-year means) the baseline warns that its interval does not hold. Null periods in the window are skipped (warned as gaps). Needs
 * at least 3 values (14 when seasonal, every calendar month present).
 *
 * @param options - fit window, level, seed, draws, seasonal, noise
 * @returns a {@link Baseline}
 * @throws {OptionsError} for an unknown option or invalid value; `seasonal` on an annual series (at fit time)
 * @example
 * const annual = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KZ', flow: 'export', product: 'TOTAL' },
 *   currency: 'EUR', start: '2017', values: [5.1e9, 5.6e9, 6.2e9, 5.9e9, 6.0e9, 6.9e9, 9.9e9] });
 * const cf = preWarMean({ fit: ['2017', '2019'] }).fit(annual);
 * cf.expected[6]; // => the 2017–19 mean, about 5.63e9
 */
export function preWarMean(options: PreWarMeanOptions = {}): Baseline {
  checkKeys(NAME, options, [...COMMON_KEYS, 'seasonal', 'noise']);
  const common = resolveCommon(NAME, options);
  const seasonal = checkBoolean(NAME, 'seasonal', options.seasonal, false);
  const noise = resolveNoise(NAME, options.noise);
  const settings = { ...commonSettings(common), seasonal, noise };
  return defineBaseline(NAME, settings, (target) => {
    const data = prepareFit(NAME, target, common, {
      minObs: seasonal ? 14 : 3,
      seasonal,
      monthlyOnly: seasonal,
    });
    if (!seasonal) {
      return linearCounterfactual(target, data, common, {
        log: false,
        point: 'mean',
        noise,
        trendCheck: true,
        paramNames: ['mean'],
        fillRow: (_i, row, o) => {
          row[o] = 1;
        },
        settings,
      });
    }
    const months = monthsOf(data.periods);
    requireEveryMonth(NAME, data.obs, months);
    return linearCounterfactual(target, data, common, {
      log: false,
      point: 'mean',
      noise,
      trendCheck: true,
      paramNames: MONTHS,
      fillRow: (i, row, o) => {
        const m = months[i]!;
        for (let k = 0; k < 12; k++) row[o + k] = m === k + 1 ? 1 : 0;
      },
      settings,
    });
  });
}
