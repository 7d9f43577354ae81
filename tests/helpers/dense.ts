/**
 * Dense-matrix reference arithmetic for tests that check closed-form estimators against the textbook computation
 * (explicit dummies, the full hat matrix): product, transpose, Gauss–Jordan inverse, and a symmetric
 * eigendecomposition by cyclic Jacobi rotations. Slow and simple on purpose; never used by src/.
 */
export type M = number[][];
export const zeros = (r: number, c: number): M =>
  Array.from({ length: r }, () => new Array<number>(c).fill(0));
export const mul = (a: M, b: M): M =>
  a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
export const tr = (a: M): M => a[0]!.map((_, j) => a.map((row) => row[j]!));
export function inverse(a: M): M {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const d = m[c]![c]!;
    for (let j = 0; j < 2 * n; j++) m[c]![j]! /= d;
    for (let r = 0; r < n; r++)
      if (r !== c) {
        const f = m[r]![c]!;
        for (let j = 0; j < 2 * n; j++) m[r]![j]! -= f * m[c]![j]!;
      }
  }
  return m.map((row) => row.slice(n));
}
/** Symmetric eigendecomposition by cyclic Jacobi rotations. */
export function eigen(a: M): { values: number[]; vectors: M } {
  const n = a.length;
  const A = a.map((r) => [...r]);
  const V: M = zeros(n, n).map((r, i) => r.map((_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p]![q]! ** 2;
    if (off < 1e-24) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(A[p]![q]!) < 1e-300) continue;
        const theta = (A[q]![q]! - A[p]![p]!) / (2 * A[p]![q]!);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k]![p]!;
          const akq = A[k]![q]!;
          A[k]![p] = c * akp - s * akq;
          A[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p]![k]!;
          const aqk = A[q]![k]!;
          A[p]![k] = c * apk - s * aqk;
          A[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k]![p]!;
          const vkq = V[k]![q]!;
          V[k]![p] = c * vkp - s * vkq;
          V[k]![q] = s * vkp + c * vkq;
        }
      }
  }
  return { values: A.map((r, i) => r[i]!), vectors: V };
}
