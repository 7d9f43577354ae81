/**
 * Small, deterministic CSV and number helpers for the dataset build.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** One parsed input record with its 1-based physical line (header = line 1). */
export interface RawRecord {
  /** Fields by header name. */
  readonly fields: Readonly<Record<string, string>>;
  /** 1-based line of the record in its file. */
  readonly line: number;
}

/**
 * Read a CSV file with a header row (BOM stripped), keeping every field as a string.
 *
 * @param path - absolute path
 * @param options.relaxColumnCount - accept records with more or fewer fields than the header
 * @returns the records with their line numbers
 */
export function readCsv(path: string, options: { relaxColumnCount?: boolean } = {}): RawRecord[] {
  const text = readFileSync(path, 'utf8');
  const rows = parse(text, {
    bom: true,
    columns: true,
    skip_empty_lines: true,
    relax_column_count: options.relaxColumnCount ?? false,
    info: true,
  }) as { record: Record<string, string>; info: { lines: number } }[];
  return rows.map((r) => ({ fields: r.record, line: r.info.lines }));
}

/**
 * SHA-256 of a file, hex.
 *
 * @param path - absolute path
 * @returns lowercase hex digest
 */
export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * Quote a CSV field when it needs it (comma, quote, CR/LF, leading/trailing space).
 *
 * @param value - the field
 * @returns the field as written
 */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Serialise rows as CSV with `\n` line ends and a final newline.
 *
 * @param columns - header names, in order
 * @param rows - rows as arrays of strings in column order
 * @returns the file text
 */
export function toCsvText(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const out: string[] = [columns.map(csvField).join(',')];
  for (const r of rows) out.push(r.map(csvField).join(','));
  return `${out.join('\n')}\n`;
}

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Multiply a decimal number written as a string by 10^k exactly, without floating-point noise, and write it in
 * canonical form: no exponent, no leading zeros, no trailing fractional zeros, `0` rather than `-0`.
 *
 * `scaleDecimal('289492.931', 3)` is `'289492931'`; `scaleDecimal('8e-05', 3)` is `'0.08'`;
 * `scaleDecimal('36857.64969058968', 6)` is `'36857649690.58968'`.
 *
 * @param value - a decimal number as published (`.` as decimal mark, optional exponent)
 * @param k - power of ten (3 for thousands, 6 for millions, 0 to canonicalise only)
 * @returns the canonical decimal string, or `undefined` when `value` is not a number
 */
export function scaleDecimal(value: string, k: number): string | undefined {
  const m = DECIMAL_RE.exec(value.trim());
  if (!m) return undefined;
  const sign = m[1] === '-' ? '-' : '';
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  if (intPart === '' && fracPart === '') return undefined;
  const exp = Number(m[4] ?? '0') + k;
  let digits = intPart + fracPart;
  let point = intPart.length + exp; // position of the decimal point within `digits`
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  let whole = digits.slice(0, point).replace(/^0+/, '');
  const frac = digits.slice(point).replace(/0+$/, '');
  if (whole === '') whole = '0';
  const body = frac === '' ? whole : `${whole}.${frac}`;
  return body === '0' ? '0' : sign + body;
}

/**
 * Compare strings by UTF-16 code units (locale-independent, for deterministic sorting).
 *
 * @param a - first string
 * @param b - second string
 * @returns negative, zero or positive
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
