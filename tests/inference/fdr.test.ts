import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { FdrResultSchema, fdr } from '../../src/inference/index.js';
import { fixture } from './fixture.js';

describe('fdr', () => {
  const ref = fixture.fdr;

  it.each(['bh', 'by'] as const)('%s matches statsmodels multipletests (with ties, 0 and 1)', (method) => {
    const r = fdr(ref.p, { method, alpha: 0.05 });
    expect(r.m).toBe(ref.p.length);
    r.adjusted.forEach((a, i) => {
      expect(a).toBeCloseTo(ref[method].adjusted[i]!, 12);
    });
    expect(r.rejected).toEqual(ref[method].rejected);
    expect(r.rejections).toBe(ref[method].rejected.filter(Boolean).length);
    expect(FdrResultSchema.parse(r)).toEqual(r);
  });

  it('ignores nulls: they stay null and do not count in m', () => {
    const withNulls = [null, ...ref.p.slice(0, 10), null];
    const r = fdr(withNulls);
    const plain = fdr(ref.p.slice(0, 10));
    expect(r.m).toBe(10);
    expect(r.adjusted[0]).toBeNull();
    expect(r.rejected[11]).toBeNull();
    expect(r.adjusted.slice(1, 11)).toEqual(plain.adjusted);
  });

  it('refuses p-values outside [0, 1]', () => {
    expect(() => fdr([0.2, 1.5])).toThrow(/p-values in \[0, 1\]/);
    expect(() => fdr([0.2, Number.NaN])).toThrow(/p-values/);
  });

  test.prop([
    fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }), { maxLength: 40 }),
  ])('BH adjusted p are ≥ raw p, ≤ 1, and monotone in the raw p', (ps) => {
    for (const method of ['bh', 'by'] as const) {
      const { adjusted } = fdr(ps, { method });
      const pairs = ps.flatMap((p, i) => (p === null ? [] : [[p, adjusted[i]!] as const]));
      for (const [p, a] of pairs) {
        expect(a).toBeGreaterThanOrEqual(p);
        expect(a).toBeLessThanOrEqual(1);
      }
      for (const [p1, a1] of pairs)
        for (const [p2, a2] of pairs) if (p1 < p2) expect(a1).toBeLessThanOrEqual(a2);
      ps.forEach((p, i) => {
        if (p === null) expect(adjusted[i]).toBeNull();
      });
    }
  });
});
