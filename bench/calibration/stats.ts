/**
 * Small statistics for judging calibration rows: binomial acceptance bands and a Kolmogorov–Smirnov test of
 * uniformity.
 *
 * @module
 */

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for x > 0.
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const xx = x - 1;
  let a = c[0]!;
  const t = xx + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Binomial probability mass P(X = k), X ~ Bin(n, p). */
export function binomialPmf(k: number, n: number, p: number): number {
  if (p <= 0) return k === 0 ? 1 : 0;
  if (p >= 1) return k === n ? 1 : 0;
  return Math.exp(
    logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p),
  );
}

/**
 * The central `level` acceptance band for the hit count of n replications at true rate p: the smallest [lo, hi]
 * with P(X < lo) ≤ (1 − level)/2 and P(X > hi) ≤ (1 − level)/2.
 *
 * @example
 * binomialBand(200, 0.95, 0.999); // => [180, 199] or so
 */
export function binomialBand(n: number, p: number, level = 0.999): [number, number] {
  const tail = (1 - level) / 2;
  let cum = 0;
  let lo = 0;
  for (let k = 0; k <= n; k++) {
    const next = cum + binomialPmf(k, n, p);
    if (next > tail) {
      lo = k;
      break;
    }
    cum = next;
  }
  cum = 0;
  let hi = n;
  for (let k = n; k >= 0; k--) {
    const next = cum + binomialPmf(k, n, p);
    if (next > tail) {
      hi = k;
      break;
    }
    cum = next;
  }
  return [lo, hi];
}

/**
 * One-sample Kolmogorov–Smirnov test of U(0, 1): the statistic D and its asymptotic p-value (with Stephens'
 * small-sample correction).
 *
 * @example
 * ksUniform([0.1, 0.4, 0.8]).p; // => a p-value in [0, 1]
 */
export function ksUniform(values: readonly number[]): { d: number; p: number } {
  const x = [...values].sort((a, b) => a - b);
  const n = x.length;
  if (n === 0) return { d: 0, p: 1 };
  let d = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    d = Math.max(d, (i + 1) / n - v, v - i / n);
  }
  const sn = Math.sqrt(n);
  const lambda = (sn + 0.12 + 0.11 / sn) * d;
  let p = 0;
  for (let j = 1; j <= 100; j++) {
    const term = 2 * (j % 2 === 1 ? 1 : -1) * Math.exp(-2 * j * j * lambda * lambda);
    p += term;
    if (Math.abs(term) < 1e-12) break;
  }
  return { d, p: Math.min(1, Math.max(0, p)) };
}
