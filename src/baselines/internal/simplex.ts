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

/**
 * Largest eigenvalue of a symmetric k × k matrix (row-major), by the cyclic Jacobi method (Golub & Van Loan,
 * Algorithm 8.5.3) on a copy: plane rotations zero each off-diagonal entry in turn until the off-diagonal mass is
 * below 1e-15 of the Frobenius norm (quadratic convergence; k is the number of donors, a few dozen at most), and the
 * diagonal then holds the eigenvalues. `g` is not modified.
 */
export function largestEigenvalue(g: Float64Array, k: number): number {
  const a = Float64Array.from(g.subarray(0, k * k));
  let norm = 0;
  for (let i = 0; i < k * k; i++) norm += a[i]! * a[i]!;
  const tolerance = norm * 1e-30;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) off += 2 * a[p * k + q]! * a[p * k + q]!;
    if (!(off > tolerance)) break;
    for (let p = 0; p < k - 1; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = a[p * k + q]!;
        if (apq === 0) continue;
        // The rotation (c, s) that zeroes a[p][q]: t = tan θ, the smaller root of t² + 2τt − 1 = 0.
        const tau = (a[q * k + q]! - a[p * k + p]!) / (2 * apq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        // A ← JᵀAJ: columns p and q, then rows p and q.
        for (let i = 0; i < k; i++) {
          const aip = a[i * k + p]!;
          const aiq = a[i * k + q]!;
          a[i * k + p] = c * aip - s * aiq;
          a[i * k + q] = s * aip + c * aiq;
        }
        for (let j = 0; j < k; j++) {
          const apj = a[p * k + j]!;
          const aqj = a[q * k + j]!;
          a[p * k + j] = c * apj - s * aqj;
          a[q * k + j] = s * apj + c * aqj;
        }
        a[p * k + q] = 0;
        a[q * k + p] = 0;
      }
    }
  }
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < k; i++) max = Math.max(max, a[i * k + i]!);
  return max;
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
