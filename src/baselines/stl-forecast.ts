import { OptionsError } from '../errors.js';
import { fitOls, lag1, leverage, predictRow, simulateLinear, tQuantile } from '../numeric/least-squares.js';
import { createRng } from '../numeric/rng.js';
import type { Baseline, BaselineOptions, LogPoint, PathNoise } from './baseline.js';
import { commonSettings, defineBaseline } from './internal/define.js';
import {
  COMMON_KEYS,
  checkBoolean,
  checkEnum,
  checkKeys,
  resolveCommon,
  resolveNoise,
} from './internal/options.js';
import { horizon, prepareFit, workingValues } from './internal/prepare.js';
import { buildCounterfactual, nanArray } from './internal/result.js';
import { stlDecompose } from './stl.js';

/** Options of {@link stlForecast}. */
export interface StlForecastOptions extends BaselineOptions {
  /** Robust STL (bisquare weights, 15 outer passes), for series with outliers. Default `false`. */
  readonly robust?: boolean;
  /** Seasonal period in months. Default `12`. */
  readonly period?: number;
  /** Length of STL's seasonal smoother (odd, ≥ 7 recommended). Default `7`, as statsmodels. */
  readonly seasonalWindow?: number;
  /** Decompose log values (default `true`; values must be positive) or levels. */
  readonly log?: boolean;
  /**
   * How the seasonally adjusted series (trend + remainder) is carried forward:
   * `'linear'` (default) — an OLS line through it, with t prediction intervals (trend-forecast and remainder
   * uncertainty); `'drift'` — a random walk with drift, whose intervals widen with √h.
   */
  readonly forecast?: 'linear' | 'drift';
  /** Path noise of the `'linear'` forecast (default `'ar1'`); see {@link PathNoise}. */
  readonly noise?: PathNoise;
  /** Point forecast of the log model: `'mean'` (default, lognormal mean) or `'median'`. */
  readonly point?: LogPoint;
}

const NAME = 'stlForecast';
const QUANTUM = 2 ** 30;

/**
 * STL forecast baseline: decompose the fit window by STL (Cleveland et al. 1990; {@link stlDecompose}, robust
 * option), forecast the seasonally adjusted series (trend + remainder) by a line (default) or a random walk with
 * drift, and add back the last year's seasonal component (each calendar month's seasonal from its last occurrence
 * in the window).
 *
 * Monthly series; at least two full periods of positive (log) values. In the window the expected value is the
 * STL fit (trend + seasonal) with a band ± t·sd(remainder); after it, t prediction intervals from the remainder
 * and the trend-forecast uncertainty. Paths draw σ² and the trend parameters from their posterior plus noise.
 * Interior gaps (and dropped non-positive values) are filled by linear interpolation in the working scale, with a
 * warning. Nothing is computed before the window (`null`). The seasonal pattern is held fixed in the forecast:
 * its own estimation error is not in the bands.
 *
 * @param options - fit window, level, seed, draws, robust, period, seasonalWindow, log, forecast, noise, point
 * @returns a {@link Baseline}
 * @throws {OptionsError} for an unknown option or invalid value
 * @example
 * const months = (f: (t: number) => number) => Array.from({ length: 48 }, (_, t) => f(t)); // 2019-01..2022-12
 * const kg = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
 *   currency: 'EUR', start: '2019-01', values: months((t) => 2e7 * (1.1 + Math.sin(t / 1.9)) * (t >= 38 ? 3 : 1)) });
 * const cf = stlForecast({ robust: true }).fit(kg);
 * cf.settings.forecast; // => 'linear'
 */
export function stlForecast(options: StlForecastOptions = {}): Baseline {
  checkKeys(NAME, options, [
    ...COMMON_KEYS,
    'robust',
    'period',
    'seasonalWindow',
    'log',
    'forecast',
    'noise',
    'point',
  ]);
  const common = resolveCommon(NAME, options);
  const robust = checkBoolean(NAME, 'robust', options.robust, false);
  const log = checkBoolean(NAME, 'log', options.log, true);
  const period = options.period ?? 12;
  const seasonalWindow = options.seasonalWindow ?? 7;
  if (!Number.isInteger(period) || period < 2) {
    throw new OptionsError(`${NAME} requires an integer period >= 2, got ${String(period)}`);
  }
  if (!Number.isInteger(seasonalWindow) || seasonalWindow < 3 || seasonalWindow % 2 === 0) {
    throw new OptionsError(`${NAME} requires seasonalWindow odd and >= 3, got ${String(seasonalWindow)}`);
  }
  const forecast = checkEnum(NAME, 'forecast', options.forecast, ['linear', 'drift'], 'linear');
  const noise = resolveNoise(NAME, options.noise);
  const point = checkEnum(NAME, 'point', options.point, ['mean', 'median'], 'mean');
  const settings = {
    ...commonSettings(common),
    robust,
    period,
    seasonalWindow,
    log,
    forecast,
    ...(forecast === 'linear' ? { noise } : {}),
    ...(log ? { point } : {}),
  };
  return defineBaseline(NAME, settings, (target) => {
    const data = prepareFit(NAME, target, common, {
      minObs: 2 * period,
      positive: log,
      seasonal: true,
      monthlyOnly: true,
    });
    const m = data.end - data.start + 1;
    const z = workingValues(data, log);
    // Rounded to 2⁻³⁰ (≈1e-9 relative) so that robust STL's weight thresholds cannot hinge on last-bit noise: the
    // series times k then gives exactly k times the counterfactual.
    for (let k = 0; k < m; k++) z[k] = Math.round(z[k]! * QUANTUM) / QUANTUM;
    const warnings: string[] = [];
    if (m > data.obs.length) {
      warnings.push(
        `${m - data.obs.length} missing or excluded value(s) in the fit window filled by linear interpolation for STL`,
      );
    }
    const dec = stlDecompose(Array.from(z), { period, seasonal: seasonalWindow, robust });
    const n = data.periods.length;
    const expected = nanArray(n);
    const lower = nanArray(n);
    const upper = nanArray(n);
    const back = (v: number): number => (log ? Math.exp(v) : v) * data.scale;
    const meanShift = (variance: number): number => (log && point === 'mean' ? 0.5 * variance : 0);

    // In the window: the STL fit with a band from the spread of the remainder.
    let ssr = 0;
    for (const r of dec.remainder) ssr += r * r;
    const sdR = Math.sqrt(ssr / (m - 1));
    const qIn = tQuantile(common.level, m - 1);
    for (let k = 0; k < m; k++) {
      const fitted = dec.trend[k]! + dec.seasonal[k]!;
      expected[data.start + k] = back(fitted + meanShift(sdR * sdR));
      lower[data.start + k] = back(fitted - qIn * sdR);
      upper[data.start + k] = back(fitted + qIn * sdR);
    }
    const adjusted = new Float64Array(m);
    for (let k = 0; k < m; k++) adjusted[k] = z[k]! - dec.seasonal[k]!;
    const H = horizon(data);
    const seasonalAt = (k: number): number =>
      dec.seasonal[m - 1 - ((((m - 1 - k) % period) + period) % period)]!;
    let paths: Float64Array | null = null;
    let model: Record<string, unknown>;
    if (forecast === 'linear') {
      const x = new Float64Array(2 * m);
      for (let k = 0; k < m; k++) {
        x[2 * k] = 1;
        x[2 * k + 1] = k;
      }
      const fit = fitOls(NAME, x, adjusted, m, 2);
      const q = tQuantile(common.level, fit.df);
      const row = new Float64Array(2);
      const rows = new Float64Array(2 * H);
      for (let j = 0; j < H; j++) {
        const k = m + j;
        row[0] = 1;
        row[1] = k;
        rows[2 * j] = 1;
        rows[2 * j + 1] = k;
        const mu = predictRow(fit, row) + seasonalAt(k);
        const v = fit.s * fit.s * (1 + leverage(fit, row));
        const half = q * Math.sqrt(v);
        expected[data.end + 1 + j] = back(mu + meanShift(v));
        lower[data.end + 1 + j] = back(mu - half);
        upper[data.end + 1 + j] = back(mu + half);
      }
      const t = new Int32Array(m);
      for (let k = 0; k < m; k++) t[k] = k;
      const rho = noise === 'ar1' ? lag1(fit.residuals, t) : 0;
      if (H > 0) {
        paths = new Float64Array(common.draws * H);
        simulateLinear(fit, rows, H, common.draws, rho, createRng(common.seed), paths);
        for (let d = 0; d < common.draws; d++) {
          for (let j = 0; j < H; j++) {
            const o = d * H + j;
            paths[o] = back(paths[o]! + seasonalAt(m + j));
          }
        }
      }
      model = { trendSlope: fit.beta[1]!, residualSd: fit.s, df: fit.df, ar1: rho, remainderSd: sdR };
    } else {
      const drift = (adjusted[m - 1]! - adjusted[0]!) / (m - 1);
      let ss = 0;
      for (let k = 1; k < m; k++) {
        const u = adjusted[k]! - adjusted[k - 1]! - drift;
        ss += u * u;
      }
      const df = m - 2;
      const sigma = Math.sqrt(ss / df);
      const q = tQuantile(common.level, df);
      const last = adjusted[m - 1]!;
      for (let j = 0; j < H; j++) {
        const h = j + 1;
        const mu = last + h * drift + seasonalAt(m + j);
        const v = sigma * sigma * (h + (h * h) / (m - 1));
        const half = q * Math.sqrt(v);
        expected[data.end + 1 + j] = back(mu + meanShift(v));
        lower[data.end + 1 + j] = back(mu - half);
        upper[data.end + 1 + j] = back(mu + half);
      }
      if (H > 0) {
        paths = new Float64Array(common.draws * H);
        const rng = createRng(common.seed);
        for (let d = 0; d < common.draws; d++) {
          const chi = rng.chiSquare(df);
          const sd = sigma > 0 && chi > 0 ? sigma * Math.sqrt(df / chi) : sigma;
          const dd = drift + (sd / Math.sqrt(m - 1)) * rng.normal();
          let a = last;
          for (let j = 0; j < H; j++) {
            a += dd + sd * rng.normal();
            paths[d * H + j] = back(a + seasonalAt(m + j));
          }
        }
      }
      model = { drift, residualSd: sigma, df, remainderSd: sdR };
    }
    return buildCounterfactual(target, data, common, {
      expected,
      lower,
      upper,
      paths,
      draws: common.draws,
      warnings,
      settings: {
        ...settings,
        fit: data.requested,
        model: { ...model, scale: log ? 'log' : 'level', stl: dec.config },
      },
    });
  });
}
