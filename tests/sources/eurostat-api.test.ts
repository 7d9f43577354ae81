import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DataValidationError,
  type LoadProgress,
  type LoadResult,
  type TradeObservation,
} from '../../src/index.js';
import {
  fromComextRelational,
  fromJsonStat,
  fromSdmxCsv,
  loadJsonStat,
  loadSdmxCsv,
} from '../../src/sources/index.js';
import { expectProgressEndsAt, expectWellFormed, fixture, fixtureBytes, fixtureText } from './helpers.js';

const SDMX1 = 'comext-same-query.sdmx-csv.documented-layout.csv';
const SDMX2 = 'comext-same-query.sdmx-csv-2.documented-layout.csv';
const JSONSTAT = 'comext-same-query.json-stat.documented-layout.json';
const RELATIONAL = 'comext-same-query.relational.documented-layout.csv';

/** Observations without their provenance id, in a stable order. */
function canonical(r: LoadResult): Omit<TradeObservation, 'source'>[] {
  return r.observations
    .map(({ source: _source, ...o }) => o)
    .sort((a, b) =>
      `${a.reporter}|${a.partner}|${a.period}`.localeCompare(`${b.reporter}|${b.partner}|${b.period}`),
    );
}

const SDMX_HEADER =
  'DATAFLOW,LAST UPDATE,freq,reporter,partner,product,flow,indicators,TIME_PERIOD,OBS_VALUE,OBS_FLAG';
const row = (rest: string) => `ESTAT:DS-045409(1.0),15/11/24 11:00:00,M,${rest}`;

describe('the same Comext query as relational view, SDMX-CSV 1.0 and 2.0, and JSON-stat', () => {
  const relational = fromComextRelational(fixtureBytes(RELATIONAL));
  const sdmx1 = fromSdmxCsv(fixtureBytes(SDMX1));
  const sdmx2 = fromSdmxCsv(fixtureBytes(SDMX2));
  const jsonStat = fromJsonStat(fixtureBytes(JSONSTAT));

  it('loads to identical observations in every format', () => {
    for (const r of [relational, sdmx1, sdmx2, jsonStat]) {
      expectWellFormed(r);
      expect(r.rejects).toEqual([]);
      expect(r.rowsRead).toBe(14);
    }
    expect(canonical(sdmx1)).toEqual(canonical(relational));
    expect(canonical(sdmx2)).toEqual(canonical(relational));
    expect(canonical(jsonStat)).toEqual(canonical(relational));
  });

  it('carries the real values (DE → KZ 2022-03 = 149,361,849 EUR; Malta has no Feb value)', () => {
    const de = jsonStat.observations.find(
      (o) => o.reporter === 'DE' && o.partner === 'KZ' && o.period === '2022-03',
    );
    expect(de).toMatchObject({ value: 149361849, currency: 'EUR', status: 'reported', flow: 'export' });
    expect(jsonStat.observations.filter((o) => o.reporter === 'MT').map((o) => o.period)).toEqual([
      '2022-01',
      '2022-03',
    ]);
  });

  it('takes the dataset code and vintage from the data', () => {
    expect(sdmx1.provenance[0]).toMatchObject({ dataset: 'DS-045409', vintage: '2024-11-15T11:00:00' });
    expect(sdmx2.provenance[0]).toMatchObject({ dataset: 'DS-045409' });
    expect(jsonStat.provenance[0]).toMatchObject({
      dataset: 'DS-045409',
      vintage: '2024-11-15T11:00:00+0100',
      title: 'EU trade since 1988 by HS2-4-6 and CN8',
    });
  });

  it('load* equals from* on the same files, with monotone progress', async () => {
    for (const [name, load, parse] of [
      [SDMX1, loadSdmxCsv, fromSdmxCsv],
      [JSONSTAT, loadJsonStat, fromJsonStat],
    ] as const) {
      const events: LoadProgress[] = [];
      const loaded = await load(fixture(name), { onProgress: (p) => events.push(p) });
      expect(loaded).toEqual(parse(fixtureBytes(name), { file: fixture(name) }));
      expectProgressEndsAt(events, statSync(fixture(name)).size, 14);
    }
  });
});

describe('fromSdmxCsv flags and indicators', () => {
  it('maps Eurostat flags to statuses and never turns a flag into a value', () => {
    const text = [
      SDMX_HEADER,
      row('DE,KG,TOTAL,2,VALUE_IN_EUROS,2022-01,100,p'),
      row('DE,KG,TOTAL,2,VALUE_IN_EUROS,2022-02,200,e'),
      row('DE,KG,TOTAL,2,VALUE_IN_EUROS,2022-03,,c'),
      row('DE,KG,TOTAL,2,VALUE_IN_EUROS,2022-04,:,'),
      row('DE,KG,TOTAL,2,VALUE_IN_EUROS,2022-05,,'),
      row('DE,KG,TOTAL,2,VALUE_IN_EUROS,2022-06,300,b'),
      row('DE,KG,TOTAL,2,VALUE_IN_EUROS,2022-07,0,'),
      row('DE,KG,TOTAL,2,VALUE_IN_EUROS,2022-08,,n'),
      row('DE,KG,TOTAL,2,VALUE_IN_EUROS,2022-09,400,c'),
      row('DE,KG,TOTAL,2,VALUE_IN_EUROS,2022-10,500,f'),
      row('DE,KG,TOTAL,2,VALUE_IN_EUROS,2022-11,600,q'),
    ].join('\n');
    const r = fromSdmxCsv(text);
    expectWellFormed(r);
    expect(r.observations.map((o) => [o.period, o.value, o.status])).toEqual([
      ['2022-01', 100, 'provisional'],
      ['2022-02', 200, 'estimated'],
      ['2022-03', null, 'confidential'],
      ['2022-04', null, 'missing'],
      ['2022-05', null, 'missing'],
      ['2022-06', 300, 'reported'],
      ['2022-07', 0, 'zero'],
      ['2022-08', null, 'negligible'],
    ]);
    expect(r.rejects.map((j) => [j.line, j.field, j.reason])).toEqual([
      [10, 'OBS_FLAG', 'a value published with a confidential flag'],
      [11, 'OBS_FLAG', 'forecast value (flag f), not a published figure'],
      [12, 'OBS_FLAG', 'unknown flag "q"'],
    ]);
  });

  it('merges QUANTITY_IN_100KG into the value row as kilograms and counts both rows as kept', () => {
    const text = [
      SDMX_HEADER,
      row('DE,KG,84713000,2,QUANTITY_IN_100KG,2022-03,12.5,'),
      row('DE,KG,84713000,2,VALUE_IN_EUROS,2022-03,98000,'),
      row('DE,KZ,84713000,2,QUANTITY_IN_100KG,2022-03,3,'),
      row('DE,KG,84713000,2,SUPPLEMENTARY_QUANTITY,2022-03,40,'),
    ].join('\n');
    const r = fromSdmxCsv(text);
    expectWellFormed(r);
    expect(r.rowsKept).toBe(2);
    expect(r.observations).toEqual([
      expect.objectContaining({
        product: { classification: 'CN', code: '84713000', level: 8 },
        quantityKg: 1250,
      }),
    ]);
    expect(r.rejects.map((j) => j.line).sort()).toEqual([4, 5]);
    expect(r.rejects.find((j) => j.line === 4)?.reason).toBe(
      'quantity without a kept value cell for the same key',
    );
  });

  it('reads labels=both codes, resolves EL and aggregates, and rejects unknown codes and frequency mismatches', () => {
    const text = [
      'STRUCTURE,STRUCTURE_ID,freq:Time frequency,reporter:Reporting country,partner,product,flow,indicators,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS',
      'dataflow,ESTAT:DS-045409(1.0),M: Monthly,EL: Greece,KZ,TOTAL,2,VALUE_IN_EUROS,2022-03,10,,F',
      'dataflow,ESTAT:DS-045409(1.0),M,EU27_2020,EXT_EU27_2020,TOTAL,2,VALUE_IN_EUROS,2022-03,10,,',
      'dataflow,ESTAT:DS-045409(1.0),M,EU27_2020,KZ,TOTAL,2,VALUE_IN_EUROS,2022-03,11,,',
      'dataflow,ESTAT:DS-045409(1.0),A,EU27_2020,KZ,TOTAL,2,VALUE_IN_EUROS,2022-03,12,,',
      'dataflow,ESTAT:DS-045409(1.0),M,EU27_2020,KG,TOTAL,2,VALUE_IN_EUROS,2022-03,,,C',
    ].join('\n');
    const r = fromSdmxCsv(text);
    expectWellFormed(r);
    expect(r.observations.map((o) => [o.reporter, o.partner, o.value, o.status])).toEqual([
      ['GR', 'KZ', 10, 'reported'],
      ['EU27_2020', 'KZ', 11, 'reported'],
      ['EU27_2020', 'KG', null, 'confidential'],
    ]);
    expect(r.rejects.map((j) => [j.line, j.field])).toEqual([
      [3, 'partner'],
      [5, 'TIME_PERIOD'],
    ]);
  });

  it('throws a DataValidationError for a missing dimension column', () => {
    const bad = 'DATAFLOW,LAST UPDATE,freq,reporter,product,flow,indicators,TIME_PERIOD,OBS_VALUE\n';
    expect(() => fromSdmxCsv(bad, { file: 'q.csv' })).toThrow(
      expect.objectContaining({ name: 'DataValidationError', file: 'q.csv', line: 1, field: 'PARTNER' }),
    );
    expect(() => fromSdmxCsv(fixtureText(JSONSTAT))).toThrow(DataValidationError);
  });
});

describe('fromJsonStat', () => {
  const base = JSON.parse(fixtureText(JSONSTAT)) as Record<string, unknown>;

  it('reads a dense value array with null cells as missing, and status flags', () => {
    const dense = {
      ...base,
      value: new Array(18).fill(null) as (number | null)[],
      status: { '0': 'p', '1': 'c' },
    };
    (dense.value as (number | null)[])[0] = 378216;
    const r = fromJsonStat(JSON.stringify(dense));
    expectWellFormed(r);
    expect(r.rowsRead).toBe(18);
    expect(r.observations[0]).toMatchObject({
      reporter: 'AT',
      partner: 'KG',
      value: 378216,
      status: 'provisional',
    });
    expect(r.observations[1]).toMatchObject({ value: null, status: 'confidential' });
    expect(r.observations.filter((o) => o.status === 'missing')).toHaveLength(16);
  });

  it('accepts category index as an array and a single status string', () => {
    const dims = base.dimension as Record<string, { category: { index: unknown } }>;
    const time = {
      ...dims.time!,
      category: { ...dims.time!.category, index: ['2022-01', '2022-02', '2022-03'] },
    };
    const r = fromJsonStat(JSON.stringify({ ...base, dimension: { ...dims, time }, status: 'p' }));
    expectWellFormed(r);
    expect(r.rowsKept).toBe(14);
    expect(new Set(r.observations.map((o) => o.status))).toEqual(new Set(['provisional']));
  });

  it('rejects a cell key outside the cube and keeps the rest', () => {
    const r = fromJsonStat(JSON.stringify({ ...base, value: { ...(base.value as object), '99': 5 } }));
    expectWellFormed(r);
    expect(r.rowsKept).toBe(14);
    expect(r.rejects).toEqual([
      expect.objectContaining({ field: 'value', reason: expect.stringContaining('"99"') }),
    ]);
  });

  it('throws DataValidationError for bad JSON (naming the line), a non-dataset, and inconsistent sizes', () => {
    expect(() => fromJsonStat('{\n  "id": [,\n}', { file: 'x.json' })).toThrow(
      expect.objectContaining({ name: 'DataValidationError', file: 'x.json', line: 2 }),
    );
    expect(() => fromJsonStat('{"hello": 1}')).toThrow(DataValidationError);
    expect(() => fromJsonStat(JSON.stringify({ ...base, size: [1, 3, 2, 1, 1, 1] }))).toThrow(/id lists 7/);
    const dimension = base.dimension as Record<string, unknown>;
    const noPartner = {
      ...base,
      id: ['freq', 'reporter', 'geo', 'product', 'flow', 'indicators', 'time'],
      dimension: { ...dimension, geo: dimension.partner },
    };
    expect(() => fromJsonStat(JSON.stringify(noPartner))).toThrow(
      expect.objectContaining({ field: 'dimension.partner' }),
    );
  });
});
