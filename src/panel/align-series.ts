import { UnitMismatchError } from '../errors.js';
import { type AnySeries, checkSeries, reindex, spanOf } from './internal/series.js';

/** Options of {@link alignSeries}. */
export interface AlignSeriesOptions {
  /**
   * `'union'` (default): from the earliest first period to the latest last period of all series, gaps added as
   * `null`/`missing`. `'intersection'`: only the periods every series spans (possibly none).
   */
  readonly span?: 'union' | 'intersection';
}

/**
 * Lay several series on one common span of periods, so they can be compared, summed or divided period by period.
 *
 * Nothing is interpolated: a period a series does not cover becomes a gap (`null`, status `missing`), and gaps stay
 * gaps. Each series keeps its own key, currency (or unit), sources and notes, and its type: a tuple in gives the
 * same tuple out. O(series × periods).
 *
 * @param series - money, index or ratio series of one frequency
 * @param options - `span`
 * @returns the series, in order, on the common span
 * @throws {UnitMismatchError} if the frequencies differ
 * @example
 * const a = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' }, currency: 'EUR', start: '2021-11', values: [1, 2, 3] });
 * const b = makeSeries({ key: { reporter: 'EU27_2020', partner: 'AM', flow: 'export', product: 'TOTAL' }, currency: 'EUR', start: '2022-01', values: [10, 20] });
 * const [x, y] = alignSeries([a, b]);
 * x.values; // => [1, 2, 3, null]
 * y.values; // => [null, null, 10, 20]
 */
export function alignSeries<const T extends readonly AnySeries[]>(
  series: T,
  options: AlignSeriesOptions = {},
): { -readonly [K in keyof T]: T[K] } {
  const fn = 'alignSeries';
  series.forEach((s, i) => {
    checkSeries(fn, s, `series[${i}]`);
  });
  const frequencies = [...new Set(series.map((s) => s.frequency))];
  if (frequencies.length > 1) {
    throw new UnitMismatchError(`${fn} requires one frequency, got ${frequencies.sort().join(' and ')}`);
  }
  const spans = series.map((s) => spanOf(s, fn));
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  if ((options.span ?? 'union') === 'union') {
    for (const s of spans) {
      if (s === undefined) continue;
      lo = Math.min(lo, s.lo);
      hi = Math.max(hi, s.hi);
    }
  } else if (spans.length > 0 && spans.every((s) => s !== undefined)) {
    lo = Math.max(...spans.map((s) => s!.lo));
    hi = Math.min(...spans.map((s) => s!.hi));
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) {
    // No common period: every series becomes empty.
    return series.map((s) => ({ ...s, periods: [], values: [], status: [] })) as unknown as {
      -readonly [K in keyof T]: T[K];
    };
  }
  return series.map((s) => reindex(s, lo, hi, fn)) as unknown as { -readonly [K in keyof T]: T[K] };
}
