/**
 * Seeded size check of `tripleDiff` on SYNTHETIC monthly destination panels with two product groups per unit and
 * three treated units (bench/calibration/section-inference.ts, case "pre 24 m": KZ/AM/KG-like treated units, 37
 * controls, AR(1) ρ = 0.5 with t(5) shocks, a 24-month pre-period, parallel trends, no effect) — the case where the
 * CR1 t(G−1) test was worst on the harness. At nominal 5% the default CR2 test with Bell–McCaffrey df must reject in
 * at most 8% of the 400 panels (32). For an exact 5% test P(X ≥ 33 of 400) ≈ 0.2%, so an honest test fails by chance
 * about once in 500 runs; CR2 rejects in 9 of them (2.3%). The deliberately broken variant it catches: standard
 * errors that ignore the serial correlation within a destination (`cluster: 'none'`: 66 of 400, 16.5%). CR1
 * (`correction: 'cr1'`) rejects in 29 of these 400 panels (7.3%), too close to the band for this check to separate
 * it; its size is reported in bench/README.
 */
import { describe, expect, it } from 'vitest';
import { drawMonthlyPanel } from '../../bench/calibration/panel-dgp.js';
import { binomialPmf } from '../../bench/calibration/stats.js';
import { tripleDiff } from '../../src/inference/triple-diff.js';
import { createRng } from '../../src/numeric/rng.js';

const REPS = 400;
const LIMIT = 32; // 8% of 400
const SEED = 61_022;

describe('tripleDiff size with 3 treated units (SYNTHETIC monthly panels, 24-month pre-period)', () => {
  it('the band is a 99.5% quantile of an exact 5% test', () => {
    let tail = 0;
    for (let k = LIMIT + 1; k <= REPS; k++) tail += binomialPmf(k, REPS, 0.05);
    expect(tail).toBeLessThan(0.005);
  });
  it('CR2 (the default) rejects at most 8%; unclustered standard errors do not', () => {
    let cr2 = 0;
    let iid = 0;
    let n = 0;
    for (let r = 0; r < REPS; r++) {
      const { panel } = drawMonthlyPanel(createRng(SEED + 7919 * r), { groups: 2, preMonths: 24 });
      const a = tripleDiff(panel, { treatedGroup: 'sanctioned' });
      const b = tripleDiff(panel, { treatedGroup: 'sanctioned', cluster: 'none' });
      if (a.p === null || b.p === null) continue;
      expect(a.settings.vcov).toBe('cr2');
      n++;
      if (a.p <= 0.05) cr2++;
      if (b.p <= 0.05) iid++;
    }
    expect(n).toBe(REPS);
    expect(cr2, `CR2 size ${cr2}/${n}`).toBeLessThanOrEqual(LIMIT);
    expect(iid, `unclustered size ${iid}/${n}`).toBeGreaterThan(LIMIT);
  }, 120_000);
});
