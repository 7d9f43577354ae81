import { describe, expect, it } from 'vitest';
import { productLevelExample } from '../../examples/product-level.js';

// Mechanics only: the example's values are SYNTHETIC (see examples/product-level.ts), so no figure is pinned.
describe('examples/product-level.ts (SYNTHETIC responses, replay server)', () => {
  it('fetches every product in chunks, caches them, and runs the product-level leg through roundabout()', async () => {
    const lines: string[] = [];
    const r = await productLevelExample((l) => lines.push(l));
    expect(r.chunks).toBeGreaterThan(1); // over the 5M-cell limit: split
    expect(r.requests).toBe(r.chunks); // the offline re-run asked nothing
    expect(r.observations).toBeGreaterThan(0);
    // The study ran the product-level leg only, on the fetched panel.
    expect(r.result.legs.map((l) => l.leg)).toEqual(['product-level']);
    expect(r.result.findings.every((f) => f.leg === 'product-level')).toBe(true);
    expect(['supported', 'mixed', 'not-supported', 'cannot-tell']).toContain(r.leg.status);
    expect(r.leg.text.length).toBeGreaterThan(0);
    expect(r.leg.rule.length).toBeGreaterThan(0);
    // The panel holds other goods: 'auto' ran the full sanctioned-vs-other design, and the leg says why.
    expect(r.headline?.design).toBe('sanctioned-vs-other');
    expect(r.headline?.comparisonUnits).toEqual(['GE', 'UZ', 'TR', 'CN', 'US']);
    expect(r.headline?.assignments).toBeGreaterThan(1);
    expect(r.headline?.pValue).not.toBeNull();
    expect(r.headline?.excessPct).not.toBeNull();
    const methods = r.leg.methods.join(' ');
    expect(methods).toContain('Design: sanctioned-vs-other (auto:');
    expect(methods).toContain("The EBRD's:");
    expect(methods).toContain('EBRD');
    expect(r.leg.text).toContain('and to other goods');
    expect(r.substitution.offsetShare.estimate).not.toBeNull();
    const out = lines.join('\n');
    expect(out).toContain('SYNTHETIC');
    expect(out).toContain('verdict:');
    expect(out).toContain('Our estimand:');
  }, 300_000);
});
