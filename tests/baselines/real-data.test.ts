// The baselines on real Eurostat Comext data: EU27_2020 exports (EUR) to the Kyrgyz Republic and its neighbours,
// 2019-01..2024-08 (tests/fixtures/reference/baselines-input.json, copied from the shared raw data).
import { describe, expect, it } from 'vitest';
import {
  controlGroup,
  holtWinters,
  logLinearTrend,
  preWarMean,
  samePeriodPriorYear,
  seasonalTrend,
  stlForecast,
  syntheticControl,
} from '../../src/baselines/index.js';
import { euExports, pathSums, quantile, sum } from './helpers.js';

const kg = euExports('KG');
const at = (p: string): number => kg.periods.indexOf(p);

describe('EU27 → KG under seasonalTrend fitted on 2019-01..2022-01', () => {
  const cf = seasonalTrend({ fit: ['2019-01', '2022-01'] }).fit(kg);
  const from = cf.pathPeriods.indexOf('2022-03');
  const to = cf.pathPeriods.length;
  const actual = sum(kg.values, at('2022-03'), at('2024-08') + 1);
  const sums = pathSums(cf.paths, from, to);

  it('fits the window it was asked to, with the COVID months flagged', () => {
    expect(cf.fitWindow).toEqual({ from: '2019-01', to: '2022-01' });
    expect(cf.pathPeriods[0]).toBe('2022-02');
    expect(cf.pathPeriods[to - 1]).toBe('2024-08');
    expect(cf.warnings.some((w) => w.includes('COVID'))).toBe(true);
    expect(cf.fit.n).toBe(37);
  });

  it('puts the 2022-03..2024-08 actual far above the 97.5% quantile of the path sums', () => {
    expect(actual).toBeCloseTo(5_743_923_573, 0);
    const q975 = quantile(sums, 0.975);
    expect(q975).toBeGreaterThan(0);
    expect(actual).toBeGreaterThan(5 * q975);
    // The cumulative excess interval (actual − path sums) excludes zero with room to spare.
    const excess = sums.map((s) => actual - s).sort((a, b) => a - b);
    expect(quantile(excess, 0.025)).toBeGreaterThan(4e9);
  });

  it('expects about EUR 0.54 bn over the 30 months, a tenth of what was exported (golden)', () => {
    // AR(1) errors by GLS (ρ about 0.57, 90% posterior 0.25–0.875): the trend is −0.80% a month instead of OLS's
    // −0.85%, and the lognormal mean carries the wider predictive variance, so 0.5352 bn instead of OLS's 0.5165.
    const expected = sum(cf.expected, at('2022-03'), at('2024-08') + 1);
    expect(expected / 1e9).toBeCloseTo(0.5352, 3);
    expect(actual / expected).toBeGreaterThan(10);
    const iid = seasonalTrend({ fit: ['2019-01', '2022-01'], noise: 'iid' }).fit(kg);
    expect(sum(iid.expected, at('2022-03'), at('2024-08') + 1) / 1e9).toBeCloseTo(0.5165, 3);
  });
});

describe('placebo inside the pre-period (fit 2019-01..2020-12, "post" 2021)', () => {
  const actual2021 = sum(kg.values, at('2021-01'), at('2021-12') + 1);

  it('seasonalTrend rejects the placebo: the COVID dip tilts the 2019–20 trend down (documented finding)', () => {
    // Investigated: 10 of the 24 fit months are COVID months (2020 exports to KG were ~30% below 2019), so the
    // fitted trend is about −2.9% a month and the 2021 counterfactual (≈ EUR 170 m) undershoots the actual
    // EUR 263 m, which returned to the 2020 level rather than falling further. A false positive caused by the
    // window, not by the model's intervals: see the two checks below.
    const cf = seasonalTrend({ fit: ['2019-01', '2020-12'] }).fit(kg);
    const slope = (cf.settings.model as { coefficients: Record<string, number> }).coefficients.t!;
    expect(slope).toBeLessThan(-0.02);
    expect(cf.warnings.some((w) => w.includes('10 COVID months'))).toBe(true);
    const sums = pathSums(cf.paths, 0, 12);
    expect(cf.pathPeriods.slice(0, 12)).toEqual(kg.periods.slice(at('2021-01'), at('2021-12') + 1));
    expect(actual2021).toBeGreaterThan(quantile(sums, 0.975));
  });

  it('the same placebo holds for baselines that do not extrapolate the COVID slope', () => {
    for (const b of [
      preWarMean({ fit: ['2019-01', '2020-12'], seasonal: true }),
      samePeriodPriorYear({ fit: ['2019-01', '2020-12'] }),
      logLinearTrend({ fit: ['2019-01', '2020-12'], exclude: [['2020-03', '2020-12']] }),
    ]) {
      const cf = b.fit(kg);
      const sums = pathSums(cf.paths, 0, 12);
      expect(actual2021, b.name).toBeGreaterThan(quantile(sums, 0.025));
      expect(actual2021, b.name).toBeLessThan(quantile(sums, 0.975));
    }
  });

  it('seasonalTrend passes a placebo whose window ends 2021-06 ("post" 2021-07..2022-01)', () => {
    const cf = seasonalTrend({ fit: ['2019-01', '2021-06'] }).fit(kg);
    const actual = sum(kg.values, at('2021-07'), at('2022-01') + 1);
    const sums = pathSums(cf.paths, 0, 7);
    expect(actual).toBeGreaterThan(quantile(sums, 0.025));
    expect(actual).toBeLessThan(quantile(sums, 0.975));
  });
});

describe('every baseline finds the KG excess after the invasion', () => {
  const context = {
    controls: [euExports('GE'), euExports('UZ')],
    donors: [euExports('AM'), euExports('GE'), euExports('KZ'), euExports('UZ')],
  };
  const actual = sum(kg.values, at('2022-03'), at('2024-08') + 1);
  for (const b of [
    preWarMean(),
    preWarMean({ seasonal: true }),
    samePeriodPriorYear(),
    logLinearTrend(),
    seasonalTrend(),
    stlForecast(),
    stlForecast({ robust: true }),
    holtWinters({ seasonal: 'additive' }),
    holtWinters({ seasonal: 'multiplicative', damped: true }),
    controlGroup(),
    syntheticControl(),
  ]) {
    it(`${b.name} ${JSON.stringify(b.settings).slice(0, 60)}…: actual above the 97.5% path-sum quantile`, () => {
      const cf = b.fit(kg, context);
      const from = cf.pathPeriods.indexOf('2022-03');
      const sums = pathSums(cf.paths, from, cf.pathPeriods.length);
      expect(sums.length).toBe(1000);
      expect(actual).toBeGreaterThan(quantile(sums, 0.975));
      expect(cf.fitWindow).toEqual({ from: '2019-01', to: '2022-01' });
    });
  }
});
