/**
 * Eurostat Comext bulk files through embedded DuckDB: filter and aggregate millions of CN8 rows inside the
 * engine, with the validation rules of the pure-JS loader and a full row accounting, and hand back compact
 * typed-array cells.
 *
 * @module
 */
import type { DuckDBDataChunk, DuckDBVector } from '@duckdb/node-api';
import type { z } from 'zod';
import { AggregateMixError, DataValidationError, OptionsError, RoundaboutError } from '../errors.js';
import {
  DUPLICATE_ROW_REASON,
  DUPLICATE_ROWS,
  type DuplicateRows,
  type LoadProgress,
} from '../model/load-result.js';
import type { Flow } from '../model/observation.js';
import { type Frequency, parseComextPeriod } from '../model/period.js';
import type { Product } from '../model/product.js';
import type { Provenance } from '../model/provenance.js';
import type { SeriesKey } from '../model/series.js';
import { bulkLayoutOf, fileSizes, joinLabel, pathList } from '../shared/ingest.js';
import { lazySchema } from '../shared/zod.js';
import { loadComextBulk } from '../sources/comext-bulk.js';
import type { ProvenanceOverrides } from '../sources/options.js';
import { type ClickHouseEngine, type FirstStageRow, runClickHouseFirstStage } from './internal/clickhouse.js';
import { type Engine, openEngine, resolveSettings, runChunks } from './internal/duckdb.js';
import { type BulkInput, csvFields, fileSha256, inspectInput, lineAt } from './internal/inputs.js';
import {
  type BulkDimension,
  DEFAULT_MAX_RECORD_BYTES,
  extendPlan,
  type ResolvedPlan,
  resolvePlan,
} from './internal/plan.js';
import { bulkProvenance } from './internal/provenance.js';
import {
  FILTER,
  headerSql,
  KEY,
  type PeriodRow,
  querySql,
  REJECT,
  rejectTable,
  repeatedKeysSql,
  scanGroups,
  setupStatements,
  UNRESOLVED_MARK,
  UNRESOLVED_SEPARATOR,
} from './internal/sql.js';

export type { BulkDimension } from './internal/plan.js';

/**
 * Status codes of {@link ComextBulkTable.status}: index → observation status of the cell.
 *
 * @example
 * // table.status holds indexes into this list:
 * BULK_CELL_STATUS[0]; // => 'reported'
 * BULK_CELL_STATUS.indexOf('missing'); // => 2
 */
export const BULK_CELL_STATUS = ['reported', 'zero', 'missing', 'confidential'] as const;

/**
 * One of {@link BULK_CELL_STATUS}.
 *
 * @example
 * const s: BulkCellStatus = 'confidential';
 */
export type BulkCellStatus = (typeof BULK_CELL_STATUS)[number];

/**
 * Options of {@link queryComextBulk} and `aggregateComextBulk`: which rows, how to split and sum them, and how the
 * engine may use the machine.
 *
 * @example
 * const options: QueryComextBulkOptions = { flows: ['export'], groupBy: ['partner', 'product', 'period'],
 *   productLevel: 6, labels: { reporter: 'EU27_2020' } };
 */
export interface QueryComextBulkOptions {
  /** Reporters to keep, our codes or Eurostat's (`GR` or `EL`). Default: every reporter in the files. */
  readonly reporters?: readonly string[];
  /** Partners to keep. Default: every partner. */
  readonly partners?: readonly string[];
  /** Flows to keep. Default both; with both, `'flow'` must be in `groupBy` (exports and imports are never summed). */
  readonly flows?: readonly Flow[];
  /**
   * Dimensions that split the cells; the others are summed. `period` always splits (listing it is optional);
   * `flow` must be listed unless `flows` names one flow. Default `['reporter', 'partner', 'product', 'flow',
   * 'period']`. Summing reporters (or partners) refuses aggregate codes among them.
   */
  readonly groupBy?: readonly BulkDimension[];
  /**
   * Product level of the cells when `'product'` is in `groupBy`: 8 (CN8, default) or the HS level 2, 4 or 6 the
   * CN8 codes are truncated to. Only CN8 rows (8-character codes, confidential codes such as `39XXXXXX`
   * included) are aggregated; rows at other levels (`TOTAL`, HS2–6) are counted as filtered, never summed with
   * the CN8 rows beneath them.
   */
  readonly productLevel?: 2 | 4 | 6 | 8;
  /** Product code prefixes to keep (2, 4, 6 or 8 digits, `HS:`/`CN:` prefixes allowed). Default all. */
  readonly products?: readonly string[];
  /** Keep monthly rows (`YYYYMM`, default) or the annual rows (`YYYY52`). */
  readonly frequency?: Frequency;
  /** First period to keep, at `frequency` (`YYYY-MM` or `YYYY`). Default open. */
  readonly from?: string;
  /** Last period to keep. Default open. */
  readonly to?: string;
  /**
   * Labels of the summed dimensions in the series keys. Defaults: the code itself when every cell of a series
   * holds one reporter (partner), else the codes of the filter joined with `+` (or `ALL` without a filter);
   * `TOTAL` for all products, the product key for one code, the codes joined otherwise. Name the EU's exports
   * summed over its member states `{ reporter: 'EU27_2020' }`.
   */
  readonly labels?: { readonly reporter?: string; readonly partner?: string; readonly product?: string };
  /**
   * A cell with a missing or confidential part: `'null'` (default) makes it null with that status;
   * `'lowerBound'` sums the known parts and marks the cell a lower bound.
   */
  readonly incomplete?: 'null' | 'lowerBound';
  /** Extra country labels → our codes, as in `loadComextBulk`. */
  readonly countryLabels?: Readonly<Record<string, string>>;
  /** Provenance id prefix (default `eurostat-comext-bulk:<file>`, the pure-JS loader's ids). */
  readonly source?: string;
  /** Provenance overrides. */
  readonly provenance?: ProvenanceOverrides;
  /** DuckDB memory limit, e.g. `'512MB'`. Default `'1GB'`; beyond it DuckDB spills to `tempDirectory`. */
  readonly memoryLimit?: string;
  /** Folder DuckDB spills to. Default a fresh folder under the OS temp folder, removed afterwards. */
  readonly tempDirectory?: string;
  /** DuckDB threads. Default: the machine's available parallelism. */
  readonly threads?: number;
  /**
   * Compute each file's SHA-256 for its provenance record. Default `false`: it reads every file a second time while
   * DuckDB scans it, which costs about 30% more wall time on two cores (bench/README.md); the provenance then
   * records the file's size and modification time instead. Turn it on to pin exactly which bytes were read.
   */
  readonly checksum?: boolean;
  /**
   * Called as the engine works: `bytes` is an estimate from DuckDB's query progress polled five times a second
   * (DuckDB has no per-row callback; its percentage covers every stage of the query, so the scan shows as the first
   * third or so), `rows` stays 0 until the end, when it is the number of data rows scanned. Never decreases; the
   * last call has `bytes === totalBytes`.
   */
  readonly onProgress?: (progress: LoadProgress) => void;
  /**
   * A data row that repeats an earlier valid row of the same file exactly (every column as read), as
   * `loadComextBulk`'s option of the same name: `'first'` (default) keeps the
   * first and rejects each repeat with reason `exact duplicate of an earlier row`; `'sum'` sums every copy;
   * both count the repeats in `stats.duplicates`. `'error'` stops with a `DataValidationError` naming the file
   * and line of the first repeat (and the line it repeats). `'unchecked'` skips the check — repeats are then summed
   * unseen and `stats.duplicates` is absent — to save the grouping over whole rows it costs (bench/README.md).
   */
  readonly duplicates?: DuplicateRows;
  /**
   * Longest record accepted, in bytes without its line break (default 4 MiB, as `loadComextBulk`): a longer one
   * is rejected with reason `record-too-long` and reading goes on.
   */
  readonly maxRecordBytes?: number;
  /**
   * Where the rows are read and first grouped: the embedded DuckDB engine (default, the files given) or a ClickHouse
   * server or cluster (`clickhouse({ url, cluster, table })`, or `clickhouse({ url, cluster, files })` to load bulk
   * files first; pass `[]` as the paths): the same question, the same
   * cells and row accounting. Needs `@clickhouse/client` (optional peer).
   */
  readonly engine?: ClickHouseEngine;
}

/**
 * zod schema of {@link ComextBulkStats}.
 *
 * @example
 * ComextBulkStatsSchema.safeParse({ rowsScanned: 'many' }).success; // => false
 * // ComextBulkStatsSchema.parse(result.stats).rowsRejected: the rows validation refused
 */
export const ComextBulkStatsSchema = lazySchema((z) =>
  z.object({
    /** Data rows in the files (header lines, blank lines excluded): kept + filtered + rejected. */
    rowsScanned: z.number().int().nonnegative(),
    /** Rows aggregated into cells. */
    rowsKept: z.number().int().nonnegative(),
    /** Valid rows outside the question (other product level, frequency, reporter, partner, flow, window, product). */
    rowsFiltered: z.number().int().nonnegative(),
    /**
     * Rows that fail validation; `loadComextBulk` rejects exactly these (with one flow asked for, exactly those its
     * `filter` on that flow would let through and then reject).
     */
    rowsRejected: z.number().int().nonnegative(),
    /** Rejected rows by reason, worded as `loadComextBulk` words its rejects. */
    rejectReasons: z.record(z.string(), z.number().int().positive()),
    /** Filtered rows by filter. */
    filterReasons: z.record(z.string(), z.number().int().positive()),
    /** Cells returned. */
    cells: z.number().int().nonnegative(),
    /** Series (distinct cell keys without the period). */
    series: z.number().int().nonnegative(),
    /** Files read and their total size in bytes as stored. */
    files: z.number().int().positive(),
    bytes: z.number().int().nonnegative(),
    /**
     * Data rows that exactly repeat an earlier valid row (see `duplicates`): rejected with `'first'`, summed with
     * `'sum'`; absent with `duplicates: 'unchecked'`. Equal to `loadComextBulk`'s `duplicates` on the same files.
     */
    duplicates: z.number().int().nonnegative().optional(),
    /** Scans of the data: 1, or 2 when codes only the JS resolver knows (labels) had to be added and the query re-run. */
    passes: z.number().int().positive(),
  }),
);

/**
 * The row accounting of a bulk query. `rowsScanned === rowsKept + rowsFiltered + rowsRejected`.
 *
 * @example
 * const { stats } = await queryComextBulk('full202203.dat');
 * Object.entries(stats.rejectReasons); // e.g. [['unknown country label "QS"', 4120]]
 */
export type ComextBulkStats = z.infer<typeof ComextBulkStatsSchema>;

/**
 * Aggregated cells, series by series, in typed arrays: series `i` owns cells `offsets[i]` to `offsets[i + 1] - 1`,
 * in period order. Compact enough for millions of cells; `aggregateComextBulk` turns it into `Series`.
 *
 * @example
 * const { table } = await queryComextBulk('full202203.dat', { flows: ['export'], groupBy: ['partner', 'period'] });
 * const kg = table.keys.findIndex((k) => k.partner === 'KG');
 * table.values.slice(table.offsets[kg], table.offsets[kg + 1]); // EUR, one per month
 */
export interface ComextBulkTable {
  /** `monthly` or `annual`. */
  readonly frequency: Frequency;
  /** The key of each series (summed dimensions carry their label). */
  readonly keys: readonly SeriesKey[];
  /** The product of each series (CN at level 8, HS at 2–6, `TOTAL`, or a named group at level 0). */
  readonly products: readonly Product[];
  /** Cell range of each series; length `keys.length + 1`. */
  readonly offsets: Int32Array;
  /** Period of each cell as an integer: `monthIndex` (year × 12 + month − 1) for monthly cells, the year for annual. */
  readonly periods: Int32Array;
  /** Value of each cell in EUR; 0 where the status is `missing` or `confidential` (read it with `status`). */
  readonly values: Float64Array;
  /** Status of each cell, an index into {@link BULK_CELL_STATUS}. */
  readonly status: Uint8Array;
  /** 1 where the value sums only the known parts (`incomplete: 'lowerBound'`). */
  readonly lowerBound: Uint8Array;
  /** Rows summed into each cell. */
  readonly rows: Float64Array;
}

/**
 * What {@link queryComextBulk} returns.
 *
 * @example
 * const { table, stats, provenance } = await queryComextBulk(['full202201.dat', 'full202202.dat']);
 * provenance.map((p) => p.sha256); // one checksum per file
 */
export interface QueryComextBulkResult {
  /** The cells. */
  readonly table: ComextBulkTable;
  /** Row accounting. */
  readonly stats: ComextBulkStats;
  /** One record per file (the pure-JS loader's ids; the file's SHA-256 with `checksum: true`). */
  readonly provenance: Provenance[];
  /** Provenance ids of the cells (every file's). */
  readonly sources: readonly string[];
}

/** The packed key's multipliers are powers of two, so it unpacks with shifts. */
const FLOW_SHIFT = Math.log2(KEY.flow);
const GEO_SHIFT = Math.log2(KEY.geo);

/** Most distinct reject reasons kept; beyond, reasons are counted under one overflow entry. */
const MAX_REASONS = 1000;
const OVERFLOW = 'other reasons (more than 1000 distinct reasons)';

const FILTER_LABELS: Record<number, string> = {
  [FILTER.level]: 'product code not at CN8 level (TOTAL or HS2–6 rows are not summed with CN8 rows)',
  [FILTER.frequency]: 'period at the other frequency',
  [FILTER.reporter]: 'reporter not selected',
  [FILTER.partner]: 'partner not selected',
  [FILTER.flow]: 'flow not selected',
  [FILTER.window]: 'period outside from..to',
  [FILTER.products]: 'product not selected',
};

function rejectReason(why: number, bad: string): string {
  const q = JSON.stringify(bad);
  switch (why) {
    case REJECT.header:
      return 'repeated header line';
    case REJECT.product:
      return `unknown product code ${q}`;
    case REJECT.flow:
      return `unknown flow ${q} (1 import, 2 export)`;
    case REJECT.period:
      return `unrecognised period ${q}`;
    case REJECT.value:
      return `value ${q} is not a number`;
    case REJECT.quantity:
      return `quantity ${q} is not a number`;
    default:
      return 'negative quantity';
  }
}

/** A growable typed array: `push` doubles the storage when full; `view()` is the filled part. */
class Column<T extends Int32Array | Float64Array | Uint8Array> {
  size = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  /** Make room for `n` more values at once (one allocation when the final size is known). */
  reserve(n: number): void {
    if (this.size + n <= this.data.length) return;
    const b = this.make(Math.max(this.size + n, this.data.length * 2));
    b.set(this.data.subarray(0, this.size));
    this.data = b;
  }
  push(x: number): void {
    if (this.size === this.data.length) this.reserve(1);
    this.data[this.size++] = x;
  }
  /** The filled part, copied into an array of its exact length. */
  view(): T {
    return this.data.slice(0, this.size) as T;
  }
}

const int32 = (n: number) => new Int32Array(n);
const float64 = (n: number) => new Float64Array(n);
const uint8 = (n: number) => new Uint8Array(n);

/** Typed columns of the cells (one entry per cell) and of the series (one per series), filled chunk by chunk. */
class PassColumns {
  readonly periods = new Column(int32(1024), int32);
  readonly values = new Column(float64(1024), float64);
  readonly status = new Column(uint8(1024), uint8);
  readonly lowerBound = new Column(uint8(1024), uint8);
  readonly rows = new Column(float64(1024), float64);
  /** Per series: first cell, packed key `g1`, numeric product code, reporter / partner id of every cell or −1. */
  readonly seriesAt = new Column(int32(256), int32);
  readonly seriesG1 = new Column(float64(256), float64);
  readonly seriesPn = new Column(float64(256), float64);
  readonly seriesRep = new Column(int32(256), int32);
  readonly seriesPar = new Column(int32(256), int32);
  /** Per series: the non-numeric product code (`39XXXX`), if any — rare, so kept sparse. */
  readonly seriesPo = new Map<number, string>();
  /** Result rows at most become cells: reserve them all at once, so no column grows while reading. */
  reserveCells(n: number): void {
    for (const c of [this.periods, this.values, this.status, this.lowerBound, this.rows]) c.reserve(n);
  }
  get cellCount(): number {
    return this.periods.size;
  }
  get seriesCount(): number {
    return this.seriesAt.size;
  }
}

interface PassResult {
  readonly columns: PassColumns;
  readonly rejects: Map<string, number>;
  readonly filters: Map<string, number>;
  readonly unresolved: { ur: string | null; up: string | null; uper: string | null; n: number }[];
  kept: number;
  /** Exact repeats of valid rows (see `QueryComextBulkOptions.duplicates`). */
  duplicates: number;
  /** Rows of kept cells that would sum an aggregate reporter / partner with another code. */
  aggregateReporterRows: number;
  aggregatePartnerRows: number;
}

function addCount(map: Map<string, number>, key: string, n: number): void {
  const have = map.get(key);
  if (have !== undefined) map.set(key, have + n);
  else if (map.size < MAX_REASONS) map.set(key, n);
  else map.set(OVERFLOW, (map.get(OVERFLOW) ?? 0) + n);
}

const str = (v: DuckDBVector, i: number): string | null => v.getItem(i) as string | null;

/**
 * The values of a numeric result column that holds no NULL, as an array-like: the vector's own typed array when the
 * binding exposes it (no per-value call), its items otherwise.
 */
function numbers(v: DuckDBVector, n: number): ArrayLike<number> {
  const items = (v as unknown as { items?: unknown }).items;
  if (
    (items instanceof Float64Array || items instanceof Int8Array || items instanceof Int32Array) &&
    items.length >= n
  ) {
    return items;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Number(v.getItem(i));
  return out;
}

function readPass(
  chunks: (onChunk: (c: DuckDBDataChunk) => void, onRowCount: (n: number) => void) => Promise<void>,
  countAggregates: { reporter: boolean; partner: boolean },
) {
  const cols = new PassColumns();
  const out: PassResult = {
    columns: cols,
    rejects: new Map(),
    filters: new Map(),
    unresolved: [],
    kept: 0,
    duplicates: 0,
    aggregateReporterRows: 0,
    aggregatePartnerRows: 0,
  };
  let prevG1 = Number.NaN;
  let prevPn = Number.NaN;
  let prevPo: string | null = null;
  // The one reporter / partner id of the current series so far, or −1 (a series can span chunks).
  let rep = -1;
  let par = -1;
  const onChunk = (chunk: DuckDBDataChunk) => {
    const rowCount = chunk.rowCount;
    // The numeric columns are never NULL (the SQL guarantees it), so their data can be read as typed arrays.
    const g1 = numbers(chunk.getColumnVector(0), rowCount);
    const g2 = numbers(chunk.getColumnVector(1), rowCount);
    // The string column is read only by the rare rows that carry a string (a vector costs an allocation).
    let g3v: DuckDBVector | undefined;
    const g3 = (): DuckDBVector => {
      g3v ??= chunk.getColumnVector(2);
      return g3v;
    };
    const n = numbers(chunk.getColumnVector(3), rowCount);
    const v = numbers(chunk.getColumnVector(4), rowCount);
    const st = numbers(chunk.getColumnVector(5), rowCount);
    const nar = countAggregates.reporter ? numbers(chunk.getColumnVector(6), rowCount) : undefined;
    const nap = countAggregates.partner ? numbers(chunk.getColumnVector(7), rowCount) : undefined;
    const r1 = countAggregates.reporter ? numbers(chunk.getColumnVector(8), rowCount) : undefined;
    const p1 = countAggregates.partner ? numbers(chunk.getColumnVector(9), rowCount) : undefined;
    const nd = numbers(chunk.getColumnVector(10), rowCount);
    cols.reserveCells(rowCount);
    const periods = cols.periods;
    const values = cols.values;
    const status = cols.status;
    const lowerBound = cols.lowerBound;
    const cellRows = cols.rows;
    for (let i = 0; i < rowCount; i++) {
      const key1 = g1[i]!;
      const rows = n[i]!;
      out.duplicates += nd[i]!;
      if (key1 >= 0) {
        const key2 = g2[i]!;
        const pn = Math.floor(key2 / KEY.period);
        const pe = key2 - pn * KEY.period;
        const code = st[i]!;
        // Only odd product codes (`39XXXX`) carry g3 on kept rows.
        const po = (code & 8) === 0 ? null : str(g3(), i);
        if (key1 !== prevG1 || pn !== prevPn || po !== prevPo) {
          const at = cols.seriesAt.size;
          if (po !== null) cols.seriesPo.set(at, po);
          cols.seriesAt.push(periods.size);
          cols.seriesG1.push(key1);
          cols.seriesPn.push(po === null ? pn : -1);
          rep = r1 === undefined ? -1 : r1[i]!;
          par = p1 === undefined ? -1 : p1[i]!;
          cols.seriesRep.push(rep);
          cols.seriesPar.push(par);
          prevG1 = key1;
          prevPn = pn;
          prevPo = po;
        }
        let cellStatus = code & 3;
        let value = v[i]!;
        let lb = (code >> 2) & 1;
        if (!Number.isFinite(value)) {
          // An overflowing sum has no value.
          value = 0;
          cellStatus = 2;
          lb = 0;
        }
        // Room for every row of the chunk was reserved above.
        const c = periods.size;
        periods.data[c] = pe;
        values.data[c] = value;
        status.data[c] = cellStatus;
        lowerBound.data[c] = lb;
        cellRows.data[c] = rows;
        periods.size = values.size = status.size = lowerBound.size = cellRows.size = c + 1;
        out.kept += rows;
        const last = cols.seriesAt.size - 1;
        if (r1 !== undefined && rep !== r1[i]) {
          rep = -1;
          cols.seriesRep.data[last] = -1;
        }
        if (p1 !== undefined && par !== p1[i]) {
          par = -1;
          cols.seriesPar.data[last] = -1;
        }
        if (nar !== undefined) out.aggregateReporterRows += nar[i]!;
        if (nap !== undefined) out.aggregatePartnerRows += nap[i]!;
      } else {
        const code = -key1;
        const cls = Math.floor(code / 100);
        const why = code - cls * 100;
        if (cls === 1) {
          addCount(out.filters, FILTER_LABELS[why] ?? 'filtered', rows);
        } else if (cls === 2) {
          addCount(out.rejects, rejectReason(why, str(g3(), i) ?? ''), rows);
        } else {
          const raw = (x: string | undefined) => (x?.startsWith(UNRESOLVED_MARK) ? x.slice(1) : null);
          const [ur, up, uper] = (str(g3(), i) ?? '').split(UNRESOLVED_SEPARATOR);
          out.unresolved.push({ ur: raw(ur), up: raw(up), uper: raw(uper), n: rows });
        }
      }
    }
  };
  return chunks(onChunk, (total) => cols.reserveCells(total)).then(() => out);
}

/**
 * Reject reason of a record longer than `maxRecordBytes` (the pure-JS loaders' own).
 *
 * @example
 * RECORD_TOO_LONG; // => 'record-too-long'
 * // After `const { stats } = await queryComextBulk('full202203.dat')`, records over 4 MiB, each rejected:
 * // stats.rejectReasons[RECORD_TOO_LONG] ?? 0
 */
export const RECORD_TOO_LONG = 'record-too-long';

/**
 * Rows the CSV reader set aside (wrong number of fields, malformed quotes, over-long records), classified as the
 * loader would.
 *
 * @throws {DataValidationError} at a quote that is never closed: it would swallow the rest of the file as one
 * field (DuckDB reads on from the next block it scans in parallel, so no row count after it can be trusted)
 */
async function structuralRejects(
  engine: Engine,
  groups: readonly BulkInput[][],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let g = 0; g < groups.length; g++) {
    const first = groups[g]![0]!;
    if (first.format !== 'csv') continue;
    const table = rejectTable(g);
    // An unclosed quote first: the earliest in the first file that has one.
    const open = await engine.connection.runAndReadAll(
      `SELECT s.file_path, min(r.byte_position) FROM ${table} r JOIN ${table}_scans s USING (scan_id, file_id) ` +
        `WHERE r.error_type = 'UNQUOTED VALUE' AND contains(r.error_message, 'unterminated quote') ` +
        'GROUP BY s.file_path ORDER BY s.file_path',
    );
    const hit = open.getRows().sort((a, b) => {
      const ia = groups[g]!.findIndex((i) => i.path === String(a[0]));
      const ib = groups[g]!.findIndex((i) => i.path === String(b[0]));
      return ia - ib;
    })[0];
    if (hit !== undefined) {
      const file = String(hit[0]);
      // DuckDB's byte positions are 1-based; its `line` counts records, not physical lines.
      const line = await lineAt(file, first.compression === 'gzip', Number(hit[1]) - 1);
      throw new DataValidationError('malformed CSV: a quoted field is never closed (the quote opens here)', {
        file,
        line,
      });
    }
    const r = await engine.connection.runAndReadAll(
      `SELECT DISTINCT file_id, line, first(error_type) OVER (PARTITION BY file_id, line) AS t, ` +
        `first(csv_line) OVER (PARTITION BY file_id, line) AS l FROM ${table}`,
    );
    const width = first.header.length;
    for (const row of r.getRows()) {
      const type = String(row[2]);
      if (type === 'LINE SIZE OVER MAXIMUM') {
        // DuckDB keeps only the start of such a line: it is one record, whatever it holds.
        addCount(out, RECORD_TOO_LONG, 1);
        continue;
      }
      // DuckDB's csv_line may start with the line break of a blank line before the record.
      const text = String(row[3] ?? '').replace(/^[\r\n]+|[\r\n]+$/g, '');
      let fields: string[] | undefined;
      try {
        fields = csvFields(text)[0];
      } catch {
        fields = undefined;
      }
      if (fields === undefined || fields.every((f) => f.replace(/\ufeff/g, '').trim() === '')) {
        // A blank line is not a record; an unparsable one is reported as such.
        if (fields === undefined) addCount(out, `malformed CSV line (${type.toLowerCase()})`, 1);
        continue;
      }
      if (type === 'TOO MANY COLUMNS' || type === 'MISSING COLUMNS') {
        addCount(out, `expected ${width} fields, found ${fields.length}`, 1);
      } else {
        addCount(out, `malformed CSV line (${type.toLowerCase()})`, 1);
      }
    }
  }
  return out;
}

/** Most repeated keys handed to the pure-JS loader to find the first repeat in file order. */
const MAX_REPEATED_KEYS = 100_000;

/**
 * The error of `duplicates: 'error'`, worded by the pure-JS loader on the rows whose whole row repeats (so both
 * paths name the same file and lines): the repeated keys are read in DuckDB, then the CSV files are streamed
 * keeping only rows of those keys. Parquet inputs (which the loader cannot read) are named without a line.
 */
async function duplicateError(
  engine: Engine,
  fn: string,
  resolved: ResolvedPlan,
  inputs: readonly BulkInput[],
  count: number,
  countryLabels: QueryComextBulkOptions['countryLabels'],
): Promise<DataValidationError> {
  const r = await engine.connection.runAndReadAll(repeatedKeysSql(resolved.plan, MAX_REPEATED_KEYS));
  const keys = new Set(r.getRows().map((row) => row.map(String).join('\u0000')));
  const csv = inputs.filter((i) => i.format === 'csv').map((i) => i.path);
  const plan = resolved.plan;
  const one = plan.flows.length === 1 ? plan.flows[0]! : undefined;
  if (csv.length > 0 && keys.size > 0) {
    try {
      await loadComextBulk(csv, {
        duplicates: 'error',
        ...(countryLabels === undefined ? {} : { countryLabels }),
        filter: (row) =>
          (one === undefined || row.flow.trim() === one) &&
          keys.has([row.reporter, row.partner, row.productNc, row.period].join('\u0000')),
      });
    } catch (e) {
      if (e instanceof DataValidationError) return e;
      throw e;
    }
  }
  return new DataValidationError(
    `${fn}: ${count} rows repeat an earlier row exactly (duplicates: 'error'; 'first' keeps one copy)`,
    { file: inputs[0]!.path },
    [{ code: 'duplicate_row', path: [], message: `${count} exact duplicate rows` }],
  );
}

/**
 * The first stage on ClickHouse, its rows appended into a DuckDB table: returns the SQL that reads them in the shape
 * of the embedded first stage, and a pseudo-input naming the table (for provenance and errors).
 */
async function clickHouseFirstStage(
  fn: string,
  engine: Engine,
  ch: ClickHouseEngine,
  resolved: ResolvedPlan,
): Promise<{ firstStage: string; input: BulkInput }> {
  const c = engine.connection;
  await c.run(
    'CREATE OR REPLACE TEMP TABLE rb_stage1 (rep VARCHAR, par VARCHAR, prod VARCHAR, flw VARCHAR, per VARCHAR, ' +
      'val VARCHAR, qty VARCHAR, n BIGINT, u BIGINT, vs DOUBLE, nz BIGINT)',
  );
  const appender = await c.createAppender('rb_stage1');
  const text = (x: string | number | null) => {
    if (x === null) appender.appendNull();
    else appender.appendVarchar(String(x));
  };
  const int = (x: string | number | null) => appender.appendBigInt(BigInt(x ?? 0));
  const files =
    ch.files === undefined ? undefined : await Promise.all(ch.files.map((p) => inspectInput(p, c)));
  const path =
    `clickhouse:${ch.url.replace(/\/+$/, '')}/${ch.table ?? '(temporary table)'}` +
    (ch.files === undefined ? '' : ` loaded from ${ch.files.join(', ')}`);
  let layout: { layout: BulkInput['layout']; columns: BulkInput['columns'] } | undefined;
  const onRow = (r: FirstStageRow) => {
    text(r.rep_o);
    text(r.par_o);
    text(r.prod_o);
    text(r.flw_o);
    text(r.per_o);
    text(r.val_o);
    text(r.qty_o);
    int(r.n_o);
    int(r.u_o);
    appender.appendDouble(Number(r.vs_o ?? 0));
    int(r.nz_o);
    appender.endRow();
  };
  const { header } = await runClickHouseFirstStage(
    fn,
    ch,
    resolved.plan,
    (names) => {
      layout = bulkLayoutOf(names, path, 1);
      return layout.columns;
    },
    onRow,
    files,
  );
  appender.flushSync();
  appender.closeSync();
  const found = layout!;
  const input: BulkInput = {
    path,
    format: 'csv',
    compression: 'none',
    header,
    skip: 0,
    headerLine: 1,
    layout: found.layout,
    columns: found.columns,
    bytes: 0,
  };
  return {
    firstStage: `SELECT rep, par, prod, flw, per, val, qty, ${headerSql(header, found.columns)} AS hdr, n, u, vs, nz FROM rb_stage1`,
    input,
  };
}

/** Decide what to do with the codes the lookup tables lacked: new lookups (re-run) or final rejects. */
function settleUnresolved(
  resolved: ResolvedPlan,
  unresolved: PassResult['unresolved'],
): { geo: { raw: string; code: string }[]; periods: PeriodRow[]; rejects: Map<string, number> } {
  const geo = new Map<string, string>();
  const periods = new Map<string, PeriodRow>();
  const rejects = new Map<string, number>();
  const country = (raw: string): string | undefined => {
    const code = resolved.resolve(raw);
    if (code !== undefined) geo.set(raw, code);
    return code;
  };
  const period = (raw: string): boolean => {
    const p = parseComextPeriod(raw);
    if (p === undefined) return false;
    const f = p.length === 4 ? 'A' : 'M';
    const index = f === 'A' ? Number(p) : Number(p.slice(0, 4)) * 12 + Number(p.slice(5, 7)) - 1;
    periods.set(raw, { raw, index, frequency: f });
    return true;
  };
  let rerun = false;
  for (const u of unresolved) {
    if (u.ur !== null && country(u.ur) === undefined) {
      addCount(rejects, `unknown country label ${JSON.stringify(u.ur)}`, u.n);
    } else if (u.up !== null && country(u.up) === undefined) {
      addCount(rejects, `unknown country label ${JSON.stringify(u.up)}`, u.n);
    } else if (u.ur === null && u.up === null && u.uper !== null && !period(u.uper)) {
      addCount(rejects, `unrecognised period ${JSON.stringify(u.uper)}`, u.n);
    } else {
      // Every code these rows lacked resolves: they are valid as far as the lookups go; the query must see them.
      if (u.uper !== null) period(u.uper);
      rerun = true;
    }
  }
  return rerun
    ? { geo: [...geo].map(([raw, code]) => ({ raw, code })), periods: [...periods.values()], rejects }
    : { geo: [], periods: [], rejects };
}

/** Product of a series key. */
function productOfKey(
  resolved: ResolvedPlan,
  pn: number | null,
  po: string | null,
  labels: QueryComextBulkOptions['labels'],
): Product {
  const L = resolved.plan.productLevel;
  if (L > 0) {
    const code = po ?? String(pn).padStart(L, '0');
    return { classification: L === 8 ? 'CN' : 'HS', code, level: L };
  }
  const products = resolved.products;
  if (products === undefined) {
    return labels?.product === undefined
      ? { classification: 'TOTAL', code: 'TOTAL', level: 0 }
      : { classification: 'HS', code: labels.product, level: 0 };
  }
  if (products.length === 1 && labels?.product === undefined) {
    const c = products[0]!;
    return { classification: c.length === 8 ? 'CN' : 'HS', code: c, level: c.length };
  }
  const name = labels?.product ?? joinLabel(products.map((c) => `${c.length === 8 ? 'CN' : 'HS'}:${c}`));
  return { classification: 'HS', code: name, level: 0 };
}

function productLabelOf(p: Product): string {
  if (p.classification === 'TOTAL') return 'TOTAL';
  return /^\d+$/.test(p.code) || /^\d{2}[0-9A-Z]+$/.test(p.code) ? `${p.classification}:${p.code}` : p.code;
}

/**
 * Filter and aggregate Comext bulk files inside embedded DuckDB (no server) and return the cells as typed arrays,
 * with the row accounting and one provenance record per file.
 *
 * Reads plain CSV (`.dat`/`.csv`), gzip, and Parquet converted from them (`COPY … TO 'x.parquet'`), classic and
 * v2 layouts, one or many files in one scan. Every row is validated with the rules of {@link loadComextBulk}
 * (codes keep leading zeros, a 7-digit CN code gets its zero back, FLOW 1 import / 2 export, PERIOD `YYYYMM` or
 * `YYYY52`, `EL` → `GR`, `UK` → `GB`, unknown codes and bad numbers rejected with the loader's own reasons), so on
 * the same file the kept rows, the rejects and the sums agree with the pure-JS loader exactly. Sums over whole-euro
 * values are exact. With one flow asked for, rows of the other flow are counted as filtered without being validated,
 * as `loadComextBulk`'s `filter` drops rows before parsing them. (Two documented differences on malformed input:
 * fields are trimmed of spaces only, where the loader trims any whitespace; a repeated header line is recognised by
 * the columns the query reads.) A cell's status is `reported`, `zero`, or — with a missing or confidential part — `missing` /
 * `confidential` (value 0 in the table) unless `incomplete: 'lowerBound'`.
 *
 * Memory stays bounded by `memoryLimit` whatever the input size: DuckDB streams the files and spills its hash
 * tables to `tempDirectory`; only the cells reach JavaScript. The native module is imported on first use.
 *
 * @param pathOrPaths - one file or several (e.g. twelve monthly files); gzip and Parquet are recognised by content
 * @param options - filters, split, labels, engine settings, progress
 * @returns the cells, the row accounting and the provenance (with each file's SHA-256 when `checksum: true`)
 * @throws {OptionsError} for invalid options
 * @throws {DataValidationError} if a file cannot be read, is empty or corrupt, or lacks a required column
 * @throws {AggregateMixError} if summing reporters or partners would add an aggregate code to others
 * @throws {RoundaboutError} if `@duckdb/node-api` cannot be loaded
 * @example
 * const { table, stats } = await queryComextBulk('full202203.dat.gz', {
 *   flows: ['export'], groupBy: ['partner', 'product', 'period'], productLevel: 6,
 * });
 * stats.rowsScanned === stats.rowsKept + stats.rowsFiltered + stats.rowsRejected; // => true
 */
export async function queryComextBulk(
  pathOrPaths: string | readonly string[],
  options: QueryComextBulkOptions = {},
): Promise<QueryComextBulkResult> {
  return runQuery('queryComextBulk', pathOrPaths, options);
}

/** Shared body of `queryComextBulk` and `aggregateComextBulk` (errors name the caller). */
export async function runQuery(
  fn: string,
  pathOrPaths: string | readonly string[],
  options: QueryComextBulkOptions,
): Promise<QueryComextBulkResult> {
  if (typeof options !== 'object' || options === null)
    throw new OptionsError(`${fn} requires an options object`);
  const ch = options.engine;
  if (ch !== undefined && ch.kind !== 'clickhouse') {
    throw new OptionsError(
      `${fn}: unknown engine ${JSON.stringify(ch)}; use clickhouse({ url, table }) or clickhouse({ url, files })`,
    );
  }
  if (ch !== undefined && (typeof pathOrPaths === 'string' || pathOrPaths.length > 0)) {
    throw new OptionsError(
      `${fn}: with a ClickHouse engine the table (or its files option) is the input; pass [] as the paths`,
    );
  }
  const paths = ch === undefined ? pathList(pathOrPaths, fn) : [];
  const incomplete = options.incomplete ?? 'null';
  if (incomplete !== 'null' && incomplete !== 'lowerBound') {
    throw new OptionsError(
      `${fn} requires incomplete 'null' or 'lowerBound', got ${JSON.stringify(incomplete)}`,
    );
  }
  const duplicates = options.duplicates ?? 'first';
  if (!DUPLICATE_ROWS.includes(duplicates)) {
    throw new OptionsError(
      `${fn} requires duplicates ${DUPLICATE_ROWS.map((d) => `'${d}'`).join(', ')}, got ${JSON.stringify(duplicates)}`,
    );
  }
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  if (!(Number.isSafeInteger(maxRecordBytes) && maxRecordBytes >= 1024 && maxRecordBytes <= 1 << 30)) {
    throw new OptionsError(
      `${fn} requires maxRecordBytes to be an integer from 1024 to 2^30, got ${JSON.stringify(maxRecordBytes)}`,
    );
  }
  const sizes = ch === undefined ? await fileSizes(paths) : [];
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  const settings = resolveSettings(fn, options);
  const onProgress = options.onProgress;
  let reported = 0;
  const progress = (bytes: number, rows: number) => {
    if (onProgress === undefined) return;
    const b = Math.max(reported, Math.min(totalBytes, Math.round(bytes)));
    reported = b;
    onProgress({ bytes: b, totalBytes, rows });
  };
  const checksums = options.checksum === true ? Promise.all(paths.map((p) => fileSha256(p))) : undefined;
  // A rejected checksum promise must not go unhandled while the query runs.
  checksums?.catch(() => {});
  const engine = await openEngine(fn, settings, options.tempDirectory === undefined);
  try {
    const inputs = await Promise.all(paths.map((p) => inspectInput(p, engine.connection)));
    let resolved = resolvePlan(fn, inputs, { ...options, duplicates, maxRecordBytes });
    progress(0, 0);
    const remote = ch === undefined ? undefined : await clickHouseFirstStage(fn, engine, ch, resolved);
    let passes = 0;
    let pass: PassResult;
    let extraRejects = new Map<string, number>();
    for (;;) {
      passes++;
      for (const s of setupStatements(resolved.plan)) await engine.connection.run(s);
      const sql = querySql(resolved.plan, remote?.firstStage);
      pass = await readPass(
        (onChunk, onRowCount) =>
          runChunks(engine.connection, sql, onChunk, (f) => progress(f * totalBytes, 0), onRowCount),
        { reporter: !resolved.plan.byReporter, partner: !resolved.plan.byPartner },
      );
      const settled = settleUnresolved(resolved, pass.unresolved);
      extraRejects = settled.rejects;
      if (settled.geo.length === 0 && settled.periods.length === 0) break;
      if (passes >= 2) {
        throw new RoundaboutError(
          `${fn}: codes resolved in JavaScript still unresolved after a second pass (a bug)`,
        );
      }
      resolved = extendPlan(resolved, settled.geo, settled.periods);
    }
    const structural = await structuralRejects(engine, scanGroups(inputs));
    if (duplicates === 'error' && pass.duplicates > 0 && remote !== undefined) {
      throw new DataValidationError(
        `${fn}: ${pass.duplicates} rows of ClickHouse table ${remote.input.path} repeat another row exactly (duplicates: 'error')`,
        { file: remote.input.path },
        [{ code: 'duplicate_row', path: [], message: `${pass.duplicates} exact duplicate rows` }],
      );
    }
    if (duplicates === 'error' && pass.duplicates > 0) {
      throw await duplicateError(engine, fn, resolved, inputs, pass.duplicates, options.countryLabels);
    }
    if (duplicates === 'first' && pass.duplicates > 0)
      addCount(structural, DUPLICATE_ROW_REASON, pass.duplicates);
    const rejects = new Map<string, number>();
    for (const m of [pass.rejects, extraRejects, structural]) for (const [r, n] of m) addCount(rejects, r, n);
    checkAggregates(fn, resolved, pass);
    const table = buildTable(resolved, pass, options.labels);
    const rowsRejected = [...rejects.values()].reduce((a, b) => a + b, 0);
    const rowsFiltered = [...pass.filters.values()].reduce((a, b) => a + b, 0);
    const stats: ComextBulkStats = {
      rowsScanned: pass.kept + rowsFiltered + rowsRejected,
      rowsKept: pass.kept,
      rowsFiltered,
      rowsRejected,
      rejectReasons: Object.fromEntries([...rejects].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))),
      filterReasons: Object.fromEntries(
        [...pass.filters].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
      ),
      cells: table.periods.length,
      series: table.keys.length,
      files: paths.length,
      bytes: totalBytes,
      ...(duplicates === 'unchecked' ? {} : { duplicates: pass.duplicates }),
      passes,
    };
    const sha = checksums === undefined ? undefined : await checksums;
    const provenance = (remote === undefined ? inputs : [remote.input]).map((input, i) =>
      bulkProvenance(
        options,
        input,
        paths.length > 1,
        sha?.[i],
        remote === undefined
          ? `read with DuckDB (${input.format}${input.compression === 'gzip' ? ', gzip' : ''})`
          : `first grouping in ClickHouse (${ch?.url}${ch?.cluster === undefined ? '' : `, cluster ${ch.cluster}`}), validated in DuckDB`,
      ),
    );
    progress(totalBytes, stats.rowsScanned);
    return { table, stats, provenance, sources: provenance.map((p) => p.id).sort() };
  } finally {
    await engine.close();
  }
}

function buildTable(
  resolved: ResolvedPlan,
  pass: PassResult,
  labels: QueryComextBulkOptions['labels'],
): ComextBulkTable {
  const codes = resolved.codes;
  const reporter =
    labels?.reporter ?? (resolved.reporters === undefined ? 'ALL' : joinLabel(resolved.reporters));
  const partner = labels?.partner ?? (resolved.partners === undefined ? 'ALL' : joinLabel(resolved.partners));
  const cols = pass.columns;
  const n = cols.seriesCount;
  const keys: SeriesKey[] = new Array(n);
  const products: Product[] = new Array(n);
  const productCache = new Map<number | string, { product: Product; label: string }>();
  const g1s = cols.seriesG1.data;
  const pns = cols.seriesPn.data;
  const reps = cols.seriesRep.data;
  const pars = cols.seriesPar.data;
  const anyPo = cols.seriesPo.size > 0;
  for (let i = 0; i < n; i++) {
    const po = anyPo ? (cols.seriesPo.get(i) ?? null) : null;
    const pn = po === null ? pns[i]! : null;
    const pid = po ?? pn!;
    let hit = productCache.get(pid);
    if (hit === undefined) {
      const product = productOfKey(resolved, pn, po, labels);
      hit = { product, label: productLabelOf(product) };
      productCache.set(pid, hit);
    }
    products[i] = hit.product;
    // Unpack g1 = ((rk + 1) × geo + pk + 1) × flow + fl (see the SQL).
    // (g1 < 2^25: integer arithmetic.)
    const key1 = g1s[i]! | 0;
    const fl = key1 & (KEY.flow - 1);
    const rest = key1 >>> FLOW_SHIFT;
    const pk = (rest & (KEY.geo - 1)) - 1;
    const rk = (rest >>> GEO_SHIFT) - 1;
    // A summed dimension with one code in every cell of the series is labelled by that code (as toSeriesSet does).
    const oneRep = labels?.reporter === undefined ? reps[i]! : -1;
    const onePar = labels?.partner === undefined ? pars[i]! : -1;
    keys[i] = {
      reporter: rk >= 0 ? codes[rk]! : oneRep >= 0 ? codes[oneRep]! : reporter,
      partner: pk >= 0 ? codes[pk]! : onePar >= 0 ? codes[onePar]! : partner,
      flow: fl === 1 ? 'import' : 'export',
      product: hit.label,
    };
  }
  const offsets = new Int32Array(n + 1);
  offsets.set(cols.seriesAt.data.subarray(0, n));
  offsets[n] = cols.cellCount;
  return {
    frequency: resolved.frequency,
    keys,
    products,
    offsets,
    periods: cols.periods.view(),
    values: cols.values.view(),
    status: cols.status.view(),
    lowerBound: cols.lowerBound.view(),
    rows: cols.rows.view(),
  };
}

function checkAggregates(fn: string, resolved: ResolvedPlan, pass: PassResult): void {
  const plan = resolved.plan;
  const check = (by: boolean, mixedRows: number, what: string) => {
    if (by || mixedRows === 0) return;
    throw new AggregateMixError(
      `${fn} would sum an aggregate ${what} code with other ${what}s in cells of ${mixedRows} rows (double ` +
        `counting): filter ${what}s or put '${what}' in groupBy`,
    );
  };
  check(plan.byReporter, pass.aggregateReporterRows, 'reporter');
  check(plan.byPartner, pass.aggregatePartnerRows, 'partner');
}
