/**
 * Calibration of the baselines: coverage of the 95% interval of the cumulative excess (`excess().total.interval`)
 * when there is no true excess, on SYNTHETIC trade-like series (bench/calibration/dgp.ts). A base case plus
 * one-factor-at-a-time variations; each baseline is judged only on the DGPs its doc comment claims.
 *
 * @module
 */
import type { Baseline } from '../../src/baselines/baseline.js';
import {
  controlGroup,
  holtWinters,
  logLinearTrend,
  preWarMean,
  samePeriodPriorYear,
  seasonalTrend,
  stlForecast,
} from '../../src/baselines/index.js';
import { excess } from '../../src/measures/excess.js';
import { makeSeries, type Series } from '../../src/model/series.js';
import { createRng, drawSeries, monthAt, type TradeDgp } from './dgp.js';
import type { CalibrationRow, CalibrationSection } from './types.js';

/** One case of the grid: the DGP, the fit length and the horizon. */
export interface BaselineCase {
  readonly label: string;
  /** Months in the fit window, ending 2022-01. */
  readonly fit: number;
  /** Months summed after the fit window, from 2022-03 (2022-02 is left out, as the invasion month). */
  readonly horizon: number;
  readonly dgp: Omit<TradeDgp, 'months' | 'start'>;
  /** Misspecified for every baseline (a level shift, outliers, a near-unit-root short window). */
  readonly misspecified?: boolean;
}

/** The base case's DGP (ρ = 0.5, 5%/yr trend, seasonal amplitude 0.3, marginal sd 0.12). */
export const BASE = { rho: 0.5, trendPerYear: 0.05, seasonalAmplitude: 0.3, sigma: 0.12 } as const;

/** Base case plus one-factor-at-a-time variations. */
export const GRID: readonly BaselineCase[] = [
  { label: 'base: ρ=0.5, fit 37 m, horizon 30 m', fit: 37, horizon: 30, dgp: BASE },
  { label: 'ρ=0', fit: 37, horizon: 30, dgp: { ...BASE, rho: 0 } },
  { label: 'ρ=0.3', fit: 37, horizon: 30, dgp: { ...BASE, rho: 0.3 } },
  { label: 'ρ=0.7', fit: 37, horizon: 30, dgp: { ...BASE, rho: 0.7 } },
  { label: 'ρ=0.8', fit: 37, horizon: 30, dgp: { ...BASE, rho: 0.8 } },
  { label: 'fit 24 m', fit: 24, horizon: 30, dgp: BASE },
  { label: 'fit 60 m', fit: 60, horizon: 30, dgp: BASE },
  { label: 'horizon 6 m', fit: 37, horizon: 6, dgp: BASE },
  { label: 'horizon 40 m', fit: 37, horizon: 40, dgp: BASE },
  { label: 't(4) shocks', fit: 37, horizon: 30, dgp: { ...BASE, tDf: 4 } },
  { label: 'σ=0.25', fit: 37, horizon: 30, dgp: { ...BASE, sigma: 0.25 } },
  {
    label: 'level shift −0.3 twelve months before the end',
    fit: 37,
    horizon: 30,
    dgp: BASE,
    misspecified: true,
  },
  { label: 'three +0.6 outliers in the fit window', fit: 37, horizon: 30, dgp: BASE, misspecified: true },
  { label: 'fit 24 m at ρ=0.8', fit: 24, horizon: 30, dgp: { ...BASE, rho: 0.8 }, misspecified: true },
];

/** What a baseline claims: trend (yes/no) and seasonality (yes/no) of the DGPs it is judged on. */
export interface BaselineEntry {
  readonly name: string;
  readonly make: () => Baseline;
  readonly trend: boolean;
  readonly seasonal: boolean;
  /** Judged (claimed) at all; false for baselines documented as not holding their level. */
  readonly claimed: boolean;
  /**
   * Fitted against one control series: the control is the target divided by exp(gap), the gap an AR(1) series
   * with the case's ρ and σ (so log target − log control is AR(1) around a constant, the DGP controlGroup claims).
   */
  readonly control?: boolean;
}

export const BASELINES: readonly BaselineEntry[] = [
  { name: 'seasonalTrend', make: () => seasonalTrend(), trend: true, seasonal: true, claimed: true },
  { name: 'logLinearTrend', make: () => logLinearTrend(), trend: true, seasonal: false, claimed: true },
  { name: 'preWarMean', make: () => preWarMean(), trend: false, seasonal: false, claimed: true },
  {
    name: 'preWarMean seasonal',
    make: () => preWarMean({ seasonal: true }),
    trend: false,
    seasonal: true,
    claimed: true,
  },
  { name: 'stlForecast', make: () => stlForecast(), trend: true, seasonal: true, claimed: true },
  {
    name: 'samePeriodPriorYear',
    make: () => samePeriodPriorYear(),
    trend: false,
    seasonal: true,
    claimed: true,
  },
  {
    name: 'holtWinters multiplicative',
    make: () => holtWinters({ seasonal: 'multiplicative' }),
    trend: true,
    seasonal: true,
    claimed: true,
  },
  {
    name: 'controlGroup',
    make: () => controlGroup(),
    trend: true,
    seasonal: true,
    claimed: true,
    control: true,
  },
];

/** The DGP of a case as a given baseline sees it (trend and seasonality switched to what it claims). */
export function dgpFor(c: BaselineCase, b: BaselineEntry): TradeDgp {
  const months = c.fit + 1 + c.horizon;
  const start = monthAt('2022-01', -(c.fit - 1));
  const d: TradeDgp = {
    ...c.dgp,
    months,
    start,
    trendPerYear: b.trend ? (c.dgp.trendPerYear ?? 0.05) : 0,
    seasonalAmplitude: b.seasonal ? (c.dgp.seasonalAmplitude ?? 0.3) : 0,
  };
  if (c.label.startsWith('level shift')) return { ...d, shift: { at: c.fit - 12, size: -0.3 } };
  if (c.label.startsWith('three')) {
    return {
      ...d,
      outliers: [
        { at: Math.floor(c.fit / 4), size: 0.6 },
        { at: Math.floor(c.fit / 2), size: 0.6 },
        { at: c.fit - 3, size: 0.6 },
      ],
    };
  }
  return d;
}

/** Run one baseline on one case: the share of replications whose 95% cumulative interval covers zero. */
export function runCase(
  c: BaselineCase,
  b: BaselineEntry,
  reps: number,
  seed: number,
): { covered: number; reps: number; failed: number; warned: number; below: number } {
  const rng = createRng(seed);
  const dgp = dgpFor(c, b);
  const baseline = b.make();
  let covered = 0;
  let done = 0;
  let failed = 0;
  let warned = 0;
  let below = 0;
  for (let r = 0; r < reps; r++) {
    const s = drawSeries(dgp, rng);
    const series = makeSeries({
      key: { reporter: 'SYNTHETIC', partner: 'XX', flow: 'export', product: 'TOTAL' },
      currency: 'EUR',
      start: dgp.start,
      values: Array.from(s.values),
    });
    let context: { controls: Series<'EUR'>[] } | undefined;
    if (b.control) {
      const gap = drawSeries({ ...dgp, level: 0, trendPerYear: 0, seasonalAmplitude: 0 }, rng).log;
      context = {
        controls: [
          makeSeries({
            key: { reporter: 'SYNTHETIC', partner: 'YY', flow: 'export', product: 'TOTAL' },
            currency: 'EUR',
            start: dgp.start,
            values: Array.from(s.log, (v, i) => Math.exp(v - gap[i]!)),
          }),
        ],
      };
    }
    try {
      const cfd = baseline.fit(series, context);
      const from = '2022-03';
      const to = monthAt('2022-03', c.horizon - 1);
      const ex = excess(series, cfd, { from, to });
      const iv = ex.total.interval;
      if (iv === null || iv.lower === null || iv.upper === null) {
        failed++;
        continue;
      }
      done++;
      if (cfd.warnings.some((w) => /unit root|trend|does not hold/.test(w))) warned++;
      if (iv.lower <= 0 && iv.upper >= 0) covered++;
      else if (iv.lower > 0) below++;
    } catch {
      failed++;
    }
  }
  return { covered, reps: done, failed, warned, below };
}

export const section: CalibrationSection = {
  title: 'Baselines: 95% interval of the cumulative excess under no effect',
  description:
    'Each replication draws a SYNTHETIC monthly log series (trend 5%/yr and seasonal amplitude 0.3 where the ' +
    'baseline models them, else none; AR(1) errors, marginal sd 0.12), fits the baseline on the window ending ' +
    '2022-01 and asks whether `excess().total.interval` over 2022-03 onwards contains zero. `below` counts ' +
    'intervals entirely above zero (the actual sum fell below the paths’ lower tail would be the other side).',
  defaultReps: 200,
  async run({ reps, seed, progress }) {
    const rows: CalibrationRow[] = [];
    for (const b of BASELINES) {
      for (const [ci, c] of GRID.entries()) {
        const r = runCase(c, b, reps, seed + 1000 * ci);
        progress(`${b.name} · ${c.label}: ${r.covered}/${r.reps}`);
        const notes = [
          r.failed ? `${r.failed} fits failed` : '',
          r.warned ? `warned in ${r.warned}` : '',
          `${r.below} above 0 / ${r.reps - r.covered - r.below} below`,
        ].filter(Boolean);
        rows.push({
          method: b.name,
          dgp: c.label,
          claimed: b.claimed && !c.misspecified,
          kind: 'coverage',
          nominal: 0.95,
          reps: r.reps,
          hits: r.covered,
          note: notes.join('; '),
        });
      }
    }
    return rows;
  },
};
