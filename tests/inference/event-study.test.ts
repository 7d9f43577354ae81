import { describe, expect, it } from 'vitest';
import { EventStudyResultSchema, eventStudy, panelFromRecords } from '../../src/inference/index.js';
import { fixture } from './fixture.js';
import { expectAllFinite, realPanel } from './helpers.js';

describe('eventStudy on the synthetic staggered panel (statsmodels reference)', () => {
  const es = fixture.eventStudy;
  const panel = panelFromRecords(es.records);

  it('Sun & Abraham interaction-weighted coefficients match the statsmodels saturated regression + IW aggregation', () => {
    const ref = es.cases.sunAbraham;
    const r = eventStudy(panel, { leads: es.leads, lags: es.lags, outcome: 'level', correction: 'cr1' });
    expect(r.method).toBe('sun-abraham');
    expect(r.n).toBe(ref.n);
    expect(r.diagnostics.clusters).toBe(ref.clusters);
    expect(r.coefficients.map((c) => c.relativeTime)).toEqual(ref.coefficients.map((c) => c.relativeTime));
    r.coefficients.forEach((c, i) => {
      const x = ref.coefficients[i]!;
      expect(c.estimate).toBeCloseTo(x.estimate, 8);
      expect(c.se).toBeCloseTo(x.se, 8);
      expect(c.p).toBeCloseTo(x.p, 8);
      expect(c.interval.lower).toBeCloseTo(x.lower, 7);
      expect(c.n).toBe(x.n);
    });
    expect(r.preTrend?.statistic).toBeCloseTo(ref.preTrend.statistic, 7);
    expect(r.preTrend?.p).toBeCloseTo(ref.preTrend.p, 7);
    expect(r.preTrend?.df1).toBe(ref.preTrend.df1);
    expect(r.preTrend?.df2).toBe(ref.preTrend.df2);
    expect(r.estimate).toBeCloseTo(ref.average.estimate, 8);
    expect(r.se).toBeCloseTo(ref.average.se, 8);
    expect(r.cohorts).toEqual([
      { cohort: '2022-03', units: 10 },
      { cohort: '2022-09', units: 10 },
    ]);
    expect(EventStudyResultSchema.parse(JSON.parse(JSON.stringify(r)))).toEqual(r);
  });

  it('recovers the true post-treatment path within its intervals, and finds no pre-trend', () => {
    const r = eventStudy(panel, { leads: es.leads, lags: es.lags, outcome: 'level', correction: 'cr1' });
    for (const c of r.coefficients.filter((x) => x.relativeTime >= 0)) {
      const truth = es.truth[String(c.relativeTime)]!;
      expect(c.interval.lower!).toBeLessThan(truth);
      expect(c.interval.upper!).toBeGreaterThan(truth);
    }
    expect(r.preTrend!.p!).toBeGreaterThan(0.05);
  });

  it('the binned TWFE event study matches statsmodels and warns that it is biased under staggered timing', () => {
    const ref = es.cases.twfe;
    const r = eventStudy(panel, {
      leads: es.leads,
      lags: es.lags,
      outcome: 'level',
      method: 'twfe',
      correction: 'cr1',
    });
    for (const c of r.coefficients) {
      const x = ref.coefficients[`r${c.relativeTime}`]!;
      expect(c.estimate).toBeCloseTo(x.estimate, 8);
      expect(c.se).toBeCloseTo(x.se, 8);
    }
    expect(r.preTrend?.statistic).toBeCloseTo(ref.preTrend.statistic, 7);
    expect(r.warnings.some((w) => w.includes('Sun & Abraham'))).toBe(true);
  });

  it('with no never-treated units uses the last-treated cohort as control and says so', () => {
    const noNever = panelFromRecords(es.records.filter((x) => x.cohort !== null));
    const r = eventStudy(noNever, { leads: 3, lags: 2, outcome: 'level' });
    expect(r.settings.control).toBe('last-treated');
    expect(r.cohorts).toEqual([{ cohort: '2022-03', units: 10 }]);
    expect(r.warnings.some((w) => w.includes('last-treated'))).toBe(true);
    // Cohort 2022-03 effects are 1 + 0.1 l: each post coefficient's interval covers it.
    for (const c of r.coefficients.filter((x) => x.relativeTime >= 0)) {
      expect(c.interval.lower!).toBeLessThan(1 + 0.1 * c.relativeTime);
      expect(c.interval.upper!).toBeGreaterThan(1 + 0.1 * c.relativeTime);
    }
    expect(r.coefficients.every((c) => c.relativeTime <= 2 && c.relativeTime >= -3)).toBe(true);
  });

  it('rejects a reference outside the leads', () => {
    expect(() => eventStudy(panel, { leads: 2, reference: -3 })).toThrow(/reference/);
    expect(() => eventStudy(panel, { leads: 2, reference: 0 })).toThrow(/reference/);
  });
});

describe('eventStudy on the real EU27 panel (one cohort, 2022-03; 2022-02 excluded)', () => {
  const panel = realPanel();

  it('falls back to relative period −2 as the reference when −1 (2022-02) is missing, and says so', () => {
    const r = eventStudy(panel, { leads: 6, lags: 12 });
    expect(r.warnings.some((w) => w.includes('its reference is -2 instead'))).toBe(true);
    const byRel = new Map(r.coefficients.map((c) => [c.relativeTime, c]));
    expect(byRel.get(-2)?.estimate).toBeNull();
    expect(byRel.get(0)?.n).toBe(3);
    // Same numbers as asking for reference −2 directly.
    const direct = eventStudy(panel, { leads: 6, lags: 12, reference: -2 });
    expect(direct.coefficients.find((c) => c.relativeTime === 5)?.estimate).toBeCloseTo(
      byRel.get(5)!.estimate!,
      10,
    );
    expect(direct.estimate).toBeCloseTo(r.estimate!, 10);
    // Default with 3 treated units: the randomisation pre-trend test over the C(5, 3) = 10 assignments.
    expect(r.preTrend?.df2).toBeNull();
    expect(Math.round(r.preTrend!.p! * 10)).toBeCloseTo(r.preTrend!.p! * 10, 10);
    expect(r.preTrend!.p!).toBeGreaterThanOrEqual(0.1);
    // CR1: with 5 clusters (3 treated) the 4 lead restrictions leave a singular cluster covariance: no F statistic.
    const cr1 = eventStudy(panel, { leads: 6, lags: 12, correction: 'cr1' });
    expect(cr1.preTrend?.statistic).toBeNull();
    expect(cr1.preTrend?.p).toBeNull();
    expect(cr1.warnings.some((w) => w.includes('no F statistic'))).toBe(true);
    // With more leads than G − 1 the test is refused outright.
    const many = eventStudy(panel, { leads: 8, lags: 12, correction: 'cr1' });
    expect(many.preTrend?.df1).toBe(6);
    expect(many.warnings.some((w) => w.includes('rank ≤ G − 1'))).toBe(true);
    // Two leads: a finite F(2, 4) test.
    const two = eventStudy(panel, { leads: 4, lags: 12, reference: -2, correction: 'cr1' });
    expect(two.preTrend?.df1).toBe(2);
    expect(two.preTrend?.df2).toBe(4);
    expect(two.preTrend?.p).toBeGreaterThan(0);
    expect(r.percentEffect!.estimate!).toBeGreaterThan(0.3);
    expectAllFinite(r);
  });
});
