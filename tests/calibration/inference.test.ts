/**
 * Seeded fast rows of the inference calibration (bench/calibration/section-inference.ts), SYNTHETIC panels with
 * three treated units: randomizationTest's size must stay inside the 99.9% binomial band of an exact 5% test.
 */
import { describe, expect, it } from 'vitest';
import { section } from '../../bench/calibration/section-inference.js';
import { binomialBand } from '../../bench/calibration/stats.js';

describe('inference calibration (SYNTHETIC, 3 treated units)', () => {
  it('randomizationTest size at nominal 5% and wild cluster bootstrap size are within the binomial band', async () => {
    const rows = await section.run({ reps: 200, seed: 20221, progress: () => {} });
    for (const m of ['randomizationTest', 'wildClusterBootstrap']) {
      const r = rows.find((x) => x.method === m && x.kind === 'size')!;
      const [, hi] = binomialBand(r.reps, 0.05, 0.999);
      expect(r.reps).toBe(200);
      expect(r.hits, `${m} ${r.hits}/${r.reps}`).toBeLessThanOrEqual(hi);
    }
  });
});
