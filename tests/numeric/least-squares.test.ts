import { describe, expect, it } from 'vitest';
import { InsufficientDataError } from '../../src/errors.js';
import {
  clusterMeat,
  fitOls,
  gramInverse,
  hcMeat,
  qrLeastSquares,
  sandwich,
  waldForm,
} from '../../src/numeric/least-squares.js';
import { createRng } from '../../src/numeric/rng.js';

/** Inverse of a small dense matrix (row-major) by Gauss–Jordan with partial pivoting: an independent check. */
function invert(a: number[][]): number[][] {
  const n = a.length;
  const m = a.map((r, i) => [...r, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
    [m[c], m[piv]] = [m[piv]!, m[c]!];
    const d = m[c]![c]!;
    for (let j = 0; j < 2 * n; j++) m[c]![j]! /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      for (let j = 0; j < 2 * n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return m.map((r) => r.slice(n));
}

function design(n: number, seed: number): { columns: Float64Array[]; y: Float64Array } {
  const rng = createRng(seed);
  const columns = [
    new Float64Array(n).fill(1),
    Float64Array.from({ length: n }, (_, i) => i / n),
    Float64Array.from({ length: n }, () => rng.normal()),
  ];
  const y = Float64Array.from(
    { length: n },
    (_, i) => 1 + 2 * columns[1]![i]! - columns[2]![i]! + rng.normal(),
  );
  return { columns, y };
}

const gram = (cols: readonly Float64Array[], w: Float64Array | null = null): number[][] =>
  cols.map((a) => cols.map((b) => a.reduce((s, v, i) => s + (w === null ? 1 : w[i]!) * v * b[i]!, 0)));

describe('qrLeastSquares', () => {
  it('solves the normal equations and gives (XᵀX)⁻¹ as R⁻¹R⁻ᵀ', () => {
    const { columns, y } = design(40, 3);
    const fit = qrLeastSquares(columns, y);
    expect(fit.rank).toBe(3);
    const inv = invert(gram(columns));
    const xty = columns.map((c) => c.reduce((s, v, i) => s + v * y[i]!, 0));
    const beta = inv.map((r) => r.reduce((s, v, j) => s + v * xty[j]!, 0));
    for (let j = 0; j < 3; j++) expect(fit.beta[j]).toBeCloseTo(beta[j]!, 12);
    const bread = gramInverse(fit);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) expect(bread[i * 3 + j]).toBeCloseTo(inv[i]![j]!, 12);
    // Residuals are orthogonal to every column, and the SSR is their sum of squares.
    for (const c of columns)
      expect(Math.abs(c.reduce((s, v, i) => s + v * fit.residuals[i]!, 0))).toBeLessThan(1e-12);
    expect(fit.ssr).toBeCloseTo(
      fit.residuals.reduce((s, r) => s + r * r, 0),
      12,
    );
  });

  it('drops a column that repeats earlier ones, like lm(): the kept ones fit as without it', () => {
    const { columns, y } = design(30, 4);
    const dup = Float64Array.from(columns[0]!, (v, i) => 2 * v - 3 * columns[1]![i]!);
    const fit = qrLeastSquares([columns[0]!, columns[1]!, dup, columns[2]!], y, { tolerance: 1e-9 });
    expect(fit.rank).toBe(3);
    expect(fit.kept).toEqual([0, 1, 3]);
    expect(fit.keptMask).toEqual([true, true, false, true]);
    const plain = qrLeastSquares(columns, y);
    for (let j = 0; j < 3; j++) expect(fit.beta[j]).toBeCloseTo(plain.beta[j]!, 10);
    expect(fit.ssr).toBeCloseTo(plain.ssr, 10);
  });

  it('weights: the fit minimises Σ w r², residuals on the original scale', () => {
    const { columns, y } = design(25, 5);
    const w = Float64Array.from({ length: 25 }, (_, i) => 0.5 + (i % 4));
    const fit = qrLeastSquares(columns, y, { weights: w });
    const inv = invert(gram(columns, w));
    const xty = columns.map((c) => c.reduce((s, v, i) => s + w[i]! * v * y[i]!, 0));
    for (let j = 0; j < 3; j++)
      expect(fit.beta[j]).toBeCloseTo(
        inv[j]!.reduce((s, v, k) => s + v * xty[k]!, 0),
        12,
      );
    for (let i = 0; i < 25; i++) {
      const f = columns.reduce((s, c, j) => s + c[i]! * fit.beta[j]!, 0);
      expect(fit.residuals[i]).toBeCloseTo(y[i]! - f, 12);
    }
  });
});

describe('sandwiches', () => {
  const { columns, y } = design(24, 6);
  const fit = qrLeastSquares(columns, y);
  const bread = gramInverse(fit);

  it('HC0 equals (XᵀX)⁻¹ Σ eᵢ² xᵢxᵢᵀ (XᵀX)⁻¹ written out', () => {
    const meat = hcMeat(fit, columns);
    const m = columns.map((a) =>
      columns.map((b) => a.reduce((s, v, i) => s + fit.residuals[i]! ** 2 * v * b[i]!, 0)),
    );
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) expect(meat[a * 3 + b]).toBeCloseTo(m[a]![b]!, 12);
    const v = sandwich(bread, meat, 3);
    const inv = invert(gram(columns));
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) {
        let s = 0;
        for (let c = 0; c < 3; c++) for (let d = 0; d < 3; d++) s += inv[a]![c]! * m[c]![d]! * inv[d]![b]!;
        expect(v[a * 3 + b]).toBeCloseTo(s, 12);
      }
  });

  it('cluster meat is the sum of outer products of the cluster scores; one observation a cluster is HC0', () => {
    const codes = Int32Array.from({ length: 24 }, (_, i) => i % 4);
    const meat = clusterMeat(fit, columns, codes, 4);
    const scores = [0, 1, 2, 3].map((g) =>
      columns.map((c) => c.reduce((s, v, i) => s + (codes[i] === g ? v * fit.residuals[i]! : 0), 0)),
    );
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++)
        expect(meat[a * 3 + b]).toBeCloseTo(
          scores.reduce((s, sc) => s + sc[a]! * sc[b]!, 0),
          12,
        );
    const each = clusterMeat(
      fit,
      columns,
      Int32Array.from({ length: 24 }, (_, i) => i),
      24,
    );
    const hc = hcMeat(fit, columns);
    for (let k = 0; k < 9; k++) expect(each[k]).toBeCloseTo(hc[k]!, 12);
  });
});

describe('waldForm', () => {
  it('is bᵀV⁻¹b for a regular V', () => {
    const v = Float64Array.of(4, 1, 1, 3);
    const inv = invert([
      [4, 1],
      [1, 3],
    ]);
    const b = [1, -2];
    const want = b.reduce((s, bi, i) => s + bi * b.reduce((t, bj, j) => t + inv[i]![j]! * bj, 0), 0);
    expect(waldForm(v, b, 2)).toBeCloseTo(want, 12);
  });

  it('is null for a covariance singular but for rounding (rank 2 of 3, built as a sum of outer products)', () => {
    const s1 = [0.3, -1.1, 0.7];
    const s2 = [1.9, 0.2, -0.4];
    const v = new Float64Array(9);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) v[i * 3 + j] = s1[i]! * s1[j]! + (s2[i]! * s2[j]!) / 7;
    expect(waldForm(v, [1, 2, 3], 3)).toBeNull();
  });
});

describe('fitOls', () => {
  it('throws a typed error for a rank-deficient design and for n ≤ p', () => {
    const x = Float64Array.of(1, 2, 1, 2, 1, 2);
    expect(() => fitOls('demo', x, Float64Array.of(1, 2, 3), 3, 2)).toThrow(InsufficientDataError);
    expect(() => fitOls('demo', Float64Array.of(1, 2), Float64Array.of(1), 1, 2)).toThrow(
      /more observations/,
    );
  });

  it('agrees with qrLeastSquares and its s is √(SSR / (n − p))', () => {
    const { columns, y } = design(20, 8);
    const x = new Float64Array(60);
    for (let i = 0; i < 20; i++) for (let j = 0; j < 3; j++) x[i * 3 + j] = columns[j]![i]!;
    const a = fitOls('demo', x, y, 20, 3);
    const b = qrLeastSquares(columns, y);
    expect(Array.from(a.beta)).toEqual(Array.from(b.beta));
    expect(a.s).toBeCloseTo(Math.sqrt(b.ssr / 17), 14);
  });
});
