import type { Currency } from '../model/currency.js';
import type { Series } from '../model/series.js';
import { finiteOrNull, weakerKnown, weakerNull } from './internal/combine.js';
import { checkSeries } from './internal/series.js';
import type { RatioSeries } from './types.js';

/**
 * Growth on the same period a year earlier, as a fraction: value(t) / value(t − 1 year) − 1 (0.25 = +25%).
 *
 * The lag is 12 periods for a monthly series and 1 for an annual one. `null` where the value or its base is `null`,
 * where the base is 0 (growth from nothing is undefined), and in the first year. The result is a
 * {@link RatioSeries} (`unit: 'fraction'`), not money. O(periods).
 *
 * @typeParam C - the currency of the input
 * @param series - a money series
 * @returns the growth rates, same periods
 * @example
 * const kg = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' }, currency: 'EUR', start: '2021', values: [263.2e6, 1170.9e6] });
 * yearOnYear(kg).values; // => [null, 3.4487…] (+345%)
 */
export function yearOnYear<C extends Currency>(series: Series<C>): RatioSeries {
  const fn = 'yearOnYear';
  checkSeries(fn, series);
  const lag = series.frequency === 'monthly' ? 12 : 1;
  const n = series.periods.length;
  const values = new Array<number | null>(n);
  const status = new Array<Series['status'][number]>(n);
  for (let j = 0; j < n; j++) {
    const a = { value: series.values[j]!, status: series.status[j]! };
    if (j < lag) {
      values[j] = null;
      status[j] = 'missing';
      continue;
    }
    const b = { value: series.values[j - lag]!, status: series.status[j - lag]! };
    if (a.value === null || b.value === null) {
      values[j] = null;
      status[j] = weakerNull(a, b);
    } else if (b.value === 0) {
      values[j] = null;
      status[j] = 'missing';
    } else {
      values[j] = finiteOrNull(a.value / b.value - 1);
      status[j] = values[j] === null ? 'missing' : weakerKnown(a.status, b.status);
    }
  }
  const { currency: _currency, ...rest } = series;
  return {
    ...rest,
    unit: 'fraction',
    values,
    status,
    notes: [
      ...series.notes,
      `${fn}: fraction change on the same period a year earlier; null where the base is null or 0`,
    ],
  };
}
