import { describe, expect, it } from 'vitest';
import {
  DataValidationError,
  type FxTable,
  InsufficientDataError,
  makeSeries,
  OptionsError,
  type Series,
  UnitMismatchError,
} from '../../src/index.js';
import { convertCurrency, deflate, difference, ratio, rebase, unrebase } from '../../src/panel/index.js';

const key = (product = 'TOTAL') => ({
  reporter: 'EU27_2020',
  partner: 'KG',
  flow: 'export' as const,
  product,
});
const eur = makeSeries({ key: key(), currency: 'EUR', start: '2021', values: [263.2e6, 1170.9e6, null] });

// ECB annual averages of daily reference rates (units per EUR).
const FX: FxTable = {
  id: 'ecb-annual',
  description: 'ECB euro reference rates, annual mean of daily rates',
  frequency: 'annual',
  perEur: { '2021': { USD: 1.1827, GBP: 0.8596 }, '2022': { USD: 1.053, GBP: 0.85276 } },
};

describe('convertCurrency', () => {
  it('converts with units per EUR, changes the currency, notes the FX source, never reuses a rate', () => {
    const usd = convertCurrency(eur, 'USD', FX);
    expect(usd.currency).toBe('USD');
    expect(usd.values[0]).toBeCloseTo(263.2e6 * 1.1827, 3);
    expect(usd.values[1]).toBeCloseTo(1170.9e6 * 1.053, 3);
    expect(usd.values[2]).toBeNull();
    expect(usd.notes.join('\n')).toMatch(/EUR → USD with ecb-annual \(ECB euro reference rates/);
    const longer = makeSeries({ key: key(), currency: 'EUR', start: '2021', values: [1, 2, 3, 4] });
    const c = convertCurrency(longer, 'USD', FX);
    expect(c.values.slice(2)).toEqual([null, null]);
    expect(c.status.slice(2)).toEqual(['missing', 'missing']);
    expect(c.notes.join('\n')).toMatch(
      /warning: convertCurrency: no ecb-annual rate for 2023, 2024; set to null/,
    );
  });

  it('goes through EUR between GBP and USD', () => {
    const gbp = makeSeries({ key: key(), currency: 'GBP', start: '2022', values: [100] });
    const usd = convertCurrency(gbp, 'USD', FX);
    expect(usd.values[0]).toBeCloseTo((100 / 0.85276) * 1.053, 10);
    expect(usd.notes.join('\n')).toMatch(/cross rate through EUR/);
  });

  it('refuses FX rates of another frequency, and invalid rates', () => {
    const monthly = makeSeries({ key: key(), currency: 'EUR', start: '2022-01', values: [1] });
    expect(() => convertCurrency(monthly, 'USD', FX)).toThrow(UnitMismatchError);
    const bad: FxTable = { ...FX, perEur: { '2021': { USD: 0 } } };
    expect(() => convertCurrency(eur, 'USD', bad)).toThrow(DataValidationError);
    expect(() => convertCurrency(eur, 'USD', bad)).toThrow(/perEur\.2021\.USD/);
  });
});

describe('deflate', () => {
  it('expresses values at base-period prices and nulls periods without an index level', () => {
    const real = deflate(eur, { '2021': 100, '2022': 108 }, { base: '2021', name: 'HICP' });
    expect(real.values[0]).toBeCloseTo(263.2e6, 3);
    expect(real.values[1]).toBeCloseTo(1170.9e6 / 1.08, 3);
    expect(real.values[2]).toBeNull();
    expect(real.notes.join('\n')).toMatch(/constant prices of 2021 by HICP/);
    const full = makeSeries({ key: key(), currency: 'EUR', start: '2021', values: [1, 2, 3] });
    const d = deflate(full, { '2021': 100, '2022': 108 }, { base: '2021' });
    expect(d.values[2]).toBeNull();
    expect(d.notes.join('\n')).toMatch(/warning: deflate: no price index level for 2023/);
  });

  it('takes a base window mean and an index series, and refuses another frequency', () => {
    const idx = { periods: ['2021', '2022', '2023'], values: [100, 110, 121] };
    const full = makeSeries({ key: key(), currency: 'EUR', start: '2021', values: [100, 110, 121] });
    const d = deflate(full, idx, { base: ['2021', '2022'] });
    for (const v of d.values) expect(v).toBeCloseTo(105, 9);
    expect(() => deflate(full, { '2021-01': 100 }, { base: '2021' })).toThrow(UnitMismatchError);
    expect(() => deflate(full, { '2022': 100 }, { base: '2021' })).toThrow(InsufficientDataError);
  });
});

describe('rebase and unrebase', () => {
  const s = makeSeries({ key: key(), currency: 'EUR', start: '2021-01', values: [50, 150, null, 300] });

  it('rebase gives an index (base = 100) without a currency, and unrebase restores the money series', () => {
    const idx = rebase(s, { base: ['2021-01', '2021-02'] });
    expect(idx.unit).toBe('index');
    expect('currency' in idx).toBe(false);
    expect(idx.values).toEqual([50, 150, null, 300]);
    expect(idx.base).toEqual({ from: '2021-01', to: '2021-02', value: 100, currency: 'EUR' });
    const back = unrebase(idx);
    expect(back).toEqual(s);
  });

  it('refuses a base outside the series, with a gap, or at zero', () => {
    expect(() => rebase(s, { base: '2020-12' })).toThrow(OptionsError);
    expect(() => rebase(s, { base: '2021-03' })).toThrow(InsufficientDataError);
    const zero = makeSeries({ key: key(), currency: 'EUR', start: '2021-01', values: [0, 1] });
    expect(() => rebase(zero, { base: '2021-01' })).toThrow(InsufficientDataError);
    expect(() => rebase(s, { base: '2021' })).toThrow(OptionsError);
  });
});

describe('ratio and difference', () => {
  const a = makeSeries({
    key: key('sanctioned'),
    currency: 'EUR',
    start: '2022-01',
    values: [30, null, 10, 5],
  });
  const b = makeSeries({ key: key(), currency: 'EUR', start: '2022-01', values: [100, 50, 0, 10] });

  it('ratio is dimensionless, null where the denominator is null or zero', () => {
    const r = ratio(a, b);
    expect(r.unit).toBe('ratio');
    expect(r.values).toEqual([0.3, null, null, 0.5]);
    expect(r.key.product).toBe('sanctioned/TOTAL');
    expect('currency' in r).toBe(false);
  });

  it('difference stays in the currency and may be negative', () => {
    const d = difference(a, b);
    expect(d.currency).toBe('EUR');
    expect(d.values).toEqual([-70, null, 10, -5]);
  });

  it('a cast around the types still throws UnitMismatchError', () => {
    const gbp = makeSeries({ key: key(), currency: 'GBP', start: '2022-01', values: [1, 2, 3, 4] });
    expect(() => ratio(a, gbp as unknown as Series<'EUR'>)).toThrow(UnitMismatchError);
    expect(() => difference(a, gbp as unknown as Series<'EUR'>)).toThrow(UnitMismatchError);
    const shifted = makeSeries({ key: key(), currency: 'EUR', start: '2022-02', values: [1, 2, 3, 4] });
    expect(() => ratio(a, shifted)).toThrow(OptionsError);
  });
});
