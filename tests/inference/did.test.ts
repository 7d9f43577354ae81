import { describe, expect, it } from 'vitest';
import { did, panelFromRecords, toPanel } from '../../src/inference/index.js';
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
    const r = did(panel, { outcome: 'log', fixedEffects: 'twoway', correction: 'cr1' });
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

const close = (actual: number | null | undefined, expected: number, digits: number): void => {
  expect(actual).not.toBeNull();
  expect(actual).toBeCloseTo(expected, digits);
};

describe('did on the real EU27 panel: other specifications', () => {
  const real = fixture.real;
  const series = Object.entries(real.series).map(([partner, values]) =>
    makeSeries({
      key: { reporter: 'EU27_2020', partner, flow: 'export', product: 'TOTAL' },
      currency: 'EUR',
      start: real.start,
      values: partner === '' ? [] : values,
    }),
  );
  const panel = toPanel(series, {
    treated: (k) => real.treated.includes(k.partner),
    post: real.post,
    exclude: real.exclude,
  });

  it('2×2 DiD in logs matches statsmodels (const, treated, post, treated:post; CR1; t(4))', () => {
    const c = real.cases.did2x2Log.coefficients.D!;
    const r = did(panel, { outcome: 'log', fixedEffects: 'none' });
    expect(r.method).toBe('did-2x2');
    expect(r.diagnostics.parameters).toBe(4);
    close(r.estimate, c.estimate, 10);
    close(r.se, c.se, 10);
    close(r.p, c.p, 8);
    close(r.interval.upper, c.upper, 8);
    // The saturated 2×2 regression's δ is the difference in differences of the four cell means.
    const m = r.diagnostics.cellMeans;
    close(r.estimate, m.treatedPost! - m.treatedPre! - (m.controlPost! - m.controlPre!), 10);
  });

  it('TWFE in levels (EUR million) matches statsmodels', () => {
    const c = real.cases.twfeLevel.coefficients.D!;
    const scaled = {
      ...panel,
      records: panel.records.map((x) => ({ ...x, y: x.y === null ? null : x.y / 1e6 })),
    };
    const r = did(scaled, { outcome: 'level', correction: 'cr1' });
    close(r.estimate, c.estimate, 7);
    close(r.se, c.se, 7);
    close(r.p, c.p, 8);
    expect(r.percentEffect).toBeNull();
  });

  it('the real-data headline: EU exports to KZ/AM/KG vs GE/UZ rose about 88% more after 2022-03, but with 5 clusters t(4) does not reject', () => {
    const r = did(panel, { outcome: 'log' });
    expect(r.percentEffect?.estimate).toBeGreaterThan(0.8);
    expect(r.percentEffect?.estimate).toBeLessThan(0.95);
    expect(r.p).toBeGreaterThan(0.1);
    expect(r.diagnostics).toMatchObject({
      units: 5,
      treatedUnits: 3,
      clusters: 5,
      treatedClusters: 3,
      periods: 67,
    });
  });
});

describe('did on the synthetic panel (known effect +5, unbalanced)', () => {
  const syn = fixture.did;
  const panel = panelFromRecords(syn.records);

  it('TWFE absorbs unbalanced fixed effects exactly as statsmodels dummies and recovers the effect', () => {
    const ref = syn.cases.twfeLevel;
    const c = ref.coefficients.D!;
    const r = did(panel, { outcome: 'level' });
    expect(r.n).toBe(ref.n);
    expect(r.diagnostics.parameters).toBe(ref.k);
    close(r.estimate, c.estimate, 9);
    close(r.se, c.se, 9);
    close(r.interval.lower, c.lower, 8);
    // Tiny p-values keep their relative precision (statsmodels uses the survival function).
    expect(r.p! / c.p).toBeCloseTo(1, 6);
    expect(Math.abs(r.estimate! - syn.trueEffect)).toBeLessThan(3 * r.se!);
    expect(r.warnings.some((w) => w.includes('missing outcome'))).toBe(true);
  });

  it('2×2 DiD matches statsmodels', () => {
    const c = syn.cases.did2x2Level.coefficients.D!;
    const r = did(panel, { outcome: 'level', fixedEffects: 'none' });
    close(r.estimate, c.estimate, 9);
    close(r.se, c.se, 9);
    close(r.p, c.p, 10);
  });
});
