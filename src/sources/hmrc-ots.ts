/**
 * UK HM Revenue & Customs Overseas Trade Statistics from the uktradeinfo OData API
 * (https://api.uktradeinfo.com/OTS): pages of `{ "@odata.context", "value": [ row, … ], "@odata.nextLink" }`
 * where a row is `{ MonthId: 202203, FlowTypeId: 4, SuppressionIndex: 0, CommodityId: 84713000,
 * CommoditySitcId, CountryId: 643, PortId, Value: 123456.0, NetMass: 789.0, SuppUnit: 0 }`, optionally with
 * `$expand=Country,Commodity` (`Country.CountryCodeAlpha`, `Commodity.Cn8Code`).
 *
 * FlowTypeId: 1 EU imports, 2 EU exports, 3 non-EU imports, 4 non-EU exports (HMRC's FlowType lookup, as used by
 * the uktrade R package). Values are GBP, NetMass kg. SuppressionIndex 1 = complete suppression (no value), 2–5 =
 * partial suppression of country/port/quantity detail.
 *
 * @module
 */
import { DataValidationError } from '../errors.js';
import type { LoadResult } from '../model/load-result.js';
import type { Flow, ObservationStatus } from '../model/observation.js';
import { frequencyOf, parseComextPeriod } from '../model/period.js';
import { type Product, TOTAL_GOODS } from '../model/product.js';
import { keepRow, rejectRow } from './internal/collector.js';
import { countryResolver, unknownCountry } from './internal/countries.js';
import { type InputContext, loadTextInputs, parseTextInput } from './internal/drivers.js';
import { asObject, parseJson, rawJson, textOf } from './internal/json.js';
import { parseValue } from './internal/numbers.js';
import { parseHsCnCode } from './internal/products.js';
import type { ProvenanceDefaults } from './internal/provenance.js';
import type { LoadOptions, ProvenanceOverrides, SourceOptions } from './options.js';

/**
 * Options of {@link fromHmrcOts} and {@link loadHmrcOts}.
 *
 * @example
 * const options: HmrcOtsOptions = { countryIds: { '643': 'RU' }, source: 'hmrc-ots-2022' };
 */
export interface HmrcOtsOptions extends SourceOptions {
  /**
   * HMRC `CountryId` → our code, for rows without an expanded `Country` (HMRC's ids are its own, not ISO or M49,
   * so they are never guessed), e.g. `{ '643': 'RU' }`.
   */
  readonly countryIds?: Readonly<Record<string, string>>;
}

const DEFAULTS: ProvenanceDefaults = {
  idPrefix: 'hmrc-ots',
  publisher: 'HM Revenue & Customs',
  dataset: 'OTS',
  title: 'UK Overseas Trade Statistics (uktradeinfo API)',
  url: 'https://api.uktradeinfo.com/OTS',
  licence: 'Open Government Licence v3.0',
  units: 'GBP; kg',
};

const FLOWS: ReadonlyMap<string, Flow> = new Map([
  ['1', 'import'],
  ['2', 'export'],
  ['3', 'import'],
  ['4', 'export'],
]);

function productOfRow(row: Readonly<Record<string, unknown>>): Product | string {
  const commodity = asObject(row.Commodity);
  const cn8 = textOf(commodity?.Cn8Code ?? row.Cn8Code).replace(/\s+/g, '');
  if (cn8 !== '') return parseHsCnCode(cn8) ?? `unknown CN code ${JSON.stringify(cn8)}`;
  const rawId = row.CommodityId ?? commodity?.CommodityId;
  // A row with no commodity at all comes from a query that aggregated over commodities ($apply groupby without
  // CommodityId): it is all goods.
  if (!('CommodityId' in row) && !('Cn8Code' in row) && commodity === undefined) return TOTAL_GOODS;
  const id = textOf(rawId);
  if (id === '') return 'no commodity (CommodityId or Cn8Code)';
  if (/^-\d+$/.test(id)) return `HMRC special commodity code ${id} is not a CN code`;
  // CommodityId is the CN8 code as an integer: chapters 01–09 lose their leading zero.
  if (!/^\d{7,8}$/.test(id)) return `CommodityId ${id} is not a CN8 code`;
  return parseHsCnCode(id.padStart(8, '0')) ?? `CommodityId ${id} is not a CN8 code`;
}

function otsFormat(options: HmrcOtsOptions) {
  return (text: string, ctx: InputContext<'GBP'>): ProvenanceOverrides => {
    const file = ctx.out.file;
    const doc = parseJson(text, file);
    const page = asObject(doc);
    const rows = Array.isArray(doc) ? doc : page?.value;
    if (!Array.isArray(rows)) {
      throw new DataValidationError('not an OData OTS response: no "value" array', { file, field: 'value' }, [
        { code: 'invalid_odata', path: ['value'], message: 'no "value" array' },
      ]);
    }
    const resolve = countryResolver(options.countryLabels);
    // A Map, not the options object: an id from the data such as `constructor` must not find Object.prototype.
    const countryIds = new Map(Object.entries(options.countryIds ?? {}));
    const handle = (item: unknown, i: number) => {
      const line = i + 1;
      ctx.out.rowsRead++;
      const raw = rawJson(item);
      const row = asObject(item);
      const reject = (field: string | undefined, reason: string) =>
        rejectRow(ctx.out, line, field, reason, raw);
      if (row === undefined) return reject(undefined, 'row is not an object');
      const month = textOf(row.MonthId);
      const period = parseComextPeriod(month);
      if (period === undefined || frequencyOf(period) !== 'monthly') {
        return reject('MonthId', `unrecognised MonthId ${JSON.stringify(month)}`);
      }
      const flowId = textOf(row.FlowTypeId);
      const flow = FLOWS.get(flowId);
      if (flow === undefined) return reject('FlowTypeId', `unknown FlowTypeId ${JSON.stringify(flowId)}`);
      const product = productOfRow(row);
      if (typeof product === 'string') return reject('CommodityId', product);
      const country = asObject(row.Country);
      const alpha = textOf(country?.CountryCodeAlpha ?? row.CountryCodeAlpha);
      let partner: string | undefined;
      if (alpha !== '') {
        partner = resolve(alpha);
        if (partner === undefined) return reject('Country.CountryCodeAlpha', unknownCountry(alpha));
      } else {
        const id = textOf(row.CountryId);
        partner = countryIds.get(id);
        if (partner === undefined) {
          return reject(
            'CountryId',
            `CountryId ${JSON.stringify(id)} has no code: request $expand=Country or pass options.countryIds`,
          );
        }
      }
      const suppression = textOf(row.SuppressionIndex);
      const v = parseValue(textOf(row.Value));
      let value: number | null;
      let status: ObservationStatus;
      if (v.kind === 'number') {
        value = v.value;
        status = value === 0 ? 'zero' : 'reported';
      } else if (v.kind === 'missing') {
        value = null;
        status = suppression === '1' ? 'confidential' : 'missing';
      } else return reject('Value', `Value ${JSON.stringify(textOf(row.Value))} is not a number`);
      let quantityKg: number | undefined;
      const mass = parseValue(textOf(row.NetMass));
      if (mass.kind === 'number') {
        if (mass.value < 0) return reject('NetMass', 'negative NetMass');
        quantityKg = mass.value;
      } else if (mass.kind === 'invalid') return reject('NetMass', 'NetMass is not a number');
      keepRow(
        ctx.out,
        {
          reporter: 'GB',
          partner,
          flow,
          product,
          period,
          value,
          currency: 'GBP',
          ...(quantityKg === undefined ? {} : { quantityKg }),
          status,
          source: ctx.source,
        },
        line,
        raw,
      );
    };
    rows.forEach(handle);
    const next = page === undefined ? '' : textOf(page['@odata.nextLink']);
    return next === ''
      ? {}
      : { notes: [`one page of a longer result: more rows at @odata.nextLink ${next}`] };
  };
}

/**
 * Parse one page of the uktradeinfo OTS OData API (or a JSON array of its rows) into GBP observations with
 * reporter `GB`.
 *
 * A record is one element of `value`; its "line" is its 1-based index. FlowTypeId 1/3 → import, 2/4 → export
 * (EU and non-EU are both kept, with the partner telling them apart). The product is `Commodity.Cn8Code`, else
 * `CommodityId` as CN8 with its lost leading zero restored; negative HMRC special codes are rejected; a row without
 * any commodity field (a query that aggregated over commodities with `$apply=groupby(…)`) is all goods (TOTAL).
 * Rows that differ only by port or suppression index stay separate observations (they partition the flow). The
 * partner is `Country.CountryCodeAlpha` (expanded) resolved with the reference table, else `options.countryIds`; HMRC's
 * numeric ids are never guessed. `Value` GBP in base units (`null` → missing, or confidential under
 * SuppressionIndex 1; `0` → zero); `NetMass` → `quantityKg`. A page with `@odata.nextLink` is flagged in the
 * provenance notes as partial. Runs in O(rows).
 *
 * @param text - the JSON text or its bytes
 * @param options - input label, provenance, extra country labels, HMRC CountryId map
 * @returns observations in GBP, rejects, provenance; `rowsRead === rowsKept + rejects.length`
 * @throws {DataValidationError} for undecodable JSON (naming the line) or a document without a `value` array
 * @example
 * const page = JSON.stringify({ value: [{ MonthId: 202203, FlowTypeId: 4, CommodityId: 84713000,
 *   Country: { CountryCodeAlpha: 'KZ' }, Value: 152340.0, NetMass: 410.0 }] });
 * fromHmrcOts(page).observations[0]; // => { reporter: 'GB', partner: 'KZ', flow: 'export', value: 152340, … }
 */
export function fromHmrcOts(text: string | Uint8Array, options: HmrcOtsOptions = {}): LoadResult<'GBP'> {
  return parseTextInput(text, options, DEFAULTS, otsFormat(options));
}

/**
 * Read saved OTS pages (plain or gzip), one file per page; see {@link fromHmrcOts}.
 *
 * @param pathOrPaths - a file path or several (the pages of one query)
 * @param options - as {@link fromHmrcOts}, plus `onProgress`
 * @returns the combined result, one provenance record per page file
 * @throws {DataValidationError} as {@link fromHmrcOts}, or if a file cannot be read
 * @example
 * const uk = await loadHmrcOts(['ots-page-1.json', 'ots-page-2.json'], { countryIds: { '643': 'RU' } });
 */
export function loadHmrcOts(
  pathOrPaths: string | readonly string[],
  options: Omit<HmrcOtsOptions, 'file'> & LoadOptions = {},
): Promise<LoadResult<'GBP'>> {
  return loadTextInputs(pathOrPaths, options, DEFAULTS, otsFormat(options), 'loadHmrcOts');
}
