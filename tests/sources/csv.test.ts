import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataValidationError, type LoadProgress, OptionsError } from '../../src/index.js';
import { type CsvOptions, fromCsv, loadCsv } from '../../src/sources/index.js';
import { expectProgressEndsAt, expectWellFormed, fixture, fixtureBytes } from './helpers.js';

const SAMPLE = 'csv-mapped.sample.csv';
const OPTIONS: CsvOptions = {
  delimiter: ';',
  decimalSeparator: ',',
  valueScale: 1000,
  quantityScale: 1000,
  columns: {
    reporter: 'reporter',
    partner: 'partner',
    flow: 'flow',
    period: 'period',
    value: 'value_thousand_usd',
    currency: { constant: 'USD' },
    productCode: 'hs',
    productClassification: { constant: 'HS' },
    status: 'flag',
    quantityKg: 'net_mass_t',
  },
  provenance: {
    publisher: 'National Statistical Committee of the Kyrgyz Republic',
    dataset: 'sample',
    licence: 'test',
  },
};

describe('fromCsv with a column mapping', () => {
  const r = fromCsv(fixtureBytes(SAMPLE), { ...OPTIONS, file: SAMPLE });

  it('scales thousands to base units with decimal commas and space thousands separators', () => {
    expectWellFormed(r);
    expect(r.observations[0]).toMatchObject({
      reporter: 'KG',
      partner: 'DE',
      flow: 'import',
      period: '2022-03',
      value: 1234500,
      currency: 'USD',
      quantityKg: 12500,
      status: 'reported',
    });
    expect(r.observations[1]).toMatchObject({ partner: 'RU', value: 12345678900, status: 'provisional' });
  });

  it('reads "-" as a true zero, ":" as missing and c as confidential; restores a lost leading zero', () => {
    expect(r.observations[2]).toMatchObject({ partner: 'CN', value: 0, status: 'zero' });
    expect(r.observations[2]?.product).toEqual({ classification: 'HS', code: '0101', level: 4 });
    expect(r.observations.slice(3).map((o) => [o.value, o.status])).toEqual([
      [null, 'missing'],
      [null, 'confidential'],
    ]);
  });

  it('rejects the repeated header, a group label, a quarter, a non-number and a ragged row, by line', () => {
    expect(r.rowsRead).toBe(10);
    expect(r.rejects.map((j) => [j.line, j.field, j.reason])).toEqual([
      [7, undefined, 'repeated header line'],
      [8, 'partner', 'unknown country label "Other; not specified"'],
      [9, 'period', 'unrecognised period "2022-Q1"'],
      [10, 'value_thousand_usd', 'value "abc" is not a number'],
      [11, undefined, 'expected 8 fields, found 4'],
    ]);
    expect(r.provenance[0]).toMatchObject({
      publisher: 'National Statistical Committee of the Kyrgyz Republic',
    });
  });

  it('takes fields by position and constants, keeps labels as written when resolution is off', () => {
    const text = 'a,b,c\nNorthland,2022,"1,234.5"\n';
    const out = fromCsv(text, {
      resolveCountries: false,
      columns: {
        reporter: { constant: 'XX' },
        partner: 0,
        flow: { constant: 'export' },
        period: { column: 1 },
        value: 'c',
        currency: { constant: 'EUR' },
      },
    });
    expect(out.observations).toEqual([
      expect.objectContaining({ reporter: 'XX', partner: 'Northland', period: '2022', value: 1234.5 }),
    ]);
    expect(out.provenance[0]?.notes?.[0]).toMatch(/publisher, dataset, licence not given/);
  });

  it('treats a printed 0 as negligible when the publisher rounds, and records the rounding unit', () => {
    const text = 'partner,year,gbp_m\nKazakhstan,2022,0\nKazakhstan,2021,-\nArmenia,2022,3\n';
    const out = fromCsv(text, {
      valueScale: 1e6,
      roundingUnit: 1e6,
      columns: {
        reporter: { constant: 'GB' },
        partner: 'partner',
        flow: { constant: 'export' },
        period: 'year',
        value: 'gbp_m',
        currency: { constant: 'GBP' },
      },
    });
    expect(out.observations.map((o) => [o.period, o.value, o.status, o.roundingUnit])).toEqual([
      ['2022', null, 'negligible', 1e6],
      ['2021', 0, 'zero', 1e6],
      ['2022', 3e6, 'reported', 1e6],
    ]);
  });

  it('refuses a mapping to a column that is not there, and bad options', () => {
    expect(() => fromCsv('x,y\n1,2\n', { ...OPTIONS, delimiter: ',', file: 'mine.csv' })).toThrow(
      expect.objectContaining({ name: 'DataValidationError', file: 'mine.csv', line: 1, field: 'reporter' }),
    );
    expect(() => fromCsv('x\n', { ...OPTIONS, valueScale: 0 })).toThrow(OptionsError);
    expect(() => fromCsv('x\n', { ...OPTIONS, delimiter: '"' })).toThrow(OptionsError);
    expect(() => fromCsv('', OPTIONS)).toThrow(DataValidationError);
  });
});

describe('loadCsv', () => {
  it('streams the file to the same result as fromCsv, with progress ending at the file size', async () => {
    const events: LoadProgress[] = [];
    const loaded = await loadCsv(fixture(SAMPLE), { ...OPTIONS, onProgress: (p) => events.push(p) });
    expect(loaded).toEqual(fromCsv(fixtureBytes(SAMPLE), { ...OPTIONS, file: fixture(SAMPLE) }));
    expectProgressEndsAt(events, statSync(fixture(SAMPLE)).size, 10);
  });
});
