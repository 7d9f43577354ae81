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
  /** Mean log excess over the positive post months. */
  rbar: 6,
  /** Median and median absolute deviation of the fit residuals (log scale). */
  med: 7,
  mad: 8,
  /** Lag-1 autocorrelation of the fit residuals, clipped to [0, 0.95]. */
  rho: 9,
  /** Variance factor of the mean log excess: AR(1) term + parameter term (× σ² gives its variance). */
  vf: 10,
  /** Flag bits, see {@link FLAG}. */
  flags: 11,
  /** Fields per series. */
  size: 12,
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
} as const;

/** A fit-window design shared by the series with the same usable months (types only: erased from the kernel). */
interface Design {
  readonly n: number;
  /** Calendar indices of the usable months. */
  readonly t: Int32Array<ArrayBufferLike>;
  /** Design rows, n × 13. */
  readonly x: Float64Array<ArrayBufferLike>;
  /** Householder vectors and factors of its QR. */
  readonly v: Float64Array<ArrayBufferLike>;
  readonly tau: Float64Array<ArrayBufferLike>;
  /** R⁻¹, 13 × 13. */
  readonly rinv: Float64Array<ArrayBufferLike>;
  /** Whether the 13 parameters are identified. */
  readonly ok: boolean;
  /** Design rows and leverages of the post months. */
  readonly post: Float64Array<ArrayBufferLike>;
  readonly lev: Float64Array<ArrayBufferLike>;
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
  /** Series range to process, `[begin, end)`. */
  readonly begin: number;
  readonly end: number;
  /** Output, `n × OUT.size`. */
  readonly out: Float64Array;
}

/**
 * Fit the seasonal log-linear model to series `begin..end-1` and write their screen statistics to `out`.
 * Self-contained (see the module note). O(series × months × 13) plus one QR per distinct fit-window mask.
 */
export function screenKernel(input: KernelInput): void {
  const P = 13;
  const SIZE = 12;
  const Y = input.Y;
  const T = input.T;
  const out = input.out;
  const a = input.fitFrom;
  const b = input.fitTo;
  const W = b - a + 1;
  const c0 = input.postFrom;
  const c1 = input.postTo;
  const cache = new Map<string, Design>();
  const idx = new Int32Array(Math.max(W, 1));
  const chars = new Array<number>(Math.ceil(Math.max(W, 1) / 16));
  const y = new Float64Array(Math.max(W, 1));
  const qty = new Float64Array(Math.max(W, 1));
  const e = new Float64Array(Math.max(W, 1));
  const srt = new Float64Array(Math.max(W, 1));
  const beta = new Float64Array(P);
  const row = new Float64Array(P);
  const cbar = new Float64Array(P);
  const postT = new Int32Array(Math.max(c1 - c0 + 1, 1));
  const pw = new Float64Array(Math.max(c1 - c0 + 1, 1));

  const fillRow = (t: number, origin: number, r: Float64Array, o: number): void => {
    r[o] = 1;
    r[o + 1] = t - origin;
    const m = ((((input.month0 + t) % 12) + 12) % 12) + 1;
    for (let k = 2; k <= 12; k++) r[o + k] = m === k ? 1 : 0;
  };

  const decompose = (n: number, t: Int32Array): Design => {
    const x = new Float64Array(n * P);
    for (let j = 0; j < n; j++) fillRow(t[j]!, t[0]!, x, j * P);
    const A = Float64Array.from(x);
    const v = new Float64Array(n * P);
    const tau = new Float64Array(P);
    const R = new Float64Array(P * P);
    for (let k = 0; k < P; k++) {
      let norm = 0;
      for (let i = k; i < n; i++) norm += A[i * P + k]! * A[i * P + k]!;
      norm = Math.sqrt(norm);
      const akk = A[k * P + k]!;
      const alpha = akk > 0 ? -norm : norm;
      let vn = 0;
      for (let i = k; i < n; i++) {
        const vi = i === k ? akk - alpha : A[i * P + k]!;
        v[i * P + k] = vi;
        vn += vi * vi;
      }
      tau[k] = vn > 0 ? 2 / vn : 0;
      for (let j = k + 1; j < P; j++) {
        let w = 0;
        for (let i = k; i < n; i++) w += v[i * P + k]! * A[i * P + j]!;
        w *= tau[k]!;
        for (let i = k; i < n; i++) A[i * P + j] = A[i * P + j]! - w * v[i * P + k]!;
      }
      R[k * P + k] = vn > 0 ? alpha : akk;
      for (let j = k + 1; j < P; j++) R[k * P + j] = A[k * P + j]!;
    }
    let maxDiag = 0;
    for (let k = 0; k < P; k++) maxDiag = Math.max(maxDiag, Math.abs(R[k * P + k]!));
    let ok = maxDiag > 0;
    for (let k = 0; k < P; k++) if (!(Math.abs(R[k * P + k]!) > 1e-10 * maxDiag)) ok = false;
    // R⁻¹ (upper triangular), row-major.
    const rinv = new Float64Array(P * P);
    if (ok) {
      for (let j = P - 1; j >= 0; j--) {
        rinv[j * P + j] = 1 / R[j * P + j]!;
        for (let i = j - 1; i >= 0; i--) {
          let s = 0;
          for (let k = i + 1; k <= j; k++) s += R[i * P + k]! * rinv[k * P + j]!;
          rinv[i * P + j] = -s / R[i * P + i]!;
        }
      }
    }
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
    return { n, t: Int32Array.from(t.subarray(0, n)), x, v, tau, rinv, ok, post, lev };
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
    out[o + 9] = Number.NaN;
    out[o + 10] = Number.NaN;
    // Every calendar month must be among the fit months (the model has a dummy per month).
    let months = 0;
    for (let j = 0; j < n; j++) months |= 1 << ((((input.month0 + idx[j]!) % 12) + 12) % 12);
    if (n < Math.max(input.minMonths, P + 2) || months !== 0xfff) {
      out[o + 11] = flags | 1;
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
        if (cache.size >= 4096) cache.clear();
        d = decompose(n, idx);
        cache.set(key, d);
      }
      last = d;
    }
    if (!d.ok) {
      out[o + 11] = flags | 1 | 16;
      continue;
    }
    // β = R⁻¹ Qᵀy
    for (let j = 0; j < n; j++) qty[j] = y[j]!;
    for (let kk = 0; kk < P; kk++) {
      let w = 0;
      for (let r = kk; r < n; r++) w += d.v[r * P + kk]! * qty[r]!;
      w *= d.tau[kk]!;
      for (let r = kk; r < n; r++) qty[r] = qty[r]! - w * d.v[r * P + kk]!;
    }
    for (let j = 0; j < P; j++) {
      let s = 0;
      for (let q = j; q < P; q++) s += d.rinv[j * P + q]! * qty[q]!;
      beta[j] = s;
    }
    let rss = 0;
    for (let j = 0; j < n; j++) {
      let f = 0;
      for (let q = 0; q < P; q++) f += d.x[j * P + q]! * beta[q]!;
      const r = y[j]! - f;
      e[j] = r;
      rss += r * r;
    }
    const s2 = rss / (n - P);
    // Lag-1 autocorrelation over consecutive months, clipped to [0, 0.95] (as the baselines' AR(1) paths).
    let num = 0;
    for (let j = 1; j < n; j++) if (idx[j] === idx[j - 1]! + 1) num += e[j]! * e[j - 1]!;
    const rho = rss > 0 ? Math.min(0.95, Math.max(0, num / rss)) : 0;
    const med = median(e, n);
    for (let j = 0; j < n; j++) e[j] = Math.abs(e[j]! - med);
    const mad = median(e, n);
    // Post months: expected values and the mean log excess.
    let expected = 0;
    let rsum = 0;
    cbar.fill(0);
    for (let t = c0; t <= c1; t++) {
      const val = Y[base + t]!;
      if (Number.isNaN(val)) continue;
      const ro = (t - c0) * P;
      let mu = 0;
      for (let q = 0; q < P; q++) mu += d.post[ro + q]! * beta[q]!;
      const h = d.lev[t - c0]!;
      expected += Math.exp(input.point === 0 ? mu + 0.5 * s2 * (1 + h) : mu);
      if (val > 0) {
        rsum += Math.log(val) - mu;
        for (let q = 0; q < P; q++) cbar[q] = cbar[q]! + d.post[ro + q]!;
      }
    }
    out[o + 4] = expected;
    if (k > 0) {
      for (let q = 0; q < P; q++) cbar[q] = cbar[q]! / k;
      // Var(mean of k AR(1) errors) / σ² = Σ ρ^|tᵢ−tⱼ| / k², plus the parameter term c̄'(X'X)⁻¹c̄.
      let ar = k;
      if (rho > 0) {
        // ρ^d by table: the pairs are O(k²), the powers are not.
        const span = postT[k - 1]! - postT[0]!;
        pw[0] = 1;
        for (let dd = 1; dd <= span; dd++) pw[dd] = pw[dd - 1]! * rho;
        for (let u = 1; u < k; u++) {
          const tu = postT[u]!;
          for (let w = 0; w < u; w++) ar += 2 * pw[tu - postT[w]!]!;
        }
      }
      out[o + 6] = rsum / k;
      out[o + 10] = ar / (k * k) + quad(d.rinv, cbar);
    }
    out[o + 7] = med;
    out[o + 8] = mad;
    out[o + 9] = rho;
    out[o + 11] = flags;
  }
}
