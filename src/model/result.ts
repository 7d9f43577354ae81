import type { Currency } from './currency.js';
import type { Frequency, Period } from './period.js';
import type { SeriesKey } from './series.js';

/**
 * A two-sided interval at a stated level. `null` bounds mean the interval is undefined (e.g. too few points).
 *
 * @example
 * const i: Interval = { lower: 1.2, upper: 3.4, level: 0.95 };
 */
export interface Interval {
  /** Lower bound, or `null` where undefined. */
  readonly lower: number | null;
  /** Upper bound, or `null` where undefined. */
  readonly upper: number | null;
  /**
   * Coverage, e.g. 0.95. `1` marks a range that is not a probability interval — e.g. the span the pre-war years
   * imply for "no change" where no model gives an interval (the finding's warnings then say so); reports print it as
   * `range`.
   */
  readonly level: number;
}

/** How well a baseline fitted the pre-period. */
export interface FitDiagnostics {
  /** Observed periods used in the fit. */
  readonly n: number;
  /** Root mean squared error of in-sample fitted values, in the series' units; `null` if undefined. */
  readonly rmse: number | null;
  /** Mean absolute percentage error as a fraction (0.1 = 10%); `null` if any actual is zero or undefined. */
  readonly mape: number | null;
  /**
   * Pre-period checks the baseline ran on its own fit window and failed, in plain words (a trend a trend-free
   * baseline does not model, errors close to a unit root): where a check fails, the baseline's interval does not
   * hold its level. Empty or absent when every check passed (or the baseline runs none).
   */
  readonly failedChecks?: readonly string[];
}

/**
 * What a baseline expects a series to have been, with uncertainty: the counterfactual.
 *
 * `expected`, `lower`, `upper` run over the whole span of the target series (`periods`), in-sample over the fit
 * window and as forecasts after it; `null` where the method gives nothing. Per-period bands are prediction
 * intervals for the value itself. Cumulative intervals must not add per-period bands: use `paths`, simulated
 * counterfactual outcomes for every period after the fit window, drawn from the fitted model (parameter and
 * noise uncertainty) with an explicit seed, so a sum over any post-window gets its own quantiles.
 *
 * @typeParam C - the currency of the target series
 */
export interface Counterfactual<C extends Currency = Currency> {
  /** Baseline name, e.g. `seasonalTrend`. */
  readonly method: string;
  /** The options it ran with, resolved (defaults filled in). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** The series it was fitted to. */
  readonly target: SeriesKey;
  /** Currency of every value. */
  readonly currency: C;
  /** Frequency of `periods`. */
  readonly frequency: Frequency;
  /** The fit window actually used (first and last period with data inside the requested window). */
  readonly fitWindow: { readonly from: Period; readonly to: Period };
  /** Periods, identical to the target's. */
  readonly periods: readonly Period[];
  /** Expected value per period; `null` where undefined. */
  readonly expected: readonly (number | null)[];
  /** Lower prediction bound per period at `level`. */
  readonly lower: readonly (number | null)[];
  /** Upper prediction bound per period at `level`. */
  readonly upper: readonly (number | null)[];
  /** Coverage of `lower`/`upper`. */
  readonly level: number;
  /**
   * Simulated counterfactual paths for the periods after the fit window: `paths[d][j]` is draw `d` for
   * `pathPeriods[j]`. Empty when the method cannot simulate (then cumulative intervals are `null`).
   */
  readonly pathPeriods: readonly Period[];
  /** See `pathPeriods`. */
  readonly paths: readonly (readonly number[])[];
  /** The seed the paths were drawn with. */
  readonly seed: number;
  /** In-sample fit over the fit window. */
  readonly fit: FitDiagnostics;
  /** Plain-language warnings: short window, near-zero base, gaps, COVID months in the fit window… */
  readonly warnings: readonly string[];
}
