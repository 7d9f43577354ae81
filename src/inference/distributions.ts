/**
 * The distribution functions the library uses — normal, Student t, F and chi-square cumulative distribution
 * functions, normal and t quantiles — and wrappers that return `null` instead of NaN/Infinity, so no undefined
 * value leaks into a result. Internal: `baselines`, `measures` and `analyses` import them from here.
 *
 * Implemented here rather than taken from a statistics package (the @stdlib single-function packages this
 * replaced pulled in 233 packages): the regularised incomplete beta and gamma functions by their continued
 * fractions and series (modified Lentz), log-gamma by Stirling's series, and quantiles by safeguarded Newton /
 * Halley iterations on the CDFs. Each tail is computed directly rather than as `1 − cdf`, so small p-values keep
 * their relative precision. Checked against mpmath at 30 digits (scripts/reference-values/distributions.py):
 * relative error below 1e-12 for CDFs and quantiles over the ranges the tests sweep (probabilities down to 1e-300,
 * 1 to 10^6 degrees of freedom).
 *
 * Invalid arguments (NaN, a non-positive scale or degrees of freedom, a probability outside [0, 1]) give NaN,
 * like the functions they replace.
 *
 * @module
 */

const EPS = 2.220446049250313e-16;
/** Below this a Lentz denominator is treated as zero. */
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;
/** ln √(2π). */
const LN_SQRT_2PI = 0.9189385332046728;

/**
 * Stirling's correction `δ(x) = lnΓ(x) − [(x − ½) ln x − x + ln √(2π)]` for x ≥ 10 (error below 1e-17 there).
 */
function stirlingCorrection(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  // Bernoulli-number coefficients B₂ₖ / (2k(2k − 1)): 1/12, −1/360, 1/1260, −1/1680, 1/1188, −691/360360.
  return (
    r *
    (1 / 12 + r2 * (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 - (r2 * 691) / 360360)))))
  );
}

/** ln Γ(x) for x > 0: Stirling's series from 10 up, shifted by Γ(x + 1) = xΓ(x) below. */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return x;
  let shift = 0;
  let product = 1;
  let y = x;
  while (y < 10) {
    product *= y;
    y += 1;
    // Keep the product finite for tiny x (x = 1e-300 multiplies up to 1e-300 · 10!).
    if (product < 1e-200) {
      shift += Math.log(product);
      product = 1;
    }
  }
  shift += Math.log(product);
  return (y - 0.5) * Math.log(y) - y + LN_SQRT_2PI + stirlingCorrection(y) - shift;
}

/** `δ(x)` for any x > 0 (direct below 10, where it is not small and cancellation does not matter). */
function correction(x: number): number {
  return x >= 10 ? stirlingCorrection(x) : logGamma(x) - ((x - 0.5) * Math.log(x) - x + LN_SQRT_2PI);
}

/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), rearranged for large arguments so that the large terms of the three
 * log-gammas cancel analytically rather than in floating point (B(ν/2, ½) for ν = 10^6 keeps 15 digits).
 */
function logBeta(a: number, b: number): number {
  const big = Math.max(a, b);
  const small = Math.min(a, b);
  if (big < 10) return logGamma(a) + logGamma(b) - logGamma(a + b);
  const sum = big + small;
  if (small >= 10) {
    return (
      LN_SQRT_2PI -
      0.5 * Math.log(small) +
      correction(small) +
      correction(big) -
      correction(sum) -
      small * Math.log1p(big / small) -
      (big - 0.5) * Math.log1p(small / big)
    );
  }
  // ln Γ(big) − ln Γ(big + small) without the (x − ½) ln x terms of both.
  return (
    logGamma(small) -
    (big - 0.5) * Math.log1p(small / big) -
    small * Math.log(sum) +
    small +
    correction(big) -
    correction(sum)
  );
}

/**
 * The regularised incomplete beta function and its complement, `[I_x(a, b), 1 − I_x(a, b)]`, with `y = 1 − x`
 * passed separately so that x close to 1 loses nothing (and ln B(a, b), when the caller has it). The smaller side is computed by the continued fraction,
 * the other as one minus it.
 */
function incompleteBeta(
  x: number,
  a: number,
  b: number,
  y: number,
  lnBeta = logBeta(a, b),
): [number, number] {
  if (x <= 0) return [0, 1];
  if (y <= 0) return [1, 0];
  if (x > (a + 1) / (a + b + 2)) {
    const [upper, lower] = incompleteBeta(y, b, a, x, lnBeta);
    return [lower, upper];
  }
  const lnX = x < 0.5 ? Math.log(x) : Math.log1p(-y);
  const lnY = y < 0.5 ? Math.log(y) : Math.log1p(-x);
  const front = Math.exp(a * lnX + b * lnY - lnBeta) / a;
  // Continued fraction for I_x(a, b) (DLMF 8.17.22), evaluated by the modified Lentz method.
  let c = 1;
  // 1 − (a + b)x/(a + 1), written with y so that x close to 1 (a ≫ b) does not cancel.
  let d = x < 0.5 ? 1 - ((a + b) * x) / (a + 1) : (1 - b + (a + b) * y) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let num = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + num * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + num / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    num = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + num * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + num / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPS) break;
  }
  const lower = front * h;
  return [lower, 1 - lower];
}

/**
 * The regularised incomplete gamma functions `[P(a, x), Q(a, x)]`: the series for x < a + 1, the continued
 * fraction for Q otherwise (DLMF 8.11.4, 8.9.2), each side's complement as one minus it.
 */
function incompleteGamma(a: number, x: number): [number, number] {
  if (x <= 0) return [0, 1];
  if (x === Number.POSITIVE_INFINITY) return [1, 0];
  const lnFront = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n <= MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    const p = sum * Math.exp(lnFront);
    return [p, 1 - p];
  }
  let bn = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / bn;
  let h = d;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    bn += 2;
    d = an * d + bn;
    if (Math.abs(d) < TINY) d = TINY;
    c = bn + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPS) break;
  }
  const q = Math.exp(lnFront) * h;
  return [1 - q, q];
}

/** Standard normal tail `Φ(z)` for z ≤ 0, as ½·Q(½, z²/2) (= ½ erfc(|z|/√2)). */
function normalLowerTail(z: number): number {
  return 0.5 * incompleteGamma(0.5, 0.5 * z * z)[1];
}

/** Standard normal density. */
function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z - LN_SQRT_2PI);
}

/**
 * Normal cumulative distribution function `P(X ≤ x)` for X ~ N(mean, sd²).
 *
 * @param x - the quantile
 * @param mean - the mean (default 0)
 * @param sd - the standard deviation (default 1); NaN unless positive
 * @returns the probability, NaN for invalid arguments
 * @example
 * normalCdf(1.959963984540054); // => 0.975 (up to rounding)
 * normalCdf(-10); // => 7.619853024160526e-24 (up to rounding)
 */
export function normalCdf(x: number, mean = 0, sd = 1): number {
  if (Number.isNaN(x) || Number.isNaN(mean) || !(sd > 0)) return Number.NaN;
  const z = (x - mean) / sd;
  if (Number.isNaN(z)) return Number.NaN;
  return z <= 0 ? normalLowerTail(z) : 1 - normalLowerTail(-z);
}

/**
 * Normal quantile: the x with `P(X ≤ x) = p` for X ~ N(mean, sd²). Abramowitz–Stegun 26.2.23 as the start, then
 * Halley steps on the tail; relative error below 1e-14 for p ≥ 1e-300.
 *
 * @param p - the probability, in [0, 1]
 * @param mean - the mean (default 0)
 * @param sd - the standard deviation (default 1); NaN unless positive
 * @returns the quantile (−Infinity at 0, Infinity at 1), NaN for invalid arguments
 * @example
 * normalQuantile(0.975); // => 1.959963984540054 (up to rounding)
 */
export function normalQuantile(p: number, mean = 0, sd = 1): number {
  if (!(p >= 0 && p <= 1) || Number.isNaN(mean) || !(sd > 0)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return mean;
  // Work in the lower tail: q = 1 − p is exact for p ≥ ½.
  const q = p < 0.5 ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(q));
  let z = -(
    t -
    (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)))
  );
  // Φ(z) − q, as ½ − q − ½·P(½, z²/2) near the centre (½ − q is exact there) and from the tail otherwise.
  const excess =
    q > 0.25
      ? (w: number) => 0.5 - q - 0.5 * incompleteGamma(0.5, 0.5 * w * w)[0]
      : (w: number) => normalLowerTail(w) - q;
  for (let i = 0; i < 20; i++) {
    const u = excess(z) / normalPdf(z);
    const step = u / (1 + (z * u) / 2);
    z -= step;
    if (Math.abs(step) <= 4 * EPS * Math.abs(z)) break;
  }
  return mean + sd * (p < 0.5 ? z : -z);
}

/** Lower tail `P(T ≤ t)` of Student's t for t ≤ 0: ½·I_x(ν/2, ½) with x = ν / (ν + t²). */
function tLowerTail(t: number, df: number, lnBeta = logBeta(df / 2, 0.5)): number {
  const t2 = t * t;
  if (t2 === Number.POSITIVE_INFINITY || t2 / df > 1e300) {
    // |t| beyond 1e150: the tail is c·|t|^(−ν), computed in logs.
    return Math.exp(-lnBeta + ((df - 2) / 2) * Math.log(df) - df * Math.log(-t));
  }
  return 0.5 * incompleteBeta(df / (df + t2), df / 2, 0.5, t2 / (df + t2), lnBeta)[0];
}

/** Density of Student's t with ν degrees of freedom (`lnBeta` = ln B(ν/2, ½)). */
function tPdf(t: number, df: number, lnBeta: number): number {
  return Math.exp(-lnBeta - 0.5 * Math.log(df) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * Student's t cumulative distribution function `P(T ≤ t)` with `df` degrees of freedom (normal when `df` is
 * Infinity).
 *
 * @param t - the quantile
 * @param df - degrees of freedom, > 0 (need not be an integer)
 * @returns the probability, NaN for invalid arguments
 * @example
 * tCdf(-2.0638985616280205, 24); // => 0.025 (up to rounding)
 */
export function tCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (df === Number.POSITIVE_INFINITY) return normalCdf(t);
  if (t === Number.NEGATIVE_INFINITY) return 0;
  if (t === Number.POSITIVE_INFINITY) return 1;
  return t <= 0 ? tLowerTail(t, df) : 1 - tLowerTail(-t, df);
}

/**
 * Student's t quantile: the t with `P(T ≤ t) = p`, `df` degrees of freedom. Closed forms for 1 and 2 degrees of
 * freedom; otherwise a Cornish–Fisher or tail start and safeguarded Newton steps on ln P in ln |t|.
 *
 * @param p - the probability, in [0, 1]
 * @param df - degrees of freedom, > 0 (need not be an integer)
 * @returns the quantile (−Infinity at 0, Infinity at 1), NaN for invalid arguments
 * @example
 * tQuantile(0.975, 24); // => 2.0638985616280205 (up to rounding)
 */
export function tQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1) || !(df > 0)) return Number.NaN;
  if (df === Number.POSITIVE_INFINITY) return normalQuantile(p);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  const q = p < 0.5 ? p : 1 - p;
  const t = lowerTQuantile(q, df);
  return p < 0.5 ? t : -t;
}

/** `P(t ≤ T ≤ 0)` for t ≤ 0: ½·I_y(½, ν/2) with y = t² / (ν + t²), precise where the tail is close to ½. */
function tCentralMass(t: number, df: number, lnBeta: number): number {
  const t2 = t * t;
  return 0.5 * incompleteBeta(t2 / (df + t2), 0.5, df / 2, df / (df + t2), lnBeta)[0];
}

/**
 * The t ≤ 0 with P(T ≤ t) = q, for 0 < q < ½: Newton steps in s = ln |t| on g(s) = ln M(s) − ln m, kept inside a
 * bracket. M is the lower tail P(T ≤ −e^s) with m = q (decreasing in s), or, for q > ¼, the central mass
 * P(−e^s ≤ T ≤ 0) with m = ½ − q (increasing; exact for such q), so that neither loses digits to cancellation.
 */
function lowerTQuantile(q: number, df: number): number {
  if (df === 1) return q < 0.25 ? -1 / Math.tan(Math.PI * q) : Math.tan(Math.PI * (q - 0.5));
  if (df === 2) return (2 * q - 1) / Math.sqrt(2 * q * (1 - q));
  const central = q > 0.25;
  const lnBeta = logBeta(df / 2, 0.5);
  const mass = central
    ? (t: number) => tCentralMass(t, df, lnBeta)
    : (t: number) => tLowerTail(t, df, lnBeta);
  const sign = central ? 1 : -1;
  const lnTarget = Math.log(central ? 0.5 - q : q);
  // Start: Cornish–Fisher around the normal quantile where it is good (many degrees of freedom, or not far in the
  // tail), else the polynomial tail c·|t|^(−ν).
  const z = normalQuantile(q);
  const z2 = z * z;
  const g1 = (z2 + 1) * z * 0.25;
  const g2 = ((5 * z2 + 16) * z2 + 3) * z * (1 / 96);
  const g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z * (1 / 384);
  const cornishFisher = z + g1 / df + g2 / (df * df) + g3 / (df * df * df);
  const tail = (-lnBeta + ((df - 2) / 2) * Math.log(df) - Math.log(q)) / df;
  let s = cornishFisher < 0 && (central || z2 < 2 * df) ? Math.log(-cornishFisher) : tail;
  // sign·g(s) is increasing in s; `below` and `above` bracket the root once an iterate has landed on each side.
  let below = Number.NEGATIVE_INFINITY;
  let above = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 200; i++) {
    const t = -Math.exp(s);
    const m = mass(t);
    const gs = Math.log(m) - lnTarget;
    if (gs === 0) break;
    if (sign * gs > 0) above = s;
    else below = s;
    // dM/ds = sign · f(t)·|t|, so dg/ds = sign · f(t)·|t| / M.
    const slope = (sign * tPdf(t, df, lnBeta) * -t) / m;
    let next = s - gs / slope;
    if (!(next > below && next < above)) {
      next =
        Number.isFinite(below) && Number.isFinite(above)
          ? 0.5 * (below + above)
          : sign * gs > 0
            ? s - 1
            : s + 1;
    }
    const tolerance = 2 * EPS * Math.max(1, Math.abs(next));
    const moved = Math.abs(next - s);
    s = next;
    if (moved <= tolerance || above - below <= tolerance) break;
  }
  return -Math.exp(s);
}

/**
 * F cumulative distribution function `P(F ≤ x)` with `d1` and `d2` degrees of freedom.
 *
 * @param x - the quantile
 * @param d1 - numerator degrees of freedom, > 0
 * @param d2 - denominator degrees of freedom, > 0
 * @returns the probability, NaN for invalid arguments
 * @example
 * fCdf(3, 2, 20); // => 0.9274618497135943 (up to rounding)
 */
export function fCdf(x: number, d1: number, d2: number): number {
  if (Number.isNaN(x) || !(d1 > 0) || !(d2 > 0)) return Number.NaN;
  if (x <= 0) return 0;
  if (x === Number.POSITIVE_INFINITY) return 1;
  const z = d1 * x;
  return incompleteBeta(z / (z + d2), d1 / 2, d2 / 2, d2 / (z + d2))[0];
}

/** Upper tail `P(F ≥ x)`, computed directly. */
function fUpper(x: number, d1: number, d2: number): number {
  if (x <= 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  const z = d1 * x;
  return incompleteBeta(z / (z + d2), d1 / 2, d2 / 2, d2 / (z + d2))[1];
}

/**
 * Chi-square cumulative distribution function `P(X ≤ x)` with `k` degrees of freedom.
 *
 * @param x - the quantile
 * @param k - degrees of freedom, > 0
 * @returns the probability, NaN for invalid arguments
 * @example
 * chisqCdf(3.841458820694124, 1); // => 0.95 (up to rounding)
 */
export function chisqCdf(x: number, k: number): number {
  if (Number.isNaN(x) || !(k > 0)) return Number.NaN;
  return incompleteGamma(k / 2, Math.max(0, x) / 2)[0];
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Two-sided p-value of a t statistic with `df` degrees of freedom (normal when `df` is `null`). */
export function twoSidedP(stat: number | null, df: number | null): number | null {
  if (stat === null || !Number.isFinite(stat)) return null;
  if (df !== null && !(df > 0)) return null;
  // The lower tail at −|t| keeps precision for tiny p-values (1 − cdf(|t|) would round to 0).
  const a = -Math.abs(stat);
  const tail = df === null ? normalCdf(a) : tCdf(a, df);
  return finite(Math.min(1, 2 * tail));
}

/** The two-sided critical value for coverage `level` (t with `df`, or normal when `df` is `null`). */
export function criticalValue(level: number, df: number | null): number | null {
  if (df !== null && !(df > 0)) return null;
  const q = 1 - (1 - level) / 2;
  return finite(df === null ? normalQuantile(q) : tQuantile(q, df));
}

/** Upper-tail p-value of an F statistic. */
export function fUpperP(stat: number | null, df1: number, df2: number): number | null {
  if (stat === null || !Number.isFinite(stat) || !(df1 > 0) || !(df2 > 0)) return null;
  return finite(fUpper(stat, df1, df2));
}

/** Upper-tail p-value of a chi-square statistic. */
export function chisqUpperP(stat: number | null, df: number): number | null {
  if (stat === null || !Number.isFinite(stat) || !(df > 0)) return null;
  return finite(incompleteGamma(df / 2, Math.max(0, stat) / 2)[1]);
}
