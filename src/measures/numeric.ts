// Internal numeric helpers shared by the measures. Intentionally not exported from the package: they are
// implementation details (the public measures wrap them with validation, warnings and zod-described records).

import { OptionsError } from '../errors.js';
import { quantileSorted } from '../numeric/quantile.js';

/** `x` if it is a finite number, else `null` (so no NaN or Infinity ever reaches a result). */
export function finiteOrNull(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : x;
}

/**
 * A guard that turns non-finite numbers into `null` and, the first time it does, records a warning.
 * Used where sums of large but finite inputs can overflow to ±Infinity.
 */
export function overflowGuard(warnings: string[]): (x: number | null) => number | null {
  let warned = false;
  return (x) => {
    if (x === null) return null;
    if (Number.isFinite(x)) return x;
    if (!warned) {
      warnings.push(
        'numeric overflow: a sum or ratio exceeded the range of a double and is reported as null',
      );
      warned = true;
    }
    return null;
  };
}

/** Sum of finite numbers (Neumaier compensated, so long sums of trade values do not drift). */
export function sum(values: readonly number[]): number {
  let s = 0;
  let c = 0;
  for (const v of values) {
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

/** Arithmetic mean; `null` for an empty list. */
export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : sum(values) / values.length;
}

/** Sample standard deviation (n − 1 denominator, two-pass); `null` for fewer than two values. */
export function sampleSd(values: readonly number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  const m = sum(values) / n;
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return Math.sqrt(ss / (n - 1));
}

/** Numeric ascending sort into a fresh array. */
export function sortedCopy(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Type-7 quantile of sorted values (the library's one quantile, in `numeric/quantile.ts`). */
export { quantileSorted };

/** Median; `null` for an empty list. */
export function median(values: readonly number[]): number | null {
  return quantileSorted(sortedCopy(values), 0.5);
}

/**
 * `a / b − 1` as a fraction, or `null` when the base is absent, zero or negative (growth from a non-positive
 * base is undefined), or the ratio is not finite.
 */
export function growthRate(current: number | null, base: number | null): number | null {
  if (current === null || base === null || !(base > 0)) return null;
  return finiteOrNull(current / base - 1);
}

/** Throw an {@link OptionsError} unless every entry is a finite number or `null`. */
export function assertFiniteOrNull(values: readonly (number | null)[], where: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) {
      throw new OptionsError(`${where} requires finite numbers or null, got ${String(v)} at index ${i}`);
    }
  }
}

/** Throw an {@link OptionsError} unless `level` is a coverage strictly between 0 and 1. */
export function assertLevel(level: number, where: string): void {
  if (!(level > 0 && level < 1)) {
    throw new OptionsError(`${where} requires a level strictly between 0 and 1, got ${level}`);
  }
}

/** Join a list of periods for a warning, shortening long lists. */
export function listPeriods(periods: readonly string[], max = 6): string {
  if (periods.length <= max) return periods.join(', ');
  return `${periods.slice(0, max).join(', ')} and ${periods.length - max} more`;
}
