/**
 * UN Comtrade API v1 (https://comtradeapi.un.org/data/v1/get/C/{freq}/{classification}): JSON
 * `{ "elementCount", "data": [ record, … ], "error" }` or the same records as CSV with the same column names.
 * A record: `typeCode` (C goods), `freqCode` (A/M), `period` (`2022`, `202203`), `refYear`, `refMonth` (52 =
 * year), `reporterCode`/`reporterISO` (Comtrade code, ISO alpha-3), `flowCode` (X export, M import, RX/RM
 * re-exports/imports, …), `partnerCode`/`partnerISO` (0 / `W00` = World), `partner2Code`, `classificationCode`
 * (H0…H6 = HS1992…HS2022, S1…S4 = SITC Rev.1…4), `cmdCode` (`TOTAL`, HS2/4/6), `customsCode` (C00 = all),
 * `motCode` (0 = all), `primaryValue` (USD), `netWgt` (kg), `isAggregate`, `isReported`.
 *
 * @module
 */
import { DataValidationError } from '../errors.js';
import type { LoadResult } from '../model/load-result.js';
import type { Flow, ObservationStatus } from '../model/observation.js';
import { frequencyOf, parseComextPeriod } from '../model/period.js';
import { type Product, productOf, TOTAL_GOODS } from '../model/product.js';
import { keepRow, rejectRow } from './internal/collector.js';
import { type CountryResolver, countryResolver, unknownCountry } from './internal/countries.js';
import { type InputContext, loadTextInputs, parseTextInput, runCsvText } from './internal/drivers.js';
import { asObject, parseJson, rawJson, textOf } from './internal/json.js';
import { parseValue } from './internal/numbers.js';
import type { ProvenanceDefaults } from './internal/provenance.js';
import { columnKey } from './internal/text.js';
import type { LoadOptions, ProvenanceOverrides, SourceOptions } from './options.js';

/**
 * Options of {@link fromComtrade} and {@link loadComtrade} (the common {@link SourceOptions}).
 *
 * @example
 * const options: ComtradeOptions = { source: 'comtrade-kgz-2022', provenance: { retrieved: '2025-01-10' } };
 */
export interface ComtradeOptions extends SourceOptions {}

const DEFAULTS: ProvenanceDefaults = {
  idPrefix: 'comtrade',
  publisher: 'United Nations Statistics Division (UN Comtrade)',
  dataset: 'UN Comtrade',
  title: 'UN Comtrade database, API v1',
  url: 'https://comtradeapi.un.org/data/v1/get/',
  licence: 'UN Comtrade terms of use: reuse with attribution ("Source: UN Comtrade")',
  units: 'USD; kg',
};

/** Comtrade classification codes → nomenclature edition. */
const EDITIONS: ReadonlyMap<string, { readonly classification: 'HS' | 'SITC'; readonly edition?: string }> =
  new Map(
    Object.entries({
      H0: { classification: 'HS', edition: 'HS1992' },
      H1: { classification: 'HS', edition: 'HS1996' },
      H2: { classification: 'HS', edition: 'HS2002' },
      H3: { classification: 'HS', edition: 'HS2007' },
      H4: { classification: 'HS', edition: 'HS2012' },
      H5: { classification: 'HS', edition: 'HS2017' },
      H6: { classification: 'HS', edition: 'HS2022' },
      HS: { classification: 'HS' },
      S1: { classification: 'SITC', edition: 'SITC1' },
      S2: { classification: 'SITC', edition: 'SITC2' },
      S3: { classification: 'SITC', edition: 'SITC3' },
      S4: { classification: 'SITC', edition: 'SITC4' },
    }),
  );

const OTHER_FLOWS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    RX: 're-exports (part of X)',
    RM: 're-imports (part of M)',
    MIP: 'imports for inward processing',
    XIP: 'exports after inward processing',
    MOP: 'imports after outward processing',
    XOP: 'exports for outward processing',
    DX: 'domestic exports (part of X)',
    FM: 'foreign imports',
  }),
);

type Getter = (name: string) => unknown;

function productFrom(get: Getter): Product | string {
  const cls = textOf(get('classificationCode')).toUpperCase();
  const code = textOf(get('cmdCode'));
  if (code.toUpperCase() === 'TOTAL') return TOTAL_GOODS;
  const spec = EDITIONS.get(cls === '' ? 'HS' : cls);
  if (spec === undefined) return `classification ${JSON.stringify(cls)} is not HS or SITC`;
  const edition = spec.edition === undefined ? {} : { edition: spec.edition };
  if (spec.classification === 'SITC') {
    if (!/^\d{1,5}$/.test(code)) return `unknown SITC code ${JSON.stringify(code)}`;
    return { classification: 'SITC', code, level: code.length, ...edition };
  }
  if (!/^\d{1,6}$/.test(code)) return `unknown HS code ${JSON.stringify(code)}`;
  return productOf(code, { classification: 'HS', ...edition });
}

function countryFrom(
  get: Getter,
  prefix: 'reporter' | 'partner',
  resolve: CountryResolver,
): string | undefined {
  const code = textOf(get(`${prefix}Code`));
  const iso = textOf(get(`${prefix}ISO`));
  if (prefix === 'partner' && (code === '0' || iso.toUpperCase() === 'W00')) return 'WORLD';
  // ISO alpha-3 first: Comtrade's numeric codes follow M49 except a few (842 USA, 757 CHE, 699 IND, 251 FRA).
  return (
    (iso === '' ? undefined : resolve(iso)) ??
    (code === '' ? undefined : resolve(code)) ??
    (textOf(get(`${prefix}Desc`)) === '' ? undefined : resolve(textOf(get(`${prefix}Desc`))))
  );
}

/** Keep or reject one Comtrade record. */
function comtradeRecord(
  ctx: InputContext<'USD'>,
  resolve: CountryResolver,
  get: Getter,
  line: number,
  raw: string,
) {
  const reject = (field: string | undefined, reason: string) => rejectRow(ctx.out, line, field, reason, raw);
  const type = textOf(get('typeCode')).toUpperCase();
  if (type !== '' && type !== 'C') return reject('typeCode', `typeCode ${type} is not trade in goods (C)`);
  const freq = textOf(get('freqCode')).toUpperCase();
  let periodText = textOf(get('period'));
  if (periodText === '') {
    const year = textOf(get('refYear'));
    const month = textOf(get('refMonth'));
    periodText = month === '' || month === '52' ? year : `${year}${month.padStart(2, '0')}`;
  }
  const period = parseComextPeriod(periodText);
  if (period === undefined) return reject('period', `unrecognised period ${JSON.stringify(periodText)}`);
  if (
    (freq === 'A' && frequencyOf(period) !== 'annual') ||
    (freq === 'M' && frequencyOf(period) !== 'monthly')
  ) {
    return reject('period', `period ${period} does not match freqCode ${freq}`);
  }
  const reporter = countryFrom(get, 'reporter', resolve);
  if (reporter === undefined) {
    return reject('reporterISO', unknownCountry(textOf(get('reporterISO')) || textOf(get('reporterCode'))));
  }
  const partner = countryFrom(get, 'partner', resolve);
  if (partner === undefined) {
    return reject('partnerISO', unknownCountry(textOf(get('partnerISO')) || textOf(get('partnerCode'))));
  }
  const flowCode = textOf(get('flowCode')).toUpperCase();
  const flow: Flow | undefined = flowCode === 'X' ? 'export' : flowCode === 'M' ? 'import' : undefined;
  if (flow === undefined) {
    const what = OTHER_FLOWS.get(flowCode);
    return reject(
      'flowCode',
      what === undefined
        ? `unknown flowCode ${JSON.stringify(flowCode)}`
        : `flowCode ${flowCode}: ${what}, not a total flow`,
    );
  }
  const partner2 = textOf(get('partner2Code'));
  if (partner2 !== '' && partner2 !== '0')
    return reject('partner2Code', `breakdown by second partner ${partner2}`);
  const customs = textOf(get('customsCode')).toUpperCase();
  if (customs !== '' && customs !== 'C00')
    return reject('customsCode', `breakdown by customs procedure ${customs}`);
  const mot = textOf(get('motCode'));
  if (mot !== '' && mot !== '0') return reject('motCode', `breakdown by mode of transport ${mot}`);
  const mos = textOf(get('mosCode'));
  if (mos !== '' && mos !== '0') return reject('mosCode', `breakdown by mode of supply ${mos}`);
  const product = productFrom(get);
  if (typeof product === 'string') return reject('cmdCode', product);
  const v = parseValue(textOf(get('primaryValue')));
  let value: number | null;
  let status: ObservationStatus;
  if (v.kind === 'number') {
    value = v.value;
    status = value === 0 ? 'zero' : 'reported';
  } else if (v.kind === 'missing') {
    value = null;
    status = 'missing';
  } else
    return reject(
      'primaryValue',
      `primaryValue ${JSON.stringify(textOf(get('primaryValue')))} is not a number`,
    );
  let quantityKg: number | undefined;
  const w = parseValue(textOf(get('netWgt')));
  if (w.kind === 'number') {
    if (w.value < 0) return reject('netWgt', 'negative netWgt');
    // Comtrade prints 0 for a weight it does not have (e.g. on TOTAL rows): only a positive weight is a weight.
    if (w.value > 0) quantityKg = w.value;
  } else if (w.kind === 'invalid') return reject('netWgt', 'netWgt is not a number');
  keepRow(
    ctx.out,
    {
      reporter,
      partner,
      flow,
      product,
      period,
      value,
      currency: 'USD',
      ...(quantityKg === undefined ? {} : { quantityKg }),
      status,
      source: ctx.source,
    },
    line,
    raw,
  );
}

function comtradeFormat(options: ComtradeOptions) {
  return (text: string, ctx: InputContext<'USD'>): ProvenanceOverrides => {
    const resolve = countryResolver(options.countryLabels);
    const first = text.replace(/^\ufeff/, '').trimStart()[0];
    if (first === '{' || first === '[') {
      const doc = parseJson(text, ctx.out.file);
      const obj = asObject(doc);
      const error = obj === undefined ? '' : textOf(obj.error);
      if (error !== '') {
        throw new DataValidationError(`Comtrade returned an error: ${error}`, {
          file: ctx.out.file,
          field: 'error',
        });
      }
      const data = Array.isArray(doc) ? doc : obj?.data;
      if (!Array.isArray(data)) {
        throw new DataValidationError(
          'not a Comtrade v1 response: no "data" array',
          { file: ctx.out.file, field: 'data' },
          [{ code: 'invalid_comtrade', path: ['data'], message: 'no "data" array' }],
        );
      }
      for (let i = 0; i < data.length; i++) {
        const item: unknown = data[i];
        ctx.out.rowsRead++;
        const row = asObject(item);
        if (row === undefined) rejectRow(ctx.out, i + 1, undefined, 'record is not an object', rawJson(item));
        else comtradeRecord(ctx, resolve, (name) => row[name], i + 1, rawJson(item));
      }
      return {};
    }
    return runCsvText(text, ',', ctx, (header, headerLine) => {
      const index = new Map<string, number>();
      header.forEach((h, i) => {
        const k = columnKey(h);
        if (!index.has(k)) index.set(k, i);
      });
      for (const col of ['FLOWCODE', 'CMDCODE', 'PRIMARYVALUE']) {
        if (!index.has(col)) {
          throw new DataValidationError(
            `not a Comtrade v1 CSV: missing column ${col}`,
            { file: ctx.out.file, line: headerLine, field: col },
            [{ code: 'missing_column', path: [col], message: `missing column ${col}` }],
          );
        }
      }
      return {
        row(fields, line, raw) {
          comtradeRecord(
            ctx,
            resolve,
            (name) => {
              const i = index.get(name.toUpperCase());
              return i === undefined ? undefined : fields[i];
            },
            line,
            raw,
          );
        },
      };
    });
  };
}

/**
 * Parse a UN Comtrade v1 response — JSON (`{ data: [...] }`) or CSV with the v1 column names — into USD
 * observations.
 *
 * A record is one element of `data` (its "line" is the 1-based index) or one CSV data row. Reporter and partner:
 * ISO alpha-3 first (`reporterISO`), then the numeric code, then the name, all through the reference table;
 * partner 0 / `W00` is `WORLD`. `X` → export, `M` → import; re-export, re-import and processing flows, and rows
 * broken down by second partner, customs procedure or mode of transport are rejected (they are parts of the
 * totals, which would be double counted). The product keeps the classification edition (`H4` → HS2012, `H5` →
 * HS2017, `H6` → HS2022; `S1`–`S4` → SITC revisions). `primaryValue` is USD in base units (`null` → missing, `0`
 * → zero); a positive `netWgt` becomes `quantityKg`. Runs in O(records).
 *
 * @param text - JSON or CSV text, or its bytes
 * @param options - input label, provenance, extra country labels
 * @returns observations in USD, rejects, provenance; `rowsRead === rowsKept + rejects.length`
 * @throws {DataValidationError} for undecodable JSON, a response carrying an `error`, a JSON document without
 *   `data`, or a CSV without `flowCode`/`cmdCode`/`primaryValue`
 * @example
 * const json = JSON.stringify({ data: [{ typeCode: 'C', freqCode: 'A', period: '2022', reporterCode: 417,
 *   reporterISO: 'KGZ', flowCode: 'M', partnerCode: 0, partnerISO: 'W00', classificationCode: 'H6',
 *   cmdCode: 'TOTAL', customsCode: 'C00', motCode: 0, partner2Code: 0, primaryValue: 9710000000 }] });
 * fromComtrade(json).observations[0]; // => { reporter: 'KG', partner: 'WORLD', flow: 'import', period: '2022', … }
 */
export function fromComtrade(text: string | Uint8Array, options: ComtradeOptions = {}): LoadResult<'USD'> {
  return parseTextInput(text, options, DEFAULTS, comtradeFormat(options));
}

/**
 * Read saved Comtrade responses (JSON or CSV, plain or gzip); see {@link fromComtrade}. Files are parsed whole
 * once read (API responses are at most a few hundred thousand records).
 *
 * @param pathOrPaths - a file path or several
 * @param options - as {@link fromComtrade}, plus `onProgress`
 * @returns the combined result, one provenance record per file
 * @throws {DataValidationError} as {@link fromComtrade}, or if a file cannot be read
 * @example
 * const kg = await loadComtrade('comtrade-kgz-2022.json');
 */
export function loadComtrade(
  pathOrPaths: string | readonly string[],
  options: Omit<ComtradeOptions, 'file'> & LoadOptions = {},
): Promise<LoadResult<'USD'>> {
  return loadTextInputs(pathOrPaths, options, DEFAULTS, comtradeFormat(options), 'loadComtrade');
}
