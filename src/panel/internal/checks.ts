/**
 * Guards shared by the panel functions: aggregates summed with members, currencies and frequencies that differ.
 *
 * @module
 */
import { AggregateMixError, UnitMismatchError } from '../../errors.js';
import type { Currency } from '../../model/currency.js';
import type { Frequency } from '../../model/period.js';
import { isAggregate } from '../../reference/countries.js';

/**
 * Whether a code must be treated as an aggregate: a known aggregate (`EU27_2020`, `WORLD`, …) or any code that is
 * not a two-letter country code (e.g. a user's own `EU27_SUM` from `aggregateReporters`), since its members are
 * unknown here and summing it with a country could double count.
 */
export function isAggregateLike(code: string): boolean {
  return isAggregate(code) || !/^[A-Z]{2}$/.test(code);
}

/**
 * Refuse to sum several reporters (or partners) when one of them is an aggregate.
 *
 * @throws {AggregateMixError}
 */
export function checkCountryMix(fn: string, role: 'reporter' | 'partner', codes: Iterable<string>): void {
  const list = [...new Set(codes)].sort();
  if (list.length <= 1) return;
  const agg = list.find(isAggregateLike);
  if (agg === undefined) return;
  const other = list.find((c) => c !== agg)!;
  throw new AggregateMixError(
    `${fn} would sum ${role} ${agg} (an aggregate) with ${role} ${other}: filter the aggregate or its members`,
  );
}

/**
 * Refuse a set of currencies of more than one element.
 *
 * @throws {UnitMismatchError}
 */
export function checkOneCurrency(fn: string, currencies: Iterable<Currency>): Currency | undefined {
  const set = [...new Set(currencies)].sort();
  if (set.length > 1) {
    throw new UnitMismatchError(`${fn} requires one currency, got ${set.join(' and ')}: use convertCurrency`);
  }
  return set[0];
}

/**
 * Refuse a set of frequencies of more than one element.
 *
 * @throws {UnitMismatchError}
 */
export function checkOneFrequency(fn: string, frequencies: Iterable<Frequency>): Frequency | undefined {
  const set = [...new Set(frequencies)].sort();
  if (set.length > 1) {
    throw new UnitMismatchError(`${fn} requires one frequency, got ${set.join(' and ')}`);
  }
  return set[0];
}
