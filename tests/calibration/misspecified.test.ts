// The misspecified part of the baselines' calibration (bench/calibration/section-misspecified.ts, SYNTHETIC
// series): where a baseline's own diagnostic can see the regime it must warn. preWarMean (plain and seasonal)
// checks its fit window for a trend; a strongly trending window must trigger it, a flat one must not.
import { describe, expect, it } from 'vitest';
import { preWarMean } from '../../src/baselines/index.js';
import { makeSeries } from '../../src/model/series.js';

const KEY = { reporter: 'SYNTHETIC', partner: 'XX', flow: 'export', product: 'TOTAL' } as const;
const season = [0.1, -0.05, 0.02, 0.08, -0.1, 0.04, -0.03, 0.06, -0.08, 0.01, 0.05, -0.1];
// A deterministic small wiggle, so the fit is not exact.
const wiggle = (t: number): number => 0.03 * Math.sin(1.7 * t) + 0.02 * Math.cos(0.9 * t);

function series(trendPerYear: number, seasonal: boolean) {
  const values = Array.from({ length: 37 }, (_, t) =>
    Math.exp(16 + (trendPerYear * t) / 12 + (seasonal ? season[t % 12]! : 0) + wiggle(t)),
  );
  return makeSeries({ key: KEY, currency: 'EUR', start: '2019-01', values });
}

describe('preWarMean warns when its fit window has a trend', () => {
  for (const seasonal of [false, true]) {
    it(`seasonal: ${seasonal}: warns on a 30%/yr trend, not on a flat window`, () => {
      const b = preWarMean({ seasonal, draws: 200 });
      const trended = b.fit(series(0.3, seasonal));
      expect(trended.warnings.some((w) => w.includes('assumes no trend'))).toBe(true);
      const flat = b.fit(series(0, seasonal));
      expect(flat.warnings.some((w) => w.includes('assumes no trend'))).toBe(false);
    });
  }
});
