// holtWinters' cumulative interval comes from Holt–Winters with AR(1) one-step errors estimated jointly with the
// smoothing parameters (src/baselines/internal/ets-ar1.ts). Seeded rows of the harness (bench/calibration,
// SYNTHETIC) assert coverage inside the 99.9% binomial band of an exact 95% interval, so a return to independent
// path errors (which covered 85.5% with a 24-month fit, 90.0% at ρ 0.5) fails here.
import { describe, expect, it } from 'vitest';
import { BASELINES, GRID, runCase } from '../../bench/calibration/section-baselines.js';
import { binomialBand } from '../../bench/calibration/stats.js';
import { holtWinters, makeSeries } from '../../src/index.js';

const REPS = 120;

describe('holtWinters cumulative interval holds its level under AR(1) errors (SYNTHETIC, seeded)', () => {
  const b = BASELINES.find((x) => x.name === 'holtWinters multiplicative')!;
  for (const label of ['base: ρ=0.5, fit 37 m, horizon 30 m', 'fit 24 m']) {
    it(`${label}: coverage inside the 99.9% binomial band at ${REPS} replications`, () => {
      const c = GRID.find((x) => x.label === label)!;
      const r = runCase(c, b, REPS, 77);
      // A few replications have no interval (paths that sum to zero or less); at most 2.5%.
      expect(r.failed).toBeLessThanOrEqual(3);
      const [lo, hi] = binomialBand(r.reps, 0.95);
      expect(r.covered, `${r.covered}/${r.reps} covered`).toBeGreaterThanOrEqual(lo);
      expect(r.covered, `${r.covered}/${r.reps} covered`).toBeLessThanOrEqual(hi);
    }, 120_000);
  }

  it('no longer carries the blanket "does not hold its level" warning', () => {
    const values = Array.from({ length: 48 }, (_, t) => 1e7 * (1.2 + 0.3 * Math.sin((2 * Math.PI * t) / 12)));
    const s = makeSeries({
      key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
      currency: 'EUR',
      start: '2019-01',
      values: values.map((v, t) => v * (1 + 0.02 * Math.cos(t * 1.7))),
    });
    const after = holtWinters({ seasonal: 'multiplicative', fit: ['2019-01', '2022-01'] }).fit(s);
    expect(after.warnings.join(' ')).not.toContain('does not hold its level');
    expect(after.paths.length).toBe(1000);
  });
});
