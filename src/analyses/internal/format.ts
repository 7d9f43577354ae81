import type { Currency } from '../../model/currency.js';
import type { Interval } from '../../model/result.js';
import { nameOf } from '../study.js';

/**
 * Money in readable units: `EUR 1,170.9 m`, `USD 2.4 bn`, `GBP 30 m`. Internal to analyses (the report has its
 * own richer formatting); used to write findings' sentences.
 */
export function money(value: number | null, currency: Currency | null): string {
  if (value === null) return 'n/a';
  const cur = currency ?? '';
  const abs = Math.abs(value);
  const sign = value < 0 ? '−' : '';
  if (abs >= 1e9)
    return `${cur} ${sign}${(abs / 1e9).toLocaleString('en-GB', { maximumFractionDigits: 2 })} bn`.trim();
  if (abs >= 1e6) {
    const digits = abs >= 1e8 ? 0 : 1;
    return `${cur} ${sign}${(abs / 1e6).toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits })} m`.trim();
  }
  return `${cur} ${sign}${Math.round(abs).toLocaleString('en-GB')}`.trim();
}

/** A fraction as a signed percentage: 0.253 → `+25%`, 3.1 → `+310%`. */
export function pct(fraction: number | null, digits = 0): string {
  if (fraction === null) return 'n/a';
  const v = fraction * 100;
  const s = Math.abs(v).toLocaleString('en-GB', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
  return `${v < 0 ? '−' : '+'}${s}%`;
}

/** A ratio: 4.45 → `4.4×`. */
export function times(ratio: number | null): string {
  if (ratio === null) return 'n/a';
  return `${ratio.toLocaleString('en-GB', { maximumFractionDigits: ratio >= 10 ? 0 : 1, minimumFractionDigits: ratio >= 10 ? 0 : 1 })}×`;
}

/** An interval of fractions as percentages: `+12% to +40%`. */
export function pctInterval(i: Interval): string {
  if (i.lower === null || i.upper === null) return 'interval n/a';
  return `${Math.round(i.level * 100)}% interval ${pct(i.lower)} to ${pct(i.upper)}`;
}

/** A p-value: `p = 0.003`, `p < 0.001`. */
export function pValue(p: number | null): string {
  if (p === null) return 'p n/a';
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p.toFixed(p < 0.01 ? 3 : 2)}`;
}

/**
 * A flow in words for labels and list items: `EU27_2020`, `KZ` → `EU (27) → Kazakhstan`, `GB`, `KG` →
 * `United Kingdom → Kyrgyzstan` (no leading article, so it reads the same at the start of a sentence and in a list).
 */
export function flowLabel(from: string, to: string): string {
  const bare = (code: string) => nameOf(code).replace(/^the /, '');
  return `${bare(from)} → ${bare(to)}`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A period in words for sentences: `2022-03` → `March 2022`, `2022` → `2022` (anything else as it is). */
export function periodWords(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  const name = m === null ? undefined : MONTHS[Number(m[2]) - 1];
  return m === null || name === undefined ? period : `${name} ${m[1]}`;
}

/** A window in words: `2022-03`, `2024-08` → `March 2022 to August 2024`; one period alone when both are equal. */
export function windowWords(from: string, to: string): string {
  return from === to ? periodWords(from) : `${periodWords(from)} to ${periodWords(to)}`;
}

/** A leg's status in words: `not-supported` → `not supported`, `cannot-tell` → `cannot tell`. */
export function statusWords(status: string): string {
  return status.replace(/-/g, ' ');
}
