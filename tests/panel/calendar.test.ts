import { describe, expect, it } from 'vitest';
import { makeSeries, OptionsError, type Series, UnitMismatchError } from '../../src/index.js';
import {
  alignSeries,
  rebase,
  rollingSum,
  slice,
  toAnnual,
  toSeries,
  yearOnYear,
} from '../../src/panel/index.js';
import { obs } from './helpers.js';

const key = { reporter: 'EU27_2020', partner: 'KG', flow: 'export' as const, product: 'TOTAL' };
const monthly = (start: string, values: (number | null)[]): Series<'EUR'> =>
  makeSeries({ key, currency: 'EUR', start, values });

describe('toAnnual', () => {
  const twoYears = monthly('2021-01', [
    ...Array.from({ length: 12 }, (_, i) => i + 1),
    ...Array.from({ length: 11 }, () => 10),
    null,
  ]);

  it('sums months into calendar years; a year with a gap is null under require all', () => {
    const a = toAnnual(twoYears);
    expect(a.frequency).toBe('annual');
    expect(a.periods).toEqual(['2021', '2022']);
    expect(a.values).toEqual([78, null]);
    expect(a.status).toEqual(['reported', 'missing']);
    expect(a.currency).toBe('EUR');
    expect(a.notes.join('\n')).toMatch(/calendar-year sums of months \(require all\)/);
  });

  it('with require any sums the months it has and notes the partial year', () => {
    const a = toAnnual(twoYears, { require: 'any' });
    expect(a.values).toEqual([78, 110]);
    expect(a.notes.join('\n')).toMatch(/partial year in 2022/);
  });

  it('counts months outside the series as gaps (a partial first year)', () => {
    const a = toAnnual(monthly('2021-11', [1, 2, 3]));
    expect(a.periods).toEqual(['2021', '2022']);
    expect(a.values).toEqual([null, null]);
    expect(toAnnual(monthly('2021-11', [1, 2, 3]), { require: 'any' }).values).toEqual([3, 3]);
  });

  it('keeps negligible months counted as zero (ONS style) and refuses an annual series', () => {
    const s: Series<'EUR'> = {
      ...monthly(
        '2021-01',
        Array.from({ length: 12 }, () => 5),
      ),
    };
    const withNegligible = {
      ...s,
      values: s.values.map((v, i) => (i === 3 ? 0 : v)),
      status: s.status.map((x, i) => (i === 3 ? 'negligible' : x)),
    } as Series<'EUR'>;
    expect(toAnnual(withNegligible).values).toEqual([55]);
    expect(toAnnual(withNegligible).status).toEqual(['reported']);
    expect(() => toAnnual(toAnnual(s))).toThrow(OptionsError);
  });
});

describe('ONS-style annual sums', () => {
  // UK exports to KG in whole £ million; months below £0.5 m are absent from the file, i.e. negligible.
  const months = Array.from({ length: 12 }, (_, i) => `2021-${String(i + 1).padStart(2, '0')}`);
  const input = months.map((period, i) =>
    i % 4 === 0
      ? obs<'GBP'>({
          reporter: 'GB',
          currency: 'GBP',
          period,
          value: null,
          status: 'negligible',
          roundingUnit: 1e6,
        })
      : obs<'GBP'>({ reporter: 'GB', currency: 'GBP', period, value: 2e6, roundingUnit: 1e6 }),
  );
  const gb = { reporter: 'GB', partner: 'KG', flow: 'export' } as const;

  it('count negligible months as zero with negligibleAs zero, the rounding noted', () => {
    const annual = toAnnual(toSeries(input, { ...gb, negligibleAs: 'zero' }));
    expect(annual.values).toEqual([18e6]);
    expect(annual.currency).toBe('GBP');
    expect(annual.notes.join('\n')).toMatch(
      /rounding unit of 1000000\) counted as zero in 2021-01, 2021-05, 2021-09/,
    );
  });

  it('are null by default, when negligible months are not values', () => {
    expect(toAnnual(toSeries(input, gb)).values).toEqual([null]);
    expect(toAnnual(toSeries(input, gb)).status).toEqual(['negligible']);
  });
});

describe('alignSeries and slice', () => {
  const a = monthly('2021-11', [1, 2, 3]);
  const b = monthly('2022-01', [10, null, 30, 40]);

  it('lays series on the union of their spans, gaps stay gaps', () => {
    const [x, y] = alignSeries([a, b]);
    expect(x.periods).toEqual(['2021-11', '2021-12', '2022-01', '2022-02', '2022-03', '2022-04']);
    expect(x.values).toEqual([1, 2, 3, null, null, null]);
    expect(y.values).toEqual([null, null, 10, null, 30, 40]);
    expect(y.status).toEqual(['missing', 'missing', 'reported', 'missing', 'reported', 'reported']);
  });

  it('or on their intersection', () => {
    const [x, y] = alignSeries([a, b], { span: 'intersection' });
    expect(x.periods).toEqual(['2022-01']);
    expect(y.values).toEqual([10]);
    const [e] = alignSeries([a, monthly('2023-01', [1])], { span: 'intersection' });
    expect(e.periods).toEqual([]);
  });

  it('refuses series of different frequencies', () => {
    expect(() => alignSeries([a, toAnnual(a)])).toThrow(UnitMismatchError);
  });

  it('slice clips to the window and never invents periods', () => {
    expect(slice(b, '2022-02', '2022-03').values).toEqual([null, 30]);
    expect(slice(b, '2022-03').periods).toEqual(['2022-03', '2022-04']);
    expect(slice(b, undefined, '2022-01').periods).toEqual(['2022-01']);
    expect(slice(b, '2019-01', '2030-12').periods).toEqual(b.periods);
    expect(slice(b, '2025-01', '2025-02').periods).toEqual([]);
    expect(() => slice(b, '2022', '2023')).toThrow(OptionsError);
    expect(() => slice(b, '2022-03', '2022-01')).toThrow(OptionsError);
  });

  it('slice keeps the type of an index series', () => {
    const idx = rebase(b, { base: '2022-01' });
    const cut = slice(idx, '2022-03');
    expect(cut.unit).toBe('index');
    expect(cut.values).toEqual([300, 400]);
  });
});

describe('rollingSum and yearOnYear', () => {
  it('rollingSum is null for an incomplete window or any null inside it', () => {
    const s = rollingSum(monthly('2022-01', [1, 2, 3, null, 5, 6]), 2);
    expect(s.values).toEqual([null, 3, 5, null, null, 11]);
    expect(() => rollingSum(s, 0)).toThrow(OptionsError);
    expect(() => rollingSum(s, 1.5)).toThrow(OptionsError);
  });

  it('yearOnYear is a fraction, null where the base is null or 0', () => {
    const annual = makeSeries({ key, currency: 'EUR', start: '2019', values: [0, 100, 125, null, 10] });
    const g = yearOnYear(annual);
    expect(g.unit).toBe('fraction');
    expect(g.periods).toEqual(['2019', '2020', '2021', '2022', '2023']);
    expect(g.values).toEqual([null, null, 0.25, null, null]);
    const m = yearOnYear(monthly('2021-01', [...Array.from({ length: 12 }, () => 10), 15]));
    expect(m.values.at(-1)).toBeCloseTo(0.5, 12);
    expect(m.values.slice(0, 12).every((v) => v === null)).toBe(true);
  });
});
