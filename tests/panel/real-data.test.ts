/**
 * The panel functions on real Eurostat Comext data (read straight from the raw files, see helpers.ts).
 */
import { describe, expect, it } from 'vitest';
import { AggregateMixError, type TradeObservation } from '../../src/index.js';
import {
  aggregateReporters,
  basketForEditions,
  productGroup,
  toAnnual,
  toSeries,
  toSeriesSet,
} from '../../src/panel/index.js';
import { EU27, readConcordance, readMonthlyTotals, readSanctionedExports } from './helpers.js';

describe('monthly total goods by member state (Comext, Nov 2024 extraction)', () => {
  const observations = readMonthlyTotals();

  it('the 27 member states sum exactly to the EU27_2020 row in every partner × flow × month cell', () => {
    const summed = toSeriesSet(aggregateReporters(observations, { members: EU27, as: 'EU27_SUM' }), {
      by: ['partner', 'flow'],
    });
    const published = toSeriesSet(observations, { by: ['partner', 'flow'], reporter: 'EU27_2020' });
    expect(Object.keys(summed)).toEqual([
      'AM|export',
      'GE|export',
      'KG|export',
      'KG|import',
      'KZ|export',
      'RU|export',
      'UZ|export',
    ]);
    expect(Object.keys(published)).toEqual(Object.keys(summed));
    let cells = 0;
    for (const [id, s] of Object.entries(summed)) {
      const p = published[id]!;
      expect(s.periods).toEqual(p.periods);
      expect(s.values).toEqual(p.values);
      cells += s.values.filter((v) => v !== null).length;
    }
    expect(cells).toBe(476);
  });

  it('toAnnual of EU27_2020 → KG exports gives EUR 263.2 m for 2021 and 1,170.9 m for 2022', () => {
    const kg = toSeries(observations, { reporter: 'EU27_2020', partner: 'KG', flow: 'export' });
    expect(kg.periods[0]).toBe('2019-01');
    expect(kg.periods.at(-1)).toBe('2024-08');
    const annual = toAnnual(kg);
    expect(annual.periods).toEqual(['2019', '2020', '2021', '2022', '2023', '2024']);
    expect(annual.values[2]).toBeCloseTo(263.2e6, -5);
    expect(annual.values[3]).toBeCloseTo(1170.9e6, -5);
    expect(annual.values[4]).toBeCloseTo(2733.8e6, -5);
    expect(annual.values[5]).toBeNull(); // 2024 has January to August only
  });

  it('refuses to sum EU27_2020 with a member state, or all reporters (aggregates beside members)', () => {
    expect(() =>
      toSeries(observations, { reporter: ['EU27_2020', 'DE'], partner: 'KG', flow: 'export' }),
    ).toThrow(AggregateMixError);
    expect(() => toSeriesSet(observations, { by: ['partner'], flow: 'export' })).toThrow(AggregateMixError);
  });
});

describe('sanctioned CN8 codes across the CN/HS 2022 revision (Comext, Jan 2023 extraction)', () => {
  const cn8 = readSanctionedExports(['CN8']);
  const concordance = readConcordance();
  // Compare January–November of 2021 and 2022 (the extract stops in November 2022).
  const inWindow = (o: TradeObservation) => Number(o.period.slice(5, 7)) <= 11 && o.period >= '2021';
  const rows = cn8.filter(inWindow);
  const year = (o: TradeObservation) => o.period.slice(0, 4) as '2021' | '2022';

  /** Share of a year's value that sits in units (codes or sets) with no value in the other year. */
  function oneSidedShares(unitOf: (o: TradeObservation) => string | undefined) {
    const byUnit = new Map<string, { '2021': number; '2022': number }>();
    for (const o of rows) {
      const u = unitOf(o);
      if (u === undefined) continue;
      const e = byUnit.get(u) ?? { '2021': 0, '2022': 0 };
      e[year(o)] += o.value ?? 0;
      byUnit.set(u, e);
    }
    let total21 = 0;
    let total22 = 0;
    let only21 = 0;
    let only22 = 0;
    for (const e of byUnit.values()) {
      total21 += e['2021'];
      total22 += e['2022'];
      if (e['2022'] === 0) only21 += e['2021'];
      if (e['2021'] === 0) only22 += e['2022'];
    }
    return { only21: only21 / total21, only22: only22 / total22, total21, total22 };
  }

  it('the data show the revision: 69 CN8 codes first appear in 2022-01 and 91 stop before it', () => {
    const first = new Map<string, string>();
    const last = new Map<string, string>();
    for (const o of cn8) {
      const c = o.product.code;
      if (!first.has(c) || o.period < first.get(c)!) first.set(c, o.period);
      if (!last.has(c) || o.period > last.get(c)!) last.set(c, o.period);
    }
    expect([...first.values()].filter((p) => p >= '2022-01')).toHaveLength(69);
    expect([...last.values()].filter((p) => p < '2022-01')).toHaveLength(91);
  });

  it('mapped across editions, the basket has no value from codes that exist on one side of the break only', () => {
    // Before mapping, the CN8 codes themselves: a visible part of each year's value is in codes the other
    // year does not have, an artificial level shift at 2022-01.
    const before = oneSidedShares((o) => o.product.code);
    expect(before.only22).toBeGreaterThan(0.05);
    expect(before.only21).toBeGreaterThan(0.015);

    // The basket: the sanctioned codes traded in 2021 (HS2017-based CN2021), expressed in both editions.
    const codes2021 = [
      ...new Set(rows.filter((o) => year(o) === '2021' && (o.value ?? 0) > 0).map((o) => o.product.code)),
    ];
    const basket = basketForEditions(codes2021, concordance, { edition: 'HS2017' });
    expect(basket.sets.length).toBeGreaterThan(1000);
    expect(basket.warnings.some((w) => w.includes('hub code(s)'))).toBe(true);
    const setOf = { '2021': new Map<string, number>(), '2022': new Map<string, number>() };
    basket.sets.forEach((s, i) => {
      for (const c of s.hs2017) setOf['2021'].set(c, i);
      for (const c of s.hs2022) setOf['2022'].set(c, i);
    });
    const after = oneSidedShares((o) => {
      const m = setOf[year(o)];
      const c = o.product.code;
      const i = m.get(c) ?? m.get(c.slice(0, 6));
      return i === undefined ? undefined : String(i);
    });
    expect(after.only21).toBeLessThan(0.001);
    expect(after.only22).toBeLessThan(0.001);

    // The same basket through productGroup: 2021 is exactly the naive CN8 list, 2022 adds the codes that replaced
    // the disappearing ones (which the naive list misses).
    const mapped = toSeriesSet(productGroup(rows, basket, { name: 'sanctioned' }), {
      by: ['partner'],
      flow: 'export',
    });
    const naive = toSeriesSet(productGroup(rows, codes2021, { name: 'sanctioned' }), {
      by: ['partner'],
      flow: 'export',
    });
    const total = (set: typeof mapped, y: string) =>
      Object.values(set).reduce(
        (acc, s) =>
          acc + s.values.reduce<number>((a, v, i) => (s.periods[i]!.startsWith(y) ? a + (v ?? 0) : a), 0),
        0,
      );
    expect(total(mapped, '2021')).toBe(total(naive, '2021'));
    expect(total(mapped, '2021')).toBeCloseTo(after.total21, 0);
    expect(total(mapped, '2022') / total(naive, '2022')).toBeGreaterThan(1.01);
    expect(total(mapped, '2022')).toBeCloseTo(after.total22, 0);
  });
});
