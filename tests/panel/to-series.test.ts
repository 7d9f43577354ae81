import { describe, expect, it } from 'vitest';
import {
  AggregateMixError,
  InsufficientDataError,
  OptionsError,
  TOTAL_GOODS,
  UnitMismatchError,
} from '../../src/index.js';
import { toSeries, toSeriesSet } from '../../src/panel/index.js';
import { obs } from './helpers.js';

const KG = { reporter: 'EU27_2020', partner: 'KG', flow: 'export' } as const;

describe('toSeries', () => {
  it('lays observations on a regular calendar, gaps as null/missing, in any row order', () => {
    const s = toSeries(
      [
        obs({ period: '2022-03', value: 90 }),
        obs({ period: '2021-12', value: 10 }),
        obs({ period: '2022-01', value: 30 }),
      ],
      KG,
    );
    expect(s.key).toEqual({ reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' });
    expect(s.frequency).toBe('monthly');
    expect(s.currency).toBe('EUR');
    expect(s.periods).toEqual(['2021-12', '2022-01', '2022-02', '2022-03']);
    expect(s.values).toEqual([10, 30, null, 90]);
    expect(s.status).toEqual(['reported', 'reported', 'missing', 'reported']);
    expect(s.sources).toEqual(['test']);
  });

  it('filters by reporter, partner, flow, product, currency, frequency and from/to', () => {
    const input = [
      obs({ period: '2022-01', value: 1 }),
      obs({ period: '2022-02', value: 2 }),
      obs({ period: '2022-03', value: 3 }),
      obs({ period: '2022-02', value: 100, partner: 'AM' }),
      obs({ period: '2022-02', value: 200, flow: 'import' }),
      obs({ period: '2022-02', value: 300, reporter: 'DE' }),
      obs({ period: '2022', value: 400 }),
      obs({ period: '2022-02', value: 500, product: '27' }),
    ];
    const s = toSeries(input, { ...KG, product: 'TOTAL', from: '2022-02', to: '2022-03' });
    expect(s.periods).toEqual(['2022-02', '2022-03']);
    expect(s.values).toEqual([2, 3]);
    const annual = toSeries(input, { ...KG, product: 'TOTAL', frequency: 'annual' });
    expect(annual.values).toEqual([400]);
    expect(annual.frequency).toBe('annual');
    const hs27 = toSeries(input, { ...KG, product: 'HS:27' });
    expect(hs27.key.product).toBe('HS:27');
    expect(hs27.values).toEqual([500]);
    expect(toSeries(input, { ...KG, product: '27' }).values).toEqual([500]);
  });

  it('sums several products of one level on a period, and labels the key', () => {
    const s = toSeries(
      [
        obs({ product: '2709', value: 5 }),
        obs({ product: '2710', value: 7 }),
        obs({ product: '2710', value: 1, period: '2022-02' }),
      ],
      { ...KG, product: ['2709', '2710'] },
    );
    expect(s.values).toEqual([12, 1]);
    expect(s.key.product).toBe('HS:2709+HS:2710');
    expect(s.notes.some((n) => n.includes('sum over 2 products'))).toBe(true);
    const labelled = toSeries([obs({ product: '2709' }), obs({ product: '2710' })], {
      ...KG,
      product: ['2709', '2710'],
      label: { product: 'oil' },
    });
    expect(labelled.key.product).toBe('oil');
  });

  it('refuses to sum an aggregate with its members (reporter, partner) and TOTAL with HS 27', () => {
    const mixReporters = [obs({ reporter: 'EU27_2020' }), obs({ reporter: 'DE' })];
    expect(() => toSeries(mixReporters, { ...KG, reporter: ['EU27_2020', 'DE'] })).toThrow(AggregateMixError);
    const mixPartners = [obs({ partner: 'WORLD' }), obs({ partner: 'KG' })];
    expect(() => toSeries(mixPartners, { ...KG, partner: ['WORLD', 'KG'] })).toThrow(AggregateMixError);
    const mixProducts = [obs(), obs({ product: '27' })];
    expect(() => toSeries(mixProducts, KG)).toThrow(AggregateMixError);
    expect(() => toSeries(mixProducts, KG)).toThrow(/TOTAL/);
    const mixLevels = [obs({ product: '2709' }), obs({ product: '27090010' })];
    expect(() => toSeries(mixLevels, KG)).toThrow(/2709 with 27090010/);
    // Positive anchor: two member states are summed.
    const members = toSeries([obs({ reporter: 'DE', value: 2 }), obs({ reporter: 'FR', value: 3 })], {
      ...KG,
      reporter: ['DE', 'FR'],
    });
    expect(members.values).toEqual([5]);
    expect(members.key.reporter).toBe('DE+FR');
  });

  it('refuses mixed currencies and mixed frequencies with UnitMismatchError', () => {
    const mixed = [obs({ period: '2022-01' }), obs<'GBP'>({ period: '2022-02', currency: 'GBP' })];
    expect(() => toSeries(mixed, KG)).toThrow(UnitMismatchError);
    expect(toSeries(mixed, { ...KG, currency: 'GBP' }).currency).toBe('GBP');
    const freq = [obs({ period: '2022-01' }), obs({ period: '2022' })];
    expect(() => toSeries(freq, KG)).toThrow(UnitMismatchError);
  });

  it('refuses a cell that occurs twice (concatenated datasets, both partner bases)', () => {
    const twice = [obs({ source: 'a' }), obs({ source: 'b' })];
    expect(() => toSeries(twice, KG)).toThrow(OptionsError);
    const bases = [obs({ partnerBasis: 'origin', value: 1 }), obs({ partnerBasis: 'consignment', value: 2 })];
    expect(() => toSeries(bases, KG)).toThrow(/partner bases/);
    expect(toSeries(bases, { ...KG, partnerBasis: 'consignment' }).values).toEqual([2]);
  });

  it('throws InsufficientDataError when nothing matches, naming the filter', () => {
    expect(() => toSeries([obs()], { ...KG, partner: 'KGZ' })).toThrow(InsufficientDataError);
    expect(() => toSeries([obs()], { ...KG, partner: 'KGZ' })).toThrow(/partner KGZ/);
  });

  it('status rules: missing and confidential are null, estimated and provisional keep values', () => {
    const s = toSeries(
      [
        obs({ period: '2022-01', value: null, status: 'missing' }),
        obs({ period: '2022-02', value: null, status: 'confidential' }),
        obs({ period: '2022-03', value: 4, status: 'estimated' }),
        obs({ period: '2022-04', value: 5, status: 'provisional' }),
        obs({ period: '2022-05', value: 0, status: 'zero' }),
      ],
      KG,
    );
    expect(s.values).toEqual([null, null, 4, 5, 0]);
    expect(s.status).toEqual(['missing', 'confidential', 'estimated', 'provisional', 'zero']);
  });

  it('negligible values are null by default and zero with negligibleAs zero, noted with the rounding unit', () => {
    const input = [
      obs({ currency: 'GBP', reporter: 'GB', period: '2022-01', value: 3e6, roundingUnit: 1e6 }),
      obs({
        currency: 'GBP',
        reporter: 'GB',
        period: '2022-02',
        value: null,
        status: 'negligible',
        roundingUnit: 1e6,
      }),
    ];
    const gb = { reporter: 'GB', partner: 'KG', flow: 'export' } as const;
    const strict = toSeries(input, gb);
    expect(strict.values).toEqual([3e6, null]);
    expect(strict.status).toEqual(['reported', 'negligible']);
    expect(strict.notes.some((n) => n.includes('negligible'))).toBe(false);
    const zero = toSeries(input, { ...gb, negligibleAs: 'zero' });
    expect(zero.values).toEqual([3e6, 0]);
    expect(zero.status).toEqual(['reported', 'negligible']);
    expect(zero.notes.join('\n')).toMatch(
      /negligible values \(below the publisher's rounding unit of 1000000\) counted as zero in 2022-02/,
    );
  });

  it('a sum with a null part is null by default, a noted lower bound with incomplete lowerBound', () => {
    const input = [
      obs({ reporter: 'DE', value: 10 }),
      obs({ reporter: 'FR', value: null, status: 'confidential' }),
      obs({ reporter: 'DE', value: 1, period: '2022-02', status: 'estimated' }),
      obs({ reporter: 'FR', value: 2, period: '2022-02' }),
    ];
    const opts = { ...KG, reporter: ['DE', 'FR'] };
    const honest = toSeries(input, opts);
    expect(honest.values).toEqual([null, 3]);
    expect(honest.status).toEqual(['confidential', 'estimated']);
    const lower = toSeries(input, { ...opts, incomplete: 'lowerBound' });
    expect(lower.values).toEqual([10, 3]);
    expect(lower.status).toEqual(['reported', 'estimated']);
    expect(lower.notes.join('\n')).toMatch(/lower bound in 2022-01/);
  });

  it('absent observations are not parts of a sum (no row = no trade)', () => {
    const s = toSeries(
      [
        obs({ reporter: 'DE', value: 10 }),
        obs({ reporter: 'DE', value: 1, period: '2022-02' }),
        obs({ reporter: 'FR', value: 2, period: '2022-02' }),
      ],
      { ...KG, reporter: ['DE', 'FR'] },
    );
    expect(s.values).toEqual([10, 3]);
    expect(s.status).toEqual(['reported', 'reported']);
  });
});

describe('toSeriesSet', () => {
  const input = [
    obs({ partner: 'KG', value: 1 }),
    obs({ partner: 'KG', value: 2, period: '2022-02' }),
    obs({ partner: 'AM', value: 3 }),
    obs({ partner: 'AM', value: 4, flow: 'import' }),
    obs({ partner: 'KZ', value: 5, reporter: 'DE' }),
  ];

  it('builds one series per partner, keyed by the partner code, with the toSeries rules', () => {
    const set = toSeriesSet(input, { by: ['partner'], reporter: 'EU27_2020', flow: 'export' });
    expect(Object.keys(set)).toEqual(['AM', 'KG']);
    expect(set.KG?.values).toEqual([1, 2]);
    expect(set.AM?.key).toEqual({ reporter: 'EU27_2020', partner: 'AM', flow: 'export', product: 'TOTAL' });
  });

  it('splits by several dimensions with a | separated key', () => {
    const set = toSeriesSet(input, { by: ['reporter', 'partner', 'flow'] });
    expect(Object.keys(set)).toEqual([
      'DE|KZ|export',
      'EU27_2020|AM|export',
      'EU27_2020|AM|import',
      'EU27_2020|KG|export',
    ]);
    expect(set['EU27_2020|AM|import']?.values).toEqual([4]);
  });

  it('requires a flow and refuses to sum an aggregate with a member across an unsplit dimension', () => {
    expect(() => toSeriesSet(input, { by: ['partner'] })).toThrow(OptionsError);
    expect(() =>
      toSeriesSet([obs({ reporter: 'DE' }), obs({ reporter: 'EU27_2020' })], {
        by: ['partner'],
        flow: 'export',
      }),
    ).toThrow(AggregateMixError);
    expect(() => toSeriesSet(input, { by: [], flow: 'export' })).toThrow(OptionsError);
  });

  it('matches toSeries series by series', () => {
    const set = toSeriesSet(input, { by: ['partner'], reporter: 'EU27_2020', flow: 'export' });
    expect(set.KG).toEqual(toSeries(input, { ...KG }));
    expect(TOTAL_GOODS.code).toBe('TOTAL');
  });
});
