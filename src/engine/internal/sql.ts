/**
 * The SQL of a bulk query: one scan of every input, every row validated with the rules of `loadComextBulk`, then
 * one GROUP BY that returns the aggregated cells, the filtered and rejected row counts (with reasons) and the raw
 * values the SQL could not resolve itself — all in one pass over the data.
 *
 * Row classes (column `k`): 0 kept (aggregated into cells), 1 valid but outside the question (`why` says which
 * filter), 2 rejected (`why` = reason, `bad` = the offending value), 3 holds a reporter, partner or period code the
 * lookup tables do not know (resolved in JS, see `query-comext-bulk.ts`).
 *
 * @module
 */

import type { DuplicateRows } from '../../model/load-result.js';
import { sqlString } from './duckdb.js';
import type { BulkInput } from './inputs.js';

/** Reasons of class-2 rows (`why`). */
export const REJECT = {
  header: 1,
  product: 2,
  flow: 3,
  period: 4,
  value: 5,
  quantity: 6,
  negativeQuantity: 7,
} as const;

/** Filters of class-1 rows (`why`), checked in this order. */
export const FILTER = {
  level: 1,
  frequency: 2,
  reporter: 3,
  partner: 4,
  flow: 5,
  window: 6,
  products: 7,
} as const;

/** A row of the code lookup table: a code as published → our code's id, and whether that code is an aggregate. */
export interface GeoRow {
  readonly raw: string;
  readonly id: number;
  readonly aggregate: boolean;
}

/** A period label the fast path does not parse, resolved in JS: index and frequency (`M`, `A`). */
export interface PeriodRow {
  readonly raw: string;
  readonly index: number;
  readonly frequency: 'M' | 'A';
}

/** Everything the SQL depends on, resolved from the options. */
export interface QueryPlan {
  readonly inputs: readonly BulkInput[];
  /** Split cells by reporter / partner (otherwise summed). */
  readonly byReporter: boolean;
  readonly byPartner: boolean;
  /** Product level of the cells: 2, 4, 6, 8, or 0 when products are summed. */
  readonly productLevel: 0 | 2 | 4 | 6 | 8;
  /** Keep monthly (`M`) or annual (`A`) rows. */
  readonly frequency: 'M' | 'A';
  /** Reporter / partner ids to keep (undefined: all). */
  readonly reporterIds: readonly number[] | undefined;
  readonly partnerIds: readonly number[] | undefined;
  /** FLOW values to keep. */
  readonly flows: readonly ('1' | '2')[];
  /** Period index window, inclusive (undefined: open). */
  readonly from: number | undefined;
  readonly to: number | undefined;
  /** Product code prefixes to keep (undefined: all), each 2, 4, 6 or 8 digits. */
  readonly products: readonly string[] | undefined;
  readonly geo: readonly GeoRow[];
  readonly periods: readonly PeriodRow[];
  /** Sum the known parts of a cell with a missing or confidential part (and mark it), instead of a null cell. */
  readonly lowerBound: boolean;
  /**
   * Exact repeats of a whole valid row: `'first'` counts them once, `'sum'` and `'error'` count every copy (and
   * report the repeats), `'unchecked'` skips the whole-row grouping.
   */
  readonly duplicates: DuplicateRows;
  /** Longest record the CSV reader accepts (bytes, line break excluded); longer ones are rejects. */
  readonly maxRecordBytes: number;
}

const MISSING_TOKENS = ['', ':', '..', '...', 'na', 'n/a', 'null', 'nan', 'none'];
const ZERO_TOKENS = ['-', '\u2013', '\u2014'];
const CONFIDENTIAL_TOKENS = ['c', ':c', ': c', 'conf', 'confidential'];
const TOTAL_LABELS = ['total', 'totals', 'tt', 'all', 'all products', 'ensemble', 'insgesamt'];
/** Thousands separators `parseNumber` accepts with a `.` decimal separator, each on its own. */
const GROUPS = [' ', '\u00a0', '\u202f', "'", ','];

function list(values: readonly string[]): string {
  return values.map(sqlString).join(', ');
}

/**
 * `x` is one of `values`, as a scalar function: an `IN (…)` list of constants becomes a join over every row,
 * while `list_contains` runs only on the rows a CASE branch reaches.
 */
function oneOf(x: string, values: readonly string[]): string {
  return `list_contains([${list(values)}], ${x})`;
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A field of one input as VARCHAR, as read (NULL for an empty CSV field). The fast path uses fields untrimmed: a
 * field with surrounding spaces fails its tests and goes to the slow path, which trims.
 */
function fieldExpr(input: BulkInput, col: number): string {
  return input.format === 'csv' ? `c${col}` : `CAST(${ident(input.header[col]!)} AS VARCHAR)`;
}

/**
 * A field trimmed as the slow path sees it. (The pure-JS loader trims every kind of Unicode whitespace; DuckDB's
 * `trim` with a character list costs three times the whole scan, and bulk files hold no tabs or no-break spaces
 * around their codes, so only spaces are trimmed.)
 */
function t(x: string): string {
  return `trim(coalesce(${x}, ''))`;
}

/** Inputs that one scan can read together (same format, compression, header and leading lines). */
export function scanGroups(inputs: readonly BulkInput[]): BulkInput[][] {
  const groups = new Map<string, BulkInput[]>();
  for (const i of inputs) {
    const k = [i.format, i.compression, i.skip, i.header.join('\u0000')].join('\u0001');
    let g = groups.get(k);
    if (g === undefined) {
      g = [];
      groups.set(k, g);
    }
    g.push(i);
  }
  return [...groups.values()];
}

/** Name of the reject table of scan group `g` (CSV only). */
export function rejectTable(g: number): string {
  return `rb_rejects_${g}`;
}

/** Every column of a scan group as VARCHAR, named `c0` … `cN` (the whole row, for duplicate detection). */
function wholeRow(group: readonly BulkInput[]): string[] {
  const first = group[0]!;
  return first.header.map((_, i) => (first.format === 'csv' ? `c${i}` : `${fieldExpr(first, i)} AS c${i}`));
}

/** The seven fields the query reads, from a relation with columns `c0` … `cN` (see {@link wholeRow}). */
function fieldsOf(first: BulkInput): string[] {
  const c = first.columns;
  const f = (col: number | undefined) => (col === undefined ? 'NULL::VARCHAR' : `c${col}`);
  return [
    `${f(c.reporter)} AS rep`,
    `${f(c.partner)} AS par`,
    `${f(c.product)} AS prod`,
    `${f(c.flow)} AS flw`,
    `${f(c.period)} AS per`,
    `${f(c.value)} AS val`,
    `${f(c.quantity)} AS qty`,
  ];
}

/** The read of one scan group: every column as VARCHAR (`c0` … `cN`). */
function readSql(group: readonly BulkInput[], g: number, maxRecordBytes: number): string {
  const first = group[0]!;
  const paths = `[${group.map((i) => sqlString(i.path)).join(', ')}]`;
  if (first.format === 'parquet') {
    return `SELECT rb_file, ${wholeRow(group).join(', ')} FROM read_parquet(${paths}, filename = 'rb_file')`;
  }
  const columns = first.header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const options = [
    'header = true',
    `skip = ${first.skip}`,
    "delim = ','",
    `quote = '"'`,
    `escape = '"'`,
    'auto_detect = false',
    `columns = {${columns}}`,
    `compression = ${sqlString(first.compression === 'gzip' ? 'gzip' : 'none')}`,
    // The file of each row: whole rows are compared within one file.
    "filename = 'rb_file'",
    // A record longer than this is a reject (LINE SIZE OVER MAXIMUM) and reading goes on.
    `max_line_size = ${maxRecordBytes}`,
    // DuckDB's buffer must hold the longest line it reads.
    `buffer_size = ${Math.max(32 * 1024 * 1024, 2 * maxRecordBytes + 1024)}`,
    // Rows with the wrong number of fields go to a reject table instead of failing the scan.
    'store_rejects = true',
    `rejects_table = ${sqlString(rejectTable(g))}`,
    `rejects_scan = ${sqlString(`${rejectTable(g)}_scans`)}`,
  ];
  return `SELECT * FROM read_csv(${paths}, ${options.join(', ')})`;
}

/**
 * The scanned rows of the groups that share one header: the seven fields, the repeated-header flag `hdr` and, when
 * duplicates are checked, the row's file `rb_file` and `h`, a 64-bit hash of the columns the query does not read
 * (so the seven fields, the file and `h` stand for the whole row as read: see {@link preAggregate}).
 */
function scanSql(groups: readonly { group: BulkInput[]; g: number }[], plan: QueryPlan): string {
  const first = groups[0]!.group[0]!;
  const c = first.columns;
  const header = headerSql(first.header, c);
  const reads = groups.map(({ group, g }) => readSql(group, g, plan.maxRecordBytes)).join(' UNION ALL ');
  if (plan.duplicates === 'unchecked') {
    return `SELECT *, ${header} AS hdr FROM (SELECT ${fieldsOf(first).join(', ')} FROM (${reads}))`;
  }
  const read = new Set(
    [c.reporter, c.partner, c.product, c.flow, c.period, c.value, c.quantity].filter(
      (x): x is number => x !== undefined,
    ),
  );
  const rest = first.header.map((_, i) => i).filter((i) => !read.has(i));
  const hash = rest.length === 0 ? '0::UBIGINT' : `hash(${rest.map((i) => `c${i}`).join(', ')})`;
  return (
    `SELECT *, ${header} AS hdr FROM ` +
    `(SELECT rb_file, ${fieldsOf(first).join(', ')}, ${hash} AS h FROM (${reads}))`
  );
}

/**
 * Whether a row is a repeated header line: the fields read (columns `rep` … `val`) equal the header's names.
 * (Nested CASEs, not AND: DuckDB evaluates every operand of AND/OR in a projection, a CASE branch only on its rows.)
 */
export function headerSql(names: readonly string[], c: BulkInput['columns']): string {
  const h = (col: number) => sqlString(names[col]!.toUpperCase());
  const len = names[c.reporter]!.length;
  return (
    `CASE WHEN length(rep) >= ${len} THEN CASE WHEN upper(${t('rep')}) = ${h(c.reporter)} THEN ` +
    `upper(${t('par')}) = ${h(c.partner)} AND upper(${t('prod')}) = ${h(c.product)} AND ` +
    `upper(${t('flw')}) = ${h(c.flow)} AND upper(${t('per')}) = ${h(c.period)} AND ` +
    `upper(${t('val')}) = ${h(c.value)} ELSE false END ELSE false END`
  );
}

/** Scan groups (see {@link scanGroups}) with their index, gathered by header (one whole-row width per gathering). */
function headerGroups(inputs: readonly BulkInput[]): { group: BulkInput[]; g: number }[][] {
  const out = new Map<string, { group: BulkInput[]; g: number }[]>();
  scanGroups(inputs).forEach((group, g) => {
    const k = group[0]!.header.join('\u0000');
    const list = out.get(k);
    if (list === undefined) out.set(k, [{ group, g }]);
    else list.push({ group, g });
  });
  return [...out.values()];
}

/** Statements that create the lookup tables the query joins. */
export function setupStatements(plan: QueryPlan): string[] {
  const geo = plan.geo.length === 0 ? [{ raw: '\u0000', id: -1, aggregate: false }] : plan.geo;
  const out = [
    // Codes as published → an ENUM: a cast is a hash lookup inside the expression, cheaper than a join that
    // carries every row's fields through it (measured: 30% of the query).
    'DROP TYPE IF EXISTS rb_geo_enum',
    `CREATE TYPE rb_geo_enum AS ENUM (${geo.map((r) => sqlString(r.raw)).join(', ')})`,
  ];
  if (plan.periods.length > 0) {
    out.push(
      'CREATE OR REPLACE TEMP TABLE rb_period (raw VARCHAR, idx INTEGER, f VARCHAR)',
      `INSERT INTO rb_period VALUES ${plan.periods.map((p) => `(${sqlString(p.raw)}, ${p.index}, '${p.frequency}')`).join(', ')}`,
    );
  }
  if (plan.products !== undefined) {
    out.push(
      'CREATE OR REPLACE TEMP TABLE rb_products (code VARCHAR, len INTEGER)',
      `INSERT INTO rb_products VALUES ${plan.products.map((p) => `(${sqlString(p)}, ${p.length})`).join(', ')}`,
    );
  }
  return out;
}

/** The number parser of `parseValue` in SQL: class 0 number, 1 missing, 2 confidential, 3 invalid, 4 zero token. */
function numberSql(x: string, tried: string): { cls: string; num: string } {
  const grouped = GROUPS.map((g) => {
    const e = g.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return `[+-]?[0-9]{1,3}(${e}[0-9]{3})+(\\.[0-9]+)?`;
  });
  const groupedTest = grouped.map((re) => `regexp_full_match(${x}, ${sqlString(re)})`).join(' OR ');
  const groupedValue = `TRY_CAST(regexp_replace(${x}, ${sqlString(`[${GROUPS.join('')}]`)}, '', 'g') AS DOUBLE)`;
  // DuckDB's cast also takes `1_000`, `inf` and `nan`, which parseValue does not: those fall through.
  const plain = `${tried} IS NOT NULL AND isfinite(${tried}) AND NOT contains(${x}, '_')`;
  const cls =
    `CASE WHEN ${plain} THEN 0 ` +
    `WHEN ${oneOf(`lower(${x})`, MISSING_TOKENS)} THEN 1 ` +
    `WHEN ${oneOf(x, ZERO_TOKENS)} THEN 4 ` +
    `WHEN ${oneOf(`lower(${x})`, CONFIDENTIAL_TOKENS)} THEN 2 ` +
    `WHEN (${groupedTest}) AND isfinite(${groupedValue}) THEN 0 ` +
    'ELSE 3 END';
  const num =
    `CASE WHEN ${plain} THEN ${tried} WHEN ${oneOf(x, ZERO_TOKENS)} THEN 0.0 ` +
    `WHEN (${groupedTest}) AND isfinite(${groupedValue}) THEN ${groupedValue} END`;
  return { cls, num };
}

/** Multipliers of the packed group keys (see {@link querySql}). */
export const KEY = { geo: 2048, flow: 4, period: 65536 } as const;

/** Separator of the unresolved raw codes packed in `g3` for class-3 rows. */
export const UNRESOLVED_SEPARATOR = '\u001f';

/** Prefix of an unresolved raw code in `g3` (so an empty code is told apart from a resolved one). */
export const UNRESOLVED_MARK = '\u0002';

/**
 * The few expressions the first stage (see {@link preAggregate}) needs, in one SQL dialect: DuckDB's (embedded
 * engine) or ClickHouse's (`clickhouse.ts`). The first stage of both engines is rendered from the same plan through
 * {@link productCut} and {@link keepSelected}; the validation stage runs in DuckDB for both.
 */
export interface Dialect {
  /** A string literal. */
  str(s: string): string;
  /** Whether `x` matches the regular expression `re` as a whole. */
  fullMatch(x: string, re: string): string;
  /** The first `n` characters of `x`. */
  left(x: string, n: number): string;
}

/** DuckDB's renderings of {@link Dialect}. */
export const DUCKDB_DIALECT: Dialect = {
  str: sqlString,
  fullMatch: (x, re) => `regexp_full_match(${x}, ${sqlString(re)})`,
  left: (x, n) => `left(${x}, ${n})`,
};

/**
 * A product code of eight digits cut to the digits the question uses (its level, or its longest product filter)
 * and padded back with zeros, so rows that differ only below those digits share a key; any other code as read.
 */
export function productCut(plan: QueryPlan, d: Dialect, x: string): string {
  const G = Math.max(plan.productLevel, ...(plan.products ?? []).map((p) => p.length));
  if (G >= 8) return x;
  const head = G > 0 ? `${d.left(x, G)} || ` : '';
  return `CASE WHEN length(${x}) = 8 AND ${d.fullMatch(x, '[0-9]{8}')} THEN ${head}${d.str('0'.repeat(8 - G))} ELSE ${x} END`;
}

/** `x`, or NULL on a row of the flow not asked for (such a row keeps only its flow: one key for them all). */
export function keepSelected(plan: QueryPlan, d: Dialect, x: string): string {
  const one = plan.flows.length === 1 ? plan.flows[0]! : undefined;
  if (one === undefined) return x;
  return `CASE WHEN flw = ${d.str(one === '1' ? '2' : '1')} THEN NULL ELSE ${x} END`;
}

/**
 * The first stage: one GROUP BY of the scanned rows on their fields as published, before any validation. A value or
 * quantity that casts to a finite number (the shape of nearly every row) is replaced by `'0'` and its value summed
 * in `vs` (`nz` counts the non-zero ones), so such rows differ only by their keys; a product code of eight digits is
 * cut to the digits the question uses (padded back with zeros); a row of the flow not asked for keeps only its flow
 * and header flag. Everything else is kept as read, so the validation that follows (written for single rows, on
 * columns `rep` … `qty`, `hdr`) sees distinct keys — a few per cell — with their row count `n`, and gives every
 * row of a key the same verdict it would give it alone.
 *
 * When duplicates are checked, the same GROUP BY also finds the exact repeats: it groups on the whole row as read
 * — the file, the seven fields uncut and `h`, the hash of the other columns — so each group is one distinct row of
 * one file, `n` its copies and `u` = 1; the value and product are replaced afterwards, per group. (Two different
 * rows of one file are taken for copies only if their seven fields are equal and the 64-bit hashes of their other
 * columns collide.) No second grouping over whole rows is needed.
 */
function preAggregate(plan: QueryPlan): string {
  const keep = (x: string) => keepSelected(plan, DUCKDB_DIALECT, x);
  const cut = (x: string) => productCut(plan, DUCKDB_DIALECT, x);
  const plain = (x: string, t: string) => `${t} IS NOT NULL AND isfinite(${t}) AND NOT contains(${x}, '_')`;
  const valOut = (v: string, vt: string) => `CASE WHEN ${plain(v, vt)} THEN '0' ELSE ${v} END`;
  const qtyOut = (q: string, qt: string) =>
    `CASE WHEN ${q} IS NULL THEN NULL WHEN ${plain(q, qt)} AND ${qt} >= 0 THEN '0' ELSE ${q} END`;
  const vpOf = (v: string, vt: string) => `CASE WHEN ${plain(v, vt)} THEN ${vt} ELSE 0.0 END`;
  if (plan.duplicates === 'unchecked') {
    return `SELECT rep, par, prod, flw, per, val, qty, hdr, count(*) AS n, count(*) AS u, sum(vp) AS vs,
    count(*) FILTER (WHERE vp <> 0) AS nz
  FROM (
    SELECT hdr, flw, ${keep('rep')} AS rep, ${keep('par')} AS par, ${keep(cut('prod'))} AS prod, ${keep('per')} AS per,
      ${keep(valOut('val', 'vt'))} AS val, ${keep(qtyOut('qty', 'qt'))} AS qty, ${keep(vpOf('val', 'vt'))} AS vp
    FROM (SELECT *, TRY_CAST(val AS DOUBLE) AS vt, TRY_CAST(qty AS DOUBLE) AS qt FROM scan)
  )
  GROUP BY rep, par, prod, flw, per, val, qty, hdr`;
  }
  // Per distinct whole row: with `first` its copies count once in the sums (the n − 1 repeats are set aside later).
  const vt = 'TRY_CAST(val AS DOUBLE)';
  const qt = 'TRY_CAST(qty AS DOUBLE)';
  const copies = plan.duplicates === 'first' ? '1' : 'count(*)';
  return `SELECT rep, par, ${cut('prod')} AS prod, flw, per, ${valOut('val', vt)} AS val, ${qtyOut('qty', qt)} AS qty,
    hdr, count(*) AS n, 1 AS u, ${vpOf('val', vt)} * ${copies} AS vs,
    CASE WHEN ${vpOf('val', vt)} <> 0 THEN ${copies} ELSE 0 END AS nz
  FROM (
    SELECT hdr, flw, ${keep('rb_file')} AS rb_file, ${keep('h')} AS h, ${keep('rep')} AS rep, ${keep('par')} AS par,
      ${keep('prod')} AS prod, ${keep('per')} AS per, ${keep('val')} AS val, ${keep('qty')} AS qty
    FROM scan
  )
  GROUP BY rb_file, h, rep, par, prod, flw, per, val, qty, hdr`;
}

/**
 * The query (`firstStage`: the rows of {@link preAggregate}'s shape computed elsewhere, e.g. by ClickHouse). Every row is first tested against the fast path — the shape of nearly every row of a real bulk file
 * (known codes, an 8-digit CN code, FLOW 1/2, `YYYYMM`, plain numbers) — so the full rules of the loader run only on
 * the rows that need them. Then one GROUP BY on a packed key, ordered so each series' cells are contiguous and in
 * period order. Columns:
 *
 * - `g1`: for kept cells `((rk + 1) × 2048 + pk + 1) × 4 + fl` (reporter / partner id, −1 when summed; FLOW 1/2);
 *   otherwise `−(k × 100 + why)`;
 * - `g2`: for kept cells `pn × 65536 + pe` (numeric product code at the cell's level, 0 when summed or not numeric;
 *   period index); otherwise 0;
 * - `g3`: the product code when it is not numeric (`39XXXXXX`); the offending value of a rejected row; the raw
 *   codes of an unresolved row (reporter, partner, period, each prefixed with U+0002 when unresolved, joined with
 *   U+001F); else NULL;
 * - `n` rows; `v` the cell's value (0 when it has none); `st` its status (0 reported, 1 zero, 2 missing,
 *   3 confidential; + 4 when the value sums only the known parts; + 8 when `g3` is not NULL); `nar` / `nap` rows
 *   whose reporter / partner is
 *   an aggregate (counted only when that dimension is summed).
 */
export function querySql(plan: QueryPlan, firstStage?: string): string {
  const src = headerGroups(plan.inputs)
    .map((g) => scanSql(g, plan))
    .join('\nUNION ALL\n');
  // Slow-path values work on trimmed fields, written inline: they run only inside CASE branches off the fast path.
  const T = {
    rep: t('rep'),
    par: t('par'),
    prod: t('prod'),
    flw: t('flw'),
    per: t('per'),
    val: t('val'),
    qty: t('qty'),
  };
  const value = numberSql(T.val, `TRY_CAST(${T.val} AS DOUBLE)`);
  const quantity = numberSql(T.qty, `TRY_CAST(${T.qty} AS DOUBLE)`);
  const L = plan.productLevel;
  const hasPeriods = plan.periods.length > 0;
  const joins: string[] = [];
  // Our id (and aggregate flag) of a published code: the code's ENUM position indexes a constant list.
  const geo = plan.geo.length === 0 ? [{ raw: '\u0000', id: -1, aggregate: false }] : plan.geo;
  const idList = `[${geo.map((g) => g.id).join(', ')}]`;
  const aggList = `[${geo.map((g) => g.aggregate).join(', ')}]`;
  const code = (x: string) => `enum_code(TRY_CAST(${x} AS rb_geo_enum)) + 1`;
  if (hasPeriods) joins.push('LEFT JOIN rb_period pp ON pp.raw = src.per');
  const productLens =
    plan.products === undefined ? [] : [...new Set(plan.products.map((p) => p.length))].sort();
  // The product filter as joins on the code's prefixes (an IN list of thousands of codes would be a scan per row).
  const cnOf = `CASE WHEN length(${t('prod')}) = 7 THEN '0' || ${t('prod')} ELSE ${t('prod')} END`;
  for (const n of productLens) {
    joins.push(
      `LEFT JOIN (SELECT code FROM rb_products WHERE len = ${n}) px${n} ON px${n}.code = left(${cnOf}, ${n})`,
    );
  }
  const productMatch = productLens.map((n) => `px${n}.code IS NOT NULL`).join(' OR ') || 'true';

  const filters: [string, number][] = [[`per_f <> '${plan.frequency}'`, FILTER.frequency]];
  if (plan.reporterIds !== undefined) {
    filters.push([`NOT list_contains([${plan.reporterIds.join(', ') || '-2'}], rep_id)`, FILTER.reporter]);
  }
  if (plan.partnerIds !== undefined) {
    filters.push([`NOT list_contains([${plan.partnerIds.join(', ') || '-2'}], par_id)`, FILTER.partner]);
  }
  if (plan.flows.length < 2) filters.push([`fl <> ${plan.flows[0]}`, FILTER.flow]);
  if (plan.from !== undefined) filters.push([`per_idx < ${plan.from}`, FILTER.window]);
  if (plan.to !== undefined) filters.push([`per_idx > ${plan.to}`, FILTER.window]);
  if (plan.products !== undefined) filters.push(['NOT pmatch', FILTER.products]);
  const filterWhen = (then: (code: number) => string) =>
    filters.map(([cond, code]) => `WHEN ${cond} THEN ${then(code)}`).join(' ');

  // The fast path on untrimmed fields: anything unusual (spaces, other code shapes, tokens) fails it.
  const fast =
    "coalesce(rep_id IS NOT NULL AND par_id IS NOT NULL AND length(prod) = 8 AND regexp_full_match(prod, '[0-9]{8}') " +
    "AND (flw = '2' OR flw = '1') AND length(per) = 6 AND per_int BETWEEN 100000 AND 999999 " +
    'AND per_int % 100 BETWEEN 1 AND 12 ' +
    "AND v_try IS NOT NULL AND isfinite(v_try) AND NOT contains(val, '_') " +
    "AND (qty IS NULL OR (q_try IS NOT NULL AND isfinite(q_try) AND q_try >= 0 AND NOT contains(qty, '_'))), false)";

  // Rows of a flow not asked for are outside the selection before any validation — as loadComextBulk's `filter`
  // drops rows before parsing them — so an exports-only question validates only exports. Blank lines and repeated
  // header lines still go to the slow path (they are not records / are rejected whatever the selection).
  const one = plan.flows.length === 1 ? plan.flows[0]! : undefined;
  const blank = `${T.rep} = '' AND ${T.par} = '' AND ${T.prod} = '' AND ${T.flw} = '' AND ${T.per} = '' AND ${T.val} = '' AND ${T.qty} = ''`;
  const sel =
    one === undefined
      ? 'true'
      : `CASE WHEN flw = '${one}' THEN true WHEN flw = '${one === '1' ? '2' : '1'}' THEN false ` +
        `ELSE hdr OR ${T.flw} = '${one}' OR (${blank}) END`;
  const lazy = (fastExpr: string, slowExpr: string) =>
    `CASE WHEN fast THEN ${fastExpr} WHEN NOT sel THEN NULL ELSE ${slowExpr} END`;

  // The slow path: the loader's rules in full, on trimmed fields.
  const tPerInt = `TRY_CAST(${T.per} AS INTEGER)`;
  const slowCn8 =
    `CASE WHEN length(${T.prod}) = 8 AND regexp_full_match(${T.prod}, '[0-9]{2}[0-9A-Z]{6}') THEN ${T.prod} ` +
    `WHEN length(${T.prod}) = 7 AND regexp_full_match(${T.prod}, '[0-9]{7}') THEN '0' || ${T.prod} END`;
  const six = `length(${T.per}) = 6 AND ${tPerInt} BETWEEN 100000 AND 999999`;
  const four = `length(${T.per}) = 4 AND ${tPerInt} BETWEEN 1000 AND 9999`;
  const month7 = `length(${T.per}) = 7 AND regexp_full_match(${T.per}, '[0-9]{4}-(0[1-9]|1[0-2])')`;
  const slowPerF =
    `CASE WHEN ${six} THEN ` +
    `CASE WHEN ${tPerInt} % 100 BETWEEN 1 AND 12 THEN 'M' WHEN ${tPerInt} % 100 = 52 THEN 'A' ELSE 'X' END ` +
    `WHEN ${four} THEN 'A' WHEN ${month7} THEN 'M' ELSE ${hasPeriods ? 'pp_f' : 'NULL::VARCHAR'} END`;
  const slowPerIdx =
    `CASE WHEN ${six} THEN CASE WHEN ${tPerInt} % 100 = 52 THEN ${tPerInt} // 100 ` +
    `ELSE (${tPerInt} // 100) * 12 + ${tPerInt} % 100 - 1 END ` +
    `WHEN ${four} THEN ${tPerInt} ` +
    `WHEN ${month7} THEN CAST(left(${T.per}, 4) AS INTEGER) * 12 + CAST(right(${T.per}, 2) AS INTEGER) - 1 ` +
    `ELSE ${hasPeriods ? 'pp_idx' : 'NULL::INTEGER'} END`;
  const flowOk = `(${T.flw} = '1' OR ${T.flw} = '2')`;
  // Rows of a kept cell that sums an aggregate code with another code (k = 0 rows only; 0 when nothing mixes).
  const mixes = (x: 'rep' | 'par') =>
    `CASE WHEN g1 >= 0 AND bool_or(${x}_agg) AND min(${x}_id) <> max(${x}_id) THEN sum(n) ELSE 0 END`;
  // A cell with a missing or confidential part has no value, unless lower bounds are asked for and a part is known.
  // Valid rows (kept, or outside the question after validation): the rows whose exact repeats are duplicates.
  const VALID = '(k = 0 OR (k = 1 AND sel))';
  const nullCell = `nm + nc > 0 AND (nm + nc = n OR ${plan.lowerBound ? 'false' : 'true'})`;

  return `
WITH ${firstStage === undefined ? `scan AS (\n${src}\n),\n` : ''}src AS (
${firstStage ?? preAggregate(plan)}
),
r AS (
  SELECT src.*, ${idList}[${code('rep')}] AS rep_id, ${plan.byReporter ? 'false' : `${aggList}[${code('rep')}]`} AS rep_agg,
    ${idList}[${code('par')}] AS par_id, ${plan.byPartner ? 'false' : `${aggList}[${code('par')}]`} AS par_agg,
    TRY_CAST(per AS INTEGER) AS per_int,
    TRY_CAST(val AS DOUBLE) AS v_try,
    TRY_CAST(qty AS DOUBLE) AS q_try,
    ${productMatch} AS pmatch
    ${hasPeriods ? ', pp.idx AS pp_idx, pp.f AS pp_f' : ''}
  FROM src
  ${joins.join('\n  ')}
),
s0 AS (
  SELECT *, ${sel} AS sel FROM r
),
s AS (
  SELECT *, CASE WHEN sel THEN ${fast} ELSE false END AS fast FROM s0
),
c AS (
  SELECT *,
    ${lazy('prod', slowCn8)} AS cn8,
    ${lazy("'M'", slowPerF)} AS per_f,
    ${lazy('(per_int // 100) * 12 + per_int % 100 - 1', slowPerIdx)} AS per_idx,
    ${lazy('0', value.cls)} AS v_cls,
    ${lazy('v_try', value.num)} AS v_num,
    CASE WHEN fast OR NOT sel OR qty IS NULL THEN 0 ELSE ${quantity.cls} END AS q_cls,
    CASE WHEN fast OR NOT sel OR qty IS NULL THEN 0.0 ELSE ${quantity.num} END AS q_num,
    ${lazy('CAST(flw AS INTEGER)', `TRY_CAST(${T.flw} AS INTEGER)`)} AS fl
  FROM s
),
d AS (
  SELECT *,
    CASE WHEN fast OR NOT sel OR cn8 IS NOT NULL THEN true ELSE regexp_full_match(${T.prod}, '[0-9]{1,6}') OR ${oneOf(`lower(${T.prod})`, TOTAL_LABELS)} END AS prod_ok
  FROM c
),
e AS (
  SELECT *,
    CASE
      WHEN fast THEN CASE ${filterWhen(() => '1')} ELSE 0 END
      WHEN NOT sel THEN 1
      -- Lines whose fields are all blank are not records (dropped below).
      WHEN ${blank} THEN 9
      WHEN hdr THEN 2
      WHEN rep_id IS NULL OR par_id IS NULL THEN 3
      WHEN NOT prod_ok OR NOT ${flowOk} OR per_f = 'X' THEN 2
      WHEN per_f IS NULL THEN 3
      WHEN v_cls = 3 OR q_cls = 3 OR q_num < 0 THEN 2
      WHEN cn8 IS NULL THEN 1
      ${filterWhen(() => '1')}
      ELSE 0
    END AS k
  FROM d
),
f AS (
  SELECT k,
    CASE
      WHEN k = 0 THEN 0
      WHEN k = 1 THEN CASE WHEN NOT sel THEN ${FILTER.flow} WHEN cn8 IS NULL THEN ${FILTER.level} ${filterWhen((code) => String(code))} END
      WHEN k = 2 THEN CASE
        WHEN hdr THEN ${REJECT.header}
        WHEN NOT prod_ok THEN ${REJECT.product}
        WHEN NOT ${flowOk} THEN ${REJECT.flow}
        WHEN per_f = 'X' THEN ${REJECT.period}
        WHEN v_cls = 3 THEN ${REJECT.value}
        WHEN q_cls = 3 THEN ${REJECT.quantity}
        ELSE ${REJECT.negativeQuantity} END
      ELSE 0
    END AS why,
    CASE WHEN k = 0 THEN ${L > 0 ? `TRY_CAST(left(cn8, ${L}) AS INTEGER)` : '0'} END AS pn,
    v_cls, v_num, rep_agg, par_agg, rep_id, par_id, vs, nz,
    ${plan.duplicates === 'first' ? `CASE WHEN ${VALID} THEN u ELSE n END` : 'n'} AS n,
    ${plan.duplicates === 'unchecked' ? '0' : `CASE WHEN ${VALID} THEN n - u ELSE 0 END`} AS dup,
    CASE
      WHEN k = 0 THEN ${L > 0 ? `CASE WHEN pn IS NULL THEN left(cn8, ${L}) END` : 'NULL::VARCHAR'}
      WHEN k = 2 THEN CASE
        WHEN hdr THEN ''
        WHEN NOT prod_ok THEN ${T.prod}
        WHEN NOT ${flowOk} THEN ${T.flw}
        WHEN per_f = 'X' THEN ${T.per}
        WHEN v_cls = 3 THEN ${T.val}
        ELSE ${T.qty} END
      WHEN k = 3 THEN concat_ws(${sqlString(UNRESOLVED_SEPARATOR)},
        CASE WHEN rep_id IS NULL THEN ${sqlString(UNRESOLVED_MARK)} || coalesce(rep, '') ELSE '' END,
        CASE WHEN par_id IS NULL THEN ${sqlString(UNRESOLVED_MARK)} || coalesce(par, '') ELSE '' END,
        CASE WHEN per_f IS NULL AND prod_ok AND ${flowOk} THEN ${sqlString(UNRESOLVED_MARK)} || coalesce(per, '') ELSE '' END)
    END AS g3,
    CASE WHEN k = 0
      THEN ((${plan.byReporter ? 'rep_id' : '-1'} + 1) * ${KEY.geo} + ${plan.byPartner ? 'par_id' : '-1'} + 1) * ${KEY.flow} + fl
      ELSE -(k * 100 + why)
    END::BIGINT AS g1,
    CASE WHEN k = 0 THEN coalesce(pn, 0)::BIGINT * ${KEY.period} + per_idx ELSE 0 END::BIGINT AS g2
  FROM e
),
agg AS (
  SELECT g1, g2, g3,
    sum(n) AS n,
    sum(dup) AS nd,
    sum(coalesce(v_num * n, 0.0) + vs) AS v,
    coalesce(sum(n) FILTER (WHERE v_cls = 1), 0) AS nm,
    coalesce(sum(n) FILTER (WHERE v_cls = 2), 0) AS nc,
    sum(CASE WHEN v_num <> 0 THEN n ELSE 0 END + nz) AS nr,
    ${plan.byReporter ? '0' : mixes('rep')} AS nar,
    ${plan.byPartner ? '0' : mixes('par')} AS nap,
    ${plan.byReporter ? '0' : 'CASE WHEN min(rep_id) = max(rep_id) THEN min(rep_id) ELSE -1 END'} AS r1,
    ${plan.byPartner ? '0' : 'CASE WHEN min(par_id) = max(par_id) THEN min(par_id) ELSE -1 END'} AS p1
  FROM f
  WHERE k <> 9
  GROUP BY g1, g2, g3
)
SELECT g1::DOUBLE AS g1, g2::DOUBLE AS g2, g3, n::DOUBLE AS n,
  CASE WHEN ${nullCell} THEN 0.0 ELSE coalesce(v, 0.0) END AS v,
  (CASE WHEN ${nullCell} THEN CASE WHEN nm > 0 THEN 2 ELSE 3 END WHEN nr > 0 THEN 0 ELSE 1 END
    + CASE WHEN nm + nc > 0 AND NOT (${nullCell}) THEN 4 ELSE 0 END
    + CASE WHEN g3 IS NULL THEN 0 ELSE 8 END)::TINYINT AS st,
  nar::DOUBLE AS nar, nap::DOUBLE AS nap, r1::DOUBLE AS r1, p1::DOUBLE AS p1, nd::DOUBLE AS nd
FROM agg
ORDER BY g1, g3 NULLS FIRST, g2
`;
}

/**
 * Raw reporter, partner, product and period fields (`''` for an empty field) of whole rows that occur more than
 * once, valid or not, at most `limit` of them: the rows among which a duplicate is looked for to word an error.
 */
export function repeatedKeysSql(plan: QueryPlan, limit: number): string {
  const parts = headerGroups(plan.inputs).map((groups) => {
    const first = groups[0]!.group[0]!;
    const c = first.columns;
    const f = (col: number | undefined) => (col === undefined ? "''" : `coalesce(c${col}, '')`);
    const reads = groups.map(({ group, g }) => readSql(group, g, plan.maxRecordBytes)).join(' UNION ALL ');
    const cols = ['rb_file', ...first.header.map((_, i) => `c${i}`)].join(', ');
    return (
      `SELECT ${f(c.reporter)} AS rep, ${f(c.partner)} AS par, ${f(c.product)} AS prod, ${f(c.period)} AS per ` +
      `FROM (SELECT ${cols} FROM (${reads}) GROUP BY ${cols} HAVING count(*) > 1)`
    );
  });
  return `SELECT DISTINCT * FROM (${parts.join(' UNION ALL ')}) LIMIT ${limit}`;
}
