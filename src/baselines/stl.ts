import { InsufficientDataError, OptionsError } from '../errors.js';

/** Options of {@link stlDecompose}. Names and defaults follow statsmodels' `STL`. */
export interface StlOptions {
  /** Period of the seasonal cycle, an integer ≥ 2 (12 for monthly data). */
  readonly period: number;
  /** Length of the seasonal smoother, odd and ≥ 3. Default `7`. */
  readonly seasonal?: number;
  /** Length of the trend smoother, odd, ≥ 3 and > period. Default: the smallest odd integer ≥ 1.5·period / (1 − 1.5/seasonal). */
  readonly trend?: number;
  /** Length of the low-pass filter, odd, ≥ 3 and > period. Default: the smallest odd integer > period. */
  readonly lowPass?: number;
  /** Degree (0 or 1) of the seasonal LOESS. Default `1`. */
  readonly seasonalDeg?: 0 | 1;
  /** Degree (0 or 1) of the trend LOESS. Default `1`. */
  readonly trendDeg?: 0 | 1;
  /** Degree (0 or 1) of the low-pass LOESS. Default `1`. */
  readonly lowPassDeg?: 0 | 1;
  /** Robustness iterations with bisquare weights (outliers get weight near 0). Default `false`. */
  readonly robust?: boolean;
  /** LOESS evaluated every `seasonalJump` points, linearly interpolated between. Default `1`. */
  readonly seasonalJump?: number;
  /** As `seasonalJump`, for the trend. Default `1`. */
  readonly trendJump?: number;
  /** As `seasonalJump`, for the low-pass filter. Default `1`. */
  readonly lowPassJump?: number;
  /** Inner loop passes. Default 2 when robust, else 5. */
  readonly innerIter?: number;
  /** Outer robustness passes. Default 15 when robust, else 0. */
  readonly outerIter?: number;
}

/** An STL decomposition: `values = trend + seasonal + remainder`, element by element. */
export interface StlResult {
  readonly trend: number[];
  readonly seasonal: number[];
  readonly remainder: number[];
  /** Final robustness weights (all 1 unless robust). */
  readonly weights: number[];
  /** The parameters used, defaults resolved. */
  readonly config: Readonly<Required<StlOptions>>;
}

const oddAtLeast3 = (x: number): boolean => Number.isInteger(x) && x >= 3 && x % 2 === 1;

/**
 * Seasonal-trend decomposition by LOESS (STL; Cleveland, Cleveland, McRae and Terpenning 1990, *Journal of
 * Official Statistics* 6:3–73), a line-by-line port of the NETLIB Fortran as statsmodels 0.13.5 runs it
 * (including its corrected median in the robustness weights), so results match `statsmodels.tsa.seasonal.STL`.
 *
 * Runs in O(n · (seasonal + trend + lowPass)) per pass. Input must be complete: no null, NaN or infinite values
 * (interpolate gaps first).
 *
 * @param values - the series, in time order
 * @param options - period and smoother settings (statsmodels' names and defaults)
 * @returns trend, seasonal, remainder and robustness weights
 * @throws {OptionsError} for invalid settings or non-finite values
 * @throws {InsufficientDataError} with fewer than two full periods of data
 * @example
 * const x = Array.from({ length: 48 }, (_, t) => 10 + 0.1 * t + Math.sin((2 * Math.PI * t) / 12));
 * const { trend, seasonal } = stlDecompose(x, { period: 12 });
 * seasonal.length; // => 48
 */
export function stlDecompose(values: readonly number[], options: StlOptions): StlResult {
  const np = options.period;
  if (!Number.isInteger(np) || np < 2) {
    throw new OptionsError(`stlDecompose requires an integer period >= 2, got ${String(np)}`);
  }
  const ns = options.seasonal ?? 7;
  if (!oddAtLeast3(ns)) throw new OptionsError(`stlDecompose requires seasonal odd and >= 3, got ${ns}`);
  let nt = options.trend ?? Math.ceil((1.5 * np) / (1 - 1.5 / ns));
  if (options.trend === undefined && nt % 2 === 0) nt += 1;
  if (!oddAtLeast3(nt) || nt <= np) {
    throw new OptionsError(`stlDecompose requires trend odd, >= 3 and > period, got ${nt}`);
  }
  let nl = options.lowPass ?? np + 1;
  if (options.lowPass === undefined && nl % 2 === 0) nl += 1;
  if (!oddAtLeast3(nl) || nl <= np) {
    throw new OptionsError(`stlDecompose requires lowPass odd, >= 3 and > period, got ${nl}`);
  }
  const degs = [options.seasonalDeg ?? 1, options.trendDeg ?? 1, options.lowPassDeg ?? 1];
  if (degs.some((d) => d !== 0 && d !== 1)) throw new OptionsError('stlDecompose requires degrees 0 or 1');
  const jumps = [options.seasonalJump ?? 1, options.trendJump ?? 1, options.lowPassJump ?? 1];
  if (jumps.some((j) => !Number.isInteger(j) || j < 1)) {
    throw new OptionsError('stlDecompose requires positive integer jumps');
  }
  const robust = options.robust ?? false;
  const ni = options.innerIter ?? (robust ? 2 : 5);
  const no = options.outerIter ?? (robust ? 15 : 0);
  if (!Number.isInteger(ni) || ni < 1 || !Number.isInteger(no) || no < 0) {
    throw new OptionsError('stlDecompose requires innerIter >= 1 and outerIter >= 0, integers');
  }
  const n = values.length;
  if (n < 2 * np) {
    throw new InsufficientDataError(
      `stlDecompose requires at least two full periods (${2 * np} values), got ${n}`,
    );
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new OptionsError(`stlDecompose requires finite values, got ${String(v)} at position ${i}`);
    }
    y[i] = v;
  }
  const cfg = {
    period: np,
    seasonal: ns,
    trend: nt,
    lowPass: nl,
    seasonalDeg: degs[0] as 0 | 1,
    trendDeg: degs[1] as 0 | 1,
    lowPassDeg: degs[2] as 0 | 1,
    robust,
    seasonalJump: jumps[0]!,
    trendJump: jumps[1]!,
    lowPassJump: jumps[2]!,
    innerIter: ni,
    outerIter: no,
  };
  const { trend, season, rw } = stlCore(y, cfg);
  const remainder = new Array<number>(n);
  for (let i = 0; i < n; i++) remainder[i] = y[i]! - season[i]! - trend[i]!;
  return {
    trend: Array.from(trend),
    seasonal: Array.from(season),
    remainder,
    weights: Array.from(rw),
    config: Object.freeze(cfg),
  };
}

/**
 * The decomposition itself on typed arrays (no validation). Arrays below are 1-based in the comments, as in
 * the Fortran; the code indexes from 0. With `fixedWeights`, the robustness weights are held at those values and
 * only the inner loop runs (a linear map of `y`).
 */
export function stlCore(
  y: Float64Array,
  cfg: Required<StlOptions>,
  fixedWeights?: Float64Array,
): { trend: Float64Array; season: Float64Array; rw: Float64Array } {
  const n = y.length;
  const np = cfg.period;
  const trend = new Float64Array(n);
  const season = new Float64Array(n);
  // With fixed robustness weights (and no outer passes) the decomposition is a linear map of y: stlForecast uses
  // that to compute its forecast error exactly.
  const rw = fixedWeights ? Float64Array.from(fixedWeights) : new Float64Array(n).fill(1);
  const len = n + 2 * np;
  const w0 = new Float64Array(len);
  const w1 = new Float64Array(len);
  const w2 = new Float64Array(len);
  const w3 = new Float64Array(len);
  const w4 = new Float64Array(len);
  let userw = fixedWeights !== undefined;
  const outer = fixedWeights ? 0 : cfg.outerIter;
  for (let k = 0; ; ) {
    // stlstp: the inner loop
    for (let j = 0; j < cfg.innerIter; j++) {
      for (let i = 0; i < n; i++) w0[i] = y[i]! - trend[i]!;
      stlss(w0, n, np, cfg.seasonal, cfg.seasonalDeg, cfg.seasonalJump, userw, rw, w1, w2, w3, w4, season);
      stlfts(w1, len, np, w2, w0);
      stless(w2, n, cfg.lowPass, cfg.lowPassDeg, cfg.lowPassJump, false, w3, w0, w4);
      for (let i = 0; i < n; i++) {
        season[i] = w1[np + i]! - w0[i]!;
        w0[i] = y[i]! - season[i]!;
      }
      stless(w0, n, cfg.trend, cfg.trendDeg, cfg.trendJump, userw, rw, trend, w2);
    }
    k++;
    if (k > outer) break;
    for (let i = 0; i < n; i++) w0[i] = trend[i]! + season[i]!;
    stlrwt(y, n, w0, rw);
    userw = true;
  }
  return { trend, season, rw };
}

/** Robustness weights: bisquare of |residual| / (6 · median |residual|). */
function stlrwt(y: Float64Array, n: number, fit: Float64Array, rw: Float64Array): void {
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = Math.abs(y[i]! - fit[i]!);
  const sorted = Float64Array.from(r).sort();
  const mid0 = n >> 1;
  const mid1 = n - mid0 - 1;
  const cmad = 3 * (sorted[mid0]! + sorted[mid1]!);
  if (cmad === 0) {
    rw.fill(1);
    return;
  }
  const c9 = 0.999 * cmad;
  const c1 = 0.001 * cmad;
  for (let i = 0; i < n; i++) {
    const v = r[i]!;
    if (v <= c1) rw[i] = 1;
    else if (v <= c9) {
      const u = v / cmad;
      rw[i] = (1 - u * u) * (1 - u * u);
    } else rw[i] = 0;
  }
}

/** Seasonal smoothing of each cycle-subseries, extended by one period at both ends, into `season` (n + 2np). */
function stlss(
  y: Float64Array,
  n: number,
  np: number,
  ns: number,
  isdeg: number,
  nsjump: number,
  userw: boolean,
  rw: Float64Array,
  season: Float64Array,
  work1: Float64Array,
  work2: Float64Array,
  work3: Float64Array,
  work4: Float64Array,
): void {
  // work2 is used from offset 1 for the smoothed subseries; `sub` views avoid copying.
  const work2s = work2.subarray(1);
  for (let j = 1; j <= np; j++) {
    const k = Math.floor((n - j) / np) + 1;
    for (let i = 1; i <= k; i++) work1[i - 1] = y[(i - 1) * np + j - 1]!;
    if (userw) for (let i = 1; i <= k; i++) work3[i - 1] = rw[(i - 1) * np + j - 1]!;
    stless(work1, k, ns, isdeg, nsjump, userw, work3, work2s, work4);
    const nright = Math.min(ns, k);
    const first = stlest(work1, k, ns, isdeg, 0, 1, nright, work4, userw, work3);
    work2[0] = Number.isNaN(first) ? work2[1]! : first;
    const nleft = Math.max(1, k - ns + 1);
    const last = stlest(work1, k, ns, isdeg, k + 1, nleft, k, work4, userw, work3);
    work2[k + 1] = Number.isNaN(last) ? work2[k]! : last;
    for (let m = 1; m <= k + 2; m++) season[(m - 1) * np + j - 1] = work2[m - 1]!;
  }
}

/** Low-pass filter: moving averages of length np, np and 3. */
function stlfts(x: Float64Array, n: number, np: number, trend: Float64Array, work: Float64Array): void {
  stlma(x, n, np, trend);
  stlma(trend, n - np + 1, np, work);
  stlma(work, n - 2 * np + 2, 3, trend);
}

/** Moving average of length `len` over the first n values of x, into ave (n − len + 1 values). */
function stlma(x: Float64Array, n: number, len: number, ave: Float64Array): void {
  const newn = n - len + 1;
  let v = 0;
  for (let i = 0; i < len; i++) v += x[i]!;
  ave[0] = v / len;
  for (let j = 1, k = len, m = 0; j < newn; j++, k++, m++) {
    v += x[k]! - x[m]!;
    ave[j] = v / len;
  }
}

/** LOESS smoothing of the first n values of y into ys, evaluated every njump points and interpolated. */
function stless(
  y: Float64Array,
  n: number,
  len: number,
  ideg: number,
  njump: number,
  userw: boolean,
  rw: Float64Array,
  ys: Float64Array,
  res: Float64Array,
): void {
  if (n < 2) {
    ys[0] = y[0]!;
    return;
  }
  const newnj = Math.min(njump, n - 1);
  let nleft = 1;
  let nright = n;
  const put = (i: number): void => {
    const v = stlest(y, n, len, ideg, i, nleft, nright, res, userw, rw);
    ys[i - 1] = Number.isNaN(v) ? y[i - 1]! : v;
  };
  if (len >= n) {
    nleft = 1;
    nright = n;
    for (let i = 1; i <= n; i += newnj) put(i);
  } else if (newnj === 1) {
    const nsh = (len + 1) >> 1;
    nleft = 1;
    nright = len;
    for (let i = 1; i <= n; i++) {
      if (i > nsh && nright !== n) {
        nleft++;
        nright++;
      }
      put(i);
    }
  } else {
    const nsh = (len + 1) >> 1;
    for (let i = 1; i <= n; i += newnj) {
      if (i < nsh) {
        nleft = 1;
        nright = len;
      } else if (i >= n - nsh + 1) {
        nleft = n - len + 1;
        nright = n;
      } else {
        nleft = i - nsh + 1;
        nright = len + i - nsh;
      }
      put(i);
    }
  }
  if (newnj === 1) return;
  for (let i = 1; i <= n - newnj; i += newnj) {
    const delta = (ys[i + newnj - 1]! - ys[i - 1]!) / newnj;
    for (let j = i + 1; j <= i + newnj - 1; j++) ys[j - 1] = ys[i - 1]! + delta * (j - i);
  }
  const k = Math.floor((n - 1) / newnj) * newnj + 1;
  if (k !== n) {
    put(n);
    if (k !== n - 1) {
      const delta = (ys[n - 1]! - ys[k - 1]!) / (n - k);
      for (let j = k + 1; j <= n - 1; j++) ys[j - 1] = ys[k - 1]! + delta * (j - k);
    }
  }
}

/** One LOESS estimate at (1-based, possibly fractional) position xs from points nleft..nright; NaN if no weight. */
function stlest(
  y: Float64Array,
  n: number,
  len: number,
  ideg: number,
  xs: number,
  nleft: number,
  nright: number,
  w: Float64Array,
  userw: boolean,
  rw: Float64Array,
): number {
  const range = n - 1;
  let h = Math.max(xs - nleft, nright - xs);
  if (len > n) h += Math.floor((len - n) / 2);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  let a = 0;
  for (let j = nleft; j <= nright; j++) {
    w[j - 1] = 0;
    const r = Math.abs(j - xs);
    if (r <= h9) {
      if (r <= h1) w[j - 1] = 1;
      else {
        const u = r / h;
        const c = 1 - u * u * u;
        w[j - 1] = c * c * c;
      }
      if (userw) w[j - 1] = w[j - 1]! * rw[j - 1]!;
      a += w[j - 1]!;
    }
  }
  if (a <= 0) return Number.NaN;
  for (let j = nleft; j <= nright; j++) w[j - 1] = w[j - 1]! / a;
  if (h > 0 && ideg > 0) {
    a = 0;
    for (let j = nleft; j <= nright; j++) a += w[j - 1]! * j;
    let b = xs - a;
    let c = 0;
    for (let j = nleft; j <= nright; j++) c += w[j - 1]! * (j - a) * (j - a);
    if (Math.sqrt(c) > 0.001 * range) {
      b /= c;
      for (let j = nleft; j <= nright; j++) w[j - 1] = w[j - 1]! * (b * (j - a) + 1);
    }
  }
  let ys = 0;
  for (let j = nleft; j <= nright; j++) ys += w[j - 1]! * y[j - 1]!;
  return ys;
}
