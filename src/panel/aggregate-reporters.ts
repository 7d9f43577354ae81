import { AggregateMixError, OptionsError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import type { TradeObservation } from '../model/observation.js';
import { aggregateCells } from './internal/cells.js';
import { isAggregateLike } from './internal/checks.js';
import { policyOf } from './internal/combine.js';
import type { PanelObservation, SumOptions } from './types.js';

/** Options of {@link aggregateReporters}. */
export interface AggregateReportersOptions extends SumOptions {
  /** The member reporters to sum, e.g. the 27 EU member states (country codes, never aggregates). */
  readonly members: readonly string[];
  /**
   * The reporter code of the result, e.g. `'EU27_SUM'`. It must not occur as a reporter in the input: summing
   * members into a code that is already there would put two values in one cell.
   */
  readonly as: string;
}

/**
 * Sum the observations of member reporters into one aggregate reporter (member states → EU), cell by cell
 * (partner × flow × product × period × currency × partner basis).
 *
 * Observations of reporters not in `members` are dropped. A member with no observation in a cell is not a part of
 * that cell's sum (no row = no trade in Comext). Parts without a value follow {@link SumOptions}: by default a
 * cell with a missing or confidential member is `null`; with `incomplete: 'lowerBound'` it sums the known members
 * and is marked `lowerBound` with a note. O(n).
 *
 * @param observations - observations of (at least) the members
 * @param options - `members`, `as`, and the summing rules
 * @returns one observation per cell of the aggregate, with `sources` listing every provenance id summed
 * @throws {AggregateMixError} if a member is an aggregate (or `as` itself), or `as` already occurs as a reporter
 * @throws {OptionsError} if `members` is empty or the input holds one cell twice
 * @example
 * const { observations } = await loadDataset('eu-exports-monthly');
 * const eu = aggregateReporters(observations, { members: EU27, as: 'EU27_SUM' });
 * toSeries(eu, { reporter: 'EU27_SUM', partner: 'KG', flow: 'export' }).values;
 * // equal, month by month, to the published EU27_2020 row
 */
export function aggregateReporters<C extends Currency>(
  observations: readonly TradeObservation<C>[],
  options: AggregateReportersOptions,
): PanelObservation<C>[] {
  const fn = 'aggregateReporters';
  const { members, as } = options;
  if (members.length === 0) throw new OptionsError(`${fn} requires at least one member`);
  if (as.trim() === '') throw new OptionsError(`${fn} requires a non-empty as`);
  for (const m of members) {
    if (m === as || isAggregateLike(m)) {
      throw new AggregateMixError(
        `${fn} refuses member ${m}: it is an aggregate, and would double count its members`,
      );
    }
  }
  const set = new Set(members);
  for (const o of observations) {
    if (o.reporter === as) {
      throw new AggregateMixError(
        `${fn} found reporter ${as} already in the input: summing members into it would double count (drop those rows or choose another as)`,
      );
    }
  }
  const policy = policyOf(options);
  const lowerNote = [`${fn} ${as}: lower bound (members with no value left out of the sum)`];
  const negNote = [`${fn} ${as}: negligible member values counted as zero`];
  return aggregateCells(
    observations as readonly PanelObservation<C>[],
    (o) => (set.has(o.reporter) ? { reporter: as } : undefined),
    policy,
    fn,
    (lower, neg) => [...(lower ? lowerNote : []), ...(neg ? negNote : [])],
  );
}
