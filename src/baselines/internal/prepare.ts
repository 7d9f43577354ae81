import { InsufficientDataError, OptionsError } from '../../errors.js';
import type { Currency } from '../../model/currency.js';
import type { Frequency, Period } from '../../model/period.js';
import type { Series } from '../../model/series.js';
import type { CommonSettings } from './options.js';

/** The default last fit period: the month before the invasion month (2022-02), or the year before 2022. */
export const DEFAULT_FIT_END: Readonly<Record<Frequency, Period>> = { monthly: '2022-01', annual: '2021' };

/** Seasonal models warn below this many observed months. */
export const SHORT_SEASONAL_WINDOW = 24;

/** What a baseline needs to know about the target's fit window. */
export interface FitData {
  /** Baseline name, for messages. */
  readonly name: string;
  readonly periods: readonly Period[];
  readonly frequency: Frequency;
  /** The target's values; NaN where null. */
  readonly values: Float64Array;
  /** Requested window `[from, to]` after defaults. */
  readonly requested: readonly [Period, Period];
  /** Indices of the usable observations in the fit window, ascending. */
  readonly obs: Int32Array;
  /** First and last usable index (the fit window actually used). */
  readonly start: number;
  readonly end: number;
  /** A positive scale of the fit-window values (mean absolute value, or 1), used to normalise internally. */
  readonly scale: number;
  /** Warnings so far, in plain words. */
  readonly warnings: string[];
}

/** Requirements of a strategy on its fit window. */
export interface PrepareRequirements {
  /** Fewest usable observations. */
  readonly minObs: number;
  /** Log model: zero and negative values are dropped with a warning. */
  readonly positive?: boolean;
  /** Seasonal model: warn when fewer than 24 months are observed; monthly series only. */
  readonly seasonal?: boolean;
  /** Monthly series only (e.g. seasonal models). */
  readonly monthlyOnly?: boolean;
}

const listPeriods = (ps: readonly Period[]): string =>
  ps.length <= 6 ? ps.join(', ') : `${ps.slice(0, 6).join(', ')}, … (${ps.length} in all)`;

/**
 * Resolve the fit window of `target`, collect its usable observations and the plain-language warnings that
 * depend only on the window (gaps, COVID months, a short window, dropped non-positive values).
 *
 * @throws {InsufficientDataError} for an empty or all-null target or too few usable values in the window
 * @throws {OptionsError} if the window lies outside the data or has the wrong frequency
 */
export function prepareFit<C extends Currency>(
  name: string,
  target: Series<C>,
  common: CommonSettings,
  req: PrepareRequirements,
): FitData {
  const periods = target.periods;
  const n = periods.length;
  if (n === 0) throw new InsufficientDataError(`${name} requires a non-empty series`);
  if (target.values.length !== n) {
    throw new OptionsError(`${name} requires one value per period, got ${target.values.length} for ${n}`);
  }
  const frequency = target.frequency;
  if (req.monthlyOnly && frequency !== 'monthly') {
    throw new OptionsError(`${name} requires a monthly series, got ${frequency}`);
  }
  const values = new Float64Array(n);
  let firstObserved = -1;
  for (let i = 0; i < n; i++) {
    const v = target.values[i];
    if (v === null || v === undefined) {
      values[i] = Number.NaN;
    } else {
      if (!Number.isFinite(v))
        throw new OptionsError(`${name} requires finite values or null, got ${v} at ${periods[i]}`);
      values[i] = v;
      if (firstObserved < 0) firstObserved = i;
    }
  }
  if (firstObserved < 0)
    throw new InsufficientDataError(`${name} requires at least one observed value, got none`);

  const from = common.fit?.[0] ?? periods[firstObserved]!;
  const to = common.fit?.[1] ?? DEFAULT_FIT_END[frequency];
  const fitFrequency: Frequency = from.length === 4 ? 'annual' : 'monthly';
  if (fitFrequency !== frequency) {
    throw new OptionsError(
      `${name} requires fit periods at the series' frequency (${frequency}), got ${from}..${to}`,
    );
  }
  const first = periods[0]!;
  const last = periods[n - 1]!;
  if (from > to) {
    throw new OptionsError(
      `${name} has no default fit window: the series is first observed in ${from}, after ${to}; pass fit`,
    );
  }
  if (to < first || from > last) {
    throw new OptionsError(`${name} fit window ${from}..${to} lies outside the data ${first}..${last}`);
  }
  // Periods are consecutive and sort lexically, so clipping the window is a comparison of strings.
  const lo = from <= first ? 0 : periods.indexOf(from);
  const hi = to >= last ? n - 1 : periods.indexOf(to);
  if (lo < 0 || hi < 0) {
    throw new OptionsError(
      `${name} requires consecutive periods (a Series from makeSeries), got a gap in the calendar`,
    );
  }

  const warnings: string[] = [];
  const obs: number[] = [];
  const dropped: Period[] = [];
  const excluded: Period[] = [];
  const isExcluded = (p: Period): boolean =>
    common.exclude.some(([a, b]) => a.length === p.length && p >= a && p <= b);
  for (let i = lo; i <= hi; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (isExcluded(periods[i]!)) {
      excluded.push(periods[i]!);
      continue;
    }
    if (req.positive && !(v > 0)) {
      dropped.push(periods[i]!);
      continue;
    }
    obs.push(i);
  }
  if (dropped.length > 0) {
    warnings.push(
      `${dropped.length} zero or negative value${dropped.length === 1 ? '' : 's'} in the fit window dropped ` +
        `because the model works in logs: ${listPeriods(dropped)}`,
    );
  }
  if (obs.length < req.minObs) {
    throw new InsufficientDataError(
      `${name} requires at least ${req.minObs} ${req.positive ? 'positive' : 'observed'} values in the fit ` +
        `window ${from}..${to}, got ${obs.length}`,
    );
  }
  const start = obs[0]!;
  const end = obs[obs.length - 1]!;
  if (excluded.length > 0) {
    warnings.push(
      `${excluded.length} period${excluded.length === 1 ? '' : 's'} excluded from the fit as asked: ${listPeriods(excluded)}`,
    );
  }
  const gaps: Period[] = [];
  for (let i = start; i <= end; i++) if (Number.isNaN(values[i]!)) gaps.push(periods[i]!);
  if (gaps.length > 0) {
    warnings.push(
      `the fit window has ${gaps.length} gap${gaps.length === 1 ? '' : 's'} (missing values): ${listPeriods(gaps)}`,
    );
  }
  const covid = obs
    .map((i) => periods[i]!)
    .filter((p) => (frequency === 'monthly' ? p >= '2020-03' && p <= '2020-12' : p === '2020'));
  if (covid.length > 0) {
    warnings.push(
      frequency === 'monthly'
        ? `the fit window includes ${covid.length} COVID month${covid.length === 1 ? '' : 's'} ` +
            `(${covid[0]}..${covid[covid.length - 1]}), when trade was depressed; the baseline may be pulled ` +
            "down (exclude: [['2020-03', '2020-12']] leaves them out)"
        : 'the fit window includes the COVID year 2020, when trade was depressed; the baseline may be pulled down',
    );
  }
  if (req.seasonal && obs.length < SHORT_SEASONAL_WINDOW) {
    warnings.push(
      `short fit window: ${obs.length} observed months, fewer than ${SHORT_SEASONAL_WINDOW} for a seasonal model; ` +
        'month effects rest on one or two values each',
    );
  }
  let sumAbs = 0;
  for (const i of obs) sumAbs += Math.abs(values[i]!);
  const meanAbs = sumAbs / obs.length;
  const scale = meanAbs > 0 && Number.isFinite(meanAbs) ? meanAbs : 1;
  return {
    name,
    periods,
    frequency,
    values,
    requested: [from, to],
    obs: Int32Array.from(obs),
    start,
    end,
    scale,
    warnings,
  };
}

/** Index positions `[end + 1, n)`: the periods that get simulated paths. */
export function horizon(data: FitData): number {
  return data.periods.length - data.end - 1;
}

/** Calendar month (1–12) of each period of a monthly series. */
export function monthsOf(periods: readonly Period[]): Int32Array {
  const out = new Int32Array(periods.length);
  for (let i = 0; i < periods.length; i++) out[i] = Number(periods[i]!.slice(5, 7));
  return out;
}

/** Throw unless every calendar month occurs among the observations. */
export function requireEveryMonth(name: string, obs: Int32Array, months: Int32Array): void {
  const seen = new Set<number>();
  for (const i of obs) seen.add(months[i]!);
  const missing = [];
  for (let m = 1; m <= 12; m++) if (!seen.has(m)) missing.push(m);
  if (missing.length > 0) {
    throw new InsufficientDataError(
      `${name} requires every calendar month in the fit window, missing month ${missing.join(', ')}`,
    );
  }
}

/**
 * The fit window from `start` to `end` in the working scale (log or level, divided by the scale), with interior
 * gaps — nulls and values dropped as non-positive — filled by linear interpolation.
 */
export function workingValues(data: FitData, log: boolean): Float64Array {
  const m = data.end - data.start + 1;
  const z = new Float64Array(m).fill(Number.NaN);
  for (const i of data.obs) {
    const v = data.values[i]! / data.scale;
    z[i - data.start] = log ? Math.log(v) : v;
  }
  let prev = 0;
  for (let k = 1; k < m; k++) {
    if (!Number.isNaN(z[k]!)) {
      for (let g = prev + 1; g < k; g++) z[g] = z[prev]! + ((z[k]! - z[prev]!) * (g - prev)) / (k - prev);
      prev = k;
    }
  }
  return z;
}
