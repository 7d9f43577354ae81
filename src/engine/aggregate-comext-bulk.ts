/**
 * Comext bulk files → the library's `Series`, through embedded DuckDB; and the cells as observations for the
 * analyses that take observations (`roundabout({ data })`).
 *
 * @module
 */
import type { Currency } from '../model/currency.js';
import type { ObservationStatus } from '../model/observation.js';
import { fromMonthIndex, type Period } from '../model/period.js';
import type { Provenance } from '../model/provenance.js';
import type { Series } from '../model/series.js';
import type { SeriesSet } from '../panel/to-series-set.js';
import type { PanelObservation } from '../panel/types.js';
import {
  BULK_CELL_STATUS,
  type ComextBulkStats,
  type ComextBulkTable,
  type QueryComextBulkOptions,
  type QueryComextBulkResult,
  runQuery,
} from './query-comext-bulk.js';

/**
 * What {@link aggregateComextBulk} returns.
 *
 * @example
 * const { series, stats } = await aggregateComextBulk('full202203.dat', { flows: ['export'] });
 * Object.keys(series).length === stats.series; // => true
 */
export interface AggregateComextBulkResult {
  /**
   * One series per key, keyed like `toSeriesSet`: the values of the split dimensions (`groupBy` order, period
   * left out) joined with `|`, products by label (`CN:84713000`, `HS:847130`, `TOTAL`); keys in sorted order.
   */
  readonly series: SeriesSet<'EUR'>;
  /** Row accounting: scanned, kept, filtered, rejected with reasons. */
  readonly stats: ComextBulkStats;
  /** One record per file. */
  readonly provenance: Provenance[];
}

const STATUS: readonly ObservationStatus[] = BULK_CELL_STATUS;

function periodLabel(frequency: 'monthly' | 'annual', index: number): Period {
  return frequency === 'monthly' ? fromMonthIndex(index) : String(index);
}

/**
 * Turn the cells of {@link queryComextBulk} into series: one per key, every period from its first to its last cell,
 * gaps `null` with status `missing` (a gap is never zero). Series that span the same periods share one (readonly)
 * `periods` array. O(cells + periods).
 *
 * @param result - the result of `queryComextBulk`
 * @param dimensions - the split dimensions in key order (default: the ones the table splits by)
 * @returns the series keyed as `AggregateComextBulkResult.series`
 * @example
 * const q = await queryComextBulk('full202203.dat', { flows: ['export'], groupBy: ['partner', 'period'] });
 * const set = comextBulkSeries(q, ['partner']);
 * set.KG?.values; // one value per month, EUR
 */
export function comextBulkSeries(
  result: QueryComextBulkResult,
  dimensions?: readonly ('reporter' | 'partner' | 'product' | 'flow')[],
): SeriesSet<'EUR'> {
  const t = result.table;
  const dims = dimensions ?? splitDimensions(t);
  const periodCache = new Map<number, Period>();
  const label = (i: number): Period => {
    let p = periodCache.get(i);
    if (p === undefined) {
      p = periodLabel(t.frequency, i);
      periodCache.set(i, p);
    }
    return p;
  };
  const spans = new Map<string, readonly Period[]>();
  const span = (first: number, n: number): readonly Period[] => {
    const id = `${first}:${n}`;
    let ps = spans.get(id);
    if (ps === undefined) {
      const a = new Array<Period>(n);
      for (let j = 0; j < n; j++) a[j] = label(first + j);
      ps = Object.freeze(a);
      spans.set(id, ps);
    }
    return ps;
  };
  const sources = [...result.sources];
  const baseNotes = Object.freeze(noteOf(result));
  const entries: [string, Series<'EUR'>][] = [];
  for (let s = 0; s < t.keys.length; s++) {
    const key = t.keys[s]!;
    const lo = t.offsets[s]!;
    const hi = t.offsets[s + 1]!;
    if (hi <= lo) continue;
    const first = t.periods[lo]!;
    const n = t.periods[hi - 1]! - first + 1;
    const values = new Array<number | null>(n).fill(null);
    const status = new Array<ObservationStatus>(n).fill('missing');
    let lower: Period[] | undefined;
    for (let c = lo; c < hi; c++) {
      const j = t.periods[c]! - first;
      const st = STATUS[t.status[c]!]!;
      status[j] = st;
      values[j] = st === 'missing' || st === 'confidential' ? null : t.values[c]!;
      if (t.lowerBound[c] === 1) {
        lower ??= [];
        lower.push(label(t.periods[c]!));
      }
    }
    const id = dims.length === 0 ? key.product : dims.map((d) => key[d]).join('|');
    entries.push([
      id,
      {
        key,
        frequency: t.frequency,
        currency: 'EUR',
        periods: span(first, n),
        values,
        status,
        sources,
        notes:
          lower === undefined
            ? baseNotes
            : [
                ...baseNotes,
                `aggregateComextBulk: lower bound in ${lower.length} period(s) from ${lower[0]} (known parts summed; some parts missing or confidential)`,
              ],
      },
    ]);
  }
  // The engine returns series ordered by code, so the keys are usually sorted already: check before sorting.
  let sorted = true;
  for (let i = 1; i < entries.length && sorted; i++)
    if (!(entries[i - 1]![0] < entries[i]![0])) sorted = false;
  if (!sorted) entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  // The same object Object.fromEntries builds, about twice as fast for large sets (measured in Node 20: 0.35 s
  // against 0.67 s for 630k keys).
  const set: Record<string, Series<'EUR'>> = {};
  for (const [id, series] of entries) set[id] = series;
  return set;
}

/** The dimensions a table splits by, read from its keys (a dimension with one value across keys is not split). */
function splitDimensions(t: ComextBulkTable): ('reporter' | 'partner' | 'product' | 'flow')[] {
  const dims: ('reporter' | 'partner' | 'product' | 'flow')[] = [];
  for (const d of ['reporter', 'partner', 'product', 'flow'] as const) {
    const seen = new Set<string>();
    for (const k of t.keys) {
      seen.add(k[d]);
      if (seen.size > 1) break;
    }
    if (seen.size > 1) dims.push(d);
  }
  return dims;
}

function noteOf(result: QueryComextBulkResult): string[] {
  const s = result.stats;
  return [
    `aggregateComextBulk: ${s.rowsKept} of ${s.rowsScanned} bulk rows summed with DuckDB from ${s.files} file(s) ` +
      `(${s.rowsFiltered} outside the selection, ${s.rowsRejected} rejected)`,
  ];
}

/**
 * Aggregate Comext bulk files into the library's series through embedded DuckDB: filter and sum inside the engine
 * (memory bounded by `memoryLimit`, spilling to disk), then build one `Series<'EUR'>` per key, ready for
 * `roundabout`, the baselines and `screen`.
 *
 * Same rules and options as {@link queryComextBulk} (validation identical to `loadComextBulk`, so the two paths
 * agree on the same file); series values are EUR, `null` with status `missing`/`confidential` where a cell has no
 * value (see `incomplete`) and for calendar gaps.
 *
 * @param pathOrPaths - bulk files: CSV (`.dat`), gzip, or Parquet converted from them
 * @param options - filters, split (`groupBy`), product level, labels, engine settings, progress
 * @returns the series, the row accounting and the provenance
 * @throws {OptionsError} for invalid options
 * @throws {DataValidationError} if a file cannot be read or lacks a required column
 * @throws {AggregateMixError} if summing reporters or partners would add aggregates to other codes
 * @throws {RoundaboutError} if `@duckdb/node-api` cannot be loaded
 * @example
 * const { series, stats } = await aggregateComextBulk(['full_v2_202201.dat.gz', 'full_v2_202202.dat.gz'], {
 *   flows: ['export'], partners: ['KZ', 'KG', 'AM'], groupBy: ['partner', 'period'],
 *   labels: { reporter: 'EU27_2020' },
 * });
 * series.KG?.key; // => { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' }
 */
export async function aggregateComextBulk(
  pathOrPaths: string | readonly string[],
  options: QueryComextBulkOptions = {},
): Promise<AggregateComextBulkResult> {
  const result = await runQuery('aggregateComextBulk', pathOrPaths, options);
  const groupBy = options.groupBy ?? ['reporter', 'partner', 'product', 'flow', 'period'];
  const dims = groupBy.filter((d): d is 'reporter' | 'partner' | 'product' | 'flow' => d !== 'period');
  return { series: comextBulkSeries(result, dims), stats: result.stats, provenance: result.provenance };
}

/**
 * The cells of {@link queryComextBulk} as observations (one per cell), for the functions that take observations —
 * e.g. `roundabout({ data: { monthly: [obs] } })`. Values are EUR, `null` where the status is `missing` or
 * `confidential`; summed dimensions carry their label (`EU27_2020`); `sources` lists every file's provenance id.
 *
 * @param result - the result of `queryComextBulk`
 * @returns one observation per cell, series by series in period order
 * @example
 * const q = await queryComextBulk('full202203.dat', { flows: ['export'], groupBy: ['partner', 'period'],
 *   labels: { reporter: 'EU27_2020' } });
 * const monthly = comextBulkObservations(q);
 * monthly[0]?.reporter; // => 'EU27_2020'
 */
export function comextBulkObservations(result: QueryComextBulkResult): PanelObservation<'EUR'>[] {
  const t = result.table;
  const sources = [...result.sources];
  const source = sources[0] ?? 'eurostat-comext-bulk';
  const out: PanelObservation<'EUR'>[] = [];
  const currency: Currency & 'EUR' = 'EUR';
  for (let s = 0; s < t.keys.length; s++) {
    const key = t.keys[s]!;
    const product = t.products[s]!;
    for (let c = t.offsets[s]!; c < t.offsets[s + 1]!; c++) {
      const status = STATUS[t.status[c]!]!;
      out.push({
        reporter: key.reporter,
        partner: key.partner,
        flow: key.flow,
        product,
        period: periodLabel(t.frequency, t.periods[c]!),
        value: status === 'missing' || status === 'confidential' ? null : t.values[c]!,
        currency,
        status,
        source,
        ...(sources.length > 1 ? { sources } : {}),
        ...(t.lowerBound[c] === 1 ? { lowerBound: true } : {}),
      });
    }
  }
  return out;
}
