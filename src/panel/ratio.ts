import type { Currency } from '../model/currency.js';
import type { Series } from '../model/series.js';
import { finiteOrNull } from './internal/combine.js';
import { binaryKey, combinePeriods, keyText, mergeNotes, mergeSources } from './internal/series.js';
import type { RatioSeries } from './types.js';

/**
 * The ratio of two money series in one currency, period by period: a(t) / b(t) (e.g. a share, or mirror
 * importer / exporter figures).
 *
 * The currency is checked twice: by the compiler (`ratio(eurSeries, gbpSeries)` does not compile — `b` must be a
 * `Series` of the currency inferred from `a`) and at run time (a cast around the types still throws). `null`
 * where either value is `null` or `b` is 0. The result is a {@link RatioSeries} (`unit: 'ratio'`). Fields of the
 * key that differ become `a/b`. O(periods).
 *
 * @typeParam C - the common currency
 * @param a - numerator
 * @param b - denominator, same currency, frequency and periods
 * @returns a / b, dimensionless
 * @throws {UnitMismatchError} if the currencies or frequencies differ
 * @throws {OptionsError} if the periods differ (use `alignSeries`)
 * @example
 * const total = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' }, currency: 'EUR', start: '2022-01', values: [100, 50, 0] });
 * const sanctioned = makeSeries({ key: { ...total.key, product: 'sanctioned' }, currency: 'EUR', start: '2022-01',
 *   values: [30, 10, 0] });
 * ratio(sanctioned, total).values; // => [0.3, 0.2, null]
 */
export function ratio<C extends Currency>(a: Series<C>, b: Series<NoInfer<C>>): RatioSeries {
  const fn = 'ratio';
  const { values, status } = combinePeriods(fn, a, b, (x, y) => (y === 0 ? null : finiteOrNull(x / y)));
  return {
    key: binaryKey(a.key, b.key, '/'),
    frequency: a.frequency,
    unit: 'ratio',
    periods: [...a.periods],
    values,
    status,
    sources: mergeSources(a, b),
    notes: [
      ...mergeNotes(a, b),
      `${fn}: (${keyText(a.key)}) / (${keyText(b.key)}); null where the denominator is null or 0`,
    ],
  };
}
