import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  type Counterfactual,
  makeSeries,
  OptionsError,
  periodRange,
  type Series,
  UnitMismatchError,
} from '../../src/index.js';
import { ExcessResultSchema, excess } from '../../src/measures/index.js';
import { expectAllFinite, KG_KEY, makeCounterfactual, normalPaths } from './helpers.js';

// 24 months, fit window to 2022-01, post window 2022-03..2022-12 (10 months), paths over the post window.
const PERIODS = periodRange('2021-01', '2022-12');
const POST = periodRange('2022-03', '2022-12');
const MU = POST.map((_, j) => 100 + j);
const SD = POST.map(() => 10);
const SUM_MU = MU.reduce((a, b) => a + b, 0);
const Z975 = 1.959963984540054;

function setup(opts: { shift?: number; common?: boolean; draws?: number; nullAt?: string[] } = {}) {
  const shift = opts.shift ?? 25;
  const expected = PERIODS.map((p) => {
    const j = POST.indexOf(p);
    return j < 0 ? 90 : MU[j]!;
  });
  const values = PERIODS.map((p, i) => {
    if (opts.nullAt?.includes(p)) return null;
    return POST.includes(p) ? expected[i]! + shift : expected[i]!;
  });
  const series = makeSeries({ key: KG_KEY, currency: 'EUR', start: PERIODS[0]!, values });
  const cf = makeCounterfactual({
    series,
    expected,
    lower: expected.map((e) => e - Z975 * 10),
    upper: expected.map((e) => e + Z975 * 10),
    pathPeriods: POST,
    paths: normalPaths(MU, SD, opts.draws ?? 20_000, 7, opts.common ?? false),
    fitTo: '2022-01',
  });
  return { series, cf };
}

describe('excess: cumulative interval from simulated paths', () => {
  it('matches the analytical quantiles for independent normal paths, far narrower than summed bands', () => {
    const { series, cf } = setup();
    const r = excess(series, cf);
    expect(r.settings.from).toBe('2022-03');
    expect(r.settings.to).toBe('2022-12');
    expect(r.total.periods).toEqual(POST);
    expect(r.total.actual).toBe(SUM_MU + 250);
    expect(r.total.expected).toBe(SUM_MU);
    expect(r.total.excess).toBe(250);
    expect(r.total.pct).toBeCloseTo(250 / SUM_MU, 12);
    // Sum of 10 independent N(μ_j, 10²): sd 10·√10. Sample-quantile error with 20,000 draws is about 0.6.
    const half = Z975 * 10 * Math.sqrt(10);
    expect(Math.abs(r.total.interval.lower! - (250 - half))).toBeLessThan(3);
    expect(Math.abs(r.total.interval.upper! - (250 + half))).toBeLessThan(3);
    expect(r.total.interval.level).toBe(0.95);
    // Adding the per-period bands would give ±196: the honest interval is about √10 times narrower.
    const summedBands = r.byPeriod.reduce((a, p) => a + (p.upper! - p.lower!), 0);
    expect(r.total.interval.upper! - r.total.interval.lower!).toBeLessThan(0.4 * summedBands);
    // Relative interval: actual / quantile(path sum) − 1.
    expect(r.total.pctInterval.lower!).toBeCloseTo((SUM_MU + 250) / (SUM_MU + half) - 1, 2);
    expect(r.total.pctInterval.upper!).toBeCloseTo((SUM_MU + 250) / (SUM_MU - half) - 1, 2);
    expect(r.total.pValue).toBeLessThan(0.001);
    expect(r.warnings).toEqual([]);
  });

  it('uses the co-movement in the paths: a common shock widens the interval to the sum of bands', () => {
    const { series, cf } = setup({ common: true });
    const r = excess(series, cf);
    const half = Z975 * 10 * 10; // perfectly correlated: sds add up
    expect(Math.abs(r.total.interval.lower! - (250 - half))).toBeLessThan(6);
    expect(Math.abs(r.total.interval.upper! - (250 + half))).toBeLessThan(6);
  });

  it('gives a Monte Carlo p-value near 0.05 when the actual sits at the 95th percentile of the paths', () => {
    const sdTotal = 10 * Math.sqrt(10);
    const { series, cf } = setup({ shift: (1.6448536269514722 * sdTotal) / 10 });
    const r = excess(series, cf);
    expect(Math.abs(r.total.pValueUpper! - 0.05)).toBeLessThan(0.006);
    expect(Math.abs(r.total.pValue! - 0.1)).toBeLessThan(0.012);
    // The 90% interval then just touches zero.
    const r90 = excess(series, cf, { level: 0.9 });
    expect(Math.abs(r90.total.interval.lower!)).toBeLessThan(2);
    expect(r90.total.interval.level).toBe(0.9);
  });

  it('leaves a period without an actual out of the actual, expected and path sums alike, and warns', () => {
    const { series, cf } = setup({ nullAt: ['2022-05'] });
    const r = excess(series, cf);
    const kept = POST.filter((p) => p !== '2022-05');
    expect(r.total.periods).toEqual(kept);
    expect(r.total.excluded).toEqual(['2022-05']);
    const muKept = SUM_MU - MU[POST.indexOf('2022-05')]!;
    expect(r.total.expected).toBe(muKept);
    expect(r.total.actual).toBe(muKept + 9 * 25);
    expect(r.total.excess).toBe(225);
    // Nine periods in the path sums, not ten: the interval is centred on 225 with sd 10·3.
    expect(Math.abs(r.total.interval.upper! - (225 + Z975 * 30))).toBeLessThan(3);
    expect(r.diagnostics.pathSumMean!).toBeCloseTo(muKept, -1);
    expect(r.warnings.some((w) => w.startsWith('gaps in the post window') && w.includes('2022-05'))).toBe(
      true,
    );
    const row = r.byPeriod.find((p) => p.period === '2022-05')!;
    expect(row).toMatchObject({ actual: null, excess: null, pct: null });
  });

  it('defaults to to the last period with an actual value', () => {
    const { series, cf } = setup({ nullAt: ['2022-11', '2022-12'] });
    const r = excess(series, cf);
    expect(r.settings.to).toBe('2022-10');
    expect(r.byPeriod.at(-1)!.period).toBe('2022-10');
    expect(r.warnings).toEqual([]);
  });

  it('returns a null interval with a warning when there are no paths, or the window starts before them', () => {
    const { series, cf } = setup();
    const noPaths: Counterfactual<'EUR'> = { ...cf, paths: [], pathPeriods: [] };
    const r = excess(series, noPaths);
    expect(r.settings.from).toBe('2022-02'); // the period after the fit window
    expect(r.total.excess).toBe(250); // 2022-02 has no excess
    expect(r.total.interval).toEqual({ lower: null, upper: null, level: 0.95 });
    expect(r.total.pValue).toBeNull();
    expect(r.warnings.some((w) => w.includes('no simulated paths'))).toBe(true);

    const early = excess(series, cf, { from: '2022-01' });
    expect(early.total.interval.lower).toBeNull();
    expect(early.warnings.some((w) => w.includes('2022-01, 2022-02'))).toBe(true);
    expect(early.total.excess).toBe(250);
  });

  it('reports per-period rows with the counterfactual band and a near-zero-base warning', () => {
    const series = makeSeries({ key: KG_KEY, currency: 'EUR', start: '2022-03', values: [1000, 0, 50] });
    const cf = makeCounterfactual({
      series,
      expected: [1, 0, 40],
      pathPeriods: series.periods,
      paths: [
        [1, 0, 40],
        [2, 1, 41],
      ],
    });
    const r = excess(series, cf);
    expect(r.byPeriod[0]).toEqual({
      period: '2022-03',
      actual: 1000,
      expected: 1,
      excess: 999,
      pct: 999,
      lower: 0,
      upper: 2,
      excessLower: 998,
      excessUpper: 1000,
    });
    expect(r.byPeriod[1]!.pct).toBeNull();
    expect(r.byPeriod[2]!.pct).toBeCloseTo(0.25, 12);
    expect(r.warnings.some((w) => w.startsWith('near-zero base in 2022-03'))).toBe(true);
    expect(r.warnings.some((w) => w.startsWith('zero or negative expected value in 2022-04'))).toBe(true);
  });

  it('is JSON-serialisable and matches its zod schema', () => {
    const { series, cf } = setup({ draws: 200, nullAt: ['2022-04'] });
    const r = excess(series, cf);
    expect(ExcessResultSchema.parse(r)).toEqual(r);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

describe('excess: programmer errors are typed', () => {
  const { series, cf } = setup({ draws: 20 });
  it('refuses a counterfactual of another currency, frequency or series', () => {
    const gbp = { ...cf, currency: 'GBP' } as unknown as Counterfactual<'EUR'>;
    expect(() => excess(series, gbp)).toThrow(UnitMismatchError);
    const annual = { ...cf, frequency: 'annual' } as Counterfactual<'EUR'>;
    expect(() => excess(series, annual)).toThrow(UnitMismatchError);
    const other = { ...cf, target: { ...KG_KEY, partner: 'KZ' } };
    expect(() => excess(series, other)).toThrow(OptionsError);
    expect(() => excess(series, other)).toThrow(/same series/);
  });
  it('refuses bad windows, levels and malformed paths', () => {
    expect(() => excess(series, cf, { from: '2018-01' })).toThrow(OptionsError);
    expect(() => excess(series, cf, { from: '2022-05', to: '2022-04' })).toThrow(OptionsError);
    expect(() => excess(series, cf, { from: '2022' })).toThrow(UnitMismatchError);
    expect(() => excess(series, cf, { level: 1.2 })).toThrow(OptionsError);
    const bad = { ...cf, paths: [[1, 2]] };
    expect(() => excess(series, bad)).toThrow(OptionsError);
    const nan = { ...cf, paths: [POST.map(() => Number.NaN)] };
    expect(() => excess(series, nan)).toThrow(/finite path values/);
  });
});

/** A series and a counterfactual with paths over its whole span, from plain arrays. */
function build(actual: (number | null)[], expected: (number | null)[], paths: number[][]) {
  const series: Series<'EUR'> = makeSeries({
    key: KG_KEY,
    currency: 'EUR',
    start: '2022-03',
    values: actual,
  });
  const cf = makeCounterfactual({ series, expected, pathPeriods: series.periods, paths });
  return { series, cf };
}

const intArb = fc.integer({ min: 0, max: 1_000_000 });

describe('excess: properties', () => {
  test.prop([
    fc.integer({ min: 1, max: 6 }).chain((n) =>
      fc.record({
        actual: fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: n, maxLength: n }),
        expected: fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: n, maxLength: n }),
        devs: fc.array(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: n, maxLength: n }), {
          minLength: 1,
          maxLength: 20,
        }),
      }),
    ),
    fc.double({ min: 0.001, max: 1000, noNaN: true }),
  ])('scaling actual and counterfactual by k scales the excess by k and leaves pct unchanged', (d, k) => {
    const paths = d.devs.map((dev) => d.expected.map((e, j) => e + dev[j]!));
    const a = build(d.actual, d.expected, paths);
    const b = build(
      d.actual.map((v) => v * k),
      d.expected.map((v) => v * k),
      paths.map((p) => p.map((v) => v * k)),
    );
    const r1 = excess(a.series, a.cf);
    const r2 = excess(b.series, b.cf);
    const scale = k * (r1.total.actual! + r1.total.expected!);
    expect(Math.abs(r2.total.excess! - k * r1.total.excess!)).toBeLessThanOrEqual(1e-12 * scale);
    expect(Math.abs(r2.total.interval.lower! - k * r1.total.interval.lower!)).toBeLessThanOrEqual(
      1e-11 * scale,
    );
    expect(Math.abs(r2.total.pct! - r1.total.pct!)).toBeLessThanOrEqual(
      1e-12 * (1 + Math.abs(r1.total.pct!)),
    );
    r1.byPeriod.forEach((p, j) => {
      expect(Math.abs(r2.byPeriod[j]!.excess! - k * p.excess!)).toBeLessThanOrEqual(1e-12 * scale);
    });
  });

  test.prop([
    fc.integer({ min: 1, max: 6 }).chain((n) =>
      fc.record({
        expected: fc.array(intArb, { minLength: n, maxLength: n }),
        devs: fc.array(fc.array(fc.integer({ min: -5000, max: 5000 }), { minLength: n, maxLength: n }), {
          minLength: 1,
          maxLength: 15,
        }),
      }),
    ),
    fc.double({ min: 0.5, max: 0.99, noNaN: true }),
  ])(
    'an actual equal to the expected, with symmetric paths, gives excess 0 inside its interval',
    (d, level) => {
      // Antithetic paths expected ± dev are symmetric about the expected values.
      const paths = d.devs.flatMap((dev) => [
        d.expected.map((e, j) => e + dev[j]!),
        d.expected.map((e, j) => e - dev[j]!),
      ]);
      const { series, cf } = build(d.expected, d.expected, paths);
      const r = excess(series, cf, { level });
      expect(r.total.excess).toBe(0);
      expect(r.total.interval.lower!).toBeLessThanOrEqual(0);
      expect(r.total.interval.upper!).toBeGreaterThanOrEqual(0);
      expect(Math.abs(r.total.interval.lower! + r.total.interval.upper!)).toBeLessThanOrEqual(
        1e-9 * (1 + r.total.interval.upper!),
      );
      if (r.total.expected! > 0) expect(r.total.pct).toBe(0);
      expect(r.byPeriod.every((p) => p.excess === 0)).toBe(true);
    },
  );

  const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
  test.prop([
    fc.integer({ min: 1, max: 5 }).chain((n) =>
      fc.record({
        actual: fc.array(fc.option(fc.oneof(finite, fc.constant(0)), { nil: null }), {
          minLength: n,
          maxLength: n,
        }),
        expected: fc.array(fc.option(fc.oneof(finite, fc.constant(0)), { nil: null }), {
          minLength: n,
          maxLength: n,
        }),
        paths: fc.array(fc.array(fc.oneof(finite, fc.constant(0)), { minLength: n, maxLength: n }), {
          maxLength: 6,
        }),
      }),
    ),
  ])('never returns NaN or Infinity for finite input, including zeros, nulls and huge values', (d) => {
    const { series, cf } = build(d.actual, d.expected, d.paths);
    const r = excess(series, cf, { from: '2022-03', to: series.periods.at(-1)! });
    expectAllFinite(r);
    expect(ExcessResultSchema.safeParse(r).success).toBe(true);
  });
});
