import { describe, expect, it } from 'vitest';
import { makeSeries, OptionsError, periodRange, UnitMismatchError } from '../../src/index.js';
import { excess, GrowthResultSchema, growth } from '../../src/measures/index.js';
import { expectAllFinite, KG_KEY, makeCounterfactual, realSeries } from './helpers.js';

const kg = realSeries('KG');
const at = (p: string) => kg.values[kg.periods.indexOf(p)]!;
const sumOf = (from: string, to: string) => periodRange(from, to).reduce((a, p) => a + at(p), 0);

describe('growth against a baseline window (EU27_2020 exports to KG)', () => {
  it('2022 against 2021: the ratio of annual sums, matching the published annual totals', () => {
    const r = growth(kg, { from: '2022-01', to: '2022-12', baseFrom: '2021-01', baseTo: '2021-12' });
    expect(r.current.sum).toBe(sumOf('2022-01', '2022-12'));
    expect(r.current.sum! / 1e6).toBeCloseTo(1170.9, 1); // PROVENANCE.md: 1,170.9 m
    expect(r.base.sum! / 1e6).toBeCloseTo(263.2, 1);
    expect(r.growthRate).toBeCloseTo(sumOf('2022-01', '2022-12') / sumOf('2021-01', '2021-12') - 1, 12);
    expect(r.growthRate!).toBeGreaterThan(3.4);
    // The prior window is 2021 itself here.
    expect(r.priorPeriod).toMatchObject({ from: '2021-01', to: '2021-12', n: 12 });
    expect(r.priorPeriod.growthRate).toBeCloseTo(r.growthRate!, 12);
    expect(r.warnings).toEqual([]);
    expect(GrowthResultSchema.parse(r)).toEqual(r);
  });

  it('a longer base window compares means per period, and per-period growth is month on month and year on year', () => {
    const r = growth(kg, { from: '2022-03', to: '2022-12', baseFrom: '2019-01', baseTo: '2021-12' });
    const meanNow = sumOf('2022-03', '2022-12') / 10;
    const meanBase = sumOf('2019-01', '2021-12') / 36;
    expect(r.growthRate).toBeCloseTo(meanNow / meanBase - 1, 12);
    expect(r.warnings).toContain(
      'the windows differ in observed length: growth compares means per observed period',
    );
    expect(r.priorPeriod).toMatchObject({ from: '2021-05', to: '2022-02', n: 10 });
    const dec = r.byPeriod.at(-1)!;
    expect(dec).toMatchObject({
      period: '2022-12',
      value: at('2022-12'),
      prior: at('2022-11'),
      yearAgo: at('2021-12'),
    });
    expect(dec.growthVsPrior).toBeCloseTo(at('2022-12') / at('2022-11') - 1, 12);
    expect(dec.growthYoY).toBeCloseTo(at('2022-12') / at('2021-12') - 1, 12);
    expect(dec.base).toBeNull();
    expect(dec.growthVsBase).toBeNull();
  });

  it('returns null growth with a warning from a zero or absent base, and names gaps', () => {
    const s = makeSeries({ key: KG_KEY, currency: 'EUR', start: '2019', values: [0, 0, null, 50, 60] });
    const r = growth(s, { from: '2022', to: '2023', baseFrom: '2019', baseTo: '2020' });
    expect(r.growthRate).toBeNull();
    expect(r.warnings).toContain('zero or negative base: growth is null');
    expect(r.priorPeriod.growthRate).toBeNull();
    expect(r.warnings.some((w) => w.startsWith('gaps in the prior window: 2021'))).toBe(true);
    expect(r.byPeriod[0]!.growthVsPrior).toBeNull(); // 2022 against a missing 2021
    expect(r.byPeriod[1]!.growthVsPrior).toBeCloseTo(0.2, 12);
    const none = growth(s, { from: '2022', to: '2022', baseFrom: '2021', baseTo: '2021' });
    expect(none.growthRate).toBeNull();
    expect(none.warnings).toContain('no base value: growth is null');
    expectAllFinite(r);
  });

  it('refuses windows outside the series, reversed, or of another frequency', () => {
    expect(() =>
      growth(kg, { from: '2022-01', to: '2022-12', baseFrom: '2018-01', baseTo: '2018-12' }),
    ).toThrow(OptionsError);
    expect(() =>
      growth(kg, { from: '2022-12', to: '2022-01', baseFrom: '2021-01', baseTo: '2021-12' }),
    ).toThrow(OptionsError);
    expect(() => growth(kg, { from: '2022', to: '2022', baseFrom: '2021', baseTo: '2021' })).toThrow(
      UnitMismatchError,
    );
  });
});

describe('growth against a counterfactual', () => {
  it('equals the relative excess over the same window and reports growth against each expected value', () => {
    const expected = kg.values.map((v) => v! * 0.5);
    const post = periodRange('2022-03', '2024-08');
    const cf = makeCounterfactual({
      series: kg,
      expected,
      pathPeriods: post,
      paths: [post.map((p) => expected[kg.periods.indexOf(p)]!)],
      fitTo: '2022-01',
    });
    const g = growth(kg, { vs: cf });
    const e = excess(kg, cf);
    expect(g.settings).toMatchObject({
      mode: 'counterfactual',
      from: '2022-03',
      to: '2024-08',
      baseline: 'handmade',
    });
    expect(g.growthRate).toBeCloseTo(1, 12); // actual is twice the expected
    expect(g.growthRate).toBeCloseTo(e.total.pct!, 12);
    expect(g.byPeriod.every((p) => Math.abs(p.growthVsBase! - 1) < 1e-12)).toBe(true);
    expect(g.base.n).toBe(post.length);
  });

  it('refuses a counterfactual for another series or currency', () => {
    const cf = makeCounterfactual({ series: kg, expected: kg.values });
    expect(() => growth(kg, { vs: { ...cf, target: { ...KG_KEY, partner: 'AM' } } })).toThrow(OptionsError);
  });
});
