import { readFileSync } from 'node:fs';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  chisqCdf,
  chisqUpperP,
  criticalValue,
  fCdf,
  fUpperP,
  logGamma,
  normalCdf,
  normalQuantile,
  tCdf,
  tQuantile,
  twoSidedP,
} from '../../src/inference/distributions.js';

// Reference values from mpmath at 30 digits: scripts/reference-values/distributions.py.
type Row = [...number[], string];
const ref = JSON.parse(
  readFileSync(new URL('../fixtures/reference/distributions.json', import.meta.url), 'utf8'),
) as Record<string, Row[]>;

/** Relative error, with an absolute floor in the subnormal range (below 2.2e-308 doubles lose digits). */
function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
}

/**
 * Compare every row; `tolerance` is relative. Where a degrees-of-freedom argument reaches 10^5 the incomplete beta
 * continued fraction (shape parameters 10^5 apart) keeps about 11 digits, so those rows get `LARGE_DF_TOLERANCE`.
 */
const LARGE_DF_TOLERANCE = 1e-10;
function check(
  name: string,
  fn: (...args: number[]) => number,
  tolerance: number,
  dfArgs: number[] = [],
): void {
  const rows = ref[name]!;
  expect(rows.length).toBeGreaterThan(10);
  const worst = rows
    .map((row) => {
      const args = row.slice(0, -1) as number[];
      const expected = Number(row.at(-1));
      const actual = fn(...args);
      const allowed = dfArgs.some((i) => args[i]! >= 1e5) ? LARGE_DF_TOLERANCE : tolerance;
      return { args, expected, actual, error: relativeError(actual, expected), allowed };
    })
    .filter((r) => !(r.error <= r.allowed));
  expect(worst).toEqual([]);
}

describe('distribution functions against mpmath (30 digits)', () => {
  it('logGamma (absolute error near its zeros at 1 and 2)', () => {
    const off = ref.log_gamma!.filter(
      ([x, v]) => !(Math.abs(logGamma(x as number) - Number(v)) <= 1e-14 * Math.max(1, Math.abs(Number(v)))),
    );
    expect(off).toEqual([]);
  });
  it('normalCdf, both tails, down to subnormal probabilities', () =>
    check('normal_cdf', (x) => normalCdf(x), 1e-13));
  it('normalQuantile for p from 1e-300 to 1 − 1e-6', () =>
    check('normal_quantile', (p) => normalQuantile(p), 1e-14));
  it('tCdf for 1 to 10^6 degrees of freedom (and fractional ones)', () => check('t_cdf', tCdf, 1e-12, [1]));
  it('tQuantile for 1 to 10^6 degrees of freedom, p from 1e-300', () =>
    check('t_quantile', tQuantile, 1e-12, [1]));
  it('fCdf', () => check('f_cdf', fCdf, 1e-12, [1, 2]));
  it('the F upper tail (fUpperP), computed directly rather than as 1 − cdf', () =>
    check('f_upper', (x, d1, d2) => fUpperP(x, d1!, d2!) ?? Number.NaN, 1e-12, [1, 2]));
  it('chisqCdf', () => check('chisq_cdf', chisqCdf, 1e-12));
  it('the chi-square upper tail (chisqUpperP), computed directly', () =>
    check('chisq_upper', (x, k) => chisqUpperP(x, k!) ?? Number.NaN, 1e-12));
});

describe('distribution functions at the edges', () => {
  it('give NaN for invalid arguments, like the functions they replace', () => {
    expect(normalCdf(Number.NaN)).toBeNaN();
    expect(normalCdf(0, 0, 0)).toBeNaN();
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(tCdf(1, 0)).toBeNaN();
    expect(tCdf(1, -2)).toBeNaN();
    expect(tQuantile(0.5, Number.NaN)).toBeNaN();
    expect(fCdf(1, 0, 3)).toBeNaN();
    expect(chisqCdf(1, -1)).toBeNaN();
    expect(logGamma(0)).toBeNaN();
  });

  it('give the limits at 0, 1 and the infinities', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(tQuantile(0, 5)).toBe(Number.NEGATIVE_INFINITY);
    expect(tQuantile(1, 5)).toBe(Number.POSITIVE_INFINITY);
    expect(tQuantile(0.5, 5)).toBe(0);
    expect(tCdf(Number.NEGATIVE_INFINITY, 3)).toBe(0);
    expect(tCdf(Number.POSITIVE_INFINITY, 3)).toBe(1);
    expect(fCdf(0, 2, 3)).toBe(0);
    expect(fCdf(-1, 2, 3)).toBe(0);
    expect(fCdf(Number.POSITIVE_INFINITY, 2, 3)).toBe(1);
    expect(chisqCdf(0, 2)).toBe(0);
    expect(normalCdf(3, 3, 2)).toBe(0.5);
  });

  it('t with infinitely many degrees of freedom is the normal', () => {
    expect(tCdf(-1.5, Number.POSITIVE_INFINITY)).toBe(normalCdf(-1.5));
    expect(tQuantile(0.9, Number.POSITIVE_INFINITY)).toBe(normalQuantile(0.9));
  });

  it('the wrappers return null where the value is undefined', () => {
    expect(twoSidedP(null, 3)).toBeNull();
    expect(twoSidedP(Number.POSITIVE_INFINITY, 3)).toBeNull();
    expect(twoSidedP(2, 0)).toBeNull();
    expect(twoSidedP(0, 10)).toBe(1);
    expect(criticalValue(0.95, 0)).toBeNull();
    expect(criticalValue(0.95, null)).toBeCloseTo(1.959963984540054, 14);
    expect(fUpperP(null, 1, 2)).toBeNull();
    expect(chisqUpperP(1, 0)).toBeNull();
  });

  it('keeps tiny two-sided p-values (the lower tail at −|t|, not 1 − cdf)', () => {
    const p = twoSidedP(40, 30)!;
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-25);
  });
});

describe('distribution functions, properties', () => {
  test.prop([
    fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }),
    fc.double({ min: 0.5, max: 1e5, noNaN: true }),
  ])('tQuantile inverts tCdf', (p, df) => {
    const t = tQuantile(p, df);
    expect(Math.abs(tCdf(t, df) - p)).toBeLessThanOrEqual(1e-13 * Math.max(p, 1 - p) + 1e-15 * p);
  });

  test.prop([fc.double({ min: 1e-300, max: 1 - 1e-12, noNaN: true })])(
    'normalQuantile inverts normalCdf',
    (p) => {
      const x = normalQuantile(p);
      // The round trip through x amplifies x's last-digit error by the condition number |x|·φ(x)/Φ(x) ≈ 1 + x².
      const allowed = p < 0.5 ? 4e-16 * (2 + x * x) : 4e-16 / p;
      expect(relativeError(normalCdf(x), p)).toBeLessThanOrEqual(allowed);
    },
  );

  test.prop([fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: 0.5, max: 1e4, noNaN: true })])(
    'tCdf is symmetric: F(−t) + F(t) = 1',
    (t, df) => {
      expect(tCdf(-t, df) + tCdf(t, df)).toBeCloseTo(1, 14);
    },
  );
});
