import { InsufficientDataError, OptionsError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import type { Period } from '../model/period.js';
import type { Series } from '../model/series.js';
import { finiteOrNull } from './internal/combine.js';
import { periodInfo } from './internal/periods.js';
import { checkSeries } from './internal/series.js';
import type { IndexSeries } from './types.js';

/** Options of {@link rebase}. */
export interface RebaseOptions {
  /** Base period, or `[from, to]` window whose mean becomes 100. */
  readonly base: Period | readonly [Period, Period];
}

function baseNote(b: IndexSeries['base']): string {
  const window = b.from === b.to ? b.from : `${b.from}..${b.to}`;
  return `rebase: index, ${window} = 100 (base level ${b.value} ${b.currency})`;
}

/**
 * Turn a money series into an index: value / mean(base window) × 100.
 *
 * The result is an {@link IndexSeries}: no longer in currency units, with no `currency` field, so the compiler
 * refuses it where money is expected. It remembers the base level and currency for {@link unrebase}. Gaps stay
 * gaps. O(periods).
 *
 * @typeParam C - the currency of the input
 * @param series - a money series
 * @param options - `base` period or window, inside the series
 * @returns the index series (base = 100)
 * @throws {OptionsError} if the base window is not inside the series or has the wrong frequency
 * @throws {InsufficientDataError} if a base period has no value or the base mean is zero
 * @example
 * const kg = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' }, currency: 'EUR', start: '2021-01', values: [50, 150, 300] });
 * const idx = rebase(kg, { base: ['2021-01', '2021-02'] }); // their mean (100) = 100
 * idx.values; // => [50, 150, 300]
 * idx.unit; // => 'index'
 */
export function rebase<C extends Currency>(series: Series<C>, options: RebaseOptions): IndexSeries<C> {
  const fn = 'rebase';
  checkSeries(fn, series);
  const [from, to] = typeof options.base === 'string' ? [options.base, options.base] : options.base;
  const a = periodInfo(from, fn);
  const b = periodInfo(to, fn);
  if (a.frequency !== series.frequency || b.frequency !== series.frequency || a.index > b.index) {
    throw new OptionsError(`${fn} requires a ${series.frequency} base window from <= to, got ${from}..${to}`);
  }
  const start = series.periods.length === 0 ? 0 : periodInfo(series.periods[0]!, fn).index;
  const i0 = a.index - start;
  const i1 = b.index - start;
  if (series.periods.length === 0 || i0 < 0 || i1 >= series.periods.length) {
    throw new OptionsError(`${fn} requires the base ${from}..${to} inside the series`);
  }
  let sum = 0;
  for (let i = i0; i <= i1; i++) {
    const v = series.values[i]!;
    if (v === null)
      throw new InsufficientDataError(
        `${fn} requires a value in every base period, got null at ${series.periods[i]}`,
      );
    sum += v;
  }
  const level = sum / (i1 - i0 + 1);
  if (level === 0 || !Number.isFinite(level)) {
    throw new InsufficientDataError(`${fn} requires a non-zero base level, got ${level}`);
  }
  const base = { from, to, value: level, currency: series.currency };
  const { currency: _currency, ...rest } = series;
  return {
    ...rest,
    unit: 'index',
    values: series.values.map((v) => (v === null ? null : finiteOrNull((v / level) * 100))),
    status: [...series.status],
    base,
    notes: [...series.notes, baseNote(base)],
  };
}

/**
 * Turn an index series made by {@link rebase} back into money: value / 100 × base level, in the base currency.
 * `unrebase(rebase(s, o))` equals `s` (to floating-point precision), notes included. O(periods).
 *
 * @typeParam C - the currency of the series that was rebased
 * @param index - an index series
 * @returns the money series
 * @throws {OptionsError} if the base level is missing, zero or not finite
 * @example
 * const kg = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
 *   currency: 'EUR', start: '2021-01', values: [50, 150] });
 * unrebase(rebase(kg, { base: '2021-01' })).values; // => [50, 150]
 */
export function unrebase<C extends Currency>(index: IndexSeries<C>): Series<C> {
  const fn = 'unrebase';
  checkSeries(fn, index);
  const b = index.base;
  if (b === undefined || typeof b.value !== 'number' || !Number.isFinite(b.value) || b.value === 0) {
    throw new OptionsError(
      `${fn} requires an index series with a finite non-zero base level (made by rebase)`,
    );
  }
  const note = baseNote(b);
  const notes =
    index.notes.at(-1) === note
      ? index.notes.slice(0, -1)
      : [...index.notes, `${fn}: money again (× ${b.value} / 100)`];
  const { unit: _unit, base: _base, ...rest } = index;
  return {
    ...rest,
    currency: b.currency,
    values: index.values.map((v) => (v === null ? null : finiteOrNull((v / 100) * b.value))),
    status: [...index.status],
    notes,
  };
}
