/**
 * Calibration of `screen()` (SYNTHETIC series): under a global null (no series has a post-period change), the
 * share of p ≤ 0.05, the uniformity of the p-values (Kolmogorov–Smirnov) and the share of simulated screens in which
 * Benjamini–Hochberg at q = 0.05 reports at least one discovery (under a global null every discovery is false, so
 * this is the family-wise error rate BH controls at q); and, against a stated effect, the power.
 *
 * Grid: a base case (ρ = 0.5, Gaussian shocks, fit window 37 months 2019-01..2022-01, the invasion month left out,
 * horizon 30 months 2022-03..2024-08) and one-factor-at-a-time variations of it; the misspecified part (unmodelled
 * level shifts and outliers in the fit window, 24-month fits at ρ = 0.8, a near-unit root) is shown apart.
 *
 * @module
 */
import { screen } from '../../src/analyses/screen.js';
import { makeSeries, type Series } from '../../src/model/series.js';
import { createRng, drawSeries, monthAt, type TradeDgp } from './dgp.js';
import { ksUniform } from './stats.js';
import type { CalibrationRow, CalibrationSection } from './types.js';

/** One screen design: a DGP for every series, the windows, and an optional common factor. */
export interface ScreenCase {
  /** Short label, e.g. `base: ρ=0.5, fit 37 m, horizon 30 m`. */
  readonly label: string;
  /** Whether `screen`'s doc comment claims this DGP. */
  readonly claimed: boolean;
  /** AR(1) coefficient of every series' error. */
  readonly rho: number;
  /** Draw each series' ρ uniformly from this range instead (heterogeneous persistence). */
  readonly rhoRange?: readonly [number, number];
  /** Outliers of this size (log points, random sign) at this many random fit-window months of each series. */
  readonly randomOutliers?: { readonly count: number; readonly size: number };
  /** Fit-window months (the window ends 2022-01). */
  readonly fitMonths: number;
  /** Post-period months from 2022-03. */
  readonly horizon: number;
  /** Student-t shocks with this many degrees of freedom (Gaussian when omitted). */
  readonly tDf?: number;
  /**
   * Share of each series' error variance that is a common AR(1) factor (same ρ) shared by all the series of a
   * screen: a correlated shock across destinations. Default 0.
   */
  readonly common?: number;
  /** Extra DGP settings (level shifts, outliers), applied to every series. */
  readonly extra?: Partial<TradeDgp>;
  /** A post-period effect (log points) on the first `share` of each screen's series. */
  readonly effect?: { readonly size: number; readonly share: number };
}

/** What one case gives over its screens. */
export interface ScreenCaseResult {
  /** p-values of the tested null series, pooled over the screens. */
  readonly nullP: number[];
  /** The first tested null series' p-value of each screen (independent across screens, even with a common factor). */
  readonly firstP: number[];
  /** Screens run, and screens where BH reported at least one null series as a discovery. */
  readonly screens: number;
  readonly screensWithFalseDiscovery: number;
  /** Effect series tested, with p ≤ 0.05, and discovered by BH. */
  readonly effectTested: number;
  readonly effectP05: number;
  readonly effectDiscovered: number;
  /** Sum over screens of the false discovery proportion (V / max(R, 1)). */
  readonly fdpSum: number;
  /** Mean over the tested null series of their posterior mean ρ (`row.rho`). */
  readonly rhoMean: number;
  /** Share of the tested null series flagged `near-unit-root` and `outlier-in-fit`. */
  readonly nearUnitRoot: number;
  readonly outlierInFit: number;
  /** Series not tested (guards), and the distinct warnings seen. */
  readonly untested: number;
  readonly warnings: readonly string[];
}

const FIT_END = '2022-01';
const POST_FROM = '2022-03';

function monthsBefore(p: string, k: number): string {
  return monthAt(p, -k);
}

/**
 * Run `screens` simulated screens of `seriesPerScreen` SYNTHETIC series each for one case.
 *
 * @example
 * const r = await runScreenCase(SCREEN_CASES[0]!, { screens: 10, seriesPerScreen: 100, seed: 1 });
 * r.nullP.filter((p) => p <= 0.05).length / r.nullP.length; // ≈ 0.05
 */
export async function runScreenCase(
  c: ScreenCase,
  o: {
    readonly screens: number;
    readonly seriesPerScreen: number;
    readonly seed: number;
    /** Screen options to override (e.g. to check a broken variant). */
    readonly screenOptions?: Record<string, unknown>;
  },
): Promise<ScreenCaseResult> {
  const start = monthsBefore(FIT_END, c.fitMonths - 1);
  const months = c.fitMonths + 1 + c.horizon;
  const postTo = monthAt(POST_FROM, c.horizon - 1);
  const postAt = c.fitMonths + 1;
  const common = c.common ?? 0;
  const sigma = c.extra?.sigma ?? 0.12;
  const template = makeSeries({
    key: { reporter: 'SYNTHETIC', partner: 'XX', flow: 'export', product: 'HS:000000' },
    currency: 'EUR',
    start,
    values: new Array<number>(months).fill(1),
  });
  const nullP: number[] = [];
  const firstP: number[] = [];
  let withFalse = 0;
  let effectTested = 0;
  let effectP05 = 0;
  let effectDiscovered = 0;
  let fdpSum = 0;
  let untested = 0;
  const warnings = new Set<string>();
  let rhoSum = 0;
  let nearUnitRoot = 0;
  let outlierInFit = 0;
  const nEffect = c.effect ? Math.round(c.effect.share * o.seriesPerScreen) : 0;
  for (let s = 0; s < o.screens; s++) {
    const rng = createRng(o.seed * 1_000_003 + s);
    // The common factor: AR(1) with the series' ρ and unit marginal variance.
    const factor = new Float64Array(months);
    if (common > 0) {
      let f = rng.normal();
      const innov = Math.sqrt(1 - c.rho * c.rho);
      for (let t = 0; t < months; t++) {
        if (t > 0) f = c.rho * f + innov * rng.normal();
        factor[t] = f * sigma * Math.sqrt(common);
      }
    }
    const series: Series<'EUR'>[] = [];
    for (let i = 0; i < o.seriesPerScreen; i++) {
      const rho = c.rhoRange ? c.rhoRange[0] + (c.rhoRange[1] - c.rhoRange[0]) * rng.uniform() : c.rho;
      const outliers = Array.from({ length: c.randomOutliers?.count ?? 0 }, () => ({
        at: rng.int(c.fitMonths),
        size: (rng.uniform() < 0.5 ? -1 : 1) * c.randomOutliers!.size,
      }));
      const dgp: TradeDgp = {
        months,
        start,
        rho,
        ...(c.tDf === undefined ? {} : { tDf: c.tDf }),
        ...c.extra,
        ...(outliers.length > 0 ? { outliers } : {}),
        sigma: sigma * Math.sqrt(1 - common),
        ...(i < nEffect && c.effect ? { effect: { at: postAt, size: c.effect.size } } : {}),
      };
      const d = drawSeries(dgp, rng);
      const values = Array.from(d.values, (v, t) => (common > 0 ? v * Math.exp(factor[t]!) : v));
      series.push({
        ...template,
        key: { ...template.key, product: `HS:${String(i).padStart(6, '0')}` },
        values,
      });
    }
    const r = await screen({
      series,
      fit: [start, FIT_END],
      from: POST_FROM,
      to: postTo,
      threads: 1,
      ...o.screenOptions,
    });
    for (const w of r.warnings) warnings.add(w.replace(/\d+/g, '#'));
    let falseDiscoveries = 0;
    let discoveries = 0;
    let first = true;
    for (const row of r.rows) {
      if (!row.tested || row.p === null) {
        untested++;
        continue;
      }
      const isEffect = Number(row.product.slice(3)) < nEffect;
      if (row.significant) discoveries++;
      if (isEffect) {
        effectTested++;
        if (row.p <= 0.05) effectP05++;
        if (row.significant) effectDiscovered++;
      } else {
        nullP.push(row.p);
        if (first && Number(row.product.slice(3)) === nEffect) {
          firstP.push(row.p);
          first = false;
        }
        rhoSum += row.rho ?? Number.NaN;
        if (row.flags.includes('near-unit-root')) nearUnitRoot++;
        if (row.flags.includes('outlier-in-fit')) outlierInFit++;
        if (row.significant) falseDiscoveries++;
      }
    }
    if (falseDiscoveries > 0) withFalse++;
    fdpSum += falseDiscoveries / Math.max(discoveries, 1);
  }
  return {
    nullP,
    firstP,
    screens: o.screens,
    screensWithFalseDiscovery: withFalse,
    effectTested,
    effectP05,
    effectDiscovered,
    fdpSum,
    rhoMean: rhoSum / nullP.length,
    nearUnitRoot: nearUnitRoot / nullP.length,
    outlierInFit: outlierInFit / nullP.length,
    untested,
    warnings: [...warnings],
  };
}

const base = { rho: 0.5, fitMonths: 37, horizon: 30 } as const;

/** The grid: base case, one-factor-at-a-time variations, the misspecified part, and a power case. */
export const SCREEN_CASES: readonly ScreenCase[] = [
  { label: 'base: ρ=0.5, Gaussian, fit 37 m, horizon 30 m', claimed: true, ...base },
  { label: 'ρ=0', claimed: true, ...base, rho: 0 },
  { label: 'ρ=0.3', claimed: true, ...base, rho: 0.3 },
  { label: 'ρ=0.7', claimed: true, ...base, rho: 0.7 },
  { label: 'ρ=0.8', claimed: true, ...base, rho: 0.8 },
  { label: 't(4) shocks', claimed: true, ...base, tDf: 4 },
  { label: 'fit 24 m', claimed: true, ...base, fitMonths: 24 },
  { label: 'fit 60 m', claimed: true, ...base, fitMonths: 60 },
  { label: 'horizon 6 m', claimed: true, ...base, horizon: 6 },
  { label: 'common factor (half the error variance)', claimed: true, ...base, common: 0.5 },
  { label: 'ρ drawn per series from U(0, 0.8)', claimed: true, ...base, rhoRange: [0, 0.8] },
  { label: 'fit 24 m at ρ=0.8', claimed: true, ...base, fitMonths: 24, rho: 0.8 },
  {
    label: 'level shift +0.3 at fit month 18 (unmodelled)',
    claimed: false,
    ...base,
    extra: { shift: { at: 18, size: 0.3 } },
  },
  {
    label: 'level shift −0.3 at fit month 18 (unmodelled)',
    claimed: false,
    ...base,
    extra: { shift: { at: 18, size: -0.3 } },
  },
  {
    label: 'two outliers ±0.6 at random fit months',
    claimed: false,
    ...base,
    randomOutliers: { count: 2, size: 0.6 },
  },
  {
    label: 'a common dip −0.6 at fit months 15–16 in every series (COVID-like)',
    claimed: false,
    ...base,
    extra: {
      outliers: [
        { at: 15, size: -0.6 },
        { at: 16, size: -0.6 },
      ],
    },
  },
  { label: 'ρ=0.95 (near unit root)', claimed: false, ...base, rho: 0.95 },
  { label: 'ρ=0.99 (close to a random walk)', claimed: false, ...base, rho: 0.99 },
];

/** The power case: the base DGP with +0.3 log points from 2022-03 on a tenth of each screen's series. */
export const SCREEN_POWER_CASE: ScreenCase = {
  label: 'base, +0.3 log points on 10% of the series',
  claimed: true,
  ...base,
  effect: { size: 0.3, share: 0.1 },
};

/** Series per simulated screen. */
export const SERIES_PER_SCREEN = 500;

/** Rows of the calibration table for one case. */
export function screenRows(c: ScreenCase, r: ScreenCaseResult): CalibrationRow[] {
  const method = 'screen';
  const note = [
    r.untested > 0 ? `${r.untested} series not tested` : '',
    ...r.warnings.map((w) => `warns: ${w.slice(0, 80)}`),
  ]
    .filter(Boolean)
    .join('; ');
  const rows: CalibrationRow[] = [];
  if (r.nullP.length > 0) {
    const p05 = r.nullP.filter((p) => p <= 0.05).length;
    rows.push({
      method,
      dgp: c.label,
      claimed: c.claimed,
      kind: 'size',
      nominal: 0.05,
      reps: r.nullP.length,
      hits: p05,
      note: `p ≤ 0.05 over the null series${(c.common ?? 0) > 0 ? ' (dependent within a screen: the band is too narrow)' : ''}; mean posterior ρ ${r.rhoMean.toFixed(2)}; flagged near-unit-root ${(100 * r.nearUnitRoot).toFixed(1)}%, outlier-in-fit ${(100 * r.outlierInFit).toFixed(1)}%${note ? `; ${note}` : ''}`,
    });
    // KS on the first 10,000 null p-values: a 0.001-level check detects a CDF off by about 2 points. With a common
    // factor the p-values of one screen are dependent, so the check takes one series per screen.
    const sample = (c.common ?? 0) > 0 ? r.firstP : r.nullP.slice(0, 10_000);
    const ks = ksUniform(sample);
    rows.push({
      method,
      dgp: c.label,
      claimed: c.claimed,
      kind: 'uniformity',
      nominal: 0,
      reps: 1,
      hits: ks.p,
      note: `KS D ${ks.d.toFixed(4)} on ${sample.length} null p-values${(c.common ?? 0) > 0 ? ' (one per screen)' : ''}`,
    });
  }
  rows.push({
    method,
    dgp: c.label,
    claimed: c.claimed,
    kind: c.effect ? 'size' : 'fwer',
    nominal: 0.05,
    reps: r.screens,
    hits: c.effect ? Math.round(r.fdpSum * 1e6) / 1e6 : r.screensWithFalseDiscovery,
    note: c.effect
      ? `mean false discovery proportion of BH at q = 0.05 over ${r.screens} screens (FDR)`
      : `screens of ${SERIES_PER_SCREEN} where BH at q = 0.05 reports ≥ 1 discovery`,
  });
  if (c.effect) {
    rows.push(
      {
        method,
        dgp: c.label,
        claimed: c.claimed,
        kind: 'power',
        nominal: 0.05,
        reps: r.effectTested,
        hits: r.effectP05,
        note: `effect series with p ≤ 0.05 (effect +${c.effect.size} log points)`,
      },
      {
        method,
        dgp: c.label,
        claimed: c.claimed,
        kind: 'power',
        nominal: 0.05,
        reps: r.effectTested,
        hits: r.effectDiscovered,
        note: 'effect series discovered by BH at q = 0.05',
      },
    );
  }
  return rows;
}

/** The section `npm run calibration` runs. */
export const section: CalibrationSection = {
  title: 'screen: p-values and false discoveries under a global null (SYNTHETIC)',
  description: [
    `Each replication is one screen() of ${SERIES_PER_SCREEN} SYNTHETIC seasonal log series (trend 5%/yr, seasonal range`,
    '0.3, error sd 0.12, AR(1) errors) with no post-period change unless stated. size: share of null series with',
    'p ≤ 0.05 (pooled over screens); uniformity: Kolmogorov–Smirnov p of the first 10,000 null p-values; fwer: share',
    'of screens where Benjamini–Hochberg at q = 0.05 reports at least one discovery (all false under the global null).',
    'Power: +0.3 log points from 2022-03 on 10% of each screen’s series.',
  ].join(' '),
  defaultReps: 200,
  async run(options) {
    const rows: CalibrationRow[] = [];
    for (const [i, c] of [...SCREEN_CASES, SCREEN_POWER_CASE].entries()) {
      const t0 = Date.now();
      const r = await runScreenCase(c, {
        screens: options.reps,
        seriesPerScreen: SERIES_PER_SCREEN,
        seed: options.seed + 101 * i,
      });
      rows.push(...screenRows(c, r));
      options.progress(`${c.label}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    return rows;
  },
};
