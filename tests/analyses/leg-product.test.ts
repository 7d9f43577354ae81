import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Finding,
  OptionsError,
  type ProductLegState,
  type ProductLevelFinding,
  productLeg,
  productLevelLeg,
  ROUNDABOUT_LEGS,
  type RoundaboutResult,
  roundabout,
  roundaboutStudy,
  runStudy,
} from '../../src/index.js';

const productFindings = (r: RoundaboutResult): ProductLevelFinding[] =>
  r.findings.filter((f: Finding): f is ProductLevelFinding => f.method === 'productLevelDesign');

// The five legs on the shipped data (the product leg: about 1,300 HS6 codes, 10 randomisation re-fits, 3
// destinations alone and 3 lenses; ~40 s on an idle machine) and the default four, shared by the tests below.
let five: RoundaboutResult;
let four: RoundaboutResult;
beforeAll(async () => {
  five = await roundabout({ legs: [...ROUNDABOUT_LEGS, productLeg] });
  four = await roundabout();
}, 600_000);

describe('the product-level leg on the shipped data (Comext CN8 of the sanctioned codes, at HS6 bridged to HS2017)', () => {
  it('pins the headline: estimate, cluster-robust interval, randomisation p and the number of clusters', () => {
    const h = productFindings(five).find((f) => f.role === 'headline')!;
    expect(h.id).toBe('product-level/EU27_2020/KZ/AM/KG/sanctioned (product level)/productLevelDesign');
    expect(h.design).toBe('cross-destination');
    expect(h.treated).toEqual(['KZ', 'AM', 'KG']);
    expect(h.comparisonUnits).toEqual(['GE', 'UZ']);
    expect(h.window).toEqual({ from: '2020-01', to: '2022-11' });
    expect(h.products).toBe(1328);
    expect(h.observations).toBe(155908);
    expect(h.excessPct).toBeCloseTo(0.6526, 4);
    expect(h.pctInterval.lower).toBeCloseTo(0.2045, 4);
    expect(h.pctInterval.upper).toBeCloseTo(1.2676, 4);
    expect(h.pctInterval.level).toBe(0.95);
    expect(h.pValue).toBe(0.2);
    expect(h.clusters).toBe(5);
    expect(h.assignments).toBe(10);
    expect(h.minimumP).toBe(0.1);
  });

  it('pins each destination alone and the category lenses', () => {
    const fs = productFindings(five);
    const alone = fs.filter((f) => f.role === 'destination');
    expect(alone.map((f) => f.destination)).toEqual(['KZ', 'AM', 'KG']);
    expect(alone.map((f) => Number(f.excessPct!.toFixed(4)))).toEqual([0.4405, 1.3526, 2.8991]);
    expect(alone.every((f) => f.clusters === 3 && f.pValue === null)).toBe(true);
    const lenses = fs.filter((f) => f.role === 'lens');
    expect(lenses.map((f) => [f.productGroup, f.products])).toEqual([
      ['category luxury', 598],
      ['category industrial_cap', 709],
      ['category dual_use', 293],
    ]);
  });

  it('states the number of clusters and the randomisation p in its verdict, and the estimand beside the EBRD', () => {
    const leg = five.legs.find((l) => l.leg === 'product-level')!;
    expect(leg.status).toBe('mixed');
    expect(leg.text).toContain(
      'with 5 destination clusters (3 treated): randomisation p = 0.20 over 10 assignments',
    );
    expect(leg.text).toContain('the smallest p these clusters can give is 0.10');
    expect(leg.text).toContain("This is not the EBRD's estimand");
    expect(leg.caveats.join(' ')).toContain('302 code(s) from 2022-03');
    expect(leg.charts.map((c) => c.kind)).toEqual(['forest', 'table', 'table']);
    const table = leg.charts[1]!;
    if (table.kind !== 'table') throw new Error('expected a table');
    expect(table.rows.map((r) => r[0])).toEqual([
      'Kazakhstan, Armenia and Kyrgyzstan',
      'Kazakhstan',
      'Armenia',
      'Kyrgyzstan',
    ]);
    expect(leg.methods[0]).toContain('bridged to HS2017');
    expect(leg.methods[0]).toContain('10 enumerated assignments of 3 among 5');
    // Which design ran and why, and the estimand beside the EBRD's (the shipped data hold sanctioned codes only).
    expect(leg.methods[1]).toContain('Design: cross-destination (auto: only ');
    expect(leg.methods[1]).toContain(
      'Our estimand: PPML, y = EU exports by code × destination × month, D = [destination in KZ/AM/KG]',
    );
    expect(leg.methods[1]).toContain("The EBRD's: a product-level regression");
    expect(leg.methods[1]).toContain('They differ: no other goods in the panel');
    expect(five.provenance.some((p) => p.id === 'sanctions-eu-hs6')).toBe(true);
  });

  it('leaves the four legs of the claim as they are', () => {
    const others = five.findings.filter((f) => f.leg !== 'product-level');
    expect(JSON.stringify(others)).toBe(JSON.stringify(four.findings));
    expect(JSON.stringify(five.legs.slice(0, 4))).toBe(JSON.stringify(four.legs));
    expect(five.legs.map((l) => l.leg)).toEqual([
      'above-baseline',
      'vs-controls',
      'sanctioned-vs-other',
      'mirror',
      'product-level',
    ]);
    expect(five.verdict).toContain('(e) sanctioned goods at product level: mixed');
  });
});

describe('the product-level leg with other options (30 CN8 codes under HS 8517 and 8542, a few seconds each)', () => {
  const small = { products: ['8517', '8542'], categories: [] } as const;

  it('runs with other destinations: one treated, three comparison, RI over C(4, 1) = 4 assignments', async () => {
    const r = await roundabout({
      destinations: ['KG'],
      otherNeighbours: ['AM', 'GE', 'UZ'],
      legs: [productLevelLeg(small)],
    });
    const fs = productFindings(r);
    expect(fs.map((f) => f.role)).toEqual(['headline']);
    const h = fs[0]!;
    expect(h.treated).toEqual(['KG']);
    expect(h.comparisonUnits).toEqual(['AM', 'GE', 'UZ']);
    expect(h.clusters).toBe(4);
    expect(h.assignments).toBe(4);
    expect(h.minimumP).toBe(0.25);
    expect(Number.isFinite(h.excessPct)).toBe(true);
    expect(r.legs[0]!.text).toContain('with 4 destination clusters (1 treated)');
    expect(r.legs[0]!.question).toContain('Kyrgyzstan');
  }, 300_000);

  it("treats every code from the study's treatment month with dates: 'study', and writes that in its methods", async () => {
    const r = await roundabout({
      treatment: '2022-04',
      legs: [productLevelLeg({ ...small, dates: 'study', perDestination: false })],
    });
    expect(r.legs[0]!.methods[0]).toContain('Every code treated from 2022-04.');
    expect(r.legs[0]!.caveats[0]).toContain('Staggered adoption: 12 code(s) from 2022-04;');
  }, 300_000);

  it('says it cannot tell when the study has not loaded its data (a study without the leg’s loadData)', async () => {
    const run = await runStudy({ ...roundaboutStudy, legs: [productLevelLeg(small)] }, {});
    expect(run.legs[0]!.status).toBe('cannot-tell');
    expect(run.warnings.join(' ')).toContain('no sanctions list in the data');
    expect((run.legStates['product-level'] as ProductLegState).design).toBeNull();
  }, 300_000);

  it('rejects an empty or repeated list of legs', async () => {
    await expect(roundabout({ legs: [] })).rejects.toThrow(OptionsError);
    await expect(roundabout({ legs: [productLeg, productLeg] })).rejects.toThrow(/given twice/);
  });
});
