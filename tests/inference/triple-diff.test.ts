import { describe, expect, it } from 'vitest';
import { panelFromRecords, TripleDiffResultSchema, tripleDiff } from '../../src/inference/index.js';
import { fixture } from './fixture.js';

describe('tripleDiff on the synthetic DDD panel (true effect 0.3 log points; statsmodels reference)', () => {
  const ddd = fixture.ddd;
  const panel = panelFromRecords(ddd.records);

  it('with unit×group, unit×period and group×period fixed effects matches statsmodels OLS with full-rank dummies', () => {
    const ref = ddd.cases.full;
    const c = ref.coefficients.DDD!;
    const r = tripleDiff(panel, { treatedGroup: 'sanctioned', correction: 'cr1' });
    expect(r.method).toBe('ddd-fe');
    expect(r.n).toBe(ref.n);
    expect(r.diagnostics.parameters).toBe(ref.k);
    expect(r.estimate).toBeCloseTo(c.estimate, 9);
    expect(r.se).toBeCloseTo(c.se, 9);
    expect(r.p).toBeCloseTo(c.p, 9);
    expect(r.interval.lower).toBeCloseTo(c.lower, 8);
    expect(r.interval.upper).toBeCloseTo(c.upper, 8);
    expect(r.interval.lower!).toBeLessThan(ddd.trueEffect);
    expect(r.interval.upper!).toBeGreaterThan(ddd.trueEffect);
    expect(r.percentEffect?.estimate).toBeCloseTo(Math.expm1(c.estimate), 9);
    expect(TripleDiffResultSchema.parse(JSON.parse(JSON.stringify(r)))).toEqual(r);
  });

  it('uses CR2 with Bell–McCaffrey df by default on the complete panel (same estimate, wider than CR1 here)', () => {
    const cr1 = tripleDiff(panel, { treatedGroup: 'sanctioned', correction: 'cr1' });
    const r = tripleDiff(panel, { treatedGroup: 'sanctioned' });
    expect(r.settings.vcov).toBe('cr2');
    expect(r.estimate).toBeCloseTo(cr1.estimate!, 12);
    expect(r.df!).toBeLessThanOrEqual(cr1.df!);
    expect(TripleDiffResultSchema.parse(JSON.parse(JSON.stringify(r)))).toEqual(r);
  });

  it('the saturated 2×2×2 regression matches statsmodels', () => {
    const c = ddd.cases.saturated.coefficients.DDD!;
    const r = tripleDiff(panel, { treatedGroup: 'sanctioned', fixedEffects: 'none' });
    expect(r.diagnostics.parameters).toBe(8);
    expect(r.estimate).toBeCloseTo(c.estimate, 9);
    expect(r.se).toBeCloseTo(c.se, 9);
  });

  it('refuses a panel without groups or without the treated group', () => {
    const plain = panelFromRecords([
      { unit: 'a', period: '2021', y: 1, treated: true, post: false },
      { unit: 'a', period: '2022', y: 2, treated: true, post: true },
    ]);
    expect(() => tripleDiff(plain, { treatedGroup: 'sanctioned' })).toThrow(/requires a group/);
    expect(() => tripleDiff(panel, { treatedGroup: 'dual-use' })).toThrow(/treated group dual-use/);
  });
});

describe('tripleDiff on the real panel: EU27 sanctioned vs other goods, KZ/AM/KG vs GE/UZ, 2020-01..2022-11', () => {
  const real = fixture.realDdd;
  const panel = panelFromRecords(real.records);

  it('matches statsmodels (full fixed effects and saturated) and, with 5 clusters, warns and does not reject', () => {
    for (const [fixedEffects, ref] of [
      ['full', real.cases.full],
      ['none', real.cases.saturated],
    ] as const) {
      const c = ref.coefficients.DDD!;
      const r = tripleDiff(panel, { treatedGroup: 'sanctioned', fixedEffects, correction: 'cr1' });
      expect(r.n).toBe(ref.n);
      expect(r.diagnostics.parameters).toBe(ref.k);
      expect(r.estimate).toBeCloseTo(c.estimate, 9);
      expect(r.se).toBeCloseTo(c.se, 9);
      expect(r.p).toBeCloseTo(c.p, 9);
      expect(r.interval.upper).toBeCloseTo(c.upper, 8);
      expect(r.warnings.some((w) => w.includes('wildClusterBootstrap'))).toBe(true);
    }
    // The stable CN8 basket keeps most of the sanctioned value (codes revised with CN 2022 are left out).
    expect(real.stableShareOfSanctionedValue).toBeGreaterThan(0.9);
    expect(real.records).toHaveLength(340);
  });
});
