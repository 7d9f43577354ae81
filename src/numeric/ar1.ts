/**
 * The one AR(1) simulation of the library: the error paths of the baselines' predictive simulations and of the
 * tests' synthetic series.
 *
 * Internal: not part of the public API.
 *
 * @module
 */
import type { Rng } from './rng.js';

/** Where a simulated AR(1) path starts from: a known value at a time, and the (ascending) times to simulate. */
export interface Ar1Start {
  /** The error at `time`. */
  readonly value: number;
  readonly time: number;
  /** Times of the values to draw, after `time`; gaps are exact (ρ^d over d steps). */
  readonly times: ArrayLike<number>;
}

/**
 * Draw an AR(1) path with coefficient `rho` (|ρ| < 1) and marginal standard deviation `sd` into
 * out[offset .. offset + length), one standard normal of `rng` a value, in order.
 *
 * Without `from` the path is stationary at unit steps: e₀ = sd·z₀, e_k = ρ e_{k−1} + sd √(1 − ρ²) z_k. With
 * `from` it continues a known value: over a step of d periods e_k = ρ^d e_{k−1} + sd √(1 − ρ^{2d}) z_k, starting
 * from `from.value` at `from.time`.
 *
 * @example
 * const out = new Float64Array(3);
 * simulateAr1(0, 2, { normal: () => 1, uniform: () => 0.5, chiSquare: () => 1, int: () => 0 }, out, 0, 3);
 * Array.from(out); // => [2, 2, 2]
 */
export function simulateAr1(
  rho: number,
  sd: number,
  rng: Rng,
  out: Float64Array,
  offset: number,
  length: number,
  from?: Ar1Start,
): void {
  if (from === undefined) {
    if (length <= 0) return;
    const innov = sd * Math.sqrt(Math.max(0, 1 - rho * rho));
    let e = sd * rng.normal();
    out[offset] = e;
    for (let k = 1; k < length; k++) {
      e = rho * e + innov * rng.normal();
      out[offset + k] = e;
    }
    return;
  }
  let e = from.value;
  let prev = from.time;
  for (let k = 0; k < length; k++) {
    const t = from.times[k]!;
    const phi = rho ** (t - prev);
    e = phi * e + sd * Math.sqrt(Math.max(0, 1 - phi * phi)) * rng.normal();
    prev = t;
    out[offset + k] = e;
  }
}
