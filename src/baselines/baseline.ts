import type { Currency } from '../model/currency.js';
import type { Period } from '../model/period.js';
import type { Counterfactual } from '../model/result.js';
import type { Series } from '../model/series.js';

/**
 * Series a strategy may need besides the target: `controls` for `controlGroup`, `donors` for
 * `syntheticControl`. They must share the target's currency (checked by the type) and frequency
 * (checked at run time).
 *
 * @typeParam C - the currency of every series
 */
export interface BaselineContext<C extends Currency = Currency> {
  /** Control series whose change the target is assumed to follow (DiD counterfactual). */
  readonly controls?: readonly Series<C>[];
  /** Donor series a synthetic control is weighted from. */
  readonly donors?: readonly Series<C>[];
}

/**
 * A counterfactual strategy: fitted on a pre-period of a target series, it says what the series would have been
 * without the event, with uncertainty. Every strategy has this one shape, so a user can run several and see
 * whether the verdict changes.
 *
 * Warnings, in plain words, flag: a short window (fewer than 24 observed months for a seasonal model), a near-zero
 * base (fit-window mean below 1,000 currency units a period, or later values averaging more than 10 times it),
 * gaps in the fit window, COVID months (2020-03..2020-12, or the year 2020) inside it, and values dropped or
 * interpolated.
 *
 * @example
 * const months = (f: (t: number) => number) => Array.from({ length: 48 }, (_, t) => f(t)); // 2019-01..2022-12
 * const kg = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
 *   currency: 'EUR', start: '2019-01', values: months((t) => 2e7 * (1.1 + Math.sin(t / 1.9)) * (t >= 38 ? 3 : 1)) });
 * const baselines: Baseline[] = [seasonalTrend(), holtWinters({ seasonal: 'multiplicative' })];
 * const cfs = baselines.map((b) => b.fit(kg));
 * cfs[0].pathPeriods[0]; // => '2022-02'
 */
export interface Baseline {
  /** Strategy name, e.g. `seasonalTrend`; copied to `Counterfactual.method`. */
  readonly name: string;
  /** The options, resolved (defaults filled in), as far as they are known before seeing data. */
  readonly settings: Readonly<Record<string, unknown>>;
  /**
   * Fit the strategy to `target` and return its counterfactual over the whole span of the target.
   *
   * @param target - the series to explain
   * @param context - controls or donors, for strategies that use them (in the target's currency: the currency is
   *   inferred from the target alone, so GBP controls for an EUR target do not compile)
   * @returns the counterfactual: expected values, bands at `level`, simulated paths after the fit window
   * @throws {InsufficientDataError} if the fit window holds too few usable values
   * @throws {OptionsError} if the fit window lies outside the data or an option cannot work
   */
  fit<C extends Currency>(target: Series<C>, context?: BaselineContext<NoInfer<C>>): Counterfactual<C>;
}

/** A fit window: first and last period, inclusive, at the series' frequency. */
export type FitWindow = readonly [from: Period, to: Period];

/** Options every baseline takes. */
export interface BaselineOptions {
  /**
   * Fit window `[from, to]`, inclusive. Default: from the first observed period to `2022-01` for monthly series
   * (`2021` for annual), so the invasion month 2022-02 belongs to neither the fit nor the default post-period.
   * The window actually used (first and last period with data inside it) is reported as `fitWindow`.
   */
  readonly fit?: FitWindow;
  /**
   * Periods inside the fit window to leave out of the fit, as single periods or inclusive `[from, to]` ranges —
   * e.g. `[['2020-03', '2020-12']]` for the COVID months. They are treated like missing values (skipped by
   * regressions, interpolated by STL and Holt–Winters) but reported as exclusions, not gaps. Default none.
   */
  readonly exclude?: readonly (Period | FitWindow)[];
  /** Coverage of the per-period bands, in (0, 1). Default `0.95`. */
  readonly level?: number;
  /** Seed of the simulated paths; the same seed gives identical paths. Default `1`. */
  readonly seed?: number;
  /** Number of simulated paths, an integer from 1 to 100,000. Default `1000`. */
  readonly draws?: number;
}

/**
 * The error model of a regression baseline (`seasonalTrend`, `logLinearTrend`, `preWarMean`) and how the noise of
 * its simulated paths moves from one period to the next.
 *
 * - `ar1` (default): AR(1) errors, fitted by GLS with the AR coefficient ρ integrated over its restricted-likelihood
 *   (REML) posterior on a grid (uniform prior on (−0.95, 0.975)); σ² and the coefficients are drawn from their
 *   posterior given ρ, and the future errors from the AR(1) conditional on the last observed residual. So the
 *   trend's uncertainty under autocorrelation, ρ's own uncertainty and the t tails of a short window all reach the
 *   cumulative interval. The stated order rule: AR(1) for monthly windows of at least 24 observed months;
 *   shorter and annual windows fall back to `iid` (monthly ones with a warning). Gaps whiten exactly.
 * - `iid`: independent errors — ordinary least squares, with analytic t bands equal to statsmodels'
 *   `obs_ci` (narrower cumulative intervals when residuals are autocorrelated, as monthly trade data are).
 *
 * Simulated calibration (`npm run calibration -- --only baselines`, SYNTHETIC seasonal log series, 200
 * replications): see `bench/README.md`.
 */
export type PathNoise = 'ar1' | 'iid';

/**
 * Point forecast of a log model: `'mean'` is the lognormal mean exp(ŷ + s²(1 + h)/2), the expected value in
 * currency units, which sums honestly across periods; `'median'` is exp(ŷ), the back-transformed log forecast.
 */
export type LogPoint = 'mean' | 'median';
