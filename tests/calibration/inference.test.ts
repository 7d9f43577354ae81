/**
 * Seeded fast rows of the inference calibration (bench/calibration/section-inference.ts), SYNTHETIC panels with
 * three treated units: randomizationTest's size must stay inside the 99.9% binomial band of an exact 5% test.
 */
import { describe, expect, it } from 'vitest';
import { rows as panelRows } from '../../bench/calibration/section-inference.js';
import { binomialBand } from '../../bench/calibration/stats.js';

describe('inference calibration (SYNTHETIC, 3 treated units)', () => {
  it('randomizationTest size at nominal 5% and wild cluster bootstrap size are within the binomial band', async () => {
    // The panel rows only, as section.run computes them (its syntheticControl cases have their own seeded test).
    const rows = (['randomizationTest', 'wildClusterBootstrap'] as const).flatMap((m) =>
      panelRows(m, 200, 20221, true),
    );
    for (const m of ['randomizationTest', 'wildClusterBootstrap']) {
      const r = rows.find((x) => x.method === m && x.kind === 'size')!;
      const [, hi] = binomialBand(r.reps, 0.05, 0.999);
      expect(r.reps).toBe(200);
      expect(r.hits, `${m} ${r.hits}/${r.reps}`).toBeLessThanOrEqual(hi);
    }
  }, 300_000);
});
