// holtWinters' cumulative interval is not calibrated under AR(1) errors (bench/calibration, SYNTHETIC): it says so at
// run time, and the harness row shows the under-coverage the warning states, so the warning is removed only when
// the method is fixed.
import { describe, expect, it } from 'vitest';
import { BASELINES, GRID, runCase } from '../../bench/calibration/section-baselines.js';
import { holtWinters, makeSeries } from '../../src/index.js';

describe('holtWinters states that its cumulative interval does not hold its level', () => {
  it('warns whenever it simulates paths after the fit window, and not when there are none', () => {
    const values = Array.from({ length: 48 }, (_, t) => 1e7 * (1.2 + 0.3 * Math.sin((2 * Math.PI * t) / 12)));
    const s = makeSeries({
      key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
      currency: 'EUR',
      start: '2019-01',
      values: values.map((v, t) => v * (1 + 0.02 * Math.cos(t * 1.7))),
    });
    const after = holtWinters({ seasonal: 'multiplicative', fit: ['2019-01', '2022-01'] }).fit(s);
    expect(after.warnings.join(' ')).toContain('does not hold its level');
    const none = holtWinters({ seasonal: 'multiplicative', fit: ['2019-01', '2022-12'] }).fit(s);
    expect(none.warnings.join(' ')).not.toContain('does not hold its level');
  });

  it('under-covers with a 24-month fit at ρ = 0.5, as the warning says (SYNTHETIC, seeded, 120 replications)', () => {
    const b = BASELINES.find((x) => x.name === 'holtWinters multiplicative')!;
    const c = GRID.find((x) => x.label === 'fit 24 m')!;
    const r = runCase(c, b, 120, 77);
    expect(r.failed).toBe(0);
    expect(r.warned).toBe(r.reps);
    // An exact 95% interval covers at least 105 of 120 with probability 0.999 (binomialBand); this one measured 85.5%.
    expect(r.covered, `${r.covered}/${r.reps} covered`).toBeLessThan(110);
  }, 60_000);
});
