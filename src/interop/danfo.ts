/**
 * Hand results to danfo.js (pandas-like DataFrames for JavaScript): `import { toDanfo } from 'trade-roundabout/danfo'`.
 *
 * A separate entry point: `danfojs-node` is an optional peer dependency, loaded on the first call of
 * {@link toDanfo} and never by the core library. Install it next to this package to use it
 * (`npm install danfojs-node`, with the overrides the README lists); without it `toDanfo` throws a
 * {@link MissingPeerDependencyError} naming the package, as `trade-roundabout/bulk` does for DuckDB.
 *
 * @module
 */
import { createRequire } from 'node:module';
import type { DataFrame } from 'danfojs-node';
import type { Finding } from '../analyses/types.js';
import { MissingPeerDependencyError, OptionsError } from '../errors.js';
import { CSV_COLUMNS, findingRow } from '../report/to-csv.js';
import { type TableInput, toTable } from './table.js';

export type { DataFrame } from 'danfojs-node';
export { isMissingPeerDependencyError, MissingPeerDependencyError } from '../errors.js';

/** What {@link toDanfo} accepts: findings, or anything {@link toTable} accepts (series, a series set, records). */
export type DanfoInput = readonly Finding[] | TableInput;

/** One cell of a frame built here: danfo holds scalars only. */
type Cell = string | number | boolean | null;

/** danfo's dtype names for the columns built here (danfo labels every JS number `float32`; values stay doubles). */
type Dtype = 'string' | 'float32' | 'boolean';

/** Separator of list cells (a finding's warnings), the same as in `toCsv`. */
const LIST_SEPARATOR = ' | ';

/** The CSV columns of a finding that hold numbers; every other column holds text. */
const NUMBER_COLUMNS: ReadonlySet<string> = new Set([
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
  'fit_n',
  'fit_rmse',
  'fit_mape',
]);

type Danfo = typeof import('danfojs-node');
let danfo: Danfo | undefined;

const DANFO_PACKAGE = 'danfojs-node';
const DANFO_ENTRY = 'trade-roundabout/danfo';

/** Whether a `require` error says the package itself is absent (not present but failing to load). */
function isNotInstalled(cause: unknown): boolean {
  if (typeof cause !== 'object' || cause === null) return false;
  const { code, message } = cause as { code?: unknown; message?: unknown };
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${DANFO_PACKAGE}'`);
}

/** Load danfojs-node on first use (synchronously, through `require`, so `toDanfo` stays a plain function). */
function loadDanfo(): Danfo {
  if (danfo !== undefined) return danfo;
  try {
    danfo = createRequire(import.meta.url)(DANFO_PACKAGE) as Danfo;
  } catch (cause) {
    throw new MissingPeerDependencyError(DANFO_PACKAGE, DANFO_ENTRY, 'toDanfo', {
      cause,
      installed: !isNotInstalled(cause),
    });
  }
  return danfo;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

function isFinding(x: unknown): x is Finding {
  return (
    isObject(x) &&
    typeof x.id === 'string' &&
    typeof x.leg === 'string' &&
    isObject(x.window) &&
    isObject(x.interval) &&
    isObject(x.pctInterval) &&
    Array.isArray(x.warnings) &&
    typeof x.text === 'string'
  );
}

/** A table cell as a danfo scalar: lists joined, absent values null, anything else as text. */
function toCell(v: unknown): Cell {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.length === 0 ? null : v.map(String).join(LIST_SEPARATOR);
  return String(v);
}

function frame(columns: readonly string[], cells: readonly (readonly Cell[])[], dtypes?: Dtype[]): DataFrame {
  const { DataFrame } = loadDanfo();
  const rows = cells[0]?.length ?? 0;
  // danfo cannot build a frame from empty columns; an empty row list with named columns gives a 0-row frame.
  if (rows === 0) return new DataFrame([], { columns: [...columns] });
  const data = Object.fromEntries(columns.map((c, j) => [c, cells[j]]));
  return new DataFrame(
    data,
    dtypes === undefined ? { columns: [...columns] } : { columns: [...columns], dtypes },
  );
}

/**
 * A danfo.js `DataFrame` of findings, series or result records — for people who work in DataFrames.
 *
 * - **Findings** (`result.findings`, or any list of them) become one row per finding with exactly the columns of
 *   `toCsv` (`CSV_COLUMNS`: `id, leg, exporter, destination, product_group, method, currency, …, excess_pct, …,
 *   p_value, …, warnings, text`), so `toDanfo(findings)` and `dfd.readCSV('findings.csv')` agree. Money is in base
 *   units of the row's `currency` (EUR, not EUR m); relative figures are fractions (0.25 = +25%); warnings are
 *   joined with ` | `.
 * - **Series** (one, a list, or a set from `toSeriesSet`) become a long frame with the columns of `toTable`:
 *   `reporter, partner, flow, product, frequency, unit, period, value, status`, one row per series × period.
 * - **Records** (any list of plain objects) become one row per record, nested objects flattened to
 *   `parent_child` columns as `toTable` does, lists joined with ` | `.
 *
 * Missing values are `null` (danfo's `isNa()` finds them): a missing month of a series, an undefined measure, a
 * field a record lacks. Numbers are kept as JavaScript doubles (danfo labels them `float32`, but stores the values
 * as given). The frame is a copy. O(rows × columns).
 *
 * @param input - findings, a series or list of series, a series set, or a list of plain records
 * @returns a danfo `DataFrame`
 * @throws {MissingPeerDependencyError} if `danfojs-node` is not installed or cannot load
 * @throws {OptionsError} if the input is none of the above (see `toTable`)
 * @example
 * import { roundabout } from 'trade-roundabout';
 * import { toDanfo } from 'trade-roundabout/danfo';
 * const result = await roundabout();
 * const df = toDanfo(result.findings);
 * df.query(df.column('ratio').gt(2)).loc({ columns: ['id', 'ratio', 'pct_interval_lower'] }).print();
 */
export function toDanfo(input: DanfoInput): DataFrame {
  if (Array.isArray(input) && input.length > 0 && input.every(isFinding)) {
    const rows = (input as readonly Finding[]).map(findingRow);
    const cells = CSV_COLUMNS.map((c) => rows.map((r) => r[c]));
    const dtypes = CSV_COLUMNS.map((c): Dtype => (NUMBER_COLUMNS.has(c) ? 'float32' : 'string'));
    return frame(CSV_COLUMNS, cells, dtypes);
  }
  if (Array.isArray(input) && input.some(isFinding)) {
    throw new OptionsError('toDanfo requires a list of findings or a list of other records, not both');
  }
  const table = toTable(input as TableInput);
  const columns = table.columnNames();
  return frame(
    columns,
    columns.map((c) => Array.from(table.array(c) as ArrayLike<unknown>, toCell)),
  );
}
