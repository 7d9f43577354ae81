import { InsufficientDataError, OptionsError } from '../errors.js';
import type { Series } from '../model/series.js';
import { quantileSorted } from '../numeric/quantile.js';
import { createRng } from '../numeric/rng.js';
import type { BootstrapResult } from './schemas.js';

/** Options of {@link blockBootstrap}. */
export interface BlockBootstrapOptions {
  /**
   * Block length in observations (mean length for `stationary`). Default ⌈n^(1/3)⌉, the usual rate for variance
   * estimation; for monthly trade, 12 keeps a seasonal cycle inside a block.
   */
  readonly blockLength?: number;
  /** Bootstrap replicates (default 999). */
  readonly draws?: number;
  /** Seed; the same seed reproduces the result exactly (default 1). */
  readonly seed?: number;
  /**
   * `moving` (Künsch 1989: blocks start anywhere a full block fits), `circular` (default; Politis & Romano 1992:
   * blocks wrap around, so every observation is equally likely), or `stationary` (Politis & Romano 1994: circular
   * blocks of geometric length with mean `blockLength`).
   */
  readonly type?: 'moving' | 'circular' | 'stationary';
  /** Coverage of the percentile interval (default 0.95). */
  readonly level?: number;
}

/**
 * Block bootstrap of a statistic of one time series: resample blocks of consecutive observations (keeping their
 * autocorrelation), recompute the statistic, and report its bootstrap standard error and percentile interval.
 *
 * `null` values (gaps) are dropped first and the remaining values treated as consecutive, with a warning. A
 * replicate whose statistic is `null` or not finite is left out. Runs the statistic `draws` times; O(draws · n).
 *
 * @param data - values in order, or a {@link Series} (its `values`)
 * @param statistic - any statistic of the values, e.g. the mean; receives a fresh array per replicate
 * @param options - block length, draws, seed, scheme, level
 * @returns the statistic on the data, the replicates' sd and percentile interval, and diagnostics
 * @throws {InsufficientDataError} if fewer than 2 non-null values remain
 * @throws {OptionsError} on a block length outside 1..n, draws < 1, or a level outside (0, 1)
 * @example
 * import { blockBootstrap } from 'trade-roundabout';
 * const values = Array.from({ length: 48 }, (_, i) => 100 + 10 * Math.sin(i / 2) + (i % 5));
 * const mean = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / v.length;
 * const r = blockBootstrap(values, mean, { blockLength: 6, draws: 499, seed: 7 });
 * r.interval.lower! < r.estimate! && r.estimate! < r.interval.upper!; // => true
 */
export function blockBootstrap(
  data: readonly (number | null)[] | Series,
  statistic: (values: Float64Array) => number | null,
  options: BlockBootstrapOptions = {},
): BootstrapResult {
  const fn = 'blockBootstrap';
  const raw = Array.isArray(data) ? (data as readonly (number | null)[]) : (data as Series).values;
  const values = Float64Array.from(raw.filter((v): v is number => v !== null && Number.isFinite(v)));
  const droppedNulls = raw.length - values.length;
  const n = values.length;
  if (n < 2) throw new InsufficientDataError(`${fn} requires at least 2 non-null values, got ${n}`);
  const blockLength = options.blockLength ?? Math.ceil(n ** (1 / 3));
  const draws = options.draws ?? 999;
  const seed = options.seed ?? 1;
  const type = options.type ?? 'circular';
  const level = options.level ?? 0.95;
  if (!Number.isInteger(blockLength) || blockLength < 1 || blockLength > n)
    throw new OptionsError(`${fn} requires an integer blockLength in 1..${n}, got ${blockLength}`);
  if (!Number.isInteger(draws) || draws < 1) throw new OptionsError(`${fn} requires draws ≥ 1, got ${draws}`);
  if (!(level > 0 && level < 1)) throw new OptionsError(`${fn} requires a level in (0, 1), got ${level}`);
  const warnings: string[] = [];
  if (droppedNulls > 0)
    warnings.push(`${fn}: ${droppedNulls} missing value(s) dropped; the rest are treated as consecutive`);
  if (n < 3 * blockLength)
    warnings.push(
      `${fn}: only ${n} values for blocks of ${blockLength}; few distinct resamples, intervals are rough`,
    );
  const est0 = statistic(Float64Array.from(values));
  const estimate = est0 !== null && Number.isFinite(est0) ? est0 : null;
  const rng = createRng(seed);
  const p = 1 / blockLength;
  const reps: number[] = [];
  for (let b = 0; b < draws; b++) {
    const out = new Float64Array(n);
    let k = 0;
    while (k < n) {
      if (type === 'moving') {
        const start = rng.int(n - blockLength + 1);
        for (let j = 0; j < blockLength && k < n; j++) out[k++] = values[start + j]!;
      } else if (type === 'circular') {
        const start = rng.int(n);
        for (let j = 0; j < blockLength && k < n; j++) out[k++] = values[(start + j) % n]!;
      } else {
        let pos = rng.int(n);
        out[k++] = values[pos]!;
        // Continue the block with probability 1 − 1/blockLength (geometric lengths, mean blockLength).
        while (k < n && rng.uniform() >= p) {
          pos = (pos + 1) % n;
          out[k++] = values[pos]!;
        }
      }
    }
    const v = statistic(out);
    if (v !== null && Number.isFinite(v)) reps.push(v);
  }
  if (reps.length < draws)
    warnings.push(`${fn}: ${draws - reps.length} replicate(s) had an undefined statistic`);
  reps.sort((a, b) => a - b);
  const m = reps.length;
  let se: number | null = null;
  if (m >= 2) {
    const mean = reps.reduce((s, x) => s + x, 0) / m;
    se = Math.sqrt(reps.reduce((s, x) => s + (x - mean) ** 2, 0) / (m - 1));
  }
  const alpha = 1 - level;
  return {
    method: 'blockBootstrap',
    estimate,
    se,
    interval: {
      lower: m >= 2 ? quantileSorted(reps, alpha / 2) : null,
      upper: m >= 2 ? quantileSorted(reps, 1 - alpha / 2) : null,
      level,
    },
    p: null,
    n,
    settings: { type, blockLength, draws, seed, level },
    diagnostics: { validDraws: m, droppedNulls },
    warnings,
  };
}
