import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  addPeriods,
  frequencyOf,
  fromMonthIndex,
  monthIndex,
  OptionsError,
  parseComextPeriod,
  periodRange,
} from '../../src/index.js';

describe('periods', () => {
  it('parseComextPeriod reads the labels Comext exports print, in English and French', () => {
    expect(parseComextPeriod('Oct. 2019')).toBe('2019-10');
    expect(parseComextPeriod('201910-Oct. 2019')).toBe('2019-10');
    expect(parseComextPeriod('201952-Jan.-Dec. 2019')).toBe('2019');
    expect(parseComextPeriod('Jan.-Dec. 2016')).toBe('2016');
    expect(parseComextPeriod('Janv.-Déc. 2016')).toBe('2016');
    expect(parseComextPeriod('2019M03')).toBe('2019-03');
    expect(parseComextPeriod('Y2019')).toBe('2019');
    expect(parseComextPeriod('Sept. 2020')).toBe('2020-09');
    expect(parseComextPeriod('Q1 2020')).toBeUndefined();
    expect(parseComextPeriod('201913')).toBeUndefined();
  });

  it('periodRange spans a year boundary and refuses mixed frequencies', () => {
    expect(periodRange('2021-11', '2022-02')).toEqual(['2021-11', '2021-12', '2022-01', '2022-02']);
    expect(() => periodRange('2021', '2022-02')).toThrow(OptionsError);
    expect(frequencyOf('2021')).toBe('annual');
  });

  test.prop([fc.integer({ min: 1900 * 12, max: 2100 * 12 }), fc.integer({ min: -500, max: 500 })])(
    'monthIndex and fromMonthIndex are inverse, and addPeriods moves by whole months',
    (i, n) => {
      const p = fromMonthIndex(i);
      expect(monthIndex(p)).toBe(i);
      expect(monthIndex(addPeriods(p, n)) - i).toBe(n);
    },
  );
});
