/**
 * Seeded fast rows of the inference calibration (bench/calibration/section-inference.ts) on SYNTHETIC monthly
 * destination panels with three treated units (the base case): the nominal 5% tests of `did` (CR2, the default) and
 * `randomizationTest` must reject a true null no more often than the upper 99.9% binomial quantile of an exact 5%
 * test at the replication count used, and their 95% intervals must cover the effect at least as often as the lower
 * 99.9% quantile of an exact 95% interval (conservative methods may cover more). `did` with `correction: 'cr1'`, the
 * variant that over-rejects with few treated clusters, fails the same check (the test that catches a regression).
 */
import { describe, expect, it } from 'vitest';
import { caseRows, PANEL_CASES } from '../../bench/calibration/section-inference.js';
import { binomialBand } from '../../bench/calibration/stats.js';

const REPS = 150;
const SEED = 20221;

describe('inference calibration (SYNTHETIC monthly panels, 3 treated units)', () => {
  it('did (CR2) and randomizationTest hold size and coverage within the 99.9% binomial bands', () => {
    const rows = caseRows(PANEL_CASES[0]!, ['did', 'randomizationTest', 'did (cr1)'], REPS, SEED);
    for (const m of ['did', 'randomizationTest']) {
      const size = rows.find((r) => r.method === m && r.kind === 'size')!;
      expect(size.reps).toBe(REPS);
      expect(size.hits, `${m} size ${size.hits}/${size.reps}`).toBeLessThanOrEqual(
        binomialBand(size.reps, 0.05)[1],
      );
      const cover = rows.find((r) => r.method === m && r.kind === 'coverage')!;
      expect(cover.hits, `${m} coverage ${cover.hits}/${cover.reps}`).toBeGreaterThanOrEqual(
        binomialBand(cover.reps, 0.95)[0],
      );
    }
    const cr1 = rows.find((r) => r.method === 'did (cr1)' && r.kind === 'size')!;
    expect(cr1.hits, `did cr1 size ${cr1.hits}/${cr1.reps}`).toBeGreaterThan(binomialBand(cr1.reps, 0.05)[1]);
  }, 120_000);
});
