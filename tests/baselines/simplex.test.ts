import { describe, expect, it } from 'vitest';
import { largestEigenvalue, simplexLeastSquares } from '../../src/baselines/internal/simplex.js';

describe('largestEigenvalue (cyclic Jacobi, plain arrays)', () => {
  it('gives the known largest eigenvalue of small symmetric matrices', () => {
    expect(largestEigenvalue(Float64Array.of(2, 1, 1, 2), 2)).toBeCloseTo(3, 14);
    expect(largestEigenvalue(Float64Array.of(5), 1)).toBe(5);
    // [[4,1,0],[1,3,1],[0,1,2]]: eigenvalues 3 and 3 ± √3.
    expect(largestEigenvalue(Float64Array.of(4, 1, 0, 1, 3, 1, 0, 1, 2), 3)).toBeCloseTo(
      3 + Math.sqrt(3),
      13,
    );
    // A rank-one Gram matrix vvᵀ has ‖v‖² as its only non-zero eigenvalue.
    const v = [1, 2, 3, 4];
    const g = Float64Array.from({ length: 16 }, (_, i) => v[Math.floor(i / 4)]! * v[i % 4]!);
    expect(largestEigenvalue(g, 4)).toBeCloseTo(30, 12);
  });

  it('leaves its input unchanged', () => {
    const g = Float64Array.of(2, 1, 1, 2);
    largestEigenvalue(g, 2);
    expect([...g]).toEqual([2, 1, 1, 2]);
  });

  it('steps the simplex fit so that it recovers exact weights', () => {
    // Target = 0.25·d1 + 0.75·d2 on three rows: G = DᵀD, c = Dᵀy.
    const d = [
      [1, 0],
      [0, 1],
      [1, 1],
    ];
    const y = d.map(([a, b]) => 0.25 * a! + 0.75 * b!);
    const g = new Float64Array(4);
    const c = new Float64Array(2);
    for (let i = 0; i < 3; i++)
      for (let a = 0; a < 2; a++) {
        c[a] = c[a]! + d[i]![a]! * y[i]!;
        for (let b = 0; b < 2; b++) g[a * 2 + b] = g[a * 2 + b]! + d[i]![a]! * d[i]![b]!;
      }
    const w = simplexLeastSquares(g, c, 2, largestEigenvalue(g, 2));
    expect(w[0]).toBeCloseTo(0.25, 8);
    expect(w[1]).toBeCloseTo(0.75, 8);
  });
});
