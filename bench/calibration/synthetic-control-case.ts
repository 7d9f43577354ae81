/**
 * SYNTHETIC cases for `syntheticControl`: a target and donors that share a common trend-seasonal factor with AR(1)
 * noise, each with its own AR(1) noise, so the target lies inside the donors' convex hull up to its own noise (the
 * DGP a synthetic control claims). No true excess: a correct 95% interval of the cumulative excess covers zero 95%
 * of the time.
 *
 * @module
 */
import { syntheticControl } from '../../src/baselines/synthetic-control.js';
import { excess } from '../../src/measures/excess.js';
import { makeSeries, type Series } from '../../src/model/series.js';
import { createRng, drawSeries, monthAt, seasonalPattern } from './dgp.js';

/** One syntheticControl case. */
export interface SyntheticControlCase {
  readonly label: string;
  /** AR(1) coefficient of the common factor and of each unit's own noise. */
  readonly rho: number;
  /** Months in the fit window (ending 2022-01). */
  readonly fit: number;
  /** Months summed from 2022-03. */
  readonly horizon: number;
  /** Number of donors. */
  readonly donors: number;
}

export const SYNTHETIC_CONTROL_CASES: readonly SyntheticControlCase[] = [
  { label: 'base: 20 donors, ρ=0.5, fit 37 m, horizon 30 m', rho: 0.5, fit: 37, horizon: 30, donors: 20 },
  { label: '20 donors, ρ=0', rho: 0, fit: 37, horizon: 30, donors: 20 },
  { label: '20 donors, ρ=0.7', rho: 0.7, fit: 37, horizon: 30, donors: 20 },
  { label: '20 donors, ρ=0.5, horizon 6 m', rho: 0.5, fit: 37, horizon: 6, donors: 20 },
];

const PARTNERS = 'AA AB AC AD AE AF AG AH AI AJ AK AL AM AN AO AP AQ AR AS AT AU AV AW AX AY AZ'.split(' ');

/** Share of `reps` replications whose 95% cumulative-excess interval covers zero. */
export function runSyntheticControlCase(
  c: SyntheticControlCase,
  reps: number,
  seed: number,
): { covered: number; reps: number; failed: number; warned: number; below: number } {
  const rng = createRng(seed);
  const months = c.fit + 1 + c.horizon;
  const start = monthAt('2022-01', -(c.fit - 1));
  const baseline = syntheticControl({ excludeDonors: 'none' });
  let covered = 0;
  let done = 0;
  let failed = 0;
  let warned = 0;
  let below = 0;
  const noise = { months, start, level: 0, trendPerYear: 0, seasonalAmplitude: 0, rho: c.rho, sigma: 0.1 };
  for (let r = 0; r < reps; r++) {
    const pattern = seasonalPattern(rng, 0.3);
    const common = drawSeries(
      { months, start, rho: c.rho, sigma: 0.08, trendPerYear: 0.05 },
      rng,
      pattern,
    ).log;
    const unit = (partner: string, offset: number): Series<'EUR'> => {
      const own = drawSeries(noise, rng).log;
      return makeSeries({
        key: { reporter: 'SYNTHETIC', partner, flow: 'export', product: 'TOTAL' },
        currency: 'EUR',
        start,
        values: Array.from(common, (v, i) => Math.exp(v + offset + own[i]!)),
      });
    };
    const target = unit('XX', 0);
    const donors = Array.from({ length: c.donors }, (_, j) => unit(PARTNERS[j]!, rng.normal() * 0.7));
    try {
      const cf = baseline.fit(target, { donors });
      const ex = excess(target, cf, { from: '2022-03', to: monthAt('2022-03', c.horizon - 1) });
      const iv = ex.total.interval;
      if (iv === null || iv.lower === null || iv.upper === null) {
        failed++;
        continue;
      }
      done++;
      if (cf.warnings.some((w) => /does not hold|explains less/.test(w))) warned++;
      if (iv.lower <= 0 && iv.upper >= 0) covered++;
      else if (iv.lower > 0) below++;
    } catch {
      failed++;
    }
  }
  return { covered, reps: done, failed, warned, below };
}
