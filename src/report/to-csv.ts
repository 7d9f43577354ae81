import type { StudyFinding as Finding } from '../model/study.js';

/**
 * The columns of {@link toCsv}, in order: snake_case names of the {@link Finding} fields, with the window,
 * intervals and fit flattened.
 *
 * @example
 * CSV_COLUMNS.indexOf('excess_pct'); // => 13
 */
export const CSV_COLUMNS = [
  'id',
  'leg',
  'exporter',
  'destination',
  'product_group',
  'method',
  'currency',
  'frequency',
  'window_from',
  'window_to',
  'actual',
  'expected',
  'excess',
  'excess_pct',
  'ratio',
  'interval_lower',
  'interval_upper',
  'interval_level',
  'pct_interval_lower',
  'pct_interval_upper',
  'pct_interval_level',
  'p_value',
  'p_method',
  'fit_n',
  'fit_rmse',
  'fit_mape',
  'series_id',
  'counterfactual_id',
  'warnings',
  'text',
] as const;

type Cell = FindingCell;

/** Separator between the warnings of one finding in the `warnings` column. */
const WARNING_SEPARATOR = ' | ';

/**
 * A text cell a spreadsheet may read as a formula (OWASP "CSV injection"): one that starts with `=`, `+`, `-`, `@`,
 * a tab or CR, or with their full-width forms `＝` `＋` `－` `＠` (which some spreadsheets fold to ASCII), also
 * after leading whitespace (which some spreadsheets trim before deciding).
 */
const FORMULA_START = /^[\t\r]|^[\s\u200b]*[=+\-@\uff1d\uff0b\uff0d\uff20]/;

/** Encode one cell: numbers as plain decimals, text neutralised against formulas and quoted per RFC 4180. */
function encodeCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const safe = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A CSV cell before encoding: text, a number, or nothing. */
export type FindingCell = string | number | null;

/**
 * A finding flattened to the {@link CSV_COLUMNS} (numbers stay numbers, warnings joined with ` | `): the one row
 * builder behind `toCsv` and `toDanfo`.
 *
 * @example
 * const result = await roundabout();
 * findingRow(result.findings[0]!).excess_pct; // => 1.28 (approx.: a fraction, EU27_2020 → KZ under seasonalTrend)
 */
export function findingRow(f: Finding): Record<(typeof CSV_COLUMNS)[number], FindingCell> {
  return {
    id: f.id,
    leg: f.leg,
    exporter: f.exporter,
    destination: f.destination,
    product_group: f.productGroup,
    method: f.method,
    currency: f.currency,
    frequency: f.frequency,
    window_from: f.window.from,
    window_to: f.window.to,
    actual: f.actual,
    expected: f.expected,
    excess: f.excess,
    excess_pct: f.excessPct,
    ratio: f.ratio,
    interval_lower: f.interval.lower,
    interval_upper: f.interval.upper,
    interval_level: f.interval.level,
    pct_interval_lower: f.pctInterval.lower,
    pct_interval_upper: f.pctInterval.upper,
    pct_interval_level: f.pctInterval.level,
    p_value: f.pValue,
    p_method: f.pMethod,
    fit_n: f.fit?.n ?? null,
    fit_rmse: f.fit?.rmse ?? null,
    fit_mape: f.fit?.mape ?? null,
    series_id: f.seriesId,
    counterfactual_id: f.counterfactualId,
    warnings: f.warnings.length === 0 ? null : f.warnings.join(WARNING_SEPARATOR),
    text: f.text,
  };
}

function row(f: Finding): Cell[] {
  const r = findingRow(f);
  return CSV_COLUMNS.map((c) => r[c]);
}

/**
 * Findings as CSV: RFC 4180, a header row ({@link CSV_COLUMNS}) and one row per finding, with CRLF line ends
 * (the RFC's choice, which Excel and every CSV reader accept) after every row including the last.
 *
 * Columns are flat: the window as `window_from`/`window_to`, both intervals as lower/upper/level, the pre-period
 * fit as `fit_n`/`fit_rmse`/`fit_mape`, and the warnings joined with ` | `. Money is in base units of `currency`
 * (EUR, not EUR m) and relative figures are fractions (0.25 = +25%), written with full precision so the file
 * round-trips; `null` is an empty cell.
 *
 * Fields holding a comma, a double quote, CR or LF are quoted (quotes doubled). CSV-injection safe: a TEXT cell
 * that starts with `=`, `+`, `-`, `@`, tab or CR — or with the full-width `＝`, `＋`, `－`, `＠`, or with spaces or
 * tabs before any of these — gets a leading `'` so spreadsheets show it as text; NUMBER cells are never altered, so
 * a negative excess stays the number `-12.5`.
 *
 * @param findings - the findings to write, in order
 * @returns the CSV text
 * @example
 * import { writeFile } from 'node:fs/promises';
 * const result = await roundabout();
 * await writeFile('findings.csv', toCsv(result.findings));
 */
export function toCsv(findings: readonly Finding[]): string {
  const lines = [CSV_COLUMNS.join(','), ...findings.map((f) => row(f).map(encodeCell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * A table of a study (a `table` chart request, e.g. a screen's ranked series) as CSV, with the same encoding as
 * {@link toCsv}: RFC 4180, CRLF, numbers in full precision, text cells neutralised against formulas. Write it next
 * to the page under the request's `fullTableFile`; the page links to it and does not embed it.
 *
 * @param table - the columns and rows (a `table` chart request has both)
 * @returns the CSV text
 * @example
 * tableCsv({ columns: ['Rank', 'Partner'], rows: [[1, 'KG'], [2, '=X']] }).split('\r\n'); // => ['Rank,Partner', '1,KG', "2,'=X", '']
 */
export function tableCsv(table: {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | null)[])[];
}): string {
  const lines = [table.columns.map(encodeCell), ...table.rows.map((r) => r.map(encodeCell))].map((cells) =>
    cells.join(','),
  );
  return `${lines.join('\r\n')}\r\n`;
}
