import type { Currency } from '../../model/currency.js';
import type { Counterfactual, FitDiagnostics } from '../../model/result.js';
import type { Series } from '../../model/series.js';
import type { FitData } from './prepare.js';

/** A post-period mean this many times the fit-window mean marks a near-zero base. */
export const NEAR_ZERO_RATIO = 10;
/** A fit-window mean below this (in base units of the currency, e.g. EUR 1,000 a period) is a near-zero base. */
export const NEAR_ZERO_ABSOLUTE = 1000;

/** What a strategy computed, before it becomes a {@link Counterfactual}. */
export interface RawResult {
  /** Expected value per target period; NaN where undefined. */
  readonly expected: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Paths, row-major `draws × horizon`, for the periods after `data.end`; `null` if none. */
  readonly paths: Float64Array | null;
  readonly draws: number;
  /** Settings resolved with the data (fit window, fitted parameters, …). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Extra warnings from the strategy. */
  readonly warnings?: readonly string[];
  /** Pre-period checks that failed (also in `warnings`): see {@link FitDiagnostics.failedChecks}. */
  readonly failedChecks?: readonly string[];
  /**
   * For state-space models whose simulated paths can explode (Holt–Winters): paths beyond this multiple of the
   * fit window's mean level are taken as divergence and dropped with a warning. Absent = no bound (log models
   * have legitimately heavy upper tails).
   */
  readonly divergenceBound?: number;
}

const fmt = (x: number): string =>
  Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : String(Number(x.toPrecision(3)));

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Pre-period fit diagnostics in the series' units. */
function diagnostics(data: FitData, expected: Float64Array): FitDiagnostics {
  let n = 0;
  let sse = 0;
  let ape = 0;
  let mapeDefined = true;
  for (const i of data.obs) {
    const y = data.values[i]!;
    const e = expected[i]!;
    if (!Number.isFinite(e)) continue;
    n++;
    sse += (y - e) * (y - e);
    if (y === 0) mapeDefined = false;
    else ape += Math.abs((y - e) / y);
  }
  return {
    n: data.obs.length,
    rmse: n > 0 ? finiteOrNull(Math.sqrt(sse / n)) : null,
    mape: n > 0 && mapeDefined ? finiteOrNull(ape / n) : null,
  };
}

/** Warn when the fit-window mean is tiny relative to the later values or below an absolute threshold. */
function nearZeroBase(data: FitData, currency: Currency): string | null {
  let pre = 0;
  for (const i of data.obs) pre += data.values[i]!;
  pre /= data.obs.length;
  let post = 0;
  let k = 0;
  for (let i = data.end + 1; i < data.values.length; i++) {
    const v = data.values[i]!;
    if (!Number.isNaN(v)) {
      post += v;
      k++;
    }
  }
  post = k > 0 ? post / k : Number.NaN;
  if (pre < NEAR_ZERO_ABSOLUTE) {
    return `near-zero base: the fit-window mean is ${fmt(pre)} ${currency} a period, below ${fmt(NEAR_ZERO_ABSOLUTE)}; relative excess is unstable`;
  }
  if (k > 0 && post > NEAR_ZERO_RATIO * pre) {
    return (
      `near-zero base: the fit-window mean (${fmt(pre)} ${currency}) is tiny relative to the later mean ` +
      `(${fmt(post)} ${currency}, ${fmt(post / pre)} times as large); relative excess is unstable`
    );
  }
  return null;
}

/**
 * Assemble the {@link Counterfactual}: NaN and infinite values become `null`, paths with any non-finite value are
 * dropped with a warning (so a result never carries NaN), and the fit diagnostics and near-zero-base warning are
 * computed from the data.
 */
export function buildCounterfactual<C extends Currency>(
  target: Series<C>,
  data: FitData,
  common: { readonly level: number; readonly seed: number },
  raw: RawResult,
): Counterfactual<C> {
  const warnings = [...data.warnings, ...(raw.warnings ?? [])];
  const base = nearZeroBase(data, target.currency);
  if (base !== null) warnings.push(base);
  const n = data.periods.length;
  const h = n - data.end - 1;
  const expected: (number | null)[] = new Array(n);
  const lower: (number | null)[] = new Array(n);
  const upper: (number | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    expected[i] = finiteOrNull(raw.expected[i]!);
    lower[i] = finiteOrNull(raw.lower[i]!);
    upper[i] = finiteOrNull(raw.upper[i]!);
  }
  let paths: number[][] = [];
  if (raw.paths !== null && h > 0) {
    const p = raw.paths;
    // Plain arrays filled in a loop: several times faster than Array.from on typed-array views.
    const rows: number[][] = new Array(raw.draws);
    // A path far beyond the fit window's mean level has left any economic meaning (an unstable trend, or a
    // multiplicative seasonal on a level that crossed zero): when more than 1% of paths do, say so rather than
    // report quantiles.
    const bound =
      raw.divergenceBound === undefined ? Number.POSITIVE_INFINITY : raw.divergenceBound * data.scale;
    let finite = true;
    let beyond = 0;
    for (let d = 0; d < raw.draws && finite; d++) {
      const row: number[] = new Array(h);
      const o = d * h;
      let out = false;
      for (let k = 0; k < h; k++) {
        const v = p[o + k]!;
        if (v - v !== 0) {
          finite = false;
          break;
        }
        if (Math.abs(v) > bound) out = true;
        row[k] = v;
      }
      if (out) beyond++;
      rows[d] = row;
    }
    // Diverged when enough paths leave the bound to move the quantiles an interval is read from.
    const diverged = beyond > 0.01 * raw.draws;
    if (!finite) warnings.push('the simulation produced non-finite values, so no paths are returned');
    else if (diverged) {
      // The per-period bands after the fit window are quantiles of the same diverging paths: drop them too.
      for (let i = data.end + 1; i < n; i++) {
        lower[i] = null;
        upper[i] = null;
      }
      warnings.push(
        `the simulated paths diverge (${beyond} of ${raw.draws} go beyond ${raw.divergenceBound?.toLocaleString('en-GB')} times the fit window’s mean level): the model is unstable on this series, so no interval is given after the fit window`,
      );
    } else paths = rows;
  }
  return {
    method: data.name,
    settings: raw.settings,
    target: target.key,
    currency: target.currency,
    frequency: data.frequency,
    fitWindow: { from: data.periods[data.start]!, to: data.periods[data.end]! },
    periods: [...data.periods],
    expected,
    lower,
    upper,
    level: common.level,
    pathPeriods: data.periods.slice(data.end + 1),
    paths,
    seed: common.seed,
    fit: { ...diagnostics(data, raw.expected), failedChecks: [...(raw.failedChecks ?? [])] },
    warnings,
  };
}

/** A NaN-filled array of length n. */
export function nanArray(n: number): Float64Array {
  return new Float64Array(n).fill(Number.NaN);
}
