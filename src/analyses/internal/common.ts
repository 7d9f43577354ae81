import type { Baseline } from '../../baselines/baseline.js';
import { holtWinters } from '../../baselines/holt-winters.js';
import { logLinearTrend } from '../../baselines/log-linear-trend.js';
import { preWarMean } from '../../baselines/pre-war-mean.js';
import { samePeriodPriorYear } from '../../baselines/same-period-prior-year.js';
import { seasonalTrend } from '../../baselines/seasonal-trend.js';
import { stlForecast } from '../../baselines/stl-forecast.js';
import { isRoundaboutError } from '../../errors.js';
import { did } from '../../inference/did.js';
import type { Panel } from '../../inference/panel.js';
import type { DidResult } from '../../inference/schemas.js';
import { wildClusterBootstrap } from '../../inference/wild-cluster-bootstrap.js';
import type { ExcessResult } from '../../measures/excess.js';
import type { Currency } from '../../model/currency.js';
import type { Period } from '../../model/period.js';
import type { FitDiagnostics, Interval } from '../../model/result.js';
import { quantileSorted } from '../../numeric/quantile.js';
import type { LegDefinition } from '../study.js';
import type { BaselineName, Finding, FindingCore, FindingMethod } from '../types.js';
import type { RoundaboutData } from './data.js';
import type { ResolvedOptions } from './options.js';

export type { BaselineName } from '../types.js';

/** Every baseline name, in the order reports list them. */
export const BASELINE_NAMES: readonly BaselineName[] = [
  'seasonalTrend',
  'holtWinters',
  'stlForecast',
  'logLinearTrend',
  'preWarMean',
  'samePeriodPriorYear',
];

/** Plain-language description of each baseline, for findings and the methods section. */
export const BASELINE_LABELS: Readonly<Record<BaselineName, string>> = {
  seasonalTrend: 'seasonal-trend baseline (log-linear trend + month effects, AR(1) errors)',
  holtWinters: 'Holt-Winters baseline (damped trend, multiplicative seasonal)',
  stlForecast: 'STL baseline (robust STL decomposition + trend forecast)',
  logLinearTrend: 'log-linear trend baseline (AR(1) errors)',
  preWarMean: 'pre-war mean baseline (AR(1) errors)',
  samePeriodPriorYear: 'same-period-prior-year baseline',
};

/** Settings shared by every baseline a roundabout analysis fits. */
export interface BaselineRun {
  readonly fit: readonly [Period, Period];
  /** Periods left out of the fit (e.g. the COVID months). */
  readonly exclude?: readonly (readonly [Period, Period])[];
  readonly level: number;
  readonly seed: number;
  readonly draws: number;
}

/** Build a baseline by name with the analysis' fit window, level, seed and draws. */
export function makeBaseline(name: BaselineName, run: BaselineRun, annual = false): Baseline {
  const common = {
    fit: run.fit,
    level: run.level,
    seed: run.seed,
    draws: run.draws,
    ...(run.exclude === undefined ? {} : { exclude: run.exclude }),
  } as const;
  switch (name) {
    case 'seasonalTrend':
      return annual ? logLinearTrend(common) : seasonalTrend(common);
    case 'holtWinters':
      return holtWinters({ ...common, seasonal: 'multiplicative', damped: true });
    case 'stlForecast':
      return stlForecast({ ...common, robust: true });
    case 'logLinearTrend':
      return logLinearTrend(common);
    case 'preWarMean':
      return preWarMean(annual ? common : { ...common, seasonal: true });
    case 'samePeriodPriorYear':
      return samePeriodPriorYear({ ...common });
  }
}

/** An interval with no bounds. */
export function noInterval(level: number): Interval {
  return { lower: null, upper: null, level };
}

/** A finite number or null. */
export function finite(x: number | null | undefined): number | null {
  return x !== null && x !== undefined && Number.isFinite(x) ? x : null;
}

/** Fields every finding needs, the rest defaulted; `M` is the method family's literal. */
export interface FindingInput<M extends FindingMethod = FindingMethod> {
  readonly leg: FindingCore['leg'];
  readonly exporter: string;
  readonly destination: string;
  readonly productGroup: string;
  readonly method: M;
  readonly currency: Currency | null;
  readonly frequency: 'monthly' | 'annual';
  readonly window: { readonly from: Period; readonly to: Period };
  readonly text: string;
  readonly level: number;
  readonly actual?: number | null;
  readonly expected?: number | null;
  readonly excess?: number | null;
  readonly excessPct?: number | null;
  readonly ratio?: number | null;
  readonly interval?: Interval;
  readonly pctInterval?: Interval;
  readonly pValue?: number | null;
  readonly pMethod?: string | null;
  readonly fit?: FitDiagnostics | null;
  readonly warnings?: readonly string[];
  readonly seriesId?: string | null;
  readonly counterfactualId?: string | null;
  readonly idSuffix?: string;
}

/**
 * The fields every finding shares, with a stable id; every number passes through `finite`. Each method family's
 * module adds its own fields (its adapter: `baselineFinding`, `placeboFinding`, …).
 */
export function makeFinding<M extends FindingMethod>(
  f: FindingInput<M>,
): FindingCore & { readonly method: M } {
  const id = [f.leg, f.exporter, f.destination, f.productGroup, f.method, f.currency ?? 'ratio', f.idSuffix]
    .filter((x) => x !== undefined && x !== '')
    .join('/');
  const clean = (i: Interval | undefined): Interval =>
    i === undefined
      ? noInterval(f.level)
      : { lower: finite(i.lower), upper: finite(i.upper), level: i.level };
  return {
    id,
    leg: f.leg,
    exporter: f.exporter,
    destination: f.destination,
    productGroup: f.productGroup,
    method: f.method,
    currency: f.currency,
    frequency: f.frequency,
    window: f.window,
    actual: finite(f.actual),
    expected: finite(f.expected),
    excess: finite(f.excess),
    excessPct: finite(f.excessPct),
    ratio: finite(f.ratio),
    interval: clean(f.interval),
    pctInterval: clean(f.pctInterval),
    pValue: finite(f.pValue),
    pMethod: f.pMethod ?? null,
    fit: f.fit ?? null,
    // Measures repeat their inputs' warnings with a prefix ("baseline: …"): keep each caveat once.
    warnings: [...new Set((f.warnings ?? []).map((w) => w.replace(/^baseline: /, '')))],
    text: f.text,
    seriesId: f.seriesId ?? null,
    counterfactualId: f.counterfactualId ?? null,
  };
}

/** The ratio interval (actual ÷ expected) implied by an excess result's relative interval. */
export function ratioOf(ex: ExcessResult): { ratio: number | null; interval: Interval } {
  const t = ex.total;
  const ratio = t.pct === null ? null : 1 + t.pct;
  return {
    ratio,
    interval: {
      lower: t.pctInterval.lower === null ? null : 1 + t.pctInterval.lower,
      upper: t.pctInterval.upper === null ? null : 1 + t.pctInterval.upper,
      level: t.pctInterval.level,
    },
  };
}

/**
 * Run a step that may fail on degenerate data; a typed library error becomes a warning (and `null`), anything
 * else is a bug and is rethrown.
 */
export function attempt<T>(warnings: string[], what: string, run: () => T): T | null {
  try {
    return run();
  } catch (e) {
    if (isRoundaboutError(e)) {
      warnings.push(`${what}: ${e.message}`);
      return null;
    }
    throw e;
  }
}

/** Mean of the finite values, or null. */
export function meanOf(values: readonly (number | null)[]): number | null {
  let s = 0;
  let n = 0;
  for (const v of values) {
    if (v !== null && Number.isFinite(v)) {
      s += v;
      n++;
    }
  }
  return n === 0 ? null : s / n;
}

/** Quantile (type 7) of a sorted array (the library's one quantile, in `numeric/quantile.ts`). */
export const quantile: (sorted: readonly number[], p: number) => number | null = quantileSorted;

/** A log DiD with its wild-cluster-bootstrap inference, as every DiD-type finding reports it. */
export interface BootstrappedDid {
  readonly est: DidResult;
  /** exp(δ) − 1, or null. */
  readonly effect: number | null;
  /** Interval of `effect`: the bootstrap's where it has one, else the cluster-robust t interval. */
  readonly interval: Interval;
  /** The bootstrap p-value, else the t test's. */
  readonly p: number | null;
  /** How `p` was obtained. */
  readonly pMethod: string;
  /** Warnings of both estimators. */
  readonly warnings: readonly string[];
}

/**
 * `did` in logs with two-way fixed effects, and a wild cluster bootstrap (WCR, Webb weights) for inference with
 * few treated units; `null` (with the reason in `warnings`) when the panel cannot be estimated.
 */
export function bootstrappedDid(
  panel: Panel,
  o: { readonly level: number; readonly seed: number; readonly bootstrapDraws: number },
  warnings: string[],
  what: string,
): BootstrappedDid | null {
  const est = attempt(warnings, what, () => did(panel, { outcome: 'log', level: o.level }));
  if (est === null) return null;
  const boot = attempt(warnings, `${what}: wild cluster bootstrap`, () =>
    wildClusterBootstrap(panel, {
      outcome: 'log',
      weights: 'webb',
      draws: o.bootstrapDraws,
      seed: o.seed,
      level: o.level,
    }),
  );
  const effect = est.percentEffect?.estimate ?? null;
  return {
    est,
    effect,
    interval: boot?.percentEffect?.interval ?? est.percentEffect?.interval ?? noInterval(o.level),
    p: boot?.p ?? est.p,
    pMethod:
      boot === null
        ? 'cluster-robust t test'
        : `wild cluster bootstrap (WCR, Webb weights, ${boot.settings.draws} draws, ${boot.diagnostics.clusters} clusters)`,
    warnings: [...est.warnings, ...(boot?.warnings ?? [])],
  };
}

/** The fields of a finding that a {@link BootstrappedDid} fills (effect, its interval, p and how, warnings). */
export function didFindingFields(b: BootstrappedDid, warnings: readonly string[]) {
  return {
    excessPct: b.effect,
    ratio: b.effect === null ? null : 1 + b.effect,
    pctInterval: b.interval,
    pValue: b.p,
    pMethod: b.pMethod,
    warnings: [...warnings, ...b.warnings],
  };
}

/** A leg of the roundabout study (or of any study on the same options and data). */
export type RoundaboutLeg<S = undefined> = LegDefinition<ResolvedOptions, RoundaboutData, Finding, S>;

/**
 * The range "no change" spans for a post-treatment mean compared with some pre-treatment years (no model, so no
 * probability interval): the lowest to the highest pre year, each widened by `err` (a rounding error), as an
 * interval of the excess summed over `n` post years and of the excess in % (level 1). Open ends (`null`) with one
 * pre year only, or where a bound is not positive.
 */
export function preYearsRange(
  pre: readonly number[],
  postMean: number,
  n: number,
  err = 0,
): { interval: Interval; pctInterval: Interval } {
  const lo = pre.length > 1 ? Math.min(...pre) - err : null;
  const hi = pre.length > 1 ? Math.max(...pre) + err : null;
  return {
    interval: {
      lower: hi === null ? null : (postMean - err - hi) * n,
      upper: lo === null ? null : (postMean + err - lo) * n,
      level: 1,
    },
    pctInterval: {
      lower: hi === null || hi <= 0 ? null : (postMean - err) / hi - 1,
      upper: lo === null || lo <= 0 ? null : (postMean + err) / lo - 1,
      level: 1,
    },
  };
}
