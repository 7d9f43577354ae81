/**
 * Size of the z-score screens under no effect, on SYNTHETIC series: `growthZScore` (annual sums of a trend-free
 * seasonal monthly series with AR(1) errors, growth of 2022 against the growth rates of 2016–2021) and `zScore` /
 * `robustZ` (one value against five values of the same normal distribution). A "rejection" is |z| > 1.96 (what a
 * reader takes as a 5% two-sided test) and, for the robust z, the Iglewicz–Hoaglin outlier flag |z| > 3.5. None of
 * these functions claims a level (they return a z, no p-value), so the rows are shown, not judged.
 *
 * @module
 */
import { growthZScore } from '../../src/measures/growth-z-score.js';
import { robustZ } from '../../src/measures/robust-z.js';
import { zScore } from '../../src/measures/z-score.js';
import { makeSeries } from '../../src/model/series.js';
import { createRng, drawSeries } from './dgp.js';
import type { CalibrationRow, CalibrationSection } from './types.js';

function row(method: string, dgp: string, reps: number, hits: number, note: string): CalibrationRow {
  return { method, dgp, claimed: false, kind: 'size', nominal: 0.05, reps, hits, note };
}

/** The z-score section of the calibration table. */
export const section: CalibrationSection = {
  title: 'z-score screens: rate of |z| > 1.96 under no effect',
  description:
    'SYNTHETIC. growthZScore: 8 years (2015–2022) of a trend-free monthly log series with seasonality 0.3 and AR(1) ' +
    'errors (marginal sd 0.12), summed to years; growth of 2022 against 2016–2021. zScore / robustZ: one N(0, 1) ' +
    'value against five N(0, 1) values. Shown, not judged: none of these claims a level.',
  defaultReps: 2000,
  async run({ reps, seed, progress }) {
    const out: CalibrationRow[] = [];
    for (const rho of [0, 0.5]) {
      progress(`growthZScore ρ=${rho}`);
      const rng = createRng(seed + Math.round(rho * 10));
      let n = 0;
      let z196 = 0;
      let rz196 = 0;
      let flag = 0;
      for (let r = 0; r < reps; r++) {
        const s = drawSeries({ months: 96, start: '2015-01', trendPerYear: 0, rho }, rng);
        const years = Array.from({ length: 8 }, (_, y) => {
          let sum = 0;
          for (let m = 0; m < 12; m++) sum += s.values[12 * y + m]!;
          return sum;
        });
        const series = makeSeries({
          key: { reporter: 'SYNTHETIC', partner: 'XX', flow: 'export', product: 'TOTAL' },
          currency: 'EUR',
          start: '2015',
          values: years,
        });
        const g = growthZScore(series, { year: '2022' });
        if (g.z === null) continue;
        n++;
        if (Math.abs(g.z) > 1.96) z196++;
        if (g.robustZ !== null && Math.abs(g.robustZ) > 1.96) rz196++;
        if (g.outlier === true) flag++;
      }
      const dgp = `annual sums, 6 growth rates of history, AR(1) ρ=${rho}`;
      out.push(row('growthZScore z', dgp, n, z196, 'abs(z) > 1.96'));
      out.push(row('growthZScore robustZ', dgp, n, rz196, 'abs(robust z) > 1.96'));
      out.push(row('growthZScore outlier', dgp, n, flag, 'abs(robust z) > 3.5 (Iglewicz–Hoaglin flag)'));
    }
    progress('zScore / robustZ');
    const rng = createRng(seed + 99);
    let z196 = 0;
    let rz196 = 0;
    let flag = 0;
    for (let r = 0; r < reps; r++) {
      const ref = Array.from({ length: 5 }, () => rng.normal());
      const v = rng.normal();
      const z = zScore(v, ref).z;
      const rz = robustZ(v, ref);
      if (z !== null && Math.abs(z) > 1.96) z196++;
      if (rz.z !== null && Math.abs(rz.z) > 1.96) rz196++;
      if (rz.z !== null && Math.abs(rz.z) > 3.5) flag++;
    }
    const dgp = 'one N(0,1) value against 5 N(0,1) values';
    out.push(row('zScore', dgp, reps, z196, 'abs(z) > 1.96'));
    out.push(row('robustZ', dgp, reps, rz196, 'abs(robust z) > 1.96'));
    out.push(row('robustZ outlier', dgp, reps, flag, 'abs(robust z) > 3.5'));
    return out;
  },
};
