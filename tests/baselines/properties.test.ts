import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  type Baseline,
  controlGroup,
  holtWinters,
  logLinearTrend,
  preWarMean,
  samePeriodPriorYear,
  seasonalTrend,
  stlForecast,
  syntheticControl,
} from '../../src/baselines/index.js';
import type { Counterfactual } from '../../src/model/result.js';
import type { Series } from '../../src/model/series.js';
import { euExports, quantile, series } from './helpers.js';

/** Every strategy, with the options that change its machinery. */
function allBaselines(draws: number, seed = 1): Baseline[] {
  const common = { draws, seed };
  return [
    preWarMean(common),
    preWarMean({ ...common, seasonal: true }),
    samePeriodPriorYear(common),
    logLinearTrend(common),
    seasonalTrend(common),
    stlForecast(common),
    stlForecast({ ...common, robust: true, forecast: 'drift' }),
    holtWinters({ ...common, seasonal: 'additive' }),
    holtWinters({ ...common, seasonal: 'multiplicative', damped: true }),
    holtWinters({ ...common, seasonal: 'multiplicative', trend: 'none' }),
    controlGroup(common),
    controlGroup({ ...common, scale: 'level', combine: 'sum' }),
    syntheticControl(common),
  ];
}

const closeRel = (a: number | null | undefined, b: number, tol: number): boolean =>
  a !== null && a !== undefined && Math.abs(a - b) <= tol * Math.abs(b);

describe('a constant series', () => {
  test.prop(
    [
      fc.double({ min: 1, max: 1e10, noNaN: true }),
      fc.integer({ min: 2, max: 14 }),
      fc.array(fc.double({ min: 1, max: 1e9, noNaN: true }), { minLength: 2, maxLength: 3 }),
    ],
    { numRuns: 12 },
  )(
    'gets expected = the constant, and paths equal to it, after the fit window under every baseline',
    (c, h, others) => {
      const n = 37 + h; // 2019-01..2022-01 fit window, then h periods
      const target = series(Array.from({ length: n }, () => c));
      const context = {
        controls: others.map((v, j) =>
          series(
            Array.from({ length: n }, () => v),
            '2019-01',
            `C${j}`,
          ),
        ),
        donors: others.map((v, j) =>
          series(
            Array.from({ length: n }, () => v),
            '2019-01',
            `D${j}`,
          ),
        ),
      };
      for (const b of allBaselines(40)) {
        const cf = b.fit(target, context);
        expect(cf.pathPeriods.length, b.name).toBe(h);
        expect(cf.paths.length, b.name).toBe(40);
        for (let i = 37; i < n; i++) {
          expect(closeRel(cf.expected[i], c, 1e-8), `${b.name} expected at ${cf.periods[i]}`).toBe(true);
          expect(closeRel(cf.lower[i], c, 1e-6), `${b.name} lower at ${cf.periods[i]}`).toBe(true);
          expect(closeRel(cf.upper[i], c, 1e-6), `${b.name} upper at ${cf.periods[i]}`).toBe(true);
        }
        for (const path of cf.paths) for (const v of path) expect(closeRel(v, c, 1e-6), b.name).toBe(true);
      }
    },
  );
});

/** A positive seasonal series with noise, 50 months from 2019-01. */
const seasonalArb = fc
  .record({
    level: fc.double({ min: 1e3, max: 1e9, noNaN: true }),
    amp: fc.double({ min: 0, max: 0.4, noNaN: true }),
    slope: fc.double({ min: -0.02, max: 0.03, noNaN: true }),
    noise: fc.array(fc.double({ min: -0.3, max: 0.3, noNaN: true }), { minLength: 50, maxLength: 50 }),
  })
  .map(({ level, amp, slope, noise }) =>
    noise.map((e, t) => level * Math.exp(slope * t + amp * Math.sin((2 * Math.PI * t) / 12) + e)),
  );

function expectScaled(a: Counterfactual, b: Counterfactual, k: number, name: string): void {
  const tol = 1e-6;
  const check = (x: number | null, y: number | null, what: string): void => {
    if (x === null) {
      expect(y, `${name} ${what}`).toBeNull();
      return;
    }
    expect(y, `${name} ${what}`).not.toBeNull();
    expect(Math.abs((y as number) - k * x), `${name} ${what}`).toBeLessThanOrEqual(
      tol * Math.abs(k * x) + 1e-300,
    );
  };
  a.expected.forEach((x, i) => {
    check(x, b.expected[i]!, `expected[${i}]`);
    check(a.lower[i]!, b.lower[i]!, `lower[${i}]`);
    check(a.upper[i]!, b.upper[i]!, `upper[${i}]`);
  });
  expect(b.paths.length, name).toBe(a.paths.length);
  a.paths.forEach((p, d) => {
    p.forEach((x, j) => {
      check(x, b.paths[d]![j]!, `paths[${d}][${j}]`);
    });
  });
}

describe('scale equivariance', () => {
  test.prop([seasonalArb, fc.double({ min: 1e-3, max: 1e3, noNaN: true })], { numRuns: 8 })(
    'scaling a series by k > 0 scales expected, lower, upper and paths by k under every baseline',
    (values, k) => {
      const s = series(values);
      const scaled = series(values.map((v) => v * k));
      const context = {
        controls: [euExports('GE'), euExports('UZ')],
        donors: [euExports('AM'), euExports('GE'), euExports('KZ')],
      };
      for (const b of allBaselines(30)) {
        expectScaled(b.fit(s, context), b.fit(scaled, context), k, b.name);
      }
    },
  );
});

describe('paths agree with the per-period bands of the parametric models', () => {
  const parametric: [string, Baseline, 'log' | 'level'][] = [
    ['preWarMean', preWarMean({ draws: 4000 }), 'level'],
    ['preWarMean seasonal', preWarMean({ draws: 4000, seasonal: true }), 'level'],
    ['samePeriodPriorYear', samePeriodPriorYear({ draws: 4000 }), 'log'],
    ['logLinearTrend', logLinearTrend({ draws: 4000 }), 'log'],
    // Six points, 4 degrees of freedom: the σ² draw (t tails) and β draws (leverage) both matter here.
    ['logLinearTrend, 6-month window', logLinearTrend({ draws: 4000, fit: ['2021-08', '2022-01'] }), 'log'],
    ['seasonalTrend', seasonalTrend({ draws: 4000 }), 'log'],
    ['stlForecast linear', stlForecast({ draws: 4000 }), 'log'],
    ['stlForecast drift', stlForecast({ draws: 4000, forecast: 'drift' }), 'log'],
    ['controlGroup log', controlGroup({ draws: 4000 }), 'log'],
    ['controlGroup level', controlGroup({ draws: 4000, scale: 'level' }), 'level'],
  ];
  for (const [label, b, scale] of parametric) {
    it(`${label}: 2.5% and 97.5% path quantiles within 5% of the band width of lower/upper (KZ, 4000 draws)`, () => {
      const target: Series<'EUR'> = euExports('KZ');
      const cf = b.fit(target, { controls: [euExports('GE'), euExports('UZ')] });
      const f = scale === 'log' ? Math.log : (x: number) => x;
      const start = cf.periods.length - cf.pathPeriods.length;
      expect(cf.pathPeriods.length).toBe(31);
      for (let j = 0; j < cf.pathPeriods.length; j++) {
        const col = cf.paths.map((p) => f(p[j]!)).sort((a, c) => a - c);
        const lo = f(cf.lower[start + j]!);
        const hi = f(cf.upper[start + j]!);
        const width = hi - lo;
        expect(width).toBeGreaterThan(0);
        expect(Math.abs(quantile(col, 0.025) - lo)).toBeLessThan(0.05 * width);
        expect(Math.abs(quantile(col, 0.975) - hi)).toBeLessThan(0.05 * width);
      }
    });
  }
});

describe('reproducibility', () => {
  it('the same seed gives identical paths, another seed different ones, under every baseline', () => {
    const target = euExports('KG');
    const context = {
      controls: [euExports('GE')],
      donors: [euExports('AM'), euExports('GE'), euExports('KZ')],
    };
    const first = allBaselines(50, 42).map((b) => b.fit(target, context));
    const again = allBaselines(50, 42).map((b) => b.fit(target, context));
    const other = allBaselines(50, 43).map((b) => b.fit(target, context));
    first.forEach((cf, i) => {
      expect(cf.paths.length).toBe(50);
      expect(cf.seed).toBe(42);
      expect(again[i]!.paths).toEqual(cf.paths);
      expect(other[i]!.paths).not.toEqual(cf.paths);
    });
  });

  it('a counterfactual survives JSON: no NaN or Infinity anywhere', () => {
    const target = euExports('AM');
    const context = {
      controls: [euExports('GE')],
      donors: [euExports('GE'), euExports('KZ'), euExports('UZ')],
    };
    for (const b of allBaselines(20)) {
      const cf = b.fit(target, context);
      expect(JSON.parse(JSON.stringify(cf))).toEqual(cf);
    }
  });
});
