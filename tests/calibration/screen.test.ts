import { describe, expect, it } from 'vitest';
import { runScreenCase, SCREEN_CASES, type ScreenCase } from '../../bench/calibration/section-screen.js';
import { binomialBand, ksUniform } from '../../bench/calibration/stats.js';

// Seeded, fast cases of the calibration harness (`npm run calibration -- --only screen`), SYNTHETIC series. The
// bands are the 99.9% binomial quantiles at the replication count: an honest method fails one of these checks by
// chance about once in a thousand runs of the seed, and never with this seed; a method that ignores the
// autocorrelation (ρ forced to 0) puts the size near 20% and BH's false-discovery share near 100%.
const byLabel = (prefix: string): ScreenCase => SCREEN_CASES.find((c) => c.label.startsWith(prefix))!;

describe('screen calibration under a global null (SYNTHETIC, seeded)', () => {
  it.each([
    ['base: ρ=0.5', 'base: ρ=0.5'],
    ['ρ=0.8', 'ρ=0.8'],
    ['fit 24 m', 'fit 24 m'],
    ['ρ per series from U(0, 0.8)', 'ρ drawn per series'],
  ])('%s: share of p ≤ 0.05 inside the 99.9% band of a 5% test, p-values uniform', async (_, prefix) => {
    const c = byLabel(prefix);
    const r = await runScreenCase(c, { screens: 20, seriesPerScreen: 200, seed: 17 });
    const n = r.nullP.length;
    expect(n).toBe(4000);
    const hits = r.nullP.filter((p) => p <= 0.05).length;
    const [lo, hi] = binomialBand(n, 0.05);
    expect(hits).toBeGreaterThanOrEqual(lo);
    expect(hits).toBeLessThanOrEqual(hi);
    expect(ksUniform(r.nullP).p).toBeGreaterThan(0.001);
  });

  it.each([
    ['independent series', 'base: ρ=0.5'],
    ['a common factor', 'common factor'],
  ])(
    '%s: BH at q = 0.05 reports a discovery in at most the 99.9% band of 5% of screens',
    async (_, prefix) => {
      const c = byLabel(prefix);
      const screens = 150;
      const r = await runScreenCase(c, { screens, seriesPerScreen: 60, seed: 29 });
      expect(r.screens).toBe(screens);
      expect(r.nullP.length).toBe(screens * 60);
      const [, hi] = binomialBand(screens, 0.05);
      expect(r.screensWithFalseDiscovery).toBeLessThanOrEqual(hi);
    },
  );
});
