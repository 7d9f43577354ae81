import { describe, expect, it } from 'vitest';
import { type FxTable, makeSeries, OptionsError, UnitMismatchError } from '../../src/index.js';
import { MirrorGapResultSchema, mirrorGap } from '../../src/measures/index.js';
import { expectAllFinite, expectRelClose, fixture, realSeries } from './helpers.js';

const m = fixture.mirror;
const years = Object.keys(m.kgImportsFromEuUsd).sort();
// Kyrgyz imports from "The EU" (NSC, thousand USD → USD). The NSC's EU row includes the UK before 2020.
const kgImports = makeSeries({
  key: { reporter: 'KG', partner: 'EU_CHANGING', flow: 'import', product: 'TOTAL' },
  currency: 'USD',
  start: years[0]!,
  values: years.map((y) => m.kgImportsFromEuUsd[y]!),
});
const ecbAnnual: FxTable = {
  id: 'ecb-annual',
  description: 'ECB euro reference rates, annual mean of daily rates',
  frequency: 'annual',
  perEur: Object.fromEntries(Object.entries(m.usdPerEur).map(([y, usd]) => [y, { USD: usd }])),
};

describe('mirrorGap on real data: EU27_2020 exports to KG against Kyrgyz imports from the EU', () => {
  const r = mirrorGap(realSeries('KG'), kgImports, { fx: ecbAnnual });

  it('converts USD to EUR with the ECB rates, sums the monthly side to years, and matches the reference', () => {
    expect(r.settings).toEqual({
      cifFob: 0.05,
      frequency: 'annual',
      currency: 'EUR',
      importerCurrency: 'USD',
      fx: { id: 'ecb-annual', description: ecbAnnual.description },
    });
    expect(r.byPeriod.map((p) => p.period)).toEqual(m.rows.map((row) => row.period));
    r.byPeriod.forEach((p, i) => {
      const want = m.rows[i]!;
      expect(p.exporter).toBe(want.exporter);
      expect(p.importerOriginal).toBe(want.importerUsd);
      expectRelClose(p.importer, want.importer, 1e-12);
      expectRelClose(p.fxRate, 1 / m.usdPerEur[want.period]!, 1e-12);
      expectRelClose(p.logRatio, want.logRatio, 1e-10);
      expectRelClose(p.gap, want.gap, 1e-10);
      expectRelClose(p.gapPct, want.gapPct, 1e-10);
    });
  });

  it('shows the roundabout signature: after 2022 Kyrgyzstan records far less than the EU says it shipped', () => {
    const gap = (y: string) => r.byPeriod.find((p) => p.period === y)!.gapPct!;
    expect(gap('2021')).toBeGreaterThan(-0.2);
    expect(gap('2022')).toBeLessThan(-0.5);
    expect(gap('2023')).toBeLessThan(-0.6);
    const both = r.total.periods;
    expect(both).toEqual(['2019', '2020', '2021', '2022', '2023']);
    const sumE = m.rows.reduce((a, row) => a + row.exporter, 0);
    const sumI = m.rows.reduce((a, row) => a + row.importer, 0);
    expectRelClose(r.total.exporter, sumE, 1e-12);
    expectRelClose(r.total.logRatio, Math.log(sumI / (sumE * 1.05)), 1e-10);
  });

  it('warns about annual vs monthly, the incomplete year, EU_CHANGING and the unknown partner basis', () => {
    expect(r.warnings).toContain(
      'annual vs monthly: the monthly side is summed to calendar years and compared annually',
    );
    expect(r.warnings).toContain('incomplete years on the exporter side: 2024');
    expect(r.warnings.some((w) => w.startsWith('the pair does not mirror exactly'))).toBe(true);
    expect(
      r.warnings.some((w) => w.startsWith('EU_CHANGING has changing membership (it includes the UK')),
    ).toBe(true);
    expect(r.warnings).toContain("the importer's partner basis (origin or consignment) is not recorded");
    expect(MirrorGapResultSchema.parse(r)).toEqual(r);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

describe('mirrorGap: units, options and edge cases', () => {
  const eu = makeSeries({
    key: { reporter: 'EU27_2020', partner: 'AM', flow: 'export', product: 'TOTAL' },
    currency: 'EUR',
    start: '2022-01',
    values: [100, 200, 0, null],
  });
  const am = (notes: string[], currency: 'EUR' | 'USD' = 'EUR') =>
    makeSeries({
      key: { reporter: 'AM', partner: 'EU27_2020', flow: 'import', product: 'TOTAL' },
      currency,
      start: '2022-01',
      values: [126, 200, 5, 7],
      notes,
    });

  it('applies the CIF/FOB allowance and gives null, not NaN, for zero or missing values', () => {
    const r = mirrorGap(eu, am(['partnerBasis: consignment']));
    expect(r.byPeriod[0]).toMatchObject({ exporter: 100, importer: 126, fxRate: 1 });
    expect(r.byPeriod[0]!.gap).toBeCloseTo(21, 10);
    expect(r.byPeriod[0]!.gapPct).toBeCloseTo(0.2, 12);
    expect(r.byPeriod[0]!.logRatio).toBeCloseTo(Math.log(1.2), 12);
    expect(r.byPeriod[2]).toMatchObject({ exporter: 0, logRatio: null, gapPct: null });
    expect(r.byPeriod[2]!.gap).toBe(5);
    expect(r.byPeriod[3]).toMatchObject({ exporter: null, gap: null, logRatio: null });
    expect(r.total.periods).toEqual(['2022-01', '2022-02', '2022-03']);
    expect(r.warnings).toContain('one side has no value in 2022-04');
    expect(r.warnings.some((w) => w.includes('partner basis'))).toBe(false);
    const noAllowance = mirrorGap(eu, am([]), { cifFob: 0 });
    expect(noAllowance.byPeriod[1]!.logRatio).toBe(0);
    expectAllFinite(r);
  });

  it('never mixes currencies silently: fx is required and recorded', () => {
    expect(() => mirrorGap(eu, am([], 'USD'))).toThrow(UnitMismatchError);
    const monthlyFx: FxTable = {
      id: 'fx-test',
      description: 'test rates',
      frequency: 'monthly',
      perEur: { '2022-01': { USD: 1.25 }, '2022-02': { USD: 1.0 }, '2022-03': { USD: 1.0 } },
    };
    const r = mirrorGap(eu, am([], 'USD'), { fx: monthlyFx });
    expect(r.settings.fx).toEqual({ id: 'fx-test', description: 'test rates' });
    expect(r.byPeriod[0]).toMatchObject({ importerOriginal: 126, fxRate: 0.8 });
    expect(r.byPeriod[0]!.importer).toBeCloseTo(100.8, 10);
    expect(r.byPeriod[3]!.importer).toBeNull(); // no rate for 2022-04
    expect(r.warnings).toContain('no exchange rate for 2022-04: those periods are null');
  });

  it('warns when the importer reports by country of origin', () => {
    const r = mirrorGap(eu, am(['Armenia imports by country of origin']));
    expect(r.warnings.some((w) => w.startsWith('the importer reports by country of origin'))).toBe(true);
  });

  it('refuses wrong flows and a CIF/FOB allowance outside [0, 1)', () => {
    expect(() => mirrorGap(eu, eu as never)).toThrow(OptionsError);
    expect(() => mirrorGap(am([]) as never, am([]))).toThrow(OptionsError);
    expect(() => mirrorGap(eu, am([]), { cifFob: -0.1 })).toThrow(OptionsError);
  });
});
