import type { Currency } from '../model/currency.js';
import type { Series } from '../model/series.js';
import { finiteOrNull } from './internal/combine.js';
import { binaryKey, combinePeriods, keyText, mergeNotes, mergeSources } from './internal/series.js';

/**
 * The difference of two money series in one currency, period by period: a(t) − b(t) (may be negative; for
 * "total − group" with negative values set to null use `otherGoods`).
 *
 * The currency is checked by the compiler (`difference(eurSeries, gbpSeries)` does not compile) and at run time.
 * `null` where either value is `null`. Fields of the key that differ become `a−b`. O(periods).
 *
 * @typeParam C - the common currency
 * @param a - minuend
 * @param b - subtrahend, same currency, frequency and periods
 * @returns a − b, in the same currency
 * @throws {UnitMismatchError} if the currencies or frequencies differ
 * @throws {OptionsError} if the periods differ (use `alignSeries`)
 * @example
 * const a = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' }, currency: 'EUR', start: '2022-01', values: [10, null, 5] });
 * const b = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' }, currency: 'EUR', start: '2022-01', values: [4, 1, 8] });
 * difference(a, b).values; // => [6, null, -3]
 */
export function difference<C extends Currency>(a: Series<C>, b: Series<NoInfer<C>>): Series<C> {
  const fn = 'difference';
  const { values, status } = combinePeriods(fn, a, b, (x, y) => finiteOrNull(x - y));
  return {
    key: binaryKey(a.key, b.key, '−'),
    frequency: a.frequency,
    currency: a.currency,
    periods: [...a.periods],
    values,
    status,
    sources: mergeSources(a, b),
    notes: [...mergeNotes(a, b), `${fn}: (${keyText(a.key)}) − (${keyText(b.key)})`],
  };
}
