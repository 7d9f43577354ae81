/**
 * Any tidy trade CSV — a user's own file, a national statistics export — with a column mapping: each model field
 * from a column or a constant, values scaled from the publisher's units (thousands, millions) to base units.
 *
 * @module
 */
import { DataValidationError, OptionsError } from '../errors.js';
import { type Currency, CurrencySchema } from '../model/currency.js';
import type { LoadResult } from '../model/load-result.js';
import type { Flow, ObservationStatus } from '../model/observation.js';
import { parseComextPeriod } from '../model/period.js';
import { type Classification, type Product, productOf, TOTAL_GOODS } from '../model/product.js';
import { keepRow, rejectRow } from './internal/collector.js';
import { countryResolver, unknownCountry } from './internal/countries.js';
import { type CsvFormat, loadCsvInputs, parseCsvInput } from './internal/drivers.js';
import { eurostatStatus } from './internal/eurostat.js';
import { type NumberFormat, parseValue } from './internal/numbers.js';
import type { ProvenanceDefaults } from './internal/provenance.js';
import { cleanField } from './internal/text.js';
import type { CsvRecordOptions, LoadOptions, SourceOptions } from './options.js';

/**
 * A column by header name, or by 0-based position.
 *
 * @example
 * const byName: ColumnRef = 'value_usd';
 * const byPosition: ColumnRef = 3;
 */
export type ColumnRef = string | number;

/**
 * Where a field comes from: a column (a header name or 0-based position, bare or as `{ column }`) or the same
 * value for every row (`{ constant }`).
 *
 * @example
 * const reporter: FieldSpec = { constant: 'KG' };
 * const partner: FieldSpec = 'country';
 */
export type FieldSpec<T = string> = ColumnRef | { readonly column: ColumnRef } | { readonly constant: T };

/**
 * The column mapping of {@link fromCsv}.
 *
 * @example
 * const columns: CsvColumns = { reporter: { constant: 'AM' }, partner: 'country', flow: { constant: 'import' },
 *   period: 'month', value: 'value_thousand_usd', currency: { constant: 'USD' }, productCode: 'hs4' };
 */
export interface CsvColumns {
  /** Reporter (resolved to our code unless `resolveCountries` is false). */
  readonly reporter: FieldSpec;
  /** Partner (resolved likewise). */
  readonly partner: FieldSpec;
  /**
   * Flow. Column values `export`/`exports`/`X`/`E`/`2`/`EXPORTATION`/`2-EXPORT` are exports and
   * `import`/`imports`/`M`/`I`/`1`/`IMPORTATION`/`1-IMPORT` imports (case-insensitive); see `flowValues`.
   */
  readonly flow: FieldSpec<Flow>;
  /** Period: `2022-03`, `2022M03`, `202203`, `Mar. 2022`, `2022`, `Jan.-Dec. 2022` … (see `parseComextPeriod`). */
  readonly period: FieldSpec;
  /** The value column. */
  readonly value: ColumnRef | { readonly column: ColumnRef };
  /** Currency: `EUR`, `GBP`, `USD` (or `€`, `£`, `US$`). */
  readonly currency: FieldSpec<Currency>;
  /** Product code (default: the constant `TOTAL`, all goods). `TOTAL`/`Total` map to all goods. */
  readonly productCode?: FieldSpec;
  /**
   * Product classification: `HS`, `CN`, `SITC` or `TOTAL` (default: TOTAL for total labels, HS for codes of up
   * to 6 digits, CN for 7–8 digits).
   */
  readonly productClassification?: FieldSpec<Classification>;
  /** Digits of the code (restores lost leading zeros to this length for HS/CN); default from the code. */
  readonly productLevel?: FieldSpec<number>;
  /** Nomenclature edition, e.g. `HS2017`. */
  readonly productEdition?: FieldSpec;
  /**
   * Status or flag column: status names (`reported`, `estimated`, `provisional`, `confidential`, `missing`,
   * `negligible`, `zero`) or Eurostat flags (`p`, `e`, `c`, `:` …); see `statusValues`.
   */
  readonly status?: ColumnRef | { readonly column: ColumnRef };
  /** Net mass column (scaled by `quantityScale` to kilograms). */
  readonly quantityKg?: ColumnRef | { readonly column: ColumnRef };
}

/**
 * Options of {@link fromCsv} and {@link loadCsv}.
 *
 * @example
 * const options: CsvOptions = { delimiter: ';', decimalSeparator: ',', valueScale: 1000,
 *   columns: { reporter: 'reporter', partner: 'partner', flow: 'flow', period: 'period', value: 'value',
 *     currency: { constant: 'USD' } } };
 */
export interface CsvOptions extends SourceOptions, CsvRecordOptions {
  /** The column mapping. */
  readonly columns: CsvColumns;
  /** Multiplier from published units to base units: 1000 for "thousand USD", 1e6 for millions (default 1). */
  readonly valueScale?: number;
  /** Multiplier from the published quantity to kilograms, e.g. 1000 for tonnes, 100 for 100 kg (default 1). */
  readonly quantityScale?: number;
  /**
   * The publisher's rounding unit in base units (e.g. 1e6 for whole millions): recorded on every observation,
   * and a printed `0` then means "below the rounding unit" (status `negligible`, value `null`), not a true zero.
   */
  readonly roundingUnit?: number;
  /** Field delimiter (default `,`). */
  readonly delimiter?: string;
  /** Decimal separator (default `.`). */
  readonly decimalSeparator?: '.' | ',';
  /**
   * Thousands separator; default: correctly grouped digits with `,` (or `.` when the decimal separator is `,`),
   * a space, a no-break space or `'` are accepted; `''` accepts none.
   */
  readonly thousandsSeparator?: string;
  /** Resolve reporter and partner labels to our codes (default `true`); `false` keeps them as written. */
  readonly resolveCountries?: boolean;
  /** Extra flow values → flow (exact, case-insensitive), tried before the defaults, e.g. `{ Ausfuhr: 'export' }`. */
  readonly flowValues?: Readonly<Record<string, Flow>>;
  /** Extra status values → status (exact, case-insensitive), tried before the defaults. */
  readonly statusValues?: Readonly<Record<string, ObservationStatus>>;
}

const EXPORTS = new Set([
  'export',
  'exports',
  'x',
  'e',
  'exp',
  '2',
  'exportation',
  'exportations',
  '2-export',
]);
const IMPORTS = new Set([
  'import',
  'imports',
  'm',
  'i',
  'imp',
  '1',
  'importation',
  'importations',
  '1-import',
]);
const STATUS_NAMES = new Set<ObservationStatus>([
  'reported',
  'zero',
  'negligible',
  'missing',
  'confidential',
  'estimated',
  'provisional',
]);
const NULL_STATUSES = new Set<ObservationStatus>(['missing', 'confidential', 'negligible']);
const CURRENCY_SYMBOLS: ReadonlyMap<string, Currency> = new Map([
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['US$', 'USD'],
  ['$', 'USD'],
]);

type Cell<T> = (fields: readonly string[]) => string | T;

function isConstant<T>(spec: FieldSpec<T>): spec is { readonly constant: T } {
  return typeof spec === 'object' && spec !== null && 'constant' in spec;
}

function csvFormat(options: CsvOptions): CsvFormat<Currency> {
  const cols = options.columns;
  const scale = options.valueScale ?? 1;
  const qScale = options.quantityScale ?? 1;
  const numberFormat: NumberFormat = {
    ...(options.decimalSeparator === undefined ? {} : { decimal: options.decimalSeparator }),
    ...(options.thousandsSeparator === undefined ? {} : { thousands: options.thousandsSeparator }),
  };
  const flowValues = new Map(
    Object.entries(options.flowValues ?? {}).map(([k, v]) => [k.trim().toLowerCase(), v]),
  );
  const statusValues = new Map(
    Object.entries(options.statusValues ?? {}).map(([k, v]) => [k.trim().toLowerCase(), v]),
  );
  return (header, headerLine, ctx) => {
    const byName = new Map<string, number>();
    header.forEach((h, i) => {
      const k = cleanField(h).toLowerCase();
      if (!byName.has(k)) byName.set(k, i);
    });
    const columnIndex = (ref: ColumnRef, field: string): number => {
      const i = typeof ref === 'number' ? ref : byName.get(ref.trim().toLowerCase());
      if (i === undefined || i < 0 || i >= header.length || !Number.isInteger(i)) {
        const col = String(ref);
        throw new DataValidationError(
          `missing column ${JSON.stringify(col)} (mapped to ${field})`,
          { file: ctx.out.file, line: headerLine, field: col },
          [{ code: 'missing_column', path: [col], message: `missing column ${col} for ${field}` }],
        );
      }
      return i;
    };
    const cell = <T>(spec: FieldSpec<T>, field: string): Cell<T> => {
      if (isConstant(spec)) return () => spec.constant;
      const i = columnIndex(typeof spec === 'object' ? spec.column : spec, field);
      return (fields) => fields[i] ?? '';
    };
    const name = (spec: FieldSpec<unknown> | undefined, fallback: string): string => {
      if (spec === undefined || isConstant(spec)) return fallback;
      const ref = typeof spec === 'object' ? spec.column : spec;
      return typeof ref === 'number' ? (header[ref] ?? fallback) : ref;
    };
    const reporterOf = cell(cols.reporter, 'reporter');
    const partnerOf = cell(cols.partner, 'partner');
    const flowOf = cell<Flow>(cols.flow, 'flow');
    const periodOf = cell(cols.period, 'period');
    const valueCell = cell<never>(cols.value, 'value');
    const currencyOf = cell<Currency>(cols.currency, 'currency');
    const codeOf = cols.productCode === undefined ? () => 'TOTAL' : cell(cols.productCode, 'productCode');
    const classOf =
      cols.productClassification === undefined
        ? undefined
        : cell(cols.productClassification, 'productClassification');
    const levelOf = cols.productLevel === undefined ? undefined : cell(cols.productLevel, 'productLevel');
    const editionOf =
      cols.productEdition === undefined ? undefined : cell(cols.productEdition, 'productEdition');
    const statusOf = cols.status === undefined ? undefined : cell<never>(cols.status, 'status');
    const quantityOf = cols.quantityKg === undefined ? undefined : cell<never>(cols.quantityKg, 'quantityKg');
    const resolve = countryResolver(options.countryLabels);
    const country = (label: string): string | undefined =>
      options.resolveCountries === false ? (label.trim() === '' ? undefined : label.trim()) : resolve(label);

    const productFrom = (fields: readonly string[]): Product | string => {
      const code = String(codeOf(fields)).trim();
      const cls = classOf === undefined ? '' : String(classOf(fields)).trim().toUpperCase();
      const levelText = levelOf === undefined ? '' : String(levelOf(fields)).trim();
      const editionText = editionOf === undefined ? '' : String(editionOf(fields)).trim();
      const edition = editionText === '' ? {} : { edition: editionText };
      if (cls === 'TOTAL' || (cls === '' && /^(total|tt|all)$/i.test(code))) return TOTAL_GOODS;
      if (cls !== '' && cls !== 'HS' && cls !== 'CN' && cls !== 'SITC')
        return `unknown classification ${cls}`;
      const level = levelText === '' ? undefined : Number(levelText);
      if (level !== undefined && !(Number.isInteger(level) && level >= 1 && level <= 10)) {
        return `unknown product level ${JSON.stringify(levelText)}`;
      }
      if (cls === 'SITC') {
        if (!/^\d{1,5}$/.test(code)) return `unknown SITC code ${JSON.stringify(code)}`;
        return { classification: 'SITC', code, level: level ?? code.length, ...edition };
      }
      if (!/^\d{1,8}$/.test(code)) return `unknown product code ${JSON.stringify(code)}`;
      if (level !== undefined && code.length > level) return `code ${code} is longer than level ${level}`;
      const classification = cls === 'HS' || cls === 'CN' ? cls : undefined;
      const p = productOf(code, {
        ...(classification === undefined ? {} : { classification }),
        ...(level === undefined ? (code.length === 7 ? { padTo: 8 } : {}) : { padTo: level }),
        ...edition,
      });
      return p;
    };

    const statusFrom = (text: string): ObservationStatus | 'flags' | undefined => {
      const s = text.trim().toLowerCase();
      if (s === '') return undefined;
      const own = statusValues.get(s);
      if (own !== undefined) return own;
      if (STATUS_NAMES.has(s as ObservationStatus)) return s as ObservationStatus;
      return 'flags';
    };

    return {
      row(fields, line, raw) {
        const reject = (field: string, reason: string) => rejectRow(ctx.out, line, field, reason, raw);
        const reporterText = String(reporterOf(fields));
        const reporter = country(reporterText);
        if (reporter === undefined)
          return reject(name(cols.reporter, 'reporter'), unknownCountry(reporterText));
        const partnerText = String(partnerOf(fields));
        const partner = country(partnerText);
        if (partner === undefined) return reject(name(cols.partner, 'partner'), unknownCountry(partnerText));
        const flowText = String(flowOf(fields)).trim().toLowerCase();
        const flow: Flow | undefined =
          flowValues.get(flowText) ??
          (EXPORTS.has(flowText) ? 'export' : IMPORTS.has(flowText) ? 'import' : undefined);
        if (flow === undefined)
          return reject(name(cols.flow, 'flow'), `unknown flow ${JSON.stringify(flowText)}`);
        const periodText = String(periodOf(fields));
        const period = parseComextPeriod(periodText);
        if (period === undefined) {
          return reject(name(cols.period, 'period'), `unrecognised period ${JSON.stringify(periodText)}`);
        }
        const currencyText = String(currencyOf(fields)).trim();
        const currencyCheck = CurrencySchema.safeParse(currencyText.toUpperCase());
        const currency = currencyCheck.success ? currencyCheck.data : CURRENCY_SYMBOLS.get(currencyText);
        if (currency === undefined) {
          return reject(name(cols.currency, 'currency'), `unknown currency ${JSON.stringify(currencyText)}`);
        }
        const product = productFrom(fields);
        if (typeof product === 'string') return reject(name(cols.productCode, 'productCode'), product);
        const valueText = String(valueCell(fields));
        const parsed = parseValue(valueText, numberFormat);
        if (parsed.kind === 'invalid') {
          return reject(name(cols.value, 'value'), `value ${JSON.stringify(valueText)} is not a number`);
        }
        const number = parsed.kind === 'number' ? parsed.value * scale : parsed.kind === 'zero' ? 0 : null;
        let status: ObservationStatus;
        const declaredText = statusOf === undefined ? '' : String(statusOf(fields));
        const declared = statusFrom(declaredText);
        if (declared === 'flags') {
          const outcome = eurostatStatus(number, declaredText, parsed.kind === 'confidential' ? 'C' : '');
          if ('reject' in outcome) return reject(name(cols.status, 'status'), outcome.reject);
          status = outcome.status;
        } else if (declared !== undefined) {
          if (NULL_STATUSES.has(declared) && number !== null && number !== 0) {
            return reject(name(cols.status, 'status'), `a value published with status ${declared}`);
          }
          if (!NULL_STATUSES.has(declared) && declared !== 'zero' && number === null) {
            return reject(name(cols.value, 'value'), `status ${declared} without a value`);
          }
          if (declared === 'zero' && number !== null && number !== 0) {
            return reject(name(cols.status, 'status'), 'status zero with a non-zero value');
          }
          status = declared;
        } else if (parsed.kind === 'confidential') status = 'confidential';
        else if (number === null) status = 'missing';
        else if (parsed.kind === 'number' && number === 0 && options.roundingUnit !== undefined)
          status = 'negligible';
        else status = number === 0 ? 'zero' : 'reported';
        const value = NULL_STATUSES.has(status) ? null : status === 'zero' ? 0 : number;
        let quantityKg: number | undefined;
        if (quantityOf !== undefined) {
          const qText = String(quantityOf(fields));
          const q = parseValue(qText, numberFormat);
          if (q.kind === 'number') {
            if (q.value < 0) return reject(name(cols.quantityKg, 'quantityKg'), 'negative quantity');
            quantityKg = q.value * qScale;
          } else if (q.kind === 'zero') quantityKg = 0;
          else if (q.kind === 'invalid') {
            return reject(
              name(cols.quantityKg, 'quantityKg'),
              `quantity ${JSON.stringify(qText)} is not a number`,
            );
          }
        }
        keepRow(
          ctx.out,
          {
            reporter,
            partner,
            flow,
            product,
            period,
            value,
            currency,
            ...(quantityKg === undefined ? {} : { quantityKg }),
            status,
            ...(options.roundingUnit === undefined ? {} : { roundingUnit: options.roundingUnit }),
            source: ctx.source,
          },
          line,
          raw,
        );
      },
    };
  };
}

function checkOptions(options: CsvOptions, fn: string): ProvenanceDefaults {
  if (typeof options !== 'object' || options === null || typeof options.columns !== 'object') {
    throw new OptionsError(`${fn} requires options.columns`);
  }
  for (const [k, v] of [
    ['valueScale', options.valueScale],
    ['quantityScale', options.quantityScale],
    ['roundingUnit', options.roundingUnit],
  ] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) {
      throw new OptionsError(`${fn} requires ${k} to be a positive finite number, got ${v}`);
    }
  }
  const d = options.delimiter ?? ',';
  if (d.length !== 1 || d === '"' || d === '\n' || d === '\r') {
    throw new OptionsError(`${fn} requires a one-character delimiter other than a quote or newline`);
  }
  const given = options.provenance ?? {};
  const unspecified = [
    given.publisher === undefined ? 'publisher' : undefined,
    given.dataset === undefined ? 'dataset' : undefined,
    given.licence === undefined ? 'licence' : undefined,
  ].filter((x) => x !== undefined);
  const scale = options.valueScale ?? 1;
  return {
    idPrefix: 'csv',
    publisher: 'unspecified',
    dataset: 'unspecified',
    licence: 'unspecified',
    units:
      scale === 1 ? 'base units of the currency' : `published in units of ${scale}, scaled to base units`,
    ...(unspecified.length === 0
      ? {}
      : {
          notes: [`${unspecified.join(', ')} not given (set options.provenance to cite the data properly)`],
        }),
  };
}

/**
 * Parse any tidy trade CSV with a column mapping into observations.
 *
 * Each model field comes from a column or a constant (`columns`). Values are multiplied by `valueScale` into base
 * units (1000 for "thousand USD"); `''`, `:`, `..`, `NA` are missing (value `null`), `-` a true zero, `c`
 * confidential; numbers may use the given decimal and thousands separators (`1,234,567`, `1 234 567`,
 * `1.234,5` with `decimalSeparator: ','`). Reporter and partner labels are resolved with the reference table and
 * `countryLabels` (unknown → reject, never a guess) unless `resolveCountries` is `false`. A record is one data row;
 * every row is kept or rejected with its line, column and reason. Runs in O(rows).
 *
 * @param text - the CSV text or its bytes (UTF-8)
 * @param options - the column mapping, units, separators, provenance
 * @returns observations, rejects, provenance; `rowsRead === rowsKept + rejects.length`
 * @throws {OptionsError} if `columns` is missing, a scale is not a positive number, or the delimiter is unusable
 * @throws {DataValidationError} if a mapped column is not in the header (naming it), the input is empty, or a
 *   quote is never closed
 * @example
 * const csv = 'country;year;exports_thousand_usd\nKazakhstan;2022;1 234 567,8\n';
 * const r = fromCsv(csv, {
 *   delimiter: ';', decimalSeparator: ',', valueScale: 1000,
 *   columns: { reporter: { constant: 'KG' }, partner: 'country', flow: { constant: 'export' },
 *     period: 'year', value: 'exports_thousand_usd', currency: { constant: 'USD' } },
 *   provenance: { publisher: 'National Statistical Committee of the Kyrgyz Republic', dataset: 'trade',
 *     licence: 'open data' },
 * });
 * r.observations[0]?.value; // => 1234567800
 */
export function fromCsv(text: string | Uint8Array, options: CsvOptions): LoadResult<Currency> {
  const defaults = checkOptions(options, 'fromCsv');
  return parseCsvInput(text, options, defaults, options.delimiter ?? ',', csvFormat(options));
}

/**
 * Stream one or more CSV files (plain or gzip) with a column mapping; see {@link fromCsv} for the rules.
 *
 * @param pathOrPaths - a file path or several with the same layout
 * @param options - as {@link fromCsv}, plus `onProgress`
 * @returns the combined result, one provenance record per file
 * @throws {OptionsError} as {@link fromCsv}
 * @throws {DataValidationError} as {@link fromCsv}, or if a file cannot be read
 * @example
 * const r = await loadCsv('kg-exports.csv', { columns: { reporter: 'reporter', partner: 'partner',
 *   flow: 'flow', period: 'month', value: 'value_usd', currency: { constant: 'USD' } } });
 */
export function loadCsv(
  pathOrPaths: string | readonly string[],
  options: Omit<CsvOptions, 'file'> & LoadOptions,
): Promise<LoadResult<Currency>> {
  const defaults = checkOptions(options, 'loadCsv');
  return loadCsvInputs(
    pathOrPaths,
    options,
    defaults,
    options.delimiter ?? ',',
    csvFormat(options),
    'loadCsv',
  );
}
