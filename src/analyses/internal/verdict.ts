import type { Finding } from '../types.js';
import { pct } from './format.js';

/**
 * The interval of the excess lies above zero: the absolute one (defined even when some simulated paths sum to zero
 * or less, where the relative one is not), else the relative one.
 */
export function significantlyAbove(f: Finding): boolean {
  return (f.interval.lower ?? f.pctInterval.lower ?? Number.NEGATIVE_INFINITY) > 0;
}

/** The finding has an interval (absolute or relative). */
export function hasInterval(f: Finding): boolean {
  return f.interval.lower !== null || f.pctInterval.lower !== null;
}

/** The interval level as a percentage, e.g. `95%`. */
export function levelPct(o: { readonly level: number }): string {
  return `${Number((o.level * 100).toFixed(1))}%`;
}

/** `68% above` / `21% below` (no sign: the word carries the direction). */
export function aboveOrBelow(fraction: number | null): string {
  if (fraction === null) return 'n/a against';
  return `${pct(Math.abs(fraction)).slice(1)} ${fraction < 0 ? 'below' : 'above'}`;
}

/** Median of some numbers, or null. */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** `1 baseline`, `5 baselines`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The findings of one leg. */
export function byLeg(findings: readonly Finding[], leg: Finding['leg']): Finding[] {
  return findings.filter((f) => f.leg === leg);
}

/** A status from how many of `total` units pass: all, none, or some. */
export function allNoneSome(
  passed: number,
  total: number,
): 'supported' | 'not-supported' | 'mixed' | 'cannot-tell' {
  return total === 0
    ? 'cannot-tell'
    : passed === total
      ? 'supported'
      : passed === 0
        ? 'not-supported'
        : 'mixed';
}

/** A chart id usable as an HTML id: letters, digits and dashes. */
export function chartId(...parts: readonly string[]): string {
  return parts
    .join('-')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
