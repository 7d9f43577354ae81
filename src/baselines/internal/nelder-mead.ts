/** Result of {@link nelderMead}. */
export interface NelderMeadResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly evaluations: number;
}

/**
 * Minimise f over R^d by the Nelder–Mead simplex method (standard coefficients 1, 2, ½, ½), restarting once
 * from the best point to escape a collapsed simplex. Deterministic. Used for the 2–4 smoothing parameters of
 * Holt–Winters, where no optimiser ships with the installed packages.
 *
 * @param f - objective; may return Infinity for infeasible points
 * @param x0 - starting point
 * @param step - initial simplex edge
 */
export function nelderMead(
  f: (x: Float64Array) => number,
  x0: Float64Array,
  { step = 0.5, maxEvaluations = 400, tolF = 1e-10, tolX = 1e-6 } = {},
): NelderMeadResult {
  let evaluations = 0;
  const ev = (x: Float64Array): number => {
    evaluations++;
    const v = f(x);
    return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  };
  let best: { x: Float64Array; f: number } = { x: Float64Array.from(x0), f: ev(x0) };
  for (let round = 0; round < 2; round++) {
    const r = run(ev, best.x, best.f, step, maxEvaluations, tolF, tolX, () => evaluations);
    if (r.f <= best.f) best = r;
  }
  return { x: best.x, f: best.f, evaluations };
}

function run(
  ev: (x: Float64Array) => number,
  x0: Float64Array,
  f0: number,
  step: number,
  maxEvaluations: number,
  tolF: number,
  tolX: number,
  count: () => number,
): { x: Float64Array; f: number } {
  const d = x0.length;
  const pts: Float64Array[] = [Float64Array.from(x0)];
  const fs: number[] = [f0];
  for (let i = 0; i < d; i++) {
    const p = Float64Array.from(x0);
    p[i] = p[i]! + step;
    pts.push(p);
    fs.push(ev(p));
  }
  const order = Array.from({ length: d + 1 }, (_, i) => i);
  const centroid = new Float64Array(d);
  const xr = new Float64Array(d);
  const xe = new Float64Array(d);
  const xc = new Float64Array(d);
  const start = count();
  while (count() - start < maxEvaluations) {
    order.sort((a, b) => fs[a]! - fs[b]!);
    const bi = order[0]!;
    const wi = order[d]!;
    const si = order[d - 1]!;
    const fBest = fs[bi]!;
    const fWorst = fs[wi]!;
    let diam = 0;
    for (const k of order)
      for (let j = 0; j < d; j++) diam = Math.max(diam, Math.abs(pts[k]![j]! - pts[bi]![j]!));
    if (Number.isFinite(fWorst) && fWorst - fBest <= tolF * (Math.abs(fBest) + 1e-300) && diam <= tolX) break;
    if (diam <= tolX * 1e-3) break;
    centroid.fill(0);
    for (const k of order)
      if (k !== wi) for (let j = 0; j < d; j++) centroid[j] = centroid[j]! + pts[k]![j]! / d;
    const worst = pts[wi]!;
    for (let j = 0; j < d; j++) xr[j] = centroid[j]! + (centroid[j]! - worst[j]!);
    const fr = ev(xr);
    if (fr < fBest) {
      for (let j = 0; j < d; j++) xe[j] = centroid[j]! + 2 * (centroid[j]! - worst[j]!);
      const fe = ev(xe);
      if (fe < fr) {
        worst.set(xe);
        fs[wi] = fe;
      } else {
        worst.set(xr);
        fs[wi] = fr;
      }
      continue;
    }
    if (fr < fs[si]!) {
      worst.set(xr);
      fs[wi] = fr;
      continue;
    }
    const outside = fr < fWorst;
    for (let j = 0; j < d; j++) {
      xc[j] = outside
        ? centroid[j]! + 0.5 * (xr[j]! - centroid[j]!)
        : centroid[j]! + 0.5 * (worst[j]! - centroid[j]!);
    }
    const fc = ev(xc);
    if (fc < (outside ? fr : fWorst)) {
      worst.set(xc);
      fs[wi] = fc;
      continue;
    }
    const b = pts[bi]!;
    for (const k of order) {
      if (k === bi) continue;
      const p = pts[k]!;
      for (let j = 0; j < d; j++) p[j] = b[j]! + 0.5 * (p[j]! - b[j]!);
      fs[k] = ev(p);
    }
  }
  let bi = 0;
  for (let k = 1; k <= d; k++) if (fs[k]! < fs[bi]!) bi = k;
  return { x: Float64Array.from(pts[bi]!), f: fs[bi]! };
}
