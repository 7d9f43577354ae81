import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/**
 * Euclidean projection of v onto the probability simplex {w ≥ 0, Σw = 1}, in place (Duchi et al. 2008, sort-based,
 * O(k log k)).
 */
export function projectSimplex(v: Float64Array): void {
  const k = v.length;
  const u = Float64Array.from(v).sort().reverse();
  let cum = 0;
  let theta = 0;
  for (let j = 0; j < k; j++) {
    cum += u[j]!;
    const t = (cum - 1) / (j + 1);
    if (u[j]! - t > 0) theta = t;
  }
  for (let j = 0; j < k; j++) v[j] = Math.max(0, v[j]! - theta);
}

/** Largest eigenvalue of a symmetric k × k matrix (row-major), by ml-matrix's eigendecomposition. */
export function largestEigenvalue(g: Float64Array, k: number): number {
  const m = new Matrix(k, k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) m.set(i, j, g[i * k + j]!);
  const values = new EigenvalueDecomposition(m, { assumeSymmetric: true }).realEigenvalues;
  return Math.max(...values);
}

/**
 * Minimise ½‖y − Dw‖² over the simplex by accelerated projected gradient (FISTA with adaptive restart; Beck and
 * Teboulle 2009, O'Donoghue and Candès 2015). Works on the Gram matrix G = DᵀD and c = Dᵀy; `lipschitz` is the
 * largest eigenvalue of G (or an upper bound). Stops when no weight moves by more than 1e-13 or after 50,000
 * iterations. Deterministic.
 */
export function simplexLeastSquares(
  g: Float64Array,
  c: Float64Array,
  k: number,
  lipschitz: number,
  start?: Float64Array,
): Float64Array {
  const w = start ? Float64Array.from(start) : new Float64Array(k).fill(1 / k);
  projectSimplex(w);
  if (!(lipschitz > 0)) return w;
  const step = 1 / lipschitz;
  const yv = Float64Array.from(w);
  const prev = new Float64Array(k);
  const grad = new Float64Array(k);
  let t = 1;
  const objective = (x: Float64Array): number => {
    let f = 0;
    for (let i = 0; i < k; i++) {
      let gi = 0;
      for (let j = 0; j < k; j++) gi += g[i * k + j]! * x[j]!;
      f += 0.5 * x[i]! * gi - c[i]! * x[i]!;
    }
    return f;
  };
  let fPrev = objective(w);
  let restarted = false;
  for (let iter = 0; iter < 50_000; iter++) {
    for (let i = 0; i < k; i++) {
      let gi = -c[i]!;
      for (let j = 0; j < k; j++) gi += g[i * k + j]! * yv[j]!;
      grad[i] = gi;
    }
    prev.set(w);
    for (let i = 0; i < k; i++) w[i] = yv[i]! - step * grad[i]!;
    projectSimplex(w);
    const f = objective(w);
    let moved = 0;
    for (let i = 0; i < k; i++) moved = Math.max(moved, Math.abs(w[i]! - prev[i]!));
    if (f > fPrev) {
      // Adaptive restart: the objective went up, so go back and take a plain projected-gradient step. A plain step
      // cannot go up except by rounding at the optimum, so a second restart in a row means convergence.
      if (restarted) {
        w.set(prev);
        break;
      }
      restarted = true;
      t = 1;
      w.set(prev);
      yv.set(prev);
      continue;
    }
    restarted = false;
    fPrev = f;
    if (moved < 1e-13) break;
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    const beta = (t - 1) / tNext;
    for (let i = 0; i < k; i++) yv[i] = w[i]! + beta * (w[i]! - prev[i]!);
    t = tNext;
  }
  return w;
}
