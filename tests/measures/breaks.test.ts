import { describe, expect, it } from 'vitest';
import { makeSeries, monthOf, OptionsError, UnitMismatchError } from '../../src/index.js';
import {
  ANDREWS_CRITICAL_VALUES_15,
  ChowTestResultSchema,
  chowTest,
  SupFResultSchema,
  supF,
} from '../../src/measures/index.js';
import { expectRelClose, fixture, KG_KEY, normals, realSeries } from './helpers.js';

const kg = realSeries('KG');

describe('chowTest against statsmodels on EU27_2020 exports to KG, break at 2022-03', () => {
  for (const ref of fixture.breaks) {
    it(`${ref.design}, breakIn ${ref.breakIn}: F, df, p and both SSRs`, () => {
      const r = chowTest(kg, { breakAt: '2022-03', design: ref.design, breakIn: ref.breakIn, errors: 'iid' });
      expect(r.columns).toEqual(ref.columns);
      expect(r.q).toBe(ref.q);
      expect(r.df1).toBe(ref.chow.df1);
      expect(r.df2).toBe(ref.chow.df2);
      expect(r.n1).toBe(ref.chow.n1);
      expect(r.n2).toBe(ref.chow.n2);
      expectRelClose(r.ssrRestricted, ref.chow.ssrRestricted, 1e-10);
      expectRelClose(r.ssrUnrestricted, ref.chow.ssrUnrestricted, 1e-10);
      expectRelClose(r.F, ref.chow.F, 1e-10);
      expectRelClose(r.p, ref.chow.p, 1e-7);
      // The classic F (errors 'iid', statsmodels' test) only warns that the residuals are autocorrelated.
      expect(r.warnings.filter((w) => !w.includes('autocorrelated'))).toEqual([]);
      expect(ChowTestResultSchema.parse(r)).toEqual(r);
    });
  }

  it('defaults to the seasonalTrend design with every coefficient breaking, on log values', () => {
    const r = chowTest(kg, { breakAt: '2022-03' });
    expect(r.settings).toEqual({
      breakAt: '2022-03',
      design: 'seasonalTrend',
      log: true,
      breakIn: 'all',
      errors: 'ar1',
    });
    // KG's residuals are close to a unit root (REML AR(1) about 0.97): under AR(1) errors the surge is no longer
    // a significant break, and the test says it is unreliable there. The classic F is errors 'iid'.
    expect(r.ar1).toBeGreaterThan(0.9);
    expect(r.warnings.some((w) => w.includes('close to a unit root'))).toBe(true);
    const classic = chowTest(kg, { breakAt: '2022-03', errors: 'iid' });
    expect(classic.F).toBeCloseTo(fixture.breaks[0]!.chow.F, 9);
    expect(classic.p!).toBeLessThan(1e-8);
    expect(classic.warnings.some((w) => w.includes('autocorrelated'))).toBe(true);
  });

  it('gives the same F for a { y, X } input with the same design', () => {
    const y = kg.values.map((v) => Math.log(v!));
    const X = kg.periods.map((p, t) => [
      1,
      t,
      ...Array.from({ length: 11 }, (_, m) => (monthOf(p) === m + 2 ? 1 : 0)),
    ]);
    const byRow = chowTest({ y, X }, { breakAt: kg.periods.indexOf('2022-03') });
    const byPeriod = chowTest({ y, X, periods: kg.periods }, { breakAt: '2022-03', breakIn: [0, 1] });
    expect(byRow.F).toBeCloseTo(fixture.breaks[0]!.chow.F, 9);
    expect(byPeriod.F).toBeCloseTo(fixture.breaks[1]!.chow.F, 9);
    expect(byRow.key).toBeNull();
  });

  it('reports reduced df1 with a warning when a regime cannot identify every coefficient', () => {
    // Six months after the break cannot identify 13 post-break coefficients.
    const r = chowTest(kg, { breakAt: '2024-03' });
    expect(r.n2).toBe(6);
    expect(r.df1).toBeLessThan(13);
    expect(r.df1).toBeGreaterThan(0);
    expect(r.F).not.toBeNull();
    expect(r.warnings.some((w) => w.startsWith(`only ${r.df1} of 13 breaking coefficients`))).toBe(true);
  });

  it('drops missing and zero values from the log regression with a warning', () => {
    const values = kg.values.map((v, i) => (i === 5 ? null : i === 7 ? 0 : v));
    const s = makeSeries({ key: KG_KEY, currency: 'EUR', start: kg.periods[0]!, values });
    const r = chowTest(s, { breakAt: '2022-03' });
    expect(r.n).toBe(kg.values.length - 2);
    expect(r.warnings).toContain('1 period(s) without a value left out of the regression');
    expect(r.warnings.some((w) => w.includes('zero or negative values have no log: 2019-08'))).toBe(true);
  });

  it('finds no break in stationary noise (p well above 0.01) and a clear one in a level shift', () => {
    const z = normals(3);
    const noise = Array.from({ length: 60 }, () => 100 + z());
    const s = makeSeries({ key: KG_KEY, currency: 'EUR', start: '2015-01', values: noise });
    const flat = chowTest(s, { breakAt: '2017-07', design: 'trend', log: false });
    expect(flat.p!).toBeGreaterThan(0.01);
    const shifted = makeSeries({
      key: KG_KEY,
      currency: 'EUR',
      start: '2015-01',
      values: noise.map((v, i) => (i >= 30 ? v + 5 : v)),
    });
    const jump = chowTest(shifted, { breakAt: '2017-07', design: 'mean', log: false });
    expect(jump.p!).toBeLessThan(1e-10);
  });

  it('refuses breaks outside the sample and mismatched options with typed errors', () => {
    expect(() => chowTest(kg, { breakAt: '2019-01' })).toThrow(OptionsError);
    expect(() => chowTest(kg, { breakAt: '2030-01' })).toThrow(OptionsError);
    expect(() => chowTest(kg, { breakAt: '2022' })).toThrow(UnitMismatchError);
    const annual = makeSeries({ key: KG_KEY, currency: 'EUR', start: '2015', values: [1, 2, 3, 4, 5, 6] });
    expect(() => chowTest(annual, { breakAt: '2018', design: 'seasonalTrend' })).toThrow(OptionsError);
    expect(() => chowTest({ y: [1, 2, 3], X: [[1], [1], [1]] }, { breakAt: 1, design: 'mean' })).toThrow(
      OptionsError,
    );
    expect(() => chowTest({ y: [1, 2, 3], X: [[1], [1]] }, { breakAt: 1 })).toThrow(OptionsError);
    expect(() => chowTest(kg, { breakAt: '2022-03', breakIn: [20] })).toThrow(OptionsError);
    expect(() => chowTest({ y: [1, 2, 3], X: [[1], [1], [1]] }, { breakAt: '2022-03' })).toThrow(
      /requires periods/,
    );
  });
});

describe('supF against statsmodels F statistics at every candidate date', () => {
  for (const ref of fixture.breaks) {
    it(`${ref.design}, breakIn ${ref.breakIn}: the F sequence, its maximum and argmax`, () => {
      const r = supF(kg, { design: ref.design, breakIn: ref.breakIn, errors: 'iid' });
      expect(r.candidates.map((c) => c.period)).toEqual(ref.supF.candidates.map((c) => c.period));
      r.candidates.forEach((c, i) => {
        const want = ref.supF.candidates[i]!.F;
        if (want === null) expect(c.F).toBeNull();
        else expectRelClose(c.F, want, 1e-9);
      });
      expectRelClose(r.supF, ref.supF.supF, 1e-10);
      expect(r.breakAt).toBe(ref.supF.breakAt);
      expect(r.breakIndex).toBe(kg.periods.indexOf(ref.supF.breakAt));
      expect(r.q).toBe(ref.q);
      const cv = ANDREWS_CRITICAL_VALUES_15[ref.q - 1]!;
      expect(r.criticalValues).toMatchObject({ '0.10': cv[0], '0.05': cv[1], '0.01': cv[2] });
      // The surge after the invasion is a break far beyond the 1% critical value.
      expect(r.supF!).toBeGreaterThan(cv[2]);
      // By default the p-value is simulated (2000 draws, seed 1): no simulated sup-F reaches the surge.
      expect(r.settings.simulate).toEqual({ draws: 2000, seed: 1 });
      expect(r.p).toBeCloseTo(1 / 2001, 12);
      const off = supF(kg, { design: ref.design, breakIn: ref.breakIn, errors: 'iid', simulate: false });
      expect(off).toMatchObject({ p: null, simulatedCriticalValues: null, supF: r.supF });
      expect(SupFResultSchema.parse(r)).toEqual(r);
    });
  }

  it('skips candidates that cannot identify every coefficient and says the trimming grew', () => {
    const r = supF(kg);
    const nulls = r.candidates.filter((c) => c.F === null).map((c) => c.period);
    expect(nulls).toEqual(
      fixture.breaks[0]!.supF.candidates.filter((c) => c.F === null).map((c) => c.period),
    );
    expect(nulls.length).toBeGreaterThan(0);
    expect(r.effectiveRange![0]).toBeGreaterThan(0.15);
    expect(r.warnings.some((w) => w.includes('effective trimming is larger than 0.15'))).toBe(true);
    expect(r.warnings.some((w) => w.includes('Vogelsang'))).toBe(true);
  });

  it('has no tabulated critical values for another trim, and simulates them on request', () => {
    const r = supF(kg, { trim: 0.2, design: 'trend', errors: 'iid', simulate: { draws: 500, seed: 5 } });
    expect(r.criticalValues).toBeNull();
    expect(r.simulatedCriticalValues!['0.05']).toBeGreaterThan(r.simulatedCriticalValues!['0.10']);
    expect(r.p).toBeCloseTo(1 / 501, 12); // nothing simulated reaches the observed sup-F
    const again = supF(kg, { trim: 0.2, design: 'trend', errors: 'iid', simulate: { draws: 500, seed: 5 } });
    expect(again.simulatedCriticalValues).toEqual(r.simulatedCriticalValues);
  });

  it('Andrews critical values: the simulated limit process reproduces the table (q = 1, 3)', () => {
    // A long regression on a constant (q = 1) and on three regressors; under the null there is no break, but the
    // simulated null distribution depends only on the candidate fractions and q.
    const n = 400;
    const z = normals(11);
    const y = Array.from({ length: n }, () => z());
    const X1 = y.map(() => [1]);
    const X3 = y.map(() => [1, z(), z()]);
    for (const [X, q, draws] of [
      [X1, 1, 6000],
      [X3, 3, 3000],
    ] as const) {
      const r = supF({ y, X }, { simulate: { draws, seed: 2 } });
      const sim = r.simulatedCriticalValues!;
      const table = ANDREWS_CRITICAL_VALUES_15[q - 1]!;
      // Monte Carlo and discretisation error (a finite grid slightly lowers the sup): within 6% at 10% and 5%.
      expect(Math.abs(sim['0.10'] / table[0] - 1)).toBeLessThan(0.06);
      expect(Math.abs(sim['0.05'] / table[1] - 1)).toBeLessThan(0.06);
      expect(Math.abs(sim['0.01'] / table[2] - 1)).toBeLessThan(0.12);
      // Under the null, sup-F rarely exceeds the 5% value, and the p-value is not tiny.
      expect(r.p!).toBeGreaterThan(0.001);
    }
  });

  it('finds a planted level break at the right date', () => {
    const z = normals(21);
    const values = Array.from({ length: 80 }, (_, i) => 100 + z() + (i >= 50 ? 4 : 0));
    const s = makeSeries({ key: KG_KEY, currency: 'EUR', start: '2015-01', values });
    const r = supF(s, { design: 'mean', log: false, errors: 'iid', simulate: { draws: 400 } });
    expect(r.breakAt).toBe(s.periods[50]);
    expect(r.supF!).toBeGreaterThan(r.criticalValues!['0.01']);
    expect(r.p).toBeCloseTo(1 / 401, 12);
    expect(r.warnings).toEqual([]);
    // With AR(1) errors estimated without a break (the default), the break looks like autocorrelation: it warns,
    // and estimating ρ at the break finds it again.
    const ar = supF(s, { design: 'mean', log: false, simulate: { draws: 400 } });
    expect(ar.warnings.some((w) => w.includes('a break may be taken for autocorrelation'))).toBe(true);
    const atBreak = supF(s, { design: 'mean', log: false, rhoFrom: 'break', simulate: { draws: 400 } });
    expect(atBreak.p!).toBeLessThan(0.01);
  });

  it('refuses a trim outside (0, 0.5) and returns null sup-F when nothing can be tested', () => {
    expect(() => supF(kg, { trim: 0.5 })).toThrow(OptionsError);
    expect(() => supF(kg, { trim: 0 })).toThrow(OptionsError);
    const tiny = makeSeries({ key: KG_KEY, currency: 'EUR', start: '2022-01', values: [1, 2, 3, 4, 5, 6] });
    const r = supF(tiny);
    expect(r.supF).toBeNull();
    expect(r.breakAt).toBeNull();
    expect(r.warnings.some((w) => w.includes('supF is null'))).toBe(true);
  });
});
