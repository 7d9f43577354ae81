/**
 * CR2 (Bell & McCaffrey 2002) covariance of linear contrasts of the slope coefficients of a two-way fixed-effects
 * regression on a balanced panel clustered by unit, with Bell–McCaffrey degrees of freedom for each contrast and the
 * HTZ degrees of freedom (Pustejovsky & Tipton 2018) for a joint Wald test. Used by `eventStudy`. Internal.
 *
 * @module
 */

import { symmetricEigen } from './hdfe.js';
import type { LinearFit } from './linear.js';

/** CR2 inference for a set of contrasts. Internal. */
export interface Cr2Contrasts {
  /** CR2 covariance of the contrasts (row-major m × m). */
  readonly cov: Float64Array;
  /** Bell–McCaffrey degrees of freedom of each contrast. */
  readonly df: readonly number[];
  /**
   * HTZ degrees of freedom η of the joint test of the contrasts `indices` (Hotelling T² approximation): the
   * statistic (η − q + 1)/(η q) · W is referred to F(q, η − q + 1). `null` when Ω is singular.
   */
  htz(indices: readonly number[]): number | null;
}

/**
 * CR2 covariance and small-sample degrees of freedom of the contrasts cᵀβ (each c over all regressors of `fit`,
 * zero on dropped ones) of a two-way fixed-effects model y = a_unit + b_period + Xβ + e on a balanced panel clustered
 * by unit.
 *
 * On a balanced panel of N units and T periods the fixed-effect annihilator is M = (I_N − J_N/N) ⊗ P with
 * P = I_T − J_T/T, so the block of I − H for unit g is B_g = (1 − 1/N)·P − X̃_g A⁻¹ X̃_gᵀ with A = X̃ᵀX̃, and its
 * off-diagonal blocks are −P/N − X̃_g A⁻¹ X̃_hᵀ. With a = X̃A⁻¹c the contrast is aᵀy; CR2 rescales each unit's part by
 * W_g = B_g^{+½} (pseudo-inverse square root on the range of P, by eigen-decomposition, cached by `unitKey`: units with
 * the same regressor rows share B_g), p_g = W_g a_g, and V = Σ_g (p_gᵀu_g)(p_gᵀu_g)ᵀ. Under the working model
 * (independent homoskedastic errors) each entry of V is a quadratic form in the errors whose moments follow from
 * Q^{st}_{gh} = p_sgᵀ (I − H)_{gh} p_th = (δ_gh − 1/N) p_sgᵀp_th − (X̃_gᵀp_sg)ᵀ A⁻¹ (X̃_hᵀp_th): the Bell–McCaffrey df of
 * contrast s is (tr Q^{ss})² / ‖Q^{ss}‖², and HTZ's η = q(q + 1) / Σ_{s,t} Var(D̃_st) for the contrasts standardised by
 * Ω = E(V) (Var(D_st) = Σ_{g,h} Q^{ts}_{gh} Q^{ts}_{hg} + Q^{ss}_{gh} Q^{tt}_{gh}).
 *
 * Returns `null` when the panel is not balanced, a cluster is not exactly one unit, or a contrast has zero variance
 * under the working model.
 *
 * @param fit - the fitted model (its `xTilde`, `bread`, `kept`, `resid`)
 * @param unitCodes - unit code of each row, 0..N−1
 * @param periodCodes - period code of each row, 0..T−1
 * @param clusterCodes - cluster code of each row
 * @param contrasts - one vector per contrast, over all regressors of `fit`
 * @param unitKey - a key per unit code: units with equal keys must have equal regressor rows
 * @example
 * // See tests/inference/event-study-cr2.test.ts for a check against the explicit-dummy textbook computation.
 * cr2Contrasts.length; // => 6
 */
export function cr2Contrasts(
  fit: LinearFit,
  unitCodes: Int32Array,
  periodCodes: Int32Array,
  clusterCodes: Int32Array,
  contrasts: readonly Float64Array[],
  unitKey: readonly string[],
): Cr2Contrasts | null {
  const n = fit.resid.length;
  let N = 0;
  let T = 0;
  for (let i = 0; i < n; i++) {
    N = Math.max(N, unitCodes[i]! + 1);
    T = Math.max(T, periodCodes[i]! + 1);
  }
  if (N < 2 || T < 2 || n !== N * T || unitKey.length !== N) return null;
  const K = fit.kept.length;
  if (K === 0) return null;
  const cellOf = new Int32Array(n);
  const seen = new Uint8Array(N * T);
  const clusterOfUnit = new Int32Array(N).fill(-1);
  const unitOfCluster = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const g = unitCodes[i]!;
    const cell = g * T + periodCodes[i]!;
    if (seen[cell]) return null;
    seen[cell] = 1;
    cellOf[i] = cell;
    const c = clusterCodes[i]!;
    if (clusterOfUnit[g] === -1) clusterOfUnit[g] = c;
    else if (clusterOfUnit[g] !== c) return null;
    const prev = unitOfCluster.get(c);
    if (prev === undefined) unitOfCluster.set(c, g);
    else if (prev !== g) return null;
  }
  // Dense layouts: X̃ as [cell][K], residuals as [cell].
  const X = new Float64Array(N * T * K);
  const u = new Float64Array(N * T);
  for (let i = 0; i < n; i++) {
    const cell = cellOf[i]!;
    u[cell] = fit.resid[i]!;
    for (let j = 0; j < K; j++) X[cell * K + j] = fit.xTilde[fit.kept[j]!]![i]!;
  }
  const Ainv = fit.bread;
  const lambda0 = 1 - 1 / N;
  // W_g by unit key.
  const wCache = new Map<string, Float64Array>();
  const W = (g: number): Float64Array | null => {
    const key = unitKey[g]!;
    const hit = wCache.get(key);
    if (hit !== undefined) return hit;
    const B = new Float64Array(T * T);
    const xa = new Float64Array(T * K); // X̃_g A⁻¹
    for (let t = 0; t < T; t++)
      for (let j = 0; j < K; j++) {
        let s = 0;
        for (let l = 0; l < K; l++) s += X[(g * T + t) * K + l]! * Ainv[l * K + j]!;
        xa[t * K + j] = s;
      }
    for (let t = 0; t < T; t++)
      for (let r = t; r < T; r++) {
        let s = 0;
        for (let j = 0; j < K; j++) s += xa[t * K + j]! * X[(g * T + r) * K + j]!;
        const v = lambda0 * ((t === r ? 1 : 0) - 1 / T) - s;
        B[t * T + r] = v;
        B[r * T + t] = v;
      }
    const { values, vectors } = symmetricEigen(B, T);
    const top = Math.max(...values);
    const out = new Float64Array(T * T);
    values.forEach((lam, m) => {
      if (!(lam > 1e-10 * Math.max(top, 1e-300))) return;
      const f = 1 / Math.sqrt(lam);
      for (let t = 0; t < T; t++)
        for (let r = 0; r < T; r++) out[t * T + r]! += f * vectors[t * T + m]! * vectors[r * T + m]!;
    });
    wCache.set(key, out);
    return out;
  };
  const m = contrasts.length;
  // Per contrast: p_s (N·T), h_s = X̃_gᵀp_sg (N·K), r_s = A⁻¹h_sg (N·K).
  const P: Float64Array[] = [];
  const Hs: Float64Array[] = [];
  const Rs: Float64Array[] = [];
  const cov = new Float64Array(m * m);
  const scores: Float64Array[] = [];
  for (const c of contrasts) {
    const ck = Float64Array.from(fit.kept, (j) => c[j] ?? 0);
    const d = new Float64Array(K);
    for (let a = 0; a < K; a++) {
      let s = 0;
      for (let b = 0; b < K; b++) s += Ainv[a * K + b]! * ck[b]!;
      d[a] = s;
    }
    const a = new Float64Array(N * T);
    for (let cell = 0; cell < N * T; cell++) {
      let s = 0;
      for (let j = 0; j < K; j++) s += X[cell * K + j]! * d[j]!;
      a[cell] = s;
    }
    const p = new Float64Array(N * T);
    const h = new Float64Array(N * K);
    const r = new Float64Array(N * K);
    const score = new Float64Array(N);
    for (let g = 0; g < N; g++) {
      const w = W(g);
      if (w === null) return null;
      for (let t = 0; t < T; t++) {
        let s = 0;
        for (let q = 0; q < T; q++) s += w[t * T + q]! * a[g * T + q]!;
        p[g * T + t] = s;
      }
      let sc = 0;
      for (let t = 0; t < T; t++) sc += p[g * T + t]! * u[g * T + t]!;
      score[g] = sc;
      for (let j = 0; j < K; j++) {
        let s = 0;
        for (let t = 0; t < T; t++) s += X[(g * T + t) * K + j]! * p[g * T + t]!;
        h[g * K + j] = s;
      }
      for (let j = 0; j < K; j++) {
        let s = 0;
        for (let l = 0; l < K; l++) s += Ainv[j * K + l]! * h[g * K + l]!;
        r[g * K + j] = s;
      }
    }
    P.push(p);
    Hs.push(h);
    Rs.push(r);
    scores.push(score);
  }
  for (let s = 0; s < m; s++)
    for (let t = s; t < m; t++) {
      let v = 0;
      for (let g = 0; g < N; g++) v += scores[s]![g]! * scores[t]![g]!;
      cov[s * m + t] = v;
      cov[t * m + s] = v;
    }
  // Q^{st} as N × N (row-major), computed on demand.
  const qCache = new Map<string, Float64Array>();
  const Q = (s: number, t: number): Float64Array => {
    const key = `${s}:${t}`;
    const hit = qCache.get(key);
    if (hit !== undefined) return hit;
    const ps = P[s]!;
    const pt = P[t]!;
    const hs = Hs[s]!;
    const rt = Rs[t]!;
    const out = new Float64Array(N * N);
    // Σ_g p_sg summed over units, for the −1/N term: (δ_gh − 1/N) p_sgᵀp_th.
    for (let g = 0; g < N; g++)
      for (let k = 0; k < N; k++) {
        let pp = 0;
        for (let x = 0; x < T; x++) pp += ps[g * T + x]! * pt[k * T + x]!;
        let hr = 0;
        for (let j = 0; j < K; j++) hr += hs[g * K + j]! * rt[k * K + j]!;
        out[g * N + k] = ((g === k ? 1 : 0) - 1 / N) * pp - hr;
      }
    qCache.set(key, out);
    return out;
  };
  const df = contrasts.map((_, s) => {
    const q = Q(s, s);
    let tr = 0;
    let tr2 = 0;
    for (let g = 0; g < N; g++) {
      tr += q[g * N + g]!;
      for (let k = 0; k < N; k++) tr2 += q[g * N + k]! ** 2;
    }
    const v = (tr * tr) / tr2;
    return Number.isFinite(v) && v > 0 ? v : Number.NaN;
  });
  if (df.some((v) => Number.isNaN(v))) return null;
  const htz = (indices: readonly number[]): number | null => {
    const q = indices.length;
    if (q === 0) return null;
    // Ω = E(V) under the working model, and its inverse square root.
    const omega = new Float64Array(q * q);
    for (let a = 0; a < q; a++)
      for (let b = 0; b < q; b++) {
        const x = Q(indices[a]!, indices[b]!);
        let s = 0;
        for (let g = 0; g < N; g++) s += x[g * N + g]!;
        omega[a * q + b] = s;
      }
    const { values, vectors } = symmetricEigen(omega, q);
    const top = Math.max(...values);
    if (!values.every((v) => v > 1e-12 * Math.max(top, 1e-300))) return null;
    const oi = new Float64Array(q * q);
    for (let a = 0; a < q; a++)
      for (let b = 0; b < q; b++) {
        let s = 0;
        for (let e = 0; e < q; e++) s += (vectors[a * q + e]! * vectors[b * q + e]!) / Math.sqrt(values[e]!);
        oi[a * q + b] = s;
      }
    // Standardised Q̃^{st} = Σ_{a,b} Ω^{−½}_{sa} Ω^{−½}_{tb} Q^{ab}.
    const raw: Float64Array[][] = indices.map((a) => indices.map((b) => Q(a, b)));
    const tilde: Float64Array[][] = [];
    for (let s = 0; s < q; s++) {
      const row: Float64Array[] = [];
      for (let t = 0; t < q; t++) {
        const out = new Float64Array(N * N);
        for (let a = 0; a < q; a++)
          for (let b = 0; b < q; b++) {
            const f = oi[s * q + a]! * oi[t * q + b]!;
            if (f === 0) continue;
            const x = raw[a]![b]!;
            for (let z = 0; z < N * N; z++) out[z]! += f * x[z]!;
          }
        row.push(out);
      }
      tilde.push(row);
    }
    let total = 0;
    for (let s = 0; s < q; s++)
      for (let t = 0; t < q; t++) {
        const ts = tilde[t]![s]!;
        const ss = tilde[s]![s]!;
        const tt = tilde[t]![t]!;
        let v = 0;
        for (let g = 0; g < N; g++)
          for (let k = 0; k < N; k++) v += ts[g * N + k]! * ts[k * N + g]! + ss[g * N + k]! * tt[g * N + k]!;
        total += v;
      }
    const eta = (q * (q + 1)) / total;
    return Number.isFinite(eta) && eta > 0 ? eta : null;
  };
  return { cov, df, htz };
}
