/**
 * The misspecified part of the baselines' calibration (issue 10 item 2): coverage of the 95% interval of the
 * cumulative excess under no effect when the SYNTHETIC series breaks what a baseline assumes — a trend for the
 * trend-free `preWarMean`, an unmodelled level shift, outliers in the fit window, fat-tailed t(3) shocks, a
 * 24-month fit at ρ = 0.8. One factor at a time from the base case of section-baselines.ts (ρ = 0.5, fit 37
 * months, horizon 30). Not judged: the table says how far off each baseline is and how often it warns.
 *
 * @module
 */
import { logLinearTrend, preWarMean, seasonalTrend, stlForecast } from '../../src/baselines/index.js';
import { BASE, type BaselineCase, type BaselineEntry, GRID, runCase } from './section-baselines.js';
import type { CalibrationRow, CalibrationSection } from './types.js';

/**
 * The misspecified cases: the ones the baselines section's GRID already marks `misspecified` (level shift, outliers,
 * a 24-month fit at ρ = 0.8; defined there once), plus t(3) shocks. The full harness therefore runs the GRID's three
 * for these four baselines in both sections; this one keeps them so its table stands on its own.
 */
const FROM_GRID = GRID.filter((c) => c.misspecified === true);
export const MISSPECIFIED_GRID: readonly BaselineCase[] = [
  // Order fixes each case's seed (seed + 5000 + 1000 × position), so the committed table reproduces.
  ...FROM_GRID.slice(0, 2),
  { label: 't(3) shocks', fit: 37, horizon: 30, dgp: { ...BASE, tDf: 3 }, misspecified: true },
  ...FROM_GRID.slice(2),
];

/** A trend for preWarMean: the base case with the 5%/yr trend it does not model. */
export const TREND_CASE: BaselineCase = {
  label: 'trend 5%/yr (not modelled)',
  fit: 37,
  horizon: 30,
  dgp: BASE,
  misspecified: true,
};

/** The baselines of this section, on the DGPs they claim (trend / seasonality as in section-baselines.ts). */
export const MISSPECIFIED_BASELINES: readonly BaselineEntry[] = [
  { name: 'seasonalTrend', make: () => seasonalTrend(), trend: true, seasonal: true, claimed: false },
  { name: 'logLinearTrend', make: () => logLinearTrend(), trend: true, seasonal: false, claimed: false },
  { name: 'preWarMean', make: () => preWarMean(), trend: false, seasonal: false, claimed: false },
  { name: 'stlForecast', make: () => stlForecast(), trend: true, seasonal: true, claimed: false },
];

/** preWarMean (plain and seasonal) fed a trending series. */
export const TRENDED_PRE_WAR_MEAN: readonly BaselineEntry[] = [
  { name: 'preWarMean', make: () => preWarMean(), trend: true, seasonal: false, claimed: false },
  {
    name: 'preWarMean seasonal',
    make: () => preWarMean({ seasonal: true }),
    trend: true,
    seasonal: true,
    claimed: false,
  },
];

export const section: CalibrationSection = {
  title: 'Baselines, misspecified: 95% interval of the cumulative excess under no effect',
  description:
    'As the baselines section (SYNTHETIC monthly log series, AR(1) errors with marginal sd 0.12, fit window ' +
    'ending 2022-01, 30 months summed from 2022-03, no true effect), one misspecification at a time from the base ' +
    'case (ρ = 0.5, fit 37 months): a level shift of −0.3 twelve months before the end of the window, three +0.6 ' +
    'outliers in it, t(3) shocks, a 24-month fit at ρ = 0.8, and a 5%/yr trend fed to preWarMean. `warned` counts ' +
    'replications whose counterfactual carries a warning that the interval does not hold (trend, unit root).',
  defaultReps: 200,
  async run({ reps, seed, progress }) {
    const rows: CalibrationRow[] = [];
    const runs: [BaselineEntry, BaselineCase, number][] = [];
    for (const b of MISSPECIFIED_BASELINES) {
      for (const [ci, c] of MISSPECIFIED_GRID.entries()) runs.push([b, c, seed + 5000 + 1000 * ci]);
    }
    for (const b of TRENDED_PRE_WAR_MEAN) runs.push([b, TREND_CASE, seed + 9000]);
    for (const [b, c, s] of runs) {
      const r = runCase(c, b, reps, s);
      progress(`${b.name} · ${c.label}: ${r.covered}/${r.reps}`);
      rows.push({
        method: b.name,
        dgp: c.label,
        claimed: false,
        kind: 'coverage',
        nominal: 0.95,
        reps: r.reps,
        hits: r.covered,
        note: [
          r.failed ? `${r.failed} fits failed` : '',
          `warned in ${r.warned}`,
          `${r.below} above 0 / ${r.reps - r.covered - r.below} below`,
        ]
          .filter(Boolean)
          .join('; '),
      });
    }
    return rows;
  },
};
