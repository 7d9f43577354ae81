import { describe, expect, it } from 'vitest';
import { syntheticControl } from '../../src/baselines/synthetic-control.js';
import { InsufficientDataError } from '../../src/errors.js';
import { makeSeries, type Series } from '../../src/model/series.js';

// SYNTHETIC monthly series 2019-01..2022-12 (48 months); the target's fit window is 2019-01..2022-01.
const months = (f: (t: number) => number) => Array.from({ length: 48 }, (_, t) => f(t));
const wiggle = (t: number, seed: number) => Math.sin(t * 1.7 + seed) * 0.5 + Math.cos(t * 0.61 * seed) * 0.3;
const kg = makeSeries({
  key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
  currency: 'EUR',
  start: '2019-01',
  values: months((t) => 2e7 * (2 + Math.sin(t / 1.9)) * (t >= 38 ? 3 : 1)),
});
const donor = (partner: string, f: (t: number) => number): Series<'EUR'> =>
  makeSeries({ key: { ...kg.key, partner }, currency: 'EUR', start: '2019-01', values: months(f) });
// Syria tracks KG's pre-war path exactly (an unconstrained pool would pick it); the US and Japan move on their own.
const sy = donor('SY', (t) => 1e7 * (2 + Math.sin(t / 1.9)));
const us = donor('US', (t) => 3e10 * (2 + wiggle(t, 1)));
const jp = donor('JP', (t) => 8e9 * (2 + wiggle(t, 2)));
const ch = donor('CH', (t) => 5e9 * (2 + 0.8 * Math.sin(t / 1.9) + 0.1 * wiggle(t, 3)));

describe('syntheticControl donors are clean controls by default', () => {
  it('leaves out a donor at war (Syria) by default, says so, and keeps it with excludeDonors: none', () => {
    const auto = syntheticControl().fit(kg, { donors: [sy, us, jp, ch] });
    expect(Object.keys(auto.settings.weights as object)).toEqual(['US', 'JP', 'CH']);
    expect(auto.warnings.join(' ')).toMatch(
      /left out 1 donor\(s\) that are not clean controls: SY \(war, sanctions\)/,
    );
    const model = auto.settings.model as { excludedDonors: Record<string, string[]> };
    expect(model.excludedDonors.SY![0]).toMatch(/^war: civil war since 2011/);
    const none = syntheticControl({ excludeDonors: 'none' }).fit(kg, { donors: [sy, us, jp, ch] });
    expect((none.settings.weights as Record<string, number>).SY).toBeGreaterThan(0.99);
    const list = syntheticControl({ excludeDonors: ['US'] }).fit(kg, { donors: [sy, us, jp, ch] });
    expect(Object.keys(list.settings.weights as object)).toEqual(['SY', 'JP', 'CH']);
  });

  it("leaves out the sanctioned country's hubs when told which country is sanctioned", () => {
    const ge = donor('GE', (t) => 1e8 * (2 + Math.sin(t / 1.9)));
    const plain = syntheticControl().fit(kg, { donors: [ge, us] });
    expect(Object.keys(plain.settings.weights as object)).toEqual(['GE', 'US']);
    const ru = syntheticControl({ sanctioned: 'RU' }).fit(kg, { donors: [ge, us] });
    expect(Object.keys(ru.settings.weights as object)).toEqual(['US']);
  });

  it('throws a typed error naming the reasons when every donor is left out', () => {
    expect(() => syntheticControl().fit(kg, { donors: [sy] })).toThrow(InsufficientDataError);
    expect(() => syntheticControl().fit(kg, { donors: [sy] })).toThrow(/SY \(war, sanctions\)/);
  });
});

describe('syntheticControl donor-quality diagnostics', () => {
  it('reports a good fit without warnings about the donors', () => {
    const cf = syntheticControl().fit(kg, { donors: [ch, us, jp] });
    const m = cf.settings.model as { rmspeRatio: number; maxWeight: number; effectiveDonors: number };
    expect(m.rmspeRatio).toBeLessThan(0.3);
    expect(m.effectiveDonors).toBeGreaterThanOrEqual(1);
    expect(m.maxWeight).toBeLessThanOrEqual(1);
    expect(cf.warnings.join(' ')).not.toMatch(/poorly|implausible/);
  });

  it('warns when the donors cannot reproduce the target, and when one donor carries the weight', () => {
    const cf = syntheticControl().fit(kg, { donors: [us, jp] });
    const m = cf.settings.model as { rmspeRatio: number };
    expect(m.rmspeRatio).toBeGreaterThan(Math.SQRT1_2);
    expect(cf.warnings.join(' ')).toMatch(/the donors fit the target's pre-period poorly: RMSPE is \d+%/);
    const one = syntheticControl().fit(kg, { donors: [ch, us] });
    expect(one.warnings.join(' ')).toMatch(/one donor, CH, carries \d+% of the weight/);
  });

  it('warns when the weight sits on donors far smaller than the target', () => {
    const tiny = donor('TV', (t) => 1e5 * (2 + Math.sin(t / 1.9)));
    const cf = syntheticControl().fit(kg, { donors: [tiny, us] });
    expect(cf.warnings.join(' ')).toMatch(/of the weight is on donors smaller than 5% of the target \(TV\)/);
  });
});
