/**
 * Number parsing for published trade files: decimal and thousands separators, and the tokens publishers print
 * instead of a number (`:` not available, `-` nil, `c` confidential).
 *
 * @module
 */

/** What a value cell holds. */
export type ParsedValue =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'missing' }
  | { readonly kind: 'zero' }
  | { readonly kind: 'confidential' }
  | { readonly kind: 'invalid' };

/** How numbers are written. */
export interface NumberFormat {
  /** Decimal separator (default `.`). */
  readonly decimal?: '.' | ',';
  /**
   * Thousands separator. `undefined` (the default) accepts correctly grouped digits with `,` (when the decimal
   * separator is `.`), `.` (when it is `,`), a space, a no-break space, a narrow no-break space or `'`; `''`
   * accepts no grouping at all.
   */
  readonly thousands?: string;
}

const MISSING = new Set(['', ':', '..', '...', 'na', 'n/a', 'null', 'nan', 'none']);
const ZERO = new Set(['-', '–', '—']);
const CONFIDENTIAL = new Set(['c', ':c', ': c', 'conf', 'confidential']);
const AUTO_GROUPS = [' ', '\u00a0', '\u202f', "'"];

function escapeRegExp(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Parse a value cell. Never returns NaN or an infinite number: anything that is not a finite number or a known
 * token is `invalid`.
 *
 * @example
 * parseValue('1,234,567').kind; // => 'number'
 * parseValue(':').kind; // => 'missing'
 */
export function parseValue(text: string, format: NumberFormat = {}): ParsedValue {
  const s = text.trim();
  const lower = s.toLowerCase();
  if (MISSING.has(lower)) return { kind: 'missing' };
  if (ZERO.has(s)) return { kind: 'zero' };
  if (CONFIDENTIAL.has(lower)) return { kind: 'confidential' };
  const n = parseNumber(s, format);
  return n === undefined ? { kind: 'invalid' } : { kind: 'number', value: n };
}

/**
 * Parse a number with the given separators, or `undefined` if the text is not one.
 *
 * @example
 * parseNumber('1 234,5', { decimal: ',' }); // => 1234.5
 */
export function parseNumber(text: string, format: NumberFormat = {}): number | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  const decimal = format.decimal ?? '.';
  const d = escapeRegExp(decimal);
  const plain = new RegExp(`^[+-]?(\\d+(${d}\\d*)?|${d}\\d+)([eE][+-]?\\d+)?$`);
  let normalised: string | undefined;
  if (plain.test(s)) normalised = s;
  else {
    const groups =
      format.thousands === undefined
        ? [...AUTO_GROUPS, decimal === '.' ? ',' : '.']
        : format.thousands === ''
          ? []
          : [format.thousands];
    for (const g of groups) {
      if (g === decimal) continue;
      const grouped = new RegExp(`^[+-]?\\d{1,3}(${escapeRegExp(g)}\\d{3})+(${d}\\d+)?$`);
      if (grouped.test(s)) {
        normalised = s.split(g).join('');
        break;
      }
    }
  }
  if (normalised === undefined) return undefined;
  if (decimal !== '.') normalised = normalised.replace(decimal, '.');
  const n = Number(normalised);
  return Number.isFinite(n) ? n : undefined;
}
