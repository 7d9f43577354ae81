import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { RHO_GRID } from '../../src/analyses/internal/screen-inference.js';
import { FLAG, OUT, screenKernel } from '../../src/analyses/internal/screen-kernel.js';
import { ScreenResultSchema, type ScreenRow, screen } from '../../src/analyses/screen.js';
import { seasonalTrend } from '../../src/baselines/seasonal-trend.js';
import { loadDataset } from '../../src/datasets.js';
import { OptionsError, UnitMismatchError } from '../../src/errors.js';
import { monthIndex } from '../../src/model/period.js';
import { makeSeries, type Series } from '../../src/model/series.js';
import { toSeriesSet } from '../../src/panel/to-series-set.js';

// Every CN8 sanctioned code × destination in the shipped Comext extract (EU27 exports, 2020-01..2022-11).
const { observations } = await loadDataset('eu-sanctioned-exports-monthly');
const set = toSeriesSet(
  observations.filter((o) => o.product.level === 8),
  { by: ['product', 'partner'], flow: 'export' },
);
const result = await screen({ series: set });
const byId = new Map(result.rows.map((r) => [r.id, r]));

/** Sum of a counterfactual's expected values over the months ≥ from where the series has a value. */
function expectedSum(s: Series, expected: readonly (number | null)[], from: string): number {
  let e = 0;
  for (let j = 0; j < s.periods.length; j++)
    if (s.periods[j]! >= from && s.values[j] !== null) e += expected[j]!;
  return e;
}

describe('screen of every sanctioned CN8 code × destination (real data)', () => {
  it('returns a well-formed ranked table for every series', () => {
    expect(ScreenResultSchema.parse(result)).toEqual(result);
    expect(result.series).toBe(Object.keys(set).length);
    expect(result.rows.map((r) => r.rank)).toEqual(result.rows.map((_, i) => i + 1));
    expect(JSON.stringify(result)).not.toMatch(/NaN|Infinity/);
  });

  it('tests 3,210 series and finds 17 significant rises at FDR 5% (golden)', () => {
    // 25 fit months (12 residual degrees of freedom, COVID in the window) and 9 post months leave little room:
    // the p-values carry the AR(1) persistence and its uncertainty (475 with the earlier robust z, whose size was
    // 10–25% on null series).
    expect(result.tested).toBe(3210);
    expect(result.significant).toBe(17);
    expect(result.warnings).toEqual([]);
    // Tested rows come first, ranked by p; every significant row has q ≤ 0.05 and the q-values rise with rank.
    const tested = result.rows.filter((r) => r.tested);
    expect(result.rows.slice(0, tested.length).every((r) => r.tested)).toBe(true);
    for (let i = 1; i < tested.length; i++) {
      expect(tested[i]!.p!).toBeGreaterThanOrEqual(tested[i - 1]!.p!);
      expect(tested[i]!.q!).toBeGreaterThanOrEqual(tested[i - 1]!.q!);
    }
    expect(tested.every((r) => r.df === r.fitMonths - 13 && r.rho! > -0.3 && r.rho! < 0.95)).toBe(true);
    expect(result.rows.filter((r) => r.significant).every((r) => r.q! <= 0.05)).toBe(true);
  });

  it('puts the roundabout destinations on top: Kazakhstan, Armenia, Kyrgyzstan', () => {
    const top = result.rows.slice(0, 40);
    const cca3 = top.filter((r) => ['KZ', 'AM', 'KG'].includes(r.partner)).length;
    expect(cca3).toBeGreaterThanOrEqual(28);
    expect(top[0]).toMatchObject({ id: 'CN:87089997|KZ', significant: true });
    const sig = (p: string) => result.rows.filter((r) => r.significant && r.partner === p).length;
    // Far more significant rises to Kazakhstan than to Russia itself, whose imports from the EU collapsed.
    expect(sig('KZ')).toBeGreaterThan(10 * sig('RU'));
    expect(sig('KZ') + sig('AM') + sig('KG')).toBeGreaterThan(result.significant / 2);
  });

  it('flags a near-zero base instead of ranking it at the top', () => {
    // Glass for vehicles to Kazakhstan: about €4,400 a month before the war, then +2,000% — t ≈ 10.
    const glass = byId.get('CN:70071110|KZ')!;
    expect(glass.preMean!).toBeLessThan(10_000);
    expect(glass.excessPct!).toBeGreaterThan(15);
    expect(glass.z!).toBeGreaterThan(10);
    expect(glass).toMatchObject({ tested: false, q: null, significant: null, flags: ['small-base'] });
    expect(glass.rank).toBeGreaterThan(result.tested);
    // With the guard off it would be in the top ten.
    expect(result.rows.filter((r) => r.tested && r.p! < glass.p!).length).toBeLessThan(10);
  });

  it("matches seasonalTrend's expected values on tested series (one QR for many, same model)", () => {
    const fit: [string, string] = ['2020-01', '2022-01'];
    for (const row of result.rows.slice(0, 6)) {
      const s = set[row.id]!;
      const cf = seasonalTrend({ fit, noise: 'iid' }).fit(s);
      expect(row.expected! / expectedSum(s, cf.expected, '2022-03')).toBeCloseTo(1, 10);
    }
  });

  it('is identical on one thread and on two', async () => {
    const two = await screen({ series: set, threads: 2 });
    expect(two).toEqual(result);
  });
});

function seasonal(values: number[], partner: string, start = '2015-01'): Series<'EUR'> {
  return makeSeries({
    key: { reporter: 'SYNTHETIC', partner, flow: 'export', product: 'HS:847130' },
    currency: 'EUR',
    start,
    values,
  });
}

/** A SYNTHETIC monthly path: level × exp(trend + season + noise) with a jump from month `jumpAt`. */
function path(rng: () => number, n: number, level: number, jump: number, jumpAt: number): number[] {
  return Array.from({ length: n }, (_, t) => {
    const noise = 0.15 * (rng() - 0.5);
    return (
      level * Math.exp(0.004 * t + 0.2 * Math.sin((2 * Math.PI * t) / 12) + noise + (t >= jumpAt ? jump : 0))
    );
  });
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Solve A X = B (A n × n, B n × m, row-major) by Gaussian elimination with partial pivoting; also log|det A|. */
function solve(A: number[][], B: number[][]): { x: number[][]; logdet: number } {
  const n = A.length;
  const a = A.map((r) => [...r]);
  const b = B.map((r) => [...r]);
  let logdet = 0;
  for (let k = 0; k < n; k++) {
    let piv = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i]![k]!) > Math.abs(a[piv]![k]!)) piv = i;
    [a[k], a[piv]] = [a[piv]!, a[k]!];
    [b[k], b[piv]] = [b[piv]!, b[k]!];
    logdet += Math.log(Math.abs(a[k]![k]!));
    for (let i = k + 1; i < n; i++) {
      const f = a[i]![k]! / a[k]![k]!;
      for (let j = k; j < n; j++) a[i]![j]! -= f * a[k]![j]!;
      for (let j = 0; j < b[0]!.length; j++) b[i]![j]! -= f * b[k]![j]!;
    }
  }
  for (let k = n - 1; k >= 0; k--) {
    for (let j = 0; j < b[0]!.length; j++) {
      let s = b[k]![j]!;
      for (let i = k + 1; i < n; i++) s -= a[k]![i]! * b[i]![j]!;
      b[k]![j] = s / a[k]![k]!;
    }
  }
  return { x: b, logdet };
}

const mul = (A: number[][], B: number[][]) =>
  A.map((r) => B[0]!.map((_, j) => r.reduce((s, v, k) => s + v * B[k]![j]!, 0)));
const tr = (A: number[][]) => A[0]!.map((_, j) => A.map((r) => r[j]!));

/**
 * The screen's test by the textbook dense formulas (Goldberger 1962's BLUP under GLS): Σ = [ρ^|s−t|], β̂ the GLS
 * estimate, the predictor x_s'β̂ + σ_s'Σ⁻¹(y − Xβ̂) of each post month, its mean prediction error and the variance
 * a'(Σ_pp − Σ_pf Σ⁻¹ Σ_fp)a + a'(X_p − Σ_pf Σ⁻¹X)(X'Σ⁻¹X)⁻¹(…)'a, times σ̂² = RSS/(n − 13); and the REML
 * log-likelihood −½ log|Σ| − ½ log|X'Σ⁻¹X| − (n − 13)/2 · log RSS.
 */
function denseGls(values: number[], fit: number[], post: number[], rho: number): { t: number; reml: number } {
  const row = (t: number) => [
    1,
    t - fit[0]!,
    ...Array.from({ length: 11 }, (_, k) => (t % 12 === k + 1 ? 1 : 0)),
  ];
  const cov = (a: number[], b: number[]) =>
    a.map((s) => b.map((t) => (s === t ? 1 : rho ** Math.abs(s - t))));
  const X = fit.map(row);
  const y = fit.map((t) => [Math.log(values[t]!)]);
  const S = cov(fit, fit);
  const { x: SiX, logdet } = solve(S, X);
  const { x: Siy } = solve(S, y);
  const XtSiX = mul(tr(X), SiX);
  const { x: beta, logdet: logdetXtSiX } = solve(XtSiX, mul(tr(X), Siy));
  const u = y.map((r, j) => [r[0]! - mul([X[j]!], beta)[0]![0]!]);
  const { x: Siu } = solve(S, u);
  const rss = u.reduce((s, r, j) => s + r[0]! * Siu[j]![0]!, 0);
  const Spf = cov(post, fit);
  const k = post.length;
  const a = post.map(() => 1 / k);
  let err = 0;
  post.forEach((t, i) => {
    const pred = mul([row(t)], beta)[0]![0]! + Spf[i]!.reduce((s, v, j) => s + v * Siu[j]![0]!, 0);
    err += a[i]! * (Math.log(values[t]!) - pred);
  });
  const { x: SiSfp } = solve(S, tr(Spf));
  const cond = cov(post, post).map((r, i) =>
    r.map(
      (v, j) =>
        v -
        mul(
          [Spf[i]!],
          SiSfp.map((q) => [q[j]!]),
        )[0]![0]!,
    ),
  );
  const Xp = post.map(row);
  const W = Xp.map((r, i) => r.map((v, q) => v - Spf[i]!.reduce((s, w, j) => s + w * SiX[j]![q]!, 0)));
  const aW = [W[0]!.map((_, q) => W.reduce((s, r, i) => s + a[i]! * r[q]!, 0))];
  const { x: V } = solve(XtSiX, tr(aW));
  let v = mul(aW, V)[0]![0]!;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) v += a[i]! * cond[i]![j]! * a[j]!;
  const df = fit.length - 13;
  return {
    t: err / Math.sqrt((rss / df) * v),
    reml: -0.5 * logdet - 0.5 * logdetXtSiX - (df / 2) * Math.log(rss),
  };
}

describe('the vectorised baseline and statistic', () => {
  // 2015-01..2023-12: fit 2015-01..2022-01 (85 months), post 2022-03.. (22 months).
  const N = 108;
  const jumpAt = monthIndex('2022-03') - monthIndex('2015-01');

  it('equals seasonalTrend with gaps, zeros and the median point forecast', async () => {
    const rng = lcg(11);
    const a = path(rng, N, 2e6, 0.5, jumpAt);
    const b: (number | null)[] = path(rng, N, 5e5, 0, jumpAt);
    b[3] = null;
    b[20] = 0;
    b[40] = null;
    const series = [seasonal(a, 'A'), makeSeries({ ...seasonal(a, 'B'), start: '2015-01', values: b })];
    for (const point of ['mean', 'median'] as const) {
      const r = await screen({ series, point, fit: ['2015-01', '2022-01'] });
      for (const s of series) {
        const row = r.rows.find((x) => x.partner === s.key.partner)!;
        const cf = seasonalTrend({ fit: ['2015-01', '2022-01'], point, noise: 'iid' }).fit(s);
        expect(row.expected! / expectedSum(s, cf.expected, '2022-03')).toBeCloseTo(1, 10);
      }
      expect(r.rows.find((x) => x.partner === 'B')!.flags).toEqual(
        expect.arrayContaining(['zeros-in-fit', 'gaps-in-fit']),
      );
    }
  });

  it.each([
    ['consecutive months', false],
    ['gaps and zeros', true],
  ])(
    'gives the GLS/AR(1) t statistic and REML likelihood of the textbook dense formulas (%s)',
    (_, holes) => {
      const rng = lcg(5);
      const values: (number | null)[] = path(rng, N, 1e6, 0.4, jumpAt);
      if (holes) {
        values[7] = null; // a gap in the fit window
        values[30] = 0; // a zero: left out of the log fit
        values[jumpAt + 3] = null; // post months missing or zero: left out of the mean
        values[jumpAt + 5] = 0;
      }
      const T = values.length;
      const G = RHO_GRID.length;
      const out = new Float64Array(OUT.size);
      const stats = new Float64Array(2 * G);
      const fitTo = jumpAt - 2;
      screenKernel({
        Y: Float64Array.from(values, (v) => v ?? Number.NaN),
        T,
        month0: 0,
        fitFrom: 0,
        fitTo,
        postFrom: jumpAt,
        postTo: T - 1,
        point: 0,
        minMonths: 24,
        rhos: RHO_GRID,
        begin: 0,
        end: 1,
        out,
        stats,
      });
      const fit = values.flatMap((v, t) => (t <= fitTo && v !== null && v > 0 ? [t] : []));
      const post = values.flatMap((v, t) => (t >= jumpAt && v !== null && v > 0 ? [t] : []));
      expect(out[OUT.df]).toBe(fit.length - 13);
      for (const rho of [-0.3, 0, 0.5, 0.9]) {
        const g = RHO_GRID.indexOf(rho);
        const ref = denseGls(values as number[], fit, post, rho);
        expect(stats[g]).toBeCloseTo(ref.reml, 8);
        expect(stats[G + g]).toBeCloseTo(ref.t, 8);
      }
      expect(out[OUT.flags]! & FLAG.fewMonths).toBe(0);
    },
  );

  it('finds a jump and leaves a steady series alone', async () => {
    const rng = lcg(3);
    const series = [
      seasonal(path(rng, N, 1e6, 0.8, jumpAt), 'JUMP'),
      seasonal(path(rng, N, 1e6, 0, jumpAt), 'STEADY'),
      seasonal(path(rng, N, 1e6, -0.8, jumpAt), 'DROP'),
    ];
    const r = await screen({ series });
    const row = (p: string) => r.rows.find((x) => x.partner === p)!;
    expect(row('JUMP')).toMatchObject({ rank: 1, significant: true });
    expect(row('JUMP').excessPct!).toBeGreaterThan(1);
    expect(row('STEADY').significant).toBe(false);
    expect(row('DROP').significant).toBe(false);
    const less = await screen({ series, alternative: 'less' });
    expect(less.rows[0]).toMatchObject({ partner: 'DROP', significant: true });
    const two = await screen({ series, alternative: 'two-sided' });
    expect(
      two.rows
        .slice(0, 2)
        .map((x) => x.partner)
        .sort(),
    ).toEqual(['DROP', 'JUMP']);
  });

  test.prop([fc.double({ min: 0.001, max: 1000, noNaN: true }), fc.integer({ min: 1, max: 1000 })], {
    numRuns: 20,
  })(
    'z, p, q and ranks do not depend on the unit of the values; money scales with it',
    async (scale, seed) => {
      const rng = lcg(seed);
      const base = [0.6, 0, 0.3, -0.2].map((jump, i) => seasonal(path(rng, N, 2e5, jump, jumpAt), `P${i}`));
      const scaled = base.map((s) =>
        makeSeries({
          ...s,
          start: s.periods[0]!,
          values: s.values.map((v) => (v === null ? null : v * scale)),
        }),
      );
      const a = await screen({ series: base, minBase: 1000 });
      const b = await screen({ series: scaled, minBase: 1000 * scale });
      const pick = (r: ScreenRow) => [r.id, r.rank, r.tested, r.significant];
      expect(b.rows.map(pick)).toEqual(a.rows.map(pick));
      b.rows.forEach((r, i) => {
        const x = a.rows[i]!;
        expect(r.z!).toBeCloseTo(x.z!, 6);
        expect(r.q!).toBeCloseTo(x.q!, 8);
        expect(r.expected! / (x.expected! * scale)).toBeCloseTo(1, 8);
      });
    },
  );
});

describe('guards and options', () => {
  const rng = lcg(9);
  const N = 96;
  const jumpAt = monthIndex('2022-03') - monthIndex('2017-01');
  const big = seasonal(path(rng, N, 1e6, 0.5, jumpAt), 'BIG', '2017-01');

  it('does not test short, tiny or post-less series, and says why', async () => {
    const tiny = seasonal(path(rng, N, 300, 3, jumpAt), 'TINY', '2017-01');
    const short = seasonal(path(rng, 48, 1e6, 0, 0), 'SHORT', '2021-01');
    const ended = seasonal(path(rng, 60, 1e6, 0, 0), 'ENDED', '2017-01');
    const r = await screen({ series: [big, tiny, short, ended] });
    const row = (p: string) => r.rows.find((x) => x.partner === p)!;
    expect(r.tested).toBe(1);
    expect(row('BIG').rank).toBe(1);
    expect(row('TINY')).toMatchObject({ tested: false, flags: ['small-base'] });
    expect(row('TINY').z!).toBeGreaterThan(row('BIG').z!);
    expect(row('SHORT').flags).toContain('few-months');
    expect(row('ENDED').flags).toContain('short-post');
    expect(row('ENDED')).toMatchObject({ actual: null, q: null });
  });

  it('runs any Baseline series by series with the same expected values and nearly the same test', async () => {
    const r = await screen({
      series: [big],
      baseline: seasonalTrend({ fit: ['2017-01', '2022-01'], noise: 'iid' }),
    });
    const v = await screen({ series: [big] });
    expect(r.baseline).toBe('seasonalTrend');
    expect(r.rows[0]!.expected! / v.rows[0]!.expected!).toBeCloseTo(1, 10);
    expect(r.rows[0]!.tested).toBe(true);
    // The test refits the seasonal trend to the baseline's log residuals: for seasonalTrend itself they differ from
    // the vectorised fit only by the lognormal-mean offset ½σ²(1 + hₜ), which varies with the leverage hₜ.
    expect(r.rows[0]!.z! / v.rows[0]!.z!).toBeCloseTo(1, 3);
  });

  it('refuses what it cannot screen with typed errors', async () => {
    const annual = makeSeries({
      key: { reporter: 'X', partner: 'Y', flow: 'export', product: 'TOTAL' },
      currency: 'EUR',
      start: '2019',
      values: [1, 2, 3],
    });
    await expect(screen({ series: [annual] })).rejects.toThrow(OptionsError);
    const gbp = makeSeries({ ...big, start: '2017-01', values: [...big.values], currency: 'GBP' as const });
    await expect(screen({ series: { a: big, b: gbp } as never })).rejects.toThrow(UnitMismatchError);
    await expect(screen({ series: [big, big] })).rejects.toThrow(/distinct series keys/);
    await expect(screen({ series: [big], from: '2021-01', fit: ['2017-01', '2022-01'] })).rejects.toThrow(
      /fit\[1\] < from/,
    );
    await expect(screen({ series: [big], minMonths: 10 })).rejects.toThrow(/at least 15/);
    await expect(screen({ series: [big], alpha: 1 })).rejects.toThrow(/alpha/);
  });

  it('returns an empty table for no series', async () => {
    const r = await screen({ series: {} });
    expect(r).toMatchObject({ series: 0, tested: 0, significant: 0, rows: [] });
  });
});
