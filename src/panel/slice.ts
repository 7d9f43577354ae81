import { OptionsError } from '../errors.js';
import type { Period } from '../model/period.js';
import { periodInfo } from './internal/periods.js';
import { type AnySeries, checkSeries, reindex, spanOf } from './internal/series.js';

/**
 * The part of a series from `from` to `to` inclusive (either end optional), like `Array.prototype.slice` on
 * periods: it never adds periods the series does not have, so a window outside the series gives an empty series.
 * Works on money, index and ratio series and keeps the type. O(periods).
 *
 * @param series - any series
 * @param from - first period to keep (default: the first)
 * @param to - last period to keep (default: the last)
 * @returns the sliced series, same key, unit, sources and notes
 * @throws {OptionsError} if `from` or `to` is not a period of the series' frequency, or `from` is after `to`
 * @example
 * const s = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' }, currency: 'EUR', start: '2022-01', values: [1, 2, 3, 4] });
 * slice(s, '2022-03').values; // => [3, 4]
 * slice(s, '2021-06', '2022-02').periods; // => ['2022-01', '2022-02']
 */
export function slice<T extends AnySeries>(series: T, from?: Period, to?: Period): T {
  const fn = 'slice';
  checkSeries(fn, series);
  const span = spanOf(series, fn);
  const bound = (p: Period | undefined, name: string): number | undefined => {
    if (p === undefined) return undefined;
    const info = periodInfo(p, fn);
    if (info.frequency !== series.frequency) {
      throw new OptionsError(`${fn} requires ${name} to be ${series.frequency} like the series, got ${p}`);
    }
    return info.index;
  };
  const a = bound(from, 'from');
  const b = bound(to, 'to');
  if (a !== undefined && b !== undefined && a > b)
    throw new OptionsError(`${fn} requires from <= to, got ${from} and ${to}`);
  if (span === undefined) return series;
  const lo = Math.max(span.lo, a ?? span.lo);
  const hi = Math.min(span.hi, b ?? span.hi);
  if (lo > hi) return { ...series, periods: [], values: [], status: [] };
  return reindex(series, lo, hi, fn);
}
