/**
 * Baselines: counterfactual strategies behind one {@link Baseline} interface. Each factory returns a baseline whose
 * `fit(target, context?)` gives a `Counterfactual` with expected values, bands and simulated paths.
 *
 * @module
 */
export type {
  Baseline,
  BaselineContext,
  BaselineOptions,
  FitWindow,
  LogPoint,
  PathNoise,
} from './baseline.js';
export { type ControlGroupOptions, controlGroup } from './control-group.js';
export { type HoltWintersOptions, holtWinters } from './holt-winters.js';
export { type LogLinearTrendOptions, logLinearTrend } from './log-linear-trend.js';
export { type PreWarMeanOptions, preWarMean } from './pre-war-mean.js';
export { type SamePeriodPriorYearOptions, samePeriodPriorYear } from './same-period-prior-year.js';
export { type SeasonalTrendOptions, seasonalTrend } from './seasonal-trend.js';
export { type StlOptions, type StlResult, stlDecompose } from './stl.js';
export { type StlForecastOptions, stlForecast } from './stl-forecast.js';
export { type SyntheticControlOptions, syntheticControl } from './synthetic-control.js';
