// Seeded calibration rows for the baselines moved onto the GLS AR(1) error model after the first calibration pass
// (samePeriodPriorYear, controlGroup; bench/calibration/section-baselines.ts, SYNTHETIC series). Each
// row's coverage of the 95% cumulative-excess interval must fall inside the 99.9% binomial band of an exact 95%
// method at the replication count used. The rows are chosen where the previous behaviour measured outside that band
// (bench/README.md: samePeriodPriorYear 86.0% at ρ = 0.5, controlGroup 78.5% at ρ = 0.7, 200 replications each),
// so a return to it fails here. holtWinters does not hold its level and says so at run time
// (tests/baselines/holt-winters-calibration.test.ts). Full table: `npm run calibration`.
import { describe, expect, it } from 'vitest';
import { BASELINES, GRID, runCase } from '../../bench/calibration/section-baselines.js';
import { binomialBand } from '../../bench/calibration/stats.js';

const ROWS: readonly { baseline: string; case: string; reps: number }[] = [
  { baseline: 'samePeriodPriorYear', case: 'base: ρ=0.5, fit 37 m, horizon 30 m', reps: 150 },
  { baseline: 'controlGroup', case: 'ρ=0.7', reps: 150 },
];

describe('GLS AR(1) baselines hold their level on SYNTHETIC trade-like series (seeded)', () => {
  for (const [k, row] of ROWS.entries()) {
    it(`${row.baseline}, ${row.case}: coverage inside the 99.9% band at ${row.reps} replications`, () => {
      const b = BASELINES.find((x) => x.name === row.baseline)!;
      const c = GRID.find((x) => x.label === row.case)!;
      const r = runCase(c, b, row.reps, 5151 + k);
      expect(r.failed).toBe(0);
      const [lo, hi] = binomialBand(r.reps, 0.95, 0.999);
      expect(r.covered, `${r.covered}/${r.reps} covered`).toBeGreaterThanOrEqual(lo);
      expect(r.covered).toBeLessThanOrEqual(hi);
    }, 60_000);
  }
});
