import { OptionsError } from '../../errors.js';
import { isPeriod, type Period } from '../../model/period.js';
import type { BaselineOptions, FitWindow, PathNoise } from '../baseline.js';

/** Options every baseline takes, resolved. `fit` stays `null` until the target is seen (default window). */
export interface CommonSettings {
  readonly fit: FitWindow | null;
  readonly level: number;
  readonly seed: number;
  readonly draws: number;
  /** Excluded ranges, inclusive, as given (single periods become [p, p]). */
  readonly exclude: readonly (readonly [Period, Period])[];
}

export const COMMON_KEYS = ['fit', 'exclude', 'level', 'seed', 'draws'] as const;

/** Refuse unknown option keys (a typo such as `fitWindow` must not silently fall back to a default). */
export function checkKeys(name: string, options: object | undefined, allowed: readonly string[]): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new OptionsError(`${name} requires an options object`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new OptionsError(
        `${name} does not take option ${JSON.stringify(key)} (allowed: ${allowed.join(', ')})`,
      );
    }
  }
}

/** Validate and default the options every baseline shares. */
export function resolveCommon(name: string, options: BaselineOptions | undefined): CommonSettings {
  const level = options?.level ?? 0.95;
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw new OptionsError(`${name} requires level strictly between 0 and 1, got ${String(level)}`);
  }
  const seed = options?.seed ?? 1;
  if (!Number.isSafeInteger(seed)) {
    throw new OptionsError(`${name} requires an integer seed, got ${String(seed)}`);
  }
  const draws = options?.draws ?? 1000;
  if (!Number.isInteger(draws) || draws < 1 || draws > 100_000) {
    throw new OptionsError(`${name} requires draws to be an integer from 1 to 100000, got ${String(draws)}`);
  }
  let fit: FitWindow | null = null;
  if (options?.fit !== undefined) {
    const f = options.fit as unknown;
    if (!Array.isArray(f) || f.length !== 2 || typeof f[0] !== 'string' || typeof f[1] !== 'string') {
      throw new OptionsError(`${name} requires fit as [from, to] periods, got ${JSON.stringify(f)}`);
    }
    const [from, to] = f as [string, string];
    if (!isPeriod(from) || !isPeriod(to)) {
      throw new OptionsError(`${name} requires fit periods YYYY or YYYY-MM, got ${JSON.stringify(f)}`);
    }
    if (from.length !== to.length) {
      throw new OptionsError(`${name} requires both fit periods at one frequency, got ${from} and ${to}`);
    }
    if (from > to) throw new OptionsError(`${name} requires fit from <= to, got ${from} > ${to}`);
    fit = [from as Period, to as Period];
  }
  const exclude: (readonly [Period, Period])[] = [];
  if (options?.exclude !== undefined) {
    const ex = options.exclude as unknown;
    if (!Array.isArray(ex))
      throw new OptionsError(`${name} requires exclude as a list of periods or [from, to] ranges`);
    for (const item of ex as unknown[]) {
      const range = typeof item === 'string' ? [item, item] : item;
      if (
        !Array.isArray(range) ||
        range.length !== 2 ||
        typeof range[0] !== 'string' ||
        typeof range[1] !== 'string' ||
        !isPeriod(range[0]) ||
        !isPeriod(range[1]) ||
        range[0].length !== range[1].length ||
        range[0] > range[1]
      ) {
        throw new OptionsError(
          `${name} requires exclude items as periods or [from, to] ranges, got ${JSON.stringify(item)}`,
        );
      }
      exclude.push([range[0] as Period, range[1] as Period]);
    }
  }
  return { fit, level, seed, draws, exclude };
}

/** Check that an option takes one of a few string values. */
export function checkEnum<T extends string>(
  name: string,
  key: string,
  value: T | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) {
    throw new OptionsError(
      `${name} requires ${key} to be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** Check a boolean option. */
export function checkBoolean(
  name: string,
  key: string,
  value: boolean | undefined,
  fallback: boolean,
): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new OptionsError(`${name} requires ${key} to be a boolean`);
  return value;
}

/** Resolve the `noise` option. */
export function resolveNoise(name: string, value: PathNoise | undefined): PathNoise {
  return checkEnum(name, 'noise', value, ['ar1', 'iid'], 'ar1');
}
