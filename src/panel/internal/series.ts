/**
 * Checks and helpers for functions that take series.
 *
 * @module
 */
import { OptionsError, UnitMismatchError } from '../../errors.js';
import type { Currency } from '../../model/currency.js';
import type { ObservationStatus } from '../../model/observation.js';
import type { Series, SeriesKey } from '../../model/series.js';
import type { IndexSeries, RatioSeries } from '../types.js';
import { weakerKnown, weakerNull } from './combine.js';
import { periodAt, periodInfo } from './periods.js';

/**
 * Any series-like value: money, index or ratio.
 *
 * @example
 * const s: AnySeries = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' }, currency: 'EUR', start: '2021', values: [1, 2] });
 */
export type AnySeries = Series | IndexSeries | RatioSeries;

/** `EU27_2020→KG export TOTAL`. */
export function keyText(key: SeriesKey): string {
  return `${key.reporter}→${key.partner} ${key.flow} ${key.product}`;
}

/**
 * Check that a value is a well-formed series: periods, values and status of one length, values finite or null.
 *
 * @throws {OptionsError}
 */
export function checkSeries(fn: string, s: AnySeries, what = 'series'): void {
  if (
    typeof s !== 'object' ||
    s === null ||
    !Array.isArray(s.periods) ||
    !Array.isArray(s.values) ||
    !Array.isArray(s.status)
  ) {
    throw new OptionsError(`${fn} requires ${what} to be a series (periods, values, status)`);
  }
  if (s.values.length !== s.periods.length || s.status.length !== s.periods.length) {
    throw new OptionsError(
      `${fn} requires ${what} to have one value and status per period, got ${s.periods.length} periods, ${s.values.length} values, ${s.status.length} statuses`,
    );
  }
  for (const v of s.values) {
    if (v !== null && !Number.isFinite(v)) {
      throw new OptionsError(`${fn} requires finite values or null in ${what}, got ${String(v)}`);
    }
  }
  let prev: number | undefined;
  for (const p of s.periods) {
    const info = periodInfo(p, fn);
    if (info.frequency !== s.frequency) {
      throw new OptionsError(`${fn} requires ${what} periods to be ${s.frequency}, got ${JSON.stringify(p)}`);
    }
    if (prev !== undefined && info.index !== prev + 1) {
      throw new OptionsError(`${fn} requires consecutive periods in ${what}, got a jump to ${p}`);
    }
    prev = info.index;
  }
}

/**
 * Require two money series in one currency (a cast around the type still fails here).
 *
 * @throws {UnitMismatchError}
 */
export function checkSameCurrency(fn: string, a: Series, b: Series): Currency {
  if (a.currency !== b.currency) {
    throw new UnitMismatchError(`${fn} requires series in one currency, got ${a.currency} and ${b.currency}`);
  }
  return a.currency;
}

/**
 * Require the same frequency and periods.
 *
 * @throws {UnitMismatchError} on different frequencies
 * @throws {OptionsError} on different periods
 */
export function checkSamePeriods(fn: string, a: AnySeries, b: AnySeries): void {
  if (a.frequency !== b.frequency) {
    throw new UnitMismatchError(`${fn} requires one frequency, got ${a.frequency} and ${b.frequency}`);
  }
  const same = a.periods.length === b.periods.length && a.periods.every((p, i) => p === b.periods[i]);
  if (!same) {
    const span = (s: AnySeries) =>
      s.periods.length === 0 ? 'no periods' : `${s.periods[0]}..${s.periods.at(-1)}`;
    throw new OptionsError(
      `${fn} requires series over the same periods, got ${span(a)} and ${span(b)}: use alignSeries or slice first`,
    );
  }
}

/** Sources of several series, sorted, without repeats. */
export function mergeSources(...series: readonly { readonly sources: readonly string[] }[]): string[] {
  const set = new Set<string>();
  for (const s of series) for (const x of s.sources) set.add(x);
  return [...set].sort();
}

/** Notes of several series in order, without repeats. */
export function mergeNotes(...series: readonly { readonly notes: readonly string[] }[]): string[] {
  const set = new Set<string>();
  for (const s of series) for (const x of s.notes) set.add(x);
  return [...set];
}

/** A null value's status. */
export function gapStatus(status: ObservationStatus): ObservationStatus {
  return status === 'negligible' || status === 'confidential' ? status : 'missing';
}

/**
 * The series laid on the periods with indices `lo..hi` of its frequency: values outside its span are gaps
 * (`null`, `missing`), values outside `lo..hi` are dropped. Everything else is kept.
 */
export function reindex<T extends AnySeries>(s: T, lo: number, hi: number, fn: string): T {
  const frequency = s.frequency;
  const start = s.periods.length === 0 ? 0 : periodInfo(s.periods[0]!, fn).index;
  const n = Math.max(0, hi - lo + 1);
  const periods = new Array<string>(n);
  const values = new Array<number | null>(n);
  const status = new Array<ObservationStatus>(n);
  for (let j = 0; j < n; j++) {
    const i = lo + j - start;
    periods[j] = periodAt(lo + j, frequency);
    if (s.periods.length > 0 && i >= 0 && i < s.periods.length) {
      values[j] = s.values[i]!;
      status[j] = s.status[i]!;
    } else {
      values[j] = null;
      status[j] = 'missing';
    }
  }
  return { ...s, periods, values, status };
}

/** Index of the first and last period of a non-empty series. */
export function spanOf(s: AnySeries, fn: string): { lo: number; hi: number } | undefined {
  if (s.periods.length === 0) return undefined;
  return { lo: periodInfo(s.periods[0]!, fn).index, hi: periodInfo(s.periods.at(-1)!, fn).index };
}

/** The key of a binary result: fields that differ become `a<op>b` (the flow stays `a`'s). */
export function binaryKey(a: SeriesKey, b: SeriesKey, op: string): SeriesKey {
  const f = (x: string, y: string) => (x === y ? x : `${x}${op}${y}`);
  return {
    reporter: f(a.reporter, b.reporter),
    partner: f(a.partner, b.partner),
    flow: a.flow,
    product: f(a.product, b.product),
  };
}

/**
 * Two money series of one currency and the same periods (checked), combined period by period: `null` with the
 * weaker reason where either value is `null`; otherwise `op` of the two values, `missing` where `op` gives `null`
 * and the weaker of the two statuses where it gives a value.
 *
 * @throws {UnitMismatchError} if the currencies or frequencies differ
 * @throws {OptionsError} if the periods differ
 */
export function combinePeriods(
  fn: string,
  a: Series,
  b: Series,
  op: (x: number, y: number) => number | null,
): { values: (number | null)[]; status: ObservationStatus[] } {
  checkSeries(fn, a, 'a');
  checkSeries(fn, b, 'b');
  checkSameCurrency(fn, a, b);
  checkSamePeriods(fn, a, b);
  const n = a.periods.length;
  const values = new Array<number | null>(n);
  const status = new Array<ObservationStatus>(n);
  for (let j = 0; j < n; j++) {
    const x = { value: a.values[j]!, status: a.status[j]! };
    const y = { value: b.values[j]!, status: b.status[j]! };
    if (x.value === null || y.value === null) {
      values[j] = null;
      status[j] = weakerNull(x, y);
    } else {
      values[j] = op(x.value, y.value);
      status[j] = values[j] === null ? 'missing' : weakerKnown(x.status, y.status);
    }
  }
  return { values, status };
}
