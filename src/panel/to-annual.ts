import { OptionsError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import type { Series } from '../model/series.js';
import { type Component, combine } from './internal/combine.js';
import { listPeriods, periodInfo } from './internal/periods.js';
import { checkSeries } from './internal/series.js';

/** Options of {@link toAnnual}. */
export interface ToAnnualOptions {
  /**
   * `'all'` (default): a year with any month `null` or outside the series is `null`. `'any'`: the sum of the months
   * that have values, noted as a partial year (a lower bound); `null` only if no month has one.
   */
  readonly require?: 'all' | 'any';
}

/**
 * Sum a monthly series to calendar years.
 *
 * The result spans the years of the first to the last month. A month outside the series counts as a gap, so a
 * partial first or last year is `null` under `require: 'all'`. Negligible months count as zero only if the series
 * was built with `negligibleAs: 'zero'` (their value is then 0, status `negligible`), as for the ONS annual sums;
 * the notes of the series carry that choice. The status of a year is the weakest of its months. O(periods).
 *
 * @typeParam C - the currency
 * @param series - a monthly series
 * @param options - `require`
 * @returns the annual series, same key and currency
 * @throws {OptionsError} if the series is not monthly
 * @example
 * const { observations } = await loadDataset('eu-exports-monthly');
 * const kg = toSeries(observations, { reporter: 'EU27_2020', partner: 'KG', flow: 'export' });
 * toAnnual(kg).values; // 2021 → 263.2e6, 2022 → 1170.9e6 (EUR); 2024 → null (January–August only)
 */
export function toAnnual<C extends Currency>(series: Series<C>, options: ToAnnualOptions = {}): Series<C> {
  const fn = 'toAnnual';
  checkSeries(fn, series);
  if (series.frequency !== 'monthly')
    throw new OptionsError(`${fn} requires a monthly series, got ${series.frequency}`);
  const require = options.require ?? 'all';
  if (require !== 'all' && require !== 'any') {
    throw new OptionsError(`${fn} requires require 'all' or 'any', got ${JSON.stringify(require)}`);
  }
  if (series.periods.length === 0)
    return { ...series, frequency: 'annual', periods: [], values: [], status: [] };
  const policy = { incomplete: require === 'all' ? 'null' : 'lowerBound', negligibleAs: 'null' } as const;
  const firstYear = Number(series.periods[0]!.slice(0, 4));
  const lastYear = Number(series.periods.at(-1)!.slice(0, 4));
  const start = periodInfo(series.periods[0]!, fn).index;
  const periods: string[] = [];
  const values: (number | null)[] = [];
  const status: Series['status'][number][] = [];
  const partial: string[] = [];
  for (let y = firstYear; y <= lastYear; y++) {
    const months: Component[] = [];
    for (let m = 0; m < 12; m++) {
      const i = y * 12 + m - start;
      if (i >= 0 && i < series.periods.length)
        months.push({ value: series.values[i]!, status: series.status[i]! });
      else months.push({ value: null, status: 'missing' });
    }
    const c = combine(months, policy);
    const year = String(y).padStart(4, '0');
    periods.push(year);
    values.push(c.value);
    status.push(c.status);
    if (c.lowerBound) partial.push(year);
  }
  const notes = [...series.notes, `${fn}: calendar-year sums of months (require ${require})`];
  if (partial.length > 0) {
    notes.push(
      `${fn}: partial year in ${listPeriods(partial)}: sum of the months with values (a lower bound)`,
    );
  }
  return { ...series, frequency: 'annual', periods, values, status, notes };
}
