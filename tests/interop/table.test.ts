import { describe, expect, it } from 'vitest';
import { makeSeries, OptionsError } from '../../src/index.js';
import { toTable } from '../../src/interop/table.js';
import { rebase, toSeriesSet } from '../../src/panel/index.js';
import { obs } from '../panel/helpers.js';

const key = (partner: string) => ({
  reporter: 'EU27_2020',
  partner,
  flow: 'export' as const,
  product: 'TOTAL',
});
const kg = makeSeries({ key: key('KG'), currency: 'EUR', start: '2022-01', values: [30e6, null, 90e6] });
const am = makeSeries({ key: key('AM'), currency: 'EUR', start: '2022-02', values: [5] });

describe('toTable', () => {
  it('puts a series in long format: key columns, period, value, status', () => {
    const t = toTable(kg);
    expect(t.columnNames()).toEqual([
      'reporter',
      'partner',
      'flow',
      'product',
      'frequency',
      'unit',
      'period',
      'value',
      'status',
    ]);
    expect(t.numRows()).toBe(3);
    expect(t.objects()[1]).toEqual({
      reporter: 'EU27_2020',
      partner: 'KG',
      flow: 'export',
      product: 'TOTAL',
      frequency: 'monthly',
      unit: 'EUR',
      period: '2022-02',
      value: null,
      status: 'missing',
    });
  });

  it('stacks a list of series, and a set from toSeriesSet; index series carry their unit', () => {
    const t = toTable([kg, am, rebase(kg, { base: '2022-01' })]);
    expect(t.numRows()).toBe(7);
    expect(t.array('partner')).toEqual(['KG', 'KG', 'KG', 'AM', 'KG', 'KG', 'KG']);
    expect(t.array('unit')).toEqual(['EUR', 'EUR', 'EUR', 'EUR', 'index', 'index', 'index']);
    expect(t.array('value').slice(4)).toEqual([100, null, 300]);
    const set = toSeriesSet([obs({ partner: 'KG', value: 1 }), obs({ partner: 'AM', value: 2 })], {
      by: ['partner'],
      flow: 'export',
    });
    const st = toTable(set);
    expect(st.array('partner')).toEqual(['AM', 'KG']);
    expect(st.array('value')).toEqual([2, 1]);
    // An arquero verb works on it.
    expect(st.rollup({ total: 'd => op.sum(d.value)' }).get('total', 0)).toBe(3);
  });

  it('turns plain result records into rows, flattening nested records', () => {
    const t = toTable([
      { partner: 'KG', excess: 0.8, interval: { lower: 0.5, upper: 1.1, level: 0.95 } },
      {
        partner: 'AM',
        excess: 0.3,
        interval: { lower: null, upper: null, level: 0.95 },
        note: 'short window',
      },
    ]);
    expect(t.columnNames()).toEqual([
      'partner',
      'excess',
      'interval_lower',
      'interval_upper',
      'interval_level',
      'note',
    ]);
    expect(t.array('interval_upper')).toEqual([1.1, null]);
    expect(t.array('note')).toEqual([undefined, 'short window']);
  });

  it('refuses a mix of series and records, non-records, and colliding flattened names', () => {
    expect(() => toTable([kg, { a: 1 }] as never)).toThrow(OptionsError);
    expect(() => toTable([1, 2] as never)).toThrow(OptionsError);
    expect(() => toTable([{ a_b: 1, a: { b: 2 } }])).toThrow(/a_b/);
    expect(toTable([]).numRows()).toBe(0);
  });
});
