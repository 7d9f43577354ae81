// Property: no measure returns NaN or ±Infinity for finite input, however large, zero or missing.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { makeSeries } from '../../src/index.js';
import {
  ChowTestResultSchema,
  chowTest,
  GrowthResultSchema,
  GrowthZScoreResultSchema,
  growth,
  growthZScore,
  MirrorGapResultSchema,
  mirrorGap,
  RobustZResultSchema,
  robustZ,
  SubstitutionRatioResultSchema,
  substitutionRatio,
  ZScoreResultSchema,
  zScore,
} from '../../src/measures/index.js';
import { expectAllFinite, KG_KEY } from './helpers.js';

const finite = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constant(0),
  fc.integer({ min: -1000, max: 1000 }),
);
const maybe = fc.option(finite, { nil: null });
const yearly = (n: number) => fc.array(maybe, { minLength: n, maxLength: n });

describe('measures stay finite', () => {
  test.prop([yearly(8), yearly(8)])('growth, growthZScore, mirrorGap and chowTest', (a, b) => {
    const s = makeSeries({ key: KG_KEY, currency: 'EUR', start: '2015', values: a });
    const g = growth(s, { from: '2021', to: '2022', baseFrom: '2016', baseTo: '2018' });
    expectAllFinite(g);
    expect(GrowthResultSchema.safeParse(g).success).toBe(true);
    const gz = growthZScore(s, { year: '2022', minHistory: 2 });
    expectAllFinite(gz);
    expect(GrowthZScoreResultSchema.safeParse(gz).success).toBe(true);
    const im = makeSeries({
      key: { ...KG_KEY, reporter: 'KG', partner: 'EU27_2020', flow: 'import' },
      currency: 'EUR',
      start: '2015',
      values: b,
    });
    const m = mirrorGap(s, im);
    expectAllFinite(m);
    expect(MirrorGapResultSchema.safeParse(m).success).toBe(true);
    const c = chowTest(s, { breakAt: '2019', design: 'mean', log: false });
    expectAllFinite(c);
    expect(ChowTestResultSchema.safeParse(c).success).toBe(true);
  });

  test.prop([maybe, fc.array(maybe, { maxLength: 12 })])('zScore and robustZ', (x, ref) => {
    const z = zScore(x, ref);
    const r = robustZ(x, ref);
    expectAllFinite([z, r]);
    expect(ZScoreResultSchema.safeParse(z).success && RobustZResultSchema.safeParse(r).success).toBe(true);
  });

  test.prop([finite, finite, finite, finite])('substitutionRatio', (db, da, ib, ia) => {
    const r = substitutionRatio({
      directBefore: db,
      directAfter: da,
      intermediariesBefore: ib,
      intermediariesAfter: ia,
    });
    expectAllFinite(r);
    expect(SubstitutionRatioResultSchema.safeParse(r).success).toBe(true);
  });
});
