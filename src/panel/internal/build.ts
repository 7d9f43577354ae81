/**
 * Building one series from the observations that belong to it: checks, per-period sums, calendar, notes.
 * Shared by `toSeries` and `toSeriesSet` (which indexes the observations once and calls this per key).
 *
 * @module
 */
import { InsufficientDataError, OptionsError } from '../../errors.js';
import type { Currency } from '../../model/currency.js';
import type { Flow, TradeObservation } from '../../model/observation.js';
import type { Frequency } from '../../model/period.js';
import type { Product } from '../../model/product.js';
import type { Series, SeriesKey } from '../../model/series.js';
import type { PanelObservation, SeriesLabels } from '../types.js';
import { checkCountryMix, checkOneCurrency, checkOneFrequency } from './checks.js';
import { type Component, combine, type Policy } from './combine.js';
import { listPeriods, periodAt, periodInfo } from './periods.js';
import { checkProductMix, productLabel } from './products.js';

/** Compact list of codes for a note: `AT, BE, BG and 24 more`. */
export function listCodes(codes: readonly string[], max = 6): string {
  if (codes.length <= max) return codes.join(', ');
  return `${codes.slice(0, max).join(', ')} and ${codes.length - max} more`;
}

/**
 * Build one series. `observations` are already filtered to the series; this checks they may be summed, sums them
 * period by period under `policy`, fills the calendar from the first to the last period with `null`/`missing`,
 * and writes the notes.
 */
export function buildSeries<C extends Currency>(
  observations: readonly PanelObservation<C>[],
  key: SeriesKey,
  policy: Policy,
  fn: string,
  describe: string,
): Series<C> {
  if (observations.length === 0) {
    throw new InsufficientDataError(`${fn} found no observations matching ${describe}`);
  }
  const currencies = new Set<C>();
  const frequencies = new Set<Frequency>();
  const reporters = new Set<string>();
  const partners = new Set<string>();
  const flows = new Set<string>();
  const products = new Map<string, Product>();
  const indices = new Array<number>(observations.length);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < observations.length; i++) {
    const o = observations[i]!;
    currencies.add(o.currency);
    reporters.add(o.reporter);
    partners.add(o.partner);
    flows.add(o.flow);
    const label = productLabel(o.product);
    if (!products.has(label)) products.set(label, o.product);
    const info = periodInfo(o.period, fn);
    frequencies.add(info.frequency);
    indices[i] = info.index;
    if (info.index < lo) lo = info.index;
    if (info.index > hi) hi = info.index;
  }
  const currency = checkOneCurrency(fn, currencies) as C;
  const frequency = checkOneFrequency(fn, frequencies)!;
  if (flows.size > 1) {
    throw new OptionsError(`${fn} would sum exports with imports for ${describe}: filter one flow`);
  }
  checkCountryMix(fn, 'reporter', reporters);
  checkCountryMix(fn, 'partner', partners);
  checkProductMix(fn, products.values());

  // One observation per cell: a second one is a double count (two datasets concatenated, or both partner bases).
  const several = reporters.size > 1 || partners.size > 1 || products.size > 1;
  const seen = new Set<string>();
  const slots: (Component[] | undefined)[] = new Array(hi - lo + 1);
  const sources = new Set<string>();
  const obsNotes = new Set<string>();
  const negativeAt = new Set<string>();
  let negatives = 0;
  for (let i = 0; i < observations.length; i++) {
    const o = observations[i]!;
    const cell = several
      ? `${o.reporter}\u0000${o.partner}\u0000${productLabel(o.product)}\u0000${o.period}`
      : o.period;
    if (seen.has(cell)) {
      const basis = o.partnerBasis === undefined ? '' : ' (both partner bases? filter partnerBasis)';
      throw new OptionsError(
        `${fn} found two observations for ${o.reporter}→${o.partner} ${o.flow} ${productLabel(o.product)} ${o.period}${basis}: the input holds a cell twice`,
      );
    }
    seen.add(cell);
    const slot = indices[i]! - lo;
    let list = slots[slot];
    if (list === undefined) {
      list = [];
      slots[slot] = list;
    }
    list.push({ value: o.value, status: o.status, lowerBound: o.lowerBound });
    if (o.value !== null && o.value < 0) {
      negatives++;
      negativeAt.add(o.period);
    }
    if (o.sources !== undefined) for (const s of o.sources) sources.add(s);
    else sources.add(o.source);
    if (o.notes !== undefined) for (const n of o.notes) obsNotes.add(n);
  }

  const n = hi - lo + 1;
  const periods = new Array<string>(n);
  const values = new Array<number | null>(n);
  const status = new Array<Series['status'][number]>(n);
  const lowerBoundAt: string[] = [];
  const negligibleAt: string[] = [];
  for (let j = 0; j < n; j++) {
    const p = periodAt(lo + j, frequency);
    periods[j] = p;
    const list = slots[j];
    if (list === undefined) {
      values[j] = null;
      status[j] = 'missing';
      continue;
    }
    const c = combine(list, policy);
    values[j] = c.value;
    status[j] = c.status;
    if (c.lowerBound) lowerBoundAt.push(p);
    if (c.negligibleZero) negligibleAt.push(p);
  }

  const notes: string[] = [];
  if (reporters.size > 1)
    notes.push(`${fn}: sum over ${reporters.size} reporters (${listCodes([...reporters].sort())})`);
  if (partners.size > 1)
    notes.push(`${fn}: sum over ${partners.size} partners (${listCodes([...partners].sort())})`);
  if (products.size > 1)
    notes.push(`${fn}: sum over ${products.size} products (${listCodes([...products.keys()].sort())})`);
  notes.push(...[...obsNotes].sort());
  if (lowerBoundAt.length > 0) {
    notes.push(
      `${fn}: lower bound in ${listPeriods(lowerBoundAt)} (known parts summed; some parts missing, confidential or negligible)`,
    );
  }
  if (negatives > 0) {
    notes.push(
      `${fn}: ${negatives} negative value${negatives === 1 ? '' : 's'} (revisions or adjustments as published) ` +
        `summed in ${listPeriods([...negativeAt].sort())}`,
    );
  }
  if (negligibleAt.length > 0) {
    const units = new Set<number>();
    for (const o of observations)
      if (o.status === 'negligible' && o.roundingUnit !== undefined) units.add(o.roundingUnit);
    const unit = units.size > 0 ? ` (below the publisher's rounding unit of ${[...units].join(', ')})` : '';
    notes.push(`${fn}: negligible values${unit} counted as zero in ${listPeriods(negligibleAt)}`);
  }
  return {
    key,
    frequency,
    currency,
    periods,
    values,
    status,
    sources: [...sources].sort(),
    notes,
  };
}

/** `A`, or `A+B+C`, or `A+B+…(12)` for the key of a sum. */
export function joinLabel(labels: Iterable<string>): string {
  const list = [...new Set(labels)].sort();
  if (list.length <= 5) return list.join('+');
  return `${list.slice(0, 3).join('+')}+…(${list.length})`;
}

/** The key of a series built from some observations. */
export function keyOf(
  observations: readonly TradeObservation[],
  flow: Flow,
  label: SeriesLabels | undefined,
): SeriesKey {
  const reporters = new Set<string>();
  const partners = new Set<string>();
  const products = new Set<string>();
  for (const o of observations) {
    reporters.add(o.reporter);
    partners.add(o.partner);
    products.add(productLabel(o.product));
  }
  return {
    reporter: label?.reporter ?? joinLabel(reporters),
    partner: label?.partner ?? joinLabel(partners),
    flow,
    product: label?.product ?? joinLabel(products),
  };
}
