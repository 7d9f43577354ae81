import { describe, expect, it } from 'vitest';
import { AggregateMixError, makeSeries, OptionsError, UnitMismatchError } from '../../src/index.js';
import {
  aggregateReporters,
  otherGoods,
  productGroup,
  sumSeries,
  toSeries,
  truncateProducts,
} from '../../src/panel/index.js';
import { obs } from './helpers.js';

const KG = { reporter: 'EU27_2020', partner: 'KG', flow: 'export' } as const;
const key = (product = 'TOTAL', reporter = 'EU27_2020') => ({
  reporter,
  partner: 'KG',
  flow: 'export' as const,
  product,
});

describe('aggregateReporters', () => {
  const input = [
    obs({ reporter: 'DE', value: 10, source: 'a' }),
    obs({ reporter: 'FR', value: 5, source: 'b' }),
    obs({ reporter: 'DE', value: 1, period: '2022-02', source: 'a' }),
    obs({ reporter: 'FR', value: null, status: 'confidential', period: '2022-02', source: 'b' }),
    obs({ reporter: 'US', value: 1000 }),
  ];

  it('sums member reporters cell by cell into the aggregate, dropping non-members', () => {
    const out = aggregateReporters(input, { members: ['DE', 'FR'], as: 'DE+FR' });
    expect(out).toHaveLength(2);
    const jan = out.find((o) => o.period === '2022-01')!;
    expect(jan.reporter).toBe('DE+FR');
    expect(jan.value).toBe(15);
    expect(jan.sources).toEqual(['a', 'b']);
    const feb = out.find((o) => o.period === '2022-02')!;
    expect(feb.value).toBeNull();
    expect(feb.status).toBe('confidential');
  });

  it('with incomplete lowerBound sums the known members and marks the cell', () => {
    const out = aggregateReporters(input, { members: ['DE', 'FR'], as: 'DE+FR', incomplete: 'lowerBound' });
    const feb = out.find((o) => o.period === '2022-02')!;
    expect(feb.value).toBe(1);
    expect(feb.lowerBound).toBe(true);
    const s = toSeries(out, { ...KG, reporter: 'DE+FR' });
    expect(s.values).toEqual([15, 1]);
    expect(s.notes.join('\n')).toMatch(/lower bound in 2022-02/);
  });

  it('refuses an aggregate among the members or already in the input', () => {
    expect(() => aggregateReporters(input, { members: ['DE', 'EU27_2020'], as: 'X_SUM' })).toThrow(
      AggregateMixError,
    );
    expect(() =>
      aggregateReporters([...input, obs({ reporter: 'X_SUM' })], { members: ['DE'], as: 'X_SUM' }),
    ).toThrow(AggregateMixError);
    expect(() => aggregateReporters(input, { members: [], as: 'X_SUM' })).toThrow(OptionsError);
  });
});

describe('sumSeries', () => {
  const de = makeSeries({ key: key('TOTAL', 'DE'), currency: 'EUR', start: '2022-01', values: [1, 2, null] });
  const fr = makeSeries({ key: key('TOTAL', 'FR'), currency: 'EUR', start: '2022-01', values: [10, 20, 30] });

  it('sums period by period, null where a part is null unless lowerBound', () => {
    const s = sumSeries([de, fr], { key: key('TOTAL', 'DE+FR') });
    expect(s.values).toEqual([11, 22, null]);
    expect(s.key.reporter).toBe('DE+FR');
    const lb = sumSeries([de, fr], { key: key('TOTAL', 'DE+FR'), incomplete: 'lowerBound' });
    expect(lb.values).toEqual([11, 22, 30]);
    expect(lb.notes.join('\n')).toMatch(/lower bound in 2022-03/);
  });

  it('refuses other currencies, frequencies, periods, repeated keys and aggregates with members', () => {
    const gbp = { ...fr, currency: 'GBP' as const };
    // A cast around the types still fails at run time.
    expect(() => sumSeries([de, gbp] as never[], { key: key() })).toThrow(UnitMismatchError);
    const shifted = makeSeries({
      key: key('TOTAL', 'FR'),
      currency: 'EUR',
      start: '2022-02',
      values: [1, 2, 3],
    });
    expect(() => sumSeries([de, shifted], { key: key() })).toThrow(/same periods/);
    const annual = makeSeries({ key: key('TOTAL', 'FR'), currency: 'EUR', start: '2022', values: [1, 2, 3] });
    expect(() => sumSeries([de, annual], { key: key() })).toThrow(UnitMismatchError);
    expect(() => sumSeries([de, de], { key: key() })).toThrow(OptionsError);
    const eu = makeSeries({
      key: key('TOTAL', 'EU27_2020'),
      currency: 'EUR',
      start: '2022-01',
      values: [1, 2, 3],
    });
    expect(() => sumSeries([de, eu], { key: key() })).toThrow(AggregateMixError);
    const hs27 = makeSeries({
      key: key('HS:27', 'DE'),
      currency: 'EUR',
      start: '2022-01',
      values: [1, 2, 3],
    });
    expect(() => sumSeries([de, hs27], { key: key() })).toThrow(AggregateMixError);
    expect(() => sumSeries([], { key: key() })).toThrow(OptionsError);
  });
});

describe('truncateProducts', () => {
  it('sums CN8 codes into HS6, HS4 and HS2, keeping TOTAL and mapping the CN edition to HS', () => {
    const input = [
      obs({
        product: { classification: 'CN', code: '84713000', level: 8, edition: 'CN2021' },
        value: 1,
        period: '2021-05',
      }),
      obs({
        product: { classification: 'CN', code: '84713010', level: 8, edition: 'CN2021' },
        value: 2,
        period: '2021-05',
      }),
      obs({
        product: { classification: 'CN', code: '84714100', level: 8, edition: 'CN2021' },
        value: 4,
        period: '2021-05',
      }),
      obs({ product: '85000000', value: 8, period: '2021-05' }),
      obs({ value: 100, period: '2021-05' }),
    ];
    const hs6 = truncateProducts(input, 6);
    const v = (list: typeof hs6, code: string) => list.find((o) => o.product.code === code)?.value;
    expect(v(hs6, '847130')).toBe(3);
    expect(v(hs6, '847141')).toBe(4);
    expect(hs6.find((o) => o.product.code === '847130')?.product).toEqual({
      classification: 'HS',
      code: '847130',
      level: 6,
      edition: 'HS2017',
    });
    expect(v(truncateProducts(input, 4), '8471')).toBe(7);
    expect(v(truncateProducts(input, 2), '84')).toBe(7);
    expect(v(truncateProducts(input, 2), '85')).toBe(8);
    expect(v(truncateProducts(input, 2), 'TOTAL')).toBe(100);
  });

  it('refuses an input with a code and a code beneath it, and a bad level', () => {
    expect(() => truncateProducts([obs({ product: '2709' }), obs({ product: '27090010' })], 4)).toThrow(
      AggregateMixError,
    );
    expect(() => truncateProducts([obs({ product: '27090010' })], 5 as 4)).toThrow(OptionsError);
  });
});

describe('productGroup', () => {
  it('de-duplicates a list that mixes levels: an HS4 entry covers the CN8 codes beneath it', () => {
    // Data at CN8 only; the list names heading 2709 and also one of its CN8 codes.
    const input = [
      obs({ product: '27090010', value: 100 }),
      obs({ product: '27090090', value: 50 }),
      obs({ product: '27101100', value: 7 }),
      obs({ product: '30000000', value: 1000 }),
    ];
    const g = productGroup(input, ['2709', '27090010', '27101100'], { name: 'oil' });
    expect(g).toHaveLength(1);
    expect(g[0]?.value).toBe(157); // not 257: 27090010 is counted once
    expect(g[0]?.product).toEqual({ classification: 'HS', code: 'oil', level: 0 });
    expect(g[0]?.notes?.join('\n')).toMatch(/27090010 under 2709/);
    const s = toSeries(g, { ...KG, product: 'oil' });
    expect(s.key.product).toBe('oil');
    expect(s.values).toEqual([157]);
  });

  it('uses a coarser row and ignores the finer rows beneath it in the same cell (HS4 beside CN8 data)', () => {
    const input = [
      obs({ product: '2709', value: 150 }),
      obs({ product: '27090010', value: 100 }),
      obs({ product: '27090090', value: 50 }),
      obs({ product: '27101100', value: 7 }),
    ];
    const g = productGroup(input, ['2709', '27101100'], { name: 'oil' });
    expect(g[0]?.value).toBe(157);
    expect(g[0]?.notes?.join('\n')).toMatch(/2 row\(s\) ignored/);
    // Only CN8 codes listed: the HS4 row is not part of the group.
    expect(productGroup(input, ['27090010'], { name: 'x' })[0]?.value).toBe(100);
  });

  it('restores lost leading zeros and refuses bad names and codes', () => {
    const g = productGroup([obs({ product: '01012100', value: 3 })], ['1012100'], { name: 'horses' });
    expect(g[0]?.value).toBe(3);
    expect(() => productGroup([], ['27'], { name: '27' })).toThrow(OptionsError);
    expect(() => productGroup([], ['27'], { name: 'TOTAL' })).toThrow(OptionsError);
    expect(() => productGroup([], ['27x'], { name: 'x' })).toThrow(OptionsError);
    expect(() => productGroup([], [], { name: 'x' })).toThrow(OptionsError);
  });

  it('a group is never summed with another product by toSeries', () => {
    const g = productGroup([obs({ product: '27090010' })], ['2709'], { name: 'oil' });
    expect(() => toSeries([...g, obs({ product: '30000000' })], KG)).toThrow(AggregateMixError);
  });
});

describe('otherGoods', () => {
  const total = makeSeries({ key: key(), currency: 'EUR', start: '2022-01', values: [100, 50, null, 10] });
  const group = makeSeries({
    key: key('sanctioned'),
    currency: 'EUR',
    start: '2022-01',
    values: [30, 60, 5, 10],
  });

  it('is total − group, negative → null with a warning note', () => {
    const o = otherGoods(total, group);
    expect(o.key.product).toBe('other');
    expect(o.values).toEqual([70, null, null, 0]);
    expect(o.status).toEqual(['reported', 'missing', 'missing', 'reported']);
    expect(o.notes.join('\n')).toMatch(/warning: otherGoods: sanctioned exceeds TOTAL in 2022-02/);
    expect(o.notes.join('\n')).toMatch(/other = TOTAL − sanctioned/);
  });

  it('requires the same periods, currency and reporter', () => {
    const short = makeSeries({ key: key('sanctioned'), currency: 'EUR', start: '2022-01', values: [1] });
    expect(() => otherGoods(total, short)).toThrow(OptionsError);
    const other = makeSeries({
      key: key('sanctioned', 'DE'),
      currency: 'EUR',
      start: '2022-01',
      values: [1, 2, 3, 4],
    });
    expect(() => otherGoods(total, other)).toThrow(/reporter/);
    const gbp = makeSeries({
      key: key('sanctioned'),
      currency: 'GBP',
      start: '2022-01',
      values: [1, 2, 3, 4],
    });
    expect(() => otherGoods(total, gbp as never)).toThrow(UnitMismatchError);
  });
});
