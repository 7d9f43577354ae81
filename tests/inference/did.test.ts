import { describe, expect, it } from 'vitest';
import { did, toPanel } from '../../src/inference/index.js';
import { makeSeries } from '../../src/model/series.js';
import { fixture } from './fixture.js';

describe('did on the real EU27 panel (statsmodels reference)', () => {
  const real = fixture.real;
  const series = Object.entries(real.series).map(([partner, values]) =>
    makeSeries({
      key: { reporter: 'EU27_2020', partner, flow: 'export', product: 'TOTAL' },
      currency: 'EUR',
      start: real.start,
      values: values.map((v) => v),
    }),
  );
  const panel = toPanel(series, {
    treated: (k) => real.treated.includes(k.partner),
    post: real.post,
    exclude: real.exclude,
  });

  it('TWFE in logs matches statsmodels OLS with dummies, CR1 by unit, t(G-1)', () => {
    const ref = real.cases.twfeLog;
    const r = did(panel, { outcome: 'log', fixedEffects: 'twoway' });
    const c = ref.coefficients.D!;
    expect(r.n).toBe(ref.n);
    expect(r.diagnostics.parameters).toBe(ref.k);
    expect(r.diagnostics.clusters).toBe(ref.clusters);
    expect(r.df).toBe(ref.dfInference);
    expect(r.estimate).toBeCloseTo(c.estimate, 10);
    expect(r.se).toBeCloseTo(c.se, 10);
    expect(r.p).toBeCloseTo(c.p, 8);
    expect(r.interval.lower).toBeCloseTo(c.lower, 8);
    expect(r.interval.upper).toBeCloseTo(c.upper, 8);
    expect(r.percentEffect?.estimate).toBeCloseTo(Math.expm1(c.estimate), 10);
    expect(r.percentEffect?.interval.lower).toBeCloseTo(Math.expm1(c.lower), 8);
    expect(r.warnings.some((w) => w.includes('wildClusterBootstrap'))).toBe(true);
  });
});
