import { DataValidationError, OptionsError } from '../errors.js';
import { lazySchema } from '../shared/zod.js';

/**
 * A reference period: `'YYYY-MM'` for a month or `'YYYY'` for a year. Always a string, never a `Date`
 * (Dates invite time-zone bugs and cannot say "the whole of 2022").
 *
 * @example
 * const p: Period = '2022-03';
 */
export type Period = string;

/** Monthly or annual. */
export type Frequency = 'monthly' | 'annual';

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const YEAR_RE = /^(\d{4})$/;

/**
 * zod schema for a {@link Period}.
 *
 * @example
 * PeriodSchema.parse('2024-02'); // => '2024-02'
 */
export const PeriodSchema = lazySchema((z) =>
  z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, 'period must be YYYY or YYYY-MM'),
);

/**
 * Whether a string is a valid {@link Period}.
 *
 * @example
 * isPeriod('2024-13'); // => false
 */
export function isPeriod(value: string): value is Period {
  return MONTH_RE.test(value) || YEAR_RE.test(value);
}

/**
 * The frequency of a period.
 *
 * @throws {OptionsError} if the string is not a period
 * @example
 * frequencyOf('2024'); // => 'annual'
 */
export function frequencyOf(period: Period): Frequency {
  if (MONTH_RE.test(period)) return 'monthly';
  if (YEAR_RE.test(period)) return 'annual';
  throw new OptionsError(`frequencyOf requires a period YYYY or YYYY-MM, got ${JSON.stringify(period)}`);
}

/**
 * Validate a period string.
 *
 * @throws {OptionsError} if it is not `YYYY` or `YYYY-MM`
 * @example
 * parsePeriod('2022-03'); // => '2022-03'
 */
export function parsePeriod(value: string): Period {
  if (!isPeriod(value))
    throw new OptionsError(`parsePeriod requires YYYY or YYYY-MM, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * A month as a single integer (year × 12 + month − 1), for arithmetic on monthly periods.
 *
 * @throws {OptionsError} if the period is not monthly
 * @example
 * monthIndex('2022-03') - monthIndex('2021-03'); // => 12
 */
export function monthIndex(period: Period): number {
  const m = MONTH_RE.exec(period);
  if (!m)
    throw new OptionsError(`monthIndex requires a monthly period YYYY-MM, got ${JSON.stringify(period)}`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

/**
 * The monthly period of a month index (inverse of {@link monthIndex}).
 *
 * @example
 * fromMonthIndex(monthIndex('2022-12') + 1); // => '2023-01'
 */
export function fromMonthIndex(index: number): Period {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/**
 * Shift a period by `n` steps of its own frequency (months for monthly, years for annual).
 *
 * @example
 * addPeriods('2022-11', 3); // => '2023-02'
 * addPeriods('2022', -1); // => '2021'
 */
export function addPeriods(period: Period, n: number): Period {
  if (frequencyOf(period) === 'annual') return String(Number(period) + n);
  return fromMonthIndex(monthIndex(period) + n);
}

/**
 * Every period from `from` to `to` inclusive, in order. Both ends must share a frequency.
 *
 * @throws {OptionsError} if the frequencies differ
 * @example
 * periodRange('2021-11', '2022-02'); // => ['2021-11', '2021-12', '2022-01', '2022-02']
 */
export function periodRange(from: Period, to: Period): Period[] {
  const f = frequencyOf(from);
  if (frequencyOf(to) !== f)
    throw new OptionsError(`periodRange requires two periods of one frequency, got ${from} and ${to}`);
  const out: Period[] = [];
  if (f === 'annual') {
    for (let y = Number(from); y <= Number(to); y++) out.push(String(y));
  } else {
    for (let i = monthIndex(from); i <= monthIndex(to); i++) out.push(fromMonthIndex(i));
  }
  return out;
}

/**
 * The year of a period, as a string period.
 *
 * @example
 * yearOf('2022-03'); // => '2022'
 */
export function yearOf(period: Period): Period {
  frequencyOf(period);
  return period.slice(0, 4);
}

/**
 * The calendar month (1–12) of a monthly period.
 *
 * @example
 * monthOf('2022-03'); // => 3
 */
export function monthOf(period: Period): number {
  return (monthIndex(period) % 12) + 1;
}

/**
 * Compare two periods of one frequency (for `Array.prototype.sort`). Lexical order is chronological.
 *
 * @example
 * ['2022-02', '2021-12'].sort(comparePeriods); // => ['2021-12', '2022-02']
 */
export function comparePeriods(a: Period, b: Period): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Parse the period labels Eurostat's Comext exports print, in English or French:
 * `Oct. 2019`, `Jan.-Dec. 2019`, `201952-Jan.-Dec. 2019`, `201910-Oct. 2019`, `Janv.-Déc. 2016`, `2019M10`,
 * `2019-10`, `Y2019`, `2019`. Returns `undefined` if the label is not recognised.
 *
 * Comext's codes `YYYY52` (and the label `Jan.-Dec.`) mean the whole year.
 *
 * @example
 * parseComextPeriod('201952-Jan.-Dec. 2019'); // => '2019'
 * parseComextPeriod('Oct. 2019'); // => '2019-10'
 */
export function parseComextPeriod(label: string): Period | undefined {
  const s = label.trim();
  if (isPeriod(s)) return s;
  let m = /^(\d{4})M(0[1-9]|1[0-2])$/.exec(s);
  if (m) return `${m[1]}-${m[2]}`;
  m = /^Y(\d{4})$/.exec(s);
  if (m) return m[1];
  m = /^(\d{4})(\d{2})(?:-|$)/.exec(s);
  if (m) {
    const mm = Number(m[2]);
    if (mm === 52) return m[1];
    if (mm >= 1 && mm <= 12) return `${m[1]}-${m[2]}`;
    return undefined;
  }
  m = /^(.+?)\s+(\d{4})$/.exec(s);
  if (!m) return undefined;
  const name = m[1]!.toLowerCase().replace(/\s+/g, '');
  const year = m[2]!;
  if (/^(jan|janv)\.?-(dec|déc)\.?$/.test(name)) return year;
  const month = MONTH_NAMES[name.replace(/\.$/, '')];
  return month === undefined ? undefined : `${year}-${String(month).padStart(2, '0')}`;
}

const MONTH_NAMES: Record<string, number> = {
  jan: 1,
  january: 1,
  janv: 1,
  janvier: 1,
  feb: 2,
  february: 2,
  févr: 2,
  fevr: 2,
  février: 2,
  mar: 3,
  march: 3,
  mars: 3,
  apr: 4,
  april: 4,
  avr: 4,
  avril: 4,
  may: 5,
  mai: 5,
  jun: 6,
  june: 6,
  juin: 6,
  jul: 7,
  july: 7,
  juil: 7,
  juillet: 7,
  aug: 8,
  august: 8,
  août: 8,
  aout: 8,
  sep: 9,
  sept: 9,
  september: 9,
  septembre: 9,
  oct: 10,
  october: 10,
  octobre: 10,
  nov: 11,
  november: 11,
  novembre: 11,
  dec: 12,
  december: 12,
  déc: 12,
  décembre: 12,
};

/**
 * Like {@link parseComextPeriod} but throws a {@link DataValidationError} naming the location.
 *
 * @example
 * parseComextPeriodAt('Oct. 2019', { file: 'x.csv', line: 2, field: 'PERIOD' }); // => '2019-10'
 */
export function parseComextPeriodAt(
  label: string,
  location: { file: string; line?: number; field?: string },
): Period {
  const p = parseComextPeriod(label);
  if (p === undefined)
    throw new DataValidationError(`unrecognised period ${JSON.stringify(label)}`, location);
  return p;
}
