// The @example blocks of src/measures, run as written: a doc example that lies fails here.
import { describe, expect, it } from 'vitest';
import { makeSeries } from '../../src/index.js';
import {
  ANDREWS_CRITICAL_VALUES_15,
  chowTest,
  excess,
  growth,
  growthZScore,
  IntervalSchema,
  mirrorGap,
  robustZ,
  substitutionRatio,
  supF,
  zScore,
} from '../../src/measures/index.js';

describe('documented examples', () => {
  it('excess', () => {
    const key = { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' } as const;
    const kg = makeSeries({ key, currency: 'EUR', start: '2022-01', values: [10, 10, 15, 16] });
    const cf = {
      method: 'flat',
      settings: {},
      target: key,
      currency: 'EUR',
      frequency: 'monthly',
      fitWindow: { from: '2022-01', to: '2022-01' },
      periods: kg.periods,
      expected: [10, 10, 10, 10],
      lower: [8, 8, 8, 8],
      upper: [12, 12, 12, 12],
      level: 0.95,
      pathPeriods: ['2022-03', '2022-04'],
      paths: [
        [9, 9],
        [10, 10],
        [11, 11],
      ],
      seed: 1,
      fit: { n: 1, rmse: null, mape: null },
      warnings: [],
    } as const;
    const ex = excess(kg, cf);
    expect(ex.total.excess).toBe(11);
    expect(ex.total.pct).toBe(0.55);
  });

  it('growth', () => {
    const s = makeSeries({
      key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
      currency: 'EUR',
      start: '2019',
      values: [329.4e6, 234.5e6, 263.2e6, 1170.9e6],
    });
    const g = growth(s, { from: '2022', to: '2022', baseFrom: '2019', baseTo: '2021' });
    expect(g.growthRate).toBeCloseTo(1170.9 / ((329.4 + 234.5 + 263.2) / 3) - 1, 12);
    expect(g.growthRate).toBeCloseTo(3.247, 3);
    expect(g.priorPeriod.growthRate).toBeCloseTo(3.449, 3);
  });

  it('zScore, robustZ and growthZScore', () => {
    expect(zScore(14, [8, 10, 12]).z).toBe(2);
    const r = robustZ(30, [10, 11, 12, 13, 14]);
    expect([r.median, r.mad, r.outlier]).toEqual([12, 1, true]);
    expect(r.z).toBeCloseTo(12.141, 12);
    const s = makeSeries({
      key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
      currency: 'EUR',
      start: '2016',
      values: [100, 104, 102, 107, 105, 110, 220],
    });
    const g = growthZScore(s, { year: '2022' });
    expect(g.growth).toBe(1);
    expect(g.n).toBe(5);
  });

  it('chowTest and supF', () => {
    const key = { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' } as const;
    const s = makeSeries({
      key,
      currency: 'EUR',
      start: '2015',
      values: [100, 102, 101, 103, 104, 102, 180, 185, 190, 186],
    });
    const t = chowTest(s, { breakAt: '2021', design: 'mean' });
    expect(t.F! > 100).toBe(true);
    expect(t.p! < 0.001).toBe(true);
    const s2 = makeSeries({
      key,
      currency: 'EUR',
      start: '2005',
      values: [
        100, 102, 99, 101, 103, 100, 98, 102, 101, 100, 150, 152, 149, 151, 150, 153, 148, 150, 151, 149,
      ],
    });
    const r = supF(s2, { design: 'mean' });
    expect(r.breakAt).toBe('2015');
    expect(r.supF! > r.criticalValues!['0.01']).toBe(true);
    expect(ANDREWS_CRITICAL_VALUES_15[0]).toEqual([7.12, 8.68, 12.16]);
  });

  it('mirrorGap, substitutionRatio and IntervalSchema', () => {
    const eu = makeSeries({
      key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
      currency: 'EUR',
      start: '2022',
      values: [1000],
    });
    const kg = makeSeries({
      key: { reporter: 'KG', partner: 'EU27_2020', flow: 'import', product: 'TOTAL' },
      currency: 'EUR',
      start: '2022',
      values: [1260],
      notes: ['partnerBasis: consignment'],
    });
    const m = mirrorGap(eu, kg);
    expect(m.byPeriod[0]!.gap).toBe(210);
    expect(m.byPeriod[0]!.gapPct).toBe(0.2);
    const r = substitutionRatio({
      directBefore: 89_169e6,
      directAfter: 55_008e6,
      intermediariesBefore: 6_507e6,
      intermediariesAfter: 13_404e6,
    });
    expect(r.ratio).toBeCloseTo((13404 - 6507) / (89169 - 55008), 12);
    expect(r.ratio).toBeCloseTo(0.2019, 4);
    expect(IntervalSchema.parse({ lower: -1, upper: 2, level: 0.95 })).toEqual({
      lower: -1,
      upper: 2,
      level: 0.95,
    });
  });
});
