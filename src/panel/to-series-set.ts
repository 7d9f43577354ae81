import { OptionsError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import type { TradeObservation } from '../model/observation.js';
import type { Series } from '../model/series.js';
import { buildSeries, keyOf } from './internal/build.js';
import { policyOf } from './internal/combine.js';
import { compileFilter, describeFilter, type ObservationFilter } from './internal/filter.js';
import { productLabel } from './internal/products.js';
import type { PanelObservation, SeriesLabels, SumOptions } from './types.js';

/** A dimension a set of series can be split by. */
export type SeriesDimension = 'reporter' | 'partner' | 'flow' | 'product';

/**
 * Many series keyed by a string: the values of the `by` dimensions joined with `|` (e.g. `'KG'`, or
 * `'DE|KG'` for `by: ['reporter', 'partner']`; products by their label such as `HS:27` or `TOTAL`). A plain,
 * JSON-serialisable record with keys in sorted order.
 *
 * @typeParam C - the currency of every series
 */
export type SeriesSet<C extends Currency = Currency> = Readonly<Record<string, Series<C>>>;

/** Options of {@link toSeriesSet}: the dimensions to split by, a filter, the summing rules and key labels. */
export interface ToSeriesSetOptions<K extends Currency = Currency> extends ObservationFilter<K>, SumOptions {
  /** Dimensions that make one series each (at least one, no repeats). Other dimensions are filtered or summed. */
  readonly by: readonly SeriesDimension[];
  /** Labels for the key fields of dimensions that are summed rather than split. */
  readonly label?: SeriesLabels;
}

function dimensionValue(o: TradeObservation, d: SeriesDimension): string {
  switch (d) {
    case 'reporter':
      return o.reporter;
    case 'partner':
      return o.partner;
    case 'flow':
      return o.flow;
    case 'product':
      return productLabel(o.product);
  }
}

/**
 * Build many series at once, one per value of the `by` dimensions (e.g. one per partner for a panel of
 * destinations), with the same rules as {@link toSeries} applied to each.
 *
 * The input is filtered and indexed once, so building 10,000 series from 1,000,000 observations takes about a
 * second: O(n) in the number of observations plus O(periods) per series. Dimensions not in `by` are filtered by the
 * options or summed (with the same refusals as `toSeries`: never an aggregate with its members). A key with no
 * matching observation has no entry; an empty input gives an empty set.
 *
 * @typeParam C - currency of the observations
 * @typeParam K - currency kept (the `currency` option), by default `C`
 * @param observations - trade observations, in any order
 * @param options - `by` (the split), the filter, the summing rules (`incomplete`, `negligibleAs`) and labels
 * @returns a record of series keyed by the `by` values joined with `|`
 * @throws {OptionsError} if `by` is empty or repeats a dimension, or `flow` is neither in `by` nor filtered
 * @throws {AggregateMixError} if a series would sum an aggregate with its members (see {@link toSeries})
 * @throws {UnitMismatchError} if a series would mix currencies or frequencies
 * @example
 * const { observations } = await loadDataset('eu-exports-monthly');
 * const set = toSeriesSet(observations, { by: ['partner'], reporter: 'EU27_2020', flow: 'export' });
 * Object.keys(set); // => ['AM', 'GE', 'KG', 'KZ', 'RU', 'UZ']
 * set.KG?.key; // => { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' }
 */
export function toSeriesSet<C extends Currency, K extends C = C>(
  observations: readonly TradeObservation<C>[],
  options: ToSeriesSetOptions<K>,
): SeriesSet<K> {
  const fn = 'toSeriesSet';
  const by = options.by;
  if (by.length === 0) throw new OptionsError(`${fn} requires at least one dimension in by`);
  if (new Set(by).size !== by.length) throw new OptionsError(`${fn} requires distinct dimensions in by`);
  if (options.flow === undefined && !by.includes('flow')) {
    throw new OptionsError(`${fn} requires flow, or 'flow' in by: exports and imports are never summed`);
  }
  const keep = compileFilter(options, fn);
  const groups = new Map<string, PanelObservation<K>[]>();
  for (const o of observations) {
    if (!keep(o)) continue;
    const id = by.length === 1 ? dimensionValue(o, by[0]!) : by.map((d) => dimensionValue(o, d)).join('|');
    let g = groups.get(id);
    if (g === undefined) {
      g = [];
      groups.set(id, g);
    }
    g.push(o as PanelObservation<K>);
  }
  const policy = policyOf(options);
  // Labels name summed dimensions only: a split dimension keeps each series' own code.
  const label: SeriesLabels = {};
  for (const d of ['reporter', 'partner', 'product'] as const) {
    const l = options.label?.[d];
    if (l !== undefined && !by.includes(d)) Object.assign(label, { [d]: l });
  }
  const out: Record<string, Series<K>> = {};
  for (const id of [...groups.keys()].sort()) {
    const g = groups.get(id)!;
    const flow = g[0]!.flow;
    const describe = `${describeFilter(options)}, ${by.join('|')} ${id}`;
    out[id] = buildSeries(g, keyOf(g, flow, label), policy, fn, describe);
  }
  return out;
}
