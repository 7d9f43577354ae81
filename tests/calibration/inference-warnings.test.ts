/**
 * The run-time warnings that carry the inference harness's figures (bench/README) where a method misses its level
 * with few treated units: eventStudy's tests, tripleDiff, the placebo tests, the wild cluster bootstrap, and did's
 * CR2 note or CR1 fallback.
 */
import { describe, expect, it } from 'vitest';
import { drawMonthlyPanel } from '../../bench/calibration/panel-dgp.js';
import { meanDid } from '../../bench/calibration/section-inference.js';
import { did } from '../../src/inference/did.js';
import { eventStudy } from '../../src/inference/event-study.js';
import { placeboDates, placeboUnits } from '../../src/inference/placebo.js';
import { tripleDiff } from '../../src/inference/triple-diff.js';
import { wildClusterBootstrap } from '../../src/inference/wild-cluster-bootstrap.js';
import { createRng } from '../../src/numeric/rng.js';

const has = (ws: readonly string[], s: string) => ws.some((w) => w.includes(s));

describe('few-treated warnings with the harness figures (SYNTHETIC panel, 3 treated units)', () => {
  const { panel } = drawMonthlyPanel(createRng(5), { controls: 12 });
  it('eventStudy quotes its CR2 figures, and its CR1 figures with correction cr1', () => {
    const r = eventStudy(panel, { leads: 3, lags: 6 });
    expect(has(r.warnings, 'CR2 with Bell–McCaffrey degrees of freedom')).toBe(true);
    expect(r.preTrend?.df2).toBe(null); // the randomisation test with 3 treated units
    const cr1 = eventStudy(panel, { leads: 3, lags: 6, correction: 'cr1' });
    expect(has(cr1.warnings, 'test of the post average rejected a true null in')).toBe(true);
    expect(has(cr1.warnings, 'pre-trend F(q, G−1) test rejected true parallel trends in')).toBe(true);
  });
  it('placeboUnits and placeboDates warn and point to randomizationTest', () => {
    expect(has(placeboUnits(panel, meanDid).warnings, 'use randomizationTest')).toBe(true);
    expect(has(placeboDates(panel, meanDid).warnings, 'use randomizationTest for inference')).toBe(true);
  });
  it('tripleDiff and wildClusterBootstrap quote their size with 3 treated units', () => {
    const grouped = drawMonthlyPanel(createRng(6), { controls: 12, groups: 2 }).panel;
    const ddd = tripleDiff(grouped, { treatedGroup: 'sanctioned' });
    expect(ddd.settings.vcov).toBe('cr2');
    expect(has(ddd.warnings, 'Bell–McCaffrey degrees of freedom')).toBe(true);
    expect(
      has(
        tripleDiff(grouped, { treatedGroup: 'sanctioned', correction: 'cr1' }).warnings,
        'CR1 t(G−1) test rejected',
      ),
    ).toBe(true);
    expect(has(wildClusterBootstrap(panel, { draws: 99 }).warnings, 'WCR test rejected a true null in')).toBe(
      true,
    );
  });
  it('did uses CR2 on the balanced panel and quotes CR1 when it must fall back', () => {
    const r = did(panel);
    expect(r.settings.vcov).toBe('cr2');
    expect(has(r.warnings, 'Bell–McCaffrey degrees of freedom')).toBe(true);
    const cr1 = did(panel, { correction: 'cr1' });
    expect(cr1.settings.vcov).toBe('cluster');
    expect(has(cr1.warnings, 'CR1 test rejected a true null in')).toBe(true);
  });
  it('no figure placeholder is left in any warning', () => {
    const ws = [
      ...did(panel, { correction: 'cr1' }).warnings,
      ...eventStudy(panel, { leads: 3, lags: 6 }).warnings,
      ...eventStudy(panel, { leads: 3, lags: 6, correction: 'cr1' }).warnings,
    ];
    expect(ws.join(' ')).not.toMatch(/«|»|TODO/);
  });
});
