import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * A seeded source of random variates for simulated paths. Same seed, same sequence, on every platform
 * (pure-rand's xoroshiro128+ is integer arithmetic only).
 */
export interface Rng {
  /** Uniform on (0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** Chi-square with `df` > 0 degrees of freedom. */
  chiSquare(df: number): number;
  /** Integer uniform on [0, n). */
  int(n: number): number;
}

/**
 * Create a seeded {@link Rng}.
 *
 * Uniforms take one 32-bit output of xoroshiro128+ each, centred in its cell so they lie strictly inside (0, 1)
 * (32 bits bound |z| by 6.7, ample for Monte-Carlo bands); normals come from Marsaglia's polar method (no
 * trigonometry); chi-square variates from Marsaglia and Tsang's (2000) gamma sampler — the distribution functions
 * (inference/distributions.ts) give quantiles but no random variates, and a quantile inversion per draw would be two
 * orders of magnitude slower in the hot path.
 *
 * @param seed - any safe integer
 */
export function createRng(seed: number): Rng {
  const gen = xoroshiro128plus(seed);
  // Small seeds (1, 2, …) start xoroshiro128+ in a low-entropy state; discard a burn-in.
  for (let i = 0; i < 32; i++) gen.next();
  let spare = 0;
  let hasSpare = false;
  const uniform = (): number => ((gen.next() >>> 0) + 0.5) * 2.3283064365386963e-10;
  const normal = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * f;
    hasSpare = true;
    return u * f;
  };
  const gamma = (shape: number): number => {
    if (shape < 1) {
      return gamma(shape + 1) * uniform() ** (1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  };
  return {
    uniform,
    normal,
    chiSquare: (df: number) => 2 * gamma(df / 2),
    int: (n: number) => Math.min(n - 1, Math.floor(uniform() * n)),
  };
}
