/**
 * Eurostat Comext "relational view" CSV exports (Easy Comext, https://ec.europa.eu/eurostat/comext/newxtweb/):
 * `REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR`, one row per reporter × partner × product ×
 * flow × procedure × period, with labels in English or French, plain (`EXPORT`, `Total`, `Aug. 2024`) or coded
 * (`2-EXPORT`, `TOTAL-Total`, `201952-Jan.-Dec. 2019`), and Eurostat's long country labels
 * (`Germany (incl. German Democratic Republic 'DD' from 1991)`, `European Union - 27 countries (AT, BE, …)`).
 *
 * @module
 */
import { DataValidationError } from '../errors.js';
import type { LoadResult } from '../model/load-result.js';
import type { Flow, TradeObservation } from '../model/observation.js';
import { parseComextPeriod } from '../model/period.js';
import { productKey } from '../model/product.js';
import { rejectRow } from './internal/collector.js';
import { countryResolver, unknownCountry } from './internal/countries.js';
import { uniqueKeys } from './internal/dedupe.js';
import { type CsvFormat, loadCsvInputs, parseCsvInput } from './internal/drivers.js';
import { parseValue } from './internal/numbers.js';
import { parseComextProductLabel } from './internal/products.js';
import type { ProvenanceDefaults } from './internal/provenance.js';
import { columnKey } from './internal/text.js';
import type { CsvRecordOptions, LoadOptions, SourceOptions } from './options.js';

/**
 * Options of {@link fromComextRelational} and {@link loadComextRelational} (the common {@link SourceOptions} and
 * {@link CsvRecordOptions}).
 *
 * @example
 * const options: ComextRelationalOptions = { source: 'eu-exports-kz', provenance: { vintage: '2024-11-17' } };
 */
export interface ComextRelationalOptions extends SourceOptions, CsvRecordOptions {}

const DEFAULTS: ProvenanceDefaults = {
  idPrefix: 'eurostat-comext',
  publisher: 'Eurostat',
  dataset: 'DS-045409',
  title: 'EU trade since 1988 by HS2-4-6 and CN8 (Easy Comext relational view)',
  url: 'https://ec.europa.eu/eurostat/comext/newxtweb/',
  licence: 'Eurostat copyright notice: reuse with attribution ("Source: Eurostat"), equivalent to CC BY 4.0',
  units: 'EUR',
};

const VALUE_COLUMNS = ['VALUE_IN_EUR', 'VALUE_IN_EUROS', 'VALUE_EUR'] as const;
const QUANTITY_COLUMNS: readonly (readonly [string, number])[] = [
  ['QUANTITY_IN_KG', 1],
  ['QUANTITY_KG', 1],
  ['QUANTITY_IN_100KG', 100],
];

const EXPORT_LABELS = new Set(['export', 'exports', 'exportation', 'exportations', 'ausfuhr', 'ausfuhren']);
const IMPORT_LABELS = new Set(['import', 'imports', 'importation', 'importations', 'einfuhr', 'einfuhren']);

/** `2-EXPORT`, `EXPORT`, `EXPORTATION` → export; `1-IMPORT`… → import. */
function flowOf(label: string): Flow | undefined {
  const s = label.trim().toLowerCase();
  const coded = /^([12])(?:-(.*))?$/.exec(s);
  if (coded) return coded[1] === '1' ? 'import' : 'export';
  if (EXPORT_LABELS.has(s)) return 'export';
  if (IMPORT_LABELS.has(s)) return 'import';
  return undefined;
}

/** `Total`, `T-Total`, `TOTAL` (and French/German totals) are the total over statistical procedures. */
function isTotalProcedure(label: string): boolean {
  const s = label.trim().toLowerCase();
  return /^(t|total)(-.*)?$/.test(s) || s === 'ensemble' || s === 'insgesamt';
}

function relationalFormat(options: SourceOptions): CsvFormat<'EUR'> {
  return (header, headerLine, ctx) => {
    const index = new Map<string, number>();
    header.forEach((h, i) => {
      const k = columnKey(h);
      if (!index.has(k)) index.set(k, i);
    });
    const missing = (col: string) =>
      new DataValidationError(
        `not a Comext relational-view export: missing column ${col}`,
        { file: ctx.out.file, line: headerLine, field: col },
        [{ code: 'missing_column', path: [col], message: `missing column ${col}` }],
      );
    const need = (col: string): number => {
      const i = index.get(col);
      if (i === undefined) throw missing(col);
      return i;
    };
    const cReporter = need('REPORTER');
    const cPartner = need('PARTNER');
    const cProduct = need('PRODUCT');
    const cFlow = need('FLOW');
    const cPeriod = need('PERIOD');
    const valueName = VALUE_COLUMNS.find((c) => index.has(c));
    if (valueName === undefined) throw missing('VALUE_IN_EUR');
    const cValue = index.get(valueName)!;
    const cProcedure = index.get('STAT_PROCEDURE');
    const quantity = QUANTITY_COLUMNS.find(([c]) => index.has(c));
    const cQuantity = quantity === undefined ? undefined : index.get(quantity[0]);
    const resolve = countryResolver(options.countryLabels);
    const held = uniqueKeys(ctx.out, header[cValue] ?? 'VALUE_IN_EUR');
    const col = (i: number) => header[i] ?? String(i);
    return {
      row(fields, line, raw) {
        const reject = (i: number, reason: string) => rejectRow(ctx.out, line, col(i), reason, raw);
        const get = (i: number) => fields[i] ?? '';
        const reporter = resolve(get(cReporter));
        if (reporter === undefined) return reject(cReporter, unknownCountry(get(cReporter)));
        const partner = resolve(get(cPartner));
        if (partner === undefined) return reject(cPartner, unknownCountry(get(cPartner)));
        const product = parseComextProductLabel(get(cProduct));
        if (product === undefined)
          return reject(cProduct, `unknown product ${JSON.stringify(get(cProduct))}`);
        const flow = flowOf(get(cFlow));
        if (flow === undefined) return reject(cFlow, `unknown flow ${JSON.stringify(get(cFlow))}`);
        if (cProcedure !== undefined && !isTotalProcedure(get(cProcedure))) {
          return reject(
            cProcedure,
            `statistical procedure ${JSON.stringify(get(cProcedure))} is a part of the total; only the total is loaded`,
          );
        }
        const period = parseComextPeriod(get(cPeriod));
        if (period === undefined)
          return reject(cPeriod, `unrecognised period ${JSON.stringify(get(cPeriod))}`);
        const parsed = parseValue(get(cValue));
        let value: number | null;
        let status: TradeObservation['status'];
        switch (parsed.kind) {
          case 'number':
            value = parsed.value;
            status = value === 0 ? 'zero' : 'reported';
            break;
          case 'zero':
            value = 0;
            status = 'zero';
            break;
          case 'missing':
            value = null;
            status = 'missing';
            break;
          case 'confidential':
            value = null;
            status = 'confidential';
            break;
          default:
            return reject(cValue, `value ${JSON.stringify(get(cValue))} is not a number`);
        }
        let quantityKg: number | undefined;
        if (cQuantity !== undefined && quantity !== undefined) {
          const q = parseValue(get(cQuantity));
          if (q.kind === 'number') {
            if (q.value < 0) return reject(cQuantity, 'negative quantity');
            quantityKg = q.value * quantity[1];
          } else if (q.kind === 'invalid') {
            return reject(cQuantity, `quantity ${JSON.stringify(get(cQuantity))} is not a number`);
          }
        }
        const key = `${reporter}|${partner}|${productKey(product)}|${flow}|${period}`;
        held.add(key, {
          observation: {
            reporter,
            partner,
            flow,
            product,
            period,
            value,
            currency: 'EUR',
            ...(quantityKg === undefined ? {} : { quantityKg }),
            status,
            source: ctx.source,
          },
          line,
          raw,
          labels: `${get(cReporter)} → ${get(cPartner)}`,
        });
      },
      finish: () => held.finish(),
    };
  };
}

/**
 * Parse an Easy Comext relational-view CSV export into EUR observations.
 *
 * Reporter and partner labels (English, French, long Eurostat labels, coded `DE-Germany`) are resolved with the
 * reference table ({@link resolveCountryLabel}) and `options.countryLabels`; an unknown label is rejected with
 * reason `unknown country label "…"`, never guessed. Aggregates (`EU27_2020`, `EA20`, `EA_CHANGING`,
 * `EU_CHANGING`, `EXTRA_EU27_2020`, …) are kept with their own codes (tell them apart with `isAggregate`).
 * Products: `Total`/`TOTAL-Total` → TOTAL, `8542-…` → HS4 8542, CN8 with lost zeros restored. Periods via
 * {@link parseComextPeriod} (`Aug. 2024` → `2024-08`, `Jan.-Dec. 2016` and `201952-…` → `2016`/`2019`). Values
 * are EUR in base units; `:` or empty → `missing` (value `null`), `0` → `zero`. Only the total over statistical
 * procedures is loaded (other procedures are rejected, the model has no procedure field). Rows are held to the end:
 * a repeated row keeps its first copy, and rows that map to one key with different values (two labels resolving
 * to one code) are all rejected, never silently merged. A record is one data row. Runs in O(rows).
 *
 * @param text - the CSV text or its bytes (UTF-8; a BOM and CRLF line ends are fine)
 * @param options - input label, provenance id and overrides, extra country labels
 * @returns observations in EUR, rejects with line and column, provenance; `rowsRead === rowsKept + rejects.length`
 * @throws {DataValidationError} if a required column is missing (naming file, line 1 and the column), the input is
 *   empty, or a quote is never closed
 * @example
 * const csv = 'REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\n' +
 *   'Austria,Kazakhstan,TOTAL-Total,2-EXPORT,T-Total,Feb. 2022,16200101\n';
 * fromComextRelational(csv).observations[0]; // => { reporter: 'AT', partner: 'KZ', period: '2022-02', value: 16200101, … }
 */
export function fromComextRelational(
  text: string | Uint8Array,
  options: ComextRelationalOptions = {},
): LoadResult<'EUR'> {
  return parseCsvInput(text, options, DEFAULTS, ',', relationalFormat(options));
}

/**
 * Read one or more Easy Comext relational-view files (plain or gzip), streaming; see
 * {@link fromComextRelational} for the rules. Each file gets its own provenance record (SHA-256 of its bytes).
 *
 * @param pathOrPaths - a file path or several (e.g. every monthly file of a folder)
 * @param options - as {@link fromComextRelational}, plus `onProgress`
 * @returns the combined result
 * @throws {DataValidationError} as {@link fromComextRelational}, or if a file cannot be read
 * @example
 * const kz = await loadComextRelational(['Relational_View_2024-11-17T07_25_35.876Z.csv']);
 * kz.rowsRead === kz.rowsKept + kz.rejects.length; // => true
 */
export function loadComextRelational(
  pathOrPaths: string | readonly string[],
  options: Omit<ComextRelationalOptions, 'file'> & LoadOptions = {},
): Promise<LoadResult<'EUR'>> {
  return loadCsvInputs(
    pathOrPaths,
    options,
    DEFAULTS,
    ',',
    relationalFormat(options),
    'loadComextRelational',
  );
}
