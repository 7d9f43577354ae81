import { describe, expect, it } from 'vitest';
import { panelFromRecords, toPanel } from '../../src/inference/index.js';
import { makeSeries, type SeriesKey } from '../../src/model/series.js';
import { realPanel } from './helpers.js';

const key = (partner: string, product = 'TOTAL', reporter = 'EU27_2020'): SeriesKey => ({
  reporter,
  partner,
  flow: 'export',
  product,
});
const eur = (k: SeriesKey, start: string, values: (number | null)[]) =>
  makeSeries({ key: k, currency: 'EUR', start, values });

describe('toPanel', () => {
  it('marks treated units and post periods, keeps gaps as null, drops excluded periods', () => {
    const p = toPanel([eur(key('KG'), '2022-01', [1, null, 3, 4]), eur(key('GE'), '2022-01', [5, 6, 7, 8])], {
      treated: (k) => k.partner === 'KG',
      post: '2022-03',
      exclude: ['2022-02'],
    });
    expect(p.frequency).toBe('monthly');
    expect(p.periods).toEqual(['2022-01', '2022-03', '2022-04']);
    expect(p.records.map((r) => `${r.unit} ${r.period} ${r.treated} ${r.post} ${r.cohort}`)).toEqual([
      'GE 2022-01 false false null',
      'GE 2022-03 false true null',
      'GE 2022-04 false true null',
      'KG 2022-01 true false 2022-03',
      'KG 2022-03 true true 2022-03',
      'KG 2022-04 true true 2022-03',
    ]);
    expect(p.records[3]!.key).toEqual(key('KG'));
    expect(p.records.every((r) => r.cluster === r.unit && r.group === null)).toBe(true);
  });

  it('staggered cohorts: each treated series is post from its own date', () => {
    const p = toPanel(
      [eur(key('KG', 'HS:84'), '2022-01', [1, 2, 3, 4]), eur(key('KG', 'HS:85'), '2022-01', [1, 2, 3, 4])],
      { treated: () => true, cohort: (k) => (k.product === 'HS:84' ? '2022-02' : '2022-04') },
    );
    expect(p.records.filter((r) => r.post).map((r) => `${r.group} ${r.period}`)).toEqual([
      'HS:84 2022-02',
      'HS:84 2022-03',
      'HS:84 2022-04',
      'HS:85 2022-04',
    ]);
  });

  it('labels units by reporter>partner when there are several reporters, and refuses duplicates', () => {
    const p = toPanel(
      [eur(key('KG', 'TOTAL', 'DE'), '2022', [1]), eur(key('KG', 'TOTAL', 'FR'), '2022', [2])],
      {
        treated: () => true,
        post: '2022',
      },
    );
    expect(p.records.map((r) => r.unit)).toEqual(['DE>KG', 'FR>KG']);
    expect(() =>
      toPanel([eur(key('KG'), '2022', [1]), eur(key('KG'), '2022', [2])], {
        treated: () => true,
        post: '2022',
      }),
    ).toThrow(/one series per unit and group/);
  });

  it('refuses mixed frequencies or currencies and a treated series without a date', () => {
    expect(() =>
      toPanel([eur(key('KG'), '2022', [1]), eur(key('GE'), '2022-01', [1])], {
        treated: () => false,
        post: '2022',
      }),
    ).toThrow(expect.objectContaining({ name: 'UnitMismatchError' }));
    const gbp = makeSeries({ key: key('GE'), currency: 'GBP', start: '2022', values: [1] });
    expect(() =>
      toPanel([eur(key('KG'), '2022', [1]), gbp] as never, { treated: () => false, post: '2022' }),
    ).toThrow(/one currency/);
    expect(() => toPanel([eur(key('KG'), '2022', [1])], { treated: () => true })).toThrow(
      /post date or a cohort/,
    );
    expect(() => toPanel([], { treated: () => true })).toThrow(/at least 1 series/);
  });

  it('builds the real panel: 5 destinations × 67 months', () => {
    const p = realPanel();
    expect(p.records).toHaveLength(335);
    expect(new Set(p.records.filter((r) => r.treated).map((r) => r.unit))).toEqual(
      new Set(['AM', 'KG', 'KZ']),
    );
    expect(p.periods).not.toContain('2022-02');
  });
});

describe('panelFromRecords', () => {
  it('fills cohort from the first post period of a treated unit and cluster from the unit', () => {
    const p = panelFromRecords([
      { unit: 'a', period: '2022', y: 2, treated: true, post: true },
      { unit: 'a', period: '2021', y: 1, treated: true, post: false },
      { unit: 'b', period: '2021', y: null, treated: false, post: false, cluster: 'x' },
    ]);
    expect(p.records.map((r) => [r.unit, r.period, r.cohort, r.cluster])).toEqual([
      ['a', '2021', '2022', 'a'],
      ['a', '2022', '2022', 'a'],
      ['b', '2021', null, 'x'],
    ]);
  });

  it('refuses duplicates and mixed frequencies', () => {
    const r = { unit: 'a', period: '2021', y: 1, treated: false, post: false };
    expect(() => panelFromRecords([r, r])).toThrow(/unique/);
    expect(() => panelFromRecords([r, { ...r, period: '2021-01' }])).toThrow(/one frequency/);
  });
});
