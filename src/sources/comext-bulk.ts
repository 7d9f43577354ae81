import { DataValidationError, OptionsError } from '../errors.js';
import {
  DUPLICATE_ROW_REASON,
  DUPLICATE_ROWS,
  type DuplicateRows,
  type LoadResult,
} from '../model/load-result.js';
import type { Flow, TradeObservation } from '../model/observation.js';
import { type Period, parseComextPeriod } from '../model/period.js';
import type { Product } from '../model/product.js';
import { keepRow, rejectRow } from './internal/collector.js';
import { bulkLayoutOf } from './internal/comext-bulk-layout.js';
import { countryResolver, unknownCountry } from './internal/countries.js';
import { type CsvFormat, loadCsvInputs, parseCsvInput } from './internal/drivers.js';
import { parseValue } from './internal/numbers.js';
import { parseHsCnCode } from './internal/products.js';
import type { ProvenanceDefaults } from './internal/provenance.js';
import type { CsvRecordOptions, LoadOptions, ProvenanceOverrides, SourceOptions } from './options.js';

/**
 * A bulk-file row as published, for {@link ComextBulkOptions.filter}: codes are the file's own (reporter and
 * partner ISO-like codes such as `DE`, `GR`, `KG`; CN8 product codes; FLOW `1`/`2`; PERIOD `YYYYMM`).
 *
 * @example
 * const keep = (row: ComextBulkRow) => ['KG', 'KZ', 'AM'].includes(row.partner) && row.flow === '2';
 */
export interface ComextBulkRow {
  /** `DECLARANT_ISO` (classic) or `REPORTER` (v2). */
  readonly reporter: string;
  /** `PARTNER_ISO` (classic) or `PARTNER` (v2). */
  readonly partner: string;
  /** `PRODUCT_NC` as published. */
  readonly productNc: string;
  /** `FLOW`: `1` import, `2` export. */
  readonly flow: string;
  /** `PERIOD`, e.g. `202203` or `202252`. */
  readonly period: string;
  /** `STAT_REGIME` (classic) or `STAT_PROCEDURE` (v2); `''` when absent. */
  readonly statProcedure: string;
  /** `TRADE_TYPE`: `I` intra-EU, `E` extra-EU; `''` when absent. */
  readonly tradeType: string;
}

/**
 * Options of {@link fromComextBulk} and {@link loadComextBulk}.
 *
 * @example
 * const options: ComextBulkOptions = { filter: (row) => row.partner === 'KG' && row.productNc.startsWith('85') };
 */
export interface ComextBulkOptions extends SourceOptions, CsvRecordOptions {
  /**
   * Keep only rows for which this returns `true`, decided on the raw row before any other work. Rows it drops
   * are not records of the result (they are not in `rowsRead`); how many were dropped is stated in the
   * provenance notes. Use it to keep memory bounded: the result holds every kept observation.
   */
  readonly filter?: (row: ComextBulkRow) => boolean;
  /**
   * A data row that repeats an earlier valid row of the same file exactly (every field as read, compared on the
   * record's raw text; rows of different files are never duplicates of each other):
   * - `'first'` (default): keep the first, reject each repeat with reason `exact duplicate of an earlier row`;
   * - `'sum'`: keep every copy (each is a row of its own and sums into the cell);
   * - `'error'`: stop with a `DataValidationError` naming the file and line of the first repeat;
   * - `'unchecked'`: no check (repeats are kept unseen; saves the memory of one string per kept row).
   *
   * With `'first'` and `'sum'` the result's `duplicates` counts the repeats. Rows rejected for another reason,
   * and rows `filter` drops, are never duplicates. `queryComextBulk` applies the same rule with the same counts.
   */
  readonly duplicates?: DuplicateRows;
}

/** The duplicate check of one call: the policy and the repeats found (each file keeps its own rows' lines). */
interface DuplicateState {
  readonly policy: DuplicateRows;
  count: number;
}

function duplicateState(options: ComextBulkOptions, fn: string): DuplicateState {
  const policy = options.duplicates ?? 'first';
  if (!DUPLICATE_ROWS.includes(policy)) {
    throw new OptionsError(
      `${fn} requires duplicates ${DUPLICATE_ROWS.map((d) => `'${d}'`).join(', ')}, got ${JSON.stringify(policy)}`,
    );
  }
  return { policy, count: 0 };
}

function withDuplicates(result: LoadResult<'EUR'>, state: DuplicateState): LoadResult<'EUR'> {
  return state.policy === 'unchecked' ? result : { ...result, duplicates: state.count };
}

const DEFAULTS: ProvenanceDefaults = {
  idPrefix: 'eurostat-comext-bulk',
  publisher: 'Eurostat',
  dataset: 'DS-045409',
  title: 'EU trade since 1988 by HS2-4-6 and CN8 (Comext bulk download, full detail)',
  url: 'https://ec.europa.eu/eurostat/databrowser/bulk?lang=en&selectedTab=fileComext',
  licence: 'Eurostat copyright notice: reuse with attribution ("Source: Eurostat"), equivalent to CC BY 4.0',
  units: 'EUR; kg',
  notes: [
    'Bulk rows are broken down by statistical procedure (and trade type), which observations do not carry: ' +
      'several observations can share a reporter × partner × product × flow × period key; they partition the ' +
      'flow and sum to it.',
  ],
};

/**
 * A published PRODUCT_NC → product: digits via {@link parseHsCnCode} (TOTAL, HS2/4/6, CN8 with lost zeros
 * restored); 8-character codes with letters (`39XXXXXX` confidential trade within chapter 39, `99RRR100`
 * special codes) are kept as published CN codes at level 8.
 */
function bulkProduct(code: string): Product | undefined {
  const p = parseHsCnCode(code);
  if (p !== undefined) return p;
  if (/^\d{2}[0-9A-Z]{6}$/.test(code)) return { classification: 'CN', code, level: 8 };
  return undefined;
}

function bulkFormat(options: ComextBulkOptions, dups: DuplicateState): CsvFormat<'EUR'> {
  return (header, headerLine, ctx) => {
    // Every valid row of this file → its line (the memory of the check: one string per kept row).
    const seen = dups.policy === 'unchecked' ? undefined : new Map<string, number>();
    const { layout, columns } = bulkLayoutOf(header, ctx.out.file, headerLine);
    const cReporter = columns.reporter;
    const cPartner = columns.partner;
    const cProduct = columns.product;
    const cFlow = columns.flow;
    const cPeriod = columns.period;
    const cValue = columns.value;
    const cQuantity = columns.quantity;
    const cProcedure = columns.procedure;
    const cTradeType = columns.tradeType;
    const resolve = countryResolver(options.countryLabels);
    const periods = new Map<string, Period | undefined>();
    const filter = options.filter;
    let filtered = 0;
    const name = (i: number) => header[i] ?? String(i);
    return {
      ...(filter === undefined
        ? {}
        : {
            accept(fields: readonly string[]): boolean {
              const ok = filter({
                reporter: fields[cReporter] ?? '',
                partner: fields[cPartner] ?? '',
                productNc: fields[cProduct] ?? '',
                flow: fields[cFlow] ?? '',
                period: fields[cPeriod] ?? '',
                statProcedure: cProcedure === undefined ? '' : (fields[cProcedure] ?? ''),
                tradeType: cTradeType === undefined ? '' : (fields[cTradeType] ?? ''),
              });
              if (!ok) filtered++;
              return ok;
            },
          }),
      row(fields, line, raw) {
        const reject = (i: number, reason: string) => rejectRow(ctx.out, line, name(i), reason, raw);
        const get = (i: number) => fields[i] ?? '';
        const reporter = resolve(get(cReporter));
        if (reporter === undefined) return reject(cReporter, unknownCountry(get(cReporter)));
        const partner = resolve(get(cPartner));
        if (partner === undefined) return reject(cPartner, unknownCountry(get(cPartner)));
        const product = bulkProduct(get(cProduct));
        if (product === undefined)
          return reject(cProduct, `unknown product code ${JSON.stringify(get(cProduct))}`);
        const f = get(cFlow);
        const flow: Flow | undefined = f === '1' ? 'import' : f === '2' ? 'export' : undefined;
        if (flow === undefined)
          return reject(cFlow, `unknown flow ${JSON.stringify(f)} (1 import, 2 export)`);
        const p = get(cPeriod);
        let period = periods.get(p);
        if (period === undefined && !periods.has(p)) {
          period = parseComextPeriod(p);
          if (periods.size < 10_000) periods.set(p, period);
        }
        if (period === undefined) return reject(cPeriod, `unrecognised period ${JSON.stringify(p)}`);
        const v = parseValue(get(cValue));
        let value: number | null;
        let status: TradeObservation['status'];
        if (v.kind === 'number') {
          value = v.value;
          status = value === 0 ? 'zero' : 'reported';
        } else if (v.kind === 'zero') {
          value = 0;
          status = 'zero';
        } else if (v.kind === 'missing') {
          value = null;
          status = 'missing';
        } else if (v.kind === 'confidential') {
          value = null;
          status = 'confidential';
        } else return reject(cValue, `value ${JSON.stringify(get(cValue))} is not a number`);
        let quantityKg: number | undefined;
        if (cQuantity !== undefined) {
          const q = parseValue(get(cQuantity));
          if (q.kind === 'number') {
            if (q.value < 0) return reject(cQuantity, 'negative quantity');
            quantityKg = q.value;
          } else if (q.kind === 'invalid') {
            return reject(cQuantity, `quantity ${JSON.stringify(get(cQuantity))} is not a number`);
          }
        }
        if (seen !== undefined) {
          const key = raw ?? fields.join(',');
          const first = seen.get(key);
          if (first !== undefined) {
            dups.count++;
            if (dups.policy === 'error') {
              const where = `line ${first}`;
              throw new DataValidationError(
                `row repeats ${where} exactly (duplicates: 'error'; 'first' keeps one copy, 'sum' keeps all)`,
                { file: ctx.out.file, line },
                [{ code: 'duplicate_row', path: [], message: `exact duplicate of ${where}` }],
              );
            }
            if (dups.policy === 'first')
              return rejectRow(ctx.out, line, undefined, DUPLICATE_ROW_REASON, raw);
          } else {
            seen.set(key, line);
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
            currency: 'EUR',
            ...(quantityKg === undefined ? {} : { quantityKg }),
            status,
            source: ctx.source,
          },
          line,
          raw,
        );
      },
      found(): ProvenanceOverrides {
        const notes = [`layout: ${layout.name}`];
        if (filter !== undefined)
          notes.push(`options.filter excluded ${filtered} rows (not counted in rowsRead)`);
        return { notes };
      },
    };
  };
}

/**
 * Parse the text of a Comext bulk file (classic or v2 layout, told apart by the header) into EUR observations.
 *
 * Reporter/partner codes are resolved with the reference table (`EL` → `GR`; unknown codes such as special
 * geonomenclature zones are rejected with reason `unknown country label "…"`). PRODUCT_NC keeps its leading
 * zeros as an 8-character CN code; a 7-digit code has its lost zero restored; `TOTAL` and 2/4/6-digit codes map
 * to TOTAL and HS levels; confidential codes such as `39XXXXXX` are kept as published (level 8). Values are EUR,
 * quantities kg; `0` → `zero`. A record is one data row; rows dropped by `filter` are not records. Runs in O(rows)
 * — use {@link loadComextBulk} for real files, which streams them.
 *
 * @param text - the file's text or bytes (UTF-8)
 * @param options - input label, provenance, extra country labels, row filter
 * @returns observations in EUR, rejects, provenance; `rowsRead === rowsKept + rejects.length`
 * @throws {DataValidationError} if a required column is missing or the input is empty
 * @example
 * const csv = 'REPORTER,PARTNER,TRADE_TYPE,PRODUCT_NC,FLOW,STAT_PROCEDURE,PERIOD,VALUE_EUR,QUANTITY_KG\n' +
 *   'DE,KG,E,84713000,2,1,202203,120500,310\n';
 * fromComextBulk(csv).observations[0]?.product; // => { classification: 'CN', code: '84713000', level: 8 }
 */
export function fromComextBulk(
  text: string | Uint8Array,
  options: ComextBulkOptions = {},
): LoadResult<'EUR'> {
  const dups = duplicateState(options, 'fromComextBulk');
  return withDuplicates(parseCsvInput(text, options, DEFAULTS, ',', bulkFormat(options, dups)), dups);
}

/**
 * Stream one or more Comext bulk files (plain `.dat`/`.csv` or gzip) with bounded memory: the file is never
 * held whole, only the kept observations and rejects are; narrow them with `filter`. See {@link fromComextBulk}
 * for the rules. Progress reports bytes of the stored (compressed) file and rows read.
 *
 * @param pathOrPaths - a file path or several (e.g. twelve monthly files)
 * @param options - as {@link fromComextBulk}, plus `onProgress`
 * @returns the combined result, one provenance record (with the file's SHA-256) per file
 * @throws {DataValidationError} as {@link fromComextBulk}, or if a file cannot be read or is corrupt gzip
 * @example
 * const kg = await loadComextBulk('full_v2_202203.dat.gz', {
 *   filter: (r) => r.partner === 'KG' && r.flow === '2',
 *   onProgress: (p) => console.log(`${p.bytes} / ${p.totalBytes} bytes, ${p.rows} rows`),
 * });
 */
export async function loadComextBulk(
  pathOrPaths: string | readonly string[],
  options: Omit<ComextBulkOptions, 'file'> & LoadOptions = {},
): Promise<LoadResult<'EUR'>> {
  const dups = duplicateState(options, 'loadComextBulk');
  return withDuplicates(
    await loadCsvInputs(pathOrPaths, options, DEFAULTS, ',', bulkFormat(options, dups), 'loadComextBulk'),
    dups,
  );
}
