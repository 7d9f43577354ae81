import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataValidationError, type LoadProgress } from '../../src/index.js';
import { fromComtrade, fromHmrcOts, loadComtrade, loadHmrcOts } from '../../src/sources/index.js';
import {
  expectProgressEndsAt,
  expectWellFormed,
  fixture,
  fixtureBytes,
  fixtureText,
  only,
} from './helpers.js';

const OTS = 'hmrc-ots.documented-layout.json';
const CT_JSON = 'comtrade.documented-layout.json';
const CT_CSV = 'comtrade.documented-layout.csv';

describe('fromHmrcOts', () => {
  const r = fromHmrcOts(fixtureBytes(OTS), { file: OTS });

  it('reads an OData page: reporter GB, GBP base units, every row kept or rejected', () => {
    expectWellFormed(r);
    expect(r.rowsRead).toBe(9);
    expect(r.observations.every((o) => o.reporter === 'GB' && o.currency === 'GBP')).toBe(true);
    const kz = only(r.observations, (o) => o.partner === 'KZ' && o.value !== null);
    expect(kz).toMatchObject({ flow: 'export', period: '2022-03', value: 152340, quantityKg: 410 });
    expect(kz.product).toEqual({ classification: 'CN', code: '84713000', level: 8 });
  });

  it('maps FlowTypeId 1–4 to import/export and restores the leading zero of CommodityId', () => {
    expect(only(r.observations, (o) => o.partner === 'DE').flow).toBe('import');
    expect(only(r.observations, (o) => o.partner === 'FR').flow).toBe('export');
    expect(only(r.observations, (o) => o.product.code === '01012100')).toMatchObject({
      partner: 'KG',
      value: 88000,
    });
  });

  it('keeps a completely suppressed row as confidential and a printed 0 as zero', () => {
    expect(only(r.observations, (o) => o.product.code === '93063000')).toMatchObject({
      value: null,
      status: 'confidential',
    });
    expect(only(r.observations, (o) => o.period === '2022-04')).toMatchObject({ value: 0, status: 'zero' });
  });

  it('rejects special commodity codes, unknown country codes and unexpanded CountryIds, with index and field', () => {
    expect(r.rejects.map((j) => [j.line, j.field, j.reason])).toEqual([
      [5, 'CommodityId', 'HMRC special commodity code -990 is not a CN code'],
      [6, 'CountryId', expect.stringContaining('CountryId "77" has no code')],
      [8, 'Country.CountryCodeAlpha', 'unknown country label "QU"'],
    ]);
    const mapped = fromHmrcOts(fixtureBytes(OTS), { countryIds: { '77': 'AM' } });
    expect(only(mapped.observations, (o) => o.partner === 'AM').product.code).toBe('85423190');
  });

  it('reads rows of a query aggregated over commodities as all goods, and keeps port splits apart', () => {
    const page = JSON.stringify({
      value: [
        { MonthId: 202203, FlowTypeId: 4, CountryId: 398, Value: 27000000, NetMass: null },
        { MonthId: 202203, FlowTypeId: 4, CountryId: 398, PortId: 12, Value: 1000000, NetMass: null },
        { MonthId: 202203, FlowTypeId: 4, CountryId: 398, CommodityId: null, Value: 5, NetMass: null },
      ],
    });
    const out = fromHmrcOts(page, { countryIds: { '398': 'KZ' } });
    expectWellFormed(out);
    expect(out.observations.map((o) => [o.product.code, o.value])).toEqual([
      ['TOTAL', 27000000],
      ['TOTAL', 1000000],
    ]);
    expect(out.rejects).toEqual([expect.objectContaining({ line: 3, field: 'CommodityId' })]);
  });

  it('flags a page with @odata.nextLink as partial in the provenance', () => {
    expect(r.provenance[0]).toMatchObject({ publisher: 'HM Revenue & Customs', dataset: 'OTS', file: OTS });
    expect(r.provenance[0]?.notes?.[0]).toMatch(/^one page of a longer result/);
  });

  it('load equals from, and structural problems throw DataValidationError', async () => {
    const events: LoadProgress[] = [];
    const loaded = await loadHmrcOts(fixture(OTS), { onProgress: (p) => events.push(p) });
    expect(loaded).toEqual(fromHmrcOts(fixtureBytes(OTS), { file: fixture(OTS) }));
    expectProgressEndsAt(events, statSync(fixture(OTS)).size, 9);
    expect(() => fromHmrcOts('{"value": 3}')).toThrow(DataValidationError);
    expect(() => fromHmrcOts('{"value": [')).toThrow(DataValidationError);
  });
});

describe('fromComtrade', () => {
  const json = fromComtrade(fixtureBytes(CT_JSON), { file: CT_JSON });

  it('reads v1 JSON: ISO3 reporters, World partner, HS editions, USD values', () => {
    expectWellFormed(json);
    expect(json.rowsRead).toBe(9);
    expect(only(json.observations, (o) => o.partner === 'WORLD')).toMatchObject({
      reporter: 'KG',
      flow: 'import',
      period: '2022',
      value: 9710000000,
      currency: 'USD',
      product: { classification: 'TOTAL', code: 'TOTAL', level: 0 },
    });
    expect(json.observations.find((o) => o.product.code === '8471')?.product).toEqual({
      classification: 'HS',
      code: '8471',
      level: 4,
      edition: 'HS2022',
    });
    expect(only(json.observations, (o) => o.product.code === '8542').product.edition).toBe('HS2017');
    expect(only(json.observations, (o) => o.reporter === 'AM')).toMatchObject({
      partner: 'RU',
      period: '2022-03',
    });
  });

  it('keeps SITC with its revision, reads the USA under Comtrade code 842 through its ISO code', () => {
    expect(only(json.observations, (o) => o.reporter === 'US')).toMatchObject({
      partner: 'KZ',
      flow: 'export',
      product: { classification: 'SITC', code: '752', level: 3, edition: 'SITC4' },
    });
  });

  it('uses only positive weights as quantities', () => {
    expect(only(json.observations, (o) => o.partner === 'WORLD').quantityKg).toBeUndefined();
    expect(only(json.observations, (o) => o.reporter === 'KZ').quantityKg).toBe(140000);
  });

  it('rejects re-exports, transport breakdowns and unknown partners', () => {
    expect(json.rejects.map((j) => [j.line, j.field])).toEqual([
      [5, 'flowCode'],
      [6, 'motCode'],
      [9, 'partnerISO'],
    ]);
    expect(json.rejects[0]?.reason).toMatch(/re-exports/);
  });

  it('reads the same records as CSV to the same observations', () => {
    const csv = fromComtrade(fixtureBytes(CT_CSV), { file: CT_CSV });
    expectWellFormed(csv);
    const strip = (r: typeof json) => r.observations.map(({ source: _s, ...o }) => o);
    expect(strip(csv)).toEqual(strip(json));
    expect(csv.rejects.map((j) => j.line)).toEqual(json.rejects.map((j) => j.line + 1));
  });

  it('load equals from; an error response and a missing data array throw', async () => {
    const loaded = await loadComtrade(fixture(CT_JSON));
    expect(loaded).toEqual(fromComtrade(fixtureText(CT_JSON), { file: fixture(CT_JSON) }));
    expect(() => fromComtrade('{"error": "Rate limit exceeded", "data": []}')).toThrow(/Rate limit exceeded/);
    expect(() => fromComtrade('{"count": 0}')).toThrow(DataValidationError);
    expect(() => fromComtrade('a,b\n1,2\n')).toThrow(expect.objectContaining({ field: 'FLOWCODE' }));
  });
});
