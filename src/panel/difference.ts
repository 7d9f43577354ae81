import type { Currency } from '../model/currency.js';
import type { Series } from '../model/series.js';
import { finiteOrNull, weakerKnown, weakerNull } from './internal/combine.js';
import {
  binaryKey,
  checkSameCurrency,
  checkSamePeriods,
  checkSeries,
  keyText,
  mergeNotes,
  mergeSources,
} from './internal/series.js';

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
  checkSeries(fn, a, 'a');
  checkSeries(fn, b, 'b');
  checkSameCurrency(fn, a, b);
  checkSamePeriods(fn, a, b);
  const n = a.periods.length;
  const values = new Array<number | null>(n);
  const status = new Array<Series['status'][number]>(n);
  for (let j = 0; j < n; j++) {
    const x = { value: a.values[j]!, status: a.status[j]! };
    const y = { value: b.values[j]!, status: b.status[j]! };
    if (x.value === null || y.value === null) {
      values[j] = null;
      status[j] = weakerNull(x, y);
    } else {
      values[j] = finiteOrNull(x.value - y.value);
      status[j] = values[j] === null ? 'missing' : weakerKnown(x.status, y.status);
    }
  }
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
