import { describe, expect, it } from 'vitest';
import { clusteredCovariance, symmetricEigen } from '../../src/inference/hdfe.js';
import { FeolsResultSchema, feols } from '../../src/inference/index.js';
import { encodeFactor, fitLinear } from '../../src/inference/linear.js';
import type { RefFit } from './fixture.js';
import { hdfe, relErr } from './hdfe-fixture.js';

const base = {
  outcome: 'y',
  regressors: ['D', 'x'],
  fixedEffects: [
    ['product', 'dest'],
    ['product', 'month'],
  ],
} as const;

function expectMatches(r: ReturnType<typeof feols>, ref: RefFit): void {
  expect(r.n).toBe(ref.n);
  expect(r.diagnostics.parameters).toBe(ref.k);
  if (ref.dfInference !== undefined) expect(r.df).toBe(ref.dfInference);
  for (const c of r.coefficients) {
    const x = ref.coefficients[c.term]!;
    expect(relErr(c.estimate, x.estimate)).toBeLessThan(1e-6);
    expect(relErr(c.se, x.se)).toBeLessThan(1e-6);
    expect(relErr(c.p, x.p)).toBeLessThan(1e-6);
    expect(relErr(c.interval.lower, x.lower)).toBeLessThan(1e-6);
    expect(relErr(c.interval.upper, x.upper)).toBeLessThan(1e-6);
  }
}

describe('feols (log-OLS) on the SYNTHETIC product panel (statsmodels OLS with dummies, use_t=True)', () => {
  const { records, cases, nonPositive, singletonsDropped } = hdfe.ols;

  it('drops zeros for the log with a count and a warning; HC1, one-way and two-way cluster match to 1e-6', () => {
    const hc1 = feols(records, base);
    expect(hc1.diagnostics.nonPositive).toBe(nonPositive);
    expect(
      hc1.warnings.some((w) => w.includes(`${nonPositive} observation(s) with a zero or negative outcome`)),
    ).toBe(true);
    expect(hc1.settings.vcov).toBe('HC1');
    expectMatches(hc1, cases.keep.HC1);
    expectMatches(feols(records, { ...base, cluster: 'dest' }), cases.keep.clusterDest);
    const two = feols(records, { ...base, cluster: ['dest', 'product'] });
    expectMatches(two, cases.keep.twoWay);
    expect(two.df).toBe(5);
    expectMatches(
      feols(records, { ...base, cluster: ['dest', 'product'], clusterDf: 'min' }),
      cases.keep.twoWayMin,
    );
    expect(FeolsResultSchema.parse(JSON.parse(JSON.stringify(two)))).toEqual(two);
  });

  it("singletons 'drop' removes them in one pass as fixest (2 rows; the row left alone after the pass stays)", () => {
    const r = feols(records, { ...base, singletons: 'drop' });
    expect(r.diagnostics.singletons).toBe(singletonsDropped);
    expect(singletonsDropped).toBe(2);
    expectMatches(r, cases.drop.HC1);
    expectMatches(feols(records, { ...base, singletons: 'drop', cluster: 'dest' }), cases.drop.clusterDest);
    expectMatches(
      feols(records, { ...base, singletons: 'drop', cluster: ['dest', 'product'] }),
      cases.drop.twoWay,
    );
    // Keeping singletons leaves β unchanged (they are fitted exactly) but changes n and k.
    const kept = feols(records, base);
    expect(kept.estimate).toBeCloseTo(r.estimate!, 10);
    expect(kept.n - r.n).toBe(2);
  });

  it("transform 'none' keeps the outcome as is (no % effect); with the log the % effect is exp(β) − 1", () => {
    const r = feols(records, { ...base, transform: 'none' });
    expect(r.diagnostics.nonPositive).toBe(0);
    expect(r.percentEffect).toBeNull();
    expect(feols(records, base).percentEffect!.estimate).toBeCloseTo(
      Math.expm1(cases.keep.HC1.coefficients.D!.estimate),
      8,
    );
  });

  it('randomization over destinations: C(6, 3) = 20 assignments, the real one included', () => {
    const r = feols(records, {
      ...base,
      cluster: 'dest',
      randomization: { period: 'month', statistic: 'coefficient' },
    });
    expect(r.randomization!.assignments).toBe(20);
    expect(r.randomization!.observed).toBe(r.estimate);
    expect(r.randomization!.p! * 20).toBeCloseTo(Math.round(r.randomization!.p! * 20), 10);
    expect(r.warnings.some((w) => w.includes('only 6 clusters in dest (3 with a non-zero D)'))).toBe(true);
  });

  it('rejects a bad transform and a non-numeric outcome naming the row and field', () => {
    expect(() => feols(records, { ...base, transform: 'sqrt' as 'log' })).toThrow(/transform/);
    expect(() => feols([{ y: 'a', D: 0, x: 1, product: 'p', dest: 'd', month: 'm' }], base)).toThrow(
      /\[0\]\.y/,
    );
  });
});

describe('the few-clusters warning names the counts (30 clusters, 10 treated clusters)', () => {
  // SYNTHETIC: 40 units × 6 periods, deterministic noise.
  const rows = (treatedUnits: number) =>
    Array.from({ length: 240 }, (_, i) => {
      const u = Math.floor(i / 6);
      const t = i % 6;
      const D = u < treatedUnits && t >= 3 ? 1 : 0;
      return {
        u: `u${u}`,
        t: `t${t}`,
        D,
        y: Math.exp(1 + u / 40 + t / 10 + 0.2 * D + 0.1 * Math.sin(7 * i)),
      };
    });
  const opts = { outcome: 'y', regressors: ['D'], fixedEffects: ['u', 't'], cluster: 'u' } as const;

  it('warns with 40 clusters of which 5 are treated, and not with 12 treated', () => {
    const few = feols(rows(5), opts);
    expect(few.warnings.some((w) => w.includes('only 5 of the 40 clusters in u have a non-zero D'))).toBe(
      true,
    );
    expect(feols(rows(12), opts).warnings.some((w) => w.includes('clusters'))).toBe(false);
  });
});

describe('two-way covariance that is not positive semi-definite (SYNTHETIC 3 × 3 clusters)', () => {
  it("sets the negative eigenvalues to 0 and warns (fixest's vcov_fix); the raw matrix equals statsmodels'", () => {
    const { records, raw, fixed, estimates, eigenvalues } = hdfe.nonPsd;
    expect(Math.min(...eigenvalues)).toBeLessThan(0);
    const r = feols(records, {
      outcome: 'y',
      transform: 'none',
      regressors: ['x1', 'x2'],
      fixedEffects: ['fe'],
      cluster: ['a', 'b'],
    });
    expect(r.diagnostics.vcovFixed).toBe(true);
    expect(r.warnings.some((w) => w.includes('not positive semi-definite'))).toBe(true);
    expect(relErr(r.coefficients[0]!.estimate, estimates[0]!)).toBeLessThan(1e-8);
    expect(relErr(r.coefficients[1]!.se, Math.sqrt(fixed[1]![1]!))).toBeLessThan(1e-6);
    expect(relErr(r.coefficients[0]!.se, Math.sqrt(fixed[0]![0]!))).toBeLessThan(1e-6);
    // The raw CGM matrix, before the fix, from the shared covariance step.
    const y = Float64Array.from(records, (x) => x.y);
    const X = [Float64Array.from(records, (x) => x.x1), Float64Array.from(records, (x) => x.x2)];
    const fe = encodeFactor(
      'fe',
      records.map((x) => x.fe),
    );
    const fit = fitLinear({ y, X, names: ['x1', 'x2'], factors: [fe], vcov: 'hc0' });
    const a = encodeFactor(
      'a',
      records.map((x) => x.a),
    );
    const b = encodeFactor(
      'b',
      records.map((x) => x.b),
    );
    const cov = clusteredCovariance(fit, null, [a, b]);
    expect(cov.minEigenvalue!).toBeCloseTo(Math.min(...eigenvalues), 12);
    const sym = symmetricEigen(Float64Array.from(raw.flat()), 2);
    expect(Math.min(...sym.values)).toBeCloseTo(Math.min(...eigenvalues), 14);
  });
});
