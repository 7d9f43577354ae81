import { OptionsError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import type { Series } from '../model/series.js';
import { combine } from './internal/combine.js';
import { checkSeries } from './internal/series.js';

/**
 * Trailing rolling sum over `window` periods: value(t) = value(t − window + 1) + … + value(t) (e.g. 12-month
 * totals from a monthly series).
 *
 * `null` where any value in the window is `null`, and in the first `window − 1` periods (an incomplete window).
 * The status is the weakest in the window. O(periods × window).
 *
 * @typeParam C - the currency
 * @param series - a money series
 * @param window - number of periods, a positive integer
 * @returns the rolling sums, same periods
 * @throws {OptionsError} if `window` is not a positive integer
 * @example
 * const s = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' }, currency: 'EUR', start: '2022-01', values: [1, 2, 3, null, 5] });
 * rollingSum(s, 2).values; // => [null, 3, 5, null, null]
 */
export function rollingSum<C extends Currency>(series: Series<C>, window: number): Series<C> {
  const fn = 'rollingSum';
  checkSeries(fn, series);
  if (!Number.isInteger(window) || window < 1) {
    throw new OptionsError(`${fn} requires a positive integer window, got ${window}`);
  }
  const n = series.periods.length;
  const values = new Array<number | null>(n);
  const status = new Array<Series['status'][number]>(n);
  const policy = { incomplete: 'null', negligibleAs: 'null' } as const;
  for (let j = 0; j < n; j++) {
    if (j < window - 1) {
      values[j] = null;
      status[j] = 'missing';
      continue;
    }
    const parts = [];
    for (let i = j - window + 1; i <= j; i++)
      parts.push({ value: series.values[i]!, status: series.status[i]! });
    const c = combine(parts, policy);
    values[j] = c.value;
    status[j] = c.status;
  }
  return {
    ...series,
    values,
    status,
    notes: [...series.notes, `${fn}: trailing sum over ${window} periods`],
  };
}
