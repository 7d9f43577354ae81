/**
 * The shipped real datasets: `listDatasets()`, `loadDataset(name)` and `loadFxTable(frequency)`.
 *
 * The data live in `datasets/` at the package root (compact CSV + `catalog.json`), built from the published raw
 * files by `scripts/build-datasets.ts`. They are found relative to this module at run time — from `src/`
 * (tsx, vitest), from the built `dist/` (ESM or CJS) and from an installed package — by walking up from the module's
 * folder until `datasets/catalog.json` appears; pass `datasetsDir` to point elsewhere.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataValidationError, OptionsError } from './errors.js';
import type { Currency } from './model/currency.js';
import type { FxTable } from './model/fx.js';
import type { LoadResult } from './model/load-result.js';
import type { ObservationStatus, TradeObservation } from './model/observation.js';
import type { Frequency, Period } from './model/period.js';
import { type Product, productOf, TOTAL_GOODS } from './model/product.js';
import { type Provenance, ProvenanceSchema } from './model/provenance.js';
import { type FxCurrency, type FxRow, fxTableFromRows } from './reference/currencies.js';
import {
  type ConcordanceRelationship,
  type ConcordanceRow,
  cnEditionFor,
  type HsDescription,
  hsEditionFor,
} from './reference/products.js';
import type {
  ChplEntry,
  ChplTier,
  SanctionCategory,
  SanctionedCn8,
  SanctionedHs6,
} from './reference/sanctions.js';
import { type CsvRecord, csvRecordsFromText } from './sources/internal/csv-records.js';

/** Observation datasets by name, with the currency of their values. */
export interface ObservationDatasets {
  /** Comext: EU27_2020, member states and aggregates → AM, GE, KZ, KG, RU, UZ (and imports from KG), 2019-01..2024-08. */
  'eu-exports-monthly': 'EUR';
  /** Comext: EU27_2020 → every partner, 2010–2023. */
  'eu-exports-annual': 'EUR';
  /** Comext: EU27 exports of sanctioned CN8/HS4 codes to AM, BY, GE, KG, KZ, RU, UZ, 2020-01..2022-11. */
  'eu-sanctioned-exports-monthly': 'EUR';
  /** Comext: member states' total and HS 27 trade with the seven partners, 2020-01..2022-12 (same vintage). */
  'eu-member-state-totals-monthly': 'EUR';
  /** ONS: UK trade in goods with every partner, 2018-01..2025-12. */
  'uk-trade-monthly': 'GBP';
  /** Kyrgyz statistics: KG trade by partner, 1994–2023. */
  'mirror-kg-annual': 'USD';
  /** Kazakh statistics: KZ trade by partner, 2019–2023. */
  'mirror-kz-annual': 'USD';
  /** Armstat: AM trade by partner (imports by origin and by consignment), 2007-01..2024-12. */
  'mirror-am-monthly': 'USD';
  /** Uzbek statistics: UZ trade by partner, 2010–2023. */
  'mirror-uz-annual': 'USD';
  /** IMF IMTS: Russia's trade by partner, 2016–2024 (2022+ estimated from partners' data). */
  'russia-trade-annual': 'USD';
  /** Rosstat/FCS: Russia's trade with main partners, 2006-01..2021-12. */
  'russia-customs-monthly': 'USD';
}

/** Table datasets by name, with their row type. */
export interface TableDatasets {
  /** EBRD authors' HS6 sanctions list. */
  'sanctions-eu-hs6': SanctionedHs6;
  /** CN8 codes of Reg. 833/2014 (2022-10-07). */
  'sanctions-eu-cn8': SanctionedCn8;
  /** Common High Priority List, Feb 2024. */
  chpl: ChplEntry;
  /** ECB monthly and annual average rates. */
  'fx-ecb': FxRow;
  /** UNSD HS2022 → HS2017 correlations (854151/854159 corrected). */
  'hs-concordance': ConcordanceRow;
  /** HS2017 and HS2022 descriptions. */
  'hs-descriptions': HsDescription;
  /** U.S. BLS export price index, all commodities, 2000 = 100 (U.S. prices, not EU ones). */
  'us-export-prices-monthly': PriceIndexRow;
}

/** One month of a shipped price index: the level, or `null` with status `missing` where none was published. */
export interface PriceIndexRow {
  /** `YYYY-MM`. */
  readonly period: Period;
  /** Index level (e.g. 2000 = 100); `null` when not published (never zero). */
  readonly level: number | null;
  /** `reported`, or `missing` (not published). */
  readonly status: 'reported' | 'missing';
}

/** Name of an observation dataset. */
export type ObservationDatasetName = keyof ObservationDatasets;
/** Name of a table dataset. */
export type TableDatasetName = keyof TableDatasets;
/** Name of any shipped dataset. */
export type DatasetName = ObservationDatasetName | TableDatasetName;
/** `observations` (TradeObservation rows) or `table` (reference rows). */
export type DatasetKind = 'observations' | 'table';

/** Columns an observation dataset file may have; the other fields are catalog constants. */
export type ObservationColumn =
  | 'reporter'
  | 'partner'
  | 'flow'
  | 'product'
  | 'period'
  | 'value'
  | 'status'
  | 'partnerBasis'
  | 'source';

/** First and last period of a dataset. */
export interface DatasetCoverage {
  /** First period. */
  readonly from: string;
  /** Last period. */
  readonly to: string;
}

/** Rows a build did not keep, grouped by reason. */
export interface RejectSummary {
  /** Why. */
  readonly reason: string;
  /** How many source records. */
  readonly count: number;
  /** Up to three examples. */
  readonly examples: readonly { readonly file: string; readonly line: number; readonly raw: string }[];
}

/** What the build did with the source records of a dataset. */
export interface DatasetBuildReport {
  /** Source records read (row × value-column cells for wide files). */
  readonly rowsRead: number;
  /** Source records kept. */
  readonly rowsKept: number;
  /** Rows written that no source record carried (e.g. ONS negligible months), documented in the caveats. */
  readonly synthesised: number;
  /** Rows corrected by hand in the build script, documented in the caveats. */
  readonly corrected?: number;
  /** Records not kept, by reason. */
  readonly rejects: readonly RejectSummary[];
}

/** One dataset's entry in `datasets/catalog.json`. */
export interface DatasetCatalogEntry {
  /** Dataset name. */
  readonly name: string;
  /** Human title. */
  readonly title: string;
  /** What it contains. */
  readonly description: string;
  /** Observations or a reference table. */
  readonly kind: DatasetKind;
  /** CSV file name inside the datasets folder. */
  readonly file: string;
  /** Data rows in the file. */
  readonly rows: number;
  /** Columns of the file, in order. */
  readonly columns: readonly string[];
  /** Fields that are the same on every row (`reporter`, `currency`, `roundingUnit`, `edition`, …). */
  readonly constants: Readonly<Record<string, string | number>>;
  /** Monthly or annual (observation datasets). */
  readonly frequency?: Frequency;
  /** First and last period (observation datasets). */
  readonly coverage?: DatasetCoverage;
  /** Units of the values as stored. */
  readonly units: string;
  /** Publisher. */
  readonly publisher: string;
  /** Publisher's dataset code. */
  readonly datasetCode: string;
  /** Licence and required attribution. */
  readonly licence: string;
  /** Caveats a user must know before citing a figure. */
  readonly caveats: readonly string[];
  /** Lists of codes that need care (e.g. `memberStatePartners` of the annual Comext file). */
  readonly markers?: Readonly<Record<string, readonly string[]>>;
  /** One record per source file, with its SHA-256. */
  readonly provenance: readonly Provenance[];
  /** What the build kept and did not keep. */
  readonly build: DatasetBuildReport;
  /** The command that rebuilds it. */
  readonly rebuild: string;
}

/** The whole `datasets/catalog.json`. */
export interface DatasetCatalog {
  /** Format version of the catalog. */
  readonly format: 1;
  /** What the folder holds. */
  readonly description: string;
  /** The command that rebuilds it. */
  readonly rebuild: string;
  /** Entries by dataset name. */
  readonly datasets: Readonly<Record<string, DatasetCatalogEntry>>;
}

/** A short description of a shipped dataset, as listed by {@link listDatasets}. */
export interface DatasetInfo {
  /** Name to pass to {@link loadDataset}. */
  readonly name: DatasetName;
  /** Human title. */
  readonly title: string;
  /** Observations or a reference table. */
  readonly kind: DatasetKind;
  /** Monthly or annual, for observation datasets. */
  readonly frequency: Frequency | undefined;
  /** First and last period, for observation datasets. */
  readonly coverage: DatasetCoverage | undefined;
  /** Units of the stored values (e.g. `EUR`, `GBP`, `USD`). */
  readonly units: string;
  /** Number of rows. */
  readonly rows: number;
}

/** Options of {@link loadDataset}, {@link listDatasets} and {@link loadFxTable}. */
export interface DatasetOptions {
  /**
   * Folder holding `catalog.json` and the dataset files. Default: the `datasets/` folder found by walking up from
   * this module (package root).
   */
  readonly datasetsDir?: string;
}

/** A loaded observation dataset: a {@link LoadResult} plus its name. */
export type ObservationDatasetResult<N extends ObservationDatasetName> = LoadResult<
  ObservationDatasets[N]
> & {
  /** Dataset name. */
  readonly name: N;
};

/** A loaded table dataset: typed rows plus provenance. */
export interface TableDatasetResult<N extends TableDatasetName> {
  /** Dataset name. */
  readonly name: N;
  /** The rows, in the file's order. */
  readonly rows: TableDatasets[N][];
  /** One record per source file. */
  readonly provenance: Provenance[];
}

const OBSERVATION_NAMES: readonly ObservationDatasetName[] = [
  'eu-exports-monthly',
  'eu-exports-annual',
  'eu-sanctioned-exports-monthly',
  'eu-member-state-totals-monthly',
  'uk-trade-monthly',
  'mirror-kg-annual',
  'mirror-kz-annual',
  'mirror-am-monthly',
  'mirror-uz-annual',
  'russia-trade-annual',
  'russia-customs-monthly',
];
const TABLE_NAMES: readonly TableDatasetName[] = [
  'sanctions-eu-hs6',
  'sanctions-eu-cn8',
  'chpl',
  'fx-ecb',
  'hs-concordance',
  'hs-descriptions',
  'us-export-prices-monthly',
];

/**
 * Folders to search from: this module's folder (ESM: `import.meta.url`; CJS bundles, where esbuild empties
 * `import.meta`: `__dirname`), then the working directory.
 */
function searchStarts(): string[] {
  const starts: string[] = [];
  try {
    const url: unknown = import.meta.url;
    if (typeof url === 'string') starts.push(dirname(fileURLToPath(url)));
  } catch {
    // Not an ESM context.
  }
  // CJS defines __dirname; ESM does not (but `node -e` defines a global '.', hence ESM first).
  if (typeof __dirname === 'string') starts.push(__dirname);
  starts.push(process.cwd());
  return starts;
}

function findDatasetsDir(): string | undefined {
  for (const start of searchStarts()) {
    let dir = resolve(start);
    for (;;) {
      if (existsSync(join(dir, 'datasets', 'catalog.json'))) return join(dir, 'datasets');
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return undefined;
}

const catalogCache = new Map<string, Promise<DatasetCatalog>>();

function datasetsDirOf(options: DatasetOptions | undefined): string {
  if (options?.datasetsDir !== undefined) return resolve(options.datasetsDir);
  const found = findDatasetsDir();
  if (found === undefined) {
    throw new OptionsError(
      'loadDataset could not find datasets/catalog.json above the module or the working directory; pass datasetsDir',
    );
  }
  return found;
}

async function readCatalog(dir: string): Promise<DatasetCatalog> {
  let p = catalogCache.get(dir);
  if (p === undefined) {
    p = (async () => {
      const file = join(dir, 'catalog.json');
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (cause) {
        throw new OptionsError(`loadDataset requires ${file} to exist`, { cause });
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (cause) {
        throw new DataValidationError('catalog.json is not valid JSON', { file }, [], { cause });
      }
      if (
        typeof json !== 'object' ||
        json === null ||
        (json as { format?: unknown }).format !== 1 ||
        typeof (json as { datasets?: unknown }).datasets !== 'object'
      ) {
        throw new DataValidationError('catalog.json has no format-1 datasets map', { file, field: 'format' });
      }
      return json as DatasetCatalog;
    })();
    catalogCache.set(dir, p);
    p.catch(() => catalogCache.delete(dir));
  }
  return p;
}

/**
 * List the shipped datasets.
 *
 * @param options - where the datasets are (default: found from the package)
 * @returns one entry per dataset: name, title, kind, frequency, coverage, units, rows
 * @throws {OptionsError} if the datasets folder cannot be found
 * @example
 * const list = await listDatasets();
 * list.find((d) => d.name === 'eu-exports-monthly')?.coverage; // => { from: '2019-01', to: '2024-08' }
 */
export async function listDatasets(options?: DatasetOptions): Promise<DatasetInfo[]> {
  const catalog = await readCatalog(datasetsDirOf(options));
  return Object.values(catalog.datasets).map((e) => ({
    name: e.name as DatasetName,
    title: e.title,
    kind: e.kind,
    frequency: e.frequency,
    coverage: e.coverage,
    units: e.units,
    rows: e.rows,
  }));
}

/**
 * Load a shipped dataset.
 *
 * Observation datasets resolve to a {@link LoadResult} (values in base units of the dataset's currency, `null`
 * where the publisher printed no number, with the status saying why) plus `name`; `rejects` is empty (the build
 * already reported what it did not keep, see `catalog.json`). Table datasets resolve to typed rows plus provenance.
 * Reads the file each call (the largest, ~280k rows, in well under a second).
 *
 * @param name - a dataset name, see {@link listDatasets}
 * @param options - where the datasets are (default: found from the package)
 * @returns the observations or rows, and provenance with each source file's SHA-256
 * @throws {OptionsError} for an unknown name or when the datasets folder cannot be found
 * @throws {DataValidationError} naming file, line and field when a dataset file is damaged
 * @example
 * const eu = await loadDataset('eu-exports-annual');
 * eu.observations.find((o) => o.partner === 'KG' && o.period === '2022')?.value; // => 1170900000 (approx.)
 * const hs6 = await loadDataset('sanctions-eu-hs6');
 * hs6.rows.filter((r) => r.sanctioned).length; // => 2304
 */
export function loadDataset<N extends ObservationDatasetName>(
  name: N,
  options?: DatasetOptions,
): Promise<ObservationDatasetResult<N>>;
export function loadDataset<N extends TableDatasetName>(
  name: N,
  options?: DatasetOptions,
): Promise<TableDatasetResult<N>>;
export function loadDataset(
  name: DatasetName,
  options?: DatasetOptions,
): Promise<ObservationDatasetResult<ObservationDatasetName> | TableDatasetResult<TableDatasetName>>;
export async function loadDataset(
  name: DatasetName,
  options?: DatasetOptions,
): Promise<ObservationDatasetResult<ObservationDatasetName> | TableDatasetResult<TableDatasetName>> {
  const isObs = (OBSERVATION_NAMES as readonly string[]).includes(name);
  const isTable = (TABLE_NAMES as readonly string[]).includes(name);
  if (!isObs && !isTable) {
    throw new OptionsError(`loadDataset requires a shipped dataset name, got ${JSON.stringify(name)}`);
  }
  const dir = datasetsDirOf(options);
  const catalog = await readCatalog(dir);
  const entry = catalog.datasets[name];
  if (entry === undefined) {
    throw new DataValidationError(`catalog.json has no entry for ${name}`, {
      file: join(dir, 'catalog.json'),
      field: name,
    });
  }
  const provenance = entry.provenance.map((p, i) => {
    const r = ProvenanceSchema.safeParse(p);
    if (!r.success) {
      throw new DataValidationError(`catalog.json provenance of ${name} is invalid`, {
        file: 'catalog.json',
        field: `datasets.${name}.provenance.${i}`,
      });
    }
    return r.data;
  });
  const text = await readFile(join(dir, entry.file), 'utf8');
  if (isObs) {
    const observations = parseObservations(text, entry);
    return {
      name: name as ObservationDatasetName,
      observations,
      rejects: [],
      provenance,
      rowsRead: observations.length,
      rowsKept: observations.length,
    };
  }
  return {
    name: name as TableDatasetName,
    rows: parseTable(text, entry),
    provenance,
  } as TableDatasetResult<TableDatasetName>;
}

/**
 * Load the ECB exchange rates as an {@link FxTable} (units of USD and GBP per 1 EUR).
 *
 * @param frequency - monthly or annual means of the daily reference rates
 * @param options - where the datasets are
 * @returns the table; its `id` (`fx-ecb:monthly` / `fx-ecb:annual`) is recorded by conversions
 * @throws {OptionsError} for another frequency or when the datasets folder cannot be found
 * @example
 * const fx = await loadFxTable('annual');
 * fx.perEur['2022']?.USD; // => 1.053049 (the ECB publishes 1.0530)
 */
export async function loadFxTable(frequency: Frequency, options?: DatasetOptions): Promise<FxTable> {
  if (frequency !== 'monthly' && frequency !== 'annual') {
    throw new OptionsError(`loadFxTable requires 'monthly' or 'annual', got ${JSON.stringify(frequency)}`);
  }
  const { rows } = await loadDataset('fx-ecb', options);
  return fxTableFromRows(rows, frequency);
}

/** Name of a shipped price-index dataset. */
export type PriceIndexDatasetName = 'us-export-prices-monthly';

/**
 * A shipped price index as a series-like record (periods and levels, `null` where not published) — a `PriceIndex`
 * for `deflate` — with what a user must say when using it.
 */
export interface ShippedPriceIndex {
  /** Dataset name. */
  readonly id: PriceIndexDatasetName;
  /** Name for notes and methods text, e.g. `'U.S. BLS export price index, all commodities (2000 = 100)'`. */
  readonly name: string;
  /** Frequency of the periods. */
  readonly frequency: 'monthly';
  /** Every month of the file, ascending. */
  readonly periods: readonly Period[];
  /** Level per period; `null` where not published (never zero). */
  readonly values: readonly (number | null)[];
  /** The dataset's caveats (the first one says whose prices these are). */
  readonly caveats: readonly string[];
  /** One record per source file, with its SHA-256. */
  readonly provenance: readonly Provenance[];
}

/**
 * Load a shipped price index for `deflate` (monthly; `annualPriceIndex` turns it into annual means).
 *
 * `'us-export-prices-monthly'` measures U.S. export prices, not EU ones (no EU export price index ships): say so
 * wherever it deflates trade values.
 *
 * @param name - the price-index dataset
 * @param options - where the datasets are
 * @returns periods, levels (`null` where not published), a name, the caveats and provenance
 * @throws {OptionsError} for another name or when the datasets folder cannot be found
 * @throws {DataValidationError} naming file, line and field when the file is damaged
 * @example
 * const ix = await loadPriceIndex('us-export-prices-monthly');
 * ix.values[ix.periods.indexOf('2019-01')]; // => 125.3
 */
export async function loadPriceIndex(
  name: PriceIndexDatasetName,
  options?: DatasetOptions,
): Promise<ShippedPriceIndex> {
  if (name !== 'us-export-prices-monthly') {
    throw new OptionsError(
      `loadPriceIndex: unknown price index ${JSON.stringify(name)}; use 'us-export-prices-monthly'`,
    );
  }
  const dir = datasetsDirOf(options);
  const { rows, provenance } = await loadDataset(name, options);
  const entry = (await readCatalog(dir)).datasets[name];
  return {
    id: name,
    name: 'U.S. BLS export price index, all commodities (2000 = 100)',
    frequency: 'monthly',
    periods: rows.map((r) => r.period),
    values: rows.map((r) => r.level),
    caveats: entry?.caveats ?? [],
    provenance,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing. Our own CSV format is trusted but checked: a damaged file throws a DataValidationError naming the line.

const STATUSES = new Set<string>([
  'reported',
  'zero',
  'negligible',
  'missing',
  'confidential',
  'estimated',
  'provisional',
]);
const VALUE_STATUSES = new Set<string>(['reported', 'zero', 'estimated', 'provisional']);
const CODE_RE = /^[A-Z][A-Z0-9_]*$/;
const PERIOD_RE = /^\d{4}(-(0[1-9]|1[0-2]))?$/;
const NUMBER_RE = /^-?\d+(\.\d+)?$/;
const PRODUCT_RE = /^(TOTAL|\d{2}|\d{4}|\d{6}|\d{8})$/;

/** The records of one of our CSV files (RFC 4180 quotes, each with its line); an empty file is an error. */
function csvRows(text: string, file: string): CsvRecord[] {
  const records = csvRecordsFromText(text, { file });
  if (records.length === 0) throw new DataValidationError('file is empty', { file, line: 1 });
  return records;
}

function parseObservations(text: string, entry: DatasetCatalogEntry): TradeObservation<Currency>[] {
  const file = entry.file;
  const records = csvRows(text, file);
  const header = records[0]?.fields.join(',') ?? '';
  if (header !== entry.columns.join(',')) {
    throw new DataValidationError(
      `header is ${JSON.stringify(header)}, expected ${entry.columns.join(',')}`,
      {
        file,
        line: 1,
      },
    );
  }
  const k = entry.constants;
  const str = (key: string): string | undefined =>
    typeof k[key] === 'string' ? (k[key] as string) : undefined;
  const currency = str('currency');
  if (currency !== 'EUR' && currency !== 'GBP' && currency !== 'USD') {
    throw new DataValidationError(`catalog constant currency is ${String(k.currency)}`, {
      file: 'catalog.json',
      field: 'currency',
    });
  }
  const roundingUnit = typeof k.roundingUnit === 'number' ? k.roundingUnit : undefined;
  const byPeriodEdition = k.edition === 'byPeriod';
  const col = (c: ObservationColumn): number => entry.columns.indexOf(c);
  const idx = {
    reporter: col('reporter'),
    partner: col('partner'),
    flow: col('flow'),
    product: col('product'),
    period: col('period'),
    value: col('value'),
    status: col('status'),
    partnerBasis: col('partnerBasis'),
    source: col('source'),
  };
  for (const required of ['period', 'value', 'status'] as const) {
    if (idx[required] < 0)
      throw new DataValidationError(`no ${required} column`, { file, line: 1, field: required });
  }
  const constant = (c: 'reporter' | 'partner' | 'flow' | 'product' | 'source'): string | undefined => {
    if (idx[c] >= 0) return undefined;
    const v = str(c);
    if (v === undefined) {
      throw new DataValidationError(`${c} is neither a column nor a catalog constant`, {
        file,
        line: 1,
        field: c,
      });
    }
    return v;
  };
  const cReporter = constant('reporter');
  const cPartner = constant('partner');
  const cFlow = constant('flow');
  const cProduct = constant('product');
  const cSource = constant('source');
  const products = new Map<string, Product>();
  const productFor = (code: string, period: string): Product => {
    if (code === 'TOTAL') return TOTAL_GOODS;
    const edition = byPeriodEdition ? (code.length === 8 ? cnEditionFor(period) : hsEditionFor(period)) : '';
    const key = `${code}|${edition}`;
    let p = products.get(key);
    if (p === undefined) {
      p = Object.freeze(edition === '' ? productOf(code) : productOf(code, { edition }));
      products.set(key, p);
    }
    return p;
  };
  const ncol = entry.columns.length;
  const out: TradeObservation<Currency>[] = new Array(records.length - 1);
  let line = 1;
  const bad = (field: string, message: string): DataValidationError =>
    new DataValidationError(message, { file, line, field }, [
      { code: 'invalid_value', path: [field], message },
    ]);
  for (let i = 1; i < records.length; i++) {
    const record = records[i] as CsvRecord;
    line = record.line;
    const f = record.fields;
    if (f.length !== ncol) {
      throw new DataValidationError(`expected ${ncol} fields, got ${f.length}`, { file, line });
    }
    // Every index below is either -1 (the constant is used) or < ncol, so the fields exist.
    const reporter = cReporter ?? (f[idx.reporter] as string);
    const partner = cPartner ?? (f[idx.partner] as string);
    if (!CODE_RE.test(reporter)) throw bad('reporter', `invalid reporter code ${JSON.stringify(reporter)}`);
    if (!CODE_RE.test(partner)) throw bad('partner', `invalid partner code ${JSON.stringify(partner)}`);
    const flow = cFlow ?? (f[idx.flow] as string);
    if (flow !== 'export' && flow !== 'import') throw bad('flow', `invalid flow ${JSON.stringify(flow)}`);
    const period = f[idx.period] as string;
    if (!PERIOD_RE.test(period)) throw bad('period', `invalid period ${JSON.stringify(period)}`);
    const productCode = cProduct ?? (f[idx.product] as string);
    if (!PRODUCT_RE.test(productCode))
      throw bad('product', `invalid product code ${JSON.stringify(productCode)}`);
    const status = f[idx.status] as string;
    if (!STATUSES.has(status)) throw bad('status', `invalid status ${JSON.stringify(status)}`);
    const rawValue = f[idx.value] as string;
    let value: number | null = null;
    if (rawValue !== '') {
      if (!NUMBER_RE.test(rawValue)) throw bad('value', `invalid number ${JSON.stringify(rawValue)}`);
      value = Number(rawValue);
      if (!Number.isFinite(value)) throw bad('value', `value ${rawValue} is not finite`);
    }
    if (VALUE_STATUSES.has(status) !== (value !== null)) {
      throw bad('value', `status ${status} requires ${value === null ? 'a value' : 'an empty value'}`);
    }
    if (status === 'zero' && value !== 0) throw bad('value', 'status zero requires value 0');
    const source = cSource ?? (f[idx.source] as string);
    if (source === '') throw bad('source', 'empty source');
    const basis = idx.partnerBasis >= 0 ? (f[idx.partnerBasis] as string) : '';
    if (basis !== '' && basis !== 'origin' && basis !== 'consignment') {
      throw bad('partnerBasis', `invalid partnerBasis ${JSON.stringify(basis)}`);
    }
    const o: {
      -readonly [K in keyof TradeObservation<Currency>]: TradeObservation<Currency>[K];
    } = {
      reporter,
      partner,
      flow,
      product: productFor(productCode, period),
      period,
      value,
      currency,
      status: status as ObservationStatus,
      source,
    };
    if (roundingUnit !== undefined) o.roundingUnit = roundingUnit;
    if (basis !== '') o.partnerBasis = basis;
    out[i - 1] = o;
  }
  return out;
}

function parseTable(text: string, entry: DatasetCatalogEntry): TableDatasets[TableDatasetName][] {
  const file = entry.file;
  const records = csvRows(text, file);
  const header = records[0]?.fields ?? [];
  if (header.join(',') !== entry.columns.join(',')) {
    throw new DataValidationError(`header is ${header.join(',')}, expected ${entry.columns.join(',')}`, {
      file,
      line: 1,
    });
  }
  const rows = records.slice(1);
  for (const r of rows) {
    if (r.fields.length !== header.length) {
      throw new DataValidationError(
        `CSV is damaged: expected ${header.length} fields, got ${r.fields.length}`,
        {
          file,
          line: r.line,
        },
      );
    }
  }
  const name = entry.name as TableDatasetName;
  const fail = (line: number, field: string, message: string): never => {
    throw new DataValidationError(message, { file, line, field }, [
      { code: 'invalid_value', path: [field], message },
    ]);
  };
  const num = (v: string, line: number, field: string): number | null => {
    if (v === '') return null;
    const n = Number(v);
    if (!NUMBER_RE.test(v) || !Number.isFinite(n)) fail(line, field, `invalid number ${JSON.stringify(v)}`);
    return n;
  };
  const digits = (v: string, n: number, line: number, field: string): string => {
    if (!new RegExp(`^\\d{${n}}$`).test(v))
      fail(line, field, `expected ${n} digits, got ${JSON.stringify(v)}`);
    return v;
  };
  return rows.map((record): TableDatasets[TableDatasetName] => {
    const line = record.line;
    const r = record.fields;
    const c = (j: number): string => r[j] ?? '';
    switch (name) {
      case 'sanctions-eu-hs6': {
        const flag = (v: string, field: string): boolean | null =>
          v === '' ? null : v === '1' ? true : v === '0' ? false : fail(line, field, `invalid flag ${v}`);
        return {
          hs6: digits(c(0), 6, line, 'hs6'),
          sanctioned: flag(c(1), 'sanctioned') === true,
          date: c(2) === '' ? null : c(2),
          windDownDate: c(3) === '' ? null : c(3),
          partiallyExempt: flag(c(4), 'partiallyExempt'),
          maxPrice: num(c(5), line, 'maxPrice'),
          categories: c(6) === '' ? [] : (c(6).split(';') as SanctionCategory[]),
        } satisfies SanctionedHs6;
      }
      case 'sanctions-eu-cn8':
        return { cn8: digits(c(0), 8, line, 'cn8'), label: c(1) } satisfies SanctionedCn8;
      case 'chpl': {
        const tier = c(1);
        if (!['1', '2', '3A', '3B', '4A', '4B'].includes(tier)) fail(line, 'tier', `invalid tier ${tier}`);
        return {
          hs6: digits(c(0), 6, line, 'hs6'),
          tier: tier as ChplTier,
          listVersion: c(2),
        } satisfies ChplEntry;
      }
      case 'fx-ecb': {
        const period = c(0);
        if (!PERIOD_RE.test(period)) fail(line, 'period', `invalid period ${period}`);
        const cur: FxCurrency[] = ['USD', 'GBP', 'RUB', 'TRY', 'CNY', 'CHF', 'JPY'];
        const perEur = Object.fromEntries(cur.map((k, j) => [k, num(c(2 + j), line, k)])) as Record<
          FxCurrency,
          number | null
        >;
        return {
          period,
          nDays: num(c(1), line, 'nDays') ?? fail(line, 'nDays', 'empty nDays'),
          perEur,
          usdPerGbp: num(c(9), line, 'USDperGBP'),
        } satisfies FxRow;
      }
      case 'hs-concordance': {
        const rel = c(2);
        if (!['1:1', 'n:1', '1:n', 'n:n'].includes(rel))
          fail(line, 'relationship', `invalid relationship ${rel}`);
        return {
          hs2022: digits(c(0), 6, line, 'hs2022'),
          hs2017: digits(c(1), 6, line, 'hs2017'),
          relationship: rel as ConcordanceRelationship,
          conversion: c(3) === '1',
        } satisfies ConcordanceRow;
      }
      case 'hs-descriptions': {
        const version = c(0);
        if (version !== 'HS2017' && version !== 'HS2022')
          fail(line, 'hsVersion', `invalid version ${version}`);
        const d = Number(c(2));
        if (d !== 2 && d !== 4 && d !== 6) fail(line, 'digits', `invalid digits ${c(2)}`);
        return {
          hsVersion: version as 'HS2017' | 'HS2022',
          code: c(1),
          digits: d as 2 | 4 | 6,
          description: c(3),
          parent: c(4),
        } satisfies HsDescription;
      }
      case 'us-export-prices-monthly': {
        const period = c(0);
        if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) fail(line, 'period', `invalid period ${period}`);
        const level = num(c(1), line, 'level');
        const status = c(2);
        if (status !== (level === null ? 'missing' : 'reported'))
          fail(
            line,
            'status',
            `status ${JSON.stringify(status)} does not match level ${JSON.stringify(c(1))}`,
          );
        if (level !== null && level <= 0) fail(line, 'level', `non-positive level ${c(1)}`);
        return { period, level, status: status as 'reported' | 'missing' } satisfies PriceIndexRow;
      }
    }
    return fail(line, '', `unknown table ${name}`);
  });
}
