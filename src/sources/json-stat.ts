/**
 * JSON-stat 2.0 datasets (https://json-stat.org/format/) as the Eurostat and Comext APIs return them
 * (`/api/comext/dissemination/statistics/1.0/data/DS-045409?…`): `id` and `size` list the dimensions in
 * row-major order (last dimension fastest), `dimension.{id}.category.{index,label}` name their categories,
 * `value` holds the cells as a dense array or a sparse object keyed by cell index, `status` the flags.
 *
 * @module
 */
import { DataValidationError } from '../errors.js';
import type { LoadResult } from '../model/load-result.js';
import { lazySchema } from '../shared/zod.js';
import { rejectRow } from './internal/collector.js';
import { countryResolver } from './internal/countries.js';
import { type InputContext, loadTextInputs, parseTextInput } from './internal/drivers.js';
import { type EurostatCell, eurostatCellSink } from './internal/eurostat.js';
import { parseJson } from './internal/json.js';
import type { ParsedValue } from './internal/numbers.js';
import type { ProvenanceDefaults } from './internal/provenance.js';
import type { LoadOptions, ProvenanceOverrides, SourceOptions } from './options.js';

/**
 * Options of {@link fromJsonStat} and {@link loadJsonStat}.
 *
 * @example
 * const options: JsonStatOptions = { indicator: 'VALUE_IN_EUROS' };
 */
export interface JsonStatOptions extends SourceOptions {
  /** Indicator of every cell when the dataset has no `indicators` dimension (e.g. `VALUE_IN_EUROS`). */
  readonly indicator?: string;
}

const DEFAULTS: ProvenanceDefaults = {
  idPrefix: 'eurostat-jsonstat',
  publisher: 'Eurostat',
  dataset: 'DS-045409',
  title: 'EU trade since 1988 by HS2-4-6 and CN8',
  url: 'https://ec.europa.eu/eurostat/api/comext/dissemination/statistics/1.0/data/DS-045409',
  licence: 'Eurostat copyright notice: reuse with attribution ("Source: Eurostat"), equivalent to CC BY 4.0',
  units: 'EUR (VALUE_IN_EUROS); quantities in 100 kg converted to kg',
};

const CategorySchema = lazySchema((z) =>
  z.object({
    index: z.union([z.record(z.string(), z.number().int().nonnegative()), z.array(z.string())]).optional(),
    label: z.record(z.string(), z.string()).optional(),
  }),
);

const DimensionSchema = lazySchema((z) =>
  z.object({ label: z.string().optional(), category: CategorySchema }),
);

const DatasetSchema = lazySchema((z) =>
  z.object({
    class: z.string().optional(),
    version: z.string().optional(),
    label: z.string().optional(),
    source: z.string().optional(),
    updated: z.string().optional(),
    id: z.array(z.string()),
    size: z.array(z.number().int().nonnegative()),
    dimension: z.record(z.string(), DimensionSchema),
    value: z.union([z.array(z.number().nullable()), z.record(z.string(), z.number().nullable())]),
    status: z
      .union([z.string(), z.array(z.string().nullable()), z.record(z.string(), z.string())])
      .optional(),
    extension: z.record(z.string(), z.unknown()).optional(),
  }),
);

/**
 * The id-keyed tables of a dataset as `Map`s, read from the parsed JSON itself: ids are data, and an id named after
 * an `Object.prototype` member (`__proto__`, `constructor`, `toString`) must be a key like any other. (zod's output
 * object would drop a `__proto__` key into the prototype, and a plain lookup would find `constructor` on any
 * object.) The shapes were checked by {@link DatasetSchema} first.
 */
interface Tables {
  readonly dimensions: ReadonlyMap<string, { readonly index: unknown; readonly label: unknown }>;
  /** A sparse `value` or `status` object as a map; `undefined` when it is an array, a string or absent. */
  readonly values: ReadonlyMap<string, number | null> | undefined;
  readonly status: ReadonlyMap<string, string> | undefined;
}

function invalid(file: string, field: string, message: string): DataValidationError {
  return new DataValidationError(message, { file, field }, [
    { code: 'invalid_jsonstat', path: [field], message },
  ]);
}

/** Own entries of a JSON object as a map (`undefined` for anything else). */
function entriesOf<T>(value: unknown): Map<string, T> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return new Map(Object.entries(value) as [string, T][]);
}

function tablesOf(doc: unknown, file: string): Tables {
  const raw = doc as { readonly dimension: unknown; readonly value: unknown; readonly status?: unknown };
  const dimensions = new Map<string, { index: unknown; label: unknown }>();
  for (const [id, dim] of entriesOf<unknown>(raw.dimension) ?? []) {
    // zod's record check passes over a `__proto__` key, so every entry is checked here again.
    const check = DimensionSchema.safeParse(dim);
    if (!check.success) {
      throw invalid(file, `dimension.${id}`, `dimension ${id} is not { category: { index, label } }`);
    }
    const category = (dim as { category: { index?: unknown; label?: unknown } }).category;
    for (const [name, table] of [
      ['index', category.index],
      ['label', category.label],
    ] as const) {
      for (const [code, v] of entriesOf<unknown>(table) ?? []) {
        if (name === 'index' ? !(Number.isInteger(v) && (v as number) >= 0) : typeof v !== 'string') {
          throw invalid(file, `dimension.${id}.category.${name}`, `category ${code} has a bad ${name}`);
        }
      }
    }
    dimensions.set(id, { index: category.index, label: category.label });
  }
  const values = entriesOf<number | null>(raw.value);
  for (const [k, v] of values ?? []) {
    if (v !== null && typeof v !== 'number')
      throw invalid(file, `value.${k}`, `cell ${k} is not a number or null`);
  }
  const status = entriesOf<string>(raw.status);
  for (const [k, v] of status ?? []) {
    if (typeof v !== 'string') throw invalid(file, `status.${k}`, `status of cell ${k} is not a string`);
  }
  return { dimensions, values, status };
}

interface Axis {
  readonly id: string;
  readonly codes: readonly string[];
  readonly labels: readonly (string | undefined)[];
}

/** Category codes in index order. */
function axisOf(tables: Tables, id: string, size: number, file: string): Axis {
  const dim = tables.dimensions.get(id);
  if (dim === undefined)
    throw invalid(file, `dimension.${id}`, `dimension ${id} is listed in id but not described`);
  const label = entriesOf<string>(dim.label);
  let codes: string[];
  if (Array.isArray(dim.index)) codes = [...(dim.index as string[])];
  else if (dim.index !== undefined) {
    codes = new Array<string>(size);
    for (const [code, pos] of entriesOf<number>(dim.index) ?? []) {
      if (pos >= size || codes[pos] !== undefined) {
        throw invalid(file, `dimension.${id}.category.index`, `category ${code} has a bad position ${pos}`);
      }
      codes[pos] = code;
    }
  } else if (label !== undefined) codes = [...label.keys()];
  else throw invalid(file, `dimension.${id}.category`, `dimension ${id} has neither index nor label`);
  if (codes.length !== size || codes.some((c) => c === undefined)) {
    throw invalid(
      file,
      `dimension.${id}`,
      `dimension ${id} has ${codes.length} categories, size says ${size}`,
    );
  }
  return { id, codes, labels: codes.map((c) => label?.get(c)) };
}

function jsonStatFormat(options: JsonStatOptions) {
  return (text: string, ctx: InputContext<'EUR'>): ProvenanceOverrides => {
    const file = ctx.out.file;
    const doc = parseJson(text, file);
    const parsed = DatasetSchema.safeParse(doc);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join('.') ?? '';
      throw new DataValidationError(
        `not a JSON-stat 2.0 dataset: ${issue?.message ?? 'invalid'}${field === '' ? '' : ` at ${field}`}`,
        { file, field: field === '' ? undefined : field },
        parsed.error.issues.map((i) => ({
          code: 'invalid_jsonstat',
          path: i.path.map(String),
          message: i.message,
        })),
      );
    }
    const ds = parsed.data;
    if (ds.class !== undefined && ds.class !== 'dataset') {
      throw invalid(file, 'class', `JSON-stat class ${JSON.stringify(ds.class)} is not a dataset`);
    }
    if (ds.id.length !== ds.size.length) {
      throw invalid(file, 'size', `id lists ${ds.id.length} dimensions, size ${ds.size.length}`);
    }
    const tables = tablesOf(doc, file);
    const axes = ds.id.map((id, i) => axisOf(tables, id, ds.size[i]!, file));
    const byRole = new Map(axes.map((a, i) => [a.id.toLowerCase(), i] as const));
    const role = (name: string, required: boolean): number | undefined => {
      const i = byRole.get(name);
      if (i === undefined && required) {
        throw invalid(file, `dimension.${name}`, `not a Comext dataset: no ${name} dimension`);
      }
      return i;
    };
    const iReporter = role('reporter', true)!;
    const iPartner = role('partner', true)!;
    const iProduct = role('product', true)!;
    const iFlow = role('flow', true)!;
    const iTime = role('time', true)!;
    const iFreq = role('freq', false);
    const iIndicator = role('indicators', options.indicator === undefined);
    let total = 1;
    for (const s of ds.size) total *= s;
    const dense = Array.isArray(ds.value) ? ds.value : undefined;
    if (dense !== undefined && dense.length !== total) {
      throw invalid(file, 'value', `value has ${dense.length} cells, size implies ${total}`);
    }
    const status = ds.status;
    const statusAt = (i: number): string => {
      if (status === undefined) return '';
      if (typeof status === 'string') return status;
      if (Array.isArray(status)) return status[i] ?? '';
      return tables.status?.get(String(i)) ?? '';
    };
    const valueAt = (i: number): number | null | undefined =>
      dense === undefined ? tables.values?.get(String(i)) : dense[i];
    // The cells: every index of a dense array; for a sparse object, the keys of `value` and `status`.
    const cells: number[] = [];
    const badKeys: (readonly [string, number])[] = [];
    if (dense !== undefined) for (let i = 0; i < total; i++) cells.push(i);
    else {
      const keys = new Set(tables.values?.keys() ?? []);
      for (const k of tables.status?.keys() ?? []) keys.add(k);
      let position = 0;
      for (const k of keys) {
        position++;
        const i = Number(k);
        if (/^\d+$/.test(k) && i < total) cells.push(i);
        else badKeys.push([k, position]);
      }
      cells.sort((a, b) => a - b);
    }
    const sink = eurostatCellSink(
      ctx,
      {
        reporter: `dimension.${axes[iReporter]!.id}`,
        partner: `dimension.${axes[iPartner]!.id}`,
        product: `dimension.${axes[iProduct]!.id}`,
        flow: `dimension.${axes[iFlow]!.id}`,
        period: `dimension.${axes[iTime]!.id}`,
        indicator: iIndicator === undefined ? 'indicator' : `dimension.${axes[iIndicator]!.id}`,
        value: 'value',
        flags: 'status',
      },
      countryResolver(options.countryLabels),
    );
    const coordinate = new Array<number>(axes.length).fill(0);
    for (const cell of cells) {
      ctx.out.rowsRead++;
      let rest = cell;
      for (let d = axes.length - 1; d >= 0; d--) {
        const size = ds.size[d]!;
        coordinate[d] = rest % size;
        rest = Math.floor(rest / size);
      }
      const code = (d: number) => axes[d]!.codes[coordinate[d]!]!;
      const label = (d: number) => axes[d]!.labels[coordinate[d]!];
      const v = valueAt(cell);
      const value: ParsedValue =
        v === undefined || v === null
          ? { kind: 'missing' }
          : Number.isFinite(v)
            ? { kind: 'number', value: v }
            : { kind: 'invalid' };
      const reporterLabel = label(iReporter);
      const partnerLabel = label(iPartner);
      const c: EurostatCell = {
        line: cell + 1,
        raw: `cell ${cell}: ${axes.map((_, d) => code(d)).join('.')} = ${v === undefined ? '' : String(v)} ${statusAt(cell)}`,
        reporter: code(iReporter),
        ...(reporterLabel === undefined ? {} : { reporterLabel }),
        partner: code(iPartner),
        ...(partnerLabel === undefined ? {} : { partnerLabel }),
        product: code(iProduct),
        flow: code(iFlow),
        period: code(iTime),
        freq: iFreq === undefined ? '' : code(iFreq),
        indicator: iIndicator === undefined ? (options.indicator ?? '') : code(iIndicator),
        value,
        flags: statusAt(cell),
        conf: '',
      };
      sink.add(c);
    }
    for (const [k, position] of badKeys) {
      ctx.out.rowsRead++;
      rejectRow(ctx.out, position, 'value', `cell key ${JSON.stringify(k)} is not an index below ${total}`);
    }
    sink.finish();
    const ext = ds.extension ?? {};
    const datasetId = typeof ext.datasetId === 'string' ? ext.datasetId : undefined;
    return {
      ...(datasetId === undefined ? {} : { dataset: datasetId }),
      ...(ds.updated === undefined ? {} : { vintage: ds.updated }),
      ...(ds.label === undefined ? {} : { title: ds.label }),
    };
  };
}

/**
 * Parse a JSON-stat 2.0 dataset of a Comext table (dimensions `freq`, `reporter`, `partner`, `product`, `flow`,
 * `indicators`, `time`) into EUR observations.
 *
 * A record is one cell: every cell of a dense `value` array, or every key of a sparse `value` object and of
 * `status`; its "line" in rejects is the cell index + 1. Cells absent from a sparse dataset were not published
 * and are not records. Codes are resolved as in {@link fromSdmxCsv} (falling back on the category label), flags
 * in `status` follow Eurostat's list (`:` missing, `c` confidential, `p` provisional, `e` estimated, …; a flag
 * never becomes a value), `QUANTITY_IN_100KG` cells are merged into the value cell as `quantityKg`. The dataset
 * code comes from `extension.datasetId`, the vintage from `updated`. Runs in O(cells).
 *
 * @param text - the JSON text or its bytes (UTF-8)
 * @param options - input label, provenance, extra country labels, fixed indicator
 * @returns observations in EUR, rejects, provenance; `rowsRead === rowsKept + rejects.length`
 * @throws {DataValidationError} for undecodable JSON (naming the line), a document that is not a JSON-stat
 *   dataset, inconsistent `id`/`size`/categories, or a missing Comext dimension (naming it)
 * @example
 * const js = JSON.stringify({ version: '2.0', class: 'dataset', id: ['reporter', 'partner', 'product', 'flow',
 *   'indicators', 'time'], size: [1, 1, 1, 1, 1, 1], dimension: { reporter: { category: { index: { DE: 0 } } },
 *   partner: { category: { index: { KG: 0 } } }, product: { category: { index: { TOTAL: 0 } } },
 *   flow: { category: { index: { '2': 0 } } }, indicators: { category: { index: { VALUE_IN_EUROS: 0 } } },
 *   time: { category: { index: { '2022-03': 0 } } } }, value: [7105065] });
 * fromJsonStat(js).observations[0]?.value; // => 7105065
 */
export function fromJsonStat(text: string | Uint8Array, options: JsonStatOptions = {}): LoadResult<'EUR'> {
  return parseTextInput(text, options, DEFAULTS, jsonStatFormat(options));
}

/**
 * Read one or more JSON-stat files (plain or gzip); see {@link fromJsonStat}. JSON is parsed whole once read.
 *
 * @param pathOrPaths - a file path or several
 * @param options - as {@link fromJsonStat}, plus `onProgress`
 * @returns the combined result, one provenance record per file
 * @throws {DataValidationError} as {@link fromJsonStat}, or if a file cannot be read
 * @example
 * const r = await loadJsonStat('ds-045409.json');
 */
export function loadJsonStat(
  pathOrPaths: string | readonly string[],
  options: Omit<JsonStatOptions, 'file'> & LoadOptions = {},
): Promise<LoadResult<'EUR'>> {
  return loadTextInputs(pathOrPaths, options, DEFAULTS, jsonStatFormat(options), 'loadJsonStat');
}
