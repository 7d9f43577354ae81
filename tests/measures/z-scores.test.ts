import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { makeSeries, OptionsError, UnitMismatchError } from '../../src/index.js';
import {
  GrowthZScoreResultSchema,
  growthZScore,
  MAD_CONSTANT,
  RobustZResultSchema,
  robustZ,
  ZScoreResultSchema,
  zScore,
} from '../../src/measures/index.js';
import { zCutoff } from '../../src/measures/z-score.js';
import { expectRelClose, fixture, KG_KEY, realSeries } from './helpers.js';

// statsmodels' mad divides by Φ⁻¹(0.75) = 0.67448975…; Iglewicz and Hoaglin's modified z multiplies by 0.6745.
const SM_C = 0.6744897501960817;

describe('zScore and robustZ against numpy / statsmodels on real data', () => {
  for (const [name, ref] of Object.entries(fixture.zscores)) {
    it(`${name}: mean, sd, z; median, MAD (statsmodels.robust.scale.mad) and modified z`, () => {
      const z = zScore(ref.value, ref.reference);
      expect(z.n).toBe(ref.reference.length);
      expectRelClose(z.mean, ref.mean, 1e-12);
      expectRelClose(z.sd, ref.sd, 1e-12);
      expectRelClose(z.z, ref.z, 1e-11);
      const r = robustZ(ref.value, ref.reference);
      expect(r.median).toBe(ref.median);
      expect(r.mad).toBe(ref.mad);
      expectRelClose(r.madScaled, ref.madScaled, 1e-12);
      // 0.6745 (x − median) / MAD = (0.6745 / Φ⁻¹(0.75)) × statsmodels' (x − median) / mad.
      expectRelClose(r.z, (ref.robustZ * MAD_CONSTANT) / SM_C, 1e-12);
      expect(r.outlier).toBe(Math.abs(r.z!) > 3.5);
      expect(ZScoreResultSchema.parse(z)).toEqual(z);
      expect(RobustZResultSchema.parse(r)).toEqual(r);
    });
  }

  it('December 2022 EU exports to KG are an extreme outlier against 2019–2021 by both scores', () => {
    const ref = fixture.zscores.kg_2022_12!;
    expect(zScore(ref.value, ref.reference).z!).toBeGreaterThan(40);
    const r = robustZ(ref.value, ref.reference);
    expect(r.z!).toBeGreaterThan(50);
    expect(r.outlier).toBe(true);
  });
});

describe('zScore and robustZ: edge cases', () => {
  it('documents the worked examples', () => {
    expect(zScore(14, [8, 10, 12]).z).toBe(2);
    const r = robustZ(30, [10, 11, 12, 13, 14]);
    expect(r).toMatchObject({ median: 12, mad: 1, outlier: true, threshold: 3.5 });
    expect(r.z).toBeCloseTo(0.6745 * 18, 12);
  });

  it('robust z resists an outlier in the reference that drags the classical z', () => {
    const ref = [10, 11, 12, 13, 14, 1000];
    expect(Math.abs(zScore(20, ref).z!)).toBeLessThan(1);
    expect(robustZ(20, ref).z!).toBeGreaterThan(3);
  });

  it('applies the 3.5 rule, or a custom threshold', () => {
    const ref = [10, 11, 12, 13, 14];
    expect(robustZ(12 + 3.4 / 0.6745, ref).outlier).toBe(false);
    expect(robustZ(12 + 3.6 / 0.6745, ref).outlier).toBe(true);
    expect(robustZ(12 + 3.0 / 0.6745, ref, { threshold: 2.5 }).outlier).toBe(true);
    expect(() => robustZ(1, ref, { threshold: 0 })).toThrow(OptionsError);
  });

  it('returns null with a warning when undefined, never NaN or Infinity', () => {
    const flat = zScore(5, [3, 3, 3]);
    expect(flat.z).toBeNull();
    expect(flat.warnings).toContain('the reference has no spread: z is null');
    expect(zScore(5, [3]).z).toBeNull();
    expect(zScore(null, [1, 2, 3]).z).toBeNull();
    const madZero = robustZ(9, [4, 4, 4, 5, 100]);
    expect(madZero.z).toBeNull();
    expect(madZero.outlier).toBeNull();
    expect(madZero.warnings.some((w) => w.startsWith('MAD is zero'))).toBe(true);
    expect(robustZ(1, []).z).toBeNull();
    const withNulls = zScore(4, [1, null, 3, null, 5]);
    expect(withNulls.n).toBe(3);
    expect(withNulls.z).toBeCloseTo(0.5, 12);
    expect(withNulls.warnings).toContain('2 missing reference value(s) dropped');
  });

  it('refuses NaN and Infinity as programmer errors', () => {
    expect(() => zScore(Number.NaN, [1, 2])).toThrow(OptionsError);
    expect(() => robustZ(1, [1, Number.POSITIVE_INFINITY])).toThrow(OptionsError);
  });

  const values = fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: 3, maxLength: 30 });
  test.prop([
    values,
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.double({ min: 0.01, max: 100, noNaN: true }),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  ])('z-scores are invariant to shifting and rescaling value and reference together', (ref, x, a, b) => {
    const z1 = zScore(x, ref);
    const z2 = zScore(
      a * x + b,
      ref.map((v) => a * v + b),
    );
    expect(z1.z === null).toBe(z2.z === null);
    // Relative tolerance: a large shift on a small scale costs digits to cancellation, nothing more.
    const close = (a: number, b: number) =>
      expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b)));
    if (z1.z !== null) close(z2.z!, z1.z);
    const r1 = robustZ(x, ref);
    const r2 = robustZ(
      a * x + b,
      ref.map((v) => a * v + b),
    );
    expect(r1.z === null).toBe(r2.z === null);
    if (r1.z !== null) close(r2.z!, r1.z);
    // A negative scale flips the sign.
    const r3 = robustZ(
      -x,
      ref.map((v) => -v),
    );
    if (r1.z !== null) close(r3.z!, -r1.z);
  });
});

describe('zScore, robustZ and growthZScore: the few-reference-values warning', () => {
  const five = [10, 11, 12, 13, 14];
  const twelve = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
  const few = (warnings: readonly string[]) => warnings.filter((w) => w.startsWith('few '));

  it('zScore warns with 5 reference values, quotes the harness rate and the t prediction cut-off', () => {
    const w = few(zScore(20, five).warnings);
    expect(w).toHaveLength(1);
    expect(w[0]).toContain('(n = 5)');
    expect(w[0]).toContain('|z| > 1.96 is not a 5% test');
    expect(w[0]).toContain('13.8%');
    expect(w[0]).toContain('use |z| > 3.04 for a two-sided 5% screen with 5 reference values');
    expect(few(zScore(20, twelve).warnings)).toEqual([]);
  });

  it('the zScore cut-off is the t(n − 1) 0.975 quantile times sqrt(1 + 1/n)', () => {
    // t(4) 0.975 = 2.776445 (tables, R qt(0.975, 4)); × sqrt(1 + 1/5) = 3.0414.
    expect(zCutoff(5)).toBeCloseTo(2.776445 * Math.sqrt(1.2), 5);
    expect(zCutoff(5)).toBeCloseTo(3.0414, 4);
    expect(zCutoff(1)).toBeNull();
  });

  it('robustZ warns with 5 reference values and not with 12', () => {
    const w = few(robustZ(20, five).warnings);
    expect(w).toHaveLength(1);
    expect(w[0]).toContain('(n = 5)');
    expect(w[0]).toContain('26.7%');
    expect(w[0]).toContain('11.7%');
    expect(w[0]).toContain('|z| > 3.04');
    expect(few(robustZ(20, twelve).warnings)).toEqual([]);
  });

  it('no warning when the score is null anyway', () => {
    expect(few(zScore(null, five).warnings)).toEqual([]);
    expect(few(zScore(5, [3, 3, 3]).warnings)).toEqual([]);
  });

  it('growthZScore warns with its own figures with 5 growth rates (and does not forward the others)', () => {
    const s = makeSeries({
      key: KG_KEY,
      currency: 'EUR',
      start: '2016',
      values: [100, 104, 102, 107, 105, 110, 220],
    });
    const g = growthZScore(s, { year: '2022' });
    expect(g.n).toBe(5);
    const w = few(g.warnings);
    expect(w).toHaveLength(1);
    expect(w[0]).toContain('few growth rates in the history (n = 5)');
    expect(w[0]).toContain('11.5% and 10.8%');
    expect(w[0]).toContain('use |z| > 3.04');
    const long = makeSeries({
      key: KG_KEY,
      currency: 'EUR',
      start: '2008',
      values: Array.from({ length: 15 }, (_, i) => 100 * 1.03 ** i * (1 + 0.02 * Math.sin(i))),
    });
    const gl = growthZScore(long, { year: '2022' });
    expect(gl.n).toBe(13);
    expect(few(gl.warnings)).toEqual([]);
  });
});

describe('growthZScore against the same computation in Python on real data', () => {
  it('scores 2022 growth of EU exports to KZ against 2020–2021 and warns that the history is short', () => {
    const ref = fixture.growthZScore.kz_2022!;
    const r = growthZScore(realSeries('KZ'), { year: '2022' });
    expectRelClose(r.growth, ref.growth, 1e-12);
    expect(r.history.map((h) => h.from)).toEqual(['2021-01', '2020-01']);
    r.history.forEach((h, i) => {
      expectRelClose(h.growth, ref.history[i]!, 1e-12);
    });
    expectRelClose(r.z, ref.z!, 1e-10);
    expectRelClose(r.robustZ, (ref.robustZ! * MAD_CONSTANT) / SM_C, 1e-10);
    expect(r.n).toBe(2);
    expect(r.warnings).toContain('short history: 2 growth rate(s) before 2022-01 (fewer than 5)');
    expect(GrowthZScoreResultSchema.parse(r)).toEqual(r);
  });

  it('scores a March–December window against the same window in earlier years', () => {
    const ref = fixture.growthZScore.kz_2023_03_12!;
    const r = growthZScore(realSeries('KZ'), { from: '2023-03', to: '2023-12' });
    expectRelClose(r.growth, ref.growth, 1e-12);
    expect(r.history.map((h) => h.growth)).toHaveLength(3);
    expectRelClose(r.mean, ref.mean!, 1e-10);
    expectRelClose(r.sd, ref.sd!, 1e-10);
    expectRelClose(r.z, ref.z!, 1e-9);
    expectRelClose(r.median, ref.median!, 1e-12);
    expectRelClose(r.mad, ref.mad!, 1e-10);
  });

  it('KG 2023: growth is no longer unusual once 2022 is in the history', () => {
    const ref = fixture.growthZScore.kg_2023!;
    const r = growthZScore(realSeries('KG'), { year: '2023' });
    expectRelClose(r.growth, ref.growth, 1e-12);
    expectRelClose(r.z, ref.z!, 1e-9);
    expect(Math.abs(r.z!)).toBeLessThan(1);
  });

  it('drops windows with gaps, works on annual series, and refuses bad windows', () => {
    const s = makeSeries({
      key: KG_KEY,
      currency: 'EUR',
      start: '2015',
      values: [100, null, 102, 107, 105, 0, 220, 230],
    });
    const r = growthZScore(s, { year: '2022', minHistory: 2 });
    expect(r.growth).toBeCloseTo(230 / 220 - 1, 12);
    // 2021 from a zero base, 2020 is zero (growth −1), 2017 and 2016 touch the gap.
    expect(r.history.map((h) => h.growth === null)).toEqual([true, false, false, false, true, true]);
    expect(r.n).toBe(3);
    expect(r.warnings.some((w) => w.startsWith('history growth undefined'))).toBe(true);
    expect(() => growthZScore(s, { from: '2022', to: '2021' })).toThrow(OptionsError);
    expect(() => growthZScore(realSeries('KG'), { from: '2022-01', to: '2023-03' })).toThrow(
      /at most one year/,
    );
    expect(() => growthZScore(realSeries('KG'), { from: '2022', to: '2022' })).toThrow(UnitMismatchError);
    expect(() => growthZScore(s, { year: '2030' })).toThrow(OptionsError);
  });
});
