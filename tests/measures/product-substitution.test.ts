import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/datasets.js';
import { OptionsError } from '../../src/errors.js';
import { productSubstitution, steeperFall } from '../../src/index.js';
import { toProductPanel } from '../../src/panel/to-product-panel.js';
import { euExport } from '../helpers/observations.js';

const o = euExport;

describe('productSubstitution (SYNTHETIC)', () => {
  // Two products, annual windows 2021 → 2022. Benchmark GE doubles product A and keeps B flat; UZ keeps both flat.
  const rows = [
    ...[
      ['RU', 100, 20],
      ['KZ', 10, 40],
      ['GE', 10, 20],
      ['UZ', 10, 10],
    ].flatMap(([d, b, a]) => [
      o('84713000', d as string, '2021', b as number),
      o('84713000', d as string, '2022', a as number),
    ]),
    ...[
      ['RU', 50, 60],
      ['KZ', 5, 5],
      ['GE', 10, 10],
      ['UZ', 10, 10],
    ].flatMap(([d, b, a]) => [
      o('85423100', d as string, '2021', b as number),
      o('85423100', d as string, '2022', a as number),
    ]),
  ];
  const panel = toProductPanel(rows, { level: 8 });
  const opts = { intermediaries: ['KZ'], before: ['2021', '2021'], after: ['2022', '2022'] } as const;

  it('scales both flows by the benchmark growth, by product or pooled, with the range over benchmarks', () => {
    const byProduct = productSubstitution(panel, { ...opts, growth: 'by-product' });
    // A: g = (20+10)/(10+10) = 1.5 → lost = 150 − 20 = 130, extra = 40 − 15 = 25.
    const a = byProduct.products.find((r) => r.product === '84713000')!;
    expect(a.growth).toBe(1.5);
    expect(a.lostDirect).toBe(130);
    expect(a.extraIndirect).toBe(25);
    expect(a.ratio).toBeCloseTo(25 / 130, 12);
    // GE alone: g = 2 → (40 − 20)/(200 − 20); UZ alone: g = 1 → 30/80.
    expect(a.interval!.lower).toBeCloseTo(20 / 180, 12);
    expect(a.interval!.upper).toBeCloseTo(30 / 80, 12);
    // B: direct rose (60 > 50 × 1): no ratio of its own, but in the aggregate.
    expect(byProduct.products.map((r) => r.product)).toEqual(['84713000']);
    expect(byProduct.excluded['nothing-lost']).toBe(1);
    expect(byProduct.offsetShare.products).toBe(2);
    expect(byProduct.offsetShare.estimate).toBeCloseTo((25 + 0) / (130 - 10), 12);
    // Pooled: g = (30 + 20)/(20 + 20) = 1.25 for both.
    const pooled = productSubstitution(panel, opts);
    expect(pooled.products[0]!.growth).toBe(1.25);
    const lost = 100 * 1.25 - 20 + (50 * 1.25 - 60);
    const extra = 40 - 10 * 1.25 + (5 - 5 * 1.25);
    expect(pooled.offsetShare.estimate).toBeCloseTo(extra / lost, 12);
    // Naive (g = 1): (30 + 0) / (80 − 10).
    expect(pooled.offsetShare.naive).toBeCloseTo(30 / 70, 12);
    expect(pooled.settings.counterfactual).toContain('1.2500');
  });

  it('leaves out products with a cell without a value and says so; checks its windows', () => {
    const p = toProductPanel([...rows, o('87032319', 'RU', '2021', null), o('87032319', 'RU', '2022', 5)], {
      level: 8,
    });
    const r = productSubstitution(p, opts);
    expect(r.excluded['missing-cell']).toBe(1);
    expect(r.warnings.join(' ')).toContain('without a value');
    expect(() => productSubstitution(panel, { ...opts, after: ['2022', '2023'] })).toThrow(OptionsError);
    expect(() => productSubstitution(panel, { ...opts, direct: 'BY' })).toThrow(/BY is not in the panel/);
  });
});

describe('steeperFall', () => {
  it('is 1 − the ratio of the growth ratios', () => {
    const r = steeperFall({ sanctionedBefore: 200, sanctionedAfter: 20, otherBefore: 100, otherAfter: 50 });
    expect(r.ratioOfRatios).toBeCloseTo(0.2, 12);
    expect(r.steeper).toBeCloseTo(0.8, 12);
    expect(r.logGap).toBeCloseTo(Math.log(0.2), 12);
    expect(
      steeperFall({ sanctionedBefore: 0, sanctionedAfter: 1, otherBefore: 1, otherAfter: 1 }).steeper,
    ).toBe(null);
    expect(() =>
      steeperFall({ sanctionedBefore: Number.NaN, sanctionedAfter: 1, otherBefore: 1, otherAfter: 1 }),
    ).toThrow(OptionsError);
  });
});

describe('on the shipped data (Comext CN8 of the sanctioned codes, Mar–Nov 2021 vs Mar–Nov 2022)', () => {
  it('offset share at the aggregate, with and without the GE + UZ counterfactual', async () => {
    const obs = (await loadDataset('eu-sanctioned-exports-monthly')).observations;
    const panel = toProductPanel(obs, { level: 8, destinations: ['RU', 'AM', 'KG', 'KZ', 'GE', 'UZ'] });
    const r = productSubstitution(panel, { before: ['2021-03', '2021-11'], after: ['2022-03', '2022-11'] });
    // Golden (npx tsx, see the report): 2.90% [1.89%, 4.07%] against GE + UZ growth ×2.0145; 15.78% naive.
    expect(r.offsetShare.estimate).toBeCloseTo(0.029003, 5);
    expect(r.offsetShare.interval!.lower).toBeCloseTo(0.018857, 5);
    expect(r.offsetShare.interval!.upper).toBeCloseTo(0.04068, 5);
    expect(r.offsetShare.naive).toBeCloseTo(0.157843, 5);
    expect(r.offsetShare.products).toBe(2201);
    expect(r.settings.counterfactual).toContain('2.0145');
    expect(r.ebrd).toContain('5%');
  }, 120_000);
});
