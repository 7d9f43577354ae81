/**
 * Seeded size check of `eventStudy` on SYNTHETIC monthly destination panels with three treated units (the base case
 * of bench/calibration/section-inference.ts: KZ/AM/KG-like treated units, 37 controls, AR(1) ρ = 0.5 with t(5)
 * shocks, parallel trends, no effect). At nominal 5% the post-average test (CR2 with Bell–McCaffrey df, the default)
 * and the pre-trend test (randomisation over units with fewer than 10 treated units) must reject in at most 9% of
 * the 200 panels (18). For an exact 5% test P(X ≥ 19 of 200) ≈ 0.58% (the Monte-Carlo band: a 99.4% one-sided
 * quantile), so an honest test fails by chance about once in 200 runs, while the CR1 variant (`correction: 'cr1'`,
 * 16–20% and 63–73% on the harness) fails the same check — the deliberately broken variant this test catches.
 */
import { describe, expect, it } from 'vitest';
import { drawMonthlyPanel } from '../../bench/calibration/panel-dgp.js';
import { binomialPmf } from '../../bench/calibration/stats.js';
import { eventStudy } from '../../src/inference/event-study.js';
import { createRng } from '../../src/numeric/rng.js';

const REPS = 200;
const LIMIT = 18; // 9% of 200
const SEED = 51_022;

describe('eventStudy size with 3 treated units (SYNTHETIC monthly panels)', () => {
  it('the band is a 99.5% quantile of an exact 5% test', () => {
    let tail = 0;
    for (let k = LIMIT + 1; k <= REPS; k++) tail += binomialPmf(k, REPS, 0.05);
    expect(tail).toBeLessThan(0.006);
  });
  it('post-average (CR2) and pre-trend (randomisation) reject at most 9%; CR1 does not', () => {
    let post = 0;
    let pre = 0;
    let post1 = 0;
    let pre1 = 0;
    let n = 0;
    for (let r = 0; r < REPS; r++) {
      const { panel } = drawMonthlyPanel(createRng(SEED + 7919 * r), {});
      const es = eventStudy(panel, { seed: r + 1, draws: 499 });
      if (es.p === null || es.preTrend?.p == null) continue;
      n++;
      if (es.p <= 0.05) post++;
      if (es.preTrend.p <= 0.05) pre++;
      if (r < 60) {
        const cr1 = eventStudy(panel, { correction: 'cr1' });
        if ((cr1.p ?? 1) <= 0.05) post1++;
        if ((cr1.preTrend?.p ?? 1) <= 0.05) pre1++;
      }
    }
    expect(n).toBe(REPS);
    expect(post, `post-average size ${post}/${n}`).toBeLessThanOrEqual(LIMIT);
    expect(pre, `pre-trend size ${pre}/${n}`).toBeLessThanOrEqual(LIMIT);
    // CR1 on the first 60 panels: above 9% (5.4 of 60).
    expect(post1, `cr1 post-average ${post1}/60`).toBeGreaterThan(5);
    expect(pre1, `cr1 pre-trend ${pre1}/60`).toBeGreaterThan(5);
  }, 170_000);
});
