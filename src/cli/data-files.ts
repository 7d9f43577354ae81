/**
 * `roundabout report --data FILE…`: the user's own observations, from the JSON `roundabout fetch --out` writes (a
 * load result, or a bare array of observations) or from a CSV read with a column mapping given on the command line.
 *
 * Each observation goes where the analysis expects it: exporter-reported monthly exports to `data.monthly` (one list
 * per file), annual exports to `data.annual`, imports reported by the destinations ("mirror" figures) to
 * `data.mirror`; imports reported by an exporter (or an aggregate) have no slot and are left out. What the
 * files do not cover comes from the shipped datasets.
 *
 * @module
 */
import { open, readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { RoundaboutData } from '../analyses/roundabout.js';
import { DataValidationError } from '../errors.js';
import type { TradeObservation } from '../model/observation.js';
import { TradeObservationSchema } from '../model/observation.js';
import { frequencyOf } from '../model/period.js';
import { type Provenance, ProvenanceSchema } from '../model/provenance.js';
import { isAggregate } from '../reference/countries.js';
import { type CsvColumns, type FieldSpec, loadCsv } from '../sources/csv.js';
import { UsageError } from './exit-codes.js';

/** How to read CSV files given to `--data`: the command-line flags, parsed. */
export interface CsvFlags {
  /** `--columns field=HEADER,…`: the header holding each field (default: a header named like the field). */
  readonly columns?: Readonly<Record<string, string>>;
  /** `--set field=VALUE,…`: the same value on every row (`reporter=KG,flow=export,currency=USD`). */
  readonly constants?: Readonly<Record<string, string>>;
  /** `--value-scale N`: multiplier to base units (1000 for thousands). */
  readonly valueScale?: number;
  /** `--delimiter C` (default `,`). */
  readonly delimiter?: string;
  /** `--decimal ,` (default `.`). */
  readonly decimalSeparator?: '.' | ',';
}

/**
 * CSV fields the flags can map, with the default header of each (the columns `fetch --format csv` writes).
 *
 * @example
 * CSV_FIELDS.quantityKg; // => 'quantity_kg'
 */
export const CSV_FIELDS = {
  reporter: 'reporter',
  partner: 'partner',
  flow: 'flow',
  period: 'period',
  value: 'value',
  currency: 'currency',
  product: 'product',
  classification: 'classification',
  level: 'level',
  edition: 'edition',
  status: 'status',
  quantityKg: 'quantity_kg',
} as const;

/** The observations of the files, sorted into the slots of `RoundaboutData`. */
export interface GivenData {
  readonly data: Partial<RoundaboutData>;
  /** Reporters of the monthly exports (the default exporters when `--exporter` is not given). */
  readonly monthlyReporters: readonly string[];
  /** Observations read, per file, for the progress line. */
  /** Imports reported by an exporter (not mirror data), left out. */
  readonly skippedImports: number;
  readonly counts: readonly {
    readonly file: string;
    readonly observations: number;
    readonly rejects: number;
  }[];
}

function parseJsonObservations(text: string, file: string): { obs: TradeObservation[]; prov: Provenance[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new DataValidationError(`not JSON (${(e as Error).message})`, { file }, [], { cause: e });
  }
  const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  const list = Array.isArray(parsed)
    ? parsed
    : isObject
      ? (parsed as { observations?: unknown }).observations
      : undefined;
  if (!Array.isArray(list)) {
    throw new DataValidationError(
      'requires a load result (the output of roundabout fetch --out) or an array of observations',
      { file, field: 'observations' },
    );
  }
  const obs = list.map((o, i) => {
    const r = TradeObservationSchema.safeParse(o);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      const field = `observations[${i}]${issue.path.length > 0 ? `.${issue.path.join('.')}` : ''}`;
      throw new DataValidationError(issue.message, { file, field });
    }
    return r.data as TradeObservation;
  });
  const given = isObject ? (parsed as { provenance?: unknown }).provenance : undefined;
  const prov = Array.isArray(given)
    ? given.flatMap((p) => {
        const r = ProvenanceSchema.safeParse(p);
        return r.success ? [r.data] : [];
      })
    : [];
  return { obs, prov };
}

/** The header cells of a CSV file (first line, quotes removed), or `undefined` for gzip and unreadable files. */
async function headerOf(path: string, delimiter: string): Promise<string[] | undefined> {
  if (path.endsWith('.gz')) return undefined;
  const handle = await open(path, 'r').catch(() => undefined);
  if (handle === undefined) return undefined;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, 0);
    const first =
      buffer
        .subarray(0, bytesRead)
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)[0] ?? '';
    return first.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, ''));
  } finally {
    await handle.close();
  }
}

function spec(field: keyof typeof CSV_FIELDS, flags: CsvFlags): FieldSpec | undefined {
  const constant = flags.constants?.[field];
  if (constant !== undefined) return { constant };
  const column = flags.columns?.[field];
  return column === undefined ? undefined : column;
}

async function csvColumns(path: string, flags: CsvFlags): Promise<CsvColumns> {
  for (const k of [...Object.keys(flags.columns ?? {}), ...Object.keys(flags.constants ?? {})]) {
    if (!(k in CSV_FIELDS))
      throw new UsageError(
        `--columns/--set: unknown field ${JSON.stringify(k)}; use ${Object.keys(CSV_FIELDS).join(', ')}`,
      );
  }
  const header = await headerOf(path, flags.delimiter ?? ',');
  const pick = (field: keyof typeof CSV_FIELDS, required: boolean): FieldSpec | undefined => {
    const given = spec(field, flags);
    if (given !== undefined) return given;
    const name = CSV_FIELDS[field];
    // A required field is always asked for, so a missing column is reported by the CSV reader with the file and
    // the column name; an optional one is read only when the file has it.
    if (required) return name;
    return header?.includes(name) === true ? name : undefined;
  };
  const cols: Record<string, FieldSpec | undefined> = {
    reporter: pick('reporter', true),
    partner: pick('partner', true),
    flow: pick('flow', true),
    period: pick('period', true),
    value: pick('value', true),
    currency: pick('currency', true),
    productCode: pick('product', false),
    productClassification: pick('classification', false),
    productLevel: pick('level', false),
    productEdition: pick('edition', false),
    status: pick('status', false),
    quantityKg: pick('quantityKg', false),
  };
  if (typeof cols.value === 'object' && cols.value !== null && 'constant' in cols.value)
    throw new UsageError('--set value=… is not allowed: values come from a column');
  return Object.fromEntries(Object.entries(cols).filter(([, v]) => v !== undefined)) as unknown as CsvColumns;
}

async function readOne(
  path: string,
  label: string,
  flags: CsvFlags,
): Promise<{ obs: TradeObservation[]; prov: Provenance[]; rejects: number }> {
  if (/\.json$/i.test(path)) {
    const text = await readFile(path, 'utf8').catch((e: unknown) => {
      throw new DataValidationError(`cannot read the file (${(e as Error).message})`, { file: label }, [], {
        cause: e,
      });
    });
    return { ...parseJsonObservations(text, label), rejects: 0 };
  }
  if (!/\.csv(\.gz)?$/i.test(path) && !/\.(txt|tsv)$/i.test(path)) {
    throw new UsageError(
      `--data: ${JSON.stringify(label)} must be a .json (roundabout fetch --out) or .csv file`,
    );
  }
  const r = await loadCsv(path, {
    columns: await csvColumns(path, flags),
    ...(flags.valueScale === undefined ? {} : { valueScale: flags.valueScale }),
    ...(flags.delimiter === undefined ? {} : { delimiter: flags.delimiter }),
    ...(flags.decimalSeparator === undefined ? {} : { decimalSeparator: flags.decimalSeparator }),
    provenance: { publisher: 'user-supplied', dataset: basename(path), licence: 'as supplied by the user' },
  });
  return { obs: r.observations as TradeObservation[], prov: r.provenance, rejects: r.rejects.length };
}

/**
 * Read the `--data` files and sort their observations into the analysis' data slots.
 *
 * @param files - paths as given (resolved against `cwd`)
 * @param cwd - working directory
 * @param flags - how to read CSV files
 * @returns the data, the monthly reporters, and per-file counts
 * @throws {DataValidationError} for an unreadable file, bad JSON, an invalid observation (naming the file and
 *   `observations[i].field`), or files without a single observation
 * @example
 * const given = await readDataFiles(['eu.json'], process.cwd(), {});
 */
export async function readDataFiles(
  files: readonly string[],
  cwd: string,
  flags: CsvFlags,
): Promise<GivenData> {
  const monthly: TradeObservation[][] = [];
  const annual: TradeObservation[] = [];
  const imports: TradeObservation[] = [];
  const provenance: Provenance[] = [];
  const counts: { file: string; observations: number; rejects: number }[] = [];
  for (const file of files) {
    const { obs, prov, rejects } = await readOne(resolve(cwd, file), file, flags);
    if (obs.length === 0) throw new DataValidationError('holds no observations', { file });
    counts.push({ file, observations: obs.length, rejects });
    provenance.push(...prov);
    const m: TradeObservation[] = [];
    for (const o of obs) {
      if (o.flow === 'import') imports.push(o);
      else if (frequencyOf(o.period) === 'monthly') m.push(o);
      else annual.push(o);
    }
    if (m.length > 0) monthly.push(m);
  }
  // Mirror data are the destinations' own records of imports from the exporters. Imports reported by an exporter
  // (a reporter with exports in the files, or an aggregate such as EU27_2020) are not: the analysis has no slot
  // for them, so they are counted and left out rather than mistaken for mirror figures.
  const exportReporters = new Set([...monthly.flat(), ...annual].map((o) => o.reporter));
  const mirror = imports.filter((o) => !exportReporters.has(o.reporter) && !isAggregate(o.reporter));
  const skippedImports = imports.length - mirror.length;
  const data: Partial<RoundaboutData> = {
    ...(monthly.length > 0 ? { monthly } : {}),
    ...(annual.length > 0 ? { annual } : {}),
    ...(mirror.length > 0 ? { mirror } : {}),
    ...(provenance.length > 0 ? { provenance } : {}),
  };
  const monthlyReporters = [...new Set(monthly.flat().map((o) => o.reporter))];
  return { data, monthlyReporters, counts, skippedImports };
}
