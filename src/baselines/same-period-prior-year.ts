import { InsufficientDataError, OptionsError } from '../errors.js';
import { simulateAr1 } from '../numeric/ar1.js';
import type { Ar1GlsFit } from '../numeric/ar1-gls.js';
import { lag1, tQuantile } from '../numeric/least-squares.js';
import { createRng } from '../numeric/rng.js';
import type { Baseline, BaselineOptions, PathNoise } from './baseline.js';
import { commonSettings, defineBaseline } from './internal/define.js';
import { COMMON_KEYS, checkKeys, resolveCommon, resolveNoise } from './internal/options.js';
import { type FitData, horizon, prepareFit } from './internal/prepare.js';
import { pathBands } from './internal/quantiles.js';
import { buildCounterfactual, nanArray } from './internal/result.js';
import { errorModel, type SmootherForecast, simulateSmootherPaths } from './internal/smoother-forecast.js';

/** Options of {@link samePeriodPriorYear}. */
export interface SamePeriodPriorYearOptions extends BaselineOptions {
  /** How many years back the base year lies (a positive integer). Default `1`. */
  readonly lag?: number;
  /** Path noise between periods (default `'ar1'`); see {@link PathNoise}. */
  readonly noise?: PathNoise;
}

const NAME = 'samePeriodPriorYear';

/**
 * Same-period-prior-year baseline: after the fit window, each period is expected to repeat the value of the same
 * calendar month (or year) in the base year, `lag` years before the first period after the window — with the
 * default window ending 2022-01 and `lag: 1`, every month of 2022, 2023 and 2024 is compared with the same month of
 * 2021. Inside and before the window the expected value is the value `lag` years earlier (a rolling naive forecast).
 *
 * Bands (in the window, and after it where the exact model below does not apply) come from the historical distribution of same-period log changes in the fit window: their root mean
 * square σ (dispersion around "no change"), as value × exp(± t·σ) with a t quantile on as many degrees of freedom
 * as changes. After the window, on monthly series whose base-year values lie in the fit window and are positive,
 * the forecast is a linear map of the window's log values (each month takes its base-year value), so its error is
 * e_f − e_base exactly: paths draw it under a seasonal trend regression with AR(1) errors fitted on the window's
 * log values (GLS, ρ integrated over its REML posterior, as for {@link stlForecast}), with the errors over window
 * and horizon drawn jointly — so the base year's own error, shared by every month that repeats it, enters the
 * cumulative interval (before, paths drew independent-looking AR(1) noise from the changes' lag-1 autocorrelation
 * and a nominal 95% interval of a 30-month sum covered about 86%; see `bench/README.md`). `noise: 'iid'` fixes
 * ρ = 0; windows of fewer than 24 observed months use independent errors. Otherwise (annual series, a base year
 * outside the window) paths draw σ² from its posterior and AR(1) noise (default) with the lag-1 autocorrelation of
 * the changes. The claimed data: seasonal, no trend (a trend biases the naive forecast). Only pairs of positive
 * values make changes; a null or non-positive base value gives a null (or zero) expectation, and a missing base
 * value after the window means no paths (with a warning).
 *
 * @param options - fit window, level, seed, draws, lag, noise
 * @returns a {@link Baseline}
 * @throws {OptionsError} for an unknown option or invalid value
 * @throws {InsufficientDataError} at fit time with fewer than 3 same-period changes in the fit window
 * @example
 * const months = (f: (t: number) => number) => Array.from({ length: 48 }, (_, t) => f(t)); // 2019-01..2022-12
 * const kg = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
 *   currency: 'EUR', start: '2019-01', values: months((t) => 2e7 * (1.1 + Math.sin(t / 1.9)) * (t >= 38 ? 3 : 1)) });
 * const cf = samePeriodPriorYear().fit(kg); // 2022-02..2022-12 against the same months of 2021
 * cf.expected[kg.periods.indexOf('2022-05')] === kg.values[kg.periods.indexOf('2021-05')]; // => true
 */
export function samePeriodPriorYear(options: SamePeriodPriorYearOptions = {}): Baseline {
  checkKeys(NAME, options, [...COMMON_KEYS, 'lag', 'noise']);
  const common = resolveCommon(NAME, options);
  const lag = options.lag ?? 1;
  if (!Number.isInteger(lag) || lag < 1 || lag > 50) {
    throw new OptionsError(`${NAME} requires lag to be an integer from 1 to 50, got ${String(lag)}`);
  }
  const noise = resolveNoise(NAME, options.noise);
  const settings = { ...commonSettings(common), lag, noise };
  return defineBaseline(NAME, settings, (target) => {
    const data = prepareFit(NAME, target, common, { minObs: 2 });
    const { values, periods } = data;
    const n = periods.length;
    const step = data.frequency === 'monthly' ? 12 * lag : lag;
    const changes: number[] = [];
    const times: number[] = [];
    for (const i of data.obs) {
      const j = i - step;
      if (j < data.start) continue;
      const a = values[i]!;
      const b = values[j]!;
      if (a > 0 && b > 0) {
        changes.push(Math.log(a / b));
        times.push(i);
      }
    }
    const m = changes.length;
    if (m < 3) {
      throw new InsufficientDataError(
        `${NAME} requires at least 3 same-period changes (positive values ${lag} year${lag === 1 ? '' : 's'} apart) ` +
          `in the fit window, got ${m}`,
      );
    }
    let ss = 0;
    for (const d of changes) ss += d * d;
    const sigma = Math.sqrt(ss / m);
    const q = tQuantile(common.level, m);
    const band = Math.exp(q * sigma);
    const baseIndex = new Int32Array(n).fill(-1);
    for (let i = 0; i <= data.end; i++) baseIndex[i] = i - step;
    const firstAfter = data.end + 1;
    const baseYear =
      firstAfter < n
        ? Number(periods[firstAfter]!.slice(0, 4)) - lag
        : Number(periods[data.end]!.slice(0, 4));
    for (let i = firstAfter; i < n; i++) {
      const p = periods[i]!;
      const basePeriod = data.frequency === 'monthly' ? `${baseYear}-${p.slice(5, 7)}` : String(baseYear);
      baseIndex[i] = periods.indexOf(basePeriod);
    }
    const expected = nanArray(n);
    const lower = nanArray(n);
    const upper = nanArray(n);
    for (let i = 0; i < n; i++) {
      const j = baseIndex[i]!;
      if (j < 0) continue;
      const b = values[j]!;
      if (Number.isNaN(b)) continue;
      if (b > 0) {
        expected[i] = b;
        lower[i] = b / band;
        upper[i] = b * band;
      } else if (b === 0) {
        expected[i] = lower[i] = upper[i] = 0;
      }
    }
    const H = horizon(data);
    const rho = noise === 'ar1' ? lag1(Float64Array.from(changes), Int32Array.from(times)) : 0;
    const warnings: string[] = [];
    let paths: Float64Array | null = null;
    let errorsModel: Record<string, unknown> | null = null;
    if (H > 0) {
      const missing = [];
      for (let k = 0; k < H; k++)
        if (Number.isNaN(expected[firstAfter + k]!)) missing.push(periods[firstAfter + k]);
      if (missing.length > 0) {
        warnings.push(
          `no usable base-year value for ${missing.length} period${missing.length === 1 ? '' : 's'} after the fit ` +
            `window (${missing.slice(0, 6).join(', ')}${missing.length > 6 ? ', …' : ''}), so no paths are simulated`,
        );
      } else {
        paths = new Float64Array(common.draws * H);
        const rng = createRng(common.seed);
        const exact = exactPaths(data, firstAfter, H, baseIndex, noise === 'ar1');
        if (exact !== null) {
          const { sf, errors, f } = exact;
          simulateSmootherPaths(sf, errors, f, common.draws, rng, paths);
          for (let k = 0; k < paths.length; k++) paths[k] = Math.exp(paths[k]!);
          // After the window the per-period bands are the paths' quantiles, as for the other exact baselines.
          const lo = (1 - common.level) / 2;
          pathBands(paths, common.draws, H, lo, 1 - lo, lower, upper, firstAfter);
          errorsModel = {
            ar1: errors.rhoMean,
            ar1Interval: errors.rhoInterval,
            sd: errors.mode.fit.s,
            df: errors.df,
          };
        } else {
          for (let d = 0; d < common.draws; d++) {
            const chi = rng.chiSquare(m);
            const sd = sigma > 0 && chi > 0 ? sigma * Math.sqrt(m / chi) : sigma;
            simulateAr1(rho, sd, rng, paths, d * H, H);
            for (let k = 0; k < H; k++)
              paths[d * H + k] = expected[firstAfter + k]! * Math.exp(paths[d * H + k]!);
          }
        }
      }
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
        baseYear: firstAfter < n ? String(baseYear) : null,
        model: {
          changes: m,
          changeSd: sigma,
          df: m,
          ar1: rho,
          errors:
            errorsModel === null
              ? 'AR(1) path noise from the changes (plug-in lag-1 autocorrelation)'
              : {
                  model:
                    'seasonal trend with AR(1) errors in logs (GLS, ρ integrated over its REML posterior); ' +
                    'forecast error e_f − e_base exact',
                  ...errorsModel,
                },
        },
      },
    });
  });
}

/**
 * The exact forecast-error model of a monthly series whose base-year values are all in the fit window and
 * positive: W has a single 1 per horizon row (at the base month's window position), the error model is the
 * window's seasonal trend regression with AR(1) errors in logs. Null where it does not apply.
 */
function exactPaths(
  data: FitData,
  firstAfter: number,
  h: number,
  baseIndex: Int32Array,
  ar: boolean,
): { sf: SmootherForecast; errors: Ar1GlsFit; f: Float64Array } | null {
  if (data.frequency !== 'monthly') return null;
  const { values } = data;
  const mWin = data.end - data.start + 1;
  const w = new Float64Array(h * mWin);
  const f = new Float64Array(h);
  for (let k = 0; k < h; k++) {
    const j = baseIndex[firstAfter + k]!;
    if (j < data.start || j > data.end || !(values[j]! > 0)) return null;
    w[k * mWin + (j - data.start)] = 1;
    f[k] = Math.log(values[j]!);
  }
  const obs = Int32Array.from(Array.from(data.obs).filter((i) => values[i]! > 0));
  // A seasonal trend regression needs more observations than its 13 parameters, and every month once.
  if (obs.length < 24) return null;
  const z = new Float64Array(mWin);
  for (let k = 0; k < mWin; k++) {
    const v = values[data.start + k]!;
    z[k] = v > 0 ? Math.log(v) : Number.NaN;
  }
  const errors = errorModel(data.name, { ...data, obs }, z, ar);
  return { sf: { w, m: mWin, h }, errors, f };
}
