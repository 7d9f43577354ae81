import { describe, expect, it } from 'vitest';
import {
  type Baseline,
  controlGroup,
  holtWinters,
  logLinearTrend,
  preWarMean,
  samePeriodPriorYear,
  seasonalTrend,
  stlDecompose,
  stlForecast,
  syntheticControl,
} from '../../src/baselines/index.js';
import { InsufficientDataError, OptionsError, UnitMismatchError } from '../../src/errors.js';
import { makeSeries } from '../../src/model/series.js';
import { euExports, series } from './helpers.js';

const everyBaseline = (): Baseline[] => [
  preWarMean(),
  preWarMean({ seasonal: true }),
  samePeriodPriorYear(),
  logLinearTrend(),
  seasonalTrend(),
  stlForecast(),
  holtWinters({ seasonal: 'additive' }),
  holtWinters({ seasonal: 'multiplicative' }),
  controlGroup(),
  syntheticControl(),
];
const context = { controls: [euExports('GE')], donors: [euExports('AM'), euExports('GE')] };

describe('degenerate input gets a typed error, never NaN', () => {
  it('an empty series', () => {
    for (const b of everyBaseline())
      expect(() => b.fit(series([]), context), b.name).toThrow(InsufficientDataError);
  });

  it('an all-null series', () => {
    const s = series(Array.from({ length: 40 }, () => null));
    for (const b of everyBaseline()) expect(() => b.fit(s, context), b.name).toThrow(InsufficientDataError);
  });

  it('a single observed point', () => {
    const s = series([5e6, ...Array.from({ length: 39 }, () => null)]);
    for (const b of everyBaseline()) expect(() => b.fit(s, context), b.name).toThrow(InsufficientDataError);
  });

  it('a fit window outside the data', () => {
    for (const b of [
      preWarMean({ fit: ['2010-01', '2012-12'] }),
      seasonalTrend({ fit: ['2030-01', '2031-12'] }),
    ]) {
      expect(() => b.fit(euExports('KG')), b.name).toThrow(OptionsError);
    }
    // The default window ends 2022-01: a series that starts later has no default window.
    const late = series(
      Array.from({ length: 30 }, () => 1e6),
      '2023-01',
    );
    expect(() => seasonalTrend().fit(late)).toThrow(/first observed in 2023-01, after 2022-01; pass fit/);
    // Leading nulls: the default window starts at the first observed period.
    const leading = series([
      ...Array.from({ length: 50 }, () => null),
      ...Array.from({ length: 10 }, () => 1e6),
    ]);
    expect(() => preWarMean().fit(leading)).toThrow(/first observed in 2023-03, after 2022-01/);
  });

  it('a fit window at another frequency', () => {
    expect(() => preWarMean({ fit: ['2019', '2021'] }).fit(euExports('KG'))).toThrow(OptionsError);
  });

  it('seasonal models on annual data', () => {
    const annual = makeSeries({
      key: { reporter: 'EU27_2020', partner: 'KZ', flow: 'export', product: 'TOTAL' },
      currency: 'EUR',
      start: '2010',
      values: [4e9, 4.5e9, 5e9, 5.2e9, 5.1e9, 4.9e9, 5.3e9, 5.6e9, 6.1e9, 6.3e9, 5.9e9, 6.2e9, 9.1e9, 10.4e9],
    });
    for (const b of [
      seasonalTrend(),
      stlForecast(),
      holtWinters({ seasonal: 'additive' }),
      preWarMean({ seasonal: true }),
    ]) {
      expect(() => b.fit(annual), b.name).toThrow(OptionsError);
    }
    // Annual series work where the model has no seasons: the EBRD's 2017–19 pre-war mean.
    const cf = preWarMean({ fit: ['2017', '2019'] }).fit(annual);
    expect(cf.fitWindow).toEqual({ from: '2017', to: '2019' });
    expect(cf.expected[13]).toBeCloseTo((5.6e9 + 6.1e9 + 6.3e9) / 3, 0);
    expect(cf.pathPeriods).toEqual(['2020', '2021', '2022', '2023']);
    expect(logLinearTrend().fit(annual).pathPeriods).toEqual(['2022', '2023']);
  });

  it('a seasonal window missing a calendar month', () => {
    const s = euExports('KZ');
    const values = s.values.map((v, i) => (s.periods[i]!.endsWith('-03') ? null : v));
    expect(() => seasonalTrend().fit(series(values))).toThrow(/missing month 3/);
  });

  it('controls or donors missing, or at another frequency', () => {
    const kg = euExports('KG');
    expect(() => controlGroup().fit(kg)).toThrow(/context\.controls/);
    expect(() => syntheticControl().fit(kg, { donors: [] })).toThrow(OptionsError);
    const annual = makeSeries({
      key: { reporter: 'EU27_2020', partner: 'GE', flow: 'export', product: 'TOTAL' },
      currency: 'EUR',
      start: '2019',
      values: [1, 2, 3],
    });
    expect(() => controlGroup().fit(kg, { controls: [annual] })).toThrow(UnitMismatchError);
    expect(() => syntheticControl().fit(kg, { donors: [annual] })).toThrow(UnitMismatchError);
  });
});

describe('options are checked when the baseline is made', () => {
  it('refuses unknown options, bad levels, draws, seeds and windows', () => {
    expect(() => seasonalTrend({ fitWindow: ['2019-01', '2022-01'] } as never)).toThrow(
      /does not take option "fitWindow"/,
    );
    expect(() => seasonalTrend({ level: 1 })).toThrow(OptionsError);
    expect(() => seasonalTrend({ level: 0 })).toThrow(OptionsError);
    expect(() => seasonalTrend({ draws: 0 })).toThrow(OptionsError);
    expect(() => seasonalTrend({ draws: 2.5 })).toThrow(OptionsError);
    expect(() => seasonalTrend({ seed: 0.5 })).toThrow(OptionsError);
    expect(() => seasonalTrend({ fit: ['2022-01', '2019-01'] })).toThrow(OptionsError);
    expect(() => seasonalTrend({ fit: ['2019-13', '2022-01'] })).toThrow(OptionsError);
    expect(() => seasonalTrend({ exclude: [['2020-12', '2020-03']] })).toThrow(OptionsError);
    expect(() => samePeriodPriorYear({ lag: 0 })).toThrow(OptionsError);
    expect(() => holtWinters({} as never)).toThrow(/requires seasonal/);
    expect(() => holtWinters({ seasonal: 'additive', trend: 'none', damped: true })).toThrow(OptionsError);
    expect(() => stlForecast({ seasonalWindow: 8 })).toThrow(OptionsError);
    expect(() => syntheticControl({ block: 0 })).toThrow(OptionsError);
    expect(() => controlGroup({ scale: 'ratio' as never })).toThrow(/one of 'log', 'level'/);
    expect(() => stlDecompose([1, 2, 3], { period: 12 })).toThrow(InsufficientDataError);
    expect(() =>
      stlDecompose(
        Array.from({ length: 30 }, () => Number.NaN),
        { period: 12 },
      ),
    ).toThrow(OptionsError);
  });

  it('reports resolved settings before seeing data', () => {
    const b = seasonalTrend();
    expect(b.name).toBe('seasonalTrend');
    expect(b.settings).toEqual({
      fit: 'first observed period to 2022-01 (monthly) or 2021 (annual)',
      level: 0.95,
      seed: 1,
      draws: 1000,
      noise: 'ar1',
      point: 'mean',
    });
    const cf = b.fit(euExports('KZ'));
    expect(cf.method).toBe('seasonalTrend');
    expect(cf.settings.fit).toEqual(['2019-01', '2022-01']);
    expect(cf.level).toBe(0.95);
    expect(cf.seed).toBe(1);
    expect(cf.paths.length).toBe(1000);
  });
});

describe('warnings in plain words', () => {
  it('zero and negative values in a log model are dropped with a warning', () => {
    const s = euExports('KZ');
    const values = s.values.map((v, i) => (i === 5 ? 0 : i === 9 ? -3 : v));
    const cf = logLinearTrend().fit(series(values));
    expect(cf.warnings[0]).toMatch(/^2 zero or negative values in the fit window dropped.*2019-06, 2019-10/);
    expect(cf.fit.n).toBe(35);
    // In levels the same values are used as they are.
    expect(preWarMean().fit(series(values)).fit.n).toBe(37);
  });

  it('too few positive values left is an InsufficientDataError', () => {
    const values = [1e6, 0, 0, -1, 2e6, 0, ...Array.from({ length: 31 }, () => 0)];
    expect(() => logLinearTrend().fit(series(values))).toThrow(/requires at least 4 positive values/);
  });

  it('gaps, COVID months and a short seasonal window', () => {
    const s = euExports('KZ');
    const values = s.values.map((v, i) =>
      s.periods[i] === '2021-04' || s.periods[i] === '2021-05' ? null : v,
    );
    const cf = seasonalTrend({ fit: ['2020-01', '2022-01'] }).fit(series(values));
    expect(cf.warnings).toContain('the fit window has 2 gaps (missing values): 2021-04, 2021-05');
    expect(cf.warnings.some((w) => /includes 10 COVID months \(2020-03\.\.2020-12\)/.test(w))).toBe(true);
    expect(cf.warnings.some((w) => /short fit window: 23 observed months/.test(w))).toBe(true);
    expect(cf.fit.n).toBe(23);
    // Gaps get expected values like any other period; only the fit skips them.
    expect(cf.expected[s.periods.indexOf('2021-04')]).toBeGreaterThan(0);
  });

  it('exclude leaves periods out of the fit and says so instead of warning about COVID', () => {
    const cf = seasonalTrend({ exclude: [['2020-03', '2020-12']] }).fit(euExports('KG'));
    expect(cf.fit.n).toBe(27);
    expect(cf.warnings).toEqual([
      '10 periods excluded from the fit as asked: 2020-03, 2020-04, 2020-05, 2020-06, 2020-07, 2020-08, … (10 in all)',
    ]);
    expect(cf.settings.exclude).toEqual([['2020-03', '2020-12']]);
  });

  it('a near-zero base: pre-period mean tiny relative to later values', () => {
    const values = [
      ...Array.from({ length: 37 }, (_, i) => 1000 + (i % 12) * 50),
      ...Array.from({ length: 12 }, () => 5e5),
    ];
    const cf = preWarMean().fit(series(values));
    expect(
      cf.warnings.some((w) => w.startsWith('near-zero base: the fit-window mean (1,268 EUR) is tiny')),
    ).toBe(true);
    const tiny = preWarMean().fit(series(Array.from({ length: 40 }, () => 12)));
    expect(
      tiny.warnings.some((w) => w.startsWith('near-zero base: the fit-window mean is 12 EUR a period')),
    ).toBe(true);
    expect(
      preWarMean()
        .fit(euExports('KZ'))
        .warnings.some((w) => w.startsWith('near-zero')),
    ).toBe(false);
  });

  it('a missing base-year value leaves samePeriodPriorYear without paths, not with NaN', () => {
    const s = euExports('KZ');
    const values = s.values.map((v, i) => (s.periods[i] === '2021-07' ? null : v));
    const cf = samePeriodPriorYear().fit(series(values));
    expect(cf.paths).toEqual([]);
    expect(cf.expected[s.periods.indexOf('2022-07')]).toBeNull();
    expect(cf.expected[s.periods.indexOf('2022-08')]).toBe(s.values[s.periods.indexOf('2021-08')]);
    expect(cf.warnings.some((w) => w.startsWith('no usable base-year value for 3 periods'))).toBe(true);
  });

  it('Holt–Winters and STL interpolate interior gaps and say so', () => {
    const s = euExports('KZ');
    const values = s.values.map((v, i) => (s.periods[i] === '2020-06' ? null : v));
    for (const b of [holtWinters({ seasonal: 'multiplicative' }), stlForecast()]) {
      const cf = b.fit(series(values));
      expect(
        cf.warnings.some((w) => w.startsWith('1 missing or excluded value(s) in the fit window filled')),
        b.name,
      ).toBe(true);
      expect(cf.paths.length).toBe(1000);
    }
  });
});
