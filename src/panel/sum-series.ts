import { AggregateMixError, OptionsError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import type { Series, SeriesKey } from '../model/series.js';
import { listCodes } from './internal/build.js';
import { checkCountryMix } from './internal/checks.js';
import { combine, policyOf } from './internal/combine.js';
import { listPeriods } from './internal/periods.js';
import {
  checkSameCurrency,
  checkSamePeriods,
  checkSeries,
  keyText,
  mergeNotes,
  mergeSources,
} from './internal/series.js';
import type { IncompletePolicy } from './types.js';

/** Options of {@link sumSeries}. */
export interface SumSeriesOptions {
  /** Key of the result, e.g. `{ reporter: 'EU27_SUM', partner: 'KG', flow: 'export', product: 'TOTAL' }`. */
  readonly key: SeriesKey;
  /** What to do in a period where some series are `null`; default `'null'`. See {@link IncompletePolicy}. */
  readonly incomplete?: IncompletePolicy;
}

/** Refuse product labels that overlap: TOTAL with anything, or a code with a code beneath it (`HS:27`, `CN:27090010`). */
function checkProductLabels(fn: string, labels: readonly string[]): void {
  const set = [...new Set(labels)];
  if (set.length <= 1) return;
  if (set.includes('TOTAL')) {
    throw new AggregateMixError(
      `${fn} would sum TOTAL with ${set.find((l) => l !== 'TOTAL')}, which it contains`,
    );
  }
  const codes = new Set(
    set.map((l) => /^(?:HS|CN):(\d+)$/.exec(l)?.[1]).filter((c): c is string => c !== undefined),
  );
  for (const c of codes) {
    for (let l = 2; l < c.length; l += 2) {
      if (codes.has(c.slice(0, l))) {
        throw new AggregateMixError(
          `${fn} would sum product ${c.slice(0, l)} with ${c} beneath it (double counting)`,
        );
      }
    }
  }
}

/**
 * Sum several series period by period (e.g. member states into an aggregate, or sanctioned + other goods).
 *
 * The series must share currency, frequency and periods (use `alignSeries` first). A period where some series are
 * `null` is `null` (default) or, with `incomplete: 'lowerBound'`, the sum of the known values, noted as a lower
 * bound. The status is the weakest of the parts. Sources and notes of the parts are kept. O(series × periods).
 *
 * @typeParam C - the common currency
 * @param series - one or more series
 * @param options - `key` of the result and `incomplete`
 * @returns the sum, with `key`
 * @throws {UnitMismatchError} if currencies or frequencies differ (also when the types were cast around)
 * @throws {OptionsError} if periods differ, the list is empty, or a key occurs twice
 * @throws {AggregateMixError} if an aggregate reporter or partner is summed with others, or TOTAL with a product
 * @example
 * const key = (reporter: string) => ({ reporter, partner: 'KG', flow: 'export' as const, product: 'TOTAL' });
 * const de = makeSeries({ key: key('DE'), currency: 'EUR', start: '2022-01', values: [1, 2, null] });
 * const fr = makeSeries({ key: key('FR'), currency: 'EUR', start: '2022-01', values: [10, 20, 30] });
 * sumSeries([de, fr], { key: key('DE+FR') }).values; // => [11, 22, null]
 * sumSeries([de, fr], { key: key('DE+FR'), incomplete: 'lowerBound' }).values; // => [11, 22, 30]
 */
export function sumSeries<C extends Currency>(
  series: readonly Series<C>[],
  options: SumSeriesOptions,
): Series<C> {
  const fn = 'sumSeries';
  if (series.length === 0) throw new OptionsError(`${fn} requires at least one series`);
  const first = series[0]!;
  series.forEach((s, i) => {
    checkSeries(fn, s, `series[${i}]`);
    checkSameCurrency(fn, first, s);
    checkSamePeriods(fn, first, s);
  });
  const keys = new Set<string>();
  for (const s of series) {
    const k = keyText(s.key);
    if (keys.has(k)) throw new OptionsError(`${fn} got the series ${k} twice`);
    keys.add(k);
  }
  checkCountryMix(
    fn,
    'reporter',
    series.map((s) => s.key.reporter),
  );
  checkCountryMix(
    fn,
    'partner',
    series.map((s) => s.key.partner),
  );
  checkProductLabels(
    fn,
    series.map((s) => s.key.product),
  );
  const policy = policyOf({ incomplete: options.incomplete });
  const n = first.periods.length;
  const values = new Array<number | null>(n);
  const status = new Array<Series['status'][number]>(n);
  const lower: string[] = [];
  for (let j = 0; j < n; j++) {
    const c = combine(
      series.map((s) => ({ value: s.values[j]!, status: s.status[j]! })),
      policy,
    );
    values[j] = c.value;
    status[j] = c.status;
    if (c.lowerBound) lower.push(first.periods[j]!);
  }
  const notes = mergeNotes(...series);
  notes.push(`${fn}: sum of ${series.length} series (${listCodes([...keys], 4)})`);
  if (lower.length > 0) notes.push(`${fn}: lower bound in ${listPeriods(lower)} (null parts left out)`);
  return {
    key: options.key,
    frequency: first.frequency,
    currency: first.currency,
    periods: [...first.periods],
    values,
    status,
    sources: mergeSources(...series),
    notes,
  };
}
