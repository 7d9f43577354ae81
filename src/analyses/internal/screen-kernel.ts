/**
 * The numeric core of `screen`: the seasonal log-linear baseline (`seasonalTrend`'s model) fitted to many series at
 * once, plus the statistics of each series' post-period excess.
 *
 * Series that share the same usable fit-window months share one design matrix, so its Householder QR is computed
 * once (cached by the month mask) and every such series costs a triangular solve. Everything is typed arrays; no
 * object per series.
 *
 * {@link screenKernel} is self-contained — it references nothing outside its own body — so its source can be sent
 * to worker threads as is (`screen-workers.ts`). Keep it that way: no imports inside, no module-level helpers.
 *
 * @module
 */

/** Fields written per series into {@link KernelInput.out}, in this order. */
export const OUT = {
  /** Mean of the observed fit-window values (zeros included), NaN if none. */
  preMean: 0,
  /** Positive months used in the fit. */
  fitN: 1,
  /** Post-period months with a value (zeros included). */
  postN: 2,
  /** Sum of the post-period values. */
  actual: 3,
  /** Sum of the expected values over the same months. */
  expected: 4,
  /** Positive post-period months (the ones the log excess uses). */
  k: 5,
  /** Mean log excess over the positive post months, against the OLS path (`seasonalTrend`'s expected values). */
  rbar: 6,
  /** Residual degrees of freedom of the fit, n − 13. */
  df: 7,
  /** OLS residual variance of the log fit (rss / df). */
  s2: 8,
  /** Flag bits, see {@link FLAG}. */
  flags: 9,
  /**
   * Largest absolute deviation of an OLS log residual of the fit window from their median, over 1.4826 × their
   * median absolute deviation (a robust z: the outliers themselves do not inflate the scale).
   */
  maxRes: 10,
  /** Fields per series. */
  size: 11,
} as const;

/** Flag bits of {@link OUT.flags}. */
export const FLAG = {
  /** Too few positive fit-window months, or a calendar month missing from them: not fitted. */
  fewMonths: 1,
  /** Zero or negative fit-window months dropped from the log fit. */
  zerosInFit: 2,
  /** Post-period months without a value. */
  gapsInPost: 4,
  /** Zero post-period months (in the sums, not in the log excess). */
  zerosInPost: 8,
  /** The design could not identify the 13 parameters. */
  rankDeficient: 16,
  /** Missing (null) fit-window months. */
  gapsInFit: 32,
  /** The log fit is exact (no residual variance): no test. */
  zeroVariance: 64,
} as const;

/** A fit-window design shared by the series with the same usable months (types only: erased from the kernel). */
interface Design {
  readonly n: number;
  /** Calendar indices of the usable months. */
  readonly t: Int32Array<ArrayBufferLike>;
  /** Design rows, n × 13. */
  readonly x: Float64Array<ArrayBufferLike>;
  /** The pseudo-inverse (X'X)⁻¹X', P × n. */
  readonly pinv: Float64Array<ArrayBufferLike>;
  /** R⁻¹, 13 × 13. */
  readonly rinv: Float64Array<ArrayBufferLike>;
  /** Whether the 13 parameters are identified. */
  readonly ok: boolean;
  /** Design rows and leverages of the post months. */
  readonly post: Float64Array<ArrayBufferLike>;
  readonly lev: Float64Array<ArrayBufferLike>;
  /** Column of each row's month dummy (2..12; 0 for January, the reference month). */
  readonly mcol: Int32Array<ArrayBufferLike>;
  /** The GLS pieces per ρ node, computed on first use. */
  gls: GlsDesign | undefined;
}

/**
 * The GLS pieces of a design at every ρ node (G nodes): the AR(1) whitening of each row (φⱼ = ρ^δⱼ and
 * 1/√(1 − φⱼ²), δⱼ the months since the previous usable month), R̃⁻¹ of the whitened design, the REML constant
 * κ = −½ log|R_ρ| − log|R̃| and R̃⁻ᵀ x_L (x_L the last fit month's row).
 */
interface GlsDesign {
  readonly phi: Float64Array<ArrayBufferLike>;
  readonly sc: Float64Array<ArrayBufferLike>;
  readonly rinv: Float64Array<ArrayBufferLike>;
  readonly kappa: Float64Array<ArrayBufferLike>;
  readonly dl: Float64Array<ArrayBufferLike>;
  readonly ok: Uint8Array<ArrayBufferLike>;
  /** Whether the usable months are consecutive (every δⱼ = 1): then the whitening has a closed form in ρ. */
  readonly regular: boolean;
  /**
   * For series whose every post month is positive (the common case): per node, λ = S₂/k, R̃⁻ᵀc and the variance
   * factor (S₁ − S₂²)/k² + ‖R̃⁻ᵀc‖².
   */
  readonly flam: Float64Array<ArrayBufferLike>;
  readonly fd: Float64Array<ArrayBufferLike>;
  readonly fv: Float64Array<ArrayBufferLike>;
}

/** What the kernel reads and where it writes. */
export interface KernelInput {
  /** Values, series-major, `n × T`; NaN where a value is null. */
  readonly Y: Float64Array;
  /** Periods per series (the common monthly calendar). */
  readonly T: number;
  /** Calendar month (0 = January) of calendar index 0. */
  readonly month0: number;
  /** Fit window and post window, calendar indices, inclusive. */
  readonly fitFrom: number;
  readonly fitTo: number;
  readonly postFrom: number;
  readonly postTo: number;
  /** 0: lognormal mean (`seasonalTrend`'s default point), 1: median (exp of the log forecast). */
  readonly point: 0 | 1;
  /** Fewest positive fit-window months to fit (at least 15 = parameters + 2). */
  readonly minMonths: number;
  /** The AR(1) coefficients of the ρ grid (G nodes, each in (−1, 1)). */
  readonly rhos: Float64Array;
  /** Series range to process, `[begin, end)`. */
  readonly begin: number;
  readonly end: number;
  /** Output, `n × OUT.size`. */
  readonly out: Float64Array;
  /**
   * Output per ρ node, `n × 2G`: the REML log-likelihood of ρ (up to a constant common to the series' design) at
   * the G nodes, then the t statistic of the post-period mean log excess at each node. NaN where not defined.
   */
  readonly stats: Float64Array;
}

/**
 * Fit the seasonal log-linear model to series `begin..end-1` and write their screen statistics to `out` and
 * `stats`. Self-contained (see the module note). O(series × months × (13 + G)) plus, per distinct fit-window mask,
 * one QR and G whitened QRs.
 *
 * Per series and ρ node: with e the OLS log residuals (GLS residuals and the prediction error are invariant to
 * adding Xγ to the data, so the GLS step runs on e, small numbers), the whitened residuals ẽ = L e
 * (Prais–Winsten with gaps: ẽ₀ = e₀, ẽⱼ = (eⱼ − φⱼ eⱼ₋₁)/√(1 − φⱼ²)), the GLS correction γ = (X'PX)⁻¹X'Pe with
 * P = L'L tridiagonal and X sparse (intercept, trend, one dummy), RSS = ẽ'ẽ − ‖R̃⁻ᵀX'Pe‖², the REML
 * log-likelihood κ − (n − 13)/2 · log RSS, and the best linear unbiased predictor of the post months (the GLS path
 * plus ρ^(t − t_L) times the last fit residual): its mean prediction error over the k positive post months
 *
 *   d̄ = r̄ − (S₂/k) ê_L − c'γ,  c = c̄ − (S₂/k) x_L,  S₂ = Σₜ ρ^(t − t_L),
 *
 * has variance σ² [(S₁ − S₂²)/k² + c'(X'PX)⁻¹c] with S₁ = Σₛₜ ρ^|s−t|, and σ² is estimated by RSS/(n − 13);
 * the ratio is the t statistic.
 */
export function screenKernel(input: KernelInput): void {
  const P = 13;
  const SIZE = 11;
  const Y = input.Y;
  const T = input.T;
  const out = input.out;
  const stats = input.stats;
  const rhos = input.rhos;
  const G = rhos.length;
  const a = input.fitFrom;
  const b = input.fitTo;
  const W = b - a + 1;
  const c0 = input.postFrom;
  const c1 = input.postTo;
  const cache = new Map<string, Design>();
  const idx = new Int32Array(Math.max(W, 1));
  const chars = new Array<number>(Math.ceil(Math.max(W, 1) / 16));
  const y = new Float64Array(Math.max(W, 1));
  const e = new Float64Array(Math.max(W, 1));
  const ew = new Float64Array(Math.max(W, 1));
  const srt = new Float64Array(Math.max(W, 1));
  const beta = new Float64Array(P);
  const row = new Float64Array(P);
  const cbar = new Float64Array(P);
  const gx = new Float64Array(P);
  const z = new Float64Array(P);
  const s0 = new Float64Array(P);
  const s1v = new Float64Array(P);
  const mv = new Float64Array(P);
  const postT = new Int32Array(Math.max(c1 - c0 + 1, 1));
  // ρ^m for every node and every lag the windows can hold.
  const M = Math.max(c1 - a + 1, 1);
  const pw = new Float64Array(G * (M + 1));
  for (let g = 0; g < G; g++) {
    pw[g * (M + 1)] = 1;
    for (let m = 1; m <= M; m++) pw[g * (M + 1) + m] = pw[g * (M + 1) + m - 1]! * rhos[g]!;
  }

  const fillRow = (t: number, origin: number, r: Float64Array, o: number): void => {
    r[o] = 1;
    r[o + 1] = t - origin;
    const m = ((((input.month0 + t) % 12) + 12) % 12) + 1;
    for (let k = 2; k <= 12; k++) r[o + k] = m === k ? 1 : 0;
  };

  // Householder QR of A (n × P, row-major, overwritten); writes R (P × P). Returns whether A has full rank.
  const householder = (A: Float64Array, n: number, R: Float64Array): boolean => {
    const vk = new Float64Array(n);
    for (let k = 0; k < P; k++) {
      let norm = 0;
      for (let i = k; i < n; i++) norm += A[i * P + k]! * A[i * P + k]!;
      norm = Math.sqrt(norm);
      const akk = A[k * P + k]!;
      const alpha = akk > 0 ? -norm : norm;
      let vn = 0;
      for (let i = k; i < n; i++) {
        const vi = i === k ? akk - alpha : A[i * P + k]!;
        vk[i] = vi;
        vn += vi * vi;
      }
      const tk = vn > 0 ? 2 / vn : 0;
      for (let j = k + 1; j < P; j++) {
        let w = 0;
        for (let i = k; i < n; i++) w += vk[i]! * A[i * P + j]!;
        w *= tk;
        for (let i = k; i < n; i++) A[i * P + j] = A[i * P + j]! - w * vk[i]!;
      }
      R[k * P + k] = vn > 0 ? alpha : akk;
      for (let j = k + 1; j < P; j++) R[k * P + j] = A[k * P + j]!;
    }
    let maxDiag = 0;
    for (let k = 0; k < P; k++) maxDiag = Math.max(maxDiag, Math.abs(R[k * P + k]!));
    let ok = maxDiag > 0;
    for (let k = 0; k < P; k++) if (!(Math.abs(R[k * P + k]!) > 1e-10 * maxDiag)) ok = false;
    return ok;
  };

  // R⁻¹ (upper triangular), row-major, into rinv at offset o.
  const invertUpper = (R: Float64Array, rinv: Float64Array, o: number): void => {
    for (let j = P - 1; j >= 0; j--) {
      rinv[o + j * P + j] = 1 / R[j * P + j]!;
      for (let i = j - 1; i >= 0; i--) {
        let s = 0;
        for (let k = i + 1; k <= j; k++) s += R[i * P + k]! * rinv[o + k * P + j]!;
        rinv[o + i * P + j] = -s / R[i * P + i]!;
      }
    }
  };

  const decompose = (n: number, t: Int32Array): Design => {
    const x = new Float64Array(n * P);
    for (let j = 0; j < n; j++) fillRow(t[j]!, t[0]!, x, j * P);
    const R = new Float64Array(P * P);
    const ok = householder(Float64Array.from(x), n, R);
    const rinv = new Float64Array(P * P);
    if (ok) invertUpper(R, rinv, 0);
    const H = Math.max(c1 - c0 + 1, 1);
    // Design rows and leverages of the post months, computed once per design.
    const post = new Float64Array(H * P);
    const lev = new Float64Array(H);
    if (ok) {
      for (let h = 0; h < c1 - c0 + 1; h++) {
        fillRow(c0 + h, t[0]!, post, h * P);
        for (let q = 0; q < P; q++) row[q] = post[h * P + q]!;
        lev[h] = quad(rinv, row);
      }
    }
    const mcol = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      const m = ((((input.month0 + t[j]!) % 12) + 12) % 12) + 1;
      mcol[j] = m === 1 ? 0 : m;
    }
    // (X'X)⁻¹X' = R⁻¹R⁻ᵀX', column by column (P × n).
    const pinv = new Float64Array(P * n);
    if (ok) {
      for (let j = 0; j < n; j++) {
        for (let q = 0; q < P; q++) {
          let s = 0;
          for (let i = 0; i <= q; i++) s += rinv[i * P + q]! * x[j * P + i]!;
          row[q] = s;
        }
        for (let q = 0; q < P; q++) {
          let s = 0;
          for (let i = q; i < P; i++) s += rinv[q * P + i]! * row[i]!;
          pinv[q * n + j] = s;
        }
      }
    }
    return { n, t: Int32Array.from(t.subarray(0, n)), x, pinv, rinv, ok, post, lev, mcol, gls: undefined };
  };

  // The design's GLS pieces at every node.
  const glsOf = (d: Design): GlsDesign => {
    const n = d.n;
    const phi = new Float64Array(G * n);
    const sc = new Float64Array(G * n);
    const rinv = new Float64Array(G * P * P);
    const kappa = new Float64Array(G);
    const dl = new Float64Array(G * P);
    const okg = new Uint8Array(G);
    const flam = new Float64Array(G);
    const fd = new Float64Array(G * P);
    const fv = new Float64Array(G);
    const A = new Float64Array(n * P);
    const R = new Float64Array(P * P);
    const inv1 = new Float64Array(P * P);
    for (let g = 0; g < G; g++) {
      const o = g * n;
      let logdet = 0;
      for (let q = 0; q < P; q++) A[q] = d.x[q]!;
      sc[o] = 1;
      for (let j = 1; j < n; j++) {
        const f = pw[g * (M + 1) + d.t[j]! - d.t[j - 1]!]!;
        const one = 1 - f * f;
        phi[o + j] = f;
        sc[o + j] = 1 / Math.sqrt(one);
        logdet += Math.log(one);
        for (let q = 0; q < P; q++) A[j * P + q] = sc[o + j]! * (d.x[j * P + q]! - f * d.x[(j - 1) * P + q]!);
      }
      const ok = householder(A, n, R);
      okg[g] = ok ? 1 : 0;
      if (!ok) continue;
      invertUpper(R, inv1, 0);
      // Stored transposed (R̃⁻ᵀ, lower triangular, row-major) so the per-series products run contiguously.
      for (let r = 0; r < P; r++) for (let q = 0; q < P; q++) rinv[g * P * P + q * P + r] = inv1[r * P + q]!;
      let logR = 0;
      for (let k = 0; k < P; k++) logR += Math.log(Math.abs(R[k * P + k]!));
      kappa[g] = -0.5 * logdet - logR;
      // R̃⁻ᵀ x_L
      const ri = g * P * P;
      const xl = (n - 1) * P;
      for (let q = 0; q < P; q++) {
        let s = 0;
        for (let i = 0; i <= q; i++) s += rinv[ri + q * P + i]! * d.x[xl + i]!;
        dl[g * P + q] = s;
      }
      // The full post window c0..c1 (consecutive months).
      const H = c1 - c0 + 1;
      if (H <= 0) continue;
      for (let q = 0; q < P; q++) {
        let s = 0;
        for (let h = 0; h < H; h++) s += d.post[h * P + q]!;
        row[q] = s / H;
      }
      const po = g * (M + 1);
      let s1 = H;
      let acc = 0;
      let s2 = 0;
      for (let h = 0; h < H; h++) {
        if (h > 0) {
          acc = rhos[g]! * (1 + acc);
          s1 += 2 * acc;
        }
        s2 += pw[po + c0 + h - d.t[n - 1]!]!;
      }
      const lam = s2 / H;
      let dd = 0;
      for (let q = 0; q < P; q++) {
        let s = 0;
        for (let r = 0; r <= q; r++) s += rinv[ri + q * P + r]! * row[r]!;
        const dq = s - lam * dl[g * P + q]!;
        fd[g * P + q] = dq;
        dd += dq * dq;
      }
      flam[g] = lam;
      fv[g] = (s1 - s2 * s2) / (H * H) + dd;
    }
    let regular = true;
    for (let j = 1; j < n; j++) if (d.t[j] !== d.t[j - 1]! + 1) regular = false;
    return { phi, sc, rinv, kappa, dl, ok: okg, regular, flam, fd, fv };
  };

  // ‖R⁻ᵀ r‖² = r'(X'X)⁻¹r
  const quad = (rinv: Float64Array, r: Float64Array): number => {
    let h = 0;
    for (let j = 0; j < P; j++) {
      let s = 0;
      for (let i = 0; i <= j; i++) s += rinv[i * P + j]! * r[i]!;
      h += s * s;
    }
    return h;
  };

  // Median of xs[0..n): insertion sort into `srt` (n is a few dozen months).
  const median = (xs: Float64Array, n: number): number => {
    for (let j = 0; j < n; j++) {
      const v = xs[j]!;
      let q = j - 1;
      while (q >= 0 && srt[q]! > v) {
        srt[q + 1] = srt[q]!;
        q--;
      }
      srt[q + 1] = v;
    }
    const h = n >> 1;
    return n % 2 === 1 ? srt[h]! : (srt[h - 1]! + srt[h]!) / 2;
  };

  const sameMask = (t: Int32Array, n: number): boolean => {
    for (let j = 0; j < n; j++) if (t[j] !== idx[j]) return false;
    return true;
  };
  let last: Design | undefined;

  for (let i = input.begin; i < input.end; i++) {
    const base = i * T;
    const o = i * SIZE;
    const so = i * 2 * G;
    stats.fill(Number.NaN, so, so + 2 * G);
    let flags = 0;
    // Fit window: observed values, positive months.
    let sum = 0;
    let obs = 0;
    let n = 0;
    for (let t = a; t <= b; t++) {
      const val = Y[base + t]!;
      if (Number.isNaN(val)) {
        if (obs > 0) flags |= 32;
        continue;
      }
      sum += val;
      obs++;
      if (val > 0) {
        idx[n] = t;
        y[n] = Math.log(val);
        n++;
      } else flags |= 2;
    }
    out[o] = obs > 0 ? sum / obs : Number.NaN;
    out[o + 1] = n;
    // Post window: sums over months with a value.
    let postN = 0;
    let actual = 0;
    let k = 0;
    for (let t = c0; t <= c1; t++) {
      const val = Y[base + t]!;
      if (Number.isNaN(val)) {
        flags |= 4;
        continue;
      }
      postN++;
      actual += val;
      if (val > 0) postT[k++] = t;
      else flags |= 8;
    }
    out[o + 2] = postN;
    out[o + 3] = actual;
    out[o + 5] = k;
    out[o + 4] = Number.NaN;
    out[o + 6] = Number.NaN;
    out[o + 7] = Number.NaN;
    out[o + 8] = Number.NaN;
    out[o + 10] = Number.NaN;
    // Every calendar month must be among the fit months (the model has a dummy per month).
    let months = 0;
    for (let j = 0; j < n; j++) months |= 1 << ((((input.month0 + idx[j]!) % 12) + 12) % 12);
    if (n < Math.max(input.minMonths, P + 2) || months !== 0xfff) {
      out[o + 9] = flags | 1;
      continue;
    }
    // The design depends only on which months are usable: share its QR (the previous series' mask first, then a
    // cache keyed by the mask bits).
    let d = last;
    if (d === undefined || d.n !== n || d.t[0] !== idx[0] || d.t[n - 1] !== idx[n - 1] || !sameMask(d.t, n)) {
      for (let q = 0; q < chars.length; q++) chars[q] = 0;
      for (let j = 0; j < n; j++) {
        const bit = idx[j]! - a;
        chars[bit >> 4] = chars[bit >> 4]! | (1 << (bit & 15));
      }
      const key = String.fromCharCode(...chars);
      d = cache.get(key);
      if (d === undefined) {
        // Each design holds G whitened factorisations (~50 kB at G = 26, n = 37): bound the cache.
        if (cache.size >= 512) cache.clear();
        d = decompose(n, idx);
        cache.set(key, d);
      }
      last = d;
    }
    if (!d.ok) {
      out[o + 9] = flags | 1 | 16;
      continue;
    }
    // β = (X'X)⁻¹X'y through the design's pseudo-inverse; fitted values from the sparse rows.
    const pinv = d.pinv;
    for (let q = 0; q < P; q++) {
      let acc = 0;
      const po = q * n;
      for (let j = 0; j < n; j++) acc += pinv[po + j]! * y[j]!;
      beta[q] = acc;
    }
    const mcol = d.mcol;
    const t0 = d.t[0]!;
    const b0 = beta[0]!;
    const b1 = beta[1]!;
    let rss = 0;
    let yy = 0;
    for (let j = 0; j < n; j++) {
      const mc = mcol[j]!;
      const f = b0 + b1 * (d.t[j]! - t0) + (mc === 0 ? 0 : beta[mc]!);
      const r = y[j]! - f;
      e[j] = r;
      rss += r * r;
      yy += y[j]! * y[j]!;
    }
    const df = n - P;
    const s2 = rss / df;
    out[o + 7] = df;
    out[o + 8] = s2;
    {
      const med = median(e, n);
      let maxAbs = 0;
      for (let j = 0; j < n; j++) {
        ew[j] = Math.abs(e[j]! - med);
        maxAbs = Math.max(maxAbs, ew[j]!);
      }
      out[o + 10] = maxAbs / (1.4826 * median(ew, n));
    }
    // Post months: expected values and the mean log excess against the OLS path.
    let expected = 0;
    let rsum = 0;
    cbar.fill(0);
    for (let t = c0; t <= c1; t++) {
      const val = Y[base + t]!;
      if (Number.isNaN(val)) continue;
      const m = ((((input.month0 + t) % 12) + 12) % 12) + 1;
      const mu = b0 + b1 * (t - t0) + (m === 1 ? 0 : beta[m]!);
      const h = d.lev[t - c0]!;
      expected += Math.exp(input.point === 0 ? mu + 0.5 * s2 * (1 + h) : mu);
      if (val > 0) {
        rsum += Math.log(val) - mu;
        cbar[0] = cbar[0]! + 1;
        cbar[1] = cbar[1]! + (t - t0);
        if (m !== 1) cbar[m] = cbar[m]! + 1;
      }
    }
    out[o + 4] = expected;
    if (!(rss > 1e-24 * yy)) {
      out[o + 9] = flags | 64;
      continue;
    }
    out[o + 9] = flags;
    if (k === 0) continue;
    const rbar = rsum / k;
    out[o + 6] = rbar;
    for (let q = 0; q < P; q++) cbar[q] = cbar[q]! / k;
    // GLS at every ρ node.
    if (d.gls === undefined) d.gls = glsOf(d);
    const gl = d.gls;
    const eL = e[n - 1]!;
    const tL = d.t[n - 1]!;
    const full = k === c1 - c0 + 1;
    const regular = gl.regular;
    const rinv = gl.rinv;
    // Consecutive months: ẽ'ẽ and X'Pe are quadratic in ρ over 1 − ρ², from sums taken once per series.
    const e0 = e[0]!;
    let see = 0;
    let lag = 0;
    if (regular) {
      s0.fill(0);
      s1v.fill(0);
      mv.fill(0);
      see = e0 * e0;
      for (let j = 1; j < n; j++) {
        const ej = e[j]!;
        const ep = e[j - 1]!;
        see += ej * ej;
        lag += ej * ep;
        // S0 = Σⱼ≥1 xⱼ eⱼ, S1 = Σⱼ≥1 xⱼ₋₁ eⱼ₋₁, M = Σⱼ≥1 (xⱼ eⱼ₋₁ + xⱼ₋₁ eⱼ); x = (1, j, dummy).
        s0[0] = s0[0]! + ej;
        s0[1] = s0[1]! + j * ej;
        s1v[0] = s1v[0]! + ep;
        s1v[1] = s1v[1]! + (j - 1) * ep;
        mv[0] = mv[0]! + ep + ej;
        mv[1] = mv[1]! + j * ep + (j - 1) * ej;
        const mj = mcol[j]!;
        const mp = mcol[j - 1]!;
        if (mj !== 0) {
          s0[mj] = s0[mj]! + ej;
          mv[mj] = mv[mj]! + ep;
        }
        if (mp !== 0) {
          s1v[mp] = s1v[mp]! + ep;
          mv[mp] = mv[mp]! + ej;
        }
      }
    }
    const m0 = mcol[0]!;
    for (let g = 0; g < G; g++) {
      if (gl.ok[g] === 0) continue;
      const rho = rhos[g]!;
      let ee = 0;
      if (regular) {
        const inv = 1 / (1 - rho * rho);
        ee = e0 * e0 + (see - e0 * e0 - 2 * rho * lag + rho * rho * (see - eL * eL)) * inv;
        const r2 = rho * rho;
        for (let q = 0; q < P; q++) gx[q] = (s0[q]! - rho * mv[q]! + r2 * s1v[q]!) * inv;
        gx[0] = gx[0]! + e0;
        if (m0 !== 0) gx[m0] = gx[m0]! + e0;
      } else {
        // ẽ = L e, then X'Pe = X'L'ẽ with X's rows sparse: intercept, trend, one month dummy.
        const go = g * n;
        const sc = gl.sc;
        const phi = gl.phi;
        ew[0] = e0;
        ee = e0 * e0;
        for (let j = 1; j < n; j++) {
          const v = sc[go + j]! * (e[j]! - phi[go + j]! * e[j - 1]!);
          ew[j] = v;
          ee += v * v;
        }
        gx.fill(0);
        for (let j = 0; j < n; j++) {
          let w = sc[go + j]! * ew[j]!;
          if (j + 1 < n) w -= phi[go + j + 1]! * sc[go + j + 1]! * ew[j + 1]!;
          gx[0] = gx[0]! + w;
          gx[1] = gx[1]! + (d.t[j]! - t0) * w;
          const mc = mcol[j]!;
          if (mc !== 0) gx[mc] = gx[mc]! + w;
        }
      }
      // z = R̃⁻ᵀ X'Pe; RSS = ẽ'ẽ − ‖z‖².
      const ri = g * P * P;
      let zz = 0;
      for (let q = 0; q < P; q++) {
        let s = 0;
        for (let r = 0; r <= q; r++) s += rinv[ri + q * P + r]! * gx[r]!;
        z[q] = s;
        zz += s * s;
      }
      const rssg = Math.max(ee - zz, 1e-300);
      let lam = 0;
      let dz = 0;
      let v = 0;
      if (full) {
        lam = gl.flam[g]!;
        for (let q = 0; q < P; q++) dz += gl.fd[g * P + q]! * z[q]!;
        v = gl.fv[g]!;
      } else {
        // S₁ = Σₛₜ ρ^|s−t| by the recursion Aⱼ = ρ^(tⱼ − tⱼ₋₁)(1 + Aⱼ₋₁); S₂ = Σₜ ρ^(t − t_L).
        const po = g * (M + 1);
        let s1 = k;
        let acc = 0;
        let s2g = pw[po + postT[0]! - tL]!;
        for (let j = 1; j < k; j++) {
          acc = pw[po + postT[j]! - postT[j - 1]!]! * (1 + acc);
          s1 += 2 * acc;
          s2g += pw[po + postT[j]! - tL]!;
        }
        lam = s2g / k;
        // d = R̃⁻ᵀ c with c = c̄ − λ x_L.
        let dd = 0;
        for (let q = 0; q < P; q++) {
          let s = 0;
          for (let r = 0; r <= q; r++) s += rinv[ri + q * P + r]! * cbar[r]!;
          const dq = s - lam * gl.dl[g * P + q]!;
          dz += dq * z[q]!;
          dd += dq * dq;
        }
        v = (s1 - s2g * s2g) / (k * k) + dd;
      }
      const pred = rbar - lam * eL - dz;
      stats[so + g] = gl.kappa[g]! - 0.5 * df * Math.log(rssg);
      stats[so + G + g] = pred / Math.sqrt((rssg / df) * v);
    }
  }
}
