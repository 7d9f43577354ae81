import { OptionsError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import type { Series } from '../model/series.js';
import { weakerKnown, weakerNull } from './internal/combine.js';
import { listPeriods } from './internal/periods.js';
import {
  checkSameCurrency,
  checkSamePeriods,
  checkSeries,
  mergeNotes,
  mergeSources,
} from './internal/series.js';

/** Options of {@link otherGoods}. */
export interface OtherGoodsOptions {
  /** Product label of the result. Default `'other'`. */
  readonly name?: string;
}

/**
 * Other goods = total − group, period by period (e.g. all goods but the sanctioned ones).
 *
 * Both series must have the same reporter, partner, flow, currency, frequency and periods (build both from one
 * vintage: the DERIVED member-state totals file shares its extraction with the sanctioned-goods file). A period
 * where either is `null` is `null`. A negative difference (the group exceeds the total: revisions, confidential
 * codes) is not a value: it becomes `null` (status `missing`) and a note lists those periods. O(periods).
 *
 * @typeParam C - the common currency
 * @param total - the all-goods series
 * @param group - the group's series
 * @param options - `name` of the result's product label
 * @returns total − group, keyed like `total` with product `name`
 * @throws {UnitMismatchError} if currencies or frequencies differ
 * @throws {OptionsError} if periods, reporter, partner or flow differ
 * @example
 * const total = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' }, currency: 'EUR', start: '2022-01', values: [100, 50] });
 * const sanctioned = makeSeries({ key: { ...total.key, product: 'sanctioned' }, currency: 'EUR', start: '2022-01',
 *   values: [30, 60] });
 * otherGoods(total, sanctioned).values; // => [70, null] (negative → null, with a warning note)
 */
export function otherGoods<C extends Currency>(
  total: Series<C>,
  group: Series<NoInfer<C>>,
  options: OtherGoodsOptions = {},
): Series<C> {
  const fn = 'otherGoods';
  checkSeries(fn, total, 'total');
  checkSeries(fn, group, 'group');
  checkSameCurrency(fn, total, group);
  checkSamePeriods(fn, total, group);
  for (const k of ['reporter', 'partner', 'flow'] as const) {
    if (total.key[k] !== group.key[k]) {
      throw new OptionsError(
        `${fn} requires one ${k}, got ${total.key[k]} (total) and ${group.key[k]} (group)`,
      );
    }
  }
  const name = options.name ?? 'other';
  const n = total.periods.length;
  const values = new Array<number | null>(n);
  const status = new Array<Series['status'][number]>(n);
  const negative: string[] = [];
  for (let j = 0; j < n; j++) {
    const a = { value: total.values[j]!, status: total.status[j]! };
    const b = { value: group.values[j]!, status: group.status[j]! };
    if (a.value === null || b.value === null) {
      values[j] = null;
      status[j] = weakerNull(a, b);
      continue;
    }
    const d = a.value - b.value;
    if (d < 0 || !Number.isFinite(d)) {
      values[j] = null;
      status[j] = 'missing';
      negative.push(total.periods[j]!);
      continue;
    }
    values[j] = d;
    status[j] = weakerKnown(a.status, b.status);
  }
  const notes = mergeNotes(total, group);
  notes.push(`${fn}: ${name} = ${total.key.product} − ${group.key.product}`);
  if (negative.length > 0) {
    notes.push(
      `warning: ${fn}: ${group.key.product} exceeds ${total.key.product} in ${listPeriods(negative)}; set to null`,
    );
  }
  return {
    key: { ...total.key, product: name },
    frequency: total.frequency,
    currency: total.currency,
    periods: [...total.periods],
    values,
    status,
    sources: mergeSources(total, group),
    notes,
  };
}
