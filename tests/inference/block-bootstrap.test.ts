import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { BootstrapResultSchema, blockBootstrap } from '../../src/inference/index.js';
import { makeSeries } from '../../src/model/series.js';
import { createRng } from '../../src/numeric/rng.js';
import { fixture } from './fixture.js';

const mean = (v: Float64Array): number => v.reduce((s, x) => s + x, 0) / v.length;

describe('blockBootstrap', () => {
  it('on the real EU27 → KG series: the mean 2023 monthly export has a percentile interval around it', () => {
    const kg = fixture.real.series.KG!;
    const s = makeSeries({
      key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
      currency: 'EUR',
      start: fixture.real.start,
      values: kg,
    });
    const r = blockBootstrap(s, mean, { blockLength: 12, draws: 499, seed: 1, type: 'circular' });
    expect(r.n).toBe(68);
    expect(r.estimate).toBeCloseTo(kg.reduce((a, b) => a + b, 0) / kg.length, 6);
    expect(r.interval.lower!).toBeLessThan(r.estimate!);
    expect(r.interval.upper!).toBeGreaterThan(r.estimate!);
    expect(r.se!).toBeGreaterThan(0);
    expect(BootstrapResultSchema.parse(JSON.parse(JSON.stringify(r)))).toEqual(r);
  });

  it('block resampling keeps dependence: for an AR(1) series its se of the mean exceeds the iid (block 1) se', () => {
    const rng = createRng(123);
    const x: number[] = [];
    let prev = 0;
    for (let i = 0; i < 400; i++) {
      prev = 0.8 * prev + (rng.uniform() - 0.5);
      x.push(prev);
    }
    const iid = blockBootstrap(x, mean, { blockLength: 1, draws: 999, seed: 4 });
    const blocks = blockBootstrap(x, mean, { blockLength: 20, draws: 999, seed: 4, type: 'stationary' });
    // Long-run variance of an AR(1) with φ = 0.8 is (1+φ)/(1−φ) = 9 times the iid one: se ratio ≈ 3.
    expect(blocks.se! / iid.se!).toBeGreaterThan(2);
    expect(blocks.se! / iid.se!).toBeLessThan(4);
  });

  it('drops nulls with a warning and refuses fewer than 2 values', () => {
    const r = blockBootstrap([1, null, 2, 3, null, 4, 5, 6], mean, { blockLength: 2, draws: 50 });
    expect(r.n).toBe(6);
    expect(r.diagnostics.droppedNulls).toBe(2);
    expect(r.warnings.some((w) => w.includes('2 missing'))).toBe(true);
    expect(() => blockBootstrap([1, null], mean)).toThrow(/at least 2/);
    expect(() => blockBootstrap([1, 2, 3], mean, { blockLength: 4 })).toThrow(/blockLength/);
  });

  test.prop(
    [
      fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 5, maxLength: 60 }),
      fc.integer(),
      fc.constantFrom('moving', 'circular', 'stationary' as const),
    ],
    { numRuns: 30 },
  )('the same seed reproduces the result exactly', (values, seed, type) => {
    const a = blockBootstrap(values, mean, { blockLength: 3, draws: 40, seed, type });
    const b = blockBootstrap(values, mean, { blockLength: 3, draws: 40, seed, type });
    expect(b).toEqual(a);
  });
});
