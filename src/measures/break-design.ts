// Internal: the regression designs and the F statistic shared by chowTest and supF. Not exported from the package.

import { OptionsError, UnitMismatchError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import { frequencyOf, monthOf, type Period } from '../model/period.js';
import type { Series, SeriesKey } from '../model/series.js';
import { fitAr1Gls } from '../numeric/ar1-gls.js';
import { finiteOrNull } from './numeric.js';
import { leastSquares } from './ols.js';

/** A regression given directly: response `y` (nulls dropped) and design rows `X` (include a constant yourself). */
export interface RegressionInput {
  /** Response, one entry per row; `null` rows are dropped. */
  readonly y: readonly (number | null)[];
  /** Design matrix by rows: `X[i]` holds the regressors of row `i`. */
  readonly X: readonly (readonly number[])[];
  /** Optional period label per row, so `breakAt` can be a period and results name dates. */
  readonly periods?: readonly Period[];
  /** Optional column names (default `x0`, `x1`, …). */
  readonly names?: readonly string[];
}

/** The regression design built from a series. */
export type BreakDesign = 'seasonalTrend' | 'trend' | 'mean';

/** Which coefficients may change at the break. */
export type BreakIn = 'all' | 'level' | 'levelTrend' | readonly number[];

/**
 * Error model of the break tests: `'ar1'` — AR(1) errors, ρ estimated by REML on the unrestricted regression and
 * both regressions refitted by feasible GLS (Prais–Winsten, exact over gaps) before the F statistic is formed;
 * `'iid'` — independent errors, the classic F test (exact under independent normal errors).
 */
export type BreakErrors = 'iid' | 'ar1';

/** Options shared by {@link chowTest} and {@link supF}. */
export interface BreakDesignOptions {
  /**
   * Error model (default `'ar1'` for a monthly series, `'iid'` for an annual series and a `{ y, X }` input); see
   * {@link BreakErrors}. With `'iid'` the test still estimates ρ and warns when the residuals are clearly
   * autocorrelated (the lower end of ρ's 90% REML interval above 0), because the classic F then over-rejects.
   */
  readonly errors?: BreakErrors;
  /**
   * Design for a series input: `seasonalTrend` (default for monthly: constant, linear trend and 11 month dummies,
   * January the base — the regression behind the `seasonalTrend` baseline), `trend` (default for annual: constant
   * and trend) or `mean` (constant only). Not allowed with a `{ y, X }` input.
   */
  readonly design?: BreakDesign;
  /** Regress the natural log of the value (default `true`; zero and negative values are then dropped with a warning). */
  readonly log?: boolean;
  /**
   * Coefficients allowed to break (default `all`, the classic Chow test): `level` (the constant only),
   * `levelTrend` (constant and trend; the seasonal pattern is shared), or column indices of the design.
   */
  readonly breakIn?: BreakIn;
}

/** A design ready for break tests. */
export interface PreparedDesign {
  readonly key: SeriesKey | null;
  /** The response divided by `yScale` (F is scale-free; this keeps huge values from overflowing the SSR). */
  readonly y: Float64Array;
  /** max |y| of the response (1 if all zero): SSRs in the response's units are SSR(y) × yScale². */
  readonly yScale: number;
  readonly columns: Float64Array[];
  readonly names: string[];
  /** Position of each kept row in the input sequence (series period index or input row index). */
  readonly pos: number[];
  /** Period of each kept row, or null. */
  readonly rowPeriods: (Period | null)[];
  /** Period by input position, if known. */
  readonly periodAt: (position: number) => Period | null;
  /** Columns allowed to break. */
  readonly breakCols: number[];
  readonly breakInLabel: string;
  readonly design: BreakDesign | 'custom';
  readonly log: boolean;
  /** Whether the trend column may break (the Andrews limit theory assumes stationary regressors). */
  readonly trendBreaks: boolean;
  readonly warnings: string[];
  /** Number of input positions. */
  readonly length: number;
  /** The error model asked for (or defaulted). */
  readonly errors: BreakErrors;
}

function isSeries(input: Series<Currency> | RegressionInput): input is Series<Currency> {
  return (input as Series<Currency>).key !== undefined && (input as Series<Currency>).values !== undefined;
}

/**
 * Build the design for a break test.
 *
 * @internal
 */
export function prepareDesign(
  fn: string,
  input: Series<Currency> | RegressionInput,
  options: BreakDesignOptions,
): PreparedDesign {
  const warnings: string[] = [];
  const breakIn = options.breakIn ?? 'all';
  if (isSeries(input)) {
    const design = options.design ?? (input.frequency === 'monthly' ? 'seasonalTrend' : 'trend');
    if (design === 'seasonalTrend' && input.frequency !== 'monthly') {
      throw new OptionsError(
        `${fn} requires a monthly series for the seasonalTrend design, got ${input.frequency}`,
      );
    }
    const log = options.log ?? true;
    const y: number[] = [];
    const pos: number[] = [];
    const dropped: Period[] = [];
    let missing = 0;
    input.values.forEach((v, i) => {
      if (v === null) {
        missing++;
        return;
      }
      if (log && !(v > 0)) {
        dropped.push(input.periods[i]!);
        return;
      }
      y.push(log ? Math.log(v) : v);
      pos.push(i);
    });
    if (missing > 0) warnings.push(`${missing} period(s) without a value left out of the regression`);
    if (dropped.length > 0) {
      warnings.push(`zero or negative values have no log: ${dropped.join(', ')} left out of the regression`);
    }
    const names = ['const'];
    const columns: Float64Array[] = [Float64Array.from(pos, () => 1)];
    if (design !== 'mean') {
      names.push('trend');
      columns.push(Float64Array.from(pos));
    }
    if (design === 'seasonalTrend') {
      for (let m = 2; m <= 12; m++) {
        names.push(`month${String(m).padStart(2, '0')}`);
        columns.push(Float64Array.from(pos, (i) => (monthOf(input.periods[i]!) === m ? 1 : 0)));
      }
    }
    let breakCols: number[];
    if (breakIn === 'all') breakCols = names.map((_, j) => j);
    else if (breakIn === 'level') breakCols = [0];
    else if (breakIn === 'levelTrend') {
      if (design === 'mean')
        throw new OptionsError(`${fn} requires a design with a trend for breakIn levelTrend`);
      breakCols = [0, 1];
    } else breakCols = checkCols(fn, breakIn, names.length);
    const scaled = scaleResponse(y);
    return {
      key: input.key,
      y: scaled.y,
      yScale: scaled.scale,
      columns,
      names,
      pos,
      rowPeriods: pos.map((i) => input.periods[i]!),
      periodAt: (i) => input.periods[i] ?? null,
      breakCols,
      breakInLabel: typeof breakIn === 'string' ? breakIn : breakCols.map((c) => names[c]).join('+'),
      design,
      log,
      trendBreaks: design !== 'mean' && breakCols.includes(1),
      warnings,
      length: input.periods.length,
      errors: checkErrors(fn, options.errors, input.frequency === 'monthly' ? 'ar1' : 'iid'),
    };
  }

  if (options.design !== undefined || options.log !== undefined) {
    throw new OptionsError(`${fn} takes design and log only for a series input, not for { y, X }`);
  }
  const n = input.y.length;
  if (input.X.length !== n) {
    throw new OptionsError(
      `${fn} requires one X row per y value, got ${input.X.length} rows for ${n} values`,
    );
  }
  const p = input.X[0]?.length ?? 0;
  if (p === 0) throw new OptionsError(`${fn} requires at least one regressor column`);
  if (input.periods !== undefined && input.periods.length !== n) {
    throw new OptionsError(`${fn} requires one period per row, got ${input.periods.length} for ${n}`);
  }
  const names = input.names ? [...input.names] : Array.from({ length: p }, (_, j) => `x${j}`);
  if (names.length !== p)
    throw new OptionsError(`${fn} requires one name per column, got ${names.length} for ${p}`);
  const y: number[] = [];
  const pos: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = input.X[i]!;
    if (row.length !== p)
      throw new OptionsError(`${fn} requires ${p} regressors in every row, got ${row.length} in row ${i}`);
    for (const x of row) {
      if (!Number.isFinite(x))
        throw new OptionsError(`${fn} requires finite regressors, got ${x} in row ${i}`);
    }
    const v = input.y[i];
    if (v === null || v === undefined) continue;
    if (!Number.isFinite(v)) throw new OptionsError(`${fn} requires finite y or null, got ${v} in row ${i}`);
    y.push(v);
    pos.push(i);
  }
  if (pos.length < n) warnings.push(`${n - pos.length} row(s) with a null y left out of the regression`);
  const columns = names.map((_, j) => Float64Array.from(pos, (i) => input.X[i]![j]!));
  let breakCols: number[];
  if (breakIn === 'all') breakCols = names.map((_, j) => j);
  else if (typeof breakIn === 'string') {
    throw new OptionsError(
      `${fn} requires breakIn 'all' or column indices for a { y, X } input, got ${breakIn}`,
    );
  } else breakCols = checkCols(fn, breakIn, p);
  const periods = input.periods;
  const scaled = scaleResponse(y);
  return {
    key: null,
    y: scaled.y,
    yScale: scaled.scale,
    columns,
    names,
    pos,
    rowPeriods: pos.map((i) => periods?.[i] ?? null),
    periodAt: (i) => periods?.[i] ?? null,
    breakCols,
    breakInLabel: breakIn === 'all' ? 'all' : breakCols.map((c) => names[c]).join('+'),
    design: 'custom',
    log: false,
    trendBreaks: false,
    warnings,
    length: n,
    errors: checkErrors(fn, options.errors, 'iid'),
  };
}

function checkErrors(fn: string, errors: unknown, fallback: BreakErrors): BreakErrors {
  if (errors === undefined) return fallback;
  if (errors !== 'iid' && errors !== 'ar1') {
    throw new OptionsError(`${fn} requires errors 'iid' or 'ar1', got ${String(errors)}`);
  }
  return errors;
}

function scaleResponse(y: readonly number[]): { y: Float64Array; scale: number } {
  let scale = 0;
  for (const v of y) scale = Math.max(scale, Math.abs(v));
  if (!(scale > 0)) scale = 1;
  return { y: Float64Array.from(y, (v) => v / scale), scale };
}

function checkCols(fn: string, cols: readonly number[], p: number): number[] {
  if (cols.length === 0) throw new OptionsError(`${fn} requires at least one column in breakIn`);
  for (const c of cols) {
    if (!Number.isInteger(c) || c < 0 || c >= p) {
      throw new OptionsError(`${fn} requires breakIn columns between 0 and ${p - 1}, got ${c}`);
    }
  }
  return [...new Set(cols)].sort((a, b) => a - b);
}

/**
 * Resolve `breakAt` (a period, or an input position) to an input position.
 *
 * @internal
 */
export function resolveBreak(
  fn: string,
  input: Series<Currency> | RegressionInput,
  prep: PreparedDesign,
  breakAt: Period | number,
): number {
  let position: number;
  if (typeof breakAt === 'number') {
    if (!Number.isInteger(breakAt))
      throw new OptionsError(`${fn} requires an integer breakAt, got ${breakAt}`);
    position = breakAt;
  } else {
    const periods = isSeries(input) ? input.periods : input.periods;
    if (periods === undefined) {
      throw new OptionsError(`${fn} requires periods in the input to place a break at ${breakAt}`);
    }
    const f = periods[0] === undefined ? undefined : frequencyOf(periods[0]);
    if (f !== undefined && frequencyOf(breakAt) !== f) {
      throw new UnitMismatchError(`${fn} requires breakAt of the input's frequency (${f}), got ${breakAt}`);
    }
    position = periods.indexOf(breakAt);
    if (position < 0) throw new OptionsError(`${fn} requires breakAt within the input, got ${breakAt}`);
  }
  if (position <= 0 || position >= prep.length) {
    throw new OptionsError(
      `${fn} requires breakAt strictly inside the sample (positions 1 to ${prep.length - 1}), got ${breakAt}`,
    );
  }
  return position;
}

/** F statistic of a break at one position. */
export interface BreakF {
  readonly F: number | null;
  readonly df1: number;
  readonly df2: number;
  /** In the response's units; `null` if it overflows a double. */
  readonly ssrRestricted: number | null;
  readonly ssrUnrestricted: number | null;
  readonly rankRestricted: number;
  readonly rankUnrestricted: number;
  readonly n1: number;
  readonly n2: number;
}

/**
 * F statistic for a break before input position `position`: restricted = the design, unrestricted = the design
 * plus each breaking column interacted with the post-break indicator. `F = ((SSR_r − SSR_u)/df1) / (SSR_u/df2)`
 * with `df1 = rank_u − rank_r`, `df2 = n − rank_u`; `null` when undefined.
 *
 * @internal
 */
export function breakF(
  prep: PreparedDesign,
  position: number,
  restricted?: { ssr: number; rank: number },
  rho = 0,
): BreakF {
  const n = prep.y.length;
  const post = postIndicator(prep, position);
  let n2 = 0;
  for (const d of post) n2 += d;
  const extra = prep.breakCols.map((c) => {
    const col = prep.columns[c]!;
    return Float64Array.from(col, (x, i) => x * post[i]!);
  });
  let columns = [...prep.columns, ...extra];
  let y = prep.y;
  if (rho !== 0) {
    const w = whitenColumns(columns, prep.y, prep.pos, rho);
    columns = w.columns;
    y = w.y;
  }
  const r = restricted ?? leastSquares(columns.slice(0, prep.columns.length), y);
  const u = leastSquares(columns, y);
  const df1 = u.rank - r.rank;
  const df2 = n - u.rank;
  let F: number | null = null;
  if (df1 > 0 && df2 > 0) {
    const scale = Math.max(r.ssr, Number.MIN_VALUE);
    if (u.ssr > 1e-14 * scale) {
      const f = Math.max(r.ssr - u.ssr, 0) / df1 / (u.ssr / df2);
      F = Number.isFinite(f) ? f : null;
    }
  }
  return {
    F,
    df1,
    df2,
    ssrRestricted: finiteOrNull(r.ssr * prep.yScale * prep.yScale),
    ssrUnrestricted: finiteOrNull(u.ssr * prep.yScale * prep.yScale),
    rankRestricted: r.rank,
    rankUnrestricted: u.rank,
    n1: n - n2,
    n2,
  };
}

function postIndicator(prep: PreparedDesign, position: number): Float64Array {
  return Float64Array.from(prep.pos, (i) => (i >= position ? 1 : 0));
}

/**
 * Prais–Winsten transform at AR coefficient `rho` of columns and response observed at integer times `times`
 * (gaps exact: over d steps the coefficient is ρ^d and the innovation is scaled by 1/√(1 − ρ^{2d})), as the
 * baselines' GLS does (numeric/ar1-gls.ts).
 *
 * @internal
 */
export function whitenColumns(
  columns: readonly Float64Array[],
  y: Float64Array,
  times: readonly number[],
  rho: number,
): { columns: Float64Array[]; y: Float64Array } {
  const n = y.length;
  const phi = new Float64Array(n);
  const c = new Float64Array(n);
  c[0] = 1;
  for (let k = 1; k < n; k++) {
    const f = rho ** (times[k]! - times[k - 1]!);
    phi[k] = f;
    c[k] = 1 / Math.sqrt(1 - f * f);
  }
  const tr = (v: Float64Array): Float64Array => {
    const out = new Float64Array(n);
    out[0] = v[0]!;
    for (let k = 1; k < n; k++) out[k] = (v[k]! - phi[k]! * v[k - 1]!) * c[k]!;
    return out;
  };
  return { columns: columns.map(tr), y: tr(y) };
}

/** The AR(1) coefficient of a break regression's errors. */
export interface RhoEstimate {
  /** REML estimate (posterior mode over the grid of numeric/ar1-gls.ts). */
  readonly rho: number;
  /** Central 90% REML-posterior interval. */
  readonly interval: readonly [number, number];
  /** Grid nodes of the REML posterior (uniform prior on ρ) with weight above 1e-4, weights renormalised. */
  readonly nodes: readonly { readonly rho: number; readonly weight: number }[];
  /** Residual degrees of freedom of the regression ρ was estimated on. */
  readonly df: number;
}

/** Residual degrees of freedom below which the AR(1) break tests warn that they over-reject. */
export const FEW_AR_DF = 20;

/** Fewest residual degrees of freedom for which the break tests estimate an AR(1) coefficient. */
export const MIN_AR_DF = 6;

/**
 * REML estimate of the AR(1) coefficient of the errors of the unrestricted regression with a break at
 * `position` (the restricted one when `position` is null); `null` when fewer than {@link MIN_AR_DF} residual
 * degrees of freedom are left.
 *
 * @internal
 */
export function estimateRho(fn: string, prep: PreparedDesign, position: number | null): RhoEstimate | null {
  const n = prep.y.length;
  let all = [...prep.columns];
  if (position !== null) {
    const post = postIndicator(prep, position);
    for (const c of prep.breakCols) all.push(Float64Array.from(prep.columns[c]!, (x, i) => x * post[i]!));
  }
  const kept = leastSquares(all, prep.y).kept;
  all = all.filter((_, j) => kept[j]);
  const p = all.length;
  if (n - p < MIN_AR_DF) return null;
  const x = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) x[i * p + j] = all[j]![i]!;
  try {
    const fit = fitAr1Gls(fn, x, prep.y, Int32Array.from(prep.pos), p);
    const kept = fit.nodes.filter((nd) => nd.weight > 1e-4);
    const total = kept.reduce((a, nd) => a + nd.weight, 0);
    const nodes = kept.map((nd) => ({ rho: nd.rho, weight: nd.weight / total }));
    return { rho: fit.mode.rho, interval: fit.rhoInterval, nodes, df: n - p };
  } catch {
    return null;
  }
}

/**
 * The AR coefficient a break test whitens with, and its warnings: under `'ar1'` the REML estimate at the break
 * (`null` position: no break), falling back to independent errors with a warning when too few degrees of freedom
 * are left; under `'iid'` 0, with a warning when the residuals are clearly autocorrelated.
 *
 * @internal
 */
export function resolveRho(
  fn: string,
  prep: PreparedDesign,
  position: number | null,
  warnings: string[],
): { rho: number; estimate: RhoEstimate | null } {
  const estimate = estimateRho(fn, prep, position);
  if (prep.errors === 'ar1') {
    if (estimate === null) {
      warnings.push(
        `too few residual degrees of freedom (fewer than ${MIN_AR_DF}) to estimate the errors' AR(1) coefficient: ` +
          'the test assumes independent errors and over-rejects if they are autocorrelated',
      );
      return { rho: 0, estimate: null };
    }
    if (estimate.df < FEW_AR_DF) {
      warnings.push(
        `only ${estimate.df} residual degrees of freedom: with AR(1) errors the test over-rejects in short ` +
          'windows (calibration harness: 10% at nominal 5% for a level break in 24 months at ρ = 0.5)',
      );
    }
    if (estimate.rho > 0.9) {
      warnings.push(
        `the errors are close to a unit root (AR(1) coefficient about ${estimate.rho.toFixed(2)}): the test is unreliable`,
      );
    }
    return { rho: estimate.rho, estimate };
  }
  if (estimate !== null && estimate.interval[0] > 0) {
    warnings.push(
      `the residuals are autocorrelated (AR(1) coefficient about ${estimate.rho.toFixed(2)}, 90% interval ` +
        `${estimate.interval[0].toFixed(2)} to ${estimate.interval[1].toFixed(2)}): with errors 'iid' the p-value ` +
        "over-rejects; use errors: 'ar1'",
    );
  }
  return { rho: 0, estimate };
}
