/**
 * Period arithmetic on integer indices (months since year 0, or years), cached so that building many series from
 * many observations parses each distinct period string once.
 *
 * @module
 */
import { OptionsError } from '../../errors.js';
import { type Frequency, fromMonthIndex, type Period } from '../../model/period.js';

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const YEAR_RE = /^\d{4}$/;

const cache = new Map<string, { frequency: Frequency; index: number }>();

/** Frequency and integer index of a period (months since year 0 for monthly, the year for annual). */
export function periodInfo(period: Period, fn: string): { frequency: Frequency; index: number } {
  const hit = cache.get(period);
  if (hit !== undefined) return hit;
  let info: { frequency: Frequency; index: number };
  const m = MONTH_RE.exec(period);
  if (m) info = { frequency: 'monthly', index: Number(m[1]) * 12 + Number(m[2]) - 1 };
  else if (YEAR_RE.test(period)) info = { frequency: 'annual', index: Number(period) };
  else throw new OptionsError(`${fn} requires periods YYYY or YYYY-MM, got ${JSON.stringify(period)}`);
  if (cache.size > 100_000) cache.clear();
  cache.set(period, info);
  return info;
}

/** The period at an integer index of a frequency. */
export function periodAt(index: number, frequency: Frequency): Period {
  return frequency === 'monthly' ? fromMonthIndex(index) : String(index).padStart(4, '0');
}

/** Every period from index `a` to `b` inclusive. */
export function periodsBetween(a: number, b: number, frequency: Frequency): Period[] {
  const out: Period[] = [];
  for (let i = a; i <= b; i++) out.push(periodAt(i, frequency));
  return out;
}

/** Index of a period, checking it has the expected frequency. */
export function indexOf(period: Period, frequency: Frequency, fn: string, what: string): number {
  const info = periodInfo(period, fn);
  if (info.frequency !== frequency) {
    throw new OptionsError(`${fn} requires ${what} to be ${frequency}, got ${JSON.stringify(period)}`);
  }
  return info.index;
}

/** Compact description of a list of periods for notes: `2022-03, 2022-05 and 4 more`. */
export function listPeriods(periods: readonly Period[], max = 6): string {
  if (periods.length <= max) return periods.join(', ');
  return `${periods.slice(0, max).join(', ')} and ${periods.length - max} more`;
}
