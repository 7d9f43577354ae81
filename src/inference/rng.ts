/**
 * A small seeded pseudo-random number generator (xoshiro128**, seeded through splitmix32) so that every
 * resampling result in `inference/` reproduces exactly for a seed, on every platform and Node version.
 *
 * Internal: not part of the public API.
 *
 * @module
 */

/** A seeded uniform generator. `next()` is in [0, 1); `int(n)` is an integer in [0, n). */
export interface Rng {
  /** A uniform draw in [0, 1) with 32 bits of randomness. */
  next(): number;
  /** A uniform integer in [0, n), for n ≥ 1. */
  int(n: number): number;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Create a generator from an integer seed (any finite number; it is truncated to 32 bits).
 *
 * @example
 * const r = createRng(42); r.next(); // => the same number on every run
 */
export function createRng(seed: number): Rng {
  const sm = splitmix32(Math.trunc(seed));
  let a = sm();
  let b = sm();
  let c = sm();
  let d = sm();
  if ((a | b | c | d) === 0) a = 1;
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    return result;
  };
  return {
    next: () => nextU32() / 4294967296,
    int: (n: number) => Math.floor((nextU32() / 4294967296) * n),
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
