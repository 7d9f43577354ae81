import { InsufficientDataError, OptionsError, UnitMismatchError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import type { Period } from '../model/period.js';
import type { Series } from '../model/series.js';
import { finiteOrNull } from './internal/combine.js';
import { listPeriods, periodInfo } from './internal/periods.js';
import { checkSeries } from './internal/series.js';

/** A price index: a plain `{ period → level }` map, or any series-like record of periods and values. */
export type PriceIndex =
  | Readonly<Record<Period, number>>
  | { readonly periods: readonly Period[]; readonly values: readonly (number | null)[] };

/** Options of {@link deflate}. */
export interface DeflateOptions {
  /** Base period, or `[from, to]` window, whose prices the result is in (real = nominal there, on average). */
  readonly base: Period | readonly [Period, Period];
  /** Name of the index for the notes, e.g. `'Eurostat HICP, EA, 2015 = 100'`. Default `'a supplied price index'`. */
  readonly name?: string;
}

function toMap(index: PriceIndex): Map<Period, number | null> {
  const m = new Map<Period, number | null>();
  if ('periods' in index && Array.isArray(index.periods)) {
    const s = index as { readonly periods: readonly Period[]; readonly values: readonly (number | null)[] };
    s.periods.forEach((p, i) => {
      m.set(p, s.values[i] ?? null);
    });
  } else {
    for (const [p, v] of Object.entries(index as Readonly<Record<Period, number>>)) m.set(p, v);
  }
  return m;
}

/**
 * Express a money series at constant prices of a base period by a supplied price index:
 * real(t) = nominal(t) × index(base) / index(t), where index(base) is the mean over the base window.
 *
 * A period whose index level is absent, `null`, zero or negative is `null` (status `missing`), with a warning
 * note; the index used and the base are noted. The index must have the series' frequency. O(periods).
 *
 * @typeParam C - the currency (the result is in the same currency, at base-period prices)
 * @param series - a money series
 * @param index - price levels by period (a map or a series)
 * @param options - `base` and `name`
 * @returns the deflated series
 * @throws {UnitMismatchError} if the index's periods have another frequency than the series'
 * @throws {InsufficientDataError} if the index has no positive level in a base period
 * @throws {OptionsError} if the base is not a period of the series' frequency
 * @example
 * const nominal = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' }, currency: 'EUR', start: '2021', values: [100, 216] });
 * deflate(nominal, { '2021': 100, '2022': 108 }, { base: '2021' }).values; // => [100, 200]
 */
export function deflate<C extends Currency>(
  series: Series<C>,
  index: PriceIndex,
  options: DeflateOptions,
): Series<C> {
  const fn = 'deflate';
  checkSeries(fn, series);
  const levels = toMap(index);
  for (const p of levels.keys()) {
    if (periodInfo(p, fn).frequency !== series.frequency) {
      throw new UnitMismatchError(`${fn} requires a ${series.frequency} price index, got period ${p}`);
    }
  }
  const [from, to] = typeof options.base === 'string' ? [options.base, options.base] : options.base;
  const a = periodInfo(from, fn);
  const b = periodInfo(to, fn);
  if (a.frequency !== series.frequency || b.frequency !== series.frequency || a.index > b.index) {
    throw new OptionsError(`${fn} requires a ${series.frequency} base window from <= to, got ${from}..${to}`);
  }
  let sum = 0;
  let count = 0;
  for (const [p, v] of levels) {
    const i = periodInfo(p, fn).index;
    if (i < a.index || i > b.index) continue;
    if (v === null || !Number.isFinite(v) || v <= 0) {
      throw new InsufficientDataError(
        `${fn} requires a positive index level in every base period, got ${v} at ${p}`,
      );
    }
    sum += v;
    count++;
  }
  if (count !== b.index - a.index + 1) {
    throw new InsufficientDataError(`${fn} requires an index level in every base period ${from}..${to}`);
  }
  const baseLevel = sum / count;
  const values = new Array<number | null>(series.periods.length);
  const status = [...series.status];
  const noIndex: string[] = [];
  series.periods.forEach((p, j) => {
    const v = series.values[j]!;
    if (v === null) {
      values[j] = null;
      return;
    }
    const level = levels.get(p);
    if (level === undefined || level === null || !Number.isFinite(level) || level <= 0) {
      values[j] = null;
      status[j] = 'missing';
      noIndex.push(p);
      return;
    }
    values[j] = finiteOrNull((v * baseLevel) / level);
  });
  const baseText = from === to ? from : `${from}..${to}`;
  const notes = [
    ...series.notes,
    `${fn}: constant prices of ${baseText} by ${options.name ?? 'a supplied price index'}`,
  ];
  if (noIndex.length > 0)
    notes.push(`warning: ${fn}: no price index level for ${listPeriods(noIndex)}; set to null`);
  return { ...series, values, status, notes };
}

/**
 * Annual means of a monthly price index, for deflating annual series: a year has a level only when all twelve
 * months are published (positive); other years are left out, so `deflate` sets them to `null` with a warning.
 *
 * @param index - a monthly price index (a map or a series-like record)
 * @returns `{ year → mean level }` over complete years
 * @throws {UnitMismatchError} if a period of the index is not monthly
 * @example
 * const months = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`2021-${String(i + 1).padStart(2, '0')}`, 100 + i]));
 * annualPriceIndex(months)['2021']; // => 105.5
 */
export function annualPriceIndex(index: PriceIndex): Record<Period, number> {
  const fn = 'annualPriceIndex';
  const byYear = new Map<string, number[]>();
  for (const [p, v] of toMap(index)) {
    if (periodInfo(p, fn).frequency !== 'monthly') {
      throw new UnitMismatchError(`${fn} requires a monthly price index, got period ${p}`);
    }
    if (v === null || !Number.isFinite(v) || v <= 0) continue;
    const y = p.slice(0, 4);
    const a = byYear.get(y) ?? [];
    a.push(v);
    byYear.set(y, a);
  }
  const out: Record<Period, number> = {};
  for (const [y, a] of [...byYear].sort((x, z) => (x[0] < z[0] ? -1 : 1))) {
    if (a.length === 12) out[y] = a.reduce((s, v) => s + v, 0) / 12;
  }
  return out;
}
