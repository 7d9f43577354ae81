import { describe, expect, it } from 'vitest';
import { simulateAr1 } from '../../src/numeric/ar1.js';
import { createRng, type Rng } from '../../src/numeric/rng.js';

const zeros: Rng = { uniform: () => 0.5, normal: () => 0, chiSquare: () => 1, int: () => 0 };

describe('simulateAr1', () => {
  it('is stationary with marginal sd and lag-1 autocorrelation ρ', () => {
    const n = 200_000;
    const out = new Float64Array(n);
    simulateAr1(0.7, 2, createRng(11), out, 0, n);
    let m = 0;
    for (const v of out) m += v / n;
    let v0 = 0;
    let v1 = 0;
    for (let i = 0; i < n; i++) {
      v0 += (out[i]! - m) ** 2 / n;
      if (i > 0) v1 += ((out[i]! - m) * (out[i - 1]! - m)) / n;
    }
    expect(Math.sqrt(v0)).toBeCloseTo(2, 1);
    expect(v1 / v0).toBeCloseTo(0.7, 2);
  });

  it('continues a known value over gaps exactly: the mean decays as ρ^d', () => {
    const out = new Float64Array(3);
    simulateAr1(0.5, 1, zeros, out, 0, 3, { value: 8, time: 10, times: [11, 13, 16] });
    expect(Array.from(out)).toEqual([4, 1, 0.125]);
  });

  it('writes only its slice of the output', () => {
    const out = new Float64Array(5).fill(9);
    simulateAr1(0.3, 1, createRng(1), out, 1, 3);
    expect(out[0]).toBe(9);
    expect(out[4]).toBe(9);
    expect(out.slice(1, 4).every((v) => v !== 9)).toBe(true);
  });
});
