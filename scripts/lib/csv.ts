/**
 * Small, deterministic CSV and number helpers for the dataset build.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** One parsed input record with its 1-based physical line (header = line 1). */
export interface RawRecord {
  /** Fields by header name. */
  readonly fields: Readonly<Record<string, string>>;
  /** 1-based line of the record in its file. */
  readonly line: number;
}

/**
 * Parse CSV text (RFC 4180: quoted fields with `""` escapes, newlines inside quotes, CRLF or LF) into records of
 * strings, each with the 1-based line where it starts.
 *
 * Hand-rolled because the build reads ~300k-row files and must stay fast; the format is simple and the files are
 * published, so a malformed quote throws rather than guesses.
 *
 * @param text - the file text (a leading BOM is ignored)
 * @returns the records and their starting lines
 * @throws {Error} on an unterminated quoted field
 */
export function parseCsvText(text: string): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      if (text.charCodeAt(i) === 34) {
        // Quoted field.
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) throw new Error(`unterminated quoted field starting on line ${start}`);
          value += text.slice(j, q);
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            j = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        for (let k = 0; k < value.length; k++) if (value.charCodeAt(k) === 10) line++;
        fields.push(value);
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          j++;
        }
        fields.push(text.slice(i, j));
        i = j;
      }
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        continue;
      }
      if (c === 13) i++;
      if (text.charCodeAt(i) === 10) i++;
      line++;
      break;
    }
    if (!(fields.length === 1 && fields[0] === '')) out.push({ fields, line: start });
  }
  return out;
}

/**
 * Read a CSV file with a header row (BOM stripped), keeping every field as a string.
 *
 * @param path - absolute path
 * @param options.relaxColumnCount - accept records with more or fewer fields than the header
 * @returns the records with their line numbers
 * @throws {Error} when a record has the wrong number of fields (unless relaxed)
 */
export function readCsv(path: string, options: { relaxColumnCount?: boolean } = {}): RawRecord[] {
  const rows = parseCsvText(readFileSync(path, 'utf8'));
  const header = rows[0]?.fields ?? [];
  const out: RawRecord[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    if (row === undefined) continue;
    if (row.fields.length !== header.length && options.relaxColumnCount !== true) {
      throw new Error(`${path}: line ${row.line} has ${row.fields.length} fields, header ${header.length}`);
    }
    const fields: Record<string, string> = {};
    for (let k = 0; k < header.length; k++) fields[header[k] ?? ''] = row.fields[k] ?? '';
    out.push({ fields, line: row.line });
  }
  return out;
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
  if (k === 0 && /^[1-9]\d*$/.test(value)) return value;
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
