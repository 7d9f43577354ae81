import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  type FxTable,
  fromMonthIndex,
  makeSeries,
  type ObservationStatus,
  type Series,
  TOTAL_GOODS,
  type TradeObservation,
} from '../../src/index.js';
import {
  aggregateReporters,
  alignSeries,
  convertCurrency,
  deflate,
  difference,
  otherGoods,
  ratio,
  rebase,
  rollingSum,
  slice,
  sumSeries,
  toAnnual,
  toSeries,
  unrebase,
  yearOnYear,
} from '../../src/panel/index.js';

const key = { reporter: 'DE', partner: 'KG', flow: 'export' as const, product: 'TOTAL' };
const START = 2019 * 12; // 2019-01

/** A value as published: an amount from a tenth of a cent to EUR 100 bn, a true zero, or no value. */
const cell = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 1e-3, max: 1e11, noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.constant(null) },
);
const values = fc.array(cell, { minLength: 1, maxLength: 40 });
const seriesOf = (vs: readonly (number | null)[], offset = 0): Series<'EUR'> =>
  makeSeries({ key, currency: 'EUR', start: fromMonthIndex(START + offset), values: vs });

/** Every number in a result is finite or null. */
function allFinite(s: { values: readonly (number | null)[] }): boolean {
  return s.values.every((v) => v === null || Number.isFinite(v));
}

const statusOf = (v: number | null, pick: number): ObservationStatus =>
  v === null
    ? (['missing', 'confidential', 'negligible'] as const)[pick % 3]!
    : v === 0
      ? 'zero'
      : (['reported', 'estimated', 'provisional'] as const)[pick % 3]!;

/** Observations on a complete member × month grid (every cell present, some without a value). */
const grid = fc
  .record({
    members: fc.uniqueArray(fc.constantFrom('AT', 'BE', 'DE', 'FR', 'IT', 'NL', 'PL'), {
      minLength: 1,
      maxLength: 5,
    }),
    months: fc.integer({ min: 1, max: 18 }),
    seed: fc.array(fc.tuple(cell, fc.nat()), { minLength: 7 * 18, maxLength: 7 * 18 }),
  })
  .map(({ members, months, seed }) => {
    const obs: TradeObservation<'EUR'>[] = [];
    let k = 0;
    for (const m of members) {
      for (let i = 0; i < months; i++) {
        const [v, pick] = seed[k++]!;
        obs.push({
          reporter: m,
          partner: 'KG',
          flow: 'export',
          product: TOTAL_GOODS,
          period: fromMonthIndex(START + i),
          value: v,
          currency: 'EUR',
          status: statusOf(v, pick),
          source: `src-${m}`,
        });
      }
    }
    return { members, obs };
  });

describe('panel properties', () => {
  test.prop([grid, fc.func(fc.integer())])(
    'row order of observations never changes the series',
    ({ members, obs }, f) => {
      const shuffled = [...obs].sort((a, b) => f(a) - f(b) || 0);
      const opts = {
        reporter: members,
        partner: 'KG',
        flow: 'export' as const,
        incomplete: 'lowerBound' as const,
      };
      expect(toSeries(shuffled, opts)).toEqual(toSeries(obs, opts));
    },
  );

  test.prop([grid])('the sum of member series equals the aggregateReporters result', ({ members, obs }) => {
    const aggregated = toSeries(aggregateReporters(obs, { members, as: 'X_SUM' }), {
      reporter: 'X_SUM',
      partner: 'KG',
      flow: 'export',
    });
    const perMember = members.map((m) => toSeries(obs, { reporter: m, partner: 'KG', flow: 'export' }));
    const summed = sumSeries(perMember, { key: aggregated.key });
    expect(aggregated.periods).toEqual(summed.periods);
    expect(aggregated.status).toEqual(summed.status);
    aggregated.values.forEach((v, i) => {
      const w = summed.values[i]!;
      if (v === null || w === null) expect(v).toBe(w);
      else expect(Math.abs(v - w)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(w)));
    });
  });

  test.prop([values, fc.nat()])('rebase then unrebase is the identity', (vs, at) => {
    const s = seriesOf(vs.map((v) => (v === null ? null : v + 1)));
    const base = s.periods[at % s.periods.length]!;
    if (s.values[at % s.periods.length] === null) {
      expect(() => rebase(s, { base })).toThrow();
      return;
    }
    const back = unrebase(rebase(s, { base }));
    expect(back.periods).toEqual(s.periods);
    expect(back.status).toEqual(s.status);
    expect(back.notes).toEqual(s.notes);
    back.values.forEach((v, i) => {
      const w = s.values[i]!;
      if (v === null || w === null) expect(v).toBe(w);
      else expect(Math.abs(v - w)).toBeLessThanOrEqual(1e-12 * Math.abs(w));
    });
  });

  test.prop([
    values,
    fc.double({ min: 0.01, max: 500, noNaN: true }),
    fc.double({ min: 0.01, max: 500, noNaN: true }),
  ])(
    'convertCurrency there and back is the identity within 1e-9 relative, also through a cross rate',
    (vs, usd, gbp) => {
      const s = seriesOf(vs);
      const perEur: Record<string, { USD: number; GBP: number }> = {};
      for (const p of s.periods) perEur[p] = { USD: usd, GBP: gbp };
      const fx: FxTable = { id: 'fx', description: 'test rates', frequency: 'monthly', perEur };
      const back = convertCurrency(convertCurrency(convertCurrency(s, 'USD', fx), 'GBP', fx), 'EUR', fx);
      expect(back.currency).toBe('EUR');
      back.values.forEach((v, i) => {
        const w = s.values[i]!;
        if (v === null || w === null) expect(v).toBe(w);
        else expect(Math.abs(v - w)).toBeLessThanOrEqual(1e-9 * Math.abs(w));
      });
    },
  );

  test.prop([values, fc.integer({ min: 1, max: 13 })])(
    'a series with gaps keeps them through every transform',
    (vs, w) => {
      const s = seriesOf(vs);
      const gaps = s.values.map((v) => v === null);
      const keeps = (t: { values: readonly (number | null)[] }) =>
        gaps.every((g, i) => !g || t.values[i] === null);
      const perEur: Record<string, { USD: number }> = {};
      const index: Record<string, number> = {};
      for (const p of s.periods) {
        perEur[p] = { USD: 1.1 };
        index[p] = 100;
      }
      const fx: FxTable = { id: 'fx', description: 'test', frequency: 'monthly', perEur };
      expect(keeps(convertCurrency(s, 'USD', fx))).toBe(true);
      expect(keeps(deflate(s, index, { base: s.periods[0]! }))).toBe(true);
      expect(keeps(rollingSum(s, w))).toBe(true);
      expect(keeps(yearOnYear(s))).toBe(true);
      expect(keeps(ratio(s, s))).toBe(true);
      expect(keeps(difference(s, s))).toBe(true);
      expect(keeps(otherGoods(s, s))).toBe(true);
      expect(keeps(sumSeries([s], { key }))).toBe(true);
      const [aligned] = alignSeries([s, seriesOf([1], -3)]);
      expect(keeps({ values: aligned.values.slice(3) })).toBe(true);
      expect(keeps({ values: slice(s, s.periods[0]).values })).toBe(true);
      const firstValue = s.values.findIndex((v) => v !== null && v !== 0);
      if (firstValue >= 0) expect(keeps(unrebase(rebase(s, { base: s.periods[firstValue]! })))).toBe(true);
      // A year with a gap is null.
      const annual = toAnnual(s);
      annual.periods.forEach((y, j) => {
        const gapInYear = s.periods.some((p, i) => p.startsWith(y) && gaps[i]);
        if (gapInYear) expect(annual.values[j]).toBeNull();
      });
    },
  );

  test.prop([
    fc.array(
      fc.oneof(fc.constant(null), fc.constant(0), fc.double({ min: -1e300, max: 1e300, noNaN: true })),
      {
        minLength: 1,
        maxLength: 30,
      },
    ),
    fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-300, max: 1e300, noNaN: true })), {
      minLength: 30,
      maxLength: 30,
    }),
  ])('no NaN or Infinity ever appears, even from extreme values', (vs, ws) => {
    const a = seriesOf(vs);
    const b = seriesOf(vs.map((_, i) => ws[i]!));
    const index: Record<string, number> = {};
    a.periods.forEach((p, i) => {
      index[p] = ws[i]!;
    });
    index[a.periods[0]!] = ws[0] || 1; // the base level must be positive (zero elsewhere is a gap)
    const perEur: Record<string, { USD: number }> = {};
    a.periods.forEach((p, i) => {
      if (ws[i]! > 0) perEur[p] = { USD: ws[i]! };
    });
    const fx: FxTable = { id: 'fx', description: 'test', frequency: 'monthly', perEur };
    const results = [
      ratio(a, b),
      difference(a, b),
      otherGoods(b, a),
      sumSeries([a, { ...b, key: { ...key, reporter: 'FR' } }], { key }),
      rollingSum(a, 3),
      yearOnYear(a),
      toAnnual(a, { require: 'any' }),
      convertCurrency(a, 'USD', fx),
      deflate(a, index, { base: a.periods[0]! }),
    ];
    for (const r of results) expect(allFinite(r)).toBe(true);
    const firstNonZero = b.values.findIndex((v) => v !== null && v !== 0);
    if (firstNonZero >= 0) expect(allFinite(rebase(b, { base: b.periods[firstNonZero]! }))).toBe(true);
  });
});
