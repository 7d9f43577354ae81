import { describe, expect, it } from 'vitest';
import { PpmlResultSchema, ppml, toPanel } from '../../src/inference/index.js';
import { makeSeries } from '../../src/model/series.js';
import { fixture } from './fixture.js';

describe('ppml on the synthetic Poisson panel (statsmodels GLM Poisson with dummies)', () => {
  const syn = fixture.ppml;
  const opts = { outcome: 'y', regressors: ['D', 'x'], fixedEffects: ['unit', 'period'] } as const;

  it('HC0: coefficients and robust SEs match statsmodels; the all-zero unit is dropped with a warning', () => {
    const ref = syn.cases.HC0;
    const r = ppml(syn.records, { ...opts, vcov: 'HC0' });
    expect(r.n).toBe(ref.n);
    expect(r.diagnostics.separated).toBe(24);
    expect(r.warnings.some((w) => w.includes('separation'))).toBe(true);
    expect(r.diagnostics.converged).toBe(true);
    expect(r.diagnostics.deviance).toBeCloseTo(ref.deviance!, 6);
    for (const c of r.coefficients) {
      const x = ref.coefficients[c.term]!;
      expect(c.estimate).toBeCloseTo(x.estimate, 8);
      expect(c.se).toBeCloseTo(x.se, 8);
      expect(c.p).toBeCloseTo(x.p, 8);
      expect(c.interval.lower).toBeCloseTo(x.lower, 7);
    }
    // Zeros other than the separated unit are kept.
    expect(syn.zeros).toBeGreaterThan(24);
    expect(r.interval.lower!).toBeLessThan(syn.trueEffect);
    expect(r.interval.upper!).toBeGreaterThan(syn.trueEffect);
    expect(PpmlResultSchema.parse(JSON.parse(JSON.stringify(r)))).toEqual(r);
  });

  it('cluster: CR1 SEs match statsmodels GLM cov_type=cluster', () => {
    const ref = syn.cases.cluster;
    const r = ppml(syn.records, { ...opts, cluster: 'unit' });
    expect(r.settings.vcov).toBe('cluster');
    for (const c of r.coefficients) {
      const x = ref.coefficients[c.term]!;
      expect(c.estimate).toBeCloseTo(x.estimate, 8);
      expect(c.se).toBeCloseTo(x.se, 8);
    }
  });

  it('rejects a negative outcome naming the row and field', () => {
    expect(() => ppml([{ y: -1, D: 0 }], { outcome: 'y', regressors: ['D'] })).toThrow(/\[0\]\.y/);
  });
});

describe('ppml with three two-way fixed effects (the DDD design; statsmodels GLM with full-rank dummies)', () => {
  it('absorbs unit×group, unit×period and group×period effects and counts their rank like the dummies (k = 224)', () => {
    const ddd = fixture.ddd;
    const ref = ddd.cases.ppmlCluster;
    const rows = ddd.records.map((r) => ({
      ...r,
      y: r.y / 1e3,
      DDD: r.treated && r.group === 'sanctioned' && r.post ? 1 : 0,
    }));
    const r = ppml(rows, {
      outcome: 'y',
      regressors: ['DDD'],
      fixedEffects: [
        ['unit', 'group'],
        ['unit', 'period'],
        ['group', 'period'],
      ],
      cluster: 'unit',
    });
    expect(r.settings.fixedEffects).toEqual(['unit×group', 'unit×period', 'group×period']);
    expect(r.diagnostics.fixedEffectLevels).toEqual([16, 192, 48]);
    expect(r.estimate).toBeCloseTo(ref.coefficients.DDD!.estimate, 8);
    expect(r.se).toBeCloseTo(ref.coefficients.DDD!.se, 8);
    expect(r.diagnostics.deviance).toBeCloseTo(ref.deviance!, 6);
  });
});

describe('ppml on the real EU27 panel (EUR million; statsmodels reference)', () => {
  const real = fixture.real;
  const series = Object.entries(real.series).map(([partner, values]) =>
    makeSeries({
      key: { reporter: 'EU27_2020', partner, flow: 'export', product: 'TOTAL' },
      currency: 'EUR',
      start: real.start,
      values,
    }),
  );
  const panel = toPanel(series, {
    treated: (k) => real.treated.includes(k.partner),
    post: real.post,
    exclude: real.exclude,
  });
  const rows = panel.records.map((r) => ({
    unit: r.unit,
    period: r.period,
    y: r.y === null ? null : r.y / 1e6,
    D: r.treated && r.post ? 1 : 0,
  }));

  it('HC0 and cluster SEs match statsmodels, and the estimate does not depend on the unit of y', () => {
    const hc0 = ppml(rows, { outcome: 'y', regressors: ['D'], fixedEffects: ['unit', 'period'] });
    const c = real.cases.ppmlHC0.coefficients.D!;
    expect(hc0.estimate).toBeCloseTo(c.estimate, 8);
    expect(hc0.se).toBeCloseTo(c.se, 8);
    const cl = ppml(rows, {
      outcome: 'y',
      regressors: ['D'],
      fixedEffects: ['unit', 'period'],
      cluster: 'unit',
    });
    expect(cl.se).toBeCloseTo(real.cases.ppmlCluster.coefficients.D!.se, 8);
    expect(cl.warnings.some((w) => w.includes('only 5 clusters'))).toBe(true);
    const eur = ppml(
      rows.map((x) => ({ ...x, y: x.y === null ? null : x.y * 1e6 })),
      { outcome: 'y', regressors: ['D'], fixedEffects: ['unit', 'period'] },
    );
    expect(eur.estimate).toBeCloseTo(c.estimate, 8);
    expect(eur.se).toBeCloseTo(c.se, 8);
  });
});
