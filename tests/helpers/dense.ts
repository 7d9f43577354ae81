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

/**
 * The textbook CR2 (Bell & McCaffrey 2002) standard error and Bell–McCaffrey degrees of freedom of the contrast
 * c'β in OLS of Y on X: the full hat matrix, (I − H_gg)^(−1/2) per cluster by eigendecomposition (pseudo-inverse
 * on directions with eigenvalue 0, e.g. fixed effects nested within clusters), df = (tr Q)² / tr(Q²).
 */
export function textbookCr2(
  X: M,
  Y: M,
  contrast: readonly number[],
  clusters: readonly (readonly number[])[],
): { estimate: number; se: number; df: number } {
  const n = X.length;
  const XtXi = inverse(mul(tr(X), X));
  const H = mul(mul(X, XtXi), tr(X));
  const IH = H.map((row, i) => row.map((v, j) => (i === j ? 1 : 0) - v));
  const e = mul(IH, Y).map((row) => row[0]!);
  const aRow = mul([[...contrast]], mul(XtXi, tr(X)))[0]!;
  const estimate = aRow.reduce((s, a, i) => s + a * Y[i]![0]!, 0);
  let V = 0;
  const Gcols: number[][] = [];
  for (const idx of clusters) {
    const B = idx.length;
    const { values, vectors } = eigen(idx.map((i) => idx.map((j) => IH[i]![j]!)));
    const A = zeros(B, B);
    values.forEach((lam, m) => {
      if (lam < 1e-10) return;
      for (let i = 0; i < B; i++)
        for (let j = 0; j < B; j++) A[i]![j]! += (vectors[i]![m]! * vectors[j]![m]!) / Math.sqrt(lam);
    });
    const bg = A.map((row) => row.reduce((s, v, j) => s + v * aRow[idx[j]!]!, 0));
    V += bg.reduce((s, b, j) => s + b * e[idx[j]!]!, 0) ** 2;
    Gcols.push(Array.from({ length: n }, (_, i) => idx.reduce((s, c, j) => s + IH[i]![c]! * bg[j]!, 0)));
  }
  const Q = Gcols.map((a) => Gcols.map((b) => a.reduce((s, v, i) => s + v * b[i]!, 0)));
  const trace = Q.reduce((s, row, i) => s + row[i]!, 0);
  const frob = Q.reduce((s, row) => s + row.reduce((t, v) => t + v * v, 0), 0);
  return { estimate, se: Math.sqrt(V), df: (trace * trace) / frob };
}
