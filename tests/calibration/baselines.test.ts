// Seeded, fast cases of the calibration harness (bench/calibration/section-baselines.ts, SYNTHETIC series): the
// coverage of each baseline's 95% cumulative-excess interval must fall inside the 99.9% binomial band of an exact
// 95% method at the replication count used, so a regression in calibration fails here and an honest method does
// not fail by chance (about 1 in 1,000 per row). Full table: `npm run calibration`.
import { describe, expect, it } from 'vitest';
import { BASELINES, GRID, runCase } from '../../bench/calibration/section-baselines.js';
import { binomialBand } from '../../bench/calibration/stats.js';

const ROWS: readonly { baseline: string; case: string; reps: number }[] = [
  { baseline: 'seasonalTrend', case: 'base: ρ=0.5, fit 37 m, horizon 30 m', reps: 120 },
  { baseline: 'seasonalTrend', case: 'ρ=0.8', reps: 120 },
  { baseline: 'seasonalTrend', case: 'fit 60 m', reps: 80 },
  { baseline: 'logLinearTrend', case: 'ρ=0.7', reps: 120 },
  { baseline: 'preWarMean', case: 'base: ρ=0.5, fit 37 m, horizon 30 m', reps: 120 },
  { baseline: 'preWarMean seasonal', case: 'ρ=0.7', reps: 80 },
  { baseline: 'stlForecast', case: 'ρ=0', reps: 60 },
  { baseline: 'stlForecast', case: 'base: ρ=0.5, fit 37 m, horizon 30 m', reps: 60 },
];

describe('baseline intervals hold their level on SYNTHETIC trade-like series (seeded)', () => {
  for (const [k, row] of ROWS.entries()) {
    it(`${row.baseline}, ${row.case}: coverage inside the 99.9% band at ${row.reps} replications`, () => {
      const b = BASELINES.find((x) => x.name === row.baseline)!;
      const c = GRID.find((x) => x.label === row.case)!;
      const r = runCase(c, b, row.reps, 4242 + k);
      expect(r.failed).toBe(0);
      const [lo, hi] = binomialBand(r.reps, 0.95, 0.999);
      expect(r.covered, `${r.covered}/${r.reps} covered`).toBeGreaterThanOrEqual(lo);
      expect(r.covered).toBeLessThanOrEqual(hi);
    }, 120_000);
  }
});
