import { describe, expect, it } from 'vitest';
import { makeSeries, OptionsError, UnitMismatchError } from '../../src/index.js';
import { SubstitutionRatioResultSchema, substitutionRatio } from '../../src/measures/index.js';
import { expectRelClose, fixture, KG_KEY, realSeries } from './helpers.js';

describe('substitutionRatio', () => {
  it('on real data: extra EU exports to KZ+KG+AM per euro of lost EU exports to Russia (Mar–Dec 2022 vs 2021)', () => {
    const ref = fixture.substitution;
    const r = substitutionRatio({
      direct: realSeries('RU'),
      intermediaries: [realSeries('KZ'), realSeries('KG'), realSeries('AM')],
      before: { from: ref.before[0], to: ref.before[1] },
      after: { from: ref.after[0], to: ref.after[1] },
    });
    expect(r.components.directBefore).toBe(ref.directBefore);
    expect(r.components.directAfter).toBe(ref.directAfter);
    expect(r.components.intermediariesBefore).toBe(ref.intermediariesBefore);
    expect(r.components.intermediariesAfter).toBe(ref.intermediariesAfter);
    expectRelClose(r.ratio, ref.ratio, 1e-12);
    expect(r.ratio!).toBeGreaterThan(0.1);
    expect(r.ratio!).toBeLessThan(0.3);
    expect(r.intermediaries.map((i) => i.key.partner)).toEqual(['KZ', 'KG', 'AM']);
    expect(r.intermediaries.reduce((a, i) => a + i.change!, 0)).toBeCloseTo(
      r.components.extraIntermediaries!,
      0,
    );
    expect(r.components.directFall).toBeCloseTo(1 - ref.directAfter / ref.directBefore, 12);
    expect(r.settings.currency).toBe('EUR');
    expect(r.warnings).toEqual([]);
    expect(SubstitutionRatioResultSchema.parse(r)).toEqual(r);
  });

  it('from totals, with every component reported', () => {
    const r = substitutionRatio({
      directBefore: 100,
      directAfter: 60,
      intermediariesBefore: 10,
      intermediariesAfter: 30,
    });
    expect(r.ratio).toBe(0.5);
    expect(r.components).toEqual({
      directBefore: 100,
      directAfter: 60,
      intermediariesBefore: 10,
      intermediariesAfter: 30,
      lostDirect: 40,
      extraIntermediaries: 20,
      directFall: 0.4,
      intermediariesGrowth: 2,
    });
  });

  it('is null when direct flows did not fall, and warns on a small denominator or falling intermediaries', () => {
    const up = substitutionRatio({
      directBefore: 100,
      directAfter: 120,
      intermediariesBefore: 1,
      intermediariesAfter: 2,
    });
    expect(up.ratio).toBeNull();
    expect(up.warnings).toContain('direct flows did not fall: the substitution ratio is undefined (null)');
    const small = substitutionRatio({
      directBefore: 1000,
      directAfter: 990,
      intermediariesBefore: 10,
      intermediariesAfter: 60,
    });
    expect(small.ratio).toBe(5);
    expect(small.warnings.some((w) => w.startsWith('small denominator'))).toBe(true);
    const down = substitutionRatio({
      directBefore: 100,
      directAfter: 50,
      intermediariesBefore: 20,
      intermediariesAfter: 10,
    });
    expect(down.ratio).toBe(-0.2);
    expect(down.warnings).toContain('flows to the intermediaries fell: the ratio is negative');
  });

  it('makes a window sum null when a period is missing, and refuses mismatched inputs', () => {
    const direct = makeSeries({
      key: { ...KG_KEY, partner: 'RU' },
      currency: 'EUR',
      start: '2021',
      values: [100, 50],
    });
    const gap = makeSeries({ key: KG_KEY, currency: 'EUR', start: '2021', values: [null, 20] });
    const r = substitutionRatio({
      direct,
      intermediaries: [gap],
      before: { from: '2021', to: '2021' },
      after: { from: '2022', to: '2022' },
    });
    expect(r.ratio).toBeNull();
    expect(r.components.intermediariesBefore).toBeNull();
    expect(r.warnings.some((w) => w.includes('has no value in 2021'))).toBe(true);
    const gbp = makeSeries({ key: KG_KEY, currency: 'GBP', start: '2021', values: [1, 2] });
    expect(() =>
      substitutionRatio({
        direct,
        intermediaries: [gbp as never],
        before: { from: '2021', to: '2021' },
        after: { from: '2022', to: '2022' },
      }),
    ).toThrow(UnitMismatchError);
    expect(() =>
      substitutionRatio({
        direct: realSeries('RU'),
        intermediaries: [realSeries('KG')],
        before: { from: '2021-01', to: '2021-12' },
        after: { from: '2022-03', to: '2022-12' },
      }),
    ).toThrow(/equal length/);
    expect(() =>
      substitutionRatio({
        directBefore: Number.NaN,
        directAfter: 1,
        intermediariesBefore: 1,
        intermediariesAfter: 1,
      }),
    ).toThrow(OptionsError);
  });
});
