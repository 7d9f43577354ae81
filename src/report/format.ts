/**
 * Number, money, percentage and text formatting shared by the renderers. Internal: not part of the public API.
 *
 * Every formatter is locale-free (grouping with `,`, decimal point `.`) so outputs do not depend on the machine,
 * and returns {@link NA} for `null` or non-finite input, so no `NaN` or `Infinity` ever reaches a report.
 *
 * @module
 */
import type { Currency } from '../model/currency.js';
import type { Interval } from '../model/result.js';

/** What a report prints where a figure is undefined (`null`). */
export const NA = 'n/a';

/** A scale for money figures: divide by `divisor`, print `suffix` after the number. */
export interface MoneyUnit {
  /** 1e6 for millions, 1e3 for thousands, 1 for units. */
  readonly divisor: number;
  /** Printed after the number: `m`, `thousand` or an empty string. */
  readonly suffix: string;
  /** Long name for axis and column titles: `million`, `thousand` or an empty string. */
  readonly name: string;
}

/** Millions: the unit of every money figure of 100,000 or more. */
export const MILLION: MoneyUnit = { divisor: 1e6, suffix: 'm', name: 'million' };
/** Thousands: used when every figure in a group is below 100,000. */
export const THOUSAND: MoneyUnit = { divisor: 1e3, suffix: 'thousand', name: 'thousand' };

/** Whether a value is a finite number. */
export function isNum(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/**
 * Format a number with `,` grouping and a fixed number of decimals, without locale data.
 *
 * `-0` and values that round to zero print without a minus sign.
 */
export function formatNumber(x: number | null | undefined, decimals = 1): string {
  if (!isNum(x)) return NA;
  const fixed = Math.abs(x).toFixed(decimals);
  const [int = '0', frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const body = frac === undefined ? grouped : `${grouped}.${frac}`;
  const isZero = Number(fixed) === 0;
  return x < 0 && !isZero ? `-${body}` : body;
}

/** Pick one money unit for a group of values: millions unless every value is below 100,000 in magnitude. */
export function moneyUnit(values: readonly (number | null | undefined)[]): MoneyUnit {
  const finite = values.filter(isNum);
  if (finite.length === 0) return MILLION;
  const max = Math.max(...finite.map(Math.abs));
  return max >= 1e5 || max === 0 ? MILLION : THOUSAND;
}

/**
 * Money in readable units with its currency, e.g. `EUR 1,170.9 m`.
 *
 * @param value - base units of `currency` (EUR, not EUR m); `null` prints {@link NA}
 * @param currency - the currency, or `null` for a unit-free number (printed with 3 decimals)
 * @param unit - the scale (default: chosen from the value alone by {@link moneyUnit})
 * @param signed - print a `+` before positive values (for excesses)
 */
export function formatMoney(
  value: number | null | undefined,
  currency: Currency | null,
  unit?: MoneyUnit,
  signed = false,
): string {
  if (!isNum(value)) return NA;
  if (currency === null) return signedText(formatNumber(value, 3), value, signed);
  const u = unit ?? moneyUnit([value]);
  const body = signedText(formatNumber(value / u.divisor, 1), value, signed);
  return `${currency} ${body} ${u.suffix}`;
}

function signedText(text: string, value: number, signed: boolean): string {
  return signed && value > 0 && !/^0(\.0+)?$/.test(text) ? `+${text}` : text;
}

/**
 * A fraction as a percentage, e.g. `3.448` → `+344.8%` (signed) or `344.8%`.
 *
 * @param fraction - 0.25 means 25%; `null` prints {@link NA}
 * @param signed - print `+` before positive values (default true: these are changes)
 */
export function formatPct(fraction: number | null | undefined, signed = true, decimals = 1): string {
  if (!isNum(fraction)) return NA;
  return `${signedText(formatNumber(fraction * 100, decimals), fraction, signed)}%`;
}

/** A p-value: `<0.001` below a thousandth, else three decimals. */
export function formatP(p: number | null | undefined): string {
  if (!isNum(p)) return NA;
  if (p < 0.001) return '<0.001';
  return p.toFixed(3);
}

/**
 * A coverage level as a percentage without decimals where possible: 0.95 → `95%`, 0.995 → `99.5%`; level 1 marks a
 * range that is not a probability interval (e.g. the span of the pre-war years) and reads `range`.
 */
export function formatLevel(level: number): string {
  if (!isNum(level)) return NA;
  if (level === 1) return 'range';
  const pct = level * 100;
  return `${Number.isInteger(Math.round(pct * 10) / 10) ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

/**
 * A money interval in one unit, e.g. `EUR +700.1 to +950.2 m (95%)`; {@link NA} when a bound is undefined.
 *
 * @param withLevel - append the coverage level in parentheses (default true)
 */
export function formatMoneyInterval(
  interval: Interval,
  currency: Currency | null,
  unit?: MoneyUnit,
  withLevel = true,
): string {
  const { lower, upper } = interval;
  if (!isNum(lower) || !isNum(upper)) return NA;
  const level = withLevel ? ` (${formatLevel(interval.level)})` : '';
  if (currency === null)
    return `${formatMoney(lower, null, unit, true)} to ${formatMoney(upper, null, unit, true)}${level}`;
  const u = unit ?? moneyUnit([lower, upper]);
  const lo = signedText(formatNumber(lower / u.divisor, 1), lower, true);
  const hi = signedText(formatNumber(upper / u.divisor, 1), upper, true);
  return `${currency} ${lo} to ${hi} ${u.suffix}${level}`;
}

/**
 * A fraction interval as percentages, e.g. `+210.0% to +480.5% (95%)`; {@link NA} when a bound is undefined.
 *
 * @param withLevel - append the coverage level in parentheses (default true)
 */
export function formatPctInterval(interval: Interval, withLevel = true): string {
  if (!isNum(interval.lower) || !isNum(interval.upper)) return NA;
  const level = withLevel ? ` (${formatLevel(interval.level)})` : '';
  return `${formatPct(interval.lower)} to ${formatPct(interval.upper)}${level}`;
}

/** A window of periods: `2022-03 to 2023-12`, or the single period when both ends agree. */
export function formatWindow(window: { readonly from: string; readonly to: string }): string {
  return window.from === window.to ? window.from : `${window.from} to ${window.to}`;
}

/** Collapse whitespace runs (including newlines) into single spaces and trim. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Escape text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Escape text for Markdown (CommonMark/GFM), so data can neither start a structure (heading, list, quote, table
 * cell) nor inject HTML or links. Newlines are collapsed to spaces.
 *
 * Underscores between letters or digits (`EU27_2020`) are left alone: CommonMark never reads them as emphasis.
 *
 * @param atLineStart - the text begins a line (a paragraph or a list item's content), so a leading `#`, `-`, `+`,
 *   `=` or `1.` must be escaped too (default true); table cells and text after a label pass false
 */
export function escapeMarkdown(text: string, atLineStart = true): string {
  const escaped = oneLine(text)
    .replace(/[\\`*[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
    .replace(/(^|[^A-Za-z0-9])_|_(?=$|[^A-Za-z0-9])/g, (m) => m.replace('_', '\\_'));
  if (!atLineStart) return escaped;
  // A line may not start a block structure: heading, list item, ordered list, thematic break, setext underline.
  return escaped.replace(/^([#+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Pad or cut text to exactly `width` characters (cutting with `…`), aligned left or right. */
export function padTo(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const chars = Array.from(text);
  if (chars.length > width)
    return width <= 1 ? '…'.slice(0, width) : `${chars.slice(0, width - 1).join('')}…`;
  const pad = ' '.repeat(width - chars.length);
  return align === 'left' ? text + pad : pad + text;
}

/** Display width of a string in characters (code points). */
export function textWidth(text: string): number {
  return Array.from(text).length;
}

/** Split text into lines of at most `max` characters at spaces, for subtitles (vega does not wrap). */
export function wrap(text: string, max = 84): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of oneLine(text).split(' ')) {
    if (line !== '' && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
