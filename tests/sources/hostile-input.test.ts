// Hostile input to the JSON readers (issue 12): ids named after Object.prototype members, and rows that are not
// objects. Every case must end in a result with exact accounting or a DataValidationError — never a TypeError.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataValidationError } from '../../src/index.js';
import { fromComtrade, fromCsv, fromHmrcOts, fromJsonStat, loadJsonStat } from '../../src/sources/index.js';
import { expectWellFormed } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'roundabout-hostile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Names that find something on a plain object although no such key was written. */
const PROTO_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  '__lookupGetter__',
  'isPrototypeOf',
];

/**
 * A JSON-stat text (as a server would send it: keys written literally, so `"__proto__"` is an own key) of one value
 * cell, with an extra dimension `extra` of one category `category`, and the reporter code `reporter`.
 */
function jsonStat(extra: string, category: string, reporter = 'DE'): string {
  const q = JSON.stringify;
  return `{"version":"2.0","class":"dataset","id":["reporter","partner","product","flow","indicators","time",${q(extra)}],
  "size":[1,1,1,1,1,1,1],"dimension":{
  "reporter":{"category":{"index":{${q(reporter)}:0},"label":{${q(reporter)}:${q(reporter === 'DE' ? 'Germany' : reporter)}}}},
  "partner":{"category":{"index":{"KG":0},"label":{"KG":"Kyrgyzstan"}}},
  "product":{"category":{"index":{"TOTAL":0}}},"flow":{"category":{"index":{"2":0}}},
  "indicators":{"category":{"index":{"VALUE_IN_EUROS":0}}},"time":{"category":{"index":{"2022-03":0}}},
  ${q(extra)}:{"category":{"index":{${q(category)}:0},"label":{${q(category)}:"x"}}}},
  "value":{"0":7105065},"status":{"0":"p"}}`;
}

describe('JSON-stat with ids named after Object.prototype members', () => {
  it.each(PROTO_NAMES)('a dimension and a category named %s are ids like any other', (name) => {
    const r = fromJsonStat(jsonStat(name, name));
    expectWellFormed(r);
    expect(r.rejects).toEqual([]);
    expect(r.observations).toHaveLength(1);
    expect(r.observations[0]).toMatchObject({ reporter: 'DE', value: 7105065, status: 'provisional' });
  });

  it.each(PROTO_NAMES)('a reporter coded %s is rejected as an unknown country, with a reason', (name) => {
    const r = fromJsonStat(jsonStat('extra', 'a', name));
    expectWellFormed(r);
    expect(r.rowsRead).toBe(1);
    expect(r.rejects[0]?.reason).toBe(`unknown country label ${JSON.stringify(name)}`);
  });

  it('a listed dimension that is not described, or a __proto__ dimension that is not an object, is a typed error', () => {
    const undescribed = jsonStat('x', 'a').replace('"x":{"category"', '"y":{"category"');
    expect(() => fromJsonStat(undescribed)).toThrow(DataValidationError);
    const notObject = jsonStat('__proto__', 'a').replace(
      /"__proto__":\{"category":\{[^}]*\},"label":\{[^}]*\}\}\}/,
      '"__proto__":5',
    );
    expect(notObject).toContain('"__proto__":5');
    expect(() => fromJsonStat(notObject)).toThrow(DataValidationError);
  });

  it('loadJsonStat reads the same file to the same result', async () => {
    const text = jsonStat('__proto__', 'constructor');
    const path = join(tmp, 'proto.json');
    writeFileSync(path, text);
    const loaded = await loadJsonStat(path);
    const parsed = fromJsonStat(text, { file: path });
    expect(loaded.observations).toEqual(parsed.observations);
    expect(loaded.rowsRead).toBe(1);
  });
});

describe('HMRC OTS and Comtrade rows with prototype-named codes, and rows that are not objects', () => {
  it.each(PROTO_NAMES)(
    'FlowTypeId and CountryId %s are unknown codes, rejected with their reason',
    (name) => {
      const page = JSON.stringify({
        value: [
          { MonthId: 202203, FlowTypeId: name, CommodityId: 84713000, CountryId: 643, Value: 5 },
          { MonthId: 202203, FlowTypeId: 4, CommodityId: 84713000, CountryId: name, Value: 5 },
        ],
      });
      const r = fromHmrcOts(page, { countryIds: { '643': 'RU' } });
      expectWellFormed(r);
      expect(r.rejects.map((x) => x.reason)).toEqual([
        `unknown FlowTypeId ${JSON.stringify(name)}`,
        `CountryId ${JSON.stringify(name)} has no code: request $expand=Country or pass options.countryIds`,
      ]);
    },
  );

  it('null, number, string and array rows are rejects with a reason, beside a kept row', () => {
    const page = `{"value":[null,3,"x",[1],{"MonthId":202203,"FlowTypeId":4,"CommodityId":84713000,"CountryId":643,"Value":5}]}`;
    const r = fromHmrcOts(page, { countryIds: { '643': 'RU' } });
    expectWellFormed(r);
    expect(r.rowsKept).toBe(1);
    expect(r.rejects.map((x) => [x.line, x.reason])).toEqual([
      [1, 'row is not an object'],
      [2, 'row is not an object'],
      [3, 'row is not an object'],
      [4, 'row is not an object'],
    ]);
    const comtrade = fromComtrade('{"data":[null,7]}');
    expect(comtrade.rejects.map((x) => x.reason)).toEqual([
      'record is not an object',
      'record is not an object',
    ]);
  });

  it.each(PROTO_NAMES)('Comtrade classificationCode and flowCode %s are unknown codes', (name) => {
    const rec = {
      typeCode: 'C',
      freqCode: 'A',
      period: '2022',
      reporterISO: 'KGZ',
      partnerCode: 0,
      cmdCode: '84',
      primaryValue: 1,
    };
    const r = fromComtrade(
      JSON.stringify({
        data: [
          { ...rec, flowCode: name },
          { ...rec, flowCode: 'M', classificationCode: name },
        ],
      }),
    );
    expectWellFormed(r);
    expect(r.rejects.map((x) => x.reason)).toEqual([
      `unknown flowCode ${JSON.stringify(name.toUpperCase())}`,
      `classification ${JSON.stringify(name.toUpperCase())} is not HS or SITC`,
    ]);
  });

  it.each(PROTO_NAMES)('a CSV currency %s is an unknown currency', (name) => {
    const r = fromCsv(`r,p,f,t,v,c\nDE,KG,export,2022,5,${name}\n`, {
      columns: { reporter: 'r', partner: 'p', flow: 'f', period: 't', value: 'v', currency: 'c' },
    });
    expectWellFormed(r);
    expect(r.rejects.map((x) => x.reason)).toEqual([`unknown currency ${JSON.stringify(name)}`]);
  });
});
