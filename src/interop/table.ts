/**
 * Hand results to arquero for exploration: joins, group-bys, pivots, CSV/Arrow/Markdown output. Imported as
 * `import { toTable } from 'trade-roundabout/arquero'`: arquero's declarations stay off the root entry's types.
 *
 * @module
 */
import { type ColumnTable, from, table } from 'arquero';
import { OptionsError } from '../errors.js';
import type { AnySeries } from '../panel/internal/series.js';
import type { SeriesSet } from '../panel/to-series-set.js';

export type { AnySeries };

/** What {@link toTable} accepts. */
export type TableInput =
  | AnySeries
  | readonly AnySeries[]
  | SeriesSet
  | readonly Readonly<Record<string, unknown>>[];

/** Column order of a series in long format. */
const SERIES_COLUMNS = [
  'reporter',
  'partner',
  'flow',
  'product',
  'frequency',
  'unit',
  'period',
  'value',
  'status',
] as const;

function isSeries(x: unknown): x is AnySeries {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Partial<AnySeries>;
  return (
    Array.isArray(s.periods) &&
    Array.isArray(s.values) &&
    Array.isArray(s.status) &&
    typeof s.key === 'object' &&
    s.key !== null
  );
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function unitOf(s: AnySeries): string {
  return 'currency' in s ? s.currency : s.unit;
}

function seriesTable(list: readonly AnySeries[]): ColumnTable {
  const cols: Record<(typeof SERIES_COLUMNS)[number], unknown[]> = {
    reporter: [],
    partner: [],
    flow: [],
    product: [],
    frequency: [],
    unit: [],
    period: [],
    value: [],
    status: [],
  };
  for (const s of list) {
    if (s.values.length !== s.periods.length || s.status.length !== s.periods.length) {
      throw new OptionsError(
        `toTable requires one value and status per period in ${s.key.reporter}→${s.key.partner}`,
      );
    }
    const unit = unitOf(s);
    for (let j = 0; j < s.periods.length; j++) {
      cols.reporter.push(s.key.reporter);
      cols.partner.push(s.key.partner);
      cols.flow.push(s.key.flow);
      cols.product.push(s.key.product);
      cols.frequency.push(s.frequency);
      cols.unit.push(unit);
      cols.period.push(s.periods[j]);
      cols.value.push(s.values[j]);
      cols.status.push(s.status[j]);
    }
  }
  return table(cols, [...SERIES_COLUMNS]);
}

/** Flatten nested plain objects into `parent_child` columns; arrays and other values stay as they are. */
function flatten(
  record: Readonly<Record<string, unknown>>,
  prefix: string,
  out: Record<string, unknown>,
): void {
  for (const [k, v] of Object.entries(record)) {
    const name = prefix === '' ? k : `${prefix}_${k}`;
    if (isPlainObject(v)) {
      flatten(v, name, out);
      continue;
    }
    if (Object.hasOwn(out, name))
      throw new OptionsError(`toTable found two fields named ${name} after flattening`);
    out[name] = v;
  }
}

/**
 * An arquero table of series or result records, for exploration and export.
 *
 * - A series, a list of series (money, index or ratio) or a set from `toSeriesSet` becomes a **long** table: one
 *   row per series × period, with columns `reporter, partner, flow, product, frequency, unit, period, value,
 *   status` (`unit` is the currency for money series, `index`, `ratio` or `fraction` otherwise). Gaps are rows with
 *   `value` null.
 * - A list of plain result records (e.g. findings) becomes one row per record; nested plain objects are flattened
 *   into `parent_child` columns (`interval: { lower, upper }` → `interval_lower`, `interval_upper`), arrays are
 *   kept as cell values. Columns are the union of the records' fields, in first-seen order; absent fields are
 *   `undefined`.
 *
 * The table is a copy: changing it does not change the inputs. O(rows).
 *
 * @param input - a series, a list of series, a series set, or a list of plain records
 * @returns an arquero `ColumnTable`
 * @throws {OptionsError} if a list mixes series with records, an element is neither, or flattening collides
 * @example
 * const kg = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
 *   currency: 'EUR', start: '2022-01', values: [30e6, null, 90e6] });
 * const t = toTable(kg);
 * t.numRows(); // => 3
 * t.columnNames(); // => ['reporter', 'partner', 'flow', 'product', 'frequency', 'unit', 'period', 'value', 'status']
 * toTable([{ partner: 'KG', excess: 0.8, interval: { lower: 0.5, upper: 1.1, level: 0.95 } }]).columnNames();
 * // => ['partner', 'excess', 'interval_lower', 'interval_upper', 'interval_level']
 */
export function toTable(input: TableInput): ColumnTable {
  if (isSeries(input)) return seriesTable([input]);
  if (!Array.isArray(input)) {
    if (isPlainObject(input) && Object.values(input).every(isSeries)) {
      return seriesTable(Object.values(input) as AnySeries[]);
    }
    throw new OptionsError('toTable requires a series, a list of series, a series set or a list of records');
  }
  const list = input as readonly unknown[];
  if (list.length === 0) return seriesTable([]);
  if (list.every(isSeries)) return seriesTable(list);
  if (list.some(isSeries))
    throw new OptionsError('toTable requires a list of series or a list of records, not both');
  const rows: Record<string, unknown>[] = [];
  const names: string[] = [];
  const seen = new Set<string>();
  list.forEach((r, i) => {
    if (!isPlainObject(r))
      throw new OptionsError(`toTable requires plain records, got ${typeof r} at index ${i}`);
    const flat: Record<string, unknown> = {};
    flatten(r, '', flat);
    for (const k of Object.keys(flat)) {
      if (!seen.has(k)) {
        seen.add(k);
        names.push(k);
      }
    }
    rows.push(flat);
  });
  return from(rows, names);
}
