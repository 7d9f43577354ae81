import { describe, expect, it } from 'vitest';
import { productLevelExample } from '../../examples/product-level.js';

// Mechanics only: the example's values are SYNTHETIC (see examples/product-level.ts), so no figure is a finding.
describe('examples/product-level.ts (SYNTHETIC responses, replay server)', () => {
  it('fetches every product in chunks under the 5M-cell limit, caches them, and runs the full design', async () => {
    const lines: string[] = [];
    const r = await productLevelExample((l) => lines.push(l));
    expect(r.chunks).toBe(2);
    expect(r.requests).toBe(2); // the offline re-run asked nothing
    expect(r.observations).toBe(24 * 9 * 24);
    expect(r.design.design).toBe('sanctioned-vs-other');
    expect(r.design.settings.comparison).toEqual(['CN', 'GE', 'TR', 'US', 'UZ']);
    // Built in: +40% to the transit destinations, −80% to Russia for sanctioned codes from their dates.
    expect(r.design.headline.percentEffect!.estimate).toBeCloseTo(0.4, 1);
    expect(r.design.targetEffect!.estimate).toBeCloseTo(-0.8, 1);
    expect(r.design.headline.randomization).toMatchObject({ assignments: 20, enumerated: false });
    expect(r.substitution.offsetShare.estimate).not.toBeNull();
    expect(lines.join('\n')).toContain('SYNTHETIC');
  }, 300_000);
});
