/**
 * SYNTHETIC monthly series that look like trade data, for the calibration harness: a log level with a linear trend,
 * a fixed monthly seasonal pattern, AR(1) errors, optionally fat-tailed (Student t) shocks, a level shift or
 * outliers in the pre-period, and an effect added after the break.
 *
 * @module
 */
import { createRng, type Rng } from '../../src/numeric/rng.js';

/** A data-generating process for one monthly log series. */
export interface TradeDgp {
  /** Number of months in all (pre-period plus gap plus post-period). */
  readonly months: number;
  /** First month, `YYYY-MM`. */
  readonly start: string;
  /** Log level at the first month (default 16: about €9M a month). */
  readonly level?: number;
  /** Trend in log points a year (default 0.05). */
  readonly trendPerYear?: number;
  /** Peak-to-trough amplitude of the seasonal pattern in log points (default 0.3). */
  readonly seasonalAmplitude?: number;
  /** AR(1) coefficient of the error (default 0.5). */
  readonly rho?: number;
  /** Standard deviation of the stationary error in log points (default 0.12). */
  readonly sigma?: number;
  /** Degrees of freedom of Student-t shocks; omitted for Gaussian shocks. */
  readonly tDf?: number;
  /** A permanent level shift of this many log points from month index `shiftAt` on. */
  readonly shift?: { readonly at: number; readonly size: number };
  /** Additive outliers (log points) at month indices. */
  readonly outliers?: readonly { readonly at: number; readonly size: number }[];
  /** A multiplicative effect (log points) from month index `at` on. */
  readonly effect?: { readonly at: number; readonly size: number };
}

/** Month label `YYYY-MM` for index i after `start`. */
export function monthAt(start: string, i: number): string {
  const y = Number(start.slice(0, 4));
  const m = Number(start.slice(5, 7)) - 1 + i;
  const yy = y + Math.floor(m / 12);
  const mm = (((m % 12) + 12) % 12) + 1;
  return `${yy}-${String(mm).padStart(2, '0')}`;
}

/** A seeded source of SYNTHETIC trade-like series. */
export interface DgpDraw {
  /** Log values, one per month. */
  readonly log: Float64Array;
  /** Level values, exp(log). */
  readonly values: Float64Array;
  /** Month labels. */
  readonly periods: readonly string[];
}

function shock(rng: Rng, tDf: number | undefined): number {
  if (tDf === undefined) return rng.normal();
  // Student t scaled to unit variance.
  const t = rng.normal() / Math.sqrt(rng.chiSquare(tDf) / tDf);
  return t * Math.sqrt((tDf - 2) / tDf);
}

/** Draw one series from `dgp` with `rng`; the seasonal pattern is drawn from `rng` too unless `pattern` is given. */
export function drawSeries(dgp: TradeDgp, rng: Rng, pattern?: readonly number[]): DgpDraw {
  const n = dgp.months;
  const level = dgp.level ?? 16;
  const trend = (dgp.trendPerYear ?? 0.05) / 12;
  const amp = dgp.seasonalAmplitude ?? 0.3;
  const rho = dgp.rho ?? 0.5;
  const sigma = dgp.sigma ?? 0.12;
  const season = pattern ?? seasonalPattern(rng, amp);
  const innovSd = sigma * Math.sqrt(1 - rho * rho);
  const log = new Float64Array(n);
  const periods: string[] = [];
  let e = sigma * shock(rng, dgp.tDf);
  const startMonth = Number(dgp.start.slice(5, 7)) - 1;
  for (let i = 0; i < n; i++) {
    if (i > 0) e = rho * e + innovSd * shock(rng, dgp.tDf);
    let v = level + trend * i + season[(startMonth + i) % 12]! + e;
    if (dgp.shift && i >= dgp.shift.at) v += dgp.shift.size;
    if (dgp.effect && i >= dgp.effect.at) v += dgp.effect.size;
    for (const o of dgp.outliers ?? []) if (o.at === i) v += o.size;
    log[i] = v;
    periods.push(monthAt(dgp.start, i));
  }
  const values = log.map(Math.exp);
  return { log, values, periods };
}

/** A seasonal pattern of 12 log offsets, mean zero, with peak-to-trough range near `amplitude`. */
export function seasonalPattern(rng: Rng, amplitude: number): number[] {
  const phase = rng.uniform() * 2 * Math.PI;
  const raw = Array.from(
    { length: 12 },
    (_, m) => Math.sin((2 * Math.PI * m) / 12 + phase) + 0.3 * rng.normal(),
  );
  const mean = raw.reduce((a, b) => a + b, 0) / 12;
  const range = Math.max(...raw) - Math.min(...raw) || 1;
  return raw.map((r) => ((r - mean) * amplitude) / range);
}

export { createRng };
