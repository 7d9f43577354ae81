// Seeded, fast cases of the break tests' calibration (bench/calibration/section-breaks.ts, SYNTHETIC series): the
// rejection rate of a nominal-5% test with no break, and the coverage of excess()'s 95% interval, must fall inside
// the 99.9% binomial band of an exact method at the replication count used. The classic F (errors 'iid') on
// autocorrelated errors is the broken variant the bands catch. Full table: `npm run calibration -- --only breaks`.
import { describe, expect, it } from 'vitest';
import {
  BREAK_EFFECT,
  BREAK_GRID,
  runBreakCase,
  runExcessCase,
} from '../../bench/calibration/section-breaks.js';
import { binomialBand } from '../../bench/calibration/stats.js';

const base = BREAK_GRID[0]!;
const short = BREAK_GRID.find((c) => c.label === '24 m')!;

describe('break tests hold their size on SYNTHETIC AR(1) trade-like series (seeded)', () => {
  it("chowTest with errors 'ar1' (the monthly default): size inside the 99.9% band at ρ = 0.5, 48 months", () => {
    const r = runBreakCase(base, 'chowTest ar1', 0, 150, 31);
    expect(r.failed).toBe(0);
    const [, hi] = binomialBand(r.reps, 0.05, 0.999);
    expect(r.rejected, `${r.rejected}/${r.reps} rejected`).toBeLessThanOrEqual(hi);
  }, 60_000);

  it("the classic F (errors 'iid') over-rejects there, outside the band, and warns", () => {
    const r = runBreakCase(base, 'chowTest iid', 0, 150, 31);
    const [, hi] = binomialBand(r.reps, 0.05, 0.999);
    expect(r.rejected, `${r.rejected}/${r.reps} rejected`).toBeGreaterThan(hi);
    expect(r.warned).toBeGreaterThan(r.reps / 2);
  }, 60_000);

  it("supF with errors 'ar1': size inside the band at 24 months, and it warns about the short window", () => {
    const r = runBreakCase(short, 'supF ar1', 0, 60, 37);
    expect(r.failed).toBe(0);
    const [, hi] = binomialBand(r.reps, 0.05, 0.999);
    expect(r.rejected, `${r.rejected}/${r.reps} rejected`).toBeLessThanOrEqual(hi);
    expect(r.warned).toBe(r.reps);
  }, 60_000);

  it(`excess() with a seasonalTrend counterfactual covers the true excess of a ${BREAK_EFFECT} effect`, () => {
    const r = runExcessCase(base, BREAK_EFFECT, 100, 41);
    expect(r.failed).toBe(0);
    const [lo, hi] = binomialBand(r.reps, 0.95, 0.999);
    expect(r.covered, `${r.covered}/${r.reps} covered`).toBeGreaterThanOrEqual(lo);
    expect(r.covered).toBeLessThanOrEqual(hi);
  }, 60_000);
});
