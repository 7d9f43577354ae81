/**
 * The ClickHouse engine of the bulk path: the first stage of the query (one GROUP BY of every row on its raw key
 * columns, with the duplicate check) runs as SQL on a ClickHouse table — typically a `Distributed` table over the
 * shards of a cluster — rendered from the same {@link QueryPlan} as DuckDB's first stage; the distinct keys it
 * returns are validated and summed into cells by the same DuckDB SQL as the embedded path, so the cells and the row
 * accounting are the same. `@clickhouse/client` is an optional peer dependency, imported only when used.
 *
 * Written for ClickHouse 18.16 (Debian's package) and later: no CTEs, no `TRY_CAST`, no `trim`, no server-side
 * parameters — every literal is escaped into the SQL text ({@link chString}) — and `wait_end_of_query=1`, so an error
 * mid-query arrives as an error, not as a row.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import {
  DataValidationError,
  MissingPeerDependencyError,
  OptionsError,
  RoundaboutError,
} from '../../errors.js';
import type { BulkInput } from './inputs.js';
import type { Dialect, QueryPlan } from './sql.js';
import { keepSelected, productCut } from './sql.js';

/**
 * Where a ClickHouse engine reads: a table (plain or `Distributed`) whose columns are a Comext bulk layout's, every
 * column a `String` as published (e.g. loaded with `INSERT … FORMAT CSV`) — or the user's bulk files, loaded into a
 * table first (`files`).
 *
 * @example
 * const engine: ClickHouseEngine = clickhouse({ url: 'http://127.0.0.1:18123', cluster: 'rb_cluster', table: 'rb.comext' });
 * engine.files; // => undefined
 */
export interface ClickHouseEngine {
  readonly kind: 'clickhouse';
  /** HTTP URL of one server of the cluster, e.g. `http://127.0.0.1:8123`. */
  readonly url: string;
  /** The cluster's name in `remote_servers` (informative: the `Distributed` table names its cluster itself). */
  readonly cluster?: string | undefined;
  /**
   * The table, `db.table` or `table`. With `files`: the table the files are appended to (created as a MergeTree
   * table of `String` columns on the server at `url` if it does not exist; an existing `Distributed` table spreads
   * the rows over its shards); without `table` the files go into a temporary MergeTree table, dropped afterwards.
   */
  readonly table?: string | undefined;
  /**
   * Comext bulk files (CSV as published, plain or gzip) to load before the question runs; read and, for gzip,
   * decompressed here, on the client (ClickHouse 18.16's `file()` reads no gzip), and sent as `FORMAT CSV`.
   */
  readonly files?: readonly string[] | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
}

/**
 * The ClickHouse engine for `queryComextBulk` / `aggregateComextBulk` (`engine` option): the same question over a
 * table on a ClickHouse server or cluster, with the same cells and row accounting as the embedded DuckDB engine.
 * Pass no paths (`[]`): the table is the input — or give `files` instead of (or with) `table`, and the engine loads
 * the files first (see {@link ClickHouseEngine.table}). Needs `@clickhouse/client` (optional peer) and
 * `@duckdb/node-api` (which validates the distinct keys the cluster returns).
 *
 * Files mode reads CSV only (plain or gzip; not Parquet), and every file must have the same header. A line
 * ClickHouse's CSV reader cannot split into the header's fields fails the load (DuckDB's reader would count it as a
 * rejected row). The temporary table lives on the server at `url` only (18.16 has no `ON CLUSTER` DDL without
 * ZooKeeper): to spread the rows over a cluster, create a `Distributed` table over per-shard tables once and name it
 * in `table` (the rows are inserted through it with `insert_distributed_sync=1`).
 *
 * @throws {OptionsError} for a missing URL, or neither a table nor files
 * @example
 * const engine = clickhouse({ url: 'http://127.0.0.1:18123', cluster: 'rb_cluster', table: 'rb.comext' });
 * engine.kind; // => 'clickhouse'
 * // With the cluster running (scripts/clickhouse-cluster.sh start):
 * // const { stats } = await queryComextBulk([], { engine, flows: ['export'], groupBy: ['partner', 'period'] });
 *
 * // Files mode: the user's bulk files, loaded into a temporary table on the server, then the same question.
 * const fromFiles = clickhouse({ url: 'http://127.0.0.1:18123', files: ['full_v2_202401.dat', 'full_v2_202402.dat.gz'] });
 * fromFiles.files; // => ['full_v2_202401.dat', 'full_v2_202402.dat.gz']
 * fromFiles.table; // => undefined
 * // await queryComextBulk([], { engine: fromFiles, flows: ['export'], groupBy: ['partner', 'product', 'period'] });
 */
export function clickhouse(options: {
  readonly url: string;
  readonly cluster?: string;
  readonly table?: string;
  readonly files?: readonly string[];
  readonly username?: string;
  readonly password?: string;
}): ClickHouseEngine {
  if (typeof options?.url !== 'string' || !/^https?:\/\//.test(options.url)) {
    throw new OptionsError(
      `clickhouse() requires url as http(s)://host:port, got ${JSON.stringify(options?.url)}`,
    );
  }
  const files = options.files;
  if (
    files !== undefined &&
    (!Array.isArray(files) || files.length === 0 || files.some((f) => typeof f !== 'string' || f === ''))
  ) {
    throw new OptionsError('clickhouse() requires files as a non-empty array of paths');
  }
  if (options.table !== undefined && (typeof options.table !== 'string' || options.table.trim() === '')) {
    throw new OptionsError('clickhouse() requires the table as a non-empty name (db.table)');
  }
  if (options.table === undefined && files === undefined) {
    throw new OptionsError('clickhouse() requires the table to read (db.table) or the files to load');
  }
  return {
    kind: 'clickhouse',
    url: options.url,
    cluster: options.cluster,
    table: options.table,
    files: files === undefined ? undefined : [...files],
    username: options.username,
    password: options.password,
  };
}

/**
 * A ClickHouse string literal: backslashes and quotes escaped (ClickHouse, unlike DuckDB, reads backslash escapes
 * in string literals), so any text — labels, column names, regular expressions — stays one literal.
 *
 * @example
 * chString("it's \\ here"); // => "'it\\'s \\\\ here'"
 */
export function chString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\0/g, '\\0')}'`;
}

/**
 * A ClickHouse identifier in back quotes (a dotted `db.table` becomes two).
 *
 * @example
 * chIdent('rb.comext'); // => '`rb`.`comext`'
 */
export function chIdent(name: string, dotted = false): string {
  const one = (x: string) => `\`${x.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
  return dotted ? name.split('.').map(one).join('.') : one(name);
}

/** ClickHouse's renderings of the first stage's expressions. */
export const CLICKHOUSE_DIALECT: Dialect = {
  str: chString,
  fullMatch: (x, re) => `match(ifNull(${x}, ''), ${chString(`^(${re})$`)})`,
  left: (x, n) => `substring(${x}, 1, ${n})`,
};

/** Columns the first stage returns, in order (the shape of `preAggregate` in `sql.ts`, without `hdr`). */
export const FIRST_STAGE_COLUMNS = [
  'rep',
  'par',
  'prod',
  'flw',
  'per',
  'val',
  'qty',
  'n',
  'u',
  'vs',
  'nz',
] as const;

/**
 * The first stage in ClickHouse SQL: one GROUP BY of the table's rows on their raw key columns — with the duplicate
 * check, on the whole row (the seven fields and `cityHash64` of the other columns), each group one distinct row.
 * An integer value (`-?[0-9]{1,18}`) is summed as Int64 and replaced by `'0'`, as is a non-negative integer
 * quantity; anything else is kept as read for the DuckDB validation. (The fold is stricter than DuckDB's, which
 * also folds decimals: such values reach DuckDB as read and are validated and summed there, with the same result.)
 *
 * @param header - the table's column names, in order
 */
export function clickHouseFirstStageSql(
  plan: QueryPlan,
  table: string,
  header: readonly string[],
  columns: {
    reporter: number;
    partner: number;
    product: number;
    flow: number;
    period: number;
    value: number;
    quantity: number | undefined;
  },
): string {
  const d = CLICKHOUSE_DIALECT;
  const f = (col: number | undefined) =>
    col === undefined ? 'CAST(NULL AS Nullable(String))' : `nullIf(${chIdent(header[col]!)}, '')`;
  const read = new Set(
    [
      columns.reporter,
      columns.partner,
      columns.product,
      columns.flow,
      columns.period,
      columns.value,
      columns.quantity,
    ].filter((x): x is number => x !== undefined),
  );
  const rest = header.map((_, i) => i).filter((i) => !read.has(i));
  const hash =
    rest.length === 0 ? 'toUInt64(0)' : `cityHash64(${rest.map((i) => chIdent(header[i]!)).join(', ')})`;
  const keep = (x: string) => keepSelected(plan, d, x);
  const rows =
    `SELECT ${f(columns.reporter)} AS rep, ${f(columns.partner)} AS par, ${f(columns.product)} AS prod, ` +
    `${f(columns.flow)} AS flw, ${f(columns.period)} AS per, ${f(columns.value)} AS val, ` +
    `${f(columns.quantity)} AS qty, ${hash} AS h FROM ${chIdent(table, true)}`;
  const vi = `if(${d.fullMatch('val', '-?[0-9]{1,18}')}, toInt64OrNull(ifNull(val, '')), CAST(NULL AS Nullable(Int64)))`;
  const qi = d.fullMatch('qty', '[0-9]{1,18}');
  const inner =
    `SELECT flw, ${keep('h')} AS h, ${keep('rep')} AS rep, ${keep('par')} AS par, ${keep('prod')} AS prod, ` +
    `${keep('per')} AS per, ${keep('val')} AS val, ${keep('qty')} AS qty, ${keep(vi)} AS vi, ` +
    `${keep(productCut(plan, d, 'prod'))} AS pcut, ${keep(`if(isNull(${vi}), val, '0')`)} AS vfold, ` +
    `${keep(`multiIf(isNull(qty), CAST(NULL AS Nullable(String)), ${qi}, '0', qty)`)} AS qfold FROM (${rows})`;
  const out = (p: string, v: string, q: string, n: string, u: string, vs: string, nz: string) =>
    `${[`rep`, `par`, p, 'flw', 'per', v, q, n, u, vs, nz].map((x, i) => `${x} AS ${FIRST_STAGE_COLUMNS[i]}_o`).join(', ')}`;
  if (plan.duplicates === 'unchecked') {
    return (
      `SELECT ${out('pcut', 'vfold', 'qfold', 'count()', 'count()', 'sum(ifNull(vi, 0))', 'countIf(ifNull(vi, 0) != 0)')} ` +
      `FROM (${inner}) GROUP BY rep, par, pcut, flw, per, vfold, qfold`
    );
  }
  // Per distinct whole row: with `first` its copies count once in the sums (the n − 1 repeats are set aside later).
  const copies = plan.duplicates === 'first' ? '1' : 'count()';
  return (
    `SELECT ${out('any(pcut)', 'any(vfold)', 'any(qfold)', 'count()', '1', `ifNull(any(vi), 0) * ${copies}`, `if(ifNull(any(vi), 0) != 0, ${copies}, 0)`)} ` +
    `FROM (${inner}) GROUP BY h, rep, par, prod, flw, per, val, qty`
  );
}

type ClientModule = typeof import('@clickhouse/client');
let clientModule: Promise<ClientModule> | undefined;

/**
 * Import `@clickhouse/client` once, on first use.
 *
 * @throws {MissingPeerDependencyError} if it is not installed
 */
export function loadClickHouseClient(fn: string): Promise<ClientModule> {
  clientModule ??= import('@clickhouse/client').catch((cause: unknown) => {
    clientModule = undefined;
    const { code, message } = (cause ?? {}) as { code?: unknown; message?: unknown };
    const absent =
      (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
      typeof message === 'string' &&
      message.includes("'@clickhouse/client'");
    throw new MissingPeerDependencyError('@clickhouse/client', 'trade-roundabout/bulk', fn, {
      cause,
      installed: !absent,
    });
  });
  return clientModule;
}

/** One row of the first stage as ClickHouse returns it (JSONEachRow: 64-bit integers quoted). */
export type FirstStageRow = Record<`${(typeof FIRST_STAGE_COLUMNS)[number]}_o`, string | number | null>;

/**
 * A stream of a CSV file's bytes without its first `lines` lines (the blank lines above the header and the header).
 */
function withoutLines(source: Readable, lines: number): Readable {
  let left = lines;
  return source.pipe(
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        let start = 0;
        while (left > 0) {
          const nl = chunk.indexOf(10, start);
          if (nl === -1) {
            start = chunk.length;
            break;
          }
          start = nl + 1;
          left--;
        }
        done(null, start >= chunk.length ? undefined : start === 0 ? chunk : chunk.subarray(start));
      },
    }),
  );
}

/**
 * The files of files mode, checked: CSV (plain or gzip), one header for all.
 *
 * @throws {OptionsError} for Parquet or for files whose headers differ
 */
export function checkFilesForClickHouse(fn: string, inputs: readonly BulkInput[]): readonly string[] {
  const first = inputs[0]!;
  for (const input of inputs) {
    if (input.format !== 'csv') {
      throw new OptionsError(
        `${fn}: the ClickHouse engine loads CSV files (plain or gzip), not ${input.format} (${input.path})`,
      );
    }
    if (input.header.join('\u0000') !== first.header.join('\u0000')) {
      throw new OptionsError(
        `${fn}: the ClickHouse engine loads files with one header; ${input.path} differs from ${first.path}`,
      );
    }
  }
  return first.header;
}

/**
 * Run the first stage on the server and hand each row to `onRow`; also returns the table's column names. In files
 * mode (`inputs`, the engine's files inspected) the files are loaded first — into `engine.table` (created if
 * absent) or into a temporary MergeTree table dropped at the end.
 *
 * @throws {RoundaboutError} naming the server and table when the load or the query fails
 */
export async function runClickHouseFirstStage(
  fn: string,
  engine: ClickHouseEngine,
  plan: QueryPlan,
  layoutOf: (header: readonly string[]) => Parameters<typeof clickHouseFirstStageSql>[3],
  onRow: (row: FirstStageRow) => void,
  inputs?: readonly BulkInput[],
): Promise<{ header: string[]; sql: string; table: string }> {
  const { createClient } = await loadClickHouseClient(fn);
  const client = createClient({
    url: engine.url,
    ...(engine.username === undefined ? {} : { username: engine.username }),
    ...(engine.password === undefined ? {} : { password: engine.password }),
    compression: { request: false, response: false },
    clickhouse_settings: { wait_end_of_query: 1 },
  });
  const temporary = engine.table === undefined;
  const table = engine.table ?? `default.roundabout_tmp_${randomBytes(8).toString('hex')}`;
  const where = `${table} on ${engine.url}`;
  let created = false;
  try {
    if (inputs !== undefined && inputs.length > 0) {
      const fileHeader = checkFilesForClickHouse(fn, inputs);
      const columns = fileHeader.map((h) => `${chIdent(h)} String`).join(', ');
      try {
        await client.command({
          query: `CREATE TABLE ${temporary ? '' : 'IF NOT EXISTS '}${chIdent(table, true)} (${columns}) ENGINE = MergeTree() ORDER BY tuple()`,
        });
        created = temporary;
      } catch (cause) {
        throw new RoundaboutError(`${fn}: cannot create ClickHouse table ${where}: ${String(cause)}`, {
          cause,
        });
      }
      for (const input of inputs) {
        const raw = createReadStream(input.path, { highWaterMark: 1 << 20 });
        const text = input.compression === 'gzip' ? raw.pipe(createGunzip()) : raw;
        const values = withoutLines(text, input.skip + 1);
        try {
          await client.insert({
            table: chIdent(table, true),
            values,
            format: 'CSV',
            columns: fileHeader.map((h) => chIdent(h)) as [string, ...string[]],
            clickhouse_settings: { insert_distributed_sync: 1 },
          });
        } catch (cause) {
          throw new DataValidationError(
            `${fn}: ClickHouse could not load the file into ${where}: ${String(cause)}`,
            { file: input.path },
            [],
            { cause },
          );
        } finally {
          raw.destroy();
        }
      }
    }
    let header: string[];
    try {
      const r = await client.query({
        query: `DESCRIBE TABLE ${chIdent(table, true)}`,
        format: 'JSONEachRow',
      });
      header = ((await r.json()) as { name: string }[]).map((c) => c.name);
    } catch (cause) {
      throw new RoundaboutError(`${fn}: cannot describe ClickHouse table ${where}: ${String(cause)}`, {
        cause,
      });
    }
    const sql = clickHouseFirstStageSql(plan, table, header, layoutOf(header));
    try {
      const result = await client.query({ query: sql, format: 'JSONEachRow' });
      for await (const rows of result.stream()) {
        for (const row of rows) onRow(row.json() as FirstStageRow);
      }
    } catch (cause) {
      throw new RoundaboutError(`${fn}: ClickHouse query on ${where} failed: ${String(cause)}`, { cause });
    }
    return { header, sql, table };
  } finally {
    try {
      if (created) await client.command({ query: `DROP TABLE IF EXISTS ${chIdent(table, true)}` });
    } finally {
      await client.close();
    }
  }
}
