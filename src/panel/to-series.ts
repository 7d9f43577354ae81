import type { Currency } from '../model/currency.js';
import type { Flow, TradeObservation } from '../model/observation.js';
import type { Series } from '../model/series.js';
import { buildSeries, keyOf } from './internal/build.js';
import { policyOf } from './internal/combine.js';
import { compileFilter, describeFilter, type ObservationFilter } from './internal/filter.js';
import type { PanelObservation, SeriesLabels, SumOptions } from './types.js';

export type { ObservationFilter } from './internal/filter.js';

/** Options of {@link toSeries}: a filter that must name reporter, partner and flow, and the summing rules. */
export interface ToSeriesOptions<K extends Currency = Currency> extends ObservationFilter<K>, SumOptions {
  /** Reporter code(s). Several are summed (never an aggregate with anything else). */
  readonly reporter: string | readonly string[];
  /** Partner code(s). Several are summed (never an aggregate with anything else). */
  readonly partner: string | readonly string[];
  /** `'export'` or `'import'`, from the reporter's side. */
  readonly flow: Flow;
  /** Labels for the series key. */
  readonly label?: SeriesLabels;
}

/**
 * Build one monthly or annual {@link Series} from trade observations: filter, sum what falls on one period, and
 * lay the result on a regular calendar.
 *
 * The key is reporter × partner × flow × product label. The series spans the first to the last matched period;
 * a period with no matched observation is a gap (`null`, status `missing`). Several observations on one period
 * (several products of a group, several member states) are summed; absent observations are not parts of the sum
 * (Comext publishes no row where there was no trade).
 *
 * Status rules, per part: `missing` and `confidential` have no value; `negligible` has none either unless
 * `negligibleAs: 'zero'` (then 0, status `negligible`, noted); `estimated` and `provisional` keep their values and
 * status. When some parts have no value the sum is `null` (`incomplete: 'null'`, default) or the sum of the known
 * parts, noted as a lower bound (`incomplete: 'lowerBound'`). A period's status is the weakest of its parts.
 *
 * Runs in O(n) in the number of observations. For many series from one input use {@link toSeriesSet}, which
 * indexes the input once.
 *
 * @typeParam C - currency of the observations
 * @typeParam K - currency kept (the `currency` option), by default `C`
 * @param observations - trade observations, in any order
 * @param options - the filter (reporter, partner and flow required; product, currency, frequency, partnerBasis,
 *   from, to optional), the summing rules (`incomplete`, `negligibleAs`) and optional key labels
 * @returns one series, values in base units of the currency
 * @throws {AggregateMixError} if the matched observations would sum an aggregate with its members (reporter
 *   `EU27_2020` with `DE`, partner `WORLD` with `KG`), `TOTAL` with a product, or a code with a code beneath it
 * @throws {UnitMismatchError} if they mix currencies or frequencies
 * @throws {OptionsError} if a cell (reporter, partner, product, period) occurs twice, or the options are invalid
 * @throws {InsufficientDataError} if nothing matches the filter
 * @example
 * const obs = [
 *   { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: TOTAL_GOODS, period: '2022-01',
 *     value: 30e6, currency: 'EUR', status: 'reported', source: 'eu-exports-monthly' },
 *   { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: TOTAL_GOODS, period: '2022-03',
 *     value: 90e6, currency: 'EUR', status: 'reported', source: 'eu-exports-monthly' },
 * ] as const;
 * const kg = toSeries(obs, { reporter: 'EU27_2020', partner: 'KG', flow: 'export' });
 * kg.periods; // => ['2022-01', '2022-02', '2022-03']
 * kg.values; // => [30e6, null, 90e6]
 * kg.status; // => ['reported', 'missing', 'reported']
 */
export function toSeries<C extends Currency, K extends C = C>(
  observations: readonly TradeObservation<C>[],
  options: ToSeriesOptions<K>,
): Series<K> {
  const fn = 'toSeries';
  const keep = compileFilter(options, fn);
  const matched = observations.filter(keep) as PanelObservation<K>[];
  return buildSeries(
    matched,
    keyOf(matched, options.flow, options.label),
    policyOf(options),
    fn,
    describeFilter(options),
  );
}
