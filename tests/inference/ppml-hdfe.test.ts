import { describe, expect, it } from 'vitest';
import { PpmlResultSchema, ppml } from '../../src/inference/index.js';
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

function expectMatches(r: ReturnType<typeof ppml>, ref: RefFit): void {
  expect(r.n).toBe(ref.n);
  for (const c of r.coefficients) {
    const x = ref.coefficients[c.term]!;
    expect(relErr(c.estimate, x.estimate)).toBeLessThan(1e-6);
    expect(relErr(c.se, x.se)).toBeLessThan(1e-6);
    expect(relErr(c.p, x.p)).toBeLessThan(1e-6);
    expect(relErr(c.interval.lower, x.lower)).toBeLessThan(1e-6);
    expect(relErr(c.interval.upper, x.upper)).toBeLessThan(1e-6);
  }
}

describe('ppml on the SYNTHETIC product × destination × month panel (statsmodels GLM Poisson with dummies)', () => {
  const { records, cases, separated } = hdfe.ppml;

  it('HC0 and one-way cluster match statsmodels to 1e-6 with product×dest and product×month absorbed', () => {
    const hc0 = ppml(records, base);
    expect(hc0.diagnostics.separated).toBe(separated);
    expectMatches(hc0, cases.HC0);
    expect(relErr(hc0.diagnostics.deviance, cases.HC0.deviance!)).toBeLessThan(1e-8);
    const one = ppml(records, { ...base, cluster: 'dest' });
    expectMatches(one, cases.clusterDest);
    expect(one.settings.correction).toMatch(/^CR1: G\/\(G−1\)·\(n−1\)\/\(n−k\)/);
  });

  it('two-way cluster (dest, product) matches statsmodels cov_cluster_2groups (each term its own G)', () => {
    const r = ppml(records, { ...base, cluster: ['dest', 'product'] });
    expectMatches(r, cases.twoWay);
    expect(r.settings.cluster).toEqual(['dest', 'product']);
    expect(r.settings.clusterDf).toBe('conventional');
    expect(r.diagnostics.clusterCounts).toEqual([7, 12]);
    expect(r.diagnostics.clusters).toBe(7);
    expect(r.diagnostics.vcovFixed).toBe(false);
    expect(PpmlResultSchema.parse(JSON.parse(JSON.stringify(r)))).toEqual(r);
  });

  it("clusterDf 'min' uses min(G_a, G_b) in every term (fixest cluster.df = 'min'; rebuilt from statsmodels' pieces)", () => {
    const r = ppml(records, { ...base, cluster: ['dest', 'product'], clusterDf: 'min' });
    expectMatches(r, cases.twoWayMin);
    expect(r.settings.correction).toContain('min(G_a, G_b)');
  });

  it('warns with the numbers when clusters are few: 7 destinations, 3 of them treated', () => {
    const r = ppml(records, { ...base, cluster: 'dest' });
    expect(r.warnings.some((w) => w.includes('only 7 clusters in dest (3 with a non-zero D)'))).toBe(true);
    expect(ppml(records, base).warnings.some((w) => w.includes('clusters'))).toBe(false);
  });

  it('randomization over destinations: all C(7, 3) = 35 assignments, p equals a by-hand permutation count', () => {
    const r = ppml(records, { ...base, cluster: 'dest', randomization: { period: 'month' } });
    const ri = r.randomization!;
    expect(ri.enumerated).toBe(true);
    expect(ri.assignments).toBe(35);
    expect(ri.units).toBe(7);
    expect(ri.treatedUnits).toBe(3);
    expect(ri.observed).toBeCloseTo(r.statistic!, 12);
    // By hand: re-fit with every 3-subset of destinations treated from the same month.
    const dests = ['KZ', 'AM', 'KG', 'GE', 'UZ', 'TR', 'AE'];
    const post = new Set(records.filter((x) => x.D === 1).map((x) => x.month));
    let atLeast = 0;
    let total = 0;
    for (let a = 0; a < 7; a++)
      for (let b = a + 1; b < 7; b++)
        for (let c = b + 1; c < 7; c++) {
          const set = new Set([dests[a], dests[b], dests[c]]);
          const rows = records.map((x) => ({ ...x, D: set.has(x.dest) && post.has(x.month) ? 1 : 0 }));
          const s = ppml(rows, { ...base, cluster: 'dest' }).statistic!;
          total++;
          if (Math.abs(s) >= Math.abs(ri.observed!) - 1e-10 * (1 + Math.abs(ri.observed!))) atLeast++;
        }
    expect(total).toBe(35);
    expect(ri.p).toBeCloseTo(atLeast / total, 12);
    expect(r.warnings.some((w) => w.includes('only 7 clusters'))).toBe(true);
  });

  it('randomization samples seeded permutations when the treatment is staggered, reproducibly', () => {
    const rows = hdfe.ppml.records.map((x) => ({
      ...x,
      D: x.dest === 'KZ' && x.month >= '2022-03' ? 1 : x.D,
    }));
    const opts = {
      ...base,
      cluster: 'dest',
      randomization: { period: 'month', draws: 19, seed: 7 },
    } as const;
    const a = ppml(rows, opts);
    const b = ppml(rows, opts);
    expect(a.randomization!.enumerated).toBe(false);
    expect(a.randomization!.assignments).toBe(20);
    expect(a.randomization!.p).toBe(b.randomization!.p);
    expect(a.warnings.some((w) => w.includes('staggered'))).toBe(true);
  });

  it('rejects a third cluster field and a randomization without a unit', () => {
    expect(() =>
      ppml(hdfe.ppml.records, { ...base, cluster: ['a', 'b', 'c'] as unknown as [string, string] }),
    ).toThrow(/one field or two/);
    expect(() => ppml(hdfe.ppml.records, { ...base, randomization: { period: 'month' } })).toThrow(
      /randomization\.unit/,
    );
  });

  it('rejects a vcov it does not compute instead of running HC0 under another name', () => {
    expect(() => ppml(hdfe.ppml.records, { ...base, vcov: 'HC3' as unknown as 'HC0' })).toThrow(
      /requires vcov HC0 or cluster, got HC3/,
    );
  });
});
